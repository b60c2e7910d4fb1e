// The runway forecast line of <credit-balance>: its English and how a forecast becomes one sentence in the reader's
// language. A formatting fault gives "can't forecast right now", never "NaN" and never a blank line.
import type { TemplateResult } from 'lit';
import type { Account } from '../../client/schemas.js';
import type { CreditBalanceForecastKey, CreditBalanceForecastMessages, CreditBalanceMessages } from '../../i18n/messages/credit-balance.js';
import { formatMoney } from '../../money/money.js';
import type { RunwayForecast } from '../../rules/runway.js';
import { checked, isolate } from './balance-view.js';
import { dayCount, renderForecastLine, renderForecastPlaceholder } from './forecast-placeholder.js';
import type { ForecastState } from './forecast-controller.js';
import { spend } from './shell-messages.js';

type ForecastMessages = Pick<
  CreditBalanceMessages,
  CreditBalanceForecastKey | 'forecastLasts' | 'forecastAutoRecharge' | 'forecastUnavailable'
>;

/** The English of the forecast's rarer sentences: in the forecast's chunk (the element carries the common ones). */
export const forecastEnglish: CreditBalanceForecastMessages = {
  forecastLastsUnderADay: (dailySpend, periodDays) => `${spend(dailySpend, periodDays)}, your balance lasts less than a day.`,
  forecastLastsOverAYear: (dailySpend, periodDays) => `${spend(dailySpend, periodDays)}, your balance lasts more than a year.`,
  forecastAutoRechargeDaily: (dailySpend, periodDays, rechargeAmount) =>
    `${spend(dailySpend, periodDays)}, auto-recharge will add ${rechargeAmount} more than once a day.`,
  forecastAutoRechargeYearly: (dailySpend, periodDays, rechargeAmount) =>
    `${spend(dailySpend, periodDays)}, auto-recharge will add ${rechargeAmount} less than once a year.`,
  forecastUsedUp: 'Your balance is used up: add funds to keep paying for usage.',
};

const money = (amount: Parameters<typeof formatMoney>[0], locale: string) => isolate(checked(formatMoney(amount, locale)));

type Sentenced = Exclude<RunwayForecast, { kind: 'too-little-data' }>;

/** The forecast's sentence in `locale`. Throws when an amount cannot be formatted. */
export function forecastSentence(forecast: Sentenced, locale: string, text: ForecastMessages): string {
  switch (forecast.kind) {
    case 'used-up':
      return text.forecastUsedUp;
    case 'lasts': {
      const periodDays = dayCount(forecast.rate.periodDays, locale);
      const perDay = forecast.rate.perDay;
      const daily = money(perDay, locale);
      const runway = forecast.runway;
      if (runway.kind === 'under-a-day') return text.forecastLastsUnderADay(daily, periodDays);
      if (runway.kind === 'over-a-year') return text.forecastLastsOverAYear(daily, periodDays);
      return text.forecastLasts(daily, periodDays, dayCount(runway.days, locale));
    }
    case 'auto-recharge': {
      const periodDays = dayCount(forecast.rate.periodDays, locale);
      const perDay = forecast.rate.perDay;
      const daily = money(perDay, locale);
      const added = money(forecast.added, locale);
      const every = forecast.every;
      if (every.kind === 'under-a-day') return text.forecastAutoRechargeDaily(daily, periodDays, added);
      if (every.kind === 'over-a-year') return text.forecastAutoRechargeYearly(daily, periodDays, added);
      return text.forecastAutoRecharge(daily, periodDays, added, dayCount(every.days, locale));
    }
  }
}

/**
 * The forecast line once the spend is read (or could not be): one sentence. `part="forecast"`; `data-forecast` says
 * which kind (lasts, auto-recharge, used-up, too-little-data, unavailable), for styling and tests. With too little data
 * (no usage in 30 days, under a week of history) it says nothing: the placeholder's room stays, empty, so nothing moves.
 */
export function renderForecast(state: ForecastState, account: Account, locale: string, text: ForecastMessages): TemplateResult {
  if (state.status === 'loading') return renderForecastPlaceholder(account, locale, text);
  const forecast = state.status === 'ready' ? state.forecast : undefined;
  if (forecast?.kind === 'too-little-data') return renderForecastPlaceholder(account, locale, text, 'too-little-data');
  let kind: string = 'unavailable';
  let sentence = text.forecastUnavailable;
  if (forecast) {
    try {
      sentence = forecastSentence(forecast, locale, text);
      kind = forecast.kind;
    } catch {
      // Stays "can't forecast right now".
    }
  }
  return renderForecastLine(kind, sentence);
}
