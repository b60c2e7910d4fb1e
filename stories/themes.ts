// The example themes designers switch between in Storybook's toolbar: each is only a set of --billing-* values.
import { html, nothing, type TemplateResult } from 'lit';
import { billingTokenDefaults, type BillingTheme } from '../src/styles/tokens.js';

export interface ExampleTheme {
  /** Shown in the toolbar and on the Theming page. */
  readonly title: string;
  readonly description: string;
  /**
   * Put on the wrapper as data-billing-theme, so native controls (scrollbars, date inputs) and
   * the widgets' own fallbacks follow the same scheme. Absent: the widgets follow prefers-color-scheme.
   */
  readonly scheme?: BillingTheme;
  /** Custom properties set on the wrapper; they inherit into every widget's shadow root. */
  readonly tokens: Readonly<Record<`--billing-${string}`, string>>;
  /** The page behind the widgets, so a dark theme is not shown on a white page. */
  readonly pageBackground: string;
}

export const THEMES = {
  default: {
    title: 'Default',
    description: 'The built-in roles, nothing set: light or dark follows the operating system (prefers-color-scheme).',
    tokens: {},
    pageBackground: 'Canvas',
  },
  dark: {
    title: 'Dark',
    description: 'Every role set to its dark value, whatever the operating system prefers.',
    scheme: 'dark',
    tokens: billingTokenDefaults('dark'),
    pageBackground: '#0b0d12',
  },
  northwind: {
    title: 'Northwind (partner)',
    description: 'A white-label partner: its own typeface, square corners, teal brand colour and a warm surface.',
    scheme: 'light',
    tokens: {
      '--billing-color-accent': '#0f766e',
      '--billing-color-accent-contrast': '#ffffff',
      '--billing-color-text': '#1c2a27',
      '--billing-color-text-muted': '#4d5f5b',
      '--billing-color-surface': '#fffdf8',
      '--billing-color-surface-raised': '#f1efe7',
      '--billing-color-border': '#d6d2c4',
      '--billing-font-family': '"Trebuchet MS", "Gill Sans", "Segoe UI", Candara, sans-serif',
      '--billing-font-size': '0.9375rem',
      '--billing-radius': '2px',
      '--billing-shadow': 'none',
      '--billing-balance-amount-color': '#0f766e',
    },
    pageBackground: '#f7f5ee',
  },
} as const satisfies Record<string, ExampleTheme>;

export type ThemeName = keyof typeof THEMES;

export function isThemeName(value: unknown): value is ThemeName {
  return typeof value === 'string' && Object.hasOwn(THEMES, value);
}

/** The theme as an inline `style` value for a wrapper element. */
export function themeStyle(theme: ExampleTheme): string {
  return Object.entries(theme.tokens)
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
}

/** The locales of the toolbar; `dir` is what the story wrapper gets. */
export const LOCALES = {
  en: { title: 'English', lang: 'en-US', dir: 'ltr' },
  de: { title: 'Deutsch', lang: 'de-DE', dir: 'ltr' },
  fr: { title: 'Français', lang: 'fr-FR', dir: 'ltr' },
  ja: { title: '日本語', lang: 'ja-JP', dir: 'ltr' },
  ar: { title: 'العربية', lang: 'ar-EG', dir: 'rtl' },
} as const satisfies Record<string, { title: string; lang: string; dir: 'ltr' | 'rtl' }>;

export type LocaleName = keyof typeof LOCALES;

export function isLocaleName(value: unknown): value is LocaleName {
  return typeof value === 'string' && Object.hasOwn(LOCALES, value);
}

/**
 * The wrapper every story renders in (the preview's decorator, and the a11y tests): the theme's
 * --billing-* values and data-billing-theme, and the locale's `lang` and `dir`. The widgets read
 * both by inheritance, exactly as inside a host page.
 */
export function themedStory(themeName: unknown, localeName: unknown, story: unknown): TemplateResult {
  const theme: ExampleTheme = THEMES[isThemeName(themeName) ? themeName : 'default'];
  const locale = LOCALES[isLocaleName(localeName) ? localeName : 'en'];
  return html`<div
    class="billing-story"
    data-billing-theme=${theme.scheme ?? nothing}
    lang=${locale.lang}
    dir=${locale.dir}
    style=${[
      themeStyle(theme),
      `background: ${theme.pageBackground}`,
      `color-scheme: ${theme.scheme ?? 'light dark'}`,
      'padding: 1rem',
      'border-radius: 0.5rem',
    ]
      .filter(Boolean)
      .join('; ')}
  >
    ${story}
  </div>`;
}
