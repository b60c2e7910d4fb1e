// Stripe's published test cards and what each does, shared by the mock client, the test-card payment provider and the reference server.
//
// Provider tokens for test cards
// ------------------------------
// Without Stripe, a "new card" is named by a token that carries the test card number:
//
//   test_card_4242424242424242             the card as Stripe documents it
//   test_card_4242424242424242_exp_1229    the same, with the expiry typed in the form (12/29): a
//                                          saved card keeps it (without one, four years from now)
//   test_card_4000002500003155_3ds_fail    the same card, but the cardholder fails the 3-D Secure
//                                          challenge (cancels it, or the bank rejects it)
//
// The `_3ds_fail` suffix only changes anything for a card that asks for authentication;
// on a card that never asks (4242…) it is accepted and ignored. Any other shape of token
// is not a test-card token: `resolveTestCardToken` returns null for it.
import { defaultDeclineMessages, type DeclineCode } from '../i18n/messages/errors.js';
import type { TestCardOutcomeKey } from '../i18n/messages/test-card-entry.js';

/** What happens when a test card is charged (or saved) on-session. */
export type TestCardOutcome = 'succeeds' | 'requires_authentication' | 'insufficient_funds' | 'generic_decline' | 'expired_card';

/** Stripe-style decline codes the test cards (and their 3-D Secure failure) produce. */
export type TestCardDeclineCode =
  'insufficient_funds' | 'generic_decline' | 'expired_card' | 'authentication_failed' | 'authentication_required';

export interface TestCard {
  /** The 16-digit number as published in Stripe's testing documentation. */
  readonly number: string;
  /** Lower-case brand, as PaymentMethod.brand carries it. */
  readonly brand: string;
  readonly last4: string;
  readonly outcome: TestCardOutcome;
  /** One line for a picker in stories and the demo. */
  readonly description: string;
}

export const TEST_CARDS: readonly TestCard[] = [
  {
    number: '4242424242424242',
    brand: 'visa',
    last4: '4242',
    outcome: 'succeeds',
    description: 'Visa: the payment succeeds.',
  },
  {
    number: '5555555555554444',
    brand: 'mastercard',
    last4: '4444',
    outcome: 'succeeds',
    description: 'Mastercard: the payment succeeds.',
  },
  {
    number: '4000002500003155',
    brand: 'visa',
    last4: '3155',
    outcome: 'requires_authentication',
    description: 'Visa: the bank asks for 3-D Secure on each on-session payment; once saved, off-session payments need none.',
  },
  {
    number: '4000000000009995',
    brand: 'visa',
    last4: '9995',
    outcome: 'insufficient_funds',
    description: 'Visa: declined for insufficient funds.',
  },
  {
    number: '4000000000000002',
    brand: 'visa',
    last4: '0002',
    outcome: 'generic_decline',
    description: 'Visa: declined without a specific reason.',
  },
  {
    number: '4000000000000069',
    brand: 'visa',
    last4: '0069',
    outcome: 'expired_card',
    description: 'Visa: declined because the card has expired.',
  },
];

/** Plain-words messages for each decline code, written for the person paying (the English lives in i18n/messages/errors.ts). */
export const DECLINE_MESSAGES: Readonly<Record<TestCardDeclineCode, string>> = defaultDeclineMessages;
// The catalog's decline codes and these must be the same set (a new code needs its English there).
const sameDeclineCodes: [TestCardDeclineCode] extends [DeclineCode] ? ([DeclineCode] extends [TestCardDeclineCode] ? true : never) : never =
  true;
// eslint-disable-next-line @typescript-eslint/no-meaningless-void-operator -- marks the compile-time check as used (noUnusedLocals)
void sameDeclineCodes;
// The test-card form words each outcome (i18n/messages/test-card-entry.ts): a new outcome needs its words there.
const sameOutcomes: [TestCardOutcome] extends [TestCardOutcomeKey]
  ? [TestCardOutcomeKey] extends [TestCardOutcome]
    ? true
    : never
  : never = true;
// eslint-disable-next-line @typescript-eslint/no-meaningless-void-operator -- marks the compile-time check as used (noUnusedLocals)
void sameOutcomes;

export const TEST_CARD_TOKEN_PREFIX = 'test_card_';
export const FAILED_AUTHENTICATION_SUFFIX = '_3ds_fail';

const TOKEN_PATTERN = /^test_card_(\d{16})(?:_exp_(\d{2})(\d{2}))?(_3ds_fail)?$/;

/** An expiry as typed: month 1–12 and the four-digit year (MM / YY means 20YY). */
export interface TestCardExpiry {
  readonly month: number;
  readonly year: number;
}

/** Builds the provider token for a test card number (spaces allowed, as people type them) and, when given, the typed expiry. */
export function testCardToken(cardNumber: string, options: { failAuthentication?: boolean; expiry?: TestCardExpiry } = {}): string {
  const digits = cardNumber.replace(/\s+/g, '');
  const { expiry } = options;
  const expiryPart = expiry ? `_exp_${String(expiry.month).padStart(2, '0')}${String(expiry.year % 100).padStart(2, '0')}` : '';
  return `${TEST_CARD_TOKEN_PREFIX}${digits}${expiryPart}${options.failAuthentication ? FAILED_AUTHENTICATION_SUFFIX : ''}`;
}

export function findTestCard(cardNumber: string): TestCard | null {
  const digits = cardNumber.replace(/\s+/g, '');
  return TEST_CARDS.find((card) => card.number === digits) ?? null;
}

export interface ResolvedTestCardToken {
  readonly card: TestCard;
  /** True for the `_3ds_fail` variant: the cardholder does not pass the challenge. */
  readonly failsAuthentication: boolean;
  /** The expiry typed with the card (`_exp_MMYY`), when the token carries one. */
  readonly expiry?: TestCardExpiry;
}

/** The test card a provider token names, or null when it is not a test-card token for a known card (or names month 00 or 13+). */
export function resolveTestCardToken(providerToken: string): ResolvedTestCardToken | null {
  const match = TOKEN_PATTERN.exec(providerToken);
  if (!match?.[1]) return null;
  const card = findTestCard(match[1]);
  if (!card) return null;
  const failsAuthentication = match[4] !== undefined;
  if (match[2] === undefined || match[3] === undefined) return { card, failsAuthentication };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return { card, failsAuthentication, expiry: { month, year: 2000 + Number(match[3]) } };
}

/** Saved test cards without a typed expiry are good for this many years from saving. */
export const SAVED_TEST_CARD_YEARS = 4;

/** The expiry a saved test card gets: the one typed with it, or else the saving month four years on (UTC). */
export function savedTestCardExpiry(resolved: Pick<ResolvedTestCardToken, 'expiry'>, now: Date): { expMonth: number; expYear: number } {
  if (resolved.expiry) return { expMonth: resolved.expiry.month, expYear: resolved.expiry.year };
  return { expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() + SAVED_TEST_CARD_YEARS };
}

/** A typed expiry whose month is over (a card is good through the last day of its expiry month, UTC). */
export function typedExpiryHasPassed(resolved: Pick<ResolvedTestCardToken, 'expiry'>, now: Date): boolean {
  const { expiry } = resolved;
  return expiry !== undefined && expiry.year * 12 + expiry.month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
}

/** The result of charging a test card on-session, as a backend would report it. */
export type TestCardChargeOutcome =
  | { readonly status: 'succeeded' }
  | {
      readonly status: 'requires_action';
      /** What the 3-D Secure challenge will end in, for whoever simulates it. */
      readonly authentication: 'succeeds' | 'fails';
    }
  | { readonly status: 'declined'; readonly declineCode: TestCardDeclineCode; readonly message: string };

/** Maps a card's documented outcome to what an on-session charge reports. */
export function chargeOutcomeFor(outcome: TestCardOutcome, failsAuthentication = false): TestCardChargeOutcome {
  switch (outcome) {
    case 'succeeds':
      return { status: 'succeeded' };
    case 'requires_authentication':
      return { status: 'requires_action', authentication: failsAuthentication ? 'fails' : 'succeeds' };
    case 'insufficient_funds':
    case 'generic_decline':
    case 'expired_card':
      return { status: 'declined', declineCode: outcome, message: DECLINE_MESSAGES[outcome] };
  }
}

/** What charging the card behind a provider token does, or null when the token names no test card. */
export function testCardOutcomeForToken(providerToken: string): TestCardChargeOutcome | null {
  const resolved = resolveTestCardToken(providerToken);
  return resolved ? chargeOutcomeFor(resolved.card.outcome, resolved.failsAuthentication) : null;
}
