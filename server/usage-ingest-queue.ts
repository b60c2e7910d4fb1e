// Group commit for usage ingestion (group-commit.ts): requests arriving while a write is in flight are written together
// in the next statement (one transaction, one commit for all of them), each then answered with its own calls' results.
import { MAX_USAGE_BATCH } from '../src/client/service-routes.js';
import type { BillingChange } from '../src/client/schemas.js';
import { toSafeInteger } from './db/integers.js';
import { findAccount } from './accounts.js';
import { GroupCommit, writersOn, type GroupOutcome } from './group-commit.js';
import { decideAutoRecharge, runAutoRecharge, type PlannedRecharge } from './auto-recharge.js';
import { changeFeedFor } from './change-feed.js';
import type { TopUpContext } from './top-up-rows.js';
import { usageInsertCtes, type AccountUsageEntry } from './usage.js';

/** A call checked and priced, ready to write; `index` is its place in its request. */
export interface PricedCall extends AccountUsageEntry {
  index: number;
  callId: string;
}

/** A group stays one statement of bounded size: at most a full batch's calls, from at most this many requests. */
export const MAX_GROUP_CALLS = MAX_USAGE_BATCH;
export const MAX_GROUP_REQUESTS = 256;

interface WrittenRow {
  kind: 'entry' | 'account';
  id: string;
  before: unknown;
  after: unknown;
  currency: string | null;
  enabled: boolean | null;
  threshold: unknown;
}

/**
 * One statement, so one round trip and atomic without BEGIN/COMMIT: lock the accounts (in id
 * order, before any row is written, so writes spanning accounts cannot deadlock), insert the
 * entries and their rollups (skipping call ids already recorded), post one ledger entry per
 * recorded call with its running balance, and move each balance once. Call ids must be distinct.
 */
async function writeCalls(ctx: TopUpContext, calls: readonly PricedCall[], now: Date): Promise<WrittenRow[]> {
  const accountIds = [...new Set(calls.map((call) => call.accountId))].sort();
  const locking = `(SELECT count(*) FROM locked) > 0`;
  const usage = usageInsertCtes(calls, 3, locking);
  const written = await ctx.db.query<WrittenRow>(
    `WITH locked AS (
       SELECT id, balance FROM accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE
     ), ${usage.sql}, debits AS (
       SELECT i.account_id, i.id, i.price, i.currency,
         row_number() OVER running AS n, (l.balance - SUM(i.price) OVER running)::bigint AS balance_after
       FROM inserted i JOIN locked l ON l.id = i.account_id
       WINDOW running AS (PARTITION BY i.account_id ORDER BY i.call_id ROWS UNBOUNDED PRECEDING)
     ), posted AS (
       INSERT INTO ledger_entries (account_id, kind, amount, balance_after, currency, usage_entry_id, at)
       SELECT account_id, 'usage', -price, balance_after, currency, id, $2 FROM debits ORDER BY account_id, n
     ), totals AS (
       SELECT account_id, SUM(price)::bigint AS total, MAX(currency) AS currency FROM inserted GROUP BY account_id
     ), updated AS (
       UPDATE accounts a SET balance = a.balance - t.total, balance_updated_at = $2
       FROM totals t LEFT JOIN auto_recharge_settings s ON s.account_id = t.account_id
       WHERE a.id = t.account_id
       RETURNING a.id, a.balance + t.total AS before, a.balance AS after, t.currency, s.enabled, s.threshold_amount AS threshold
     )
     SELECT 'entry' AS kind, id, NULL::bigint AS before, NULL::bigint AS after, NULL AS currency, NULL::boolean AS enabled, NULL::bigint AS threshold
       FROM inserted
     UNION ALL SELECT 'account', id, before, after, currency, enabled, threshold FROM updated`,
    [accountIds, now.toISOString(), ...usage.params],
    // Its text is the same for any group (arrays): prepared once per connection, not parsed and planned per group.
    { name: 'usage_ingest_write' },
  );
  return written.rows;
}

/**
 * After a write commits: publishes `usage` and the new balance per account moved, and for each
 * account the write took from at or above its auto-recharge threshold to below it (the balance
 * before the whole write against after it), starts one recharge, decided under the account's lock.
 * Returns the ids recorded and, per account that crossed, its recharge running.
 */
function afterWrite(
  ctx: TopUpContext,
  rows: readonly WrittenRow[],
  now: Date,
): { recorded: Set<string>; recharges: Map<string, Promise<void>> } {
  const recorded = new Set<string>();
  const recharges = new Map<string, Promise<void>>();
  const feed = changeFeedFor(ctx.db);
  for (const row of rows) {
    if (row.kind === 'entry') {
      recorded.add(row.id);
      continue;
    }
    const before = toSafeInteger(row.before, 'accounts.balance');
    const after = toSafeInteger(row.after, 'accounts.balance');
    feed.publish(row.id, { type: 'usage' });
    feed.publish(row.id, { type: 'balance', balance: { amount: after, currency: row.currency ?? '' }, at: now.toISOString() });
    const threshold = row.threshold === null ? null : toSafeInteger(row.threshold, 'threshold_amount');
    // Once per crossing: only the write that takes the balance from at or above the threshold to below it.
    if (row.enabled === true && threshold !== null && before >= threshold && after < threshold) {
      recharges.set(row.id, recharge(ctx, row.id, now));
    }
  }
  return { recorded, recharges };
}

async function recharge(ctx: TopUpContext, accountId: string, now: Date): Promise<void> {
  const changes: BillingChange[] = [];
  // Decided on the balance as it is now, under the lock: a top-up since may have made it unnecessary.
  const plan: PlannedRecharge | null = await ctx.db.transaction(async (tx) => {
    const account = await findAccount(tx, accountId, { lock: true });
    return decideAutoRecharge(tx, account, account.balance, now, changes);
  });
  const feed = changeFeedFor(ctx.db);
  for (const change of changes) feed.publish(accountId, change);
  if (plan) await runAutoRecharge(ctx, accountId, plan);
}

/** One request's calls (distinct call ids) and the time it was received. */
interface UsageRequest {
  calls: readonly PricedCall[];
  now: Date;
}

/** As many of the oldest requests as fit in one statement of bounded size. */
function groupSize(waiting: readonly UsageRequest[]): number {
  let calls = 0;
  let count = 0;
  for (const request of waiting) {
    if (count > 0 && (count >= MAX_GROUP_REQUESTS || calls + request.calls.length > MAX_GROUP_CALLS)) break;
    calls += request.calls.length;
    count += 1;
  }
  return count;
}

/** A request is answered once the recharges of its own accounts are done (or with the first of them to fail). */
function settled(request: UsageRequest, written: ReturnType<typeof afterWrite>): Promise<Set<string>> {
  const accounts = new Set(request.calls.map((call) => call.accountId));
  const own = [...written.recharges].filter(([accountId]) => accounts.has(accountId)).map(([, running]) => running);
  return Promise.all(own).then(() => written.recorded);
}

/**
 * Writes a group of requests in one statement. A throw from the statement means nothing was written, and GroupCommit
 * then writes each request alone, so each gets its own true answer; once it has committed, an error is every
 * request's answer (writing them again would find their calls recorded and answer them duplicate).
 */
async function writeGroup(ctx: TopUpContext, group: readonly UsageRequest[]): Promise<Array<GroupOutcome<Set<string>>>> {
  // A call id sent by two requests of the group is written for the first only: one statement cannot see its
  // own twin, and the later request then finds the first's entry and answers duplicate, as across statements.
  const seen = new Set<string>();
  const calls: PricedCall[] = [];
  let now = group[0]?.now ?? new Date();
  for (const request of group) {
    if (request.now > now) now = request.now;
    for (const call of request.calls) {
      if (seen.has(call.callId)) continue;
      seen.add(call.callId);
      calls.push(call);
    }
  }
  const rows = await writeCalls(ctx, calls, now);
  let written: ReturnType<typeof afterWrite>;
  try {
    written = afterWrite(ctx, rows, now);
  } catch (error) {
    return group.map(() => ({ ok: false, error }));
  }
  return group.map((request) => ({ ok: true, value: settled(request, written) }));
}

/** One queue per server context: its statements go through that context's database. */
const queues = new WeakMap<TopUpContext, GroupCommit<UsageRequest, Set<string>>>();

/**
 * Records priced calls (distinct call ids) and debits their accounts, in a statement shared with
 * the requests waiting at the same moment; resolves with the ids of the entries recorded (the
 * calls whose id was recorded before are not among them) once this request's recharges are done.
 */
export function recordPriced(ctx: TopUpContext, calls: readonly PricedCall[], now: Date): Promise<Set<string>> {
  let queue = queues.get(ctx);
  if (!queue) {
    queue = new GroupCommit((group) => writeGroup(ctx, group), writersOn(ctx.db), groupSize);
    queues.set(ctx, queue);
  }
  return queue.submit({ calls, now });
}
