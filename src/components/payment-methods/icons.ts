// <payment-methods>' icons, drawn in the text colour of what they stand beside.
import { html, svg, type TemplateResult } from 'lit';

const icons = {
  warning: svg`<path d="M10 3.2 17.4 16H2.6L10 3.2Z" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" fill="none"/><path d="M10 8.2v3.6" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/><circle cx="10" cy="13.9" r="0.95" fill="currentColor"/>`,
  error: svg`<circle cx="10" cy="10" r="7.2" stroke="currentColor" stroke-width="1.6" fill="none"/><path d="M10 6.3v4.4" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/><circle cx="10" cy="13.5" r="0.95" fill="currentColor"/>`,
  plus: svg`<path d="M10 4.5v11M4.5 10h11" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none"/>`,
  card: svg`<rect x="2.5" y="4.5" width="15" height="11" rx="2" stroke="currentColor" stroke-width="1.5" fill="none"/><path d="M2.5 8h15" stroke="currentColor" stroke-width="1.5"/>`,
};

export function icon(name: keyof typeof icons): TemplateResult {
  return html`<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">${icons[name]}</svg>`;
}
