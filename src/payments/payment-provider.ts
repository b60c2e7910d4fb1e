// The PaymentProvider seam: how widgets collect a new card and run 3-D Secure without card data ever reaching the host page.
import { BillingError } from '../client/errors.js';
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

export const CARD_ENTRY_UNAVAILABLE_MESSAGE = 'Card entry is unavailable right now. You can still pay with a saved card.';

/** The one error every provider rejects mountCardEntry with when it cannot load. */
export function cardEntryUnavailableError(cause?: unknown): BillingError {
  return new BillingError('unavailable', { message: CARD_ENTRY_UNAVAILABLE_MESSAGE, cause });
}

// ---------------------------------------------------------------- appearance from tokens

type ColorRole = 'color-accent' | 'color-text' | 'color-text-muted' | 'color-surface' | 'color-danger' | 'color-border';
type LengthRole = 'font-size' | 'radius' | 'space';

// Used only when neither the widget nor the host defines a token (the element is outside any
// widget and the page sets nothing); they match the light defaults of styles/tokens.ts.
const FALLBACK_COLORS: Record<ColorRole, string> = {
  'color-accent': '#4f46e5',
  'color-text': '#1b2030',
  'color-text-muted': '#596174',
  'color-surface': '#ffffff',
  'color-danger': '#b42318',
  'color-border': '#dfe3ea',
};
const FALLBACK_LENGTHS: Record<LengthRole, string> = { 'font-size': '14px', radius: '8px', space: '4px' };
const FALLBACK_FONT_FAMILY =
  'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

/**
 * Reads the theme a widget resolved (`--_billing-*`, which already holds its light or dark
 * default) or, outside a widget, what the host set (`--billing-*`), for a provider whose card
 * entry cannot inherit CSS. Call it on the element the card entry is mounted in.
 */
export function appearanceFromTokens(element: Element): PaymentAppearance {
  const computed = getComputedStyle(element);
  const raw = (role: string): string =>
    computed.getPropertyValue(`--_billing-${role}`).trim() || computed.getPropertyValue(`--billing-${role}`).trim();

  const color = (role: ColorRole): Rgba => toRgba(raw(role)) ?? toRgba(FALLBACK_COLORS[role]) ?? WHITE;
  const lengths = toPixels(element, {
    'font-size': raw('font-size'),
    radius: raw('radius'),
    space: raw('space'),
  });

  const background = color('color-surface');
  return {
    colorPrimary: formatColor(color('color-accent')),
    colorText: formatColor(color('color-text')),
    colorTextMuted: formatColor(color('color-text-muted')),
    colorBackground: formatColor(background),
    colorDanger: formatColor(color('color-danger')),
    colorBorder: formatColor(color('color-border')),
    fontFamily: raw('font-family') || FALLBACK_FONT_FAMILY,
    fontSizeBase: lengths['font-size'],
    borderRadius: lengths.radius,
    spacingUnit: lengths.space,
    // From the colour actually shown rather than color-scheme: a partner may paint a dark
    // surface through tokens alone, and the provider's theme must match what people see.
    // 0.179 is where black and white text contrast equally with the background.
    theme: relativeLuminance(background) < 0.179 ? 'dark' : 'light',
  };
}

interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0–255 */
  a: number;
}

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 255 };

let colorCanvas: CanvasRenderingContext2D | null | undefined;

/**
 * Any CSS colour (oklch(), color-mix(), named …) in sRGB, by painting one pixel: an iframe
 * provider accepts only a few colour syntaxes and silently ignores the rest. Null when invalid.
 */
function toRgba(value: string): Rgba | null {
  if (!value || !CSS.supports('color', value)) return null;
  if (colorCanvas === undefined) {
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    colorCanvas = canvas.getContext('2d', { willReadFrequently: true });
  }
  const context = colorCanvas;
  if (!context) return null;
  // A value the canvas cannot parse leaves fillStyle unchanged; the sentinel tells us so.
  const sentinel = '#010203';
  context.fillStyle = sentinel;
  context.fillStyle = value;
  if (context.fillStyle === sentinel && value.toLowerCase() !== sentinel) return null;
  context.clearRect(0, 0, 1, 1);
  context.fillRect(0, 0, 1, 1);
  const [r = 0, g = 0, b = 0, a = 0] = context.getImageData(0, 0, 1, 1).data;
  return { r, g, b, a };
}

function formatColor({ r, g, b, a }: Rgba): string {
  if (a === 255) return `#${[r, g, b].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
  return `rgba(${r}, ${g}, ${b}, ${Math.round((a / 255) * 100) / 100})`;
}

function relativeLuminance({ r, g, b }: Rgba): number {
  const linear = (channel: number): number => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/**
 * Resolves rem, em and calc() lengths to px with a throwaway probe: inside an iframe `rem`
 * means the iframe's root size, not the page's, so only px carries over unchanged.
 */
function toPixels(element: Element, values: Record<LengthRole, string>): Record<LengthRole, string> {
  const probe = document.createElement('span');
  probe.setAttribute('aria-hidden', 'true');
  probe.style.cssText = 'position:absolute;visibility:hidden;pointer-events:none;';
  const set = (property: string, value: string): boolean => {
    if (!value || !CSS.supports(property, value)) return false;
    probe.style.setProperty(property, value);
    return true;
  };
  const hasFontSize = set('font-size', values['font-size']);
  const hasRadius = set('border-top-left-radius', values.radius);
  const hasSpace = set('padding-top', values.space);

  const parent = element.isConnected ? element : document.documentElement;
  parent.append(probe);
  try {
    const computed = getComputedStyle(probe);
    const px = (value: string, fallback: string): string => (/^-?[\d.]+px$/.test(value) ? value : fallback);
    return {
      'font-size': hasFontSize ? px(computed.fontSize, FALLBACK_LENGTHS['font-size']) : FALLBACK_LENGTHS['font-size'],
      radius: hasRadius ? px(computed.borderTopLeftRadius, FALLBACK_LENGTHS.radius) : FALLBACK_LENGTHS.radius,
      space: hasSpace ? px(computed.paddingTop, FALLBACK_LENGTHS.space) : FALLBACK_LENGTHS.space,
    };
  } finally {
    probe.remove();
  }
}
