// Every story in every shipped language: no English word the widgets show may be left. A story is rendered in English
// and in the language; a word the widgets show in both is English left over, unless it is a brand, the host's own
// data (account and user names) or a word the language writes as English does.
import { expect, fixtureCleanup } from '@open-wc/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../../src/define.js';
import { loadLocaleMessages } from '../../src/i18n/catalog.js';
import { SEED_ACCOUNT, SEED_USERS } from '../../src/seed/seed-data.js';
import * as addFundsDialogStories from '../../stories/add-funds-dialog.stories.js';
import * as autoRechargeSettingsStories from '../../stories/auto-recharge-settings.stories.js';
import * as balanceUsageTableStories from '../../stories/balance-usage-table.stories.js';
import * as creditBalanceStories from '../../stories/credit-balance.stories.js';
import * as paymentMethodsStories from '../../stories/payment-methods.stories.js';
import * as playgroundStories from '../../stories/playground.stories.js';
import * as usageRatesStories from '../../stories/usage-rates.stories.js';
import * as balanceUsageTableChartStories from '../../stories/balance-usage-table-chart.stories.js';
import * as billingHistoryStories from '../../stories/billing-history.stories.js';
import { renderStory } from '../helpers/story.js';
import { LANGUAGES, type ShippedLanguage } from './helpers.js';

type StoryModule = Record<string, unknown> & { default: Meta };

const storyModules: Record<string, StoryModule> = {
  'credit-balance': creditBalanceStories as unknown as StoryModule,
  'add-funds-dialog': addFundsDialogStories as unknown as StoryModule,
  'balance-usage-table': balanceUsageTableStories as unknown as StoryModule,
  'auto-recharge-settings': autoRechargeSettingsStories as unknown as StoryModule,
  'payment-methods': paymentMethodsStories as unknown as StoryModule,
  'usage-rates': usageRatesStories as unknown as StoryModule,
  'balance-usage-table-chart': balanceUsageTableChartStories as unknown as StoryModule,
  'billing-history': billingHistoryStories as unknown as StoryModule,
  playground: playgroundStories as unknown as StoryModule,
};

/** Brands, currency and unit symbols, and the host's own data: the same words in every language. */
const EVERYWHERE = new Set(
  [
    'visa',
    'mastercard',
    'amex',
    'american',
    'express',
    'discover',
    'jcb',
    'unionpay',
    'diners',
    'stripe',
    // "3-D Secure": the card schemes' name for the bank's check, a brand in every language.
    'secure',
    // "ID" of a call, the same abbreviation in every shipped language.
    'id',
    ...[SEED_ACCOUNT.name, ...SEED_USERS.map((user) => user.name)].flatMap((name) => name.toLowerCase().split(/\s+/)),
  ].map((word) => word.toLowerCase()),
);

/** Words a language writes as English does (each is that language's own word where it shows: "Status", "Mode test"). */
const SAME_IN_LANGUAGE: Record<ShippedLanguage, readonly string[]> = {
  // Country names from Intl.DisplayNames that the language spells as English does: China, Japan, Nigeria; France …
  // The test-card form: its expiry's "MM" (MM / JJ, MM / AA) and "Code" (Sicherheitscode, code de sécurité).
  de: ['bank', 'china', 'code', 'mm', 'details', 'export', 'in', 'japan', 'limit', 'min', 'minute', 'nigeria', 'nov', 'status'],
  fr: ['code', 'future', 'mm', 'date', 'destination', 'export', 'minimum', 'minute', 'minutes', 'min', 'mode', 'nov', 'oct', 'page'].concat(
    ['france', 'international', 'nigeria', 'philippines', 'recharge', 'recharges', 'service', 'test', 'total', 'type', 'types', 'usage'],
  ),
  // The Enter key, named as its keycap reads; the test-card form's expiry "MM / YY", as cards print it.
  ja: ['enter', 'mm', 'yy'],
  ar: ['enter', 'mm', 'yy'],
};

/** The host's own words in a story: its re-wording of the widget (WhiteLabel), its users' names (HostileText). */
const HOST_WORDS: Record<string, readonly string[]> = {
  WhiteLabel: ['buy', 'credit', 'credits', 'prepaid'],
  // What the person typed in <usage-rates>' search, quoted back when nothing matches.
  NoMatches: ['atlantis'],
  FrenchSearch: ['emirats'],
  // The open call's ID, as the backend sent it (use_00000300).
  CallDetailsWithRatesLink: ['use'],
  // A backend's card brands: markup shown as text, and a brand nobody knows (capitalised as sent).
  HostileCards: ['alert', 'img', 'onerror', 'src', 'zorblaxcard'],
  // A receipt's account id and the processor's payment id (pi_…), as the backend sent them; the host's tax label.
  Receipt: ['acct', 'pi', 'qhx', 'lk', 'rf'],
  ReceiptWithTax: ['acct', 'pi', 'qhx', 'lk', 'rf', 'vat', 'included'],
  GermanReceipt: ['acct', 'pi', 'qhx', 'lk', 'rf', 'vat', 'included'],
  HostileText: ['alert', 'click', 'evil', 'example', 'finance', 'https', 'hyperlink', 'img', 'me', 'onerror', 'src', 'team'],
};

/** The Latin-script words the library's elements show or speak: shadow-root text and labels, never the host's light DOM. */
function widgetWords(container: HTMLElement): Set<string> {
  const texts: string[] = [];
  const visit = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) texts.push(node.textContent ?? '');
    if (!(node instanceof Element || node instanceof ShadowRoot)) return;
    if (node instanceof Element) {
      if (node.localName === 'style' || node.localName === 'script') return;
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) texts.push(node.getAttribute(name) ?? '');
      if (node.shadowRoot) visit(node.shadowRoot);
    }
    for (const child of node.childNodes) visit(child);
  };
  for (const element of container.querySelectorAll('*')) if (element.shadowRoot) visit(element.shadowRoot);
  const words = texts.join(' ').match(/\p{Script=Latin}{2,}/gu) ?? [];
  // Two or three capitals are a code the same in every language: a country (NG), a currency (USD, EGP), a file type (CSV).
  return new Set(words.filter((word) => !/^[A-Z]{2,3}$/.test(word)).map((word) => word.toLowerCase()));
}

/**
 * Words the language's own country names share with English ones, from the browser's names (Intl.DisplayNames): German
 * "Afghanistan", French "Nigeria", German "Island" (Iceland; English "Bouvet Island"). <usage-rates> lists every country.
 */
function sameCountryWords(language: ShippedLanguage): string[] {
  const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const local = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
  const words = (name: string | undefined): string[] => name?.toLowerCase().match(/\p{Script=Latin}{2,}/gu) ?? [];
  const englishWords = new Set<string>();
  const localWords = new Set<string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const first of letters) {
    for (const second of letters) {
      for (const word of words(english.of(`${first}${second}`))) englishWords.add(word);
      for (const word of words(local.of(`${first}${second}`))) localWords.add(word);
    }
  }
  return [...localWords].filter((word) => englishWords.has(word));
}

async function settle(root: HTMLElement): Promise<void> {
  for (let i = 0; i < 15; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const elements = [...root.querySelectorAll('*')].filter((el) => 'updateComplete' in el);
    await Promise.all(elements.map((el) => (el as unknown as { updateComplete: Promise<unknown> }).updateComplete));
  }
}

/** Renders a story with its locale set to `locale` (its `locale` argument and the container's `lang`), and reads its words. */
async function wordsOf(meta: Meta, story: StoryObj, id: string, locale: string): Promise<Set<string>> {
  const container = document.createElement('div');
  container.lang = locale;
  document.body.append(container);
  try {
    await renderStory({ ...meta, args: { ...meta.args, locale } }, { ...story, args: { ...story.args, locale } }, id, container);
    await settle(container);
    return widgetWords(container);
  } finally {
    container.remove();
    fixtureCleanup();
  }
}

describe('no English left in any story in any shipped language', () => {
  before(async () => {
    await Promise.all(LANGUAGES.map((language) => loadLocaleMessages(language)));
  });

  for (const [title, module] of Object.entries(storyModules)) {
    for (const [exportName, value] of Object.entries(module)) {
      if (exportName === 'default' || typeof value !== 'object' || value === null) continue;
      const story = value as StoryObj;
      it(`${title}: ${exportName}`, async () => {
        const english = await wordsOf(module.default, story, exportName, 'en');
        const left: Record<string, string[]> = {};
        for (const language of LANGUAGES) {
          const allowed = new Set([...SAME_IN_LANGUAGE[language], ...(HOST_WORDS[exportName] ?? []), ...sameCountryWords(language)]);
          const words = await wordsOf(module.default, story, exportName, language);
          const leftover = [...words].filter((word) => english.has(word) && !EVERYWHERE.has(word) && !allowed.has(word));
          if (leftover.length > 0) left[language] = leftover.sort();
        }
        expect(left, `English words in ${title}: ${exportName}`).to.deep.equal({});
      });
    }
  }
});
