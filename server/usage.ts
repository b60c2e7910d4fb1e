// Priced usage: recording calls (a debit that may trigger auto-recharge), and the usage ledger's pages and entries (counts and sums: usage-summary.ts).
import type { BillingChange, UsageEntry, UsageFilters, UsagePage, UsageQuery, UsageSort } from '../src/client/schemas.js';
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
import { hourJump } from './usage-offset.js';
import { safeSum, usageCount } from './usage-summary.js';
import { USAGE_TYPES } from './usage-types.js';
import { USAGE_TYPE } from '../src/seed/seed-data.js';

// Re-exported for app.ts, ingestion and the benches, which know usage by this module.
export { usageSummary } from './usage-summary.js';
export { USAGE_TYPES } from './usage-types.js';

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

/** The quarter-hours of the hourly rollups (migration 021), by the minute each starts at. */
const QUARTER_MINUTES = ['00', '15', '30', '45'] as const;

/**
 * An upsert adding the rows of CTE `inserted` (with their UTC `hour` and `quarter`) to an hourly rollup table keyed by
 * `keys`, one row per key, in key order.
 */
function rollupUpsert(table: string, keys: readonly string[]): string {
  const sums: [string, string][] = [
    ['billed_seconds', 'SUM(billed_seconds)'],
    ...QUARTER_MINUTES.map((minute, quarter): [string, string] => [`count_${minute}`, `COUNT(*) FILTER (WHERE quarter = ${quarter})`]),
    ...QUARTER_MINUTES.map((minute, quarter): [string, string] => [
      `spend_${minute}`,
      `COALESCE(SUM(price) FILTER (WHERE quarter = ${quarter}), 0)`,
    ]),
  ];
  const order = keys.map((_, index) => index + 1).join(', ');
  return `
       INSERT INTO ${table} (${keys.join(', ')}, type_label, ${sums.map(([column]) => column).join(', ')})
       SELECT ${keys.join(', ')}, MAX(type_label), ${sums.map(([, sum]) => sum).join(', ')}
       FROM inserted GROUP BY ${order} ORDER BY ${order}
       ON CONFLICT (${keys.join(', ')}) DO UPDATE SET type_label = GREATEST(${table}.type_label, EXCLUDED.type_label),
         ${sums.map(([column]) => `${column} = ${table}.${column} + EXCLUDED.${column}`).join(', ')}`;
}

const ROLLED_BY_USER = rollupUpsert('usage_hourly_rollups', ['account_id', 'user_id', 'hour', 'type']);
const ROLLED_BY_TYPE = rollupUpsert('usage_hourly_type_rollups', ['account_id', 'hour', 'type']);

/**
 * The part of a statement that writes usage rows and their rollups: CTEs `inserted` (the rows
 * inserted: id, account_id, call_id, currency, price …), `rolled` and `rolled_types`, which add exactly
 * those rows to usage_hourly_rollups and usage_hourly_type_rollups, so the rollups move with the rows whatever the caller
 * composes around them. Parameters are numbered from $`first`. An entry whose callId is already recorded is skipped
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
       RETURNING id, account_id, call_id, currency, occurred_at, type, user_id, type_label, billed_seconds, price,
         date_bin('1 hour', occurred_at, timestamptz 'epoch') AS hour, extract(minute FROM occurred_at AT TIME ZONE 'UTC')::int / 15 AS quarter
     ), rolled AS (${ROLLED_BY_USER}
     ), rolled_types AS (${ROLLED_BY_TYPE}
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
const OFFSET_WITH_CURSOR = 'Ask for a page by offset or by cursor, not both.';

/**
 * listUsage: keyset pagination. The cursor carries the last entry's sort key, so entries recorded
 * while someone pages cannot shift an entry across a page edge into a duplicate or a gap.
 * `offset` starts the page at that row instead (echoed in the answer): by date, the hourly rollups
 * find its hour (usage-offset.ts); by price, which has no rollup, an OFFSET over the price index's keys.
 */
export async function listUsage(q: Queryable, accountId: string, query: UsageQuery): Promise<UsagePage> {
  const sort = query.sort ?? 'date_desc';
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const scope: CursorScope = { accountId, sort, filters: query };
  const order = SORT_KEYS[sort];
  let after: CursorKey | null = null;
  const offset = query.offset;
  if (offset !== undefined && query.cursor !== undefined && query.cursor !== null) {
    throw validationError(OFFSET_WITH_CURSOR, { offset: OFFSET_WITH_CURSOR });
  }
  if (query.cursor !== undefined && query.cursor !== null) {
    // Signed by this server for this account and these filters, or refused before any query runs.
    after = readCursor(await cursorSecret(q), scope, query.cursor);
    if (!after) throw validationError(BAD_CURSOR, { cursor: BAD_CURSOR });
  }

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
  const orderBy = (alias: string): string => order.columns.map((column) => `${column.replace('e.', `${alias}.`)} ${direction}`).join(', ');
  let rows: UsageRow[];
  let totalCount: number;
  if (offset !== undefined && (sort === 'date_asc' || sort === 'date_desc')) {
    const jump = hourJump(page, accountId, query, offset, order.descending);
    page.conditions.push(jump.condition);
    // The total is summed from the hours the jump counted: the rows and the count are of one snapshot, in one read of the rollups.
    // One row with a null entry when the page is empty (the LEFT JOIN), so the count still arrives.
    const result = await q.query<Partial<UsageRow> & { total_count: unknown }>(
      `${jump.with}, page AS (${SELECT_USAGE} WHERE ${page.where} ORDER BY ${orderBy('e')} LIMIT ${limit + 1} OFFSET ${jump.skip})
       SELECT p.*, t.total_count FROM (SELECT ${jump.total} AS total_count) t LEFT JOIN page p ON true ORDER BY ${orderBy('p')}`,
      page.params,
    );
    totalCount = toSafeInteger(result.rows[0]?.total_count ?? 0, 'total_count');
    rows = result.rows.filter((row): row is UsageRow & { total_count: unknown } => typeof row.id === 'string');
  } else {
    totalCount = await usageCount(q, accountId, query);
    let prefix = '';
    if (offset !== undefined) {
      // The sort key of row `offset` first, read from the price index's own columns (an index-only scan when no type or
      // user filter asks for the heap), then the page from that key as a cursor would start it: the OFFSET walks index
      // entries instead of fetching and joining every row it skips.
      const keys = order.columns.map((column) => column.replace('e.', ''));
      prefix = `WITH start_key AS (SELECT ${keys.join(', ')} FROM usage_entries e WHERE ${page.where}
        ORDER BY ${orderBy('e')} OFFSET ${page.param(offset)}::bigint LIMIT 1)`;
      const start = keys.map((key) => `(SELECT ${key} FROM start_key)`);
      page.conditions.push(`(${order.columns.join(', ')}) ${order.descending ? '<=' : '>='} (${start.join(', ')})`);
    }
    rows = (
      await q.query<UsageRow>(`${prefix} ${SELECT_USAGE} WHERE ${page.where} ORDER BY ${orderBy('e')} LIMIT ${limit + 1}`, page.params)
    ).rows;
  }
  const entries = rows.slice(0, limit);
  const last = entries.at(-1);
  const nextCursor = rows.length > limit && last ? signCursor(await cursorSecret(q), scope, cursorKeyOf(last, sort)) : null;
  return {
    entries: entries.map(usageEntryOf),
    nextCursor,
    totalCount: safeSum(totalCount),
    ...(offset === undefined ? {} : { offset }),
  };
}

export async function getUsageEntry(q: Queryable, accountId: string, entryId: string): Promise<UsageEntry> {
  const result = await q.query<UsageRow>(`${SELECT_USAGE} WHERE e.account_id = $1 AND e.id = $2`, [accountId, entryId]);
  const row = result.rows[0];
  if (!row) throw notFound(`There is no usage entry ${entryId}.`);
  return usageEntryOf(row);
}
