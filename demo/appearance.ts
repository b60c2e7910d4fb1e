// The demo header's language and theme pickers: the choice lives in the URL (?lang=de&theme=dark), so a reload or a
// shared link shows the same Billing tab. Tokens are set through the CSSOM (style.setProperty), which a strict
// Content-Security-Policy allows, never as a style attribute.
import { LOCALES, THEMES, isLocaleName, isThemeName, type LocaleName, type ThemeName } from '../stories/themes.js';

const root = document.documentElement;
let appliedTokens: string[] = [];

function applyLocale(name: LocaleName): void {
  const locale = LOCALES[name];
  root.lang = locale.lang;
  root.dir = locale.dir;
}

function applyTheme(name: ThemeName): void {
  const theme = THEMES[name];
  for (const token of appliedTokens) root.style.removeProperty(token);
  appliedTokens = Object.keys(theme.tokens);
  for (const [token, value] of Object.entries(theme.tokens)) root.style.setProperty(token, value);
  if ('scheme' in theme) root.dataset.billingTheme = theme.scheme;
  else delete root.dataset.billingTheme;
  root.dataset.demoTheme = name;
}

/** The URL with this parameter set (or dropped when it is the default), keeping the others (?mock). */
function withParameter(url: URL, key: string, value: string, fallback: string): URL {
  const next = new URL(url);
  if (value === fallback) next.searchParams.delete(key);
  else next.searchParams.set(key, value);
  return next;
}

/** Reads ?lang and ?theme, applies them, and wires the header's pickers (and links that must keep them). */
export function setUpAppearance(): void {
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang');
  const theme = params.get('theme');
  let localeName: LocaleName = isLocaleName(lang) ? lang : 'en';
  let themeName: ThemeName = isThemeName(theme) ? theme : 'default';
  applyLocale(localeName);
  applyTheme(themeName);

  const languagePicker = document.querySelector<HTMLSelectElement>('#demo-language');
  const themePicker = document.querySelector<HTMLSelectElement>('#demo-theme');
  if (languagePicker) {
    languagePicker.replaceChildren(
      ...Object.entries(LOCALES).map(([value, locale]) => new Option(locale.title, value, false, value === localeName)),
    );
    for (const option of languagePicker.options) option.lang = LOCALES[option.value as LocaleName].lang;
    languagePicker.addEventListener('change', () => {
      if (!isLocaleName(languagePicker.value)) return;
      localeName = languagePicker.value;
      applyLocale(localeName);
      history.replaceState(null, '', withParameter(new URL(location.href), 'lang', localeName, 'en'));
    });
  }
  if (themePicker) {
    themePicker.replaceChildren(
      ...Object.entries(THEMES).map(([value, entry]) => new Option(entry.title, value, false, value === themeName)),
    );
    themePicker.addEventListener('change', () => {
      if (!isThemeName(themePicker.value)) return;
      themeName = themePicker.value;
      applyTheme(themeName);
      history.replaceState(null, '', withParameter(new URL(location.href), 'theme', themeName, 'default'));
    });
  }
}

/** A same-page link (e.g. "Use the in-memory mock instead") that keeps the language and theme chosen now. */
export function keepAppearance(link: HTMLAnchorElement, mock: boolean): void {
  const update = (): void => {
    const next = new URL(location.href);
    if (mock) next.searchParams.set('mock', '');
    else next.searchParams.delete('mock');
    link.href = `${next.pathname}${next.search}`;
  };
  update();
  for (const picker of document.querySelectorAll('#demo-language, #demo-theme')) picker.addEventListener('change', update);
}
