// The runway forecast's line as <credit-balance>'s own code draws it, before the forecast's code and the spend are in:
// a placeholder shaped like the sentence to come, so the answer takes the same lines and moves nothing below it.
import { html, type TemplateResult } from 'lit';
import type { Account } from '../../client/schemas.js';
import type { CreditBalanceMessages, DayCount } from '../../i18n/messages/credit-balance.js';
import { numberFormat } from '../../money/intl-cache.js';
import { formatMoney } from '../../money/money.js';
import { checked, isolate } from './balance-view.js';

type PlaceholderMessages = Pick<CreditBalanceMessages, 'forecastLasts' | 'forecastAutoRecharge'>;

export const dayCount = (count: number, locale: string): DayCount => ({ count, formatted: checked(numberFormat(locale).format(count)) });

const hourglass = html`<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
  <path
    d="M5.5 3h9M5.5 17h9M6.5 3c0 3.5 3.5 4.5 3.5 7s-3.5 3.5-3.5 7M13.5 3c0 3.5-3.5 4.5-3.5 7s3.5 3.5 3.5 7"
    stroke="currentColor"
    stroke-width="1.5"
    stroke-linecap="round"
    fill="none"
  />
</svg>`;

/** A forecast sentence: muted unless it is a forecast (lasts, auto-recharge). */
export function renderForecastLine(kind: string, sentence: string): TemplateResult {
  const muted = kind !== 'lasts' && kind !== 'auto-recharge';
  return html`<p part="forecast" class="forecast ${muted ? 'forecast--muted' : ''}" data-forecast=${kind}>
    ${hourglass}<span class="forecast-text">${sentence}</span>
  </p>`;
}

/**
 * The placeholder: the sentence the account most likely gets (auto-recharge on or not, $10.00 a day, 10 days), in the
 * reader's language and at the card's width, drawn as shimmering bars (its words are transparent, there for their width).
 * `too-little-data`: the same room, left empty (nothing drawn, nothing read out), where there is no forecast to give.
 */
export function renderForecastPlaceholder(
  account: Account | undefined,
  locale: string,
  text: PlaceholderMessages,
  kind: 'loading' | 'too-little-data' = 'loading',
): TemplateResult {
  let sentence: string;
  try {
    const currency = account?.currency ?? 'USD';
    const daily = isolate(checked(formatMoney({ amount: 1000, currency }, locale)));
    const [week, ten] = [dayCount(7, locale), dayCount(10, locale)];
    const auto = account?.autoRecharge;
    sentence = auto?.enabled
      ? text.forecastAutoRecharge(daily, week, isolate(checked(formatMoney(auto.rechargeAmount, locale))), ten)
      : text.forecastLasts(daily, week, ten);
  } catch {
    sentence = '\u2003'.repeat(24);
  }
  const bars =
    kind === 'loading'
      ? html`<span part="skeleton" class="skeleton forecast-placeholder">${sentence}</span>`
      : html`<span class="forecast-placeholder">${sentence}</span>`;
  return html`<p part="forecast" class="forecast" data-forecast=${kind} aria-hidden="true">
    ${hourglass}<span class="forecast-text">${bars}</span>
  </p>`;
}
