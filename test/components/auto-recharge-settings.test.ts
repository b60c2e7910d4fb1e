// <auto-recharge-settings> as a person meets it: validation limits, saving, conflicts between two editors, recharges, keyboard, live region and axe.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../../src/define.js';
import { BillingError } from '../../src/client/errors.js';
import { BillingStore } from '../../src/store/billing-store.js';
import { cardMissingProblem } from '../../src/rules/api-messages.js';
import { AutoRechargeSettingsElement } from '../../src/components/auto-recharge-settings/auto-recharge-settings.js';
import { AutoRechargeSavedEvent } from '../../src/components/auto-recharge-settings/events.js';
import { validateDraft, type AutoRechargeDraft } from '../../src/components/auto-recharge-settings/validation.js';
import type { CreditBalance } from '../../src/components/credit-balance/credit-balance.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import * as stories from '../../stories/auto-recharge-settings.stories.js';
import {
  VISA,
  autoRechargeClient,
  part,
  typeAmount,
  untilPart,
  type AutoRechargeFixtureClient,
} from '../../stories/auto-recharge-settings.stories.js';
import { normalise, until } from '../helpers/dom.js';
import { renderStory } from '../helpers/story.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';
import { fieldError, input, partText, recordSaves, renderSettings, saveButton, settle } from './auto-recharge-helpers.js';

const EXPENSIVE_CALL = { destinationCountry: 'AE', durationSeconds: 7200 } as const;

function liveRegion(el: AutoRechargeSettingsElement): string {
  return normalise(el.shadowRoot!.querySelector('[aria-live="polite"]')?.textContent);
}

async function turnOn(el: AutoRechargeSettingsElement): Promise<void> {
  (await untilPart(el, 'switch')).click();
  await untilPart(el, 'form');
}

/** Auto-recharge whose "Add a card" code cannot be downloaded while `offline`: a lost connection or a missing chunk. */
class OfflineAddCardSettings extends AutoRechargeSettingsElement {
  offline = true;
  protected override loadAddCard(): ReturnType<AutoRechargeSettingsElement['loadAddCard']> {
    return this.offline ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : super.loadAddCard();
  }
}
if (!customElements.get('offline-add-card-settings')) customElements.define('offline-add-card-settings', OfflineAddCardSettings);

describe('<auto-recharge-settings>', () => {
  failOnUnhandledRejections(fixtureCleanup);

  describe('validation', () => {
    it('warns that saving charges now only when the balance is strictly below the threshold', async () => {
      const atThreshold = await renderSettings(autoRechargeClient({ startingBalance: 1000 }));
      await turnOn(atThreshold);
      expect(part(atThreshold, 'warning')).to.equal(null);
      expect(saveButton(atThreshold).disabled).to.equal(false);

      const below = await renderSettings(autoRechargeClient({ startingBalance: 999 }));
      await turnOn(below);
      expect(partText(below, 'warning')).to.equal(
        'Your balance ($9.99) is already below $10.00: saving will charge $50.00 to Visa ••4242 right away.',
      );
      await expect(below).to.be.accessible();
    });

    it('accepts the account minimum and maximum and names them when an amount is outside', async () => {
      const el = await renderSettings(autoRechargeClient({ enabled: true }));
      await typeAmount(el, 'rechargeAmount', '9.99');
      expect(fieldError(el, 'rechargeAmount')).to.equal('Add this amount must be between $10.00 and $1,000.00.');
      expect(saveButton(el).disabled).to.equal(true);
      await typeAmount(el, 'rechargeAmount', '10.00');
      expect(fieldError(el, 'rechargeAmount')).to.equal('');
      expect(saveButton(el).disabled).to.equal(false);
      await typeAmount(el, 'rechargeAmount', '1,000.00');
      expect(fieldError(el, 'rechargeAmount')).to.equal('');
      await typeAmount(el, 'rechargeAmount', '1000.01');
      expect(fieldError(el, 'rechargeAmount')).to.equal('Add this amount must be between $10.00 and $1,000.00.');
      await typeAmount(el, 'rechargeAmount', '0');
      expect(fieldError(el, 'rechargeAmount')).to.equal('The recharge amount must be more than zero.');
      await typeAmount(el, 'thresholdAmount', '5');
      expect(fieldError(el, 'thresholdAmount')).to.equal('When the balance falls below must be between $10.00 and $1,000.00.');
      expect(input(el, 'rechargeAmount').getAttribute('aria-invalid')).to.equal('true');
      expect(input(el, 'rechargeAmount').getAttribute('aria-describedby')).to.contain('field-rechargeAmount-error');
      await expect(el).to.be.accessible();
    });

    it('refuses decimals a currency does not have: JPY none, KWD three', async () => {
      const yen = await renderSettings(autoRechargeClient({ enabled: true, currency: 'JPY' }));
      expect(input(yen, 'rechargeAmount').value).to.equal('5000');
      await typeAmount(yen, 'rechargeAmount', '5000.5');
      expect(fieldError(yen, 'rechargeAmount')).to.equal('JPY amounts have no decimal places.');
      await typeAmount(yen, 'rechargeAmount', '6000');
      expect(fieldError(yen, 'rechargeAmount')).to.equal('');
      expect(partText(yen, 'summary')).to.equal("When your balance falls below ¥1,000, we'll add ¥6,000 from Visa ••4242.");

      const dinar = await renderSettings(autoRechargeClient({ enabled: true, currency: 'KWD' }));
      await typeAmount(dinar, 'rechargeAmount', '60.1234');
      expect(fieldError(dinar, 'rechargeAmount')).to.equal('KWD amounts have at most 3 decimal places.');
      await typeAmount(dinar, 'rechargeAmount', '60.125');
      expect(fieldError(dinar, 'rechargeAmount')).to.equal('');
      expect(partText(dinar, 'summary')).to.contain('KWD 60.125');
    });

    it('asks for a monthly cap of at least the recharge amount, and only where the backend offers one', async () => {
      const el = await renderSettings(autoRechargeClient({ enabled: true }));
      const capBox = el.shadowRoot!.querySelector<HTMLInputElement>('.cap input[type="checkbox"]')!;
      capBox.click();
      await el.updateComplete;
      await typeAmount(el, 'monthlyCap', '49.99');
      expect(fieldError(el, 'monthlyCap')).to.equal('The monthly cap must be at least the recharge amount ($50.00).');
      await typeAmount(el, 'monthlyCap', '200');
      expect(partText(el, 'summary')).to.equal(
        "When your balance falls below $10.00, we'll add $50.00 from Visa ••4242. At most $200.00 a month.",
      );

      const noCap = await renderSettings(autoRechargeClient({ enabled: true, monthlyCapSupported: false }));
      expect(noCap.shadowRoot!.querySelector('.cap')).to.equal(null);
    });

    it('points the summary at an empty cap when the amounts and the card are filled in', async () => {
      const el = await renderSettings(autoRechargeClient({ enabled: true }));
      el.shadowRoot!.querySelector<HTMLInputElement>('.cap input[type="checkbox"]')!.click();
      await el.updateComplete;
      expect(partText(el, 'summary')).to.equal('Enter a monthly cap, or untick the limit, to see what will happen.');
      await typeAmount(el, 'monthlyCap', '49.99');
      expect(partText(el, 'summary')).to.equal('Enter a monthly cap, or untick the limit, to see what will happen.');
      // With an amount missing as well, the general sentence stays: the cap is not the only thing left.
      await typeAmount(el, 'rechargeAmount', '');
      expect(partText(el, 'summary')).to.equal('Fill in the amounts and choose a card to see what will happen.');

      const german = await renderSettings(autoRechargeClient({ enabled: true }), 'de-DE');
      german.shadowRoot!.querySelector<HTMLInputElement>('.cap input[type="checkbox"]')!.click();
      await german.updateComplete;
      expect(partText(german, 'summary')).to.contain('monatliches Limit');
    });

    it('lists an expired card but does not let it be chosen', async () => {
      const el = await renderSettings(autoRechargeClient({ enabled: true }));
      const options = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="card-option"]')];
      expect(options.map((option) => normalise(option.textContent).split(' Expire')[0])).to.deep.equal([
        'Visa ••4242 Default',
        'Mastercard ••4444',
      ]);
      expect(normalise(options[1]!.textContent)).to.match(/Expired \d{2}\/\d{4}/);
      expect(options[1]!.querySelector('input')!.disabled).to.equal(true);
    });

    it('checks a draft without a DOM: strict threshold, limits and digits', () => {
      const limits = {
        minimum: { amount: 1000, currency: 'USD' },
        maximum: { amount: 100000, currency: 'USD' },
        presets: [],
      };
      const card = { id: VISA, type: 'card' as const, brand: 'visa', last4: '4242', expMonth: 12, expYear: 2999, isDefault: true };
      const draft: AutoRechargeDraft = {
        enabled: true,
        mode: 'fixed',
        thresholdText: '10.00',
        rechargeText: '50.00',
        targetText: '',
        paymentMethodId: VISA,
        capEnabled: false,
        capText: '',
      };
      const context = (balance: number) => ({
        currency: 'USD',
        locale: 'en-US',
        limits,
        paymentMethods: [card],
        monthlyCapSupported: true,
        balance: { amount: balance, currency: 'USD' },
        now: new Date(),
        saved: { rechargeAmount: { amount: 5000, currency: 'USD' }, targetBalance: null },
      });
      expect(validateDraft(draft, context(1000)).chargesNow).to.equal(false);
      expect(validateDraft(draft, context(999)).chargesNow).to.equal(true);
      expect(validateDraft({ ...draft, enabled: false }, context(0)).chargesNow).to.equal(false);
      expect(validateDraft({ ...draft, rechargeText: '1e3' }, context(5000)).problems.rechargeAmount).to.deep.equal({
        kind: 'not_a_number',
      });
      expect(validateDraft({ ...draft, paymentMethodId: null }, context(5000)).problems.paymentMethodId).to.deep.equal({
        kind: 'card_required',
      });
      // Off: kept for later, so the limits do not apply yet.
      expect(validateDraft({ ...draft, enabled: false, rechargeText: '1' }, context(5000)).values).to.not.equal(null);
    });
  });

  describe('saving', () => {
    it('enables Save only when changed and valid, shows unsaved changes, and sends the version it read', async () => {
      const client = autoRechargeClient({ enabled: true });
      const saves = recordSaves(client);
      const el = await renderSettings(client);
      const version = (await client.getAutoRecharge()).version;
      expect(saveButton(el).disabled).to.equal(true);
      expect(part(el, 'unsaved')).to.equal(null);
      await typeAmount(el, 'rechargeAmount', '50');
      expect(saveButton(el).disabled, '"50" is the saved $50.00').to.equal(true);
      await typeAmount(el, 'rechargeAmount', '75');
      expect(partText(el, 'unsaved')).to.equal('Unsaved changes');
      const events: AutoRechargeSavedEvent[] = [];
      document.addEventListener('billing-auto-recharge-saved', (event) => events.push(event), { once: true });
      saveButton(el).click();
      await el.updateComplete;
      expect(normalise(saveButton(el).textContent)).to.equal('Saving…');
      expect(saveButton(el).disabled).to.equal(true);
      await untilPart(el, 'saved-notice');
      expect(saves).to.have.length(1);
      expect(saves[0]).to.deep.include({ expectedVersion: version, enabled: true });
      expect(saves[0]!.rechargeAmount).to.deep.equal({ amount: 7500, currency: 'USD' });
      expect(events).to.have.length(1);
      expect(events[0]).to.be.instanceOf(AutoRechargeSavedEvent);
      expect(events[0]!.settings.rechargeAmount.amount).to.equal(7500);
      expect(partText(el, 'saved-notice')).to.equal('Automatic recharge saved.');
      expect(liveRegion(el)).to.equal('Automatic recharge saved.');
      expect(part(el, 'unsaved')).to.equal(null);
    });

    it('turns off at once without asking, and turning back on restores the last values', async () => {
      const client = autoRechargeClient({ enabled: true, monthlyCap: 20000 });
      const saves = recordSaves(client);
      const el = await renderSettings(client);
      (await untilPart(el, 'switch')).click();
      await until(() => saves.length === 1 && part(el, 'form') === null && !!part(el, 'saved-notice'));
      expect(saves[0]).to.deep.include({ enabled: false });
      expect((await client.getAutoRecharge()).enabled).to.equal(false);
      expect(part(el, 'switch')!.getAttribute('aria-checked')).to.equal('false');
      expect(liveRegion(el)).to.equal('Automatic recharge is off.');

      await turnOn(el);
      expect(input(el, 'rechargeAmount').value).to.equal('50.00');
      expect(input(el, 'monthlyCap').value).to.equal('200.00');
      expect(saves).to.have.length(1);
      expect(saveButton(el).disabled).to.equal(false);
    });

    it('drops its "saved" notice once newer settings replace the ones it saved (the card removed elsewhere)', async () => {
      const client = autoRechargeClient({ enabled: true });
      await client.whenReady;
      const el = await renderSettings(client);
      await typeAmount(el, 'rechargeAmount', '75');
      saveButton(el).click();
      await untilPart(el, 'saved-notice');
      const { paymentMethodId } = await client.getAutoRecharge();
      // Another tab removes the card auto-recharge charges: the backend turns it off, and the store reads that.
      await BillingStore.for(client).removePaymentMethod(paymentMethodId!);
      await until(() => part(el, 'disabled-banner') !== null, 'the turned-off banner');
      expect(part(el, 'saved-notice'), 'the notice about the earlier save').to.equal(null);
    });

    it('says why a save failed and lets the person try again', async () => {
      const client = autoRechargeClient({ enabled: true });
      await client.whenReady;
      client.failNext('saveAutoRecharge', 1, 'unavailable');
      const el = await renderSettings(client);
      await typeAmount(el, 'rechargeAmount', '75');
      saveButton(el).click();
      await untilPart(el, 'error');
      expect(partText(el, 'error')).to.equal(
        "We couldn't save your changes. The billing service is temporarily unavailable. Try again in a moment.",
      );
      expect(saveButton(el).disabled).to.equal(false);
      saveButton(el).click();
      await untilPart(el, 'saved-notice');
      expect(part(el, 'error')).to.equal(null);
      expect((await client.getAutoRecharge()).rechargeAmount.amount).to.equal(7500);
    });

    it('shows the field errors the backend sends back', async () => {
      const client = autoRechargeClient({ enabled: true });
      await client.whenReady;
      const el = await renderSettings(client);
      // Another editor removed the card between the read and the save (the form still lists it).
      client.saveAutoRecharge = () =>
        Promise.reject(
          new BillingError('validation', {
            message: 'That card is no longer saved on this account. Choose another card.',
            details: { fieldErrors: { paymentMethodId: 'That card is no longer saved on this account. Choose another card.' } },
          }),
        );
      await typeAmount(el, 'rechargeAmount', '75');
      saveButton(el).click();
      await until(() => !!el.shadowRoot!.querySelector('#cards-error'));
      expect(normalise(el.shadowRoot!.querySelector('#cards-error')!.textContent)).to.equal(
        'That card is no longer saved on this account. Choose another card.',
      );
    });

    it("words the backend's refusal in the widget's language, at the field and in the error", async () => {
      const client = autoRechargeClient({ enabled: true });
      await client.whenReady;
      const el = await renderSettings(client, 'de-DE');
      // The refusal as the mock and the reference server send it: English text, and the rule's key beside it.
      const refusal = cardMissingProblem();
      client.saveAutoRecharge = () =>
        Promise.reject(new BillingError('validation', { ...refusal, details: { fieldErrors: { paymentMethodId: refusal.message } } }));
      await typeAmount(el, 'rechargeAmount', '75');
      saveButton(el).click();
      await until(() => !!el.shadowRoot!.querySelector('#cards-error'));
      const german = 'Diese Karte ist nicht mehr für dieses Konto gespeichert. Wählen Sie eine andere Karte.';
      expect(normalise(el.shadowRoot!.querySelector('#cards-error')!.textContent)).to.equal(german);
      expect(partText(el, 'error')).to.contain(german);
    });

    it('updates the auto-recharge badge of a <credit-balance> on the same page', async () => {
      const client = autoRechargeClient();
      const provider = await fixture(
        html`<billing-provider .client=${client}>
          <credit-balance></credit-balance>
          <auto-recharge-settings locale="en-US"></auto-recharge-settings>
        </billing-provider>`,
      );
      const balance = provider.querySelector('credit-balance') as CreditBalance;
      const el = provider.querySelector('auto-recharge-settings') as AutoRechargeSettingsElement;
      await untilPart(el, 'summary');
      const badge = () => normalise(balance.shadowRoot!.querySelector('[part~="badge"]')?.textContent);
      await until(() => badge() !== '');
      expect(badge()).to.equal('Auto-recharge off');
      await turnOn(el);
      saveButton(el).click();
      await until(() => badge() === 'Auto-recharge on: adds $50.00 when below $10.00');
    });
  });

  describe('two people editing at once', () => {
    async function twoForms(): Promise<{
      client: AutoRechargeFixtureClient;
      first: AutoRechargeSettingsElement;
      second: AutoRechargeSettingsElement;
    }> {
      const client = autoRechargeClient({ enabled: true });
      const page = await fixture(
        html`<div>
          <auto-recharge-settings id="first" locale="en-US" .client=${client}></auto-recharge-settings>
          <auto-recharge-settings id="second" locale="en-US" .client=${client}></auto-recharge-settings>
        </div>`,
      );
      const first = page.querySelector<AutoRechargeSettingsElement>('#first')!;
      const second = page.querySelector<AutoRechargeSettingsElement>('#second')!;
      await untilPart(first, 'form');
      await untilPart(second, 'form');
      // Both start editing the same version.
      await typeAmount(first, 'rechargeAmount', '75');
      await typeAmount(second, 'rechargeAmount', '25');
      await typeAmount(second, 'thresholdAmount', '20');
      saveButton(first).click();
      await untilPart(first, 'saved-notice');
      await settle(first, second);
      // The second form kept its edits: nothing it shows was replaced under it.
      expect(input(second, 'rechargeAmount').value).to.equal('25');
      saveButton(second).click();
      await untilPart(second, 'conflict');
      return { client, first, second };
    }

    it('shows their values next to yours and saves nothing until the person chooses', async () => {
      const { client, second } = await twoForms();
      const rows = [...part(second, 'conflict')!.querySelectorAll('tbody tr')].map((row) =>
        [...row.children].map((cell) => normalise(cell.textContent)),
      );
      expect(rows).to.deep.include(['Add this amount', '$75.00', '$25.00']);
      expect(rows).to.deep.include(['When the balance falls below', '$10.00', '$20.00']);
      const stored = await client.getAutoRecharge();
      expect(stored.rechargeAmount.amount).to.equal(7500);
      expect(saveButton(second).disabled).to.equal(true);
      await expect(second).to.be.accessible();
    });

    it('"Keep mine" saves yours over theirs, knowingly', async () => {
      const { client, first, second } = await twoForms();
      const keepMine = [...part(second, 'conflict')!.querySelectorAll('button')].find(
        (button) => normalise(button.textContent) === 'Keep mine',
      )!;
      keepMine.click();
      await untilPart(second, 'saved-notice');
      const stored = await client.getAutoRecharge();
      expect(stored.rechargeAmount.amount).to.equal(2500);
      expect(stored.thresholdAmount.amount).to.equal(2000);
      expect(part(second, 'conflict')).to.equal(null);
      // The first form had no edits left, so it shows the newest settings.
      await until(() => input(first, 'rechargeAmount').value === '25.00');
    });

    it('"Use theirs" shows their settings and saves nothing', async () => {
      const { client, second } = await twoForms();
      const saves = recordSaves(client);
      const useTheirs = [...part(second, 'conflict')!.querySelectorAll('button')].find(
        (button) => normalise(button.textContent) === 'Use theirs',
      )!;
      useTheirs.click();
      await second.updateComplete;
      expect(part(second, 'conflict')).to.equal(null);
      expect(input(second, 'rechargeAmount').value).to.equal('75.00');
      expect(input(second, 'thresholdAmount').value).to.equal('10.00');
      expect(part(second, 'unsaved')).to.equal(null);
      expect(saves).to.have.length(0);
    });

    it('a conflict answer without their settings shows theirs as the store read them afresh', async () => {
      const client = autoRechargeClient({ enabled: true });
      const el = await renderSettings(client);
      await untilPart(el, 'form');
      await typeAmount(el, 'rechargeAmount', '25');
      const read = await client.getAutoRecharge();
      await client.saveAutoRecharge({
        enabled: true,
        thresholdAmount: read.thresholdAmount,
        rechargeAmount: { ...read.rechargeAmount, amount: 7500 },
        paymentMethodId: read.paymentMethodId,
        monthlyCap: read.monthlyCap,
        expectedVersion: read.version,
      });
      // A backend whose conflict carries no `current`: the form must not guess, nor show the version it read.
      client.saveAutoRecharge = () => Promise.reject(new BillingError('conflict', { message: 'Version mismatch.' }));
      saveButton(el).click();
      await untilPart(el, 'conflict');
      const rows = [...part(el, 'conflict')!.querySelectorAll('tbody tr')].map((row) =>
        [...row.children].map((cell) => normalise(cell.textContent)),
      );
      expect(rows).to.deep.include(['Add this amount', '$75.00', '$25.00']);
      expect(part(el, 'error')).to.equal(null);
    });
  });

  describe('automatic recharges', () => {
    it('a usage burst that crosses the threshold makes exactly one recharge, listed with its outcome', async () => {
      const client = autoRechargeClient({ enabled: true, startingBalance: 1500 });
      const el = await renderSettings(client);
      expect(partText(el, 'attempts')).to.equal('Recent automatic recharges No automatic recharges yet.');
      client.simulateUsage([EXPENSIVE_CALL, EXPENSIVE_CALL, { destinationCountry: 'GB', durationSeconds: 60 }]);
      expect(client.charges.filter((charge) => charge.kind === 'auto_recharge')).to.have.length(1);
      await until(() => el.shadowRoot!.querySelectorAll('.attempt').length === 1);
      const attempt = normalise(el.shadowRoot!.querySelector('.attempt')!.textContent);
      expect(attempt).to.match(/^\$50\.00 Visa ••4242 .+ Succeeded$/);
      const time = el.shadowRoot!.querySelector<HTMLTimeElement>('.attempt time')!;
      const [recorded] = (await client.getAutoRecharge()).recentAttempts;
      expect(Date.parse(time.dateTime)).to.equal(Date.parse(recorded!.at));
      // The viewer's own zone and language: what Intl gives this browser for that instant.
      expect(normalise(time.textContent)).to.equal(
        normalise(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(recorded!.at))),
      );
    });

    it('lists declines and skips, and explains when the backend turned recharge off', async () => {
      const failing = await renderSettings(
        autoRechargeClient({ enabled: true, startingBalance: 1500, history: { succeeded: 1, failures: 2 } }),
      );
      expect([...failing.shadowRoot!.querySelectorAll('.outcome')].map((node) => normalise(node.textContent))).to.deep.equal([
        'Failed',
        'Failed',
        'Succeeded',
      ]);
      expect(normalise(failing.shadowRoot!.querySelector('.attempt-message')?.textContent)).to.equal('Your card has insufficient funds.');

      const disabled = await renderSettings(autoRechargeClient({ startingBalance: 1500, history: { failures: 3 } }));
      expect(partText(disabled, 'disabled-banner')).to.equal(
        'Automatic recharge was turned off. Automatic recharge was turned off after 3 failed payments with Visa ••4242. Update the card and turn it back on. To fix it, choose a card that works (or add one), then turn automatic recharge on and save.',
      );
      expect(part(disabled, 'switch')!.getAttribute('aria-checked')).to.equal('false');

      const capped = autoRechargeClient({ enabled: true, startingBalance: 1500, monthlyCap: 5000 });
      const el = await renderSettings(capped);
      capped.simulateUsage([EXPENSIVE_CALL]);
      capped.simulateUsage([EXPENSIVE_CALL]);
      await until(() => el.shadowRoot!.querySelectorAll('.attempt').length === 2);
      expect(normalise(el.shadowRoot!.querySelector('.outcome')!.textContent)).to.equal('Skipped');
      expect(normalise(el.shadowRoot!.querySelector('.attempt-message')!.textContent)).to.contain('monthly cap');
    });

    it('says so when "Add a card" cannot load its code, keeps the button, and a second press loads it', async () => {
      const client = autoRechargeClient({ enabled: true });
      const el = await fixture<OfflineAddCardSettings>(
        html`<offline-add-card-settings
          locale="en-US"
          .client=${client}
          .paymentProvider=${new TestCardPaymentProvider()}
        ></offline-add-card-settings>`,
      );
      (await untilPart(el, 'add-card-button')).click();
      await until(() => !!el.shadowRoot!.querySelector('.cards [role="alert"]'), 'the load failure');
      expect(normalise(el.shadowRoot!.querySelector('.cards [role="alert"]')!.textContent)).to.equal(
        'We could not reach the billing service. Check your connection and try again.',
      );
      expect(part(el, 'card-entry')).to.equal(null);
      el.offline = false;
      part(el, 'add-card-button')!.click();
      const entry = await untilPart(el, 'card-entry');
      await until(() => !!entry.querySelector('.billing-test-card-entry'), 'the card entry');
      expect(el.shadowRoot!.querySelector('.cards [role="alert"]')).to.equal(null);
      expect(client.charges).to.have.length(0);
    });

    it('adds a card through the payment provider without charging it, and selects it', async () => {
      const client = autoRechargeClient({ enabled: true });
      const el = await fixture<AutoRechargeSettingsElement>(
        html`<auto-recharge-settings
          locale="en-US"
          .client=${client}
          .paymentProvider=${new TestCardPaymentProvider()}
        ></auto-recharge-settings>`,
      );
      (await untilPart(el, 'add-card-button')).click();
      const entry = await untilPart(el, 'card-entry');
      await until(() => !!entry.querySelector('.billing-test-card-entry')?.shadowRoot?.querySelector('.test-card'));
      const form = entry.querySelector('.billing-test-card-entry')!.shadowRoot!;
      const useCard = [...form.querySelectorAll<HTMLButtonElement>('.test-card')].find((button) =>
        normalise(button.textContent).includes('5555 5555 5555 4444'),
      )!;
      useCard.click();
      await settle(el);
      const saveCard = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.new-card button')].find(
        (button) => normalise(button.textContent) === 'Save card',
      )!;
      await until(() => !saveCard.disabled);
      saveCard.click();
      await until(() => part(el, 'card-entry') === null);
      const methods = await client.listPaymentMethods();
      expect(methods).to.have.length(3);
      expect(client.charges).to.have.length(0);
      const added = methods.find((method) => method.last4 === '4444' && method.id !== 'pm_mastercard_4444')!;
      const radio = el.shadowRoot!.querySelector<HTMLInputElement>(`#card-${added.id}`)!;
      expect(radio.checked).to.equal(true);
      expect(partText(el, 'summary')).to.equal("When your balance falls below $10.00, we'll add $50.00 from Mastercard ••4444.");
      expect(liveRegion(el)).to.equal('Mastercard ••4444 saved and selected.');
    });
  });

  describe('loading', () => {
    async function renderFailing(failures: number): Promise<AutoRechargeSettingsElement> {
      const client = autoRechargeClient();
      client.failNext('getAutoRecharge', failures, 'unavailable');
      const el = await fixture<AutoRechargeSettingsElement>(
        html`<auto-recharge-settings .client=${client} locale="en-US"></auto-recharge-settings>`,
      );
      await untilPart(el, 'retry-button');
      return el;
    }

    it('says why it could not load, and Try again loads it; focus lands on the switch, not on the page', async () => {
      const el = await renderFailing(1);
      expect(normalise(part(el, 'error')?.textContent)).to.equal('The billing service is temporarily unavailable. Try again in a moment.');
      part(el, 'retry-button')!.focus();
      part(el, 'retry-button')!.click();
      await untilPart(el, 'summary');
      await settle(el);
      expect(part(el, 'error')).to.equal(null);
      // Compared by part name: a failed comparison of two elements makes chai print the whole DOM.
      expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('switch');
    });

    it('failing again puts focus back on Try again', async () => {
      const el = await renderFailing(2);
      const first = part(el, 'retry-button')!;
      first.focus();
      first.click();
      await until(() => part(el, 'retry-button') !== null && part(el, 'retry-button') !== first, 'a new Try again');
      await until(() => el.shadowRoot!.activeElement === part(el, 'retry-button'), 'focus on the new Try again');
      expect(part(el, 'summary')).to.equal(null);
    });
  });

  describe('keyboard only', () => {
    it('toggles with Space, tabs through the form in order, and saves with Enter', async () => {
      const client = autoRechargeClient();
      const el = await renderSettings(client);
      const toggle = part(el, 'switch')!;
      toggle.focus();
      await sendKeys({ press: 'Space' });
      await untilPart(el, 'form');
      expect(toggle.getAttribute('aria-checked')).to.equal('true');

      const order: string[] = [];
      for (let step = 0; step < 6; step += 1) {
        await sendKeys({ press: 'Tab' });
        const active = el.shadowRoot!.activeElement as HTMLElement | null;
        order.push(active?.getAttribute('name') ?? active?.getAttribute('part') ?? active?.tagName ?? 'none');
      }
      expect(order).to.deep.equal(['mode', 'thresholdAmount', 'rechargeAmount', 'paymentMethodId', 'INPUT', 'save-button']);

      input(el, 'rechargeAmount').focus();
      await sendKeys({ press: 'Control+a' });
      await sendKeys({ type: '60' });
      await sendKeys({ press: 'Enter' });
      await untilPart(el, 'saved-notice');
      const stored = await client.getAutoRecharge();
      expect(stored.enabled).to.equal(true);
      expect(stored.rechargeAmount.amount).to.equal(6000);
      expect(liveRegion(el)).to.equal('Automatic recharge saved.');
    });
  });

  describe('every story', () => {
    /** The part that proves a story reached its state, not just rendered something. */
    const expectedPart: Record<string, string> = {
      On: 'form',
      Invalid: 'field-error',
      ImmediateChargeWarning: 'warning',
      Conflict: 'conflict',
      Saved: 'saved-notice',
      FailedAttempts: 'attempts',
      AutoDisabled: 'disabled-banner',
      Loading: 'skeleton',
      LoadError: 'error',
      PhoneWidth: 'form',
      TargetBalance: 'attempt',
      TargetNotAboveThreshold: 'field-error',
      ImmediateChargeToTarget: 'warning',
      ImmediateChargeCapLimited: 'warning',
      ImmediateChargeStillBelow: 'warning',
      TargetRightToLeft: 'mode',
    };
    // A module's exports, whatever a later story file adds beside its stories.
    for (const [name, value] of Object.entries(stories) as Array<[string, unknown]>) {
      if (name === 'default' || typeof value !== 'object' || value === null) continue;
      it(`${name} passes axe and shows no unreadable values`, async () => {
        const story = value as StoryObj;
        const container = document.createElement('div');
        document.body.append(container);
        try {
          await renderStory(stories.default as Meta, story, name, container);
          const el = container.querySelector('auto-recharge-settings')!;
          await until(() => !!part(el, 'base'));
          await new Promise((resolve) => setTimeout(resolve, 150));
          await el.updateComplete;
          const expected = expectedPart[name];
          if (expected) await untilPart(el, expected);
          if (name === 'Off') expect(part(el, 'form')).to.equal(null);
          if (name === 'Saving') expect(normalise(part(el, 'save-button')!.textContent)).to.equal('Saving…');
          expect(normalise(el.shadowRoot!.textContent)).not.to.match(/NaN|undefined|\[object Object\]/);
          await expect(container).to.be.accessible();
        } finally {
          container.remove();
        }
      });
    }
  });
});
