// The ledger: every balance change is one append-only entry, written in the same transaction as the balance, under the account's row lock.
import type { Queryable } from './db/database.js';
import { addMinorUnits } from './db/integers.js';
import { findAccount } from './accounts.js';

export type LedgerPosting = (
  { kind: 'top_up' | 'auto_recharge'; amount: number; topUpId: string } | { kind: 'usage'; amount: number; usageEntryId: string }
) & {
  /** When it happened, if not the call's `at` (seeded history). */
  at?: Date;
};

export interface PostedBalance {
  currency: string;
  /** Balance after each posting, in the order given. */
  balancesAfter: number[];
  balance: number;
}

/**
 * Applies postings (credits positive, usage debits negative) in order. Must run inside a
 * transaction: it locks the account row (SELECT … FOR UPDATE) so concurrent postings queue and
 * each balance_after is exact. There is no UPDATE or DELETE on ledger_entries anywhere.
 */
export async function postToLedger(tx: Queryable, accountId: string, postings: readonly LedgerPosting[], at: Date): Promise<PostedBalance> {
  const account = await findAccount(tx, accountId, { lock: true });
  let balance = account.balance;
  let updatedAt = at;
  const balancesAfter: number[] = [];
  for (const posting of postings) {
    if (!Number.isSafeInteger(posting.amount)) throw new RangeError('ledger amount must be a safe integer');
    balance = addMinorUnits(balance, posting.amount);
    balancesAfter.push(balance);
    updatedAt = posting.at ?? at;
    await tx.query(
      `INSERT INTO ledger_entries (account_id, kind, amount, balance_after, currency, top_up_id, usage_entry_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        accountId,
        posting.kind,
        posting.amount,
        balance,
        account.currency,
        'topUpId' in posting ? posting.topUpId : null,
        'usageEntryId' in posting ? posting.usageEntryId : null,
        updatedAt,
      ],
    );
  }
  if (postings.length > 0) {
    await tx.query(`UPDATE accounts SET balance = $2, balance_updated_at = $3 WHERE id = $1`, [accountId, balance, updatedAt]);
  }
  return { currency: account.currency, balancesAfter, balance };
}
