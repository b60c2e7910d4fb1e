// The translation registry and the shipped catalogs: completeness, fallback order, plurals, error texts, direction.
import { expect } from '@open-wc/testing';
import { BillingError, BILLING_ERROR_CODES } from '../../src/client/errors.js';
import {
  englishDeclineMessages,
  englishErrorMessages,
  loadLocaleMessages,
  localeDirection,
  localizeDeclineMessage,
  localizeErrorMessage,
  localizeKnownText,
  registerLocaleMessages,
  resetRegisteredLocaleMessages,
  resolveMessages,
} from '../../src/i18n/catalog.js';
import { CARD_ENTRY_UNAVAILABLE_MESSAGE } from '../../src/payments/payment-provider.js';
import { DECLINE_MESSAGES } from '../../src/payments/test-cards.js';
import { CATALOGS, ENGLISH, LANGUAGES, WIDGETS, call, sampleArgs } from './helpers.js';

/**
 * Keys whose text a language legitimately writes as English does (cognates, codes). Anything else equal to
 * the English is a string someone forgot to translate.
 */
const SAME_AS_ENGLISH: Record<string, string[]> = {
  // "Visa: …" punctuates alike in German and Arabic; the expiry placeholder is the format printed on cards.
  de: ['autoRechargeSettings.conflictStatus', 'balanceUsageTable.results', 'testCardEntry.cardDescription'],
  fr: [
    'balanceUsageTable.type',
    'balanceUsageTable.destinationColumn',
    'balanceUsageTable.destination',
    'balanceUsageTable.results',
    'balanceUsageTable.duration',
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

      it('words every error code, the library’s own error texts and every stock decline', () => {
        const catalog = CATALOGS[language];
        const englishErrors = englishErrorMessages();
        expect(Object.keys(catalog.errors).sort()).to.deep.equal(Object.keys(englishErrors).sort());
        for (const code of BILLING_ERROR_CODES) expect(englishErrors).to.have.property(code);
        for (const [code, text] of Object.entries(catalog.errors)) {
          expect(text.trim(), code).to.not.equal('');
          expect(text, code).to.not.equal(englishErrors[code as keyof typeof englishErrors]);
        }
        expect(Object.keys(catalog.declines).sort()).to.deep.equal(Object.keys(englishDeclineMessages()).sort());
        for (const [code, text] of Object.entries(catalog.declines)) {
          expect(text, code).to.not.equal(DECLINE_MESSAGES[code as keyof typeof DECLINE_MESSAGES]);
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

  it('recognises an unreadable response, card entry unavailable and stock declines', () => {
    const unreadable = new BillingError('unknown', { message: "The billing service sent data we couldn't read.", details: { issues: [] } });
    expect(localizeErrorMessage(unreadable, 'fr')).to.equal(CATALOGS.fr.errors.unreadable);
    const cardEntry = new BillingError('unavailable', { message: CARD_ENTRY_UNAVAILABLE_MESSAGE });
    expect(localizeErrorMessage(cardEntry, 'ja')).to.equal(CATALOGS.ja.errors.cardEntryUnavailable);
    expect(localizeKnownText(CARD_ENTRY_UNAVAILABLE_MESSAGE, 'ar')).to.equal(CATALOGS.ar.errors.cardEntryUnavailable);
    const declined = new BillingError('card_declined', { message: DECLINE_MESSAGES.insufficient_funds, details: { declineCode: 'insufficient_funds' } });
    expect(localizeErrorMessage(declined, 'de')).to.equal(CATALOGS.de.declines.insufficient_funds);
    expect(localizeDeclineMessage({ code: 'expired_card', message: DECLINE_MESSAGES.expired_card }, 'ar')).to.equal(CATALOGS.ar.declines.expired_card);
    // The bank's own wording of a known code is the bank's: shown as sent.
    expect(localizeDeclineMessage({ code: 'expired_card', message: 'Karte abgelaufen (Bank)' }, 'fr')).to.equal('Karte abgelaufen (Bank)');
    expect(localizeKnownText(DECLINE_MESSAGES.generic_decline, 'ja')).to.equal(CATALOGS.ja.declines.generic_decline);
  });
});

describe('direction', () => {
  it('is right to left for Arabic (any region) and the other right-to-left scripts only', () => {
    expect(['ar', 'ar-EG', 'ar-SA', 'he', 'fa-IR', 'ur'].map(localeDirection)).to.deep.equal(['rtl', 'rtl', 'rtl', 'rtl', 'rtl', 'rtl']);
    expect(['en', 'de-DE', 'fr', 'ja', 'zh-Hant-TW'].map(localeDirection)).to.deep.equal(['ltr', 'ltr', 'ltr', 'ltr', 'ltr']);
  });
});
