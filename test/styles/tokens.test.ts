// The token contract, read from the compiled stylesheets: no hard-coded colour or typeface in a component, every token read is documented, every documented token is read.
import { expect } from '@open-wc/testing';
import type { CSSResult } from 'lit';
import '../../src/define.js';
import * as addFundsDialogStyles from '../../src/components/add-funds-dialog/add-funds-dialog.styles.js';
import * as addFundsFormStyles from '../../src/components/add-funds-dialog/add-funds-form.styles.js';
import * as autoRechargeSettingsStyles from '../../src/components/auto-recharge-settings/auto-recharge-settings.styles.js';
import * as balanceUsageTableStyles from '../../src/components/balance-usage-table/balance-usage-table.styles.js';
import * as balanceUsageTableDetailsStyles from '../../src/components/balance-usage-table/balance-usage-table.details.styles.js';
import * as spendChartStyles from '../../src/components/balance-usage-table/spend-chart.styles.js';
import * as creditBalanceStyles from '../../src/components/credit-balance/credit-balance.styles.js';
import * as paymentMethodsStyles from '../../src/components/payment-methods/payment-methods.styles.js';
import * as usageRatesStyles from '../../src/components/usage-rates/usage-rates.styles.js';
import * as billingHistoryStyles from '../../src/components/billing-history/billing-history.styles.js';
import * as receiptStyles from '../../src/components/billing-history/receipt.styles.js';
import * as shared from '../../src/styles/shared.js';
import { BILLING_TOKEN_NAMES, tokens } from '../../src/styles/tokens.js';

/** Each widget's own stylesheet modules; the manifest check below fails when a widget is missing here. */
const COMPONENT_STYLES: Record<string, Record<string, unknown>> = {
  'add-funds-dialog': { ...addFundsDialogStyles, ...addFundsFormStyles },
  'auto-recharge-settings': autoRechargeSettingsStyles,
  'balance-usage-table': { ...balanceUsageTableStyles, ...balanceUsageTableDetailsStyles, ...spendChartStyles },
  'credit-balance': creditBalanceStyles,
  'payment-methods': paymentMethodsStyles,
  'usage-rates': usageRatesStyles,
  'billing-history': { ...billingHistoryStyles, ...receiptStyles },
};

// ------------------------------------------------------------------ reading compiled CSS

function cssResults(module: Record<string, unknown>): CSSResult[] {
  const results = new Set<CSSResult>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object' && 'cssText' in value && typeof value.cssText === 'string') results.add(value as CSSResult);
  };
  Object.values(module).forEach(visit);
  return [...results];
}

interface Declaration {
  /** Where it stands, e.g. "credit-balance.styles .card" or "shared @media (forced-colors: active) .button". */
  readonly where: string;
  readonly property: string;
  readonly value: string;
  readonly inForcedColors: boolean;
}

/** Splits a rule's cssText body into declarations, ignoring `;` inside parentheses and strings. */
function splitDeclarations(body: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  const push = (end: number) => {
    const text = body.slice(start, end).trim();
    const colon = text.indexOf(':');
    if (colon > 0) out.push([text.slice(0, colon).trim(), text.slice(colon + 1).trim()]);
  };
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i]!;
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === ';' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(body.length);
  return out;
}

/** Every declaration of a stylesheet as the browser parsed it (CSSOM), with its media context. */
function declarations(label: string, cssText: string): Declaration[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  const out: Declaration[] = [];
  const walk = (rules: CSSRuleList, context: string, inForcedColors: boolean): void => {
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule) {
        walk(
          rule.cssRules,
          `${context} @media ${rule.conditionText}`,
          inForcedColors || /forced-colors:\s*active/.test(rule.conditionText),
        );
      } else if (rule instanceof CSSKeyframesRule) {
        walk(rule.cssRules, `${context} @keyframes ${rule.name}`, inForcedColors);
      } else if (rule instanceof CSSStyleRule || rule instanceof CSSKeyframeRule) {
        const selector = rule instanceof CSSStyleRule ? rule.selectorText : rule.keyText;
        for (const [property, value] of splitDeclarations(rule.style.cssText)) {
          out.push({ where: `${context} ${selector}`, property, value, inForcedColors });
        }
        if (rule instanceof CSSStyleRule && rule.cssRules.length) walk(rule.cssRules, `${context} ${selector}`, inForcedColors);
      } else if ('cssRules' in rule) {
        walk((rule as CSSGroupingRule).cssRules, context, inForcedColors);
      }
    }
  };
  walk(sheet.cssRules, label, false);
  return out;
}

/** The stylesheets this test polices: each widget's own and the shared one (tokens.ts is where colours belong). */
function policedSheets(): Array<{ label: string; cssText: string }> {
  const sheets = Object.entries(COMPONENT_STYLES).flatMap(([tag, module]) =>
    cssResults(module).map((result) => ({ label: `${tag}.styles`, cssText: result.cssText })),
  );
  return [...sheets, ...cssResults(shared).map((result) => ({ label: 'styles/shared', cssText: result.cssText }))];
}

// ------------------------------------------------------------------ what counts as a colour

// CSS Color 4 named colours (plus the deprecated system colours, which are just as fixed).
const NAMED_COLOURS = new Set(
  `aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood
  cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray
  darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
  darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue
  firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew
  hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
  lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray
  lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine mediumblue
  mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred
  midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
  palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple
  rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue
  slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white
  whitesmoke yellow yellowgreen`.split(/\s+/),
);

// CSS system colours: the only fixed colours allowed, and only inside @media (forced-colors: active).
const SYSTEM_COLOURS = new Set(
  `accentcolor accentcolortext activetext buttonborder buttonface buttontext canvas canvastext field fieldtext
  graytext highlight highlighttext linktext mark marktext selecteditem selecteditemtext visitedtext`.split(/\s+/),
);

const COLOUR_FUNCTION = /(?:^|[^\w-])(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/i;
const HEX_COLOUR = /#[0-9a-f]{3,8}\b/i;

/** The hard-coded colours in a declaration value, or [] when it only uses tokens and keywords. */
function hardCodedColours(value: string, inForcedColors: boolean): string[] {
  // Custom property names and quoted strings are not colours: `var(--billing-color-red)`, grid area names.
  const bare = value.replace(/--[\w-]+/g, ' ').replace(/"[^"]*"|'[^']*'/g, ' ');
  const found: string[] = [];
  const hex = bare.match(HEX_COLOUR);
  if (hex) found.push(hex[0]);
  const fn = bare.match(COLOUR_FUNCTION);
  if (fn) found.push(`${fn[1]}()`);
  for (const word of bare.toLowerCase().match(/[a-z][a-z-]*/g) ?? []) {
    if (NAMED_COLOURS.has(word)) found.push(word);
    if (SYSTEM_COLOURS.has(word) && !inForcedColors) found.push(`${word} (system colour outside forced-colors)`);
  }
  return found;
}

// ------------------------------------------------------------------ the manifest

interface ManifestElement {
  tagName?: string;
  cssProperties?: Array<{ name: string }>;
  cssParts?: Array<{ name: string }>;
}

async function manifestElements(): Promise<Map<string, ManifestElement>> {
  const manifest = (await (await fetch('/custom-elements.json')).json()) as {
    modules: Array<{ declarations?: Array<ManifestElement & { customElement?: boolean }> }>;
  };
  const elements = new Map<string, ManifestElement>();
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.customElement && declaration.tagName) elements.set(declaration.tagName, declaration);
    }
  }
  return elements;
}

/**
 * The styles a widget adopts, without the token layer (which declares every role): its static styles and its own
 * stylesheet modules, which <add-funds-dialog> and <balance-usage-table> adopt in part only once their code on demand has loaded.
 */
function adoptedCss(tag: string): string {
  const element = customElements.get(tag) as unknown as { elementStyles: Array<CSSResult | CSSStyleSheet> } | undefined;
  if (!element) expect.fail(`${tag} is not defined`);
  const own = cssResults(COMPONENT_STYLES[tag] ?? {});
  return [...element.elementStyles, ...own]
    .filter((style) => style !== (tokens as unknown))
    .map((style) => ('cssText' in style ? style.cssText : [...style.cssRules].map((rule) => rule.cssText).join('\n')))
    .join('\n');
}

const readVars = (cssText: string, prefix: '--billing-' | '--_billing-'): Set<string> =>
  new Set([...cssText.matchAll(/var\(\s*(--_?billing-[\w-]+)/g)].map((match) => match[1]!).filter((name) => name.startsWith(prefix)));

// ------------------------------------------------------------------ tests

describe('component stylesheets', () => {
  it('cover every widget in custom-elements.json', async () => {
    const tags = [...(await manifestElements()).keys()].filter((tag) => tag !== 'billing-provider');
    expect(tags.sort()).to.deep.equal(Object.keys(COMPONENT_STYLES).sort());
    for (const [tag, module] of Object.entries(COMPONENT_STYLES)) {
      expect(cssResults(module), `${tag}.styles.ts exports its css`).to.have.length.greaterThan(0);
    }
  });

  it('hard-code no colour: only tokens, transparent/currentColor/inherit, and system colours inside forced-colors', () => {
    const problems: string[] = [];
    let seen = 0;
    for (const { label, cssText } of policedSheets()) {
      for (const declaration of declarations(label, cssText)) {
        seen += 1;
        const colours = hardCodedColours(declaration.value, declaration.inForcedColors);
        if (colours.length) problems.push(`${declaration.where} { ${declaration.property}: ${declaration.value} } → ${colours.join(', ')}`);
      }
    }
    expect(seen, 'declarations read from the compiled sheets').to.be.greaterThan(500);
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('hard-code no typeface: font-family only from a token, `font` only as inherit', () => {
    const problems: string[] = [];
    for (const { label, cssText } of policedSheets()) {
      for (const { where, property, value } of declarations(label, cssText)) {
        if (property === 'font-family' && !/^(var\(--_billing-font-family(-mono)?\)|inherit)$/.test(value)) {
          problems.push(`${where} { font-family: ${value} }`);
        }
        if (property === 'font' && value !== 'inherit') problems.push(`${where} { font: ${value} }`);
      }
    }
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('the checks can fail: they catch a hex, rgb(), a named colour, a system colour outside forced-colors and a font stack', () => {
    const sample = declarations(
      'sample',
      `.a { color: #fff; background: rgb(0 0 0 / 0.5); border-color: tomato; outline-color: Highlight; font-family: Georgia, serif }
       .b { color: var(--_billing-color-text); background: transparent; border-color: currentColor; grid-template-areas: 'red tan' }
       @media (forced-colors: active) { .c { border-color: CanvasText; color: Highlight } }`,
    );
    const flagged = sample.filter((declaration) => hardCodedColours(declaration.value, declaration.inForcedColors).length > 0);
    expect(flagged.map((declaration) => `${declaration.where}|${declaration.property}`)).to.deep.equal([
      'sample .a|color',
      'sample .a|background',
      'sample .a|border-color',
      'sample .a|outline-color',
    ]);
    expect(sample.find((declaration) => declaration.property === 'font-family')?.value).to.contain('Georgia');
  });
});

describe('tokens each widget reads', () => {
  const roles = new Set(BILLING_TOKEN_NAMES);

  it('every private --_billing-* read has a global role in tokens.ts (no typo reads an undefined property)', () => {
    const problems: string[] = [];
    for (const tag of Object.keys(COMPONENT_STYLES)) {
      for (const name of readVars(adoptedCss(tag), '--_billing-')) {
        if (!roles.has(name.replace('--_billing-', '--billing-'))) problems.push(`${tag} reads ${name}`);
      }
    }
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('every public --billing-* a widget reads is documented: its own cssProperties or a global role', async () => {
    const elements = await manifestElements();
    const problems: string[] = [];
    for (const tag of Object.keys(COMPONENT_STYLES)) {
      const documented = new Set((elements.get(tag)?.cssProperties ?? []).map((property) => property.name));
      for (const name of readVars(adoptedCss(tag), '--billing-')) {
        if (!documented.has(name) && !roles.has(name)) problems.push(`${tag} reads ${name}, documented nowhere`);
      }
    }
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('every token a widget documents is read by it (a knob directly, a role through --_billing-*)', async () => {
    const elements = await manifestElements();
    const problems: string[] = [];
    for (const tag of Object.keys(COMPONENT_STYLES)) {
      const css = adoptedCss(tag);
      const knobs = readVars(css, '--billing-');
      const resolvedRoles = readVars(css, '--_billing-');
      for (const { name } of elements.get(tag)?.cssProperties ?? []) {
        const read = roles.has(name) ? resolvedRoles.has(name.replace('--billing-', '--_billing-')) : knobs.has(name);
        if (!read) problems.push(`${tag} documents ${name} but never reads it`);
      }
    }
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('every global role in tokens.ts is read by at least one widget', () => {
    const read = new Set(Object.keys(COMPONENT_STYLES).flatMap((tag) => [...readVars(adoptedCss(tag), '--_billing-')]));
    // The focus ring's default refers to the accent, so it is read through the focus ring as well.
    const unread = [...roles].filter((name) => !read.has(name.replace('--billing-', '--_billing-')));
    expect(unread).to.deep.equal([]);
  });
});
