// A widget in another language draws its first words in that language: its first render waits for the language's
// catalog, so no English is drawn and then replaced (which moved the text around it: 0.02 of layout shift in Arabic).
// Its own page: no other test may have loaded the French catalog first.
import { expect, fixtureCleanup } from '@open-wc/testing';
import '../../src/define.js';
import { readyClient } from '../../stories/fixtures.js';

describe('first words', () => {
  afterEach(() => fixtureCleanup());

  it('draws a French balance in French from its first render, skeleton included', async () => {
    const wrapper = document.createElement('div');
    wrapper.lang = 'fr-FR';
    document.body.append(wrapper);
    const el = document.createElement('credit-balance');
    el.client = readyClient();
    wrapper.append(el);
    // Every state the page could paint: a mutation observer runs before the browser's next task.
    const drawn: string[] = [];
    new MutationObserver(() => drawn.push(el.shadowRoot!.textContent.replace(/\s+/g, ' ').trim())).observe(el.shadowRoot!, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    const started = Date.now();
    while (!el.shadowRoot!.querySelector('[part~="amount"]')) {
      if (Date.now() - started > 5000) throw new Error('balance not shown');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await el.updateComplete;
    wrapper.remove();
    expect(drawn.length).to.be.greaterThan(0);
    expect(drawn.at(-1)).to.contain('Solde disponible');
    const english = drawn.filter((text) => /Available balance|Loading your balance|Add funds/.test(text));
    expect(english, `drawn in English first: ${english.join(' | ')}`).to.deep.equal([]);
  });
});
