// The theme a widget shows, as a PaymentAppearance for a provider whose card entry (an iframe) cannot inherit CSS.
// Its own module: a widget imports it only when it mounts a card entry, so a page that never adds a card never loads it.
import type { PaymentAppearance } from './payment-provider.js';

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
