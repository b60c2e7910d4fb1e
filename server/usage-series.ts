// getUsageSeries: spend and count per calendar day (or clock hour) in an IANA zone, for getUsageSummary's filters. One
// statement reads the entries of [from, to) through usage_entries_by_date_covering (an index-only scan: account,
// instant, and type, user and price in the INCLUDE) and groups them by the local day or hour; every bucket of the range
// comes from generate_series, so empty days are zeros and a DST day is 23 or 25 hours long.
import type { UsageSeries, UsageSeriesQuery } from '../src/client/schemas.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import { validationError } from './errors.js';
import { safeSum } from './usage-summary.js';

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
 * The SQL of a bucket's start instant for an instant expression, and of the first bucket and the step of the buckets'
 * series. Days: local midnight, through the local date (generate_series over local dates, turned back into instants, so
 * each day starts where that zone's calendar says). Hours: the instant less its local minutes and seconds (the repeated
 * hour of a DST fall-back is two buckets, not one), stepped an hour at a time.
 */
function bucketSql(bucket: UsageSeriesQuery['bucket']): { of: (instant: string) => string; series: string } {
  if (bucket === 'day') {
    return {
      of: (instant) => `(date_trunc('day', ${instant} AT TIME ZONE $2) AT TIME ZONE $2)`,
      series: `SELECT local_day AT TIME ZONE $2 AS start FROM generate_series(
         date_trunc('day', $3::timestamptz AT TIME ZONE $2),
         date_trunc('day', ($4::timestamptz - interval '1 microsecond') AT TIME ZONE $2),
         interval '1 day') AS local_day`,
    };
  }
  const of = (instant: string) => `(${instant} - ((${instant} AT TIME ZONE $2) - date_trunc('hour', ${instant} AT TIME ZONE $2)))`;
  return {
    of,
    series: `SELECT start FROM generate_series(${of('$3::timestamptz')}, $4::timestamptz - interval '1 microsecond', interval '1 hour') AS start`,
  };
}

/** The buckets of [from, to) with the matching entries' count and spend; the query was checked by UsageSeriesQuerySchema. */
export async function usageSeries(q: Queryable, accountId: string, currency: string, query: UsageSeriesQuery): Promise<UsageSeries> {
  if (!(await zoneKnown(q, query.timeZone))) {
    throw validationError(`Unknown time zone ${query.timeZone}.`, { timeZone: 'Unknown time zone.' });
  }
  const params: unknown[] = [accountId, query.timeZone, query.from, query.to];
  const filters: string[] = [];
  if (query.type !== undefined) filters.push(`AND e.type = $${params.push(query.type)}`);
  if (query.userId !== undefined) filters.push(`AND e.user_id = $${params.push(query.userId)}`);
  const { of, series } = bucketSql(query.bucket);
  const result = await q.query<{ start_ms: unknown; n: unknown; spend: unknown; listed: boolean }>(
    `WITH buckets AS (${series}),
     sums AS (
       SELECT ${of('e.occurred_at')} AS start, COUNT(*) AS n, SUM(e.price) AS spend FROM usage_entries e
       WHERE e.account_id = $1 AND e.occurred_at >= $3::timestamptz AND e.occurred_at < $4::timestamptz ${filters.join(' ')}
       GROUP BY 1
     )
     SELECT (extract(epoch FROM COALESCE(b.start, s.start)) * 1000)::bigint AS start_ms, COALESCE(s.n, 0) AS n,
       COALESCE(s.spend, 0) AS spend, b.start IS NOT NULL AS listed
     FROM buckets b FULL JOIN sums s ON s.start = b.start ORDER BY 1`,
    params,
  );
  let total = 0;
  const points = result.rows.map((row) => {
    // Entries grouped into a start the series does not have would be lost from the points; never answer without them.
    if (!row.listed) throw new Error(`usage series: entries in a bucket starting ${String(row.start_ms)} outside the series`);
    const spend = toSafeInteger(row.spend, 'spend');
    total = safeSum(total + spend);
    return {
      start: new Date(toSafeInteger(row.start_ms, 'start')).toISOString(),
      spend: { amount: spend, currency },
      count: toSafeInteger(row.n, 'count'),
    };
  });
  return { bucket: query.bucket, timeZone: query.timeZone, points, total: { amount: total, currency } };
}
