// The recent automatic recharges <auto-recharge-settings> lists under its form.
import { html, nothing, type TemplateResult } from 'lit';
import type { AutoRechargeAttempt, PaymentMethod } from '../../client/schemas.js';
import { formatMoney, type Money } from '../../money/money.js';
import { dateTimeFormat } from '../../money/intl-cache.js';
import { cardName, isolate, type Wording } from './words.js';

export interface AttemptsViewProps {
  attempts: readonly AutoRechargeAttempt[];
  paymentMethods: readonly PaymentMethod[];
  /** How many to list. */
  limit: number;
  /** Why an attempt failed or was skipped, in the element's language (by the backend's reason code). */
  reasonText: (attempt: AutoRechargeAttempt) => string;
}

function timeFormat(locale: string): Intl.DateTimeFormat {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A target-mode attempt: the balance it set out to reach, and what made it smaller than the gap. */
function targetLine(wording: Wording, attempt: AutoRechargeAttempt): string {
  const { text, locale } = wording;
  const target = text.attemptTarget(isolate(formatMoney(attempt.targetBalance as Money, locale)));
  const limit =
    attempt.limitedBy === 'monthly_cap' ? text.attemptCapLimited : attempt.limitedBy === 'maximum' ? text.attemptMaximumLimited : '';
  return limit ? `${target} · ${limit}` : target;
}

export function renderAttempts(wording: Wording, props: AttemptsViewProps): TemplateResult {
  const { text, locale } = wording;
  const shown = props.attempts.slice(0, Math.max(0, props.limit));
  const time = timeFormat(locale);
  const outcomeText = { succeeded: text.outcomeSucceeded, failed: text.outcomeFailed, skipped: text.outcomeSkipped };
  return html`<div part="attempts" class="attempts">
    <h3 part="attempts-heading" class="subheading" id="attempts-heading">${text.recentHeading}</h3>
    ${
      shown.length === 0
        ? html`<p class="hint">${text.recentEmpty}</p>`
        : html`<ul class="attempt-list" aria-labelledby="attempts-heading">
            ${shown.map((attempt) => {
              const at = new Date(attempt.at);
              return html`<li part="attempt" class="attempt">
                <span class="attempt-main">
                  <span class="attempt-amount">${formatMoney(attempt.amount, locale)}</span>
                  ${attempt.targetBalance ? html`<span class="attempt-target">${targetLine(wording, attempt)}</span>` : nothing}
                  <span class="attempt-card">${cardName(wording, attempt.paymentMethodId, props.paymentMethods)}</span>
                  <time class="attempt-time" datetime=${at.toISOString()}>${time.format(at)}</time>
                </span>
                <span part="outcome" class="outcome outcome--${attempt.outcome}">${outcomeText[attempt.outcome]}</span>
                ${attempt.failureMessage ? html`<span class="attempt-message">${props.reasonText(attempt)}</span>` : nothing}
              </li>`;
            })}
          </ul>`
    }
  </div>`;
}
