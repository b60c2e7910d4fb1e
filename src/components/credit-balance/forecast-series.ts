// The runway forecast's spend history from one getUsageSeries read: the 30 whole UTC days before today, a point a day.
// Its last 7 points are the last week, its total the last 30 days, and its first day with usage where the history
// starts, so one read answers what otherwise takes two summaries and a listing.
import type { UsageSeries, UsageSeriesQuery } from '../../client/schemas.js';
import { DAY_MS, LONG_DAYS, RECENT_DAYS, type SpendHistory } from '../../rules/runway.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The series to ask for a forecast made at `now`: whole UTC days (every one 24 hours), so the windows end where a
 * bucket ends and the last 7 points are exactly the last week. `asOf` is the end of the window: today's UTC midnight.
 */
export function forecastSeriesQuery(now: number): { query: UsageSeriesQuery; asOf: number } {
  const asOf = Math.floor(now / DAY_MS) * DAY_MS;
  return { asOf, query: { from: iso(asOf - LONG_DAYS * DAY_MS), to: iso(asOf), timeZone: 'UTC', bucket: 'day' } };
}

/**
 * The spend history in `series` (the answer to forecastSeriesQuery). The first usage is the start of the first day with
 * usage; usage on the window's first day may be older, which changes nothing (a week is all the rules ask for). An
 * account that was idle for the whole window's start and came back reads as a young one: its spend is averaged over
 * the days since it came back, which errs towards a shorter runway. Throws on points outside the asked days, in
 * another currency, or not adding up to the total.
 */
export function spendHistoryFromSeries(series: UsageSeries, asOf: number): SpendHistory {
  const from = asOf - LONG_DAYS * DAY_MS;
  const weekStart = asOf - RECENT_DAYS * DAY_MS;
  const currency = series.total.currency;
  let sum = 0;
  let last7 = 0;
  let firstUsage: number | null = null;
  for (const point of series.points) {
    const start = Date.parse(point.start);
    if (!(start >= from && start < asOf) || point.spend.currency !== currency) throw new RangeError('a point outside the asked days');
    sum += point.spend.amount;
    if (start >= weekStart) last7 += point.spend.amount;
    if ((point.count > 0 || point.spend.amount > 0) && (firstUsage === null || start < firstUsage)) firstUsage = start;
  }
  if (sum !== series.total.amount) throw new RangeError('points that do not add up to the total');
  return {
    last7: { amount: last7, currency },
    last30: series.total,
    firstUsageAt: firstUsage === null ? null : iso(firstUsage),
    asOf,
  };
}
