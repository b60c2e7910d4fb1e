// The --billing-* token layer: global roles with light and dark defaults, resolved once per component :host.
import { css, unsafeCSS, type CSSResult, type ReactiveController, type ReactiveControllerHost } from 'lit';

/**
 * Global roles a host page may set anywhere above a widget (custom properties inherit into
 * shadow roots). Each entry: [light default, dark default].
 */
const ROLES = {
  'color-accent': ['#4f46e5', '#a5b4fc'],
  'color-accent-contrast': ['#ffffff', '#1e1b4b'],
  'color-text': ['#1b2030', '#e7e9f0'],
  'color-text-muted': ['#596174', '#a2a9ba'],
  'color-surface': ['#ffffff', '#161922'],
  'color-surface-raised': ['#f5f6fa', '#202431'],
  'color-border': ['#dfe3ea', '#343a4c'],
  'color-danger': ['#b42318', '#fda29b'],
  'color-danger-surface': ['#fef3f2', '#3a1815'],
  'color-warning': ['#8a4b00', '#f8c56a'],
  'color-warning-surface': ['#fff6e5', '#35270c'],
  'color-success': ['#067647', '#6ce9a6'],
  'color-success-surface': ['#ecfdf3', '#0e2e21'],
  // The scrim behind a modal dims whatever is behind it; darker on a dark page so it still reads.
  'color-backdrop': ['rgb(0 0 0 / 0.5)', 'rgb(0 0 0 / 0.7)'],
  'font-family': ['ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif', null],
  'font-family-mono': ['ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', null],
  'font-size': ['0.875rem', null],
  radius: ['0.5rem', null],
  space: ['0.25rem', null],
  shadow: ['0 1px 2px rgb(16 24 40 / 0.06), 0 1px 3px rgb(16 24 40 / 0.08)', '0 1px 2px rgb(0 0 0 / 0.4)'],
  // Refers to the resolved accent, so a host that only re-colours the accent also re-colours focus.
  'focus-ring': ['2px solid var(--_billing-color-accent)', null],
} as const satisfies Record<string, readonly [string, string | null]>;

export type BillingTokenRole = keyof typeof ROLES;

/** What each role paints; the docs' role table is generated from this and ROLES. */
const ROLE_DESCRIPTIONS: Record<BillingTokenRole, string> = {
  'color-accent': 'Primary buttons, the switch, selected options, links and the focus ring',
  'color-accent-contrast': 'Text and icons on the accent colour',
  'color-text': 'Main text',
  'color-text-muted': 'Labels, hints and secondary text',
  'color-surface': 'Card and dialog backgrounds',
  'color-surface-raised': 'Badges, notices, header rows and skeletons',
  'color-border': 'Borders and dividers',
  'color-danger': 'Errors, declines and a negative balance',
  'color-danger-surface': 'Background of errors',
  'color-warning': 'Low balance and "will charge now" text',
  'color-warning-surface': 'Background of warnings',
  'color-success': '"Auto-recharge on", saved and succeeded',
  'color-success-surface': 'Background of success states',
  'color-backdrop': 'The scrim behind the add-funds dialog',
  'font-family': 'Typeface',
  'font-family-mono': 'Identifiers such as a call ID',
  'font-size': 'Base text size; headings and amounts scale from it',
  radius: 'Corner radius of buttons, inputs and notices (cards use 1.5×)',
  space: 'Spacing unit; paddings and gaps are multiples of it',
  shadow: 'Elevation of cards and buttons',
  'focus-ring': 'Keyboard focus outline (an `outline` shorthand)',
};

// The tables below are for docs, stories and hosts; /* @__PURE__ */ lets a bundler drop them (and ROLE_DESCRIPTIONS)
// from a page that only renders widgets, which never reads them.

/** The public custom property names, e.g. "--billing-color-accent". */
export const BILLING_TOKEN_NAMES: readonly string[] = /* @__PURE__ */ Object.keys(ROLES).map((role) => `--billing-${role}`);

/** One global role as a host sees it: its public name and its built-in light and dark values. */
export interface BillingTokenRoleInfo {
  readonly name: `--billing-${string}`;
  readonly light: string;
  readonly dark: string;
  readonly description: string;
}

// A default that refers to another role names the public property, which is what a host sets.
const publicValue = (value: string): string => value.replaceAll('var(--_billing-', 'var(--billing-');

/** Every global role with its defaults, in table order: the source for the docs and the example themes. */
export const BILLING_TOKEN_ROLES: readonly BillingTokenRoleInfo[] = /* @__PURE__ */ (
  Object.entries(ROLES) as Array<[BillingTokenRole, readonly [string, string | null]]>
).map(([role, [light, dark]]) => ({
  name: `--billing-${role}`,
  light: publicValue(light),
  dark: publicValue(dark ?? light),
  description: ROLE_DESCRIPTIONS[role],
}));

/** The built-in value of every role in one scheme, as `--billing-*` declarations. */
export function billingTokenDefaults(scheme: BillingTheme): Record<`--billing-${string}`, string> {
  return Object.fromEntries(BILLING_TOKEN_ROLES.map((role) => [role.name, role[scheme]]));
}

function declarations(scheme: 'light' | 'dark'): CSSResult {
  const lines = Object.entries(ROLES).flatMap(([role, [light, dark]]) => {
    const fallback = scheme === 'dark' ? dark : light;
    // Roles without a dark value keep the light declaration, which already applies.
    if (fallback === null) return scheme === 'light' ? [`--_billing-${role}: var(--billing-${role}, ${light});`] : [];
    return [`--_billing-${role}: var(--billing-${role}, ${fallback});`];
  });
  // Only this module's constant table reaches unsafeCSS; nothing from a host or a backend does.
  return unsafeCSS(`${lines.join('\n')}\ncolor-scheme: ${scheme};`);
}

/**
 * Put first in every component's `static styles`. Components read the resolved private
 * `--_billing-*` properties; hosts set the public `--billing-*` ones. The private copy is what
 * lets a default live in :host without overriding a value the host set on an ancestor.
 *
 * Theme: the user's prefers-color-scheme, unless an ancestor (or the element) carries
 * data-billing-theme="light" | "dark" (mirrored onto the host by {@link BillingThemeController},
 * since :host-context() does not work in every browser).
 */
export const tokens = css`
  :host {
    ${declarations('light')}
  }

  @media (prefers-color-scheme: dark) {
    :host {
      ${declarations('dark')}
    }
  }

  :host([data-billing-resolved-theme='light']) {
    ${declarations('light')}
  }

  :host([data-billing-resolved-theme='dark']) {
    ${declarations('dark')}
  }
`;

export type BillingTheme = 'light' | 'dark';

const THEME_ATTRIBUTE = 'data-billing-theme';
const RESOLVED_ATTRIBUTE = 'data-billing-resolved-theme';

/** The nearest data-billing-theme at or above `element`, crossing shadow roots. */
export function resolveBillingTheme(element: Element): BillingTheme | undefined {
  let node: Element | null = element;
  while (node) {
    const theme = node.getAttribute(THEME_ATTRIBUTE);
    if (theme === 'light' || theme === 'dark') return theme;
    if (node.parentElement) {
      node = node.parentElement;
    } else {
      const root = node.getRootNode();
      node = root instanceof ShadowRoot ? root.host : null;
    }
  }
  return undefined;
}

const themedHosts = new Set<HTMLElement>();
let themeObserver: MutationObserver | undefined;
// A MutationObserver on the document does not see inside shadow roots, so a host app that is
// itself a web component (and sets data-billing-theme in its own shadow tree) is observed there too.
const observedRoots = new Set<Node>();
const OBSERVE_THEME: MutationObserverInit = { attributes: true, attributeFilter: [THEME_ATTRIBUTE], subtree: true };

function observeThemeAbove(host: HTMLElement): void {
  if (!themeObserver) return;
  let root = host.getRootNode();
  while (root instanceof ShadowRoot) {
    if (!observedRoots.has(root)) {
      observedRoots.add(root);
      themeObserver.observe(root, OBSERVE_THEME);
    }
    root = root.host.getRootNode();
  }
}

function applyTheme(host: HTMLElement): void {
  const theme = resolveBillingTheme(host);
  if (theme) {
    if (host.getAttribute(RESOLVED_ATTRIBUTE) !== theme) host.setAttribute(RESOLVED_ATTRIBUTE, theme);
  } else if (host.hasAttribute(RESOLVED_ATTRIBUTE)) {
    host.removeAttribute(RESOLVED_ATTRIBUTE);
  }
}

/**
 * Mirrors the nearest data-billing-theme onto the host as data-billing-resolved-theme so
 * `tokens` can switch sets. One MutationObserver serves every widget on the page.
 */
export class BillingThemeController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    themedHosts.add(this.host);
    applyTheme(this.host);
    if (!themeObserver && typeof MutationObserver !== 'undefined') {
      themeObserver = new MutationObserver(() => themedHosts.forEach(applyTheme));
      themeObserver.observe(document.documentElement, OBSERVE_THEME);
    }
    observeThemeAbove(this.host);
  }

  hostDisconnected(): void {
    themedHosts.delete(this.host);
    if (themedHosts.size === 0) {
      themeObserver?.disconnect();
      themeObserver = undefined;
      observedRoots.clear();
    }
  }
}
