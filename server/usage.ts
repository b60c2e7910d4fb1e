// Priced usage: recording calls (a debit that may trigger auto-recharge), and the usage ledger's pages, summary and entries.
import type { BillingChange, UsageEntry, UsageFilters, UsagePage, UsageQuery, UsageSort, UsageSummary } from '../src/client/schemas.js';
import { defaultUsageTypeMessages } from '../src/i18n/messages/usage-types.js';
import { USAGE_TYPE } from '../src/seed/seed-data.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import { findAccount } from './accounts.js';
import { decideAutoRecharge, runAutoRecharge, type PlannedRecharge } from './auto-recharge.js';
import { changeFeedFor } from './change-feed.js';
import { notFound, validationError } from './errors.js';
import { newId } from './ids.js';
import { postToLedger } from './ledger.js';
import { billedSecondsFor, callPrice } from '../src/rules/pricing.js';
import { findRates } from './pricing.js';
import type { TopUpContext } from './top-up-rows.js';
import { cursorSecret, readCursor, signCursor, type CursorKey, type CursorScope } from './usage-cursor.js';

/** Usage types the server records, labelled in the catalog's English; both are international calls priced by destination rate. */
export const USAGE_TYPES: Readonly<Record<string, string>> = {
  [USAGE_TYPE.type]: USAGE_TYPE.label,
  international_call_forwarding: defaultUsageTypeMessages.international_call_forwarding,
};

const DEFAULT_PAGE_SIZE = 50;

export interface NewUsageEntry {
  id: string;
  type: string;
  occurredAt: Date;
  userId: string;
  destinationCountry: string;
  destinationName: string;
  billedSeconds: number;
  ratePerMinute: number;
  price: number;
  /** The caller's id of the call (usage ingestion): unique across the server, so a repeat inserts nothing. */
  callId?: string | undefined;
}

/** An entry with the account it belongs to, for writes that span accounts (an ingested batch). */
export interface AccountUsageEntry extends NewUsageEntry {
  accountId: string;
  currency: string;
}

/** Inserts usage rows (no balance change: the caller posts them to the ledger in the same transaction). */
export async function insertUsageEntries(
  tx: Queryable,
  accountId: string,
  currency: string,
  entries: readonly NewUsageEntry[],
): Promise<void> {
  await insertAccountUsageEntries(
    tx,
    entries.map((entry) => ({ ...entry, accountId, currency })),
  );
}

/**
 * The part of a statement that writes usage rows and their rollups: CTEs `inserted` (the rows
 * inserted: id, account_id, call_id, currency, price …) and `rolled`, which adds exactly those rows
 * to usage_daily_rollups, so the rollups move with the rows whatever the caller composes around
 * them. Parameters are numbered from $`first`. An entry whose callId is already recorded is skipped
 * (ON CONFLICT DO NOTHING, which waits for a concurrent insert of that id to commit or roll back).
 * `guard`, a condition, runs before any row is inserted (usage ingestion locks its accounts there).
 *
 * The caller holds the row lock of every account involved, so no two transactions upsert one
 * account's rollups at once; rollup rows and call ids are taken in key order all the same.
 */
export function usageInsertCtes(entries: readonly AccountUsageEntry[], first: number, guard = 'true'): { sql: string; params: unknown[] } {
  const columns: unknown[][] = Array.from({ length: 13 }, () => []);
  for (const entry of entries) {
    const values = [
      entry.id,
      entry.accountId,
      entry.type,
      USAGE_TYPES[entry.type] ?? entry.type,
      entry.occurredAt.toISOString(),
      entry.userId,
      entry.destinationCountry,
      entry.destinationName,
      entry.billedSeconds,
      String(entry.ratePerMinute),
      String(entry.price),
      entry.currency,
      entry.callId ?? null,
    ];
    values.forEach((value, index) => columns[index]?.push(value));
  }
  const types = ['text', 'text', 'text', 'text', 'timestamptz', 'text', 'text', 'text', 'int', 'bigint', 'bigint', 'text', 'text'];
  const arrays = types.map((type, index) => `$${first + index}::${type}[]`).join(', ');
  // Arrays, not a VALUES list of 13 × n parameters: one statement whatever the count.
  const sql = `inserted AS (
       INSERT INTO usage_entries (id, account_id, type, type_label, occurred_at, user_id, destination_country, destination_name,
         billed_seconds, rate_per_minute, price, currency, call_id)
       SELECT * FROM unnest(${arrays}) WHERE ${guard} ORDER BY 13, 1
       ON CONFLICT (call_id) WHERE call_id IS NOT NULL DO NOTHING
       RETURNING id, account_id, call_id, currency, occurred_at, type, user_id, type_label, billed_seconds, price
     ), rolled AS (
       INSERT INTO usage_daily_rollups (account_id, day, type, user_id, type_label, entry_count, billed_seconds, spend)
       SELECT account_id, (occurred_at AT TIME ZONE 'UTC')::date, type, user_id, MAX(type_label), COUNT(*), SUM(billed_seconds), SUM(price)
       FROM inserted GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
       ON CONFLICT (account_id, day, type, user_id) DO UPDATE SET
         type_label = GREATEST(usage_daily_rollups.type_label, EXCLUDED.type_label),
         entry_count = usage_daily_rollups.entry_count + EXCLUDED.entry_count,
         billed_seconds = usage_daily_rollups.billed_seconds + EXCLUDED.billed_seconds,
         spend = usage_daily_rollups.spend + EXCLUDED.spend
     )`;
  return { sql, params: columns };
}

/** Inserts usage rows and their rollups in one statement (usageInsertCtes); returns the ids of the rows inserted. */
export async function insertAccountUsageEntries(tx: Queryable, entries: readonly AccountUsageEntry[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const { sql, params } = usageInsertCtes(entries, 1);
  const result = await tx.query<{ id: string }>(`WITH ${sql} SELECT id FROM inserted`, params);
  return new Set(result.rows.map((row) => row.id));
}

/** A call to record; anything left out is picked at random (destination, user, duration). */
export interface CallToRecord {
  destinationCountry?: string | undefined;
  /** Whole seconds, at least 1; billed per started minute. */
  durationSeconds?: number | undefined;
  userId?: string | undefined;
  type?: string | undefined;
}

function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new RangeError('nothing to pick from');
  return item;
}

/**
 * Records calls happening now as one burst: each is priced from the rate table, debits the
 * balance through the ledger, and, if the burst leaves the balance strictly below the threshold
 * with auto-recharge on, one recharge is started (and awaited) after the debit commits.
 */
export async function recordCalls(ctx: TopUpContext, accountId: string, calls: number | readonly CallToRecord[]): Promise<UsageEntry[]> {
  const requested: readonly CallToRecord[] = typeof calls === 'number' ? Array.from({ length: calls }, () => ({})) : calls;
  if (requested.length === 0) return [];
  const account = await findAccount(ctx.db, accountId);
  // A call is priced at the rate in force when it starts: these calls start now.
  const at = ctx.now();
  const rates = await findRates(ctx.db, account.currency, at);
  const users = (
    await ctx.db.query<{ id: string; name: string }>(`SELECT id, name FROM account_users WHERE account_id = $1 ORDER BY id`, [accountId])
  ).rows;
  if (rates.length === 0 || users.length === 0) throw validationError('This account has no rates or users to record calls for.');

  // Resolve every call before touching the ledger, so a bad one leaves nothing half-applied.
  const entries: NewUsageEntry[] = requested.map((call, index) => {
    const rate = call.destinationCountry === undefined ? pick(rates) : rates.find((r) => r.destinationCountry === call.destinationCountry);
    if (!rate)
      throw validationError(`There is no rate for ${String(call.destinationCountry)}.`, { [`calls.${index}`]: 'Unknown destination.' });
    const user = call.userId === undefined ? pick(users) : users.find((u) => u.id === call.userId);
    if (!user) throw validationError(`There is no user ${String(call.userId)} on this account.`, { [`calls.${index}`]: 'Unknown user.' });
    const type = call.type ?? USAGE_TYPE.type;
    if (!(type in USAGE_TYPES)) throw validationError(`Unknown usage type ${type}.`, { [`calls.${index}`]: 'Unknown usage type.' });
    const durationSeconds = call.durationSeconds ?? 5 + Math.floor(Math.random() * Math.random() * 1200);
    const billedSeconds = billedSecondsFor(durationSeconds);
    return {
      id: newId('use'),
      type,
      occurredAt: at,
      userId: user.id,
      destinationCountry: rate.destinationCountry,
      destinationName: rate.destinationName,
      billedSeconds,
      ratePerMinute: rate.ratePerMinute,
      price: callPrice(rate.ratePerMinute, billedSeconds),
    };
  });

  const changes: BillingChange[] = [{ type: 'usage' }];
  const plan: PlannedRecharge | null = await ctx.db.transaction(async (tx) => {
    const locked = await findAccount(tx, accountId, { lock: true });
    await insertUsageEntries(tx, accountId, locked.currency, entries);
    const posted = await postToLedger(
      tx,
      accountId,
      entries.map((entry) => ({ kind: 'usage' as const, amount: -entry.price, usageEntryId: entry.id })),
      at,
    );
    changes.push({ type: 'balance', balance: { amount: posted.balance, currency: posted.currency }, at: at.toISOString() });
    return decideAutoRecharge(tx, locked, posted.balance, at, changes);
  });
  const feed = changeFeedFor(ctx.db);
  for (const change of changes) feed.publish(accountId, change);
  if (plan) await runAutoRecharge(ctx, accountId, plan);

  const names = new Map(users.map((user) => [user.id, user.name]));
  return entries.map((entry) => ({
    id: entry.id,
    type: entry.type,
    typeLabel: USAGE_TYPES[entry.type] ?? entry.type,
    occurredAt: entry.occurredAt.toISOString(),
    price: { amount: entry.price, currency: account.currency },
    user: { id: entry.userId, name: names.get(entry.userId) ?? entry.userId },
    destinationCountry: entry.destinationCountry,
    destinationName: entry.destinationName,
    billedSeconds: entry.billedSeconds,
    ratePerMinute: { amount: entry.ratePerMinute, currency: account.currency },
  }));
}

// ---------------------------------------------------------------- reading

interface UsageRow {
  id: string;
  type: string;
  type_label: string;
  occurred_at: Date;
  user_id: string;
  user_name: string;
  destination_country: string;
  destination_name: string;
  billed_seconds: number;
  rate_per_minute: unknown;
  price: unknown;
  currency: string;
}

const SELECT_USAGE = `SELECT e.id, e.type, e.type_label, e.occurred_at, e.user_id, u.name AS user_name, e.destination_country,
    e.destination_name, e.billed_seconds, e.rate_per_minute, e.price, e.currency
  FROM usage_entries e JOIN account_users u ON u.account_id = e.account_id AND u.id = e.user_id`;

function usageEntryOf(row: UsageRow): UsageEntry {
  return {
    id: row.id,
    type: row.type,
    typeLabel: row.type_label,
    occurredAt: row.occurred_at.toISOString(),
    price: { amount: toSafeInteger(row.price, 'usage_entries.price'), currency: row.currency },
    user: { id: row.user_id, name: row.user_name },
    destinationCountry: row.destination_country,
    destinationName: row.destination_name,
    billedSeconds: row.billed_seconds,
    ratePerMinute: { amount: toSafeInteger(row.rate_per_minute, 'usage_entries.rate_per_minute'), currency: row.currency },
  };
}

/** WHERE clause for the filters; from is inclusive, to exclusive, as UsageFiltersSchema documents. */
class FilterSql {
  readonly params: unknown[] = [];
  readonly conditions: string[] = [];

  constructor(accountId: string, filters: UsageFilters, options: { withUser: boolean }) {
    this.conditions.push(`e.account_id = ${this.param(accountId)}`);
    if (filters.from !== undefined) this.conditions.push(`e.occurred_at >= ${this.param(filters.from)}::timestamptz`);
    if (filters.to !== undefined) this.conditions.push(`e.occurred_at < ${this.param(filters.to)}::timestamptz`);
    if (filters.type !== undefined) this.conditions.push(`e.type = ${this.param(filters.type)}`);
    if (options.withUser && filters.userId !== undefined) this.conditions.push(`e.user_id = ${this.param(filters.userId)}`);
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get where(): string {
    return this.conditions.join(' AND ');
  }
}

/** Sort keys: the sort column, then (occurred_at, id) so every entry has one place and a cursor can resume after it. */
const SORT_KEYS: Record<UsageSort, { columns: string[]; descending: boolean }> = {
  date_desc: { columns: ['e.occurred_at', 'e.id'], descending: true },
  date_asc: { columns: ['e.occurred_at', 'e.id'], descending: false },
  price_desc: { columns: ['e.price', 'e.occurred_at', 'e.id'], descending: true },
  price_asc: { columns: ['e.price', 'e.occurred_at', 'e.id'], descending: false },
};

function cursorKeyOf(row: UsageRow, sort: UsageSort): CursorKey {
  const at = row.occurred_at.toISOString();
  return sort === 'price_asc' || sort === 'price_desc' ? [toSafeInteger(row.price, 'price'), at, row.id] : [at, row.id];
}

const BAD_CURSOR = 'This page link does not match the current filters. Start again from the first page.';

/**
 * listUsage: keyset pagination. The cursor carries the last entry's sort key, so entries recorded
 * while someone pages cannot shift an entry across a page edge into a duplicate or a gap.
 */
export async function listUsage(q: Queryable, accountId: string, query: UsageQuery): Promise<UsagePage> {
  const sort = query.sort ?? 'date_desc';
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const scope: CursorScope = { accountId, sort, filters: query };
  const order = SORT_KEYS[sort];
  let after: CursorKey | null = null;
  if (query.cursor !== undefined && query.cursor !== null) {
    // Signed by this server for this account and these filters, or refused before any query runs.
    after = readCursor(await cursorSecret(q), scope, query.cursor);
    if (!after) throw validationError(BAD_CURSOR, { cursor: BAD_CURSOR });
  }

  const totalCount = (await usageGroups(q, accountId, query, { withUser: true })).reduce((sum, group) => sum + group.count, 0);

  const page = new FilterSql(accountId, query, { withUser: true });
  if (after) {
    const placeholders = after.map((value, index) => {
      const column = order.columns[index];
      const cast = column === 'e.occurred_at' ? '::timestamptz' : column === 'e.price' ? '::bigint' : '';
      return `${page.param(value)}${cast}`;
    });
    page.conditions.push(`(${order.columns.join(', ')}) ${order.descending ? '<' : '>'} (${placeholders.join(', ')})`);
  }
  const direction = order.descending ? 'DESC' : 'ASC';
  const rows = await q.query<UsageRow>(
    `${SELECT_USAGE} WHERE ${page.where} ORDER BY ${order.columns.map((column) => `${column} ${direction}`).join(', ')} LIMIT ${limit + 1}`,
    page.params,
  );
  const entries = rows.rows.slice(0, limit);
  const last = entries.at(-1);
  const nextCursor = rows.rows.length > limit && last ? signCursor(await cursorSecret(q), scope, cursorKeyOf(last, sort)) : null;
  return {
    entries: entries.map(usageEntryOf),
    nextCursor,
    totalCount: safeSum(totalCount),
  };
}

/** Counts and spend of the entries matching the filters, per type and user. */
interface UsageGroup {
  type: string;
  userId: string;
  /** MAX(type_label) of the type's rollups over the matched days; null when only edge entries matched. */
  label: string | null;
  count: number;
  total: number;
}

/**
 * Aggregates exactly the entries listUsage's filters match ([from, to) instants, type, user), without
 * reading them all: whole UTC days come from usage_daily_rollups, and the entries in the partial days
 * at the from and to edges are counted one by one (an index range of at most two days). The day
 * bounds are worked out in SQL from the given instants, so any offset or sub-millisecond instant
 * splits exactly where the rows do.
 */
async function usageGroups(q: Queryable, accountId: string, filters: UsageFilters, options: { withUser: boolean }): Promise<UsageGroup[]> {
  const sql = new FilterSql(accountId, {}, { withUser: false });
  const account = '$1';
  const from = filters.from === undefined ? null : `${sql.param(filters.from)}::timestamptz`;
  const to = filters.to === undefined ? null : `${sql.param(filters.to)}::timestamptz`;
  const same: string[] = [];
  if (filters.type !== undefined) same.push(`AND $T.type = ${sql.param(filters.type)}`);
  if (options.withUser && filters.userId !== undefined) same.push(`AND $T.user_id = ${sql.param(filters.userId)}`);
  const match = (alias: string): string => same.map((condition) => condition.replace('$T', alias)).join(' ');
  // First whole day: from's UTC day when from is its midnight, else the next one; last is before to's day.
  const firstDay = from === null ? 'NULL::date' : `((${from} AT TIME ZONE 'UTC') + interval '1 day' - interval '1 microsecond')::date`;
  const endDay = to === null ? 'NULL::date' : `(${to} AT TIME ZONE 'UTC')::date`;
  const parts = [
    `SELECT r.type, r.user_id, r.type_label AS label, r.entry_count AS n, r.spend FROM usage_daily_rollups r, k
     WHERE r.account_id = ${account} ${from === null ? '' : 'AND r.day >= k.first_day'} ${to === null ? '' : 'AND r.day < k.end_day'} ${match('r')}`,
  ];
  const edge = (range: string): string =>
    `SELECT e.type, e.user_id, NULL::text AS label, 1::bigint AS n, e.price AS spend FROM usage_entries e
     WHERE e.account_id = ${account} AND ${range} ${match('e')}`;
  // The two edges never overlap: the first ends by first_start, the second starts at or after it.
  if (from !== null) parts.push(edge(`e.occurred_at >= ${from} AND e.occurred_at < LEAST(${to ?? 'NULL'}, (SELECT first_start FROM k))`));
  const secondStart = `GREATEST(${from ?? 'NULL'}, (SELECT first_start FROM k), (SELECT end_start FROM k))`;
  if (to !== null) parts.push(edge(`e.occurred_at >= ${secondStart} AND e.occurred_at < ${to}`));
  const result = await q.query<{ type: string; user_id: string; label: string | null; count: unknown; total: unknown }>(
    `WITH d AS (SELECT ${firstDay} AS first_day, ${endDay} AS end_day),
     k AS (SELECT first_day, end_day, first_day::timestamp AT TIME ZONE 'UTC' AS first_start, end_day::timestamp AT TIME ZONE 'UTC' AS end_start FROM d)
     SELECT type, user_id, MAX(label) AS label, SUM(n) AS count, SUM(spend) AS total FROM (${parts.join(' UNION ALL ')}) parts
     GROUP BY type, user_id`,
    sql.params,
  );
  return result.rows.map((row) => ({
    type: row.type,
    userId: row.user_id,
    label: row.label,
    count: toSafeInteger(row.count, 'count'),
    total: toSafeInteger(row.total, 'total'),
  }));
}

function safeSum(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError('usage sum out of the safe integer range');
  return value;
}

/** getUsageSummary: exactly listUsage's filters' counts and spend (see usageGroups); users come from the period and type only. */
export async function usageSummary(q: Queryable, accountId: string, currency: string, filters: UsageFilters): Promise<UsageSummary> {
  // One pass without the user filter: the types apply it below, the users list ignores it so the
  // filter keeps offering everyone else in the period.
  const groups = await usageGroups(q, accountId, filters, { withUser: false });
  const byType = new Map<string, { label: string | null; count: number; total: number }>();
  for (const group of groups) {
    if (filters.userId !== undefined && group.userId !== filters.userId) continue;
    const sum = byType.get(group.type) ?? { label: null, count: 0, total: 0 };
    sum.count = safeSum(sum.count + group.count);
    sum.total = safeSum(sum.total + group.total);
    if (group.label !== null && (sum.label === null || group.label > sum.label)) sum.label = group.label;
    byType.set(group.type, sum);
  }
  const unlabelled = [...byType].filter(([, sum]) => sum.label === null).map(([type]) => type);
  if (unlabelled.length > 0) {
    // Only edge entries matched these types: every entry is in its own day's rollup, which has the label.
    const labels = await q.query<{ type: string; label: string }>(
      `SELECT type, MAX(type_label) AS label FROM usage_daily_rollups WHERE account_id = $1 AND type = ANY($2::text[])
         AND day >= COALESCE(($3::timestamptz AT TIME ZONE 'UTC')::date, '-infinity') AND day <= COALESCE(($4::timestamptz AT TIME ZONE 'UTC')::date, 'infinity')
       GROUP BY type`,
      [accountId, unlabelled, filters.from ?? null, filters.to ?? null],
    );
    for (const row of labels.rows) {
      const sum = byType.get(row.type);
      if (sum) sum.label = row.label;
    }
  }
  const userIds = new Set(groups.map((group) => group.userId));
  const names =
    userIds.size === 0
      ? []
      : (await q.query<{ id: string; name: string }>(`SELECT id, name FROM account_users WHERE account_id = $1`, [accountId])).rows;
  let total = 0;
  const types = [...byType]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, sum]) => {
      total = safeSum(total + sum.total);
      return { type, label: sum.label ?? USAGE_TYPES[type] ?? type, count: sum.count, total: { amount: sum.total, currency } };
    });
  return {
    types,
    total: { amount: total, currency },
    users: names
      .filter((user) => userIds.has(user.id))
      .sort((a, b) => a.name.localeCompare(b.name, 'en'))
      .map((user) => ({ id: user.id, name: user.name })),
  };
}

export async function getUsageEntry(q: Queryable, accountId: string, entryId: string): Promise<UsageEntry> {
  const result = await q.query<UsageRow>(`${SELECT_USAGE} WHERE e.account_id = $1 AND e.id = $2`, [accountId, entryId]);
  const row = result.rows[0];
  if (!row) throw notFound(`There is no usage entry ${entryId}.`);
  return usageEntryOf(row);
}
