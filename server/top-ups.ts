// Top-ups: idempotent creation (one charge per Idempotency-Key), 3-D Secure confirmation, and settleTopUp, which credits exactly once.
import { createHash } from 'node:crypto';
import { BillingError } from '../src/client/errors.js';
import type { BillingChange, CreateTopUpRequest, TopUp } from '../src/client/schemas.js';
import { describeCard } from '../src/payments/card-brand.js';
import type { Database, Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import type { ChargeRequest, ChargeResult, PaymentProcessor, SavedCardDetails } from './payments/processor.js';
import { findAccount, type AccountRecord } from './accounts.js';
import { recordAttemptFailed, recordAttemptSucceeded } from './auto-recharge-attempts.js';
import { changeFeedFor } from './change-feed.js';
import { notFound, validationError } from './errors.js';
import { newId } from './ids.js';
import { postToLedger } from './ledger.js';
import { describeMoney } from './money-text.js';
import { topUpAmountMessage } from '../src/rules/api-messages.js';
import { checkTopUpAmount } from '../src/rules/top-up-rules.js';
import { findPaymentMethod, insertSavedCard, isExpired } from './payment-methods.js';

export interface TopUpContext {
  db: Database;
  processor: PaymentProcessor;
  now: () => Date;
}

type StoredStatus = 'charging' | 'processing' | 'requires_action' | 'succeeded' | 'failed';

export interface TopUpRow {
  id: string;
  account_id: string;
  idempotency_key: string;
  request_fingerprint: string;
  kind: 'manual' | 'auto_recharge';
  amount: unknown;
  currency: string;
  payment_method_id: string | null;
  status: StoredStatus;
  provider_payment_id: string | null;
  client_secret: string | null;
  failure_code: string | null;
  failure_message: string | null;
  balance_after: unknown;
  pending_saved_card: SavedCardDetails | string | null;
  created_at: Date;
  // The charge request as sent to the processor, kept from the claim on so a crash can be recovered (002_payment_recovery.sql).
  processor_idempotency_key: string | null;
  charge_provider_payment_method_id: string | null;
  charge_provider_token: string | null;
  charge_save_card: boolean | null;
  charge_off_session: boolean | null;
  recovery_started_at: Date | null;
  recovery_attempts: number;
  // 005_unknown_charge_outcomes.sql: the claiming request got no usable answer (the processor may have charged).
  outcome_unknown_at: Date | null;
  // 005_unknown_charge_outcomes.sql: a sweep could no longer replay it; listed for a person to check.
  unresolved_at: Date | null;
}

/** The columns (after id … status, created_at) that store a claimed top-up's charge request; see chargeRequestOf. */
export const CHARGE_REQUEST_COLUMNS =
  'processor_idempotency_key, charge_provider_payment_method_id, charge_provider_token, charge_save_card, charge_off_session';

/** Values for CHARGE_REQUEST_COLUMNS, in order. */
export function chargeRequestValues(request: ChargeRequest): unknown[] {
  return [
    request.idempotencyKey,
    request.providerPaymentMethodId ?? null,
    request.providerToken ?? null,
    request.saveCard ?? null,
    request.offSession,
  ];
}

/**
 * The charge request a claimed top-up sent (or was about to send) to the processor, rebuilt from
 * its row: same amount, card and idempotency key, so sending it again replays the first payment.
 * Null when the row does not hold enough to rebuild it (claimed before 002_payment_recovery.sql
 * with a new card's token, which was never stored).
 */
export function chargeRequestOf(row: TopUpRow, savedCardProviderId?: string | null): ChargeRequest | null {
  const offSession = row.charge_off_session ?? row.kind === 'auto_recharge';
  const idempotencyKey =
    row.processor_idempotency_key ?? (row.kind === 'auto_recharge' ? row.idempotency_key : processorIdempotencyKey(row.account_id, row.idempotency_key));
  const amount = { amount: toSafeInteger(row.amount, 'top_ups.amount'), currency: row.currency };
  if (row.charge_provider_token !== null) {
    return { amount, idempotencyKey, offSession, providerToken: row.charge_provider_token, saveCard: row.charge_save_card ?? false };
  }
  const providerPaymentMethodId = row.charge_provider_payment_method_id ?? savedCardProviderId ?? null;
  if (providerPaymentMethodId === null) return null;
  return { amount, idempotencyKey, offSession, providerPaymentMethodId };
}

/** How long a replay waits for the first request's charge to finish before answering "processing". */
const REPLAY_WAIT_MS = 15_000;
const REPLAY_POLL_MS = 20;

export function publicTopUp(row: TopUpRow): TopUp {
  const base = {
    id: row.id,
    amount: { amount: toSafeInteger(row.amount, 'top_ups.amount'), currency: row.currency },
    idempotencyKey: row.idempotency_key,
    paymentMethodId: row.payment_method_id,
    createdAt: row.created_at.toISOString(),
  };
  switch (row.status) {
    case 'succeeded':
      return {
        ...base,
        status: 'succeeded',
        balanceAfter: { amount: toSafeInteger(row.balance_after, 'top_ups.balance_after'), currency: row.currency },
      };
    case 'requires_action':
      return { ...base, status: 'requires_action', nextAction: { type: 'three_d_secure', clientSecret: row.client_secret ?? `${row.id}_secret` } };
    case 'failed':
      return {
        ...base,
        status: 'failed',
        failure: { code: row.failure_code ?? 'generic_decline', message: row.failure_message ?? 'Your card was declined.' },
      };
    case 'charging':
    case 'processing':
      // 'charging' is the claimed row while the processor is called: to the widget it is in progress.
      return { ...base, status: 'processing' };
  }
}

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
  const result = await q.query<TopUpRow>(`SELECT * FROM top_ups WHERE account_id = $1 AND idempotency_key = $2`, [accountId, idempotencyKey]);
  return result.rows[0] ?? null;
}

/** The account's top-up, or 404: another account's id answers exactly like an id that does not exist. */
export async function findTopUp(q: Queryable, accountId: string, topUpId: string): Promise<TopUpRow> {
  const result = await q.query<TopUpRow>(`SELECT * FROM top_ups WHERE account_id = $1 AND id = $2`, [accountId, topUpId]);
  const row = result.rows[0];
  if (!row) throw notFound(`There is no top-up ${topUpId}.`);
  return row;
}

export interface CreateTopUpOptions {
  /** The Idempotency-Key header; required, and equal to the body's idempotencyKey. */
  idempotencyKeyHeader: string | undefined;
  /** Called once a request is known to start a new payment (replays skip it): the rate limit. */
  beforeNewPayment?: () => void;
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
export async function createTopUp(ctx: TopUpContext, accountId: string, request: CreateTopUpRequest, options: CreateTopUpOptions): Promise<CreatedTopUp> {
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
  for (let round = 0; round < 3; round++) {
    const existing = await findTopUpByKey(ctx.db, accountId, key);
    if (existing) {
      const replay = await answerReplay(ctx, accountId, existing, fingerprint);
      if (replay) return { topUp: replay, replayed: true };
      continue;
    }

    const account = await findAccount(ctx.db, accountId);
    const { paymentMethodId, refusal } = await checkNewTopUp(ctx, account, request);
    options.beforeNewPayment?.();

    const source = request.source;
    let providerPaymentMethodId: string | undefined;
    if (source.type === 'saved_card') {
      const card = await findPaymentMethod(ctx.db, accountId, source.paymentMethodId);
      providerPaymentMethodId = card?.providerPaymentMethodId;
    }
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
    // recovered by replaying it with the same key (server/recovery.ts).
    const claimed = await ctx.db.query<TopUpRow>(
      `INSERT INTO top_ups (id, account_id, idempotency_key, request_fingerprint, kind, amount, currency, payment_method_id, status, created_at,
         ${CHARGE_REQUEST_COLUMNS})
       VALUES ($1, $2, $3, $4, 'manual', $5, $6, $7, 'charging', $8, $9, $10, $11, $12, $13)
       ON CONFLICT (account_id, idempotency_key) DO NOTHING RETURNING *`,
      [newId('tu'), accountId, key, fingerprint, request.amount.amount, account.currency, paymentMethodId, ctx.now(), ...chargeRequestValues(chargeRequest)],
    );
    const row = claimed.rows[0];
    if (!row) continue; // another request claimed the key between our read and insert: answer as a replay

    if (refusal) {
      // Declined before the processor is asked (an expired saved card): a failed top-up like any
      // other decline, so the contract has one shape for it and a replay answers the same.
      const declined = await applyChargeResult(ctx, row, { status: 'failed', providerPaymentId: null, declineCode: refusal.code, message: refusal.message });
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

/**
 * The key the processor sees: derived from (account, key) so two accounts using the same key never
 * share a payment, stable so a retry after a lost processor answer replays there too, and within
 * Stripe's 255-character limit.
 */
export function processorIdempotencyKey(accountId: string, idempotencyKey: string): string {
  return `topup_${createHash('sha256').update(`${accountId}\n${idempotencyKey}`).digest('hex')}`;
}

/**
 * Errors after which the processor certainly charged nothing: it refused the request (a bad or
 * spent token, a card it will not take) or turned it away unprocessed (rate limited). Any other
 * error (unreachable, a 5xx, an idempotency conflict, something unforeseen) leaves the outcome
 * unknown: the payment may exist.
 */
export function isRefusedUncharged(error: unknown): boolean {
  return error instanceof BillingError && (error.code === 'validation' || error.code === 'card_declined' || error.code === 'authentication_required' || error.code === 'rate_limited');
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

function outcomeUnknownError(topUpId: string, cause: unknown): BillingError {
  return new BillingError('unavailable', {
    message: 'The card processor did not confirm this payment. Try again with the same request to see how it ended.',
    details: { topUpId },
    cause,
  });
}

interface NewTopUpCheck {
  /** The saved card charged, if any. */
  paymentMethodId: string | null;
  /** Set when the payment is declined without asking the processor (an expired saved card). */
  refusal?: { code: string; message: string };
}

/** Checks limits, currency and the card for a new payment. */
async function checkNewTopUp(ctx: TopUpContext, account: AccountRecord, request: CreateTopUpRequest): Promise<NewTopUpCheck> {
  const amount = request.amount.amount;
  if (request.amount.currency !== account.currency) {
    throw validationError(`Amounts for this account are in ${account.currency}.`, { amount: `Use ${account.currency}.` });
  }
  const amountProblem = checkTopUpAmount(amount, { minimum: account.topUpMinimum, maximum: account.topUpMaximum });
  if (amountProblem) {
    const message = topUpAmountMessage(amountProblem, (value) => describeMoney(value, account.currency));
    const limit = (value: number) => ({ amount: value, currency: account.currency });
    switch (amountProblem.code) {
      case 'below_minimum':
        throw validationError(message, { amount: message }, { field: 'amount', limit: 'minimum', minimum: limit(amountProblem.minimum) });
      case 'above_maximum':
        throw validationError(message, { amount: message }, { field: 'amount', limit: 'maximum', maximum: limit(amountProblem.maximum) });
      case 'not_positive':
        throw validationError(message, { amount: message });
    }
  }

  if (request.source.type !== 'saved_card') return { paymentMethodId: null };
  const card = await findPaymentMethod(ctx.db, account.id, request.source.paymentMethodId);
  if (!card) {
    const message = 'That card is no longer saved on this account. Choose another card.';
    throw validationError(message, { paymentMethodId: message });
  }
  if (isExpired(card, ctx.now())) {
    return {
      paymentMethodId: card.id,
      refusal: {
        code: 'expired_card',
        message: `${describeCard(card)} expired at the end of ${String(card.expMonth).padStart(2, '0')}/${card.expYear}. Choose another card or add a new one.`,
      },
    };
  }
  return { paymentMethodId: card.id };
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

/** How long a replay or a sweep owns a row it is re-driving before another may take it. */
export const REDRIVE_LEASE_MS = 120_000;

/**
 * A replay of a request whose charge got no answer: takes the row's lease (as a recovery sweep
 * does, so the two never drive it together) and replays the charge. Null when someone else holds
 * the lease or the row has left 'charging'; throws when the processor still gives no answer.
 */
async function redriveUnknownOutcome(ctx: TopUpContext, stale: TopUpRow): Promise<TopUp | null> {
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

/** Records what the processor said about a claimed top-up, crediting the balance when it succeeded. */
export async function applyChargeResult(
  ctx: TopUpContext,
  row: TopUpRow,
  result: ChargeResult & { savedCard?: SavedCardDetails },
): Promise<TopUp> {
  const at = ctx.now();
  const changes: BillingChange[] = [];
  const updated = await ctx.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE top_ups SET provider_payment_id = COALESCE($2, provider_payment_id),
         pending_saved_card = COALESCE($3::jsonb, pending_saved_card), charge_provider_token = NULL WHERE id = $1`,
      [row.id, result.providerPaymentId, result.savedCard ? JSON.stringify(result.savedCard) : null],
    );
    switch (result.status) {
      case 'succeeded':
        return settleInTransaction(tx, row.id, 'succeeded', at, changes);
      case 'failed':
        return settleInTransaction(tx, row.id, { failed: { code: result.declineCode, message: result.message } }, at, changes);
      case 'requires_action': {
        if (row.kind === 'auto_recharge') {
          // Off-session nobody can answer the bank's challenge.
          return settleInTransaction(
            tx,
            row.id,
            { failed: { code: 'authentication_required', message: 'Your bank asked to confirm this payment, which cannot be done automatically. Make a manual top-up or use another card.' } },
            at,
            changes,
          );
        }
        const next = await tx.query<TopUpRow>(
          `UPDATE top_ups SET status = 'requires_action', client_secret = $2 WHERE id = $1 AND status = 'charging' RETURNING *`,
          [row.id, result.clientSecret],
        );
        return next.rows[0] ?? (await findTopUp(tx, row.account_id, row.id));
      }
      case 'processing': {
        const next = await tx.query<TopUpRow>(
          `UPDATE top_ups SET status = 'processing' WHERE id = $1 AND status IN ('charging', 'requires_action') RETURNING *`,
          [row.id],
        );
        return next.rows[0] ?? (await findTopUp(tx, row.account_id, row.id));
      }
    }
  });
  publishAll(ctx.db, row.account_id, changes);
  return publicTopUp(updated);
}

export type SettleOutcome = 'succeeded' | { failed: { code: string; message: string } };

export type SettleTarget = (
  | { topUpId: string }
  | {
      providerPaymentId: string;
      /**
       * The idempotency key the processor was given (Stripe: PaymentIntent metadata.idempotency_key).
       * Finds the top-up when the processor's answer, and with it the payment id, never arrived;
       * the payment id is then stored on it.
       */
      processorIdempotencyKey?: string;
    }
) & {
  outcome: SettleOutcome;
  /** When it settled; default now. */
  at?: Date;
};

export interface SettledTopUp {
  accountId: string;
  topUp: TopUp;
  /** True only for the one call that moved the top-up to this outcome (and, on success, credited the balance). */
  changed: boolean;
}

/**
 * Moves a top-up to its final state; the Stripe webhook and confirmTopUp both end here. Credits
 * the balance exactly once however often and however concurrently it is called: the status
 * changes with a conditional UPDATE … WHERE status <> 'succeeded' RETURNING, and only the call
 * that got the row back posts the ledger entry (ledger_entries.top_up_id is UNIQUE as well).
 * A failure never overwrites a success. Returns null when no top-up matches.
 */
export async function settleTopUp(db: Database, target: SettleTarget): Promise<SettledTopUp | null> {
  const at = target.at ?? new Date();
  const changes: BillingChange[] = [];
  const settled = await db.transaction(async (tx) => {
    const found =
      'topUpId' in target
        ? await tx.query<{ id: string; account_id: string }>(`SELECT id, account_id FROM top_ups WHERE id = $1`, [target.topUpId])
        : await tx.query<{ id: string; account_id: string }>(`SELECT id, account_id FROM top_ups WHERE provider_payment_id = $1`, [
            target.providerPaymentId,
          ]);
    let match = found.rows[0];
    if (!match && 'providerPaymentId' in target && target.processorIdempotencyKey) {
      const byKey = await tx.query<{ id: string; account_id: string }>(
        `SELECT id, account_id FROM top_ups WHERE processor_idempotency_key = $1 AND provider_payment_id IS NULL LIMIT 2`,
        [target.processorIdempotencyKey],
      );
      // One top-up per processor key; two would be a key reused across accounts: settle neither.
      if (byKey.rows.length === 1) {
        match = byKey.rows[0];
        // Lock order everywhere: the account row first, then the rows that hang off it.
        if (match) await findAccount(tx, match.account_id, { lock: true });
        await tx.query(`UPDATE top_ups SET provider_payment_id = $2 WHERE id = $1 AND provider_payment_id IS NULL`, [match?.id, target.providerPaymentId]);
      }
    }
    if (!match) return null;
    // Not changes.length: a manual top-up's failure publishes nothing, yet this call moved it.
    const moved = { value: false };
    const row = await settleInTransaction(tx, match.id, target.outcome, at, changes, match.account_id, moved);
    return { accountId: match.account_id, topUp: publicTopUp(row), changed: moved.value };
  });
  if (settled) publishAll(db, settled.accountId, changes);
  return settled;
}

async function settleInTransaction(
  tx: Queryable,
  topUpId: string,
  outcome: SettleOutcome,
  at: Date,
  changes: BillingChange[],
  knownAccountId?: string,
  /** Set to true when this call is the one that moved the top-up to its outcome. */
  moved?: { value: boolean },
): Promise<TopUpRow> {
  const accountId =
    knownAccountId ?? (await tx.query<{ account_id: string }>(`SELECT account_id FROM top_ups WHERE id = $1`, [topUpId])).rows[0]?.account_id;
  if (!accountId) throw notFound(`There is no top-up ${topUpId}.`);
  // Lock order everywhere: account row first, then the rows that hang off it.
  await findAccount(tx, accountId, { lock: true });

  if (outcome === 'succeeded') {
    const won = await tx.query<TopUpRow>(
      `UPDATE top_ups SET status = 'succeeded', client_secret = NULL, failure_code = NULL, failure_message = NULL, settled_at = $2
       WHERE id = $1 AND status <> 'succeeded' RETURNING *`,
      [topUpId, at],
    );
    const row = won.rows[0];
    if (!row) return findTopUp(tx, accountId, topUpId);
    if (moved) moved.value = true;

    const amount = toSafeInteger(row.amount, 'top_ups.amount');
    const posted = await postToLedger(tx, accountId, [{ kind: row.kind === 'auto_recharge' ? 'auto_recharge' : 'top_up', amount, topUpId }], at);
    let paymentMethodId = row.payment_method_id;
    const pendingCard = typeof row.pending_saved_card === 'string' ? (JSON.parse(row.pending_saved_card) as SavedCardDetails) : row.pending_saved_card;
    if (pendingCard) {
      paymentMethodId = (await insertSavedCard(tx, accountId, pendingCard, { makeDefault: false, at })).id;
      changes.push({ type: 'account' });
    }
    const final = await tx.query<TopUpRow>(
      `UPDATE top_ups SET balance_after = $2, payment_method_id = $3, pending_saved_card = NULL WHERE id = $1 RETURNING *`,
      [topUpId, posted.balance, paymentMethodId],
    );
    changes.push({ type: 'balance', balance: { amount: posted.balance, currency: posted.currency }, at: at.toISOString() });
    if (row.kind === 'auto_recharge' && (await recordAttemptSucceeded(tx, accountId, topUpId))) changes.push({ type: 'auto_recharge' });
    return final.rows[0] ?? row;
  }

  const failed = await tx.query<TopUpRow>(
    `UPDATE top_ups SET status = 'failed', failure_code = $2, failure_message = $3, client_secret = NULL,
       pending_saved_card = NULL, settled_at = $4
     WHERE id = $1 AND status NOT IN ('succeeded', 'failed') RETURNING *`,
    [topUpId, outcome.failed.code.slice(0, 80), outcome.failed.message.slice(0, 500), at],
  );
  const row = failed.rows[0];
  if (!row) return findTopUp(tx, accountId, topUpId);
  if (moved) moved.value = true;
  if (row.kind === 'auto_recharge') {
    await recordAttemptFailed(tx, accountId, { topUpId }, outcome.failed.message, at);
    changes.push({ type: 'auto_recharge' });
  }
  return row;
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

function publishAll(db: Database, accountId: string, changes: readonly BillingChange[]): void {
  const feed = changeFeedFor(db);
  for (const change of changes) feed.publish(accountId, change);
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
