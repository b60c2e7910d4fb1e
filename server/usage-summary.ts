// Usage counts and sums (listUsage's totalCount, getUsageSummary) from the hourly rollups, exact for any [from, to).
import type { UsageFilters, UsageSummary } from '../src/client/schemas.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import { USAGE_TYPES } from './usage-types.js';

/** The quarter-hour columns of the hourly rollups (migration 021), by the minute each quarter starts at. */
export const QUARTERS = [
  { minute: 0, count: 'count_00', spend: 'spend_00' },
  { minute: 15, count: 'count_15', spend: 'spend_15' },
  { minute: 30, count: 'count_30', spend: 'spend_30' },
  { minute: 45, count: 'count_45', spend: 'spend_45' },
] as const;

/** A rollup row's count and spend over its whole hour. */
export const hourCount = (alias: string): string => QUARTERS.map((quarter) => `${alias}.${quarter.count}`).join(' + ');
export const hourSpend = (alias: string): string => QUARTERS.map((quarter) => `${alias}.${quarter.spend}`).join(' + ');

/** The SQL of the first instant at or after `instant` on a UTC `step` boundary ('1 hour', '15 minutes'). */
export const ceilTo = (step: string, instant: string): string =>
  `date_bin('${step}', ${instant} + interval '${step}' - interval '1 microsecond', timestamptz 'epoch')`;
/** The SQL of the last instant at or before `instant` on a UTC `step` boundary. */
export const floorTo = (step: string, instant: string): string => `date_bin('${step}', ${instant}, timestamptz 'epoch')`;

/**
 * The parts of a statement that reads the filters' period: whole UTC hours come from a rollup table,
 * and the entries in the partial hours at the from and to edges are read one by one (an index range
 * of at most two hours). The hour bounds are worked out in SQL from the given instants, so any offset
 * or sub-millisecond instant splits exactly where the rows do. $1 is the account.
 */
class PeriodSql {
  readonly params: unknown[];
  /** CTE `k`: the first whole hour's start and the end of the last one. */
  readonly with: string;
  /** Conditions on e.occurred_at for each edge; the two never overlap (the first ends by first_start, the second starts at or after it). */
  readonly edges: string[] = [];
  private readonly from: string | null;
  private readonly to: string | null;

  constructor(accountId: string, filters: UsageFilters) {
    this.params = [accountId];
    this.from = filters.from === undefined ? null : `${this.param(filters.from)}::timestamptz`;
    this.to = filters.to === undefined ? null : `${this.param(filters.to)}::timestamptz`;
    const firstStart = this.from === null ? 'NULL::timestamptz' : ceilTo('1 hour', this.from);
    const endStart = this.to === null ? 'NULL::timestamptz' : floorTo('1 hour', this.to);
    this.with = `WITH k AS (SELECT ${firstStart} AS first_start, ${endStart} AS end_start)`;
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

  /** Conditions on a rollup alias's hour for the whole hours of the period. */
  hours(alias: string): string {
    return `${this.from === null ? '' : `AND ${alias}.hour >= (SELECT first_start FROM k)`} ${this.to === null ? '' : `AND ${alias}.hour < (SELECT end_start FROM k)`}`;
  }
}

/** Counts and spend of the entries matching the filters, per type. */
interface TypeGroup {
  type: string;
  /** MAX(type_label) of the type's rollups over the matched hours; null when only edge entries matched. */
  label: string | null;
  count: number;
  total: number;
}

/**
 * Aggregates exactly the entries listUsage's filters match ([from, to) instants, type, user), per
 * type. Without a user filter it reads the rollup per account × hour × type, which stays small
 * however many users there are; with one, that user's rollups (the key starts with the user).
 */
async function typeGroups(q: Queryable, accountId: string, filters: UsageFilters): Promise<TypeGroup[]> {
  const sql = new PeriodSql(accountId, filters);
  const same: string[] = [];
  if (filters.type !== undefined) same.push(`AND $T.type = ${sql.param(filters.type)}`);
  if (filters.userId !== undefined) same.push(`AND $T.user_id = ${sql.param(filters.userId)}`);
  const match = (alias: string): string => same.map((condition) => condition.replace('$T', alias)).join(' ');
  const rollups = filters.userId === undefined ? 'usage_hourly_type_rollups' : 'usage_hourly_rollups';
  const parts = [
    `SELECT r.type, r.type_label AS label, ${hourCount('r')} AS n, ${hourSpend('r')} AS spend FROM ${rollups} r
     WHERE r.account_id = $1 ${sql.hours('r')} ${match('r')}`,
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
 * the entries of each partial edge hour.
 */
async function periodUsers(q: Queryable, accountId: string, filters: UsageFilters): Promise<{ id: string; name: string }[]> {
  const sql = new PeriodSql(accountId, filters);
  const type = (alias: string): string => (filters.type === undefined ? '' : `AND ${alias}.type = ${sql.param(filters.type)}`);
  const probes = [
    `EXISTS (SELECT 1 FROM usage_hourly_rollups r WHERE r.account_id = $1 AND r.user_id = u.id ${sql.hours('r')} ${type('r')})`,
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
    // Only edge entries matched these types: every entry is in its own hour's rollup, which has the label.
    const found = await q.query<{ type: string; label: string }>(
      `SELECT type, MAX(type_label) AS label FROM usage_hourly_type_rollups WHERE account_id = $1 AND type = ANY($2::text[])
         AND hour >= COALESCE(${floorTo('1 hour', '$3::timestamptz')}, '-infinity') AND hour <= COALESCE(${floorTo('1 hour', '$4::timestamptz')}, 'infinity')
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
