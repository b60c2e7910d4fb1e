// <billing-usage-grid>'s call details: the panel beside (or, on a phone, under) the list, and bringing it into view once
// opened, since on a phone it renders off-screen.
import { html, type TemplateResult } from 'lit';
import type { UsageEntry } from '../../client/schemas.js';
import type { UsageListMessages } from '../../i18n/messages/balance-usage-table.js';
import { ratesLink } from './rates-link.js';

/** One call's details, each value already written for the reader. */
export interface DetailPanelView {
  entry: UsageEntry;
  time: string;
  destination: string;
  duration: string;
  /** "$0.12 per minute". */
  rate: string;
  price: string;
  /** The table's `rates-href`, where "Rate for Nigeria" leads. */
  ratesHref: string | undefined;
  closeIcon: TemplateResult;
  /** The × button, and every keydown in the panel (it closes on Escape). */
  onClose: (event: Event) => void;
}

export function renderDetailPanel(text: UsageListMessages, view: DetailPanelView): TemplateResult {
  const { entry } = view;
  return html`<div
    part="detail-panel"
    class="detail-panel"
    role="region"
    aria-labelledby="detail-title"
    tabindex="-1"
    @keydown=${view.onClose}
  >
    <div class="detail-head">
      <h3 class="detail-title" id="detail-title">${text.detailsTitle}</h3>
      <button type="button" part="close-details-button" class="icon-button" aria-label=${text.closeDetails} @click=${view.onClose}>
        ${view.closeIcon}
      </button>
    </div>
    <dl class="detail-list">
      <div>
        <dt>${text.dateColumn}</dt>
        <dd>${view.time}</dd>
      </div>
      <div>
        <dt>${text.destination}</dt>
        <dd>${view.destination} (${entry.destinationCountry})</dd>
      </div>
      <div>
        <dt>${text.billedDuration}</dt>
        <dd>${view.duration}</dd>
      </div>
      <div>
        <dt>${text.rateLabel}</dt>
        <dd>${view.rate} ${ratesLink(view.ratesHref, text.rateFor(view.destination), entry.destinationCountry)}</dd>
      </div>
      <div>
        <dt>${text.priceColumn}</dt>
        <dd>${view.price}</dd>
      </div>
      <div>
        <dt>${text.userColumn}</dt>
        <dd>${entry.user.name}</dd>
      </div>
      <div class="detail-wide">
        <dt>${text.callId}</dt>
        <dd><code>${entry.id}</code></dd>
      </div>
    </dl>
  </div>`;
}

/**
 * Scrolls `panel` only as far as needed to show it (smoothly, unless the person asked for less motion). With
 * `moveFocus`, focus follows: on a phone the tapped row scrolls away, and a screen reader then reads the details.
 */
export function revealDetailPanel(panel: HTMLElement | null, moveFocus: boolean): void {
  if (!panel) return;
  const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  panel.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: reduceMotion ? 'auto' : 'smooth' });
  // The scroll above is the one wanted: focus must not jump the page to the panel's top without the animation.
  if (moveFocus) panel.focus({ preventScroll: true });
}
