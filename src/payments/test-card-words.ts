// The test-card form's words: its English, the words in a locale, and the language and direction of what it draws.
import { localeDirection, resolveMessages } from '../i18n/catalog.js';
import { resolveLocale } from '../i18n/locale.js';
import type { TestCardEntryMessages } from '../i18n/messages/test-card-entry.js';

export const defaultTestCardEntryMessages: TestCardEntryMessages = {
  testMode: 'Test mode',
  hint: (card) => `Use ${card}, any future date and any 3-digit code. No real card is charged.`,
  cardNumber: 'Card number',
  expiry: 'Expiry date (MM / YY)',
  expiryPlaceholder: 'MM / YY',
  cvc: 'Security code (CVC)',
  otherCards: 'Other test cards',
  useCard: 'Use test card',
  cardDescription: (brand, outcome) => `${brand}: ${outcome}`,
  outcomes: {
    succeeds: 'the payment succeeds.',
    requires_authentication: 'the bank asks for 3-D Secure on each on-session payment; once saved, off-session payments need none.',
    insufficient_funds: 'declined for insufficient funds.',
    generic_decline: 'declined without a specific reason.',
    expired_card: 'declined because the card has expired.',
  },
  numberRequired: 'Enter the card number.',
  numberIncomplete: 'The card number is incomplete.',
  numberInvalid: 'The card number is not valid. Check it and try again.',
  numberNotTestCard: 'Test mode only accepts the test cards listed below.',
  expiryRequired: 'Enter the expiry date.',
  expiryIncomplete: 'Enter the expiry date as MM / YY.',
  expiryMonth: 'The expiry month must be from 01 to 12.',
  expiryPast: 'The card has expired. Check the date, or use another card.',
  expiryTooFar: 'The expiry year is too far in the future. Check the date.',
  cvcRequired: 'Enter the security code.',
  cvcInvalid: 'The security code is the 3 digits on the back of the card.',
  closed: 'The card form was closed. Open it again to pay with a new card.',
  challengeTitle: 'Confirm this payment',
  challengeText: 'Your bank wants to confirm this payment. In test mode, choose how the bank’s check ends.',
  challengeComplete: 'Complete authentication',
  challengeFail: 'Fail authentication',
};

/** The form's words in a locale: English < shipped catalog < host registrations (pt-BR → pt → en). */
export function messagesFor(locale: string): TestCardEntryMessages {
  return resolveMessages(locale, 'testCardEntry', defaultTestCardEntryMessages, undefined);
}

/** Keeps a value in its own direction inside a sentence (FSI … PDI). */
export function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

/** The locale an element speaks: the nearest `lang` above it, across shadow roots; else the page's, the browser's. */
export function localeAround(element: Element | null): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return resolveLocale(node, undefined);
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return resolveLocale(document.documentElement, undefined);
}

/** Gives an element of ours the language and direction of its words (a modal challenge sits outside the widget). */
export function speak(element: HTMLElement, locale: string): void {
  element.lang = locale;
  element.dir = localeDirection(locale);
}
