// Top-ups: idempotent creation (one charge per Idempotency-Key: the row is claimed before the processor is called,
// and every replay answers with the first request's top-up), and reading or confirming one after 3-D Secure.
// The stored row is top-up-rows.ts, settling it top-up-settlement.ts, charges without an answer unknown-charge-outcomes.ts.
import { BillingError } from '../src/client/errors.js';
import type { CreateTopUpRequest, TopUp } from '../src/client/schemas.js';
import { describeCard } from '../src/payments/card-brand.js';
import type { Queryable } from './db/database.js';
import type { ChargeRequest, ChargeResult, SavedCardDetails } from './payments/processor.js';
import { findAccount, type AccountRecord } from './accounts.js';
import { problemError, validationError } from './errors.js';
import { newId } from './ids.js';
import { describeMoney } from './money-text.js';
import { cardMissingProblem, topUpAmountProblem, wrongCurrencyProblem } from '../src/rules/api-messages.js';
import { checkTopUpAmount } from '../src/rules/top-up-rules.js';
import { findPaymentMethod, isExpired } from './payment-methods.js';
import { claimTopUp, type ClaimLimiter } from './top-up-groups.js';
import { findTopUp, processorIdempotencyKey, publicTopUp, type TopUpContext, type TopUpRow } from './top-up-rows.js';
import { applyChargeResult } from './top-up-settlement.js';
import { isRefusedUncharged, markOutcomeUnknown, outcomeUnknownError, redriveUnknownOutcome } from './unknown-charge-outcomes.js';

/** How long a replay waits for the first request's charge to finish before answering "processing". */
const REPLAY_WAIT_MS = 15_000;
const REPLAY_POLL_MS = 20;

/** Amount and source of a request: a replay must match the first request, or the key was reused for another payment. */
function fingerprintOf(request: CreateTopUpRequest): string {
  const source = request.source;
  return JSON.stringify([
    request.amount.amount,
    request.amount.currency,
    source.type,
    source.type === 'saved_card' ? source.paymentMethodId : source.providerToken,
    source.type === 'new_card' ? source.saveCard : null,
  ]);
}

async function findTopUpByKey(q: Queryable, accountId: string, idempotencyKey: string): Promise<TopUpRow | null> {
  const result = await q.query<TopUpRow>(`SELECT * FROM top_ups WHERE account_id = $1 AND idempotency_key = $2`, [
    accountId,
    idempotencyKey,
  ]);
  return result.rows[0] ?? null;
}

export interface CreateTopUpOptions {
  /** The Idempotency-Key header; required, and equal to the body's idempotencyKey. */
  idempotencyKeyHeader: string | undefined;
  /**
   * The account's limit on new payments (replays are not counted). Its count is taken in the claim's own statement,
   * so counting and claiming share one commit; concurrent claims count together and exactly (top-up-groups.ts).
   */
  rateLimit?: ClaimLimiter;
  /**
   * The account as the request already read it (the token lookup does): only its currency and
   * top-up limits are used, never its balance. Read here when absent.
   */
  account?: AccountRecord;
}

export interface CreatedTopUp {
  topUp: TopUp;
  /** True when this answered a replay of an earlier request (HTTP 200 instead of 201). */
  replayed: boolean;
}

/**
 * Starts a top-up. The row is claimed first under UNIQUE (account_id, idempotency_key) with
 * INSERT … ON CONFLICT DO NOTHING, and only the request that inserted it calls the processor;
 * every concurrent or later request with the key waits for and returns that same top-up.
 * A replay whose amount or card differs is a 409 conflict (details.topUpId names the first).
 */
export async function createTopUp(
  ctx: TopUpContext,
  accountId: string,
  request: CreateTopUpRequest,
  options: CreateTopUpOptions,
): Promise<CreatedTopUp> {
  const key = request.idempotencyKey;
  if (options.idempotencyKeyHeader === undefined || options.idempotencyKeyHeader === '') {
    throw validationError('Send the Idempotency-Key header with the same value as idempotencyKey.', {
      idempotencyKey: 'The Idempotency-Key header is missing.',
    });
  }
  if (options.idempotencyKeyHeader !== key) {
    throw validationError('The Idempotency-Key header and the body idempotencyKey differ.', {
      idempotencyKey: 'Does not match the Idempotency-Key header.',
    });
  }
  const fingerprint = fingerprintOf(request);

  // A request whose first copy failed before charging (its row was released) may claim the key again.
  // The first round claims without reading: the claim statement itself leaves a key already claimed alone (neither
  // counted against the rate limit nor inserted), so a new payment costs no read. Then the row is read and answered
  // as a replay; a later round reads first, as a replay's claim may have been released meanwhile.
  for (let round = 0; round < 3; round++) {
    if (round > 0) {
      const existing = await findTopUpByKey(ctx.db, accountId, key);
      if (existing) {
        const replay = await answerReplay(ctx, accountId, existing, fingerprint);
        if (replay) return { topUp: replay, replayed: true };
        continue;
      }
    }

    const account = options.account?.id === accountId && round === 0 ? options.account : await findAccount(ctx.db, accountId);
    let check: NewTopUpCheck;
    try {
      check = await checkNewTopUp(ctx, account, request);
    } catch (error) {
      // A replay answers as its first request did whatever the checks say now (its card may have been removed since).
      const existing = round === 0 ? await findTopUpByKey(ctx.db, accountId, key) : null;
      if (!existing) throw error;
      const replay = await answerReplay(ctx, accountId, existing, fingerprint);
      if (replay) return { topUp: replay, replayed: true };
      continue;
    }
    const { paymentMethodId, providerPaymentMethodId, refusal } = check;

    const source = request.source;
    const chargeRequest: ChargeRequest = {
      amount: { amount: request.amount.amount, currency: account.currency },
      idempotencyKey: processorIdempotencyKey(accountId, key),
      offSession: false,
      ...(providerPaymentMethodId !== undefined
        ? { providerPaymentMethodId }
        : source.type === 'new_card'
          ? { providerToken: source.providerToken, saveCard: source.saveCard }
          : {}),
    };

    // The claim stores the charge request too, so a crash before its result is applied can be
    // recovered by replaying it with the same key (server/recovery.ts). Claims made at the same moment share one
    // statement and commit (top-up-groups.ts), each counted against its account's rate limit.
    const row = await claimTopUp(ctx.db, options.rateLimit, {
      id: newId('tu'),
      accountId,
      idempotencyKey: key,
      fingerprint,
      amount: request.amount.amount,
      currency: account.currency,
      paymentMethodId,
      createdAt: ctx.now(),
      charge: chargeRequest,
    });
    if (!row) continue; // the key is claimed already (a replay, or a concurrent twin first): read it and answer as a replay

    if (refusal) {
      // Declined before the processor is asked (an expired saved card): a failed top-up like any
      // other decline, so the contract has one shape for it and a replay answers the same.
      const declined = await applyChargeResult(ctx, row, {
        status: 'failed',
        providerPaymentId: null,
        declineCode: refusal.code,
        message: refusal.message,
      });
      return { topUp: declined, replayed: false };
    }

    let result: ChargeResult & { savedCard?: SavedCardDetails };
    try {
      result = await ctx.processor.charge(chargeRequest);
    } catch (error) {
      if (isRefusedUncharged(error)) {
        // The processor refused the request itself, so nothing was charged: release the claim so a
        // retry can run; unless a recovery sweep has taken the row over, which then settles it.
        await ctx.db.query(`DELETE FROM top_ups WHERE id = $1 AND status = 'charging' AND recovery_attempts = 0`, [row.id]);
        throw error;
      }
      // No usable answer (the connection dropped, Stripe answered 500 …): the card may have been
      // charged. The claim stays, marked, for a retry with this key, the recovery sweep or the
      // webhook to settle from the processor's own record of the payment (server/recovery.ts).
      await markOutcomeUnknown(ctx, row.id);
      throw outcomeUnknownError(row.id, error);
    }
    return { topUp: await applyChargeResult(ctx, row, result), replayed: false };
  }
  throw new BillingError('unavailable', { message: 'This payment is busy being retried. Try again in a moment.' });
}

interface NewTopUpCheck {
  /** The saved card charged, if any. */
  paymentMethodId: string | null;
  /** Its id at the processor. */
  providerPaymentMethodId?: string;
  /** Set when the payment is declined without asking the processor (an expired saved card). */
  refusal?: { code: string; message: string };
}

/** Checks limits, currency and the card for a new payment. */
async function checkNewTopUp(ctx: TopUpContext, account: AccountRecord, request: CreateTopUpRequest): Promise<NewTopUpCheck> {
  const amount = request.amount.amount;
  if (request.amount.currency !== account.currency) {
    throw problemError(wrongCurrencyProblem(account.currency), { amount: `Use ${account.currency}.` });
  }
  const amountProblem = checkTopUpAmount(amount, { minimum: account.topUpMinimum, maximum: account.topUpMaximum });
  if (amountProblem) {
    const problem = topUpAmountProblem(amountProblem, account.currency, (value) => describeMoney(value, account.currency));
    const fieldErrors = { amount: problem.message };
    const limit = (value: number) => ({ amount: value, currency: account.currency });
    switch (amountProblem.code) {
      case 'below_minimum':
        throw problemError(problem, fieldErrors, { field: 'amount', limit: 'minimum', minimum: limit(amountProblem.minimum) });
      case 'above_maximum':
        throw problemError(problem, fieldErrors, { field: 'amount', limit: 'maximum', maximum: limit(amountProblem.maximum) });
      case 'not_positive':
        throw problemError(problem, fieldErrors);
    }
  }

  if (request.source.type !== 'saved_card') return { paymentMethodId: null };
  const card = await findPaymentMethod(ctx.db, account.id, request.source.paymentMethodId);
  if (!card) {
    const problem = cardMissingProblem();
    throw problemError(problem, { paymentMethodId: problem.message });
  }
  if (isExpired(card, ctx.now())) {
    return {
      paymentMethodId: card.id,
      providerPaymentMethodId: card.providerPaymentMethodId,
      refusal: {
        code: 'expired_card',
        message: `${describeCard(card)} expired at the end of ${String(card.expMonth).padStart(2, '0')}/${card.expYear}. Choose another card or add a new one.`,
      },
    };
  }
  return { paymentMethodId: card.id, providerPaymentMethodId: card.providerPaymentMethodId };
}

/** The first request's top-up for a replay, once its charge has finished; null when its claim was released. */
async function answerReplay(ctx: TopUpContext, accountId: string, existing: TopUpRow, fingerprint: string): Promise<TopUp | null> {
  if (existing.request_fingerprint !== fingerprint) {
    throw new BillingError('conflict', {
      message: 'This payment was already started with a different amount or card. Start a new payment to change it.',
      details: { topUpId: existing.id },
    });
  }
  let row: TopUpRow | null = existing;
  const deadline = Date.now() + REPLAY_WAIT_MS;
  // An unresolved row (server/recovery.ts) waits for a person, not for a request: answer at once.
  while (row && row.status === 'charging' && row.unresolved_at === null && Date.now() < deadline) {
    if (row.outcome_unknown_at !== null) {
      // The first request ended without an answer: ask the processor again now, with the same key.
      const redriven = await redriveUnknownOutcome(ctx, row);
      if (redriven) return redriven;
    }
    await new Promise((resolve) => setTimeout(resolve, REPLAY_POLL_MS));
    row = await findTopUpByKey(ctx.db, accountId, existing.idempotency_key);
  }
  return row ? publicTopUp(row) : null;
}

/** getTopUp: a top-up still processing at the processor is asked about once more, and settled if it has finished. */
export async function getTopUp(ctx: TopUpContext, accountId: string, topUpId: string): Promise<TopUp> {
  const row = await findTopUp(ctx.db, accountId, topUpId);
  if (row.status === 'processing' && row.provider_payment_id) {
    let result: ChargeResult | null = null;
    try {
      result = await ctx.processor.confirm(row.provider_payment_id);
    } catch {
      // The processor being unreachable does not make the top-up unreadable: report what is stored.
    }
    if (result?.status === 'succeeded' || result?.status === 'failed') return applyChargeResult(ctx, row, result);
  }
  return publicTopUp(row);
}

/** confirmTopUp: after 3-D Secure, asks the processor how the payment ended and settles it. Any other state is returned unchanged. */
export async function confirmTopUp(ctx: TopUpContext, accountId: string, topUpId: string): Promise<TopUp> {
  const row = await findTopUp(ctx.db, accountId, topUpId);
  if (row.status !== 'requires_action' || !row.provider_payment_id) return publicTopUp(row);
  const result = await ctx.processor.confirm(row.provider_payment_id);
  if (result.status === 'requires_action') return publicTopUp(row);
  return applyChargeResult(ctx, row, result);
}
