// Outcomes of automatic recharge attempts, shared by the engine (auto-recharge.ts) and settlement (top-ups.ts).
import { describeCard } from '../src/payments/card-brand.js';
import type { Queryable } from './db/database.js';

/** After this many failed automatic payments in a row, auto-recharge turns itself off. */
export const FAILURES_BEFORE_DISABLE = 3;

/** Marks the pending attempt behind an auto-recharge top-up succeeded and starts the failure count afresh. */
export async function recordAttemptSucceeded(tx: Queryable, accountId: string, topUpId: string): Promise<boolean> {
  const updated = await tx.query(
    `UPDATE auto_recharge_attempts SET outcome = 'succeeded', failure_message = NULL
     WHERE account_id = $1 AND top_up_id = $2 AND outcome = 'pending' RETURNING id`,
    [accountId, topUpId],
  );
  if (updated.rows.length === 0) return false;
  await tx.query(`UPDATE auto_recharge_settings SET consecutive_failures = 0 WHERE account_id = $1`, [accountId]);
  return true;
}

/**
 * Marks a pending attempt failed and counts it. The third failure in a row turns auto-recharge
 * off with a reason and a new version, so another editor holding the old version cannot switch
 * it back on unknowingly. Caller holds the account row lock (lock order: account, then settings).
 */
export async function recordAttemptFailed(
  tx: Queryable,
  accountId: string,
  attempt: { attemptId: string } | { topUpId: string },
  failureMessage: string,
  at: Date,
): Promise<boolean> {
  const [column, value] = 'attemptId' in attempt ? ['id', attempt.attemptId] : ['top_up_id', attempt.topUpId];
  const updated = await tx.query(
    `UPDATE auto_recharge_attempts SET outcome = 'failed', failure_message = $3
     WHERE account_id = $1 AND ${column} = $2 AND outcome = 'pending' RETURNING id`,
    [accountId, value, failureMessage.slice(0, 500)],
  );
  if (updated.rows.length === 0) return false;
  const settings = await tx.query<{ enabled: boolean; consecutive_failures: number; payment_method_id: string | null }>(
    `SELECT enabled, consecutive_failures, payment_method_id FROM auto_recharge_settings WHERE account_id = $1 FOR UPDATE`,
    [accountId],
  );
  const current = settings.rows[0];
  if (!current) return true;
  const failures = current.consecutive_failures + 1;
  if (failures >= FAILURES_BEFORE_DISABLE && current.enabled) {
    const card = current.payment_method_id
      ? (
          await tx.query<{ brand: string; last4: string }>(`SELECT brand, last4 FROM payment_methods WHERE account_id = $1 AND id = $2`, [
            accountId,
            current.payment_method_id,
          ])
        ).rows[0]
      : undefined;
    const cardName = card ? describeCard(card) : 'the saved card';
    await tx.query(
      `UPDATE auto_recharge_settings SET consecutive_failures = $2, enabled = false, disabled_reason = $3,
         version = version + 1, updated_at = $4 WHERE account_id = $1`,
      [
        accountId,
        failures,
        `Automatic recharge was turned off after ${FAILURES_BEFORE_DISABLE} failed payments with ${cardName}. Update the card and turn it back on.`,
        at,
      ],
    );
  } else {
    await tx.query(`UPDATE auto_recharge_settings SET consecutive_failures = $2 WHERE account_id = $1`, [accountId, failures]);
  }
  return true;
}
