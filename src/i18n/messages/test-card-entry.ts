// The message interface of the test-card payment provider (src/payments/test-card-provider.ts): in i18n/, the bottom layer, so the catalog never imports a widget or provider.
// The English defaults stay with the element or provider that speaks them.

/** payments/test-cards.ts's TestCardOutcome, spelt out so i18n imports nothing from payments (test-cards.ts checks they match). */
export type TestCardOutcomeKey = 'succeeds' | 'requires_authentication' | 'insufficient_funds' | 'generic_decline' | 'expired_card';

/**
 * The words of the test-card form and its 3-D Secure challenge. English here; the shipped catalogs'
 * `testCardEntry` section has the other languages, and a host may re-word them with registerLocaleMessages.
 * Values are passed wrapped in isolates (FSI … PDI) where they sit inside a sentence.
 */
export interface TestCardEntryMessages {
  /** The badge on the form and on the challenge. */
  testMode: string;
  /** The hint above the form; `card` is the test card number to type. */
  hint: (card: string) => string;
  cardNumber: string;
  /** The expiry field's label, naming the format of `expiryPlaceholder`. */
  expiry: string;
  expiryPlaceholder: string;
  cvc: string;
  /** Summary of the list of test cards. */
  otherCards: string;
  /** Read out before a listed card's number, on the button that fills it in. */
  useCard: string;
  /** One listed card: its brand ("Visa") and what it does (one of `outcomes`). */
  cardDescription: (brand: string, outcome: string) => string;
  /** What each listed test card does. */
  outcomes: Record<TestCardOutcomeKey, string>;
  numberRequired: string;
  numberIncomplete: string;
  numberInvalid: string;
  numberNotTestCard: string;
  expiryRequired: string;
  expiryIncomplete: string;
  expiryMonth: string;
  expiryPast: string;
  expiryTooFar: string;
  cvcRequired: string;
  cvcInvalid: string;
  /** Tokenizing after the form was destroyed. */
  closed: string;
  challengeTitle: string;
  challengeText: string;
  challengeComplete: string;
  challengeFail: string;
}
