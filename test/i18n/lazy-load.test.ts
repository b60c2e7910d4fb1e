// An English page never downloads the shipped catalogs; another language downloads its own one only. (Its own page: nothing else may load a catalog first.)
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define.js';
import type { CreditBalance } from '../../src/components/credit-balance/credit-balance.js';
import { loadLocaleMessages } from '../../src/i18n/catalog.js';
import { readyClient } from '../../stories/fixtures.js';

// The dev server serves each module as a request: past the default 250 entries the browser would stop recording them.
performance.setResourceTimingBufferSize(5000);

function catalogRequests(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => /\/src\/i18n\/locales\//.test(path));
}

async function rendered(el: CreditBalance): Promise<void> {
  const started = Date.now();
  while (!el.shadowRoot!.querySelector('[part~="amount"]')) {
    if (Date.now() - started > 3000) throw new Error('balance not shown');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await el.updateComplete;
}

describe('loading catalogs', () => {
  afterEach(() => fixtureCleanup());

  it('fetches no catalog for English widgets', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div lang="en-GB"><credit-balance .client=${readyClient()}></credit-balance></div>`);
    const el = wrapper.querySelector<CreditBalance>('credit-balance')!;
    await rendered(el);
    expect(el.shadowRoot!.querySelector('[part~="label"]')!.textContent).to.equal('Available balance');
    expect(catalogRequests()).to.deep.equal([]);
  });

  it('fetches exactly the catalog of the language asked for, once', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div lang="de-AT"><credit-balance .client=${readyClient()}></credit-balance></div>`);
    const el = wrapper.querySelector<CreditBalance>('credit-balance')!;
    await rendered(el);
    // updateComplete waited for the catalog: no English in between for whoever awaits it.
    expect(el.shadowRoot!.querySelector('[part~="label"]')!.textContent).to.equal('Verfügbares Guthaben');
    await loadLocaleMessages('de-DE');
    // The German catalog is de.ts and the widget sections it imports (locales/<widget>/de.ts): German files only, each once.
    const requests = catalogRequests().map((path) => path.replace(/^.*\/src\/i18n\/locales\//, ''));
    expect(requests).to.include('de.ts');
    expect(
      requests.filter((path) => path.split('/').pop() !== 'de.ts'),
      'no other language',
    ).to.deep.equal([]);
    expect(new Set(requests).size, `each file once: ${requests.join(', ')}`).to.equal(requests.length);
  });
});
