// The icons <add-funds-dialog> draws: shared by the eager shell (close, error on the load-failure dialog) and the lazy payment flow.
import { html, svg, type TemplateResult } from 'lit';

const icons = {
  close: svg`<path d="M5.5 5.5l9 9M14.5 5.5l-9 9" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none"/>`,
  error: svg`<circle cx="10" cy="10" r="7.2" stroke="currentColor" stroke-width="1.6" fill="none"/><path d="M10 6.3v4.4" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/><circle cx="10" cy="13.5" r="0.95" fill="currentColor"/>`,
  check: svg`<path d="M5 10.5l3.2 3.2L15 7" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
  card: svg`<rect x="2.5" y="4.5" width="15" height="11" rx="2" stroke="currentColor" stroke-width="1.5" fill="none"/><path d="M2.5 8h15" stroke="currentColor" stroke-width="1.5"/>`,
  lock: svg`<rect x="4.5" y="9" width="11" height="8" rx="1.5" stroke="currentColor" stroke-width="1.5" fill="none"/><path d="M7 9V6.5a3 3 0 0 1 6 0V9" stroke="currentColor" stroke-width="1.5" fill="none"/>`,
};

/** @internal */
export function icon(name: keyof typeof icons): TemplateResult {
  return html`<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">${icons[name]}</svg>`;
}
