// The four widgets in German, French, Japanese and Arabic against the stories' fixtures: translated, no English left, right to left where it should be.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define.js';
import type { AddFundsDialog } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import type { TopUpTiming } from '../../src/components/add-funds-dialog/top-up-attempt.js';
import type { AutoRechargeSettingsElement } from '../../src/components/auto-recharge-settings/auto-recharge-settings.js';
import type { BalanceUsageTable } from '../../src/components/balance-usage-table/balance-usage-table.js';
import type { CreditBalance } from '../../src/components/credit-balance/credit-balance.js';
import { registerLocaleMessages, resetRegisteredLocaleMessages } from '../../src/i18n/catalog.js';
import { formatMoney } from '../../src/money/money.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { DECLINE_MESSAGES } from '../../src/payments/test-cards.js';
import type { BillingProvider } from '../../src/store/billing-provider.js';
import { VISA, autoRechargeClient } from '../../stories/auto-recharge-settings.stories.js';
import { autoRechargeOnClient, failingClient, lowBalanceClient, readyClient } from '../../stories/fixtures.js';
import { allHistoryQuery, usageClient } from '../../stories/usage-fixtures.js';
import { part, parts } from '../helpers/dom.js';
import { CATALOGS, LANGUAGES, englishFragments, normalise, settle, shownText, until, type ShippedLanguage } from './helpers.js';

const FAST: TopUpTiming = { retryDelaysMs: [5, 10, 20], pollDelaysMs: [5, 10], maxPolls: 20 };

function partText(el: Element, name: string): string {
  return normalise(part(el, name)?.textContent);
}

/** Fails with the English pieces found, so a leak names itself. */
function expectNoEnglish(el: Element, widget: Parameters<typeof englishFragments>[0], language: ShippedLanguage): void {
  const text = shownText(el);
  const leaks = englishFragments(widget, language).filter((fragment) => text.includes(fragment));
  expect(leaks, `English left in <${el.localName}> (${language}): ${text}`).to.deep.equal([]);
}

async function inLanguage<T extends Element>(language: string, template: unknown, selector: string): Promise<T> {
  const wrapper = await fixture<HTMLElement>(html`<div lang=${language}>${template}</div>`);
  const el = wrapper.querySelector<T>(selector)!;
  await settle(el as unknown as { updateComplete: Promise<unknown> });
  return el;
}

afterEach(() => {
  fixtureCleanup();
  resetRegisteredLocaleMessages();
});

for (const language of LANGUAGES) {
  const catalog = CATALOGS[language];

  describe(`in ${language}`, () => {
    it('<credit-balance> says everything in the language, with amounts formatted for it', async () => {
      const low = lowBalanceClient();
      const account = await low.getAccount();
      const el = await inLanguage<CreditBalance>(language, html`<credit-balance .client=${low}></credit-balance>`, 'credit-balance');
      await until(() => part(el, 'amount') !== null, 'balance shown');
      const text = catalog.creditBalance;
      expect(partText(el, 'label')).to.equal(text.label);
      expect(partText(el, 'add-funds-button')).to.equal(normalise(text.addFunds));
      expect(partText(el, 'amount')).to.equal(normalise(formatMoney(account.balance, language)));
      expect(partText(el, 'status')).to.equal(
        normalise(`${text.lowBalanceTitle} ${text.lowBalance(formatMoney(account.lowBalanceThreshold, language))}`),
      );
      expect(partText(el, 'badge')).to.equal(normalise(text.autoRechargeOff));
      expect(partText(el, 'note')).to.equal(normalise(text.note));
      const updated = partText(el, 'updated');
      const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(-2, 'minute');
      expect(updated).to.equal(normalise(text.updated(relative)));
      expectNoEnglish(el, 'creditBalance', language);

      const on = autoRechargeOnClient();
      await on.whenReady;
      const settings = await on.getAutoRecharge();
      const withRecharge = await inLanguage<CreditBalance>(
        language,
        html`<credit-balance .client=${on}></credit-balance>`,
        'credit-balance',
      );
      await until(() => part(withRecharge, 'badge') !== null, 'badge shown');
      expect(partText(withRecharge, 'badge')).to.equal(
        normalise(text.autoRechargeOn(formatMoney(settings.rechargeAmount, language), formatMoney(settings.thresholdAmount, language))),
      );
      expectNoEnglish(withRecharge, 'creditBalance', language);
    });

    it('<credit-balance> shows the catalog’s words for a default error and the backend’s words for its own', async () => {
      const el = await inLanguage<CreditBalance>(
        language,
        html`<credit-balance .client=${failingClient('unavailable')}></credit-balance>`,
        'credit-balance',
      );
      await until(() => part(el, 'error') !== null, 'error shown');
      expect(partText(el, 'error')).to.equal(catalog.errors.unavailable);
      expect(partText(el, 'retry-button')).to.equal(catalog.creditBalance.retry);
      expectNoEnglish(el, 'creditBalance', language);

      const client = readyClient();
      client.failNext('getAccount', 1_000, 'validation', 'Account 4471 is frozen by the finance team.');
      const backend = await inLanguage<CreditBalance>(
        language,
        html`<credit-balance .client=${client}></credit-balance>`,
        'credit-balance',
      );
      await until(() => part(backend, 'error') !== null, 'error shown');
      expect(partText(backend, 'error')).to.equal('Account 4471 is frozen by the finance team.');

      const compact = await inLanguage<CreditBalance>(
        language,
        html`<credit-balance variant="compact" .client=${readyClient()}></credit-balance>`,
        'credit-balance',
      );
      await until(() => part(compact, 'amount') !== null, 'compact balance shown');
      expect(partText(compact, 'label')).to.equal(catalog.creditBalance.compactLabel);
      expectNoEnglish(compact, 'creditBalance', language);
    });

    it('<add-funds-dialog> words the form, the amount problems and a declined card in the language', async () => {
      const client = readyClient({ updatedMinutesAgo: 0 });
      const account = await client.getAccount();
      const root = await fixture<BillingProvider>(
        html`<div lang=${language}>
          <billing-provider .client=${client}>
            <add-funds-dialog .paymentProvider=${new TestCardPaymentProvider()} .timing=${FAST} open></add-funds-dialog>
          </billing-provider>
        </div>`,
      );
      const el = root.querySelector<AddFundsDialog>('add-funds-dialog')!;
      await until(() => parts(el, 'method').length >= 2, 'saved cards listed');
      await settle(el);
      const text = catalog.addFundsDialog;
      const preset = account.topUpLimits.presets[1]!;
      expect(partText(el, 'title')).to.equal(text.title);
      expect(partText(el, 'test-mode')).to.equal(text.testMode);
      expect(part(el, 'close-button')!.getAttribute('aria-label')).to.equal(text.close);
      expect(partText(el, 'pay-button')).to.equal(normalise(text.pay(formatMoney(preset, language))));
      expect(partText(el, 'cancel-button')).to.equal(text.cancel);
      expect(partText(el, 'preview')).to.include(normalise(text.newBalance('')).replace(/\s*$/, ''));
      expect(normalise(parts(el, 'method')[0]!.textContent)).to.include(normalise(text.cardLabel('Visa', '4242')));
      expect(shownText(el)).to.include(normalise(text.newCard));
      expectNoEnglish(el, 'addFundsDialog', language);

      const input = part(el, 'custom-amount') as HTMLInputElement;
      input.value = '12abc';
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      input.dispatchEvent(new Event('blur'));
      await settle(el);
      expect(partText(el, 'amount-error')).to.equal(text.amountNotANumber);

      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await settle(el);
      client.setCardBehaviour(VISA, 'insufficient_funds');
      (part(el, 'pay-button') as HTMLButtonElement).click();
      await until(() => part(el, 'error') !== null, 'decline shown');
      expect(partText(el, 'error')).to.equal(
        normalise(`${text.declinedTitle} ${catalog.declines.insufficient_funds} ${text.declinedHint}`),
      );
      expect(partText(el, 'error')).to.not.include(DECLINE_MESSAGES.insufficient_funds);
      expectNoEnglish(el, 'addFundsDialog', language);
    });

    it('<auto-recharge-settings> words the summary, fields and recent recharges in the language', async () => {
      const client = autoRechargeClient({ enabled: true, history: { succeeded: 1, failures: 1 } });
      const el = await inLanguage<AutoRechargeSettingsElement>(
        language,
        html`<auto-recharge-settings .client=${client}></auto-recharge-settings>`,
        'auto-recharge-settings',
      );
      await until(
        () => part(el, 'summary') !== null && el.shadowRoot!.querySelectorAll('.attempt').length >= 2,
        'settings and attempts shown',
      );
      await settle(el);
      const settings = await client.getAutoRecharge();
      const text = catalog.autoRechargeSettings;
      expect(normalise(el.shadowRoot!.querySelector('h2')?.textContent)).to.equal(text.heading);
      expect(part(el, 'switch')!.getAttribute('aria-label')).to.equal(text.switchLabel);
      if (settings.enabled) {
        expect(partText(el, 'summary')).to.equal(
          normalise(
            text.summaryOn(formatMoney(settings.thresholdAmount, language), formatMoney(settings.rechargeAmount, language), 'Visa ••4242'),
          ),
        );
      } else {
        // Three failures turn it off; one must not.
        expect.fail('one failed recharge turned automatic recharge off');
      }
      const outcomes = [...el.shadowRoot!.querySelectorAll('.outcome')].map((node) => normalise(node.textContent));
      expect(outcomes).to.include(text.outcomeSucceeded);
      expect(outcomes).to.include(text.outcomeFailed);
      const failure = normalise(el.shadowRoot!.querySelector('.attempt-message')?.textContent);
      expect(failure).to.equal(catalog.declines.insufficient_funds);
      expect(partText(el, 'save-button')).to.equal(text.save);
      expectNoEnglish(el, 'autoRechargeSettings', language);

      // A typed amount the widget cannot read is refused in the language, not in money.ts's English.
      const threshold = el.shadowRoot!.querySelector<HTMLInputElement>('input[name="thresholdAmount"]')!;
      threshold.value = '1e3';
      threshold.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      threshold.dispatchEvent(new Event('blur'));
      await settle(el);
      expect(normalise(el.shadowRoot!.querySelector('#field-thresholdAmount-error')?.textContent)).to.equal(text.problemNotANumber);
      expectNoEnglish(el, 'autoRechargeSettings', language);
    });

    it('<balance-usage-table> words the summary and the itemised calls, with plurals, in the language', async () => {
      const client = usageClient(40);
      const el = await inLanguage<BalanceUsageTable>(
        language,
        html`<balance-usage-table .client=${client} .query=${allHistoryQuery()} style="inline-size: 900px"></balance-usage-table>`,
        'balance-usage-table',
      );
      await until(() => part(el, 'summary-table') !== null, 'summary shown');
      await settle(el);
      const text = catalog.balanceUsageTable;
      const number = new Intl.NumberFormat(language);
      expect(partText(el, 'title')).to.equal(text.title);
      const headers = [...part(el, 'summary-table')!.querySelectorAll('thead th')].map((th) => normalise(th.textContent));
      expect(headers.slice(0, 3)).to.deep.equal([text.typeColumn, text.countColumn, text.totalColumn]);
      const total = normalise(part(el, 'summary-table')!.querySelector('tfoot td')?.textContent);
      expect(total).to.equal(normalise(text.calls(40, number.format(40))));
      expect(partText(el, 'export-button')).to.equal(text.exportCsv);
      expectNoEnglish(el, 'balanceUsageTable', language);

      const details = await inLanguage<BalanceUsageTable>(
        language,
        html`<balance-usage-table
          .client=${client}
          .query=${allHistoryQuery({ view: 'details' })}
          style="inline-size: 900px"
        ></balance-usage-table>`,
        'balance-usage-table',
      );
      await until(() => parts(details, 'row').some((row) => !row.classList.contains('row--loading')), 'rows shown');
      await settle(details);
      const columns = [...part(details, 'header-row')!.querySelectorAll('[role="columnheader"]')].map((header) =>
        normalise(header.textContent),
      );
      expect(columns).to.deep.equal([text.dateColumn, text.destinationColumn, text.durationColumn, text.userColumn, text.priceColumn]);
      expect(partText(details, 'back-button')).to.equal(text.backToSummary);
      (parts(details, 'row')[0] as HTMLElement).click();
      await settle(details);
      const panel = part(details, 'detail-panel')!;
      expect(normalise(panel.querySelector('h3')?.textContent)).to.equal(text.detailsTitle);
      const entry = await client.getUsageEntry(normalise(panel.querySelector('code')?.textContent));
      const minutes = Math.floor(entry.billedSeconds / 60);
      const seconds = entry.billedSeconds % 60;
      const panelText = normalise(panel.textContent);
      expect(panelText).to.include(
        normalise(text.duration(minutes, seconds, { minutes: number.format(minutes), seconds: number.format(seconds) })),
      );
      expect(panelText).to.include(normalise(text.ratePerMinute(formatMoney(entry.ratePerMinute, language))));
      expectNoEnglish(details, 'balanceUsageTable', language);
    });
  });
}

describe('the English detector', () => {
  it('finds English pieces in an English widget, so a clean result above means something', async () => {
    const fragments = englishFragments('creditBalance', 'de');
    expect(fragments).to.include.members(['Available balance', 'Auto-recharge on: adds', 'when below', 'Add funds']);
    const el = await inLanguage<CreditBalance>(
      'en',
      html`<credit-balance .client=${autoRechargeOnClient()}></credit-balance>`,
      'credit-balance',
    );
    await until(() => part(el, 'badge') !== null, 'badge shown');
    const text = shownText(el);
    expect(fragments.filter((fragment) => text.includes(fragment))).to.include.members([
      'Available balance',
      'Auto-recharge on: adds',
      'Add funds',
    ]);
  });
});

describe('who decides the words', () => {
  it('an element’s own messages beat the catalog', async () => {
    const el = await inLanguage<CreditBalance>(
      'de',
      html`<credit-balance .client=${readyClient()} .messages=${{ addFunds: 'Credits kaufen' }}></credit-balance>`,
      'credit-balance',
    );
    await until(() => part(el, 'add-funds-button') !== null, 'button shown');
    expect(partText(el, 'add-funds-button')).to.equal('Credits kaufen');
    expect(partText(el, 'label')).to.equal(CATALOGS.de.creditBalance.label);
  });

  it('registerLocaleMessages("en", …) re-words every English widget already on the page', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="en">
        <credit-balance .client=${readyClient()}></credit-balance>
        <credit-balance variant="compact" .client=${readyClient()}></credit-balance>
      </div>`,
    );
    const [full, compact] = [...wrapper.querySelectorAll<CreditBalance>('credit-balance')];
    await until(() => part(full!, 'amount') !== null && part(compact!, 'amount') !== null, 'balances shown');
    expect(partText(full!, 'label')).to.equal('Available balance');
    registerLocaleMessages('en', { creditBalance: { label: 'Available credits', compactLabel: 'Credits' } });
    await settle(full!, compact!);
    expect(partText(full!, 'label')).to.equal('Available credits');
    expect(partText(compact!, 'label')).to.equal('Credits');
  });

  it('the element’s locale beats the nearest lang, and a change of <html lang> re-renders', async () => {
    const japanese = await inLanguage<CreditBalance>(
      'de',
      html`<credit-balance locale="ja" .client=${readyClient()}></credit-balance>`,
      'credit-balance',
    );
    await until(() => part(japanese, 'amount') !== null, 'balance shown');
    expect(partText(japanese, 'label')).to.equal(CATALOGS.ja.creditBalance.label);

    expect(japanese.getAttribute('lang'), 'says its language for screen readers and fonts').to.equal('ja');
    japanese.locale = undefined;
    await settle(japanese);
    expect(japanese.hasAttribute('lang'), 'our lang leaves with the locale').to.equal(false);
    expect(partText(japanese, 'label')).to.equal(CATALOGS.de.creditBalance.label);

    const german = await inLanguage<CreditBalance>(
      'de',
      html`<credit-balance locale="de" .client=${readyClient()}></credit-balance>`,
      'credit-balance',
    );
    expect(german.hasAttribute('lang'), 'no lang of ours where the page already says it').to.equal(false);

    const page = document.documentElement;
    const original = page.lang;
    try {
      page.lang = 'en';
      const el = await fixture<CreditBalance>(html`<credit-balance .client=${readyClient()}></credit-balance>`);
      await until(() => part(el, 'amount') !== null, 'balance shown');
      expect(partText(el, 'label')).to.equal('Available balance');
      page.lang = 'fr';
      await until(() => partText(el, 'label') === CATALOGS.fr.creditBalance.label, 'French after <html lang="fr">');
      page.lang = 'ja';
      await until(() => partText(el, 'label') === CATALOGS.ja.creditBalance.label, 'Japanese after <html lang="ja">');
    } finally {
      page.lang = original;
    }
  });
});

describe('right to left and digits', () => {
  async function balanceIn(attributes: { lang: string; dir?: string }, locale?: string): Promise<CreditBalance> {
    const wrapper = await fixture<HTMLElement>(
      html`<div lang=${attributes.lang} dir=${attributes.dir ?? ''} style="inline-size: 640px">
        <credit-balance .client=${readyClient()} .locale=${locale}></credit-balance>
      </div>`,
    );
    if (!attributes.dir) wrapper.removeAttribute('dir');
    const el = wrapper.querySelector<CreditBalance>('credit-balance')!;
    await until(() => part(el, 'amount') !== null, 'balance shown');
    await settle(el);
    return el;
  }

  it('lang="ar" mirrors the card: label and amount on the right, "Add funds" on the left', async () => {
    const arabic = await balanceIn({ lang: 'ar' });
    expect(arabic.matches(':dir(rtl)'), 'direction').to.equal(true);
    const card = part(arabic, 'base')!.getBoundingClientRect();
    const amount = part(arabic, 'amount')!.getBoundingClientRect();
    const button = part(arabic, 'add-funds-button')!.getBoundingClientRect();
    expect(button.right, 'button left of the amount').to.be.lessThan(amount.left);
    expect(card.right - amount.right, 'amount nearer the right edge').to.be.lessThan(amount.left - card.left);
    expect(Math.abs(card.right - part(arabic, 'label')!.getBoundingClientRect().right)).to.be.lessThan(40);

    const english = await balanceIn({ lang: 'en' });
    expect(english.matches(':dir(ltr)')).to.equal(true);
    const englishAmount = part(english, 'amount')!.getBoundingClientRect();
    const englishButton = part(english, 'add-funds-button')!.getBoundingClientRect();
    expect(englishButton.left, 'button right of the amount').to.be.greaterThan(englishAmount.right);
  });

  it('takes its direction from its language, but never overrides a dir the page or the author set', async () => {
    const inherited = await balanceIn({ lang: 'ar', dir: 'rtl' });
    expect(inherited.hasAttribute('dir'), 'an rtl page needs no dir of ours').to.equal(false);
    expect(inherited.matches(':dir(rtl)')).to.equal(true);

    const onEnglishPage = await balanceIn({ lang: 'en', dir: 'ltr' }, 'ar');
    expect(onEnglishPage.getAttribute('dir')).to.equal('rtl');
    onEnglishPage.locale = 'de';
    await settle(onEnglishPage);
    expect(onEnglishPage.hasAttribute('dir'), 'ours is removed when the language changes back').to.equal(false);

    const wrapper = await fixture<HTMLElement>(
      html`<div lang="ar"><credit-balance dir="ltr" .client=${readyClient()}></credit-balance></div>`,
    );
    const authored = wrapper.querySelector<CreditBalance>('credit-balance')!;
    await settle(authored);
    expect(authored.getAttribute('dir')).to.equal('ltr');
  });

  for (const locale of ['ar', 'ar-EG', 'ar-AE']) {
    it(`uses the digits Intl gives ${locale}, for money as money.ts formats it`, async () => {
      const el = await balanceIn({ lang: locale });
      const client = readyClient();
      const account = await client.getAccount();
      const amount = partText(el, 'amount');
      expect(amount).to.equal(normalise(formatMoney(account.balance, locale)));
      const arabicIndic = new Intl.NumberFormat(locale).resolvedOptions().numberingSystem === 'arab';
      expect(/[٠-٩]/.test(amount), 'Arabic-Indic digits').to.equal(arabicIndic);
      expect(/[0-9]/.test(amount), 'Latin digits').to.equal(!arabicIndic);
      expect(partText(el, 'label')).to.equal(CATALOGS.ar.creditBalance.label);
    });
  }

  it('flips the usage table’s chevrons in right-to-left, and only there', async () => {
    const client = usageClient(12);
    const flips: Record<string, string> = {};
    for (const lang of ['ar', 'en']) {
      const el = await inLanguage<BalanceUsageTable>(
        lang,
        html`<balance-usage-table .client=${client} .query=${allHistoryQuery()} style="inline-size: 900px"></balance-usage-table>`,
        'balance-usage-table',
      );
      await until(() => part(el, 'view-details-button') !== null, 'summary shown');
      flips[lang] = getComputedStyle(part(el, 'view-details-button')!.querySelector('svg')!).transform;
    }
    expect(flips['ar']).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    expect(flips['en']).to.equal('none');
  });

  it('drops Latin letter-spacing from Arabic headings, whose letters join', async () => {
    const client = usageClient(12);
    const spacing: Record<string, string> = {};
    for (const lang of ['ar', 'en']) {
      const el = await inLanguage<BalanceUsageTable>(
        lang,
        html`<balance-usage-table .client=${client} .query=${allHistoryQuery()} style="inline-size: 900px"></balance-usage-table>`,
        'balance-usage-table',
      );
      await until(() => part(el, 'summary-table') !== null, 'summary shown');
      spacing[lang] = getComputedStyle(part(el, 'summary-table')!.querySelector('thead th')!).letterSpacing;
    }
    expect(spacing['ar']).to.equal('normal');
    expect(spacing['en']).to.not.equal('normal');
  });
});

describe('Japanese yen', () => {
  it('shows whole yen and refuses decimals in Japanese', async () => {
    const client = readyClient({ currency: 'JPY', updatedMinutesAgo: 0 });
    const account = await client.getAccount();
    const balance = await inLanguage<CreditBalance>('ja', html`<credit-balance .client=${client}></credit-balance>`, 'credit-balance');
    await until(() => part(balance, 'amount') !== null, 'balance shown');
    const amount = partText(balance, 'amount');
    expect(amount).to.equal(normalise(formatMoney(account.balance, 'ja')));
    expect(amount).to.match(/^-?[¥￥][0-9,]+$/);

    const root = await fixture<HTMLElement>(
      html`<div lang="ja">
        <billing-provider .client=${client}><add-funds-dialog .timing=${FAST} open></add-funds-dialog></billing-provider>
      </div>`,
    );
    const dialog = root.querySelector<AddFundsDialog>('add-funds-dialog')!;
    await until(() => part(dialog, 'custom-amount') !== null, 'form shown');
    const input = part(dialog, 'custom-amount') as HTMLInputElement;
    expect(input.placeholder).to.equal('0');
    input.value = '1500.5';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new Event('blur'));
    await settle(dialog);
    expect(partText(dialog, 'amount-error')).to.equal(CATALOGS.ja.addFundsDialog.amountTooManyDecimals('JPY', 0));
    input.value = '２０００';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await settle(dialog);
    expect(partText(dialog, 'pay-button')).to.equal(
      normalise(CATALOGS.ja.addFundsDialog.pay(formatMoney({ amount: 2000, currency: 'JPY' }, 'ja'))),
    );
  });
});
