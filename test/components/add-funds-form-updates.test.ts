// <billing-add-funds-form> draws each state once: mounting or dropping the card entry after a render (updated()) must
// not schedule another update (Lit's dev-mode "change-in-update" warning), and the loading hint is there meanwhile.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { AddFundsDialog } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { readyClient } from '../../stories/fixtures.js';
import { normalise, part, parts, until } from '../helpers/dom.js';

describe('<billing-add-funds-form> updates', () => {
  const warnings: string[] = [];
  const warn = console.warn;
  beforeEach(() => {
    warnings.length = 0;
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      warn.apply(console, args);
    };
  });
  afterEach(() => {
    console.warn = warn;
  });

  it('mounts the new card entry and drops it on closing without an update scheduled after an update', async () => {
    const provider = new TestCardPaymentProvider();
    const root = await fixture<HTMLElement>(
      html`<billing-provider .client=${readyClient({ updatedMinutesAgo: 0 })}
        ><add-funds-dialog .paymentProvider=${provider}></add-funds-dialog
      ></billing-provider>`,
    );
    const dialog = root.querySelector<AddFundsDialog>('add-funds-dialog')!;
    dialog.show();
    await until(() => parts(dialog, 'method').length > 0 && part(dialog, 'pay-button') !== null, 'form ready');
    const newCard = parts(dialog, 'method').find((method) => /new card/i.test(normalise(method.textContent)))!;
    newCard.querySelector('input')!.click();
    await dialog.updateComplete;
    // Drawn as loading in the same render that draws the box, before the provider answers.
    expect(normalise(part(dialog, 'new-card')?.textContent)).to.contain('Loading secure card entry');
    await until(() => (part(dialog, 'card-entry')?.childElementCount ?? 0) > 0, 'card entry mounted');
    await until(() => !normalise(part(dialog, 'new-card')?.textContent).includes('Loading secure card entry'), 'card entry ready');
    dialog.close();
    await dialog.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(warnings.filter((text) => text.includes('billing-add-funds-form') && text.includes('change-in-update'))).to.deep.equal([]);
  });
});
