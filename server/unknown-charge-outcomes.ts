// Charges whose outcome is unknown (005_unknown_charge_outcomes.sql): the processor gave no usable answer, so the
// card may have been charged and the claimed row is kept, marked. A replay of the request (a client retry, or the
// recovery sweep in server/recovery.ts) sends the same charge with the same processor idempotency key and settles
// the top-up from the answer; rows no replay can settle any more are listed as unresolved for a person.
import { BillingError } from '../src/client/errors.js';
import type { TopUp } from '../src/client/schemas.js';
import type { Queryable } from './db/database.js';
import type { ChargeRequest, ChargeResult, SavedCardDetails } from './payments/processor.js';
import { applyChargeResult, settleTopUp } from './top-up-settlement.js';
import { chargeRequestOf, publicTopUp, type TopUpContext, type TopUpRow } from './top-up-rows.js';

/**
 * Errors after which the processor certainly charged nothing: it refused the request (a bad or
 * spent token, a card it will not take) or turned it away unprocessed (rate limited). Any other
 * error (unreachable, a 5xx, an idempotency conflict, something unforeseen) leaves the outcome
 * unknown: the payment may exist.
 */
export function isRefusedUncharged(error: unknown): boolean {
  return (
    error instanceof BillingError &&
    (error.code === 'validation' ||
      error.code === 'card_declined' ||
      error.code === 'authentication_required' ||
      error.code === 'rate_limited')
  );
}

/**
 * Marks a claimed top-up whose charge got no usable answer; a replay of its request may re-drive
 * it at once. releaseLease: the caller held the row's lease (a re-drive) and gives it back; the
 * request that claimed the row never touches a lease, which a sweep may have taken meanwhile.
 */
export async function markOutcomeUnknown(ctx: TopUpContext, topUpId: string, options: { releaseLease?: boolean } = {}): Promise<void> {
  await ctx.db.query(
    `UPDATE top_ups SET outcome_unknown_at = COALESCE(outcome_unknown_at, $2),
       recovery_started_at = CASE WHEN $3::boolean THEN NULL ELSE recovery_started_at END
     WHERE id = $1 AND status = 'charging'`,
    [topUpId, ctx.now(), options.releaseLease === true],
  );
}

export function outcomeUnknownError(topUpId: string, cause: unknown): BillingError {
  return new BillingError('unavailable', {
    message: 'The card processor did not confirm this payment. Try again with the same request to see how it ended.',
    details: { topUpId },
    cause,
  });
}

/** How long a replay or a sweep owns a row it is re-driving before another may take it. */
export const REDRIVE_LEASE_MS = 120_000;

/**
 * A replay of a request whose charge got no answer: takes the row's lease (as a recovery sweep
 * does, so the two never drive it together) and replays the charge. Null when someone else holds
 * the lease or the row has left 'charging'; throws when the processor still gives no answer.
 */
export async function redriveUnknownOutcome(ctx: TopUpContext, stale: TopUpRow): Promise<TopUp | null> {
  const at = ctx.now();
  const leased = await ctx.db.query<TopUpRow>(
    `UPDATE top_ups SET recovery_started_at = $2, recovery_attempts = recovery_attempts + 1
     WHERE id = $1 AND status = 'charging' AND outcome_unknown_at IS NOT NULL AND unresolved_at IS NULL
       AND (recovery_started_at IS NULL OR recovery_started_at <= $3) RETURNING *`,
    [stale.id, at, new Date(at.getTime() - REDRIVE_LEASE_MS)],
  );
  const row = leased.rows[0];
  if (!row) return null;
  const request = chargeRequestOf(row);
  if (!request) {
    await ctx.db.query(`UPDATE top_ups SET recovery_started_at = NULL WHERE id = $1 AND status = 'charging'`, [row.id]);
    return null;
  }
  try {
    return await replayClaimedCharge(ctx, row, request);
  } catch (error) {
    throw outcomeUnknownError(row.id, error);
  }
}

/**
 * Sends a claimed top-up's charge request again, with its processor idempotency key, and applies
 * the answer: Stripe returns the PaymentIntent the first request made (or makes the one it never
 * got to), so this settles the top-up as the first request would have, crediting at most once.
 * The caller holds the row's lease. A refusal ends the top-up failed (with the same key nothing
 * was charged); any other error gives the lease back, marks the outcome unknown and is rethrown.
 */
export async function replayClaimedCharge(ctx: TopUpContext, row: TopUpRow, request: ChargeRequest): Promise<TopUp> {
  let result: ChargeResult & { savedCard?: SavedCardDetails };
  try {
    result = await ctx.processor.charge(request);
  } catch (error) {
    if (error instanceof BillingError && (error.code === 'validation' || error.code === 'card_declined')) {
      const declineCode = (error.details as { declineCode?: unknown } | undefined)?.declineCode;
      const settled = await settleTopUp(ctx.db, {
        topUpId: row.id,
        outcome: { failed: { code: typeof declineCode === 'string' ? declineCode : 'processing_error', message: error.message } },
        at: ctx.now(),
      });
      if (settled) return settled.topUp;
    }
    // No answer again (unreachable, rate limited, in use, or the first answer was a 500 that the
    // processor now repeats for the key): look the payment up instead, if the processor can.
    const found = await findPaymentQuietly(ctx, request);
    if (found) return applyChargeResult(ctx, row, found);
    await markOutcomeUnknown(ctx, row.id, { releaseLease: true });
    throw error;
  }
  return applyChargeResult(ctx, row, result);
}

async function findPaymentQuietly(ctx: TopUpContext, request: ChargeRequest): Promise<ChargeResult | null> {
  try {
    return (await ctx.processor.findPayment?.(request)) ?? null;
  } catch {
    return null; // the replay's error is the one worth reporting
  }
}

export interface UnresolvedTopUp {
  topUp: TopUp;
  /** When the recovery sweep gave up replaying it. */
  unresolvedSince: string;
  /** Look the payment up at the processor by this (Stripe: PaymentIntent metadata.idempotency_key). */
  processorIdempotencyKey: string | null;
  providerPaymentId: string | null;
}

/**
 * GET /v1/top-ups?status=unresolved: the account's top-ups whose charge may or may not have gone
 * through and that the recovery sweep could no longer settle by replaying them (older than the
 * processor's 24-hour idempotency window, or claimed before the request was stored). Shown to the
 * widgets as processing; a person checks the payment at the processor, and Stripe's webhook for
 * it (resent from the dashboard if need be) settles it and takes it off this list.
 */
export async function listUnresolvedTopUps(db: Queryable, accountId: string): Promise<UnresolvedTopUp[]> {
  const result = await db.query<TopUpRow>(
    `SELECT * FROM top_ups WHERE account_id = $1 AND unresolved_at IS NOT NULL AND status = 'charging' ORDER BY created_at, id LIMIT 500`,
    [accountId],
  );
  return result.rows.map((row) => ({
    topUp: publicTopUp(row),
    unresolvedSince: (row.unresolved_at as Date).toISOString(),
    processorIdempotencyKey: row.processor_idempotency_key,
    providerPaymentId: row.provider_payment_id,
  }));
}
