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

/** usage_hourly_rollups and usage_hourly_type_rollups equal a recount of the account's entries; returns the per-user recount. */
export async function assertRollupsMatchRecount(db: Queryable, accountId: string): Promise<unknown[]> {
  // Per UTC hour, and per quarter of it: the 900-second steps since the epoch, modulo 4.
  const quarter = `floor(extract(epoch FROM occurred_at) / 900)::bigint % 4`;
  const sums = `MAX(type_label) AS label, SUM(billed_seconds)::text AS seconds,
    ${[0, 1, 2, 3].map((k) => `COUNT(*) FILTER (WHERE ${quarter} = ${k})::text AS c${k}`).join(', ')},
    ${[0, 1, 2, 3].map((k) => `COALESCE(SUM(price) FILTER (WHERE ${quarter} = ${k}), 0)::text AS s${k}`).join(', ')}`;
  const columns = `type_label AS label, billed_seconds::text AS seconds, count_00::text AS c0, count_15::text AS c1, count_30::text AS c2,
    count_45::text AS c3, spend_00::text AS s0, spend_15::text AS s1, spend_30::text AS s2, spend_45::text AS s3`;
  const hour = `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24')`;
  const recount = await db.query(
    `SELECT ${hour} AS hour, type, user_id, ${sums} FROM usage_entries WHERE account_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [accountId],
  );
  const rollups = await db.query(
    `SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24') AS hour, type, user_id, ${columns}
     FROM usage_hourly_rollups WHERE account_id = $1 ORDER BY 1, 2, 3`,
    [accountId],
  );
  assert.deepEqual(rollups.rows, recount.rows, 'rollups differ from a recount');
  const typeRecount = await db.query(
    `SELECT ${hour} AS hour, type, ${sums} FROM usage_entries WHERE account_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [accountId],
  );
  const typeRollups = await db.query(
    `SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24') AS hour, type, ${columns}
     FROM usage_hourly_type_rollups WHERE account_id = $1 ORDER BY 1, 2`,
    [accountId],
  );
  assert.deepEqual(typeRollups.rows, typeRecount.rows, 'per-type rollups differ from a recount');
  return recount.rows;
}
