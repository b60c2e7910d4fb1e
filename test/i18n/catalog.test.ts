// The translation registry and the shipped catalogs: completeness, fallback order, plurals, error texts, direction.
import { expect } from '@open-wc/testing';
import { BillingError, BILLING_ERROR_CODES } from '../../src/client/errors.js';
import { unreadableResponse } from '../../src/client/response-check.js';
import {
  englishDeclineMessages,
  englishErrorMessages,
  loadLocaleMessages,
  localeDirection,
  registerLocaleMessages,
  resetRegisteredLocaleMessages,
  resolveMessages,
} from '../../src/i18n/catalog.js';
import { countryName, localizeDeclineMessage, localizeErrorMessage, localizeReason, localizeUsageType } from '../../src/i18n/localize.js';
import { defaultRechargeReasonMessages } from '../../src/i18n/messages/reasons.js';
import { defaultUsageTypeMessages } from '../../src/i18n/messages/usage-types.js';
import { CARD_ENTRY_UNAVAILABLE_MESSAGE } from '../../src/payments/payment-provider.js';
import { CATALOGS, ENGLISH, LANGUAGES, WIDGETS, call, sampleArgs } from './helpers.js';

/**
 * Keys whose text a language legitimately writes as English does (cognates, codes). Anything else equal to
 * the English is a string someone forgot to translate.
 */
const SAME_AS_ENGLISH: Record<string, string[]> = {
  // "Visa: …" punctuates alike in German and Arabic; the expiry placeholder is the format printed on cards.
  de: [
    'autoRechargeSettings.conflictStatus',
    'balanceUsageTable.results',
    'balanceUsageTable.chartPoint',
    'testCardEntry.cardDescription',
    'billingHistory.statusColumn',
  ],
  fr: [
    'balanceUsageTable.type',
    'balanceUsageTable.destinationColumn',
    'balanceUsageTable.destination',
    'balanceUsageTable.results',
    'balanceUsageTable.duration',
    'billingHistory.dateColumn',
    'billingHistory.receiptDate',
    'billingHistory.receiptType',
  ],
  ja: ['testCardEntry.expiryPlaceholder'],
  ar: ['testCardEntry.cardDescription', 'testCardEntry.expiryPlaceholder'],
};

describe('shipped catalogs', () => {
  for (const language of LANGUAGES) {
    describe(language, () => {
      for (const widget of WIDGETS) {
        it(`has every ${widget} key of the English messages, of the same kind, and translated`, () => {
          const english = ENGLISH[widget] as unknown as Record<string, unknown>;
          const translated = CATALOGS[language][widget] as unknown as Record<string, unknown>;
          expect(Object.keys(translated).sort(), 'keys').to.deep.equal(Object.keys(english).sort());
          for (const [key, englishValue] of Object.entries(english)) {
            const value = translated[key];
            const where = `${language}.${widget}.${key}`;
            expect(typeof value, where).to.equal(typeof englishValue);
            if (typeof englishValue === 'string') {
              expect((value as string).trim(), where).to.not.equal('');
              if (!SAME_AS_ENGLISH[language]!.includes(`${widget}.${key}`)) expect(value, where).to.not.equal(englishValue);
            } else if (typeof englishValue === 'function') {
              const { args, markers } = sampleArgs(key, englishValue as (...args: never[]) => string);
              const text = call(value, args);
              expect(text.trim(), where).to.not.equal('');
              // A translation that drops a value ("Pay" without the amount) is a bug, not a style choice.
              for (const marker of markers) expect(text, `${where} keeps ${marker}`).to.include(marker);
              if (!SAME_AS_ENGLISH[language]!.includes(`${widget}.${key}`)) expect(text, where).to.not.equal(call(englishValue, args));
            } else {
              const englishEntries = englishValue as Record<string, string>;
              const entries = value as Record<string, string>;
              expect(Object.keys(entries).sort(), where).to.deep.equal(Object.keys(englishEntries).sort());
              for (const [name, text] of Object.entries(entries)) expect(text, `${where}.${name}`).to.not.equal(englishEntries[name]);
            }
          }
        });
      }

      it('words every error code, the library’s own error texts, every stock decline, recharge reason and usage type', () => {
        const catalog = CATALOGS[language];
        const sections: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
          ['errors', { ...englishErrorMessages() }, { ...catalog.errors }],
          ['declines', englishDeclineMessages(), catalog.declines],
          ['rechargeReasons', { ...defaultRechargeReasonMessages }, { ...catalog.rechargeReasons }],
          ['usageTypes', { ...defaultUsageTypeMessages }, { ...catalog.usageTypes }],
        ];
        for (const code of BILLING_ERROR_CODES) expect(englishErrorMessages()).to.have.property(code);
        for (const [section, english, translated] of sections) {
          expect(Object.keys(translated).sort(), section).to.deep.equal(Object.keys(english).sort());
          for (const [name, englishValue] of Object.entries(english)) {
            const where = `${language}.${section}.${name}`;
            const text = keyedText(translated[name]);
            const englishText = keyedText(englishValue);
            expect(typeof translated[name], where).to.equal(typeof englishValue);
            expect(text.trim(), where).to.not.equal('');
            expect(text, where).to.not.equal(englishText);
            // Every value the English names (⟦seconds⟧, ⟦card⟧ …) is in the translation too.
            for (const marker of englishText.match(/⟦\w+⟧/g) ?? []) expect(text, `${where} keeps ${marker}`).to.include(marker);
          }
        }
      });
    });
  }
});

describe('plurals', () => {
  it('Arabic counts calls in all six forms', () => {
    const calls = CATALOGS.ar.balanceUsageTable.calls;
    const number = new Intl.NumberFormat('ar');
    const say = (count: number) => calls(count, number.format(count));
    expect(say(1)).to.equal('مكالمة واحدة');
    expect(say(2)).to.equal('مكالمتان');
    expect(say(3)).to.equal(`${number.format(3)} مكالمات`);
    expect(say(10)).to.equal(`${number.format(10)} مكالمات`);
    expect(say(11)).to.equal(`${number.format(11)} مكالمة`);
    expect(say(1284)).to.equal(`${number.format(1284)} مكالمة`);
    expect(new Set([0, 1, 2, 3, 11, 100].map((count) => new Intl.PluralRules('ar').select(count))).size).to.equal(6);
  });

  it('German and French switch between one and other, French counting 0 as one', () => {
    expect(CATALOGS.de.balanceUsageTable.calls(1, '1')).to.equal('1 Anruf');
    expect(CATALOGS.de.balanceUsageTable.calls(1284, '1.284')).to.equal('1.284 Anrufe');
    expect(CATALOGS.fr.balanceUsageTable.calls(0, '0')).to.equal('0 appel');
    expect(CATALOGS.fr.balanceUsageTable.calls(1284, '1 284')).to.equal('1 284 appels');
    expect(CATALOGS.de.addFundsDialog.amountTooManyDecimals('KWD', 1)).to.include('1 Nachkommastelle.');
    expect(CATALOGS.de.addFundsDialog.amountTooManyDecimals('KWD', 3)).to.include('3 Nachkommastellen.');
  });

  it('English keeps its singular', () => {
    expect(ENGLISH.balanceUsageTable.calls(1, '1')).to.equal('1 call');
    expect(ENGLISH.balanceUsageTable.exportDone('1', 1)).to.equal('Exported 1 entry.');
    expect(ENGLISH.balanceUsageTable.exportDone('1,200', 1200)).to.equal('Exported 1,200 entries.');
  });
});

describe('registry', () => {
  afterEach(() => resetRegisteredLocaleMessages());

  it('falls back pt-BR → pt → English, key by key', () => {
    registerLocaleMessages('pt', { creditBalance: { label: 'Saldo disponível', addFunds: 'Adicionar fundos' } });
    registerLocaleMessages('pt-BR', { creditBalance: { addFunds: 'Adicionar saldo' } });
    const brazil = resolveMessages('pt-BR', 'creditBalance', ENGLISH.creditBalance, undefined);
    expect(brazil.label).to.equal('Saldo disponível');
    expect(brazil.addFunds).to.equal('Adicionar saldo');
    expect(brazil.retry).to.equal('Try again');
    const portugal = resolveMessages('pt-PT', 'creditBalance', ENGLISH.creditBalance, undefined);
    expect(portugal.addFunds).to.equal('Adicionar fundos');
  });

  it('merges repeated registrations instead of replacing them', () => {
    registerLocaleMessages('pt', { creditBalance: { label: 'Saldo disponível' } });
    registerLocaleMessages('pt', { creditBalance: { retry: 'Tentar novamente' } });
    const messages = resolveMessages('pt', 'creditBalance', ENGLISH.creditBalance, undefined);
    expect([messages.label, messages.retry]).to.deep.equal(['Saldo disponível', 'Tentar novamente']);
  });

  it('lets a host re-word English page-wide, and that re-wording fills keys another language lacks', () => {
    registerLocaleMessages('en', { creditBalance: { label: 'Available credits', compactLabel: 'Credits' } });
    expect(resolveMessages('en-GB', 'creditBalance', ENGLISH.creditBalance, undefined).label).to.equal('Available credits');
    registerLocaleMessages('pt', { creditBalance: { label: 'Saldo disponível' } });
    const portuguese = resolveMessages('pt', 'creditBalance', ENGLISH.creditBalance, undefined);
    expect([portuguese.label, portuguese.compactLabel]).to.deep.equal(['Saldo disponível', 'Credits']);
  });

  it('puts a host registration above the shipped catalog, and the element’s own messages above both', async () => {
    await loadLocaleMessages('de');
    registerLocaleMessages('de', { creditBalance: { addFunds: 'Credits kaufen' } });
    const registered = resolveMessages('de-CH', 'creditBalance', ENGLISH.creditBalance, undefined);
    expect(registered.addFunds).to.equal('Credits kaufen');
    expect(registered.label).to.equal(CATALOGS.de.creditBalance.label);
    const own = resolveMessages('de', 'creditBalance', ENGLISH.creditBalance, { addFunds: 'Aufladen', label: undefined });
    expect(own.addFunds).to.equal('Aufladen');
    expect(own.label, 'an undefined override does not blank a string').to.equal(CATALOGS.de.creditBalance.label);
  });
});

/** A keyed entry's text: a string as is, a function called with ⟦name⟧ for each value it reads. */
function keyedText(entry: unknown): string {
  if (typeof entry !== 'function') return String(entry);
  const params = new Proxy({}, { get: (_target, name) => `⟦${String(name)}⟧` });
  return (entry as (values: Record<string, string>) => string)(params);
}

describe('error texts', () => {
  before(async () => {
    await Promise.all(LANGUAGES.map((language) => loadLocaleMessages(language)));
  });

  it('translates the library’s default text of every code and leaves a backend’s own text alone', () => {
    for (const language of LANGUAGES) {
      for (const code of BILLING_ERROR_CODES) {
        expect(localizeErrorMessage(new BillingError(code), language), `${language} ${code}`).to.equal(CATALOGS[language].errors[code]);
      }
      const fromServer = new BillingError('validation', { message: 'The maximum top-up for this account is $500.00.' });
      expect(localizeErrorMessage(fromServer, language)).to.equal('The maximum top-up for this account is $500.00.');
    }
    expect(localizeErrorMessage(new BillingError('network'), 'en-US')).to.equal(new BillingError('network').message);
  });

  it('looks an error up by its key, so a reworded English text keeps its translation', () => {
    const reworded = new BillingError('network', { message: 'No connection to billing.', messageKey: 'errors.network' });
    expect(localizeErrorMessage(reworded, 'de')).to.equal(CATALOGS.de.errors.network);
    expect(localizeErrorMessage(reworded, 'en')).to.equal('No connection to billing.');
    // A backend's text that happens to equal the library's English is still the backend's: it has no key.
    const sameWords = new BillingError('conflict', { message: new BillingError('conflict').message });
    expect(sameWords.messageKey).to.equal(undefined);
    expect(localizeErrorMessage(sameWords, 'fr')).to.equal(sameWords.message);
    const unknownKey = new BillingError('unknown', { message: 'As sent.', messageKey: 'errors.no_such_key' });
    expect(localizeErrorMessage(unknownKey, 'ja')).to.equal('As sent.');
  });

  it('words an unreadable response and card entry unavailable by key', () => {
    const unreadable = unreadableResponse([]);
    expect(unreadable.messageKey).to.equal('errors.unreadable');
    expect(localizeErrorMessage(unreadable, 'fr')).to.equal(CATALOGS.fr.errors.unreadable);
    const cardEntry = new BillingError('unavailable', {
      message: CARD_ENTRY_UNAVAILABLE_MESSAGE,
      messageKey: 'errors.cardEntryUnavailable',
    });
    expect(localizeErrorMessage(cardEntry, 'ja')).to.equal(CATALOGS.ja.errors.cardEntryUnavailable);
  });

  it('writes numbers inside a sentence in the reader’s locale', () => {
    const timeout = new BillingError('network', { message: 'English', messageKey: 'errors.timeout', params: { seconds: 1.5 } });
    expect(localizeErrorMessage(timeout, 'de')).to.include('1,5 Sekunden');
    expect(localizeErrorMessage(timeout, 'ar')).to.include(new Intl.NumberFormat('ar').format(1.5));
    const capped = {
      code: 'monthly_cap',
      params: { rechargeAmount: { amount: 250000, currency: 'USD' }, monthlyCap: { amount: 1000000, currency: 'USD' } },
    };
    const arabic = localizeReason(capped, 'ar', 'English');
    expect(arabic).to.include(new Intl.NumberFormat('ar', { style: 'currency', currency: 'USD' }).format(2500));
    expect(arabic).to.not.include('$2,500.00');
    expect(localizeReason(capped, 'de', 'English')).to.include('2.500,00');
  });

  it('words declines by their code; a code it does not know shows the backend’s text', () => {
    const declined = new BillingError('card_declined', {
      message: 'Insufficient funds (bank)',
      details: { declineCode: 'insufficient_funds' },
    });
    expect(localizeErrorMessage(declined, 'de')).to.equal(CATALOGS.de.declines.insufficient_funds);
    expect(localizeDeclineMessage({ code: 'expired_card', message: 'Karte abgelaufen (Bank)' }, 'ar')).to.equal(
      CATALOGS.ar.declines.expired_card,
    );
    expect(localizeDeclineMessage({ code: 'do_not_honor', message: 'Do not honor' }, 'fr')).to.equal('Do not honor');
    expect(localizeDeclineMessage({ code: 'expired_card', message: 'Card expired' }, 'en')).to.equal('Card expired');
  });

  it('words recharge reasons and usage types by code, with the backend’s text as the fallback', () => {
    expect(localizeReason({ code: 'card_missing' }, 'fr', 'English')).to.equal(CATALOGS.fr.rechargeReasons.card_missing);
    expect(localizeReason({ code: 'card_expired', params: { card: 'Visa ••4242' } }, 'ja', 'English')).to.include('Visa ••4242');
    expect(localizeReason({ code: 'insufficient_funds' }, 'de', 'English')).to.equal(CATALOGS.de.declines.insufficient_funds);
    expect(localizeReason({ code: 'something_new' }, 'de', 'As sent')).to.equal('As sent');
    expect(localizeReason(null, 'de', 'As sent')).to.equal('As sent');
    expect(localizeUsageType('outbound_international_call', 'Outbound International Call', 'ar')).to.equal(
      CATALOGS.ar.usageTypes.outbound_international_call,
    );
    expect(localizeUsageType('sms', 'SMS', 'ar')).to.equal('SMS');
  });

  it('names countries in the locale with Intl.DisplayNames', () => {
    expect(countryName('DE', 'de')).to.equal('Deutschland');
    expect(countryName('JP', 'ja')).to.equal('日本');
    expect(countryName('GB', 'fr')).to.equal('Royaume-Uni');
    expect(countryName('AA', 'fr')).to.equal(undefined);
  });
});

describe('direction', () => {
  it('is right to left for Arabic (any region) and the other right-to-left scripts only', () => {
    expect(['ar', 'ar-EG', 'ar-SA', 'he', 'fa-IR', 'ur'].map(localeDirection)).to.deep.equal(['rtl', 'rtl', 'rtl', 'rtl', 'rtl', 'rtl']);
    expect(['en', 'de-DE', 'fr', 'ja', 'zh-Hant-TW'].map(localeDirection)).to.deep.equal(['ltr', 'ltr', 'ltr', 'ltr', 'ltr']);
  });
});
