// <auto-recharge-settings> in target-balance mode as a person meets it: choosing the mode with the keyboard, the target
// field and its messages, the summary, the charge-now warning (to the target, capped, still below the threshold), the
// attempt line, what Save sends, and a hostile backend (target mode without a target, a target below the threshold,
// garbage): a clear message, never NaN.
import { expect, fixtureCleanup } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { AutoRechargeSettings } from '../../src/client/schemas.js';
import type { AutoRechargeSettingsElement } from '../../src/components/auto-recharge-settings/auto-recharge-settings.js';
import { autoRechargeClient, part, typeAmount, untilPart } from '../../stories/auto-recharge-settings.stories.js';
import { normalise, until } from '../helpers/dom.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';
import { fieldError, input, partText, recordSaves, renderSettings, saveButton } from './auto-recharge-helpers.js';

const modeRadio = (el: AutoRechargeSettingsElement, mode: string) =>
  el.shadowRoot!.querySelector<HTMLInputElement>(`input[name="mode"][value="${mode}"]`)!;

/** A backend whose settings answer is replaced by `change` of the real one (after the fixture's setup). */
function hostile(change: (settings: AutoRechargeSettings) => unknown, options: Parameters<typeof autoRechargeClient>[0] = {}) {
  const client = autoRechargeClient(options);
  const read = client.getAutoRecharge.bind(client);
  client.getAutoRecharge = async (requestOptions) => change(await read(requestOptions)) as AutoRechargeSettings;
  return client;
}

function expectReadable(el: AutoRechargeSettingsElement): void {
  expect(normalise(el.shadowRoot!.textContent)).not.to.match(/NaN|undefined|null|\[object Object\]/);
}

describe('<auto-recharge-settings> target balance', () => {
  failOnUnhandledRejections(fixtureCleanup);

  it('switches mode with the keyboard only, saves the target, and says "bring it back up to"', async () => {
    const client = autoRechargeClient();
    const saves = recordSaves(client);
    const el = await renderSettings(client);
    part(el, 'switch')!.focus();
    await sendKeys({ press: 'Space' });
    await untilPart(el, 'form');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(modeRadio(el, 'fixed'));
    expect(part(el, 'mode')!.querySelector('legend')!.textContent).to.equal('How much to add');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(modeRadio(el, 'target'));
    expect(modeRadio(el, 'target').checked).to.equal(true);
    expect(input(el, 'rechargeAmount')).to.equal(null);
    expect(normalise(el.shadowRoot!.querySelector('label[for="field-targetBalance"]')?.textContent)).to.equal(
      'Bring the balance back up to',
    );
    expect(partText(el, 'summary')).to.equal('Fill in the amounts and choose a card to see what will happen.');
    expect(saveButton(el).disabled).to.equal(true);

    await sendKeys({ press: 'Tab' }); // the threshold
    await sendKeys({ press: 'Tab' }); // the target
    expect(el.shadowRoot!.activeElement).to.equal(input(el, 'targetBalance'));
    await sendKeys({ type: '60' });
    await el.updateComplete;
    expect(partText(el, 'summary')).to.equal("When your balance falls below $10.00, we'll bring it back up to $60.00 from Visa ••4242.");
    await sendKeys({ press: 'Enter' });
    await untilPart(el, 'saved-notice');
    expect(saves).to.have.length(1);
    expect(saves[0]).to.include({ mode: 'target', enabled: true });
    expect(saves[0]!.targetBalance).to.deep.equal({ amount: 6000, currency: 'USD' });
    // The fixed amount is kept for switching back.
    expect(saves[0]!.rechargeAmount).to.deep.equal({ amount: 5000, currency: 'USD' });
    const stored = await client.getAutoRecharge();
    expect([stored.mode, stored.targetBalance?.amount]).to.deep.equal(['target', 6000]);

    // Back to fixed with the arrow keys: the saved amount returns, the target is kept.
    modeRadio(el, 'target').focus();
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(input(el, 'rechargeAmount').value).to.equal('50.00');
    expect(partText(el, 'summary')).to.equal("When your balance falls below $10.00, we'll add $50.00 from Visa ••4242.");
    await expect(el).to.be.accessible();
  });

  it('refuses a target not above the threshold at the field, with the threshold named', async () => {
    const el = await renderSettings(autoRechargeClient({ enabled: true, target: 5000 }));
    await typeAmount(el, 'targetBalance', '10');
    expect(fieldError(el, 'targetBalance')).to.equal('The target balance must be more than the threshold ($10.00).');
    expect(input(el, 'targetBalance').getAttribute('aria-invalid')).to.equal('true');
    expect(saveButton(el).disabled).to.equal(true);
    await typeAmount(el, 'targetBalance', '');
    expect(fieldError(el, 'targetBalance')).to.equal('Enter an amount.');
    await typeAmount(el, 'targetBalance', '1000.01');
    expect(fieldError(el, 'targetBalance')).to.equal('Bring the balance back up to must be between $10.00 and $1,000.00.');
    await typeAmount(el, 'targetBalance', '10.01');
    expect(fieldError(el, 'targetBalance')).to.equal('');
    expect(saveButton(el).disabled).to.equal(false);
  });

  it('shows each mode in the cap hint and the summary', async () => {
    const el = await renderSettings(autoRechargeClient({ enabled: true, target: 5000, monthlyCap: 20000 }));
    expect(partText(el, 'summary')).to.equal(
      "When your balance falls below $10.00, we'll bring it back up to $50.00 from Visa ••4242. At most $200.00 a month.",
    );
    expect(normalise(el.shadowRoot!.querySelector('#field-monthlyCap-hint')?.textContent)).to.equal(
      'A recharge that would go past this amount in a calendar month adds only what is left of it.',
    );
    modeRadio(el, 'fixed').click();
    await el.updateComplete;
    expect(normalise(el.shadowRoot!.querySelector('#field-monthlyCap-hint')?.textContent)).to.equal(
      'Recharges that would go past this amount in a calendar month are skipped.',
    );
  });

  describe('the charge-now warning', () => {
    it('target mode: charges the gap and names the balance it leaves', async () => {
      const el = await renderSettings(autoRechargeClient({ startingBalance: 750, target: 5000, enabled: false }));
      part(el, 'switch')!.click();
      await untilPart(el, 'form');
      modeRadio(el, 'target').click();
      await typeAmount(el, 'targetBalance', '50');
      expect(partText(el, 'warning')).to.equal(
        'Your balance ($7.50) is already below $10.00: saving will charge $42.50 to Visa ••4242 right away, bringing it to $50.00.',
      );
    });

    it('target mode: says when the monthly cap limits the charge, and that the balance stays below', async () => {
      const el = await renderSettings(autoRechargeClient({ startingBalance: 750, target: 5000, monthlyCap: 1000 }));
      part(el, 'switch')!.click();
      await untilPart(el, 'warning');
      expect(partText(el, 'warning')).to.equal(
        'Your balance ($7.50) is already below $10.00: saving will charge $10.00 to Visa ••4242 right away, bringing it to $17.50. ' +
          'The $10.00 monthly cap limits this charge.',
      );
      await typeAmount(el, 'thresholdAmount', '20');
      expect(partText(el, 'warning')).to.contain('Your balance will then be $17.50, still below $20.00. Add funds, or raise the amount.');
    });

    it('fixed mode: adds the follow-up when the balance would still be below the threshold, and not otherwise', async () => {
      const el = await renderSettings(autoRechargeClient({ startingBalance: -6000 }));
      part(el, 'switch')!.click();
      await untilPart(el, 'warning');
      expect(partText(el, 'warning')).to.equal(
        'Your balance (-$60.00) is already below $10.00: saving will charge $50.00 to Visa ••4242 right away. ' +
          'Your balance will then be -$10.00, still below $10.00. Add funds, or raise the amount.',
      );
      await typeAmount(el, 'rechargeAmount', '70');
      expect(partText(el, 'warning')).to.equal(
        'Your balance (-$60.00) is already below $10.00: saving will charge $70.00 to Visa ••4242 right away.',
      );
      expectReadable(el);
    });

    it('says nothing will be charged when this month’s cap is used up', async () => {
      const el = await renderSettings(
        autoRechargeClient({ enabled: true, target: 5000, monthlyCap: 4000, startingBalance: 1500, history: { succeeded: 1 } }),
      );
      expect(partText(el, 'warning')).to.equal(
        "Your balance ($1.00) is already below $10.00, but this month's recharges have reached the $40.00 cap: nothing will be charged until next month.",
      );
    });
  });

  it('lists a target-mode attempt with its target and what limited it', async () => {
    const el = await renderSettings(
      autoRechargeClient({ enabled: true, target: 5000, monthlyCap: 4000, startingBalance: 1500, history: { succeeded: 1 } }),
    );
    const attempt = part(el, 'attempt')!;
    expect(normalise(attempt.querySelector('.attempt-amount')?.textContent)).to.equal('$40.00');
    expect(normalise(attempt.querySelector('.attempt-target')?.textContent)).to.equal('to reach $50.00 · limited by the monthly cap');
  });

  it('is worded in German and Arabic (right to left) with no English left', async () => {
    const de = await renderSettings(autoRechargeClient({ enabled: true, target: 5000 }), 'de-DE');
    expect(partText(de, 'summary')).to.equal(
      'Sobald Ihr Guthaben unter 10,00 $ fällt, füllen wir es von Visa ••4242 wieder auf 50,00 $ auf.',
    );
    const ar = await renderSettings(autoRechargeClient({ enabled: true, target: 5000 }), 'ar');
    expect(normalise(part(ar, 'mode')!.textContent)).to.contain('ما يكفي لبلوغ رصيد مستهدف');
    expect(ar.getAttribute('dir')).to.equal('rtl');
  });

  describe('a hostile backend', () => {
    it('target mode without a target: the error state with its message and Try again, never a blank or NaN', async () => {
      const el = await renderSettings(
        hostile((settings) => ({ ...settings, mode: 'target', targetBalance: null })),
        'en-US',
        'retry-button',
      );
      expect(partText(el, 'error')).to.equal("The billing service sent data we couldn't read.");
      expectReadable(el);
    });

    it('a target below the threshold, on: the form shows why at once and will not save it', async () => {
      const client = hostile((settings) => ({ ...settings, mode: 'target', targetBalance: { amount: 500, currency: 'USD' } }), {
        enabled: true,
      });
      const saves = recordSaves(client);
      const el = await renderSettings(client);
      expect(fieldError(el, 'targetBalance')).to.equal('The target balance must be more than the threshold ($10.00).');
      expect(partText(el, 'summary')).to.equal('Fill in the amounts and choose a card to see what will happen.');
      (part(el, 'save-button') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(saves).to.deep.equal([]);
      expectReadable(el);
    });

    for (const [name, change] of [
      ['an unknown mode', (settings: AutoRechargeSettings) => ({ ...settings, mode: 'percent' })],
      [
        'a fractional target',
        (settings: AutoRechargeSettings) => ({ ...settings, mode: 'target', targetBalance: { amount: 12.5, currency: 'USD' } }),
      ],
      ['a target as text', (settings: AutoRechargeSettings) => ({ ...settings, mode: 'target', targetBalance: '50' })],
      [
        'an attempt limited by something unknown',
        (settings: AutoRechargeSettings) => ({
          ...settings,
          recentAttempts: [
            {
              id: 'arc_1',
              at: settings.updatedAt,
              amount: { amount: 1, currency: 'USD' },
              paymentMethodId: null,
              outcome: 'succeeded',
              failureMessage: null,
              limitedBy: 'luck',
            },
          ],
        }),
      ],
    ] as const) {
      it(`${name}: the error state, never NaN`, async () => {
        const el = await renderSettings(hostile(change), 'en-US', 'retry-button');
        await until(() => partText(el, 'error') !== '');
        expect(partText(el, 'error')).to.equal("The billing service sent data we couldn't read.");
        expectReadable(el);
      });
    }
  });
});
