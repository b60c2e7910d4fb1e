// Shared by the i18n tests: the shipped catalogs, sample arguments for every message function, and "English that must not leak".
import { defaultAddFundsDialogMessages } from '../../src/components/add-funds-dialog/messages.js';
import { defaultTopUpAttemptMessages } from '../../src/components/add-funds-dialog/top-up-attempt.js';
import { defaultAutoRechargeSettingsMessages } from '../../src/components/auto-recharge-settings/auto-recharge-settings.js';
import { defaultBalanceUsageTableMessages } from '../../src/components/balance-usage-table/grid-messages.js';
import { defaultCreditBalanceMessages } from '../../src/components/credit-balance/messages.js';
import { defaultPaymentMethodsMessages } from '../../src/components/payment-methods/messages.js';
import { defaultUsageRatesMessages } from '../../src/components/usage-rates/messages.js';
import { defaultBillingHistoryMessages } from '../../src/components/billing-history/messages.js';
import type { CompleteLocaleMessages, WidgetKey, WidgetMessages } from '../../src/i18n/catalog.js';
import { defaultStripeProviderMessages } from '../../src/payments/stripe-provider.js';
import { defaultTestCardEntryMessages } from '../../src/payments/test-card-provider.js';
import ar from '../../src/i18n/locales/ar.js';
import de from '../../src/i18n/locales/de.js';
import fr from '../../src/i18n/locales/fr.js';
import ja from '../../src/i18n/locales/ja.js';

export const LANGUAGES = ['de', 'fr', 'ja', 'ar'] as const;
export type ShippedLanguage = (typeof LANGUAGES)[number];

export const CATALOGS: Record<ShippedLanguage, CompleteLocaleMessages> = { de, fr, ja, ar };

export const ENGLISH: WidgetMessages = {
  creditBalance: defaultCreditBalanceMessages,
  addFundsDialog: defaultAddFundsDialogMessages,
  autoRechargeSettings: defaultAutoRechargeSettingsMessages,
  balanceUsageTable: defaultBalanceUsageTableMessages,
  paymentMethods: defaultPaymentMethodsMessages,
  usageRates: defaultUsageRatesMessages,
  billingHistory: defaultBillingHistoryMessages,
  topUpAttempt: defaultTopUpAttemptMessages,
  testCardEntry: defaultTestCardEntryMessages,
  stripeProvider: defaultStripeProviderMessages,
};

export const WIDGETS = Object.keys(ENGLISH) as WidgetKey[];

/** Markers that stand in for interpolated values: each must come back out of every translation. */
const A = '⟦a⟧';
const B = '⟦b⟧';
const C = '⟦c⟧';
const D = '⟦d⟧';

/** Arguments for message functions whose parameters are not all plain strings (counts, digits, parts). */
const NUMERIC_ARGS: Record<string, unknown[]> = {
  activeFilters: [2, A],
  calls: [7, A],
  duration: [3, 5, { minutes: A, seconds: B }],
  endOfList: [A, 7],
  exporting: [A, B, 7],
  exportDone: [A, 7],
  problemTooManyDecimals: [A, 2],
  amountTooManyDecimals: [A, 2],
  countMismatch: [A, B, 7],
  countries: [A, 7],
  chartDropped: [A, 7],
  shown: [A, 7],
  allShown: [A, 7],
  forecastLasts: [A, { count: 7, formatted: B }, { count: 6, formatted: C }],
  forecastLastsUnderADay: [A, { count: 7, formatted: B }],
  forecastLastsOverAYear: [A, { count: 7, formatted: B }],
  forecastAutoRecharge: [A, { count: 7, formatted: B }, C, { count: 6, formatted: D }],
  forecastAutoRechargeDaily: [A, { count: 7, formatted: B }, C],
  forecastAutoRechargeYearly: [A, { count: 7, formatted: B }, C],
};

/** The arguments a test calls message `key` with, and the markers its output must contain. */
export function sampleArgs(key: string, fn: (...args: never[]) => string): { args: unknown[]; markers: string[] } {
  const args = NUMERIC_ARGS[key] ?? [A, B, C, D].slice(0, fn.length);
  const markers = args.flatMap((arg) =>
    // A count's number is no marker (a language may write 1 as a word); its written form is.
    typeof arg === 'string'
      ? [arg]
      : typeof arg === 'object' && arg !== null
        ? Object.values(arg).filter((value) => typeof value === 'string')
        : [],
  );
  return { args, markers };
}

export function call(fn: unknown, args: unknown[]): string {
  return (fn as (...values: unknown[]) => string)(...args);
}

/**
 * Pieces of English a translated widget must not show: every static string, every literal part of every
 * message function (split at its values), every period and sort name. Pieces that the language writes the
 * same way (French "Destination", German "Status") and one-word pieces shorter than 6 letters (which match
 * inside other words) are left out.
 */
export function englishFragments(widget: WidgetKey, language: ShippedLanguage): string[] {
  const english = ENGLISH[widget] as unknown as Record<string, unknown>;
  const translated = CATALOGS[language][widget] as unknown as Record<string, unknown>;
  const fragments = new Set<string>();
  const sameInLanguage = (piece: string): boolean => JSON.stringify(translatedOutputs(translated)).includes(piece);
  for (const [key, value] of Object.entries(english)) {
    let pieces: string[] = [];
    if (typeof value === 'string') pieces = [value];
    else if (typeof value === 'function') {
      const { args, markers } = sampleArgs(key, value as (...args: never[]) => string);
      let text = call(value, args);
      for (const marker of markers) text = text.split(marker).join('\u0000');
      pieces = text.split('\u0000');
    } else if (value && typeof value === 'object') pieces = Object.values(value as Record<string, string>);
    for (const raw of pieces) {
      const piece = raw
        .trim()
        .replace(/^[,.:;()]+|[,.:;()]+$/g, '')
        .trim();
      const words = piece.split(/\s+/).filter(Boolean);
      if (words.length === 0 || (words.length === 1 && piece.length < 6)) continue;
      if (!sameInLanguage(piece)) fragments.add(piece);
    }
  }
  return [...fragments];
}

function translatedOutputs(messages: Record<string, unknown>): string[] {
  return Object.entries(messages).flatMap(([key, value]) => {
    if (typeof value === 'string') return [value];
    if (typeof value === 'function') return [call(value, sampleArgs(key, value as (...args: never[]) => string).args)];
    return Object.values(value as Record<string, string>);
  });
}

/** Text as read: isolates removed, no-break spaces as spaces, whitespace collapsed. */
export function normalise(text: string | null | undefined): string {
  return (text ?? '')
    .replace(/[\u2066-\u2069\u200e\u200f\u061c]/g, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Everything an element shows or speaks: shadow text (with slot defaults), aria-labels, titles and placeholders,
 * its private sub-elements' (those it renders with `exportparts`) included.
 */
export function shownText(el: Element): string {
  const texts: string[] = [];
  const roots = [el.shadowRoot!];
  for (const root of roots) {
    texts.push(root.textContent);
    for (const node of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
      texts.push(node.getAttribute('aria-label') ?? '', node.getAttribute('title') ?? '', node.getAttribute('placeholder') ?? '');
    }
    for (const sub of root.querySelectorAll('[exportparts]')) if (sub.shadowRoot) roots.push(sub.shadowRoot);
  }
  return normalise(texts.join(' \n '));
}

/** Waits until queued requests answered and the elements re-rendered. */
export async function settle(...elements: Array<{ updateComplete: Promise<unknown> }>): Promise<void> {
  for (let round = 0; round < 6; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.all(elements.map((el) => el.updateComplete));
  }
}

export async function until(condition: () => boolean, what = 'condition', timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not met in time`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
