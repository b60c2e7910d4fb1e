// What the usage tests share: an account with its first user, one metered call for it, and the books checked afterwards
// (balance against the ledger, rollups against a recount of the entries).
import { randomUUID } from 'node:crypto';
import * as assert from 'node:assert/strict';
import type { Queryable } from '../../server/db/database.js';
import type { BillingServerFixture } from './billing-server.fixture.js';

export interface IngestionAccount {
  accountId: string;
  token: string;
  userId: string;
}

/** A new dev account with no usage yet, and the id of its first user. */
export async function ingestionAccount(f: BillingServerFixture, startingBalance: number, currency = 'USD'): Promise<IngestionAccount> {
  const created = await f.newAccount({ usageEntryCount: 0, startingBalance, currency });
  const users = await f.db.query<{ id: string }>(`SELECT id FROM account_users WHERE account_id = $1 ORDER BY id`, [created.accountId]);
  return { ...created, userId: users.rows[0]?.id ?? '' };
}

/** One call to Germany of 61 s that started a minute before the fixture's clock, with a call id of its own. */
export function ingestionCall(
  f: BillingServerFixture,
  accountId: string,
  userId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    callId: `call_${randomUUID()}`,
    accountId,
    userId,
    destinationCountry: 'DE',
    startedAt: new Date(f.clock.now.getTime() - 60_000).toISOString(),
    durationSeconds: 61,
    ...extra,
  };
}

export async function assertBalanceIsLedgerSum(db: Queryable, accountId: string): Promise<void> {
  const ledger = await db.query<{ balance: string; sum: string }>(
    `SELECT a.balance::text AS balance, COALESCE(SUM(l.amount), 0)::text AS sum FROM accounts a LEFT JOIN ledger_entries l ON l.account_id = a.id
     WHERE a.id = $1 GROUP BY a.balance`,
    [accountId],
  );
  assert.equal(ledger.rows[0]?.balance, ledger.rows[0]?.sum, 'balance is not the sum of the ledger');
}

/** usage_daily_rollups and usage_daily_type_rollups equal a recount of the account's entries; returns the per-user recount. */
export async function assertRollupsMatchRecount(db: Queryable, accountId: string): Promise<unknown[]> {
  const recount = await db.query(
    `SELECT (occurred_at AT TIME ZONE 'UTC')::date::text AS day, type, user_id, MAX(type_label) AS label, COUNT(*)::text AS count,
       SUM(billed_seconds)::text AS seconds, SUM(price)::text AS spend
     FROM usage_entries WHERE account_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [accountId],
  );
  const rollups = await db.query(
    `SELECT day::text AS day, type, user_id, type_label AS label, entry_count::text AS count, billed_seconds::text AS seconds, spend::text AS spend
     FROM usage_daily_rollups WHERE account_id = $1 ORDER BY 1, 2, 3`,
    [accountId],
  );
  assert.deepEqual(rollups.rows, recount.rows, 'rollups differ from a recount');
  const typeRecount = await db.query(
    `SELECT (occurred_at AT TIME ZONE 'UTC')::date::text AS day, type, MAX(type_label) AS label, COUNT(*)::text AS count,
       SUM(billed_seconds)::text AS seconds, SUM(price)::text AS spend
     FROM usage_entries WHERE account_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [accountId],
  );
  const typeRollups = await db.query(
    `SELECT day::text AS day, type, type_label AS label, entry_count::text AS count, billed_seconds::text AS seconds, spend::text AS spend
     FROM usage_daily_type_rollups WHERE account_id = $1 ORDER BY 1, 2`,
    [accountId],
  );
  assert.deepEqual(typeRollups.rows, typeRecount.rows, 'per-type rollups differ from a recount');
  return recount.rows;
}
