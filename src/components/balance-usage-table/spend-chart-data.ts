// The spend chart's data: which bucket a period takes, and a series answer read defensively into bars (a hostile or
// broken backend's negative, non-numeric, duplicate, out-of-range or foreign-currency points are left out and counted,
// points out of order are sorted, skipped buckets are noticed), so the chart never draws NaN.
import type { UsageFilters, UsageSeriesBucket } from '../../client/schemas.js';
import { MAX_SERIES_DAYS } from '../../client/contract-values.js';
import type { Money } from '../../money/money.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Periods up to two days are drawn by the hour, longer ones by the day. */
const HOURLY_UP_TO_MS = 2 * DAY_MS;

export interface ChartBar {
  startMs: number;
  spend: Money;
  count: number;
}

export interface ChartSeries {
  bucket: UsageSeriesBucket;
  bars: ChartBar[];
  /** The largest spend of a bar, in minor units: 0 when nothing was spent. */
  maxAmount: number;
  /** Points left out because they could not be read. */
  dropped: number;
  /** The answer skipped buckets inside the period. */
  gaps: boolean;
}

/** The series question for the table's range, or why there is none: no range, or longer than the series answers. */
export function chartRange(
  filters: UsageFilters | undefined,
): { fromMs: number; toMs: number; bucket: UsageSeriesBucket } | { tooLong: true } | undefined {
  const fromMs = Date.parse(filters?.from ?? '');
  const toMs = Date.parse(filters?.to ?? '');
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs <= fromMs) return undefined;
  if (toMs - fromMs > MAX_SERIES_DAYS * DAY_MS + HOUR_MS) return { tooLong: true };
  return { fromMs, toMs, bucket: toMs - fromMs <= HOURLY_UP_TO_MS ? 'hour' : 'day' };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function readMoney(value: unknown, currency: string | undefined): Money | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { amount, currency: code } = value as { amount?: unknown; currency?: unknown };
  if (!isCount(amount) || typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) return undefined;
  if (currency !== undefined && code !== currency) return undefined;
  return { amount, currency: code };
}

function readBar(point: unknown, currency: string | undefined): ChartBar | undefined {
  if (typeof point !== 'object' || point === null) return undefined;
  const { start, spend, count } = point as { start?: unknown; spend?: unknown; count?: unknown };
  const startMs = typeof start === 'string' ? Date.parse(start) : NaN;
  const money = readMoney(spend, currency);
  if (!Number.isFinite(startMs) || !money || !isCount(count)) return undefined;
  return { startMs, spend: money, count };
}

/**
 * The bars of an answer for [fromMs, toMs). Throws a TypeError when the answer has no list of points at all (the chart
 * says it could not load); otherwise keeps every readable point inside the period, in time order, once.
 */
export function readSeries(answer: unknown, fromMs: number, toMs: number, bucket: UsageSeriesBucket, currency?: string): ChartSeries {
  const points = (answer as { points?: unknown } | null)?.points;
  if (!Array.isArray(points)) throw new TypeError('the spend series has no list of points');
  // The account's currency when known; else the total's, else the first readable point's.
  const expected = currency ?? readMoney((answer as { total?: unknown }).total, undefined)?.currency;
  const longest = bucket === 'day' ? 25 * HOUR_MS : HOUR_MS;
  const bars: ChartBar[] = [];
  let dropped = 0;
  let reference = expected;
  for (const point of points as unknown[]) {
    const bar = readBar(point, reference);
    // A bucket starts at most one bucket before `from` (the one holding it) and before `to`.
    if (!bar || bar.startMs <= fromMs - longest || bar.startMs >= toMs) {
      dropped++;
      continue;
    }
    reference ??= bar.spend.currency;
    bars.push(bar);
  }
  bars.sort((a, b) => a.startMs - b.startMs);
  const unique = bars.filter((bar, index) => index === 0 || bar.startMs !== bars[index - 1]?.startMs);
  dropped += bars.length - unique.length;
  const first = unique[0];
  const last = unique.at(-1);
  const gaps =
    first !== undefined &&
    last !== undefined &&
    (first.startMs > fromMs ||
      last.startMs + longest < toMs ||
      unique.some((bar, index) => index > 0 && bar.startMs - (unique[index - 1]?.startMs ?? 0) > longest));
  const maxAmount = unique.reduce((max, bar) => Math.max(max, bar.spend.amount), 0);
  return { bucket, bars: unique, maxAmount, dropped, gaps };
}
