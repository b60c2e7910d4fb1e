// Stripe's shapes from the provider contract's: the appearance, the locale, and the outcome of a failed tokenize or challenge.
import type { Appearance, StripeElementLocale, StripeError } from '@stripe/stripe-js';
import type { StripeProviderMessages } from '../i18n/messages/stripe-provider.js';
import type { NextActionResult, PaymentAppearance, TokenizeResult } from './payment-provider.js';
import { DECLINE_MESSAGES } from './test-cards.js';

// The stock decline text: the widgets show it in their language by its code (authentication_failed).
const AUTHENTICATION_FAILED_MESSAGE = DECLINE_MESSAGES.authentication_failed;

/** Stripe's appearance from the widget's resolved tokens. */
export function stripeAppearance(appearance: PaymentAppearance): Appearance {
  return {
    theme: appearance.theme === 'dark' ? 'night' : 'stripe',
    variables: {
      colorPrimary: appearance.colorPrimary,
      colorText: appearance.colorText,
      colorTextSecondary: appearance.colorTextMuted,
      colorTextPlaceholder: appearance.colorTextMuted,
      colorBackground: appearance.colorBackground,
      colorDanger: appearance.colorDanger,
      fontFamily: appearance.fontFamily,
      fontSizeBase: appearance.fontSizeBase,
      borderRadius: appearance.borderRadius,
      // Stripe's unit defaults to 2px where --billing-space defaults to 4px: halving keeps the
      // default density and scales with the partner's choice.
      spacingUnit: halvePixels(appearance.spacingUnit),
    },
    rules: {
      '.Input': { borderColor: appearance.colorBorder },
      '.Tab': { borderColor: appearance.colorBorder },
    },
  };
}

function halvePixels(length: string): string {
  const px = /^(-?[\d.]+)px$/.exec(length)?.[1];
  return px === undefined ? length : `${Number(px) / 2}px`;
}

// As typed by StripeElementLocale; a locale outside it falls back to its language, then 'auto'.
const STRIPE_LOCALES = [
  'ar',
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'en-AU',
  'en-CA',
  'en-NZ',
  'en-GB',
  'es',
  'es-ES',
  'es-419',
  'et',
  'fi',
  'fil',
  'fr',
  'fr-CA',
  'fr-FR',
  'he',
  'hu',
  'hr',
  'id',
  'it',
  'it-IT',
  'ja',
  'ko',
  'lt',
  'lv',
  'ms',
  'mt',
  'nb',
  'nl',
  'no',
  'pl',
  'pt',
  'pt-BR',
  'ro',
  'ru',
  'sk',
  'sl',
  'sv',
  'th',
  'tr',
  'vi',
  'zh',
  'zh-HK',
  'zh-TW',
] as const satisfies readonly StripeElementLocale[];

export function stripeLocale(locale: string | undefined): StripeElementLocale {
  if (!locale) return 'auto';
  const lower = locale.toLowerCase();
  const exact = STRIPE_LOCALES.find((candidate) => candidate.toLowerCase() === lower);
  if (exact) return exact;
  const language = lower.split('-')[0];
  return STRIPE_LOCALES.find((candidate) => candidate === language) ?? 'auto';
}

export function tokenizeFailure(error: StripeError, text: StripeProviderMessages): TokenizeResult {
  switch (error.type) {
    case 'validation_error':
      // Stripe's own wording, already in the person's language ("Your card number is incomplete.").
      return { ok: false, code: 'invalid_card_details', message: error.message ?? text.checkDetails };
    case 'card_error':
      return { ok: false, code: 'card_declined', message: error.message ?? text.declined };
    case 'api_connection_error':
      return { ok: false, code: 'network', message: text.network };
    default:
      // invalid_request_error, api_error …: their messages are written for developers.
      return { ok: false, code: 'unknown', message: text.unknown };
  }
}

const AUTHENTICATION_FAILURE_CODES = new Set(['payment_intent_authentication_failure', 'setup_intent_authentication_failure']);

export function nextActionFailure(error: StripeError, text: StripeProviderMessages): NextActionResult {
  // One code for a failed or cancelled challenge, whichever intent it was, as the test cards use.
  if (!error.code || AUTHENTICATION_FAILURE_CODES.has(error.code)) {
    return { ok: false, code: 'authentication_failed', message: AUTHENTICATION_FAILED_MESSAGE };
  }
  if (error.type === 'api_connection_error') return { ok: false, code: error.code, message: text.network };
  if (error.type === 'card_error') return { ok: false, code: error.code, message: error.message ?? AUTHENTICATION_FAILED_MESSAGE };
  return { ok: false, code: error.code, message: text.unknown };
}
