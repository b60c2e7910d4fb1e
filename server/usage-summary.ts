// Usage counts and sums (listUsage's totalCount, getUsageSummary) from the daily rollups, exact for any [from, to).
import type { UsageFilters, UsageSummary } from '../src/client/schemas.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import { USAGE_TYPES } from './usage-types.js';

/**
 * The parts of a statement that reads the filters' period: whole UTC days come from a rollup table,
 * and the entries in the partial days at the from and to edges are read one by one (an index range
 * of at most two days). The day bounds are worked out in SQL from the given instants, so any offset
 * or sub-millisecond instant splits exactly where the rows do. $1 is the account.
 */
class PeriodSql {
  readonly params: unknown[];
  /** CTE `k`: the first whole day and the day after the last one, and the instants they start at. */
  readonly with: string;
  /** Conditions on e.occurred_at for each edge; the two never overlap (the first ends by first_start, the second starts at or after it). */
  readonly edges: string[] = [];
  private readonly from: string | null;
  private readonly to: string | null;

  constructor(accountId: string, filters: UsageFilters) {
    this.params = [accountId];
    this.from = filters.from === undefined ? null : `${this.param(filters.from)}::timestamptz`;
    this.to = filters.to === undefined ? null : `${this.param(filters.to)}::timestamptz`;
    // First whole day: from's UTC day when from is its midnight, else the next one; the last is before to's day.
    const firstDay =
      this.from === null ? 'NULL::date' : `((${this.from} AT TIME ZONE 'UTC') + interval '1 day' - interval '1 microsecond')::date`;
    const endDay = this.to === null ? 'NULL::date' : `(${this.to} AT TIME ZONE 'UTC')::date`;
    this.with = `WITH d AS (SELECT ${firstDay} AS first_day, ${endDay} AS end_day),
      k AS (SELECT first_day, end_day, first_day::timestamp AT TIME ZONE 'UTC' AS first_start, end_day::timestamp AT TIME ZONE 'UTC' AS end_start FROM d)`;
    if (this.from !== null)
      this.edges.push(`e.occurred_at >= ${this.from} AND e.occurred_at < LEAST(${this.to ?? 'NULL'}, (SELECT first_start FROM k))`);
    if (this.to !== null) {
      const secondStart = `GREATEST(${this.from ?? 'NULL'}, (SELECT first_start FROM k), (SELECT end_start FROM k))`;
      this.edges.push(`e.occurred_at >= ${secondStart} AND e.occurred_at < ${this.to}`);
    }
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Conditions on a rollup alias's day for the whole days of the period. */
  days(alias: string): string {
    return `${this.from === null ? '' : `AND ${alias}.day >= (SELECT first_day FROM k)`} ${this.to === null ? '' : `AND ${alias}.day < (SELECT end_day FROM k)`}`;
  }
}

/** Counts and spend of the entries matching the filters, per type. */
interface TypeGroup {
  type: string;
  /** MAX(type_label) of the type's rollups over the matched days; null when only edge entries matched. */
  label: string | null;
  count: number;
  total: number;
}

/**
 * Aggregates exactly the entries listUsage's filters match ([from, to) instants, type, user), per
 * type. Without a user filter it reads the rollup per account × day × type, which stays small
 * however many users there are; with one, that user's rollups through their own index.
 */
async function typeGroups(q: Queryable, accountId: string, filters: UsageFilters): Promise<TypeGroup[]> {
  const sql = new PeriodSql(accountId, filters);
  const same: string[] = [];
  if (filters.type !== undefined) same.push(`AND $T.type = ${sql.param(filters.type)}`);
  if (filters.userId !== undefined) same.push(`AND $T.user_id = ${sql.param(filters.userId)}`);
  const match = (alias: string): string => same.map((condition) => condition.replace('$T', alias)).join(' ');
  const rollups = filters.userId === undefined ? 'usage_daily_type_rollups' : 'usage_daily_rollups';
  const parts = [
    `SELECT r.type, r.type_label AS label, r.entry_count AS n, r.spend FROM ${rollups} r
     WHERE r.account_id = $1 ${sql.days('r')} ${match('r')}`,
    ...sql.edges.map(
      (range) => `SELECT e.type, NULL::text AS label, 1::bigint AS n, e.price AS spend FROM usage_entries e
       WHERE e.account_id = $1 AND ${range} ${match('e')}`,
    ),
  ];
  const result = await q.query<{ type: string; label: string | null; count: unknown; total: unknown }>(
    `${sql.with}
     SELECT type, MAX(label) AS label, SUM(n) AS count, SUM(spend) AS total FROM (${parts.join(' UNION ALL ')}) parts GROUP BY type`,
    sql.params,
  );
  return result.rows.map((row) => ({
    type: row.type,
    label: row.label,
    count: toSafeInteger(row.count, 'count'),
    total: toSafeInteger(row.total, 'total'),
  }));
}

/**
 * The account's users with at least one entry in the period and type (the user filter is ignored, so
 * the filter keeps offering everyone else): one index probe per user into their rollups, and into
 * the entries of each partial edge day.
 */
async function periodUsers(q: Queryable, accountId: string, filters: UsageFilters): Promise<{ id: string; name: string }[]> {
  const sql = new PeriodSql(accountId, filters);
  const type = (alias: string): string => (filters.type === undefined ? '' : `AND ${alias}.type = ${sql.param(filters.type)}`);
  const probes = [
    `EXISTS (SELECT 1 FROM usage_daily_rollups r WHERE r.account_id = $1 AND r.user_id = u.id ${sql.days('r')} ${type('r')})`,
    ...sql.edges.map(
      (range) => `EXISTS (SELECT 1 FROM usage_entries e WHERE e.account_id = $1 AND e.user_id = u.id AND ${range} ${type('e')})`,
    ),
  ];
  const result = await q.query<{ id: string; name: string }>(
    `${sql.with} SELECT u.id, u.name FROM account_users u WHERE u.account_id = $1 AND (${probes.join(' OR ')})`,
    sql.params,
  );
  return result.rows.sort((a, b) => a.name.localeCompare(b.name, 'en')).map((user) => ({ id: user.id, name: user.name }));
}

export function safeSum(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError('usage sum out of the safe integer range');
  return value;
}

/** listUsage's totalCount: exactly the entries its filters match. */
export async function usageCount(q: Queryable, accountId: string, filters: UsageFilters): Promise<number> {
  return (await typeGroups(q, accountId, filters)).reduce((sum, group) => safeSum(sum + group.count), 0);
}

/** getUsageSummary: exactly listUsage's filters' counts and spend (see typeGroups); users come from the period and type only. */
export async function usageSummary(q: Queryable, accountId: string, currency: string, filters: UsageFilters): Promise<UsageSummary> {
  const groups = await typeGroups(q, accountId, filters);
  const unlabelled = groups.filter((group) => group.label === null).map((group) => group.type);
  if (unlabelled.length > 0) {
    // Only edge entries matched these types: every entry is in its own day's rollup, which has the label.
    const found = await q.query<{ type: string; label: string }>(
      `SELECT type, MAX(type_label) AS label FROM usage_daily_type_rollups WHERE account_id = $1 AND type = ANY($2::text[])
         AND day >= COALESCE(($3::timestamptz AT TIME ZONE 'UTC')::date, '-infinity') AND day <= COALESCE(($4::timestamptz AT TIME ZONE 'UTC')::date, 'infinity')
       GROUP BY type`,
      [accountId, unlabelled, filters.from ?? null, filters.to ?? null],
    );
    for (const row of found.rows) {
      const group = groups.find((candidate) => candidate.type === row.type);
      if (group) group.label = row.label;
    }
  }
  let total = 0;
  const types = groups
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))
    .map((group) => {
      total = safeSum(total + group.total);
      return {
        type: group.type,
        label: group.label ?? USAGE_TYPES[group.type] ?? group.type,
        count: group.count,
        total: { amount: group.total, currency },
      };
    });
  return { types, total: { amount: total, currency }, users: await periodUsers(q, accountId, filters) };
}
