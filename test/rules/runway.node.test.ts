// The runway forecast (src/rules/runway.ts): which window the daily spend comes from, when there is too little data,
// the rounding of days and of the daily figure, auto-recharge's cadence, and amounts at the edges of what can be counted.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { autoRechargeCadence, DAY_MS, forecastRunway, spendRate, type RechargePlan, type SpendHistory } from '../../src/rules/runway.js';

const NOW = Date.UTC(2026, 11, 3, 12);
const usd = (amount: number) => ({ amount, currency: 'USD' });
const daysAgo = (days: number) => new Date(NOW - days * DAY_MS).toISOString();
const history = (last7: number, last30: number, firstUsageDaysAgo: number | null = 90): SpendHistory => ({
  last7: usd(last7),
  last30: usd(last30),
  firstUsageAt: firstUsageDaysAgo === null ? null : daysAgo(firstUsageDaysAgo),
  asOf: NOW,
});
const off: RechargePlan = { enabled: false, thresholdAmount: usd(1000), rechargeAmount: usd(5000) };
const on: RechargePlan = { ...off, enabled: true };

describe('spendRate', () => {
  it('averages the last 7 days when the account has a week of history and spent in it ($50.40 / 7 = $7.20)', () => {
    assert.deepEqual(spendRate(history(5040, 9000)), { periodDays: 7, total: usd(5040), perDay: usd(720) });
  });

  it('falls back to the last 30 days when the last week had no spend', () => {
    assert.deepEqual(spendRate(history(0, 6000)), { periodDays: 30, total: usd(6000), perDay: usd(200) });
  });

  it('averages a younger account over its own history, not over days before it existed', () => {
    // First call 12 days ago, nothing in the last week: $24.00 over 12 days, not over 30.
    assert.deepEqual(spendRate(history(0, 2400, 12.5)), { periodDays: 12, total: usd(2400), perDay: usd(200) });
  });

  it('says there is too little data: no spend, no usage ever, or less than a week of history', () => {
    assert.equal(spendRate(history(0, 0)), 'no-spend');
    assert.equal(spendRate(history(0, 0, null)), 'no-spend');
    assert.equal(spendRate(history(500, 500, 6.9)), 'short-history');
    assert.equal(spendRate(history(500, 500, -1)), 'short-history', 'a first usage "in the future" (clock skew) is no history');
    assert.notEqual(spendRate(history(500, 500, 7)), 'short-history');
  });

  it('rounds the daily figure half up to the minor unit, and never down to nothing', () => {
    assert.equal((spendRate(history(10, 10)) as { perDay: { amount: number } }).perDay.amount, 1); // 1.43 → 1
    assert.equal((spendRate(history(11, 11)) as { perDay: { amount: number } }).perDay.amount, 2); // 1.57 → 2
    assert.equal((spendRate(history(1, 1)) as { perDay: { amount: number } }).perDay.amount, 1); // 0.14 → at least 1
  });

  it('refuses totals it cannot count instead of answering NaN', () => {
    assert.throws(() => spendRate(history(-5, 10)), RangeError);
    assert.throws(() => spendRate(history(1.5, 10)), RangeError);
    assert.throws(() => spendRate({ ...history(5, 10), last30: { amount: 10, currency: 'EUR' } }), RangeError);
  });
});

describe('forecastRunway', () => {
  it('gives the issue example: $7.20 a day and $45.00 left lasts about 6 days (rounded down)', () => {
    const forecast = forecastRunway(usd(4500), history(5040, 9000), off);
    assert.deepEqual(forecast, {
      kind: 'lasts',
      rate: { periodDays: 7, total: usd(5040), perDay: usd(720) },
      runway: { kind: 'days', days: 6 },
    });
  });

  it('counts from the exact total, not the rounded daily figure', () => {
    // $10.00 over 7 days is 142.857… cents a day: $1.43 shown, $10.00 lasts exactly 7 days, not 6.99.
    assert.deepEqual(forecastRunway(usd(1000), history(1000, 1000), off), {
      kind: 'lasts',
      rate: { periodDays: 7, total: usd(1000), perDay: usd(143) },
      runway: { kind: 'days', days: 7 },
    });
  });

  it('says less than a day, and more than a year past 365 days', () => {
    assert.deepEqual(forecastRunway(usd(100), history(7000, 7000), off), {
      kind: 'lasts',
      rate: { periodDays: 7, total: usd(7000), perDay: usd(1000) },
      runway: { kind: 'under-a-day' },
    });
    const year = forecastRunway(usd(365 * 100), history(700, 700), off);
    assert.deepEqual(year.kind === 'lasts' && year.runway, { kind: 'days', days: 365 });
    const more = forecastRunway(usd(366 * 100), history(700, 700), off);
    assert.deepEqual(more.kind === 'lasts' && more.runway, { kind: 'over-a-year' });
  });

  it('says the balance is used up at zero and below, whatever the history', () => {
    assert.deepEqual(forecastRunway(usd(0), history(5040, 9000), off), { kind: 'used-up' });
    assert.deepEqual(forecastRunway(usd(-1234), history(5040, 9000), on), { kind: 'used-up' });
    assert.deepEqual(forecastRunway(usd(-1234), history(0, 0, null), off), { kind: 'used-up' });
  });

  it('makes no forecast on zero spend or a short history', () => {
    assert.deepEqual(forecastRunway(usd(4250), history(0, 0), off), { kind: 'too-little-data', reason: 'no-spend' });
    assert.deepEqual(forecastRunway(usd(4250), history(300, 300, 3), on), { kind: 'too-little-data', reason: 'short-history' });
  });

  it('with auto-recharge on, says how often it adds its amount (rounded to the nearest day)', () => {
    // $50.00 at $7.20 a day: 6.94 days → about every 7 days.
    assert.deepEqual(forecastRunway(usd(4500), history(5040, 9000), on), {
      kind: 'auto-recharge',
      rate: { periodDays: 7, total: usd(5040), perDay: usd(720) },
      added: usd(5000),
      every: { kind: 'days', days: 7 },
    });
  });

  it('stays exact and finite with a huge balance or spend (past 2^53 once multiplied)', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const rich = forecastRunway(usd(max), history(7, 7), off);
    assert.deepEqual(rich.kind === 'lasts' && rich.runway, { kind: 'over-a-year' });
    const spender = forecastRunway(usd(4500), history(max, max), off);
    assert.deepEqual(spender.kind === 'lasts' && spender.runway, { kind: 'under-a-day' });
    // 9007199254740991 / 7 = 1286742750677284.43: floats would round it to …285.
    assert.deepEqual(spender.kind === 'lasts' && spender.rate.perDay, usd(1286742750677284));
    assert.throws(() => forecastRunway(usd(Number.NaN), history(7, 7), off), RangeError);
    assert.throws(() => forecastRunway({ amount: 4500, currency: 'EUR' }, history(7, 7), off), RangeError);
  });
});

describe('autoRechargeCadence', () => {
  const rate = { periodDays: 7, total: usd(5040), perDay: usd(720) };

  it('is absent when auto-recharge is off or adds nothing', () => {
    assert.equal(autoRechargeCadence(undefined, rate), undefined);
    assert.equal(autoRechargeCadence(off, rate), undefined);
    assert.equal(autoRechargeCadence({ ...on, rechargeAmount: usd(0) }, rate), undefined);
  });

  it('in target mode, counts what lifts a balance just below the threshold back to the target', () => {
    const target: RechargePlan = { ...on, mode: 'target', targetBalance: usd(6040) };
    // $60.40 − $10.00 = $50.40 a recharge at $7.20 a day: every 7 days; the fixed $50.00 is not what is added.
    assert.deepEqual(autoRechargeCadence(target, rate), { added: usd(5040), every: { kind: 'days', days: 7 } });
    assert.equal(autoRechargeCadence({ ...target, targetBalance: usd(1000) }, rate), undefined);
    assert.deepEqual(autoRechargeCadence({ ...target, targetBalance: null }, rate)?.added, usd(5000), 'no target: the fixed amount');
  });

  it('says more than once a day and less than once a year at the ends', () => {
    assert.deepEqual(autoRechargeCadence({ ...on, rechargeAmount: usd(300) }, rate)?.every, { kind: 'under-a-day' });
    assert.deepEqual(autoRechargeCadence({ ...on, rechargeAmount: usd(720 * 366) }, rate)?.every, { kind: 'over-a-year' });
    assert.deepEqual(autoRechargeCadence({ ...on, rechargeAmount: usd(720) }, rate)?.every, { kind: 'days', days: 1 });
  });
});
