// "Rate for Nigeria" in a call's details: a link to the host's rate table that first asks the host (billing-show-rates).
import { html, nothing, type TemplateResult } from 'lit';
import { ShowRatesEvent } from './events.js';

/**
 * The link, or nothing without `href` (the rate stays plain text). A host that shows the rates in the page cancels the
 * event (composed: it reaches the page from the table); otherwise the browser follows `href`.
 */
export function ratesLink(href: string | undefined, label: string, country: string): TemplateResult | typeof nothing {
  if (!href) return nothing;
  const onClick = (event: MouseEvent): void => {
    if (!(event.currentTarget as HTMLElement).dispatchEvent(new ShowRatesEvent(country))) event.preventDefault();
  };
  return html`<a part="rates-link" class="rates-link" href=${href} @click=${onClick}>${label}</a>`;
}
