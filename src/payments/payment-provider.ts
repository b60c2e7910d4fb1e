// The PaymentProvider seam: how widgets collect a new card and run 3-D Secure without card data ever reaching the host page.
import { BillingError } from '../client/errors.js';
import { CARD_ENTRY_UNAVAILABLE_MESSAGE } from '../i18n/messages/errors.js';
import type { Money } from '../money/money.js';

/** What a widget needs to know about the card entry to enable its Pay button. */
export interface CardEntryState {
  /** Every field is filled in and valid as far as the provider can tell before tokenizing. */
  complete: boolean;
  /**
   * A plain-words problem with what was entered, or null. The card entry already shows it
   * next to the field (Stripe inside its iframe); a widget need not repeat it.
   */
  error: string | null;
}

export type TokenizeResult =
  | {
      ok: true;
      /** Opaque token for the backend: a Stripe ConfirmationToken id, or a `test_card_…` token. */
      providerToken: string;
      /**
       * The card the token charges, as printed on it (brand such as `visa`, last four digits), when the
       * provider knows: widgets name it ("Visa ••3155") instead of "a new card".
       */
      card?: { brand: string; last4: string };
    }
  | {
      ok: false;
      /**
       * `invalid_card_details` (the person can fix what they typed), `card_declined`, `network`,
       * `unavailable`, or `unknown`. Providers may add their own.
       */
      code: string;
      /** Written for the person paying. */
      message: string;
    };

export interface TokenizeOptions {
  /** Aborting rejects with an AbortError; a late provider answer is dropped. */
  signal?: AbortSignal;
  /**
   * The card will be kept for later charges without the person present (saveCard on a top-up).
   * Stripe needs this on the token, or the backend cannot attach the card for automatic recharges.
   */
  saveCard?: boolean;
}

export interface CardEntryUpdate {
  /** The top-up amount changed; some providers show it (wallet sheets) or pick methods by it. */
  amount?: Money;
  /** The theme changed, e.g. the host switched to dark. */
  appearance?: PaymentAppearance;
  /** The widget's locale changed: the card entry's words (the provider's and, for Stripe, Stripe's) follow it. */
  locale?: string;
}

export interface CardEntry {
  /**
   * Validates and tokenizes the entered card. Never exposes the card number to the caller.
   * Resolves with `ok: false` for anything the person can act on; rejects only with an AbortError.
   */
  tokenize(options?: TokenizeOptions): Promise<TokenizeResult>;
  /** Called on every change of completeness or error. Returns an unsubscribe function. */
  onChange(listener: (state: CardEntryState) => void): () => void;
  update(changes: CardEntryUpdate): void;
  focus(): void;
  /** Removes everything the card entry put into the page. Safe to call twice. */
  destroy(): void;
}

/**
 * The widget's theme, resolved to concrete values a provider can hand to an iframe that cannot
 * see the page's CSS. Colours are `#rrggbb` (or `rgba()` when translucent); lengths are in px.
 */
export interface PaymentAppearance {
  colorPrimary: string;
  colorText: string;
  colorTextMuted: string;
  colorBackground: string;
  colorDanger: string;
  colorBorder: string;
  fontFamily: string;
  fontSizeBase: string;
  borderRadius: string;
  spacingUnit: string;
  theme: 'light' | 'dark';
}

export interface MountCardEntryOptions {
  /** `payment` to pay a top-up now; `setup` to save a card without charging it (addPaymentMethod). */
  mode: 'payment' | 'setup';
  /** Required for `payment`: Stripe's deferred-intent flow needs an amount up front. */
  amount?: Money;
  /** ISO 4217, any case. */
  currency: string;
  /** BCP 47 tag for the provider's own labels and errors; the browser's language when absent. */
  locale?: string;
  appearance: PaymentAppearance;
  /** Aborting rejects with an AbortError and leaves nothing mounted. */
  signal?: AbortSignal;
}

export interface NextAction {
  type: 'three_d_secure';
  clientSecret: string;
}

export type NextActionResult = { ok: true } | { ok: false; code: string; message: string };

export interface HandleNextActionOptions {
  /** Aborting rejects with an AbortError and closes any challenge the provider drew. */
  signal?: AbortSignal;
  /**
   * Where a provider that draws its own challenge may draw it (the test-card provider).
   * Stripe ignores it: its challenge is a modal over the whole page.
   */
  container?: HTMLElement;
  /**
   * BCP 47 tag for the challenge's words and the failure texts the provider writes; when absent, the
   * card entry's locale (test cards) or the page's language, then the browser's.
   */
  locale?: string;
}

/**
 * Implement this to use another processor (Adyen, Braintree …): card entry must live in the
 * processor's iframe (or, for test cards, in the provider's own shadow root), so neither the
 * host page nor the widgets ever see a real card number.
 */
export interface PaymentProvider {
  /** 'stripe', 'test-cards', or the host's own. */
  readonly id: string;
  /** Widgets show a "Test mode" label when true. */
  readonly testMode: boolean;
  /**
   * Mounts the provider's card entry (an iframe for Stripe) inside `container`, which must be
   * connected to the document. Resolves once a person can type into it. Rejects with
   * BillingError('unavailable') when the provider cannot load (offline, blocked by CSP).
   */
  mountCardEntry(container: HTMLElement, options: MountCardEntryOptions): Promise<CardEntry>;
  /**
   * Runs strong customer authentication for a `requires_action` top-up. Resolves with `ok: false`
   * when the bank or the cardholder refused; rejects only with an AbortError.
   */
  handleNextAction(nextAction: NextAction, options?: HandleNextActionOptions): Promise<NextActionResult>;
}

// Its English lives in i18n/messages/errors.ts, where the catalog matches it to translate it.
export { CARD_ENTRY_UNAVAILABLE_MESSAGE };

/** The one error every provider rejects mountCardEntry with when it cannot load. */
export function cardEntryUnavailableError(cause?: unknown): BillingError {
  return new BillingError('unavailable', { message: CARD_ENTRY_UNAVAILABLE_MESSAGE, messageKey: 'errors.cardEntryUnavailable', cause });
}
