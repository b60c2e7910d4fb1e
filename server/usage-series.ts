// getUsageSeries: spend and count per calendar day (or clock hour) in an IANA zone, for getUsageSummary's filters. The
// buckets come from generate_series in the zone, so empty days are zeros and a DST day is 23 or 25 hours long; the sums
// come from the hourly rollups' quarter-hours and the entries of the range's partial edge quarters (see usageSeries).
import type { UsageSeries, UsageSeriesQuery } from '../src/client/schemas.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import { validationError } from './errors.js';
import { bucketIndex } from '../src/rules/usage-series.js';
import { ceilTo, floorTo, QUARTERS, safeSum } from './usage-summary.js';

/** Zones PostgreSQL was asked about, so the catalog (a scan of the zone files) is read once per zone. */
const knownZones = new Map<string, boolean>();
const MAX_REMEMBERED_ZONES = 500;

/**
 * Whether PostgreSQL knows the zone. The schema already refused zones the JavaScript runtime does not know; this catches
 * a zone the two zone databases disagree on, so it is a 422 and never an error inside the statement (a 500).
 */
async function zoneKnown(q: Queryable, timeZone: string): Promise<boolean> {
  const remembered = knownZones.get(timeZone);
  if (remembered !== undefined) return remembered;
  const result = await q.query<{ known: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1) AS known', [timeZone]);
  const known = result.rows[0]?.known === true;
  if (knownZones.size >= MAX_REMEMBERED_ZONES) knownZones.clear();
  knownZones.set(timeZone, known);
  return known;
}

/**
 * The SQL of the buckets' start instants for zone $1 and the range [$2, $3). Days: local midnight, through the local
 * date (generate_series over local dates, turned back into instants, so each day starts where that zone's calendar
 * says). Hours: from the instant less its local minutes and seconds (the repeated hour of a DST fall-back is two
 * buckets, not one), stepped an hour at a time.
 */
function seriesSql(bucket: UsageSeriesQuery['bucket']): string {
  if (bucket === 'day') {
    return `SELECT local_day AT TIME ZONE $1 AS start FROM generate_series(
         date_trunc('day', $2::timestamptz AT TIME ZONE $1),
         date_trunc('day', ($3::timestamptz - interval '1 microsecond') AT TIME ZONE $1),
         interval '1 day') AS local_day`;
  }
  const first = `$2::timestamptz - (($2::timestamptz AT TIME ZONE $1) - date_trunc('hour', $2::timestamptz AT TIME ZONE $1))`;
  return `SELECT start FROM generate_series(${first}, $3::timestamptz - interval '1 microsecond', interval '1 hour') AS start`;
}

const QUARTER_MS = 15 * 60_000;

/** A row of the sums: a rollup hour's quarters (hour_ms set), or a bucket's entries counted one by one (in c0 and s0). */
interface SumRow {
  hour_ms: unknown;
  bucket: unknown;
  c0: unknown;
  c1: unknown;
  c2: unknown;
  c3: unknown;
  s0: unknown;
  s1: unknown;
  s2: unknown;
  s3: unknown;
}

/** Entries of [low, high) counted per bucket ($2 the bucket starts: width_bucket is a binary search among them), as SumRows. */
function entriesPerBucket(range: string, match: (alias: string) => string): string {
  return `SELECT NULL::bigint AS hour_ms, width_bucket(e.occurred_at, $2::timestamptz[]) AS bucket, COUNT(*) AS c0, 0 AS c1, 0 AS c2,
       0 AS c3, SUM(e.price) AS s0, 0 AS s1, 0 AS s2, 0 AS s3
     FROM usage_entries e WHERE e.account_id = $1 AND ${range} ${match('e')} GROUP BY 2`;
}

/**
 * The buckets of [from, to) with the matching entries' count and spend; the query was checked by UsageSeriesQuerySchema.
 * In every zone in use today each bucket edge is on a UTC quarter-hour: the sums are then the hourly rollups' quarters
 * (migration 021) inside [qa, qb), from's next quarter-hour to to's last one, each added to its bucket here, and the
 * entries of the partial quarter-hours before qa and after qb counted per bucket: at most a few thousand rows whatever
 * the entries' count. Where an edge is not on a quarter-hour (a zone's local mean time of the 19th century, Monrovia's
 * -00:44:30 until 1972), the entries of the range are counted per bucket one by one.
 */
export async function usageSeries(q: Queryable, accountId: string, currency: string, query: UsageSeriesQuery): Promise<UsageSeries> {
  if (!(await zoneKnown(q, query.timeZone))) {
    throw validationError(`Unknown time zone ${query.timeZone}.`, { timeZone: 'Unknown time zone.' });
  }
  const listed = await q.query<{ start_ms: unknown; qa_ms: unknown; qb_ms: unknown }>(
    `WITH k AS (SELECT ${ceilTo('15 minutes', '$2::timestamptz')} AS qa, ${floorTo('15 minutes', '$3::timestamptz')} AS qb)
     SELECT (extract(epoch FROM s.start) * 1000)::bigint AS start_ms, (extract(epoch FROM k.qa) * 1000)::bigint AS qa_ms,
       (extract(epoch FROM k.qb) * 1000)::bigint AS qb_ms
     FROM (${seriesSql(query.bucket)}) s CROSS JOIN k ORDER BY 1`,
    [query.timeZone, query.from, query.to],
  );
  const starts = listed.rows.map((row) => toSafeInteger(row.start_ms, 'start'));
  const qa = toSafeInteger(listed.rows[0]?.qa_ms ?? 0, 'qa');
  const qb = toSafeInteger(listed.rows[0]?.qb_ms ?? 0, 'qb');
  // The first bucket starts at or before from; each later start is an edge inside the range.
  const onQuarters = starts.slice(1).every((start) => start % QUARTER_MS === 0);

  const params: unknown[] = [accountId, starts.map((start) => new Date(start).toISOString()), query.from, query.to];
  const same: string[] = [];
  if (query.type !== undefined) same.push(`AND $T.type = $${params.push(query.type)}`);
  if (query.userId !== undefined) same.push(`AND $T.user_id = $${params.push(query.userId)}`);
  const match = (alias: string): string => same.map((condition) => condition.replace('$T', alias)).join(' ');
  const rollups = query.userId === undefined ? 'usage_hourly_type_rollups' : 'usage_hourly_rollups';
  let parts = [entriesPerBucket(`e.occurred_at >= $3::timestamptz AND e.occurred_at < $4::timestamptz`, match)];
  if (onQuarters) {
    const qaAt = `$${params.push(new Date(qa).toISOString())}::timestamptz`;
    const qbAt = `$${params.push(new Date(qb).toISOString())}::timestamptz`;
    parts = [
      `SELECT (extract(epoch FROM r.hour) * 1000)::bigint AS hour_ms, NULL::int AS bucket,
         ${QUARTERS.map((quarter, index) => `SUM(r.${quarter.count}) AS c${index}`).join(', ')},
         ${QUARTERS.map((quarter, index) => `SUM(r.${quarter.spend}) AS s${index}`).join(', ')}
       FROM ${rollups} r WHERE r.account_id = $1 AND r.hour > ${qaAt} - interval '1 hour' AND r.hour < ${qbAt} ${match('r')}
       GROUP BY r.hour`,
      entriesPerBucket(`e.occurred_at >= $3::timestamptz AND e.occurred_at < LEAST($4::timestamptz, ${qaAt})`, match),
      entriesPerBucket(`e.occurred_at >= GREATEST($3::timestamptz, ${qaAt}, ${qbAt}) AND e.occurred_at < $4::timestamptz`, match),
    ];
  }
  const result = await q.query<SumRow>(parts.join(' UNION ALL '), params);

  const counts = starts.map(() => 0);
  const spends = starts.map(() => 0);
  const add = (index: number, count: unknown, spend: unknown): void => {
    // Every piece is at or after from, so in a bucket; one that is not would be lost from the points: never answer without it.
    if (index < 0 || index >= starts.length) throw new Error(`usage series: a piece outside the buckets (${String(index)})`);
    counts[index] = safeSum((counts[index] ?? 0) + toSafeInteger(count, 'count'));
    spends[index] = safeSum((spends[index] ?? 0) + toSafeInteger(spend, 'spend'));
  };
  for (const row of result.rows) {
    if (row.hour_ms === null) {
      add(toSafeInteger(row.bucket, 'bucket') - 1, row.c0, row.s0);
      continue;
    }
    const hour = toSafeInteger(row.hour_ms, 'hour');
    const quarters: [unknown, unknown][] = [
      [row.c0, row.s0],
      [row.c1, row.s1],
      [row.c2, row.s2],
      [row.c3, row.s3],
    ];
    quarters.forEach(([count, spend], index) => {
      const at = hour + index * QUARTER_MS;
      // Only the quarters inside [qa, qb): the entries before qa and from qb on were counted one by one.
      if (at >= qa && at < qb) add(bucketIndex(starts, at), count, spend);
    });
  }
  let total = 0;
  const points = starts.map((start, index) => {
    total = safeSum(total + (spends[index] ?? 0));
    return {
      start: new Date(start).toISOString(),
      spend: { amount: spends[index] ?? 0, currency },
      count: counts[index] ?? 0,
    };
  });
  return { bucket: query.bucket, timeZone: query.timeZone, points, total: { amount: total, currency } };
}
