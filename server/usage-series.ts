// getUsageSeries: spend and count per calendar day (or clock hour) in an IANA zone, for getUsageSummary's filters. The
// buckets come from generate_series in the zone, so empty days are zeros and a DST day is 23 or 25 hours long; the sums
// come from the hourly rollups' quarter-hours and the entries of the range's partial edge quarters (see usageSeries).
import type { UsageSeries, UsageSeriesQuery } from '../src/client/schemas.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import { validationError } from './errors.js';
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

/**
 * The statement's source of (instant, count, spend) pieces for the range [$3, $4) when every bucket edge inside it
 * is on a UTC quarter-hour: the rollups' quarters that lie inside the range (each then falls in one bucket), and the
 * entries of the partial quarter-hours at its two edges, read one by one.
 */
function quarterPieces(rollups: string, match: (alias: string) => string): string {
  const quarters = QUARTERS.map((quarter) => `(${quarter.minute}, r.${quarter.count}, r.${quarter.spend})`).join(', ');
  const at = `r.hour + q.minute * interval '1 minute'`;
  return `SELECT ${at} AS at, q.n, q.spend FROM ${rollups} r CROSS JOIN LATERAL (VALUES ${quarters}) AS q(minute, n, spend)
       WHERE r.account_id = $1 AND r.hour > (SELECT qa FROM k) - interval '1 hour' AND r.hour < (SELECT qb FROM k) ${match('r')}
         AND q.n > 0 AND ${at} >= (SELECT qa FROM k) AND ${at} < (SELECT qb FROM k)
     UNION ALL
     SELECT e.occurred_at, 1, e.price FROM usage_entries e
       WHERE e.account_id = $1 AND e.occurred_at >= $3::timestamptz AND e.occurred_at < LEAST($4::timestamptz, (SELECT qa FROM k)) ${match('e')}
     UNION ALL
     SELECT e.occurred_at, 1, e.price FROM usage_entries e
       WHERE e.account_id = $1 AND e.occurred_at >= GREATEST($3::timestamptz, (SELECT qa FROM k), (SELECT qb FROM k))
         AND e.occurred_at < $4::timestamptz ${match('e')}`;
}

/**
 * The buckets of [from, to) with the matching entries' count and spend; the query was checked by UsageSeriesQuerySchema.
 * In every zone in use today each bucket edge is on a UTC quarter-hour, and the sums come from the hourly rollups'
 * quarters (migration 021) plus the entries of the range's two partial quarter-hours: at most a few thousand rows
 * whatever the entries' count. Where an edge is not (a zone's local mean time of the 19th century, an offset like
 * Monrovia's -00:44:30 until 1972), the entries of the range are grouped one by one.
 */
export async function usageSeries(q: Queryable, accountId: string, currency: string, query: UsageSeriesQuery): Promise<UsageSeries> {
  if (!(await zoneKnown(q, query.timeZone))) {
    throw validationError(`Unknown time zone ${query.timeZone}.`, { timeZone: 'Unknown time zone.' });
  }
  const starts = (
    await q.query<{ start_ms: unknown }>(
      `SELECT (extract(epoch FROM start) * 1000)::bigint AS start_ms FROM (${seriesSql(query.bucket)}) s ORDER BY 1`,
      [query.timeZone, query.from, query.to],
    )
  ).rows.map((row) => toSafeInteger(row.start_ms, 'start'));
  // The first bucket starts at or before from; each later start is an edge inside the range.
  const onQuarters = starts.slice(1).every((start) => start % QUARTER_MS === 0);

  // $2 is each bucket's start: width_bucket finds a piece's bucket by binary search among them, with no zone arithmetic.
  const params: unknown[] = [accountId, starts.map((start) => new Date(start).toISOString()), query.from, query.to];
  const same: string[] = [];
  if (query.type !== undefined) same.push(`AND $T.type = $${params.push(query.type)}`);
  if (query.userId !== undefined) same.push(`AND $T.user_id = $${params.push(query.userId)}`);
  const match = (alias: string): string => same.map((condition) => condition.replace('$T', alias)).join(' ');
  const rollups = query.userId === undefined ? 'usage_hourly_type_rollups' : 'usage_hourly_rollups';
  const pieces = onQuarters
    ? quarterPieces(rollups, match)
    : `SELECT e.occurred_at AS at, 1 AS n, e.price AS spend FROM usage_entries e
       WHERE e.account_id = $1 AND e.occurred_at >= $3::timestamptz AND e.occurred_at < $4::timestamptz ${match('e')}`;
  const result = await q.query<{ bucket: unknown; n: unknown; spend: unknown }>(
    `WITH k AS (SELECT ${ceilTo('15 minutes', '$3::timestamptz')} AS qa, ${floorTo('15 minutes', '$4::timestamptz')} AS qb),
     pieces AS (${pieces})
     SELECT width_bucket(at, $2::timestamptz[]) AS bucket, SUM(n) AS n, SUM(spend) AS spend FROM pieces GROUP BY 1`,
    params,
  );
  const sums = new Map(result.rows.map((row) => [toSafeInteger(row.bucket, 'bucket') - 1, row]));
  let total = 0;
  const points = starts.map((start, index) => {
    const row = sums.get(index);
    sums.delete(index);
    const spend = row ? toSafeInteger(row.spend, 'spend') : 0;
    total = safeSum(total + spend);
    return {
      start: new Date(start).toISOString(),
      spend: { amount: spend, currency },
      count: row ? toSafeInteger(row.n, 'count') : 0,
    };
  });
  // Every piece is at or after from, so in a bucket; one that is not would be lost from the points: never answer without it.
  if (sums.size > 0) throw new Error('usage series: entries before the first bucket');
  return { bucket: query.bucket, timeZone: query.timeZone, points, total: { amount: total, currency } };
}
