// Outcomes of automatic recharge attempts, shared by the engine (auto-recharge.ts) and settlement (top-ups.ts).
import { describeCard } from '../src/payments/card-brand.js';
import type { BillingChange } from '../src/client/schemas.js';
import { rechargeReason, repeatedFailuresReason, type WordedReason } from '../src/rules/api-messages.js';
import { failuresDisableRecharge } from '../src/rules/auto-recharge-rules.js';
import { PAYMENT_METHOD_REMOVED, rechargeAfterCardRemoval } from '../src/rules/card-rules.js';
import type { Queryable } from './db/database.js';

/** Marks the pending attempt behind an auto-recharge top-up succeeded and starts the failure count afresh. */
export async function recordAttemptSucceeded(tx: Queryable, accountId: string, topUpId: string): Promise<boolean> {
  const updated = await tx.query(
    `UPDATE auto_recharge_attempts SET outcome = 'succeeded', failure_message = NULL, failure_code = NULL, failure_params = NULL
     WHERE account_id = $1 AND top_up_id = $2 AND outcome = 'pending' RETURNING id`,
    [accountId, topUpId],
  );
  if (updated.rows.length === 0) return false;
  await tx.query(`UPDATE auto_recharge_settings SET consecutive_failures = 0 WHERE account_id = $1`, [accountId]);
  return true;
}

/** The columns of a reason: its code and values (JSON), or NULLs for a failure known only by its text. */
export function reasonColumns(worded: WordedReason | null): [string | null, string | null] {
  return worded ? [worded.reason.code, JSON.stringify(worded.reason.params)] : [null, null];
}

/**
 * Marks a pending attempt failed and counts it. The third failure in a row turns auto-recharge
 * off with a reason and a new version, so another editor holding the old version cannot switch
 * it back on unknowingly. Caller holds the account row lock (lock order: account, then settings).
 * A failure given as text only (a decline) takes its code from the attempt's top-up when read.
 */
export async function recordAttemptFailed(
  tx: Queryable,
  accountId: string,
  attempt: { attemptId: string } | { topUpId: string },
  failure: string | WordedReason,
  at: Date,
): Promise<boolean> {
  const [column, value] = 'attemptId' in attempt ? ['id', attempt.attemptId] : ['top_up_id', attempt.topUpId];
  const worded = typeof failure === 'string' ? null : failure;
  const message = typeof failure === 'string' ? failure : failure.message;
  const updated = await tx.query(
    `UPDATE auto_recharge_attempts SET outcome = 'failed', failure_message = $3, failure_code = $4, failure_params = $5
     WHERE account_id = $1 AND ${column} = $2 AND outcome = 'pending' RETURNING id`,
    [accountId, value, message.slice(0, 500), ...reasonColumns(worded)],
  );
  if (updated.rows.length === 0) return false;
  const settings = await tx.query<{ enabled: boolean; consecutive_failures: number; payment_method_id: string | null }>(
    `SELECT enabled, consecutive_failures, payment_method_id FROM auto_recharge_settings WHERE account_id = $1 FOR UPDATE`,
    [accountId],
  );
  const current = settings.rows[0];
  if (!current) return true;
  const failures = current.consecutive_failures + 1;
  if (failuresDisableRecharge(failures) && current.enabled) {
    const card = current.payment_method_id
      ? (
          await tx.query<{ brand: string; last4: string }>(`SELECT brand, last4 FROM payment_methods WHERE account_id = $1 AND id = $2`, [
            accountId,
            current.payment_method_id,
          ])
        ).rows[0]
      : undefined;
    const cause = repeatedFailuresReason(card ? describeCard(card) : 'the saved card');
    await tx.query(
      `UPDATE auto_recharge_settings SET consecutive_failures = $2, enabled = false, disabled_reason = $3,
         disabled_code = $5, disabled_params = $6, version = version + 1, updated_at = $4 WHERE account_id = $1`,
      [accountId, failures, cause.message, at, ...reasonColumns(cause)],
    );
  } else {
    await tx.query(`UPDATE auto_recharge_settings SET consecutive_failures = $2 WHERE account_id = $1`, [accountId, failures]);
  }
  return true;
}

/**
 * A saved card was removed (caller holds the account lock). Auto-recharge that charged it turns off with a reason
 * rather than moving to another card; one that was off forgets the card. Either way the version moves on, so an editor
 * holding the old settings cannot save the removed card back. Returns the changes to publish after commit.
 */
export async function autoRechargeAfterCardRemoved(
  tx: Queryable,
  accountId: string,
  card: { id: string; brand: string; last4: string },
  at: Date,
): Promise<BillingChange[]> {
  const settings = (
    await tx.query<{ enabled: boolean; payment_method_id: string | null }>(
      `SELECT enabled, payment_method_id FROM auto_recharge_settings WHERE account_id = $1 FOR UPDATE`,
      [accountId],
    )
  ).rows[0];
  if (!settings) return [];
  const effect = rechargeAfterCardRemoval({ enabled: settings.enabled, paymentMethodId: settings.payment_method_id }, card.id);
  if (effect === 'unchanged') return [];
  const cause = effect === 'turn_off' ? rechargeReason(PAYMENT_METHOD_REMOVED, { card: describeCard(card) }, String) : null;
  await tx.query(
    `UPDATE auto_recharge_settings SET enabled = false, payment_method_id = NULL, consecutive_failures = 0,
       version = version + 1, updated_at = $2,
       disabled_reason = CASE WHEN $3::text IS NULL THEN disabled_reason ELSE $3::text END,
       disabled_code = CASE WHEN $3::text IS NULL THEN disabled_code ELSE $4::text END,
       disabled_params = CASE WHEN $3::text IS NULL THEN disabled_params ELSE $5::jsonb END
     WHERE account_id = $1`,
    [accountId, at, cause?.message ?? null, ...reasonColumns(cause)],
  );
  return [{ type: 'auto_recharge' }];
}
