// The contract kit's checks of getUsageSeries: buckets that start where the zone's calendar days (or hours) start, cover
// [from, to) without gap or overlap, DST days of 23 and 25 hours, every bucket present, each bucket's count and spend
// equal to the listed entries inside it, totals equal to getUsageSummary's for the same filters, and refused queries.
import type { BillingClient } from '../client/billing-client.js';
import { UsageSeriesSchema, UsageSummarySchema, type UsageEntry, type UsageSeries } from '../client/schemas.js';
import { bucketIndex, nextBucketStart, seriesBucketStarts, type SeriesBucket } from '../rules/usage-series.js';
import { assert, assertEqual, rejectsWith, valid } from './contract-assertions.js';
import { allUsage, sumPrices } from './contract-client.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

type SeriesClient = BillingClient & Required<Pick<BillingClient, 'getUsageSeries'>>;

function withSeries(client: BillingClient): SeriesClient {
  assert(
    typeof client.getUsageSeries === 'function',
    'getUsageSeries is missing: implement it, or pass { usageSeries: false } to skip these checks',
  );
  return client as SeriesClient;
}

async function series(client: SeriesClient, query: Parameters<SeriesClient['getUsageSeries']>[0]): Promise<UsageSeries> {
  return valid(UsageSeriesSchema, await client.getUsageSeries(query), `getUsageSeries(${JSON.stringify(query)})`);
}

/** Buckets as the zone's calendar has them, gap-free over [from, to), and every listed entry counted in its own bucket. */
function checkBuckets(
  answer: UsageSeries,
  entries: readonly UsageEntry[],
  fromMs: number,
  toMs: number,
  zone: string,
  bucket: SeriesBucket,
) {
  const where = `getUsageSeries ${bucket} buckets in ${zone}`;
  assertEqual([answer.bucket, answer.timeZone], [bucket, zone], `${where}: bucket and timeZone echo the query`);
  const starts = answer.points.map((point) => Date.parse(point.start));
  assertEqual(
    starts.map((start) => new Date(start).toISOString()),
    seriesBucketStarts(fromMs, toMs, zone, bucket).map((start) => new Date(start).toISOString()),
    `${where}: every bucket from the one holding from to the one holding to's last instant, starting where the zone's ${bucket}s start`,
  );
  assert(starts.length > 0 && (starts[0] ?? Infinity) <= fromMs, `${where}: the first bucket must hold from`);
  const last = starts.at(-1) ?? 0;
  assert(last < toMs && nextBucketStart(last, zone, bucket) >= toMs, `${where}: the last bucket must hold to's last instant`);
  const counts = starts.map(() => 0);
  const spend = starts.map(() => 0);
  for (const entry of entries) {
    const index = bucketIndex(starts, Date.parse(entry.occurredAt));
    assert(index >= 0, `${where}: entry ${entry.id} at ${entry.occurredAt} falls before every bucket`);
    counts[index] = (counts[index] ?? 0) + 1;
    spend[index] = (spend[index] ?? 0) + entry.price.amount;
  }
  assertEqual(
    answer.points.map((point) => [point.start, point.count, point.spend.amount]),
    answer.points.map((point, index) => [point.start, counts[index], spend[index]]),
    `${where}: each bucket's count and spend are the listed entries inside it`,
  );
  assertEqual(answer.total.amount, sumPrices(entries), `${where}: total is the sum of the entries`);
}

/** Registers the checks; `fresh` gives a client on a fresh account, as every test of the kit takes one. */
export function usageSeriesChecks(
  it: (name: string, test: () => Promise<void>) => unknown,
  fresh: () => Promise<BillingClient>,
  maxPages: number,
): void {
  it('getUsageSeries: day buckets in America/New_York and hour buckets in Asia/Kolkata hold exactly the listed entries, totals equal the summary', async () => {
    const base = await fresh();
    const client = withSeries(base);
    const { entries } = await allUsage(client, {}, 'date_asc', maxPages);
    const lastMs = Date.parse(entries.at(-1)?.occurredAt ?? '');
    assert(Number.isFinite(lastMs), 'a fresh account must have usage');
    // Up to 90 days back from the newest entry, ending inside a day, so neither edge is a bucket's start.
    const toMs = lastMs + 1 + 7 * HOUR_MS;
    const fromMs = Math.max(Date.parse(entries[0]?.occurredAt ?? '') - 5 * HOUR_MS, toMs - 90 * DAY_MS);
    const window = { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
    const inside = entries.filter((entry) => Date.parse(entry.occurredAt) >= fromMs && Date.parse(entry.occurredAt) < toMs);
    const days = await series(client, { ...window, timeZone: 'America/New_York', bucket: 'day' });
    checkBuckets(days, inside, fromMs, toMs, 'America/New_York', 'day');
    const summary = valid(UsageSummarySchema, await client.getUsageSummary(window), 'getUsageSummary');
    assertEqual(days.total, summary.total, 'getUsageSeries total equals getUsageSummary total for the same filters');
    const summaryCount = summary.types.reduce((count, row) => count + row.count, 0);
    assertEqual(
      days.points.reduce((count, point) => count + point.count, 0),
      summaryCount,
      'getUsageSeries counts sum to the summary count',
    );
    // Hours over the last two days before the newest entry: Kolkata's hours start at half past in UTC.
    const hourFrom = toMs - 2 * DAY_MS;
    const hourInside = inside.filter((entry) => Date.parse(entry.occurredAt) >= hourFrom);
    const hours = await series(client, { from: new Date(hourFrom).toISOString(), to: window.to, timeZone: 'Asia/Kolkata', bucket: 'hour' });
    checkBuckets(hours, hourInside, hourFrom, toMs, 'Asia/Kolkata', 'hour');
  });

  it('getUsageSeries: across a DST change, days of 23 and 25 hours; type and user filters agree with the summary', async () => {
    const client = withSeries(await fresh());
    // The US changes clocks on the second Sunday of March and the first of November: this range holds both.
    const from = '2026-03-01T05:00:00.000Z';
    const to = '2026-11-08T05:00:00.000Z';
    const answer = await series(client, { from, to, timeZone: 'America/New_York', bucket: 'day' });
    const lengths = answer.points
      .slice(0, -1)
      .map((point, index) => Date.parse(answer.points[index + 1]?.start ?? '') - Date.parse(point.start));
    assert(lengths.includes(23 * HOUR_MS) && lengths.includes(25 * HOUR_MS), 'New York days in 2026 include one of 23 and one of 25 hours');
    assert(
      lengths.every((length) => length >= 23 * HOUR_MS && length <= 25 * HOUR_MS),
      'every day is 23 to 25 hours long',
    );
    const { entries } = await allUsage(client, {}, 'date_desc', maxPages);
    const newest = entries[0];
    assert(newest, 'a fresh account must have usage');
    const toMs = Date.parse(newest.occurredAt) + 1;
    const window = { from: new Date(toMs - 60 * DAY_MS).toISOString(), to: new Date(toMs).toISOString() };
    for (const filters of [
      { ...window, type: newest.type },
      { ...window, userId: newest.user.id },
      { ...window, type: 'contract_no_such_type' },
    ]) {
      const filtered = await series(client, { ...filters, timeZone: 'UTC', bucket: 'day' });
      const summary = valid(UsageSummarySchema, await client.getUsageSummary(filters), 'getUsageSummary');
      assertEqual(filtered.total, summary.total, `getUsageSeries total equals the summary's for ${JSON.stringify(filters)}`);
    }
  });

  it('getUsageSeries refuses an unknown zone, to not after from, and more than 400 days or 192 hours', async () => {
    const client = withSeries(await fresh());
    const from = '2026-01-01T00:00:00.000Z';
    await rejectsWith(
      client.getUsageSeries({ from, to: '2026-01-02T00:00:00.000Z', timeZone: 'Mars/Olympus_Mons', bucket: 'day' }),
      'validation',
      'getUsageSeries in an unknown zone',
    );
    await rejectsWith(
      client.getUsageSeries({ from, to: from, timeZone: 'UTC', bucket: 'day' }),
      'validation',
      'getUsageSeries with to = from',
    );
    await rejectsWith(
      client.getUsageSeries({ from, to: '2027-02-06T00:00:00.000Z', timeZone: 'UTC', bucket: 'day' }),
      'validation',
      'getUsageSeries over 401 days',
    );
    await rejectsWith(
      client.getUsageSeries({ from, to: '2026-01-09T01:00:00.000Z', timeZone: 'UTC', bucket: 'hour' }),
      'validation',
      'getUsageSeries over 193 hours',
    );
  });
}
