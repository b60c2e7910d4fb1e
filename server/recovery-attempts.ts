// Recovery of automatic-recharge attempts a crash left 'pending' (one step of the sweep in server/recovery.ts):
// an attempt whose top-up has settled is closed to match it; one decided but never claimed is charged now if it
// still makes sense, under the same checks the decision made, or closed (skipped, failed) without a charge.
import { describeCard } from '../src/payments/card-brand.js';
import { rechargeReason } from '../src/rules/api-messages.js';
import type { Database } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import { findAccount } from './accounts.js';
import { reasonColumns, recordAttemptFailed, recordAttemptSucceeded } from './auto-recharge-attempts.js';
import { runAutoRecharge, type PlannedRecharge } from './auto-recharge.js';
import { changeFeedFor } from './change-feed.js';
import { describeMoney } from './money-text.js';
import { findPaymentMethod, isExpired } from './payment-methods.js';
import type { TopUpContext, TopUpRow } from './top-up-rows.js';

export interface PendingAttemptRow {
  id: string;
  account_id: string;
  at: Date;
  amount: unknown;
  payment_method_id: string | null;
  top_up_id: string | null;
  top_up_status: TopUpRow['status'] | null;
}

/** What resuming did with an attempt: charged it, closed it without a charge, or closed it to match its settled top-up. */
export type ResumedAttemptOutcome = 'charged' | 'skipped' | 'failed' | 'closed';

/** Attempts still 'pending' that were decided at or before `cutoff`, oldest first, with their top-up's status. */
export async function findPendingAttempts(db: Database, cutoff: Date, limit: number): Promise<PendingAttemptRow[]> {
  const pending = await db.query<PendingAttemptRow>(
    `SELECT a.id, a.account_id, a.at, a.amount, a.payment_method_id, a.top_up_id, t.status AS top_up_status
     FROM auto_recharge_attempts a LEFT JOIN top_ups t ON t.id = a.top_up_id
     WHERE a.outcome = 'pending' AND a.at <= $1 ORDER BY a.at LIMIT $2`,
    [cutoff, limit],
  );
  return pending.rows;
}

/** Resumes one pending attempt; null when there was nothing to do (still in progress, or resumed meanwhile). */
export async function resumeAttempt(ctx: TopUpContext, attempt: PendingAttemptRow): Promise<ResumedAttemptOutcome | null> {
  if (attempt.top_up_id !== null) {
    // 'charging': the top-up sweep re-drives it (once old enough), which settles the attempt.
    // 'processing': the processor has it; its webhook, a read, or the sweep's processing check settles it.
    if (attempt.top_up_status !== 'succeeded' && attempt.top_up_status !== 'failed') return null;
    // Settled without its attempt being marked (cannot happen through settleTopUp): mark it now.
    const changed = await ctx.db.transaction(async (tx) => {
      await findAccount(tx, attempt.account_id, { lock: true });
      if (attempt.top_up_status === 'succeeded') return recordAttemptSucceeded(tx, attempt.account_id, attempt.top_up_id as string);
      const message = (
        await tx.query<{ failure_message: string | null }>(`SELECT failure_message FROM top_ups WHERE id = $1`, [attempt.top_up_id])
      ).rows[0]?.failure_message;
      return recordAttemptFailed(
        tx,
        attempt.account_id,
        { topUpId: attempt.top_up_id as string },
        message ?? 'The payment failed.',
        ctx.now(),
      );
    });
    if (!changed) return null;
    changeFeedFor(ctx.db).publish(attempt.account_id, { type: 'auto_recharge' });
    return 'closed';
  }

  // Decided, but the process died before its top-up was claimed: the processor never saw it.
  // Charge it now if it still makes sense, under the same checks the decision made.
  const at = ctx.now();
  const decision = await ctx.db.transaction(async (tx): Promise<{ plan: PlannedRecharge } | { closed: 'skipped' | 'failed' } | null> => {
    const account = await findAccount(tx, attempt.account_id, { lock: true });
    const current = await tx.query<{ id: string }>(
      `SELECT id FROM auto_recharge_attempts WHERE id = $1 AND outcome = 'pending' AND top_up_id IS NULL FOR UPDATE`,
      [attempt.id],
    );
    if (current.rows.length === 0) return null; // resumed or settled meanwhile
    const settings = (
      await tx.query<{ enabled: boolean; threshold_amount: unknown }>(
        `SELECT enabled, threshold_amount FROM auto_recharge_settings WHERE account_id = $1`,
        [attempt.account_id],
      )
    ).rows[0];
    const describe = (amount: number): string => describeMoney(amount, account.currency);
    const skip = async (code: 'recharge_off' | 'balance_recovered') => {
      // Not a payment failure: it does not count toward turning auto-recharge off.
      const reason = rechargeReason(code, {}, describe);
      await tx.query(
        `UPDATE auto_recharge_attempts SET outcome = 'skipped', failure_message = $2, failure_code = $3, failure_params = $4
         WHERE id = $1 AND outcome = 'pending'`,
        [attempt.id, reason.message, ...reasonColumns(reason)],
      );
      return { closed: 'skipped' } as const;
    };
    if (!settings?.enabled) return skip('recharge_off');
    if (account.balance >= toSafeInteger(settings.threshold_amount, 'threshold_amount')) return skip('balance_recovered');
    const card = attempt.payment_method_id ? await findPaymentMethod(tx, attempt.account_id, attempt.payment_method_id) : null;
    if (!card || isExpired(card, at)) {
      const failure = card
        ? rechargeReason('card_expired', { card: describeCard(card) }, describe)
        : rechargeReason('card_missing', {}, describe);
      await recordAttemptFailed(tx, attempt.account_id, { attemptId: attempt.id }, failure, at);
      return { closed: 'failed' };
    }
    return {
      plan: {
        attemptId: attempt.id,
        amount: toSafeInteger(attempt.amount, 'auto_recharge_attempts.amount'),
        currency: account.currency,
        paymentMethodId: card.id,
        providerPaymentMethodId: card.providerPaymentMethodId,
      },
    };
  });
  if (!decision) return null;
  if ('closed' in decision) {
    changeFeedFor(ctx.db).publish(attempt.account_id, { type: 'auto_recharge' });
    return decision.closed;
  }
  // Claims the top-up (at most once per attempt: its key is the attempt's), charges and settles it. Another sweep
  // that decided the same between this one's decision and its claim finds the claim taken and reports nothing.
  return (await runAutoRecharge(ctx, attempt.account_id, decision.plan)) ? 'charged' : null;
}
