// listUsage's `offset` by date: the hourly rollups' counts find the UTC hour holding row `offset` without reading the rows before it.
import type { UsageFilters } from '../src/client/schemas.js';
import { ceilTo, floorTo, hourCount } from './usage-summary.js';

/** Numbers a statement's parameters (listUsage's FilterSql). */
export interface ParamSink {
  param(value: unknown): string;
}

/** What a date-sorted page by offset adds to listUsage's statement. */
export interface HourJump {
  /** CTEs ending in `jump (hour, skip)`: the UTC hour holding row `offset`, and the matching rows of that hour before it. */
  with: string;
  /** Condition on e.occurred_at: from that hour on, in the order read. */
  condition: string;
  /** The OFFSET: `skip` rows into that hour (at most one hour's entries); no row when offset is past the end. */
  skip: string;
  /** The count of all matching entries, from the same hours. */
  total: string;
}

/**
 * Rows per UTC hour, in the sort's direction, summed until they pass `offset`. Whole hours of the period come from the
 * rollups (per type without a user filter, per user with one); the partial hours at `from` and `to` are counted from
 * the entries, as usageCount does. One statement, so the counts and the rows are read from the same snapshot: an entry
 * committed meanwhile is in both or in neither.
 */
export function hourJump(sql: ParamSink, accountId: string, filters: UsageFilters, offset: number, descending: boolean): HourJump {
  const account = sql.param(accountId);
  const from = filters.from === undefined ? null : `${sql.param(filters.from)}::timestamptz`;
  const to = filters.to === undefined ? null : `${sql.param(filters.to)}::timestamptz`;
  const type = filters.type === undefined ? null : sql.param(filters.type);
  const user = filters.userId === undefined ? null : sql.param(filters.userId);
  const same = (alias: string): string =>
    `${type === null ? '' : `AND ${alias}.type = ${type}`} ${user === null ? '' : `AND ${alias}.user_id = ${user}`}`;
  const firstStart = from === null ? 'NULL::timestamptz' : ceilTo('1 hour', from);
  const endStart = to === null ? 'NULL::timestamptz' : floorTo('1 hour', to);
  const rollups = user === null ? 'usage_hourly_type_rollups' : 'usage_hourly_rollups';
  const parts = [
    `SELECT r.hour, ${hourCount('r')} AS n FROM ${rollups} r WHERE r.account_id = ${account}
       ${from === null ? '' : 'AND r.hour >= (SELECT first_start FROM k)'} ${to === null ? '' : 'AND r.hour < (SELECT end_start FROM k)'} ${same('r')}`,
  ];
  // The partial hours at the edges, which never overlap each other or the whole hours (as usage-summary.ts splits them).
  const edges: string[] = [];
  if (from !== null) edges.push(`x.occurred_at >= ${from} AND x.occurred_at < LEAST(${to ?? 'NULL'}, (SELECT first_start FROM k))`);
  if (to !== null) {
    edges.push(
      `x.occurred_at >= GREATEST(${from ?? 'NULL'}, (SELECT first_start FROM k), (SELECT end_start FROM k)) AND x.occurred_at < ${to}`,
    );
  }
  for (const range of edges) {
    parts.push(
      `SELECT ${floorTo('1 hour', 'x.occurred_at')} AS hour, 1::bigint AS n FROM usage_entries x
       WHERE x.account_id = ${account} AND ${range} ${same('x')}`,
    );
  }
  const direction = descending ? 'DESC' : 'ASC';
  // An hour's count as int (an hour of over 2^31 calls is refused, not misread), so the running sum is a bigint, several
  // times faster than the numeric a sum of bigints is.
  const at = `${sql.param(offset)}::bigint`;
  return {
    with: `WITH k AS (SELECT ${firstStart} AS first_start, ${endStart} AS end_start),
      hours AS (SELECT hour, SUM(n)::int AS n FROM (${parts.join(' UNION ALL ')}) counted GROUP BY hour),
      running AS (SELECT hour, n, SUM(n) OVER (ORDER BY hour ${direction}) AS upto FROM hours),
      jump AS (SELECT hour, ${at} - (upto - n) AS skip FROM running WHERE upto > ${at} ORDER BY hour ${direction} LIMIT 1)`,
    condition: descending ? `e.occurred_at < (SELECT hour FROM jump) + interval '1 hour'` : `e.occurred_at >= (SELECT hour FROM jump)`,
    skip: '(SELECT skip FROM jump)',
    total: '(SELECT COALESCE(SUM(n), 0) FROM hours)',
  };
}
