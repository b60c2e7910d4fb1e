// The runway forecast's one-read spend history (src/components/credit-balance/forecast-series.ts): the series it asks
// for is 30 whole UTC days, its week and month equal the summaries for the same days on the mock's seeded ledger, its
// first usage is the first day with usage, and a series that contradicts itself is refused rather than forecast from.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import type { UsageSeries } from '../../src/client/schemas.js';
import { forecastSeriesQuery, spendHistoryFromSeries } from '../../src/components/credit-balance/forecast-series.js';
import { DAY_MS } from '../../src/rules/runway.js';

const NOW = Date.UTC(2026, 11, 3, 17, 45);
const MIDNIGHT = Date.UTC(2026, 11, 3);
const iso = (ms: number) => new Date(ms).toISOString();
const usd = (amount: number) => ({ amount, currency: 'USD' });
/** 30 days to MIDNIGHT, spending `spend(daysBack)` on the day that starts daysBack days before it. */
const series = (spend: (daysBack: number) => number): UsageSeries => {
  const points = Array.from({ length: 30 }, (_, index) => {
    const amount = spend(30 - index);
    return { start: iso(MIDNIGHT - (30 - index) * DAY_MS), spend: usd(amount), count: amount > 0 ? 1 : 0 };
  });
  return { bucket: 'day', timeZone: 'UTC', points, total: usd(points.reduce((sum, point) => sum + point.spend.amount, 0)) };
};

describe('forecastSeriesQuery', () => {
  it('asks for the 30 whole UTC days before today, by day', () => {
    assert.deepEqual(forecastSeriesQuery(NOW), {
      asOf: MIDNIGHT,
      query: { from: '2026-11-03T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z', timeZone: 'UTC', bucket: 'day' },
    });
  });
});

describe('spendHistoryFromSeries', () => {
  it("gives the summaries' week and month and the first day with usage, on the mock's seeded ledger", async () => {
    const client = new MockBillingClient({ usageEntryCount: 400, clock: () => new Date(NOW) });
    const { query, asOf } = forecastSeriesQuery(NOW);
    const history = spendHistoryFromSeries(await client.getUsageSeries(query), asOf);
    const summed = async (days: number) => (await client.getUsageSummary({ from: iso(asOf - days * DAY_MS), to: iso(asOf) })).total;
    assert.deepEqual(history.last7, await summed(7));
    assert.deepEqual(history.last30, await summed(30));
    assert.ok(history.last7.amount > 0 && history.last30.amount > history.last7.amount, 'the seed spends in both windows');
    assert.equal(history.asOf, asOf);
    const oldest = (await client.listUsage({ from: query.from, to: query.to, sort: 'date_asc', limit: 1 })).entries[0];
    assert.equal(history.firstUsageAt, iso(Math.floor(Date.parse(oldest!.occurredAt) / DAY_MS) * DAY_MS));
  });

  it('takes the first day with usage as where the history starts, and null when there is none', () => {
    assert.equal(
      spendHistoryFromSeries(
        series((back) => (back <= 3 ? 500 : 0)),
        MIDNIGHT,
      ).firstUsageAt,
      iso(MIDNIGHT - 3 * DAY_MS),
    );
    assert.equal(
      spendHistoryFromSeries(
        series(() => 100),
        MIDNIGHT,
      ).firstUsageAt,
      iso(MIDNIGHT - 30 * DAY_MS),
    );
    const none = spendHistoryFromSeries(
      series(() => 0),
      MIDNIGHT,
    );
    assert.deepEqual([none.last7, none.last30, none.firstUsageAt], [usd(0), usd(0), null]);
  });

  it('counts the last 7 points as the week', () => {
    const history = spendHistoryFromSeries(
      series((back) => (back <= 7 ? 720 : 100)),
      MIDNIGHT,
    );
    assert.deepEqual([history.last7, history.last30], [usd(5040), usd(5040 + 23 * 100)]);
  });

  it('refuses points that do not add up to the total, lie outside the asked days, or are in another currency', () => {
    const good = series(() => 100);
    assert.throws(() => spendHistoryFromSeries({ ...good, total: usd(1) }, MIDNIGHT), RangeError);
    const today = { start: iso(MIDNIGHT), spend: usd(100), count: 1 };
    assert.throws(() => spendHistoryFromSeries({ ...good, points: [...good.points.slice(1), today] }, MIDNIGHT), RangeError);
    const euro = { ...good.points[0]!, spend: { amount: 100, currency: 'EUR' } };
    assert.throws(() => spendHistoryFromSeries({ ...good, points: [euro, ...good.points.slice(1)] }, MIDNIGHT), RangeError);
  });
});
