// Ledger reconciliation read straight from the database, shared by the load and multi-process tests: the balance is the
// sum of the ledger, and the credits are exactly the succeeded top-ups, one each.
import assert from 'node:assert/strict';
import type { Queryable } from '../../server/db/database.js';

/** Ledger facts for the account a bearer token names. */
export async function ledgerOf(db: Queryable, token: string) {
  const account = await db.query<{ id: string; balance: string }>(
    `SELECT a.id, a.balance::text AS balance FROM accounts a JOIN api_tokens t ON t.account_id = a.id
     WHERE t.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
    [token],
  );
  const row = account.rows[0];
  assert.ok(row, 'the token names an account');
  const sums = await db.query<{ kind: string; count: string; total: string }>(
    `SELECT kind, count(*)::text AS count, sum(amount)::text AS total FROM ledger_entries WHERE account_id = $1 GROUP BY kind`,
    [row.id],
  );
  const byKind = Object.fromEntries(sums.rows.map((sum) => [sum.kind, { count: Number(sum.count), total: Number(sum.total) }]));
  const ledgerTotal = sums.rows.reduce((sum, kind) => sum + Number(kind.total), 0);
  return {
    accountId: row.id,
    balance: Number(row.balance),
    ledgerTotal,
    byKind: byKind as Record<string, { count: number; total: number } | undefined>,
  };
}

/**
 * Asserts the account adds up: balance == sum of its ledger; every succeeded top-up (manual or automatic) credited
 * exactly once with its amount, and nothing else credited. Returns the ledger facts.
 */
export async function assertLedgerReconciles(db: Queryable, token: string): Promise<Awaited<ReturnType<typeof ledgerOf>>> {
  const ledger = await ledgerOf(db, token);
  assert.equal(ledger.balance, ledger.ledgerTotal, `${ledger.accountId}: balance == sum of the ledger`);
  const mismatches = await db.query<{ id: string; status: string; amount: string; credited: string | null }>(
    `SELECT t.id, t.status, t.amount::text AS amount, l.amount::text AS credited
       FROM top_ups t FULL JOIN (SELECT * FROM ledger_entries WHERE account_id = $1 AND top_up_id IS NOT NULL) l ON l.top_up_id = t.id
      WHERE (t.account_id = $1 OR t.id IS NULL)
        AND ((t.status = 'succeeded') IS DISTINCT FROM (l.id IS NOT NULL) OR l.amount IS DISTINCT FROM CASE WHEN t.status = 'succeeded' THEN t.amount END)`,
    [ledger.accountId],
  );
  assert.deepEqual(mismatches.rows, [], `${ledger.accountId}: credits == succeeded top-ups, one each`);
  return ledger;
}
