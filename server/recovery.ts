// Recovery of payments a crash interrupted: top-ups left 'charging' and auto-recharge attempts left 'pending';
// and of payments whose settlement was lost: top-ups left 'processing' when the processor's webhook never came.
//
// A top-up claims its row ('charging', unique per account and Idempotency-Key) before it calls the
// processor, and applies the answer after. A process that dies in between leaves the row claimed
// for ever: a replay waits and answers "processing", getTopUp has no provider payment id to ask
// about, and an auto-recharge attempt behind such a row stays 'pending' and blocks every later
// recharge. recoverInterruptedPayments finds those rows once they are older than any request
// still in flight could be, and re-drives each with the charge request stored on its row at claim
// time (002_payment_recovery.sql): same amount, same card or token, same processor idempotency
// key. The answer is applied by applyChargeResult / settleTopUp, exactly as the request would have,
// so the balance is credited at most once however often, and however concurrently, it runs.
//
// Why a replay never charges twice:
// - Stripe: a PaymentIntent create with an idempotency key it has seen returns the original
//   PaymentIntent (or its original error) for 24 hours, so a re-drive either creates the payment
//   the crash stopped short of, or reads back the one that was made. Rows older than maxAgeMs
//   (default 23 h, inside that window) are therefore never re-driven but marked unresolved for review.
// - TestCardProcessor: its memory of keys is in-process and lost on restart, so after a restart
//   it "charges" again; it derives the payment id from the key and its outcome from the card, so
//   the replay is the same payment with the same result, and no real money moves with test cards.
// - Either way the ledger is guarded by the database: settlement moves the row with a conditional
//   UPDATE and only that one call posts the credit (ledger_entries.top_up_id is UNIQUE too).
//
// Lost answers: a charge whose request got no usable answer from the processor (the connection
// dropped after Stripe confirmed the PaymentIntent, or Stripe answered 500) may have charged the
// card, so its row is never released: it stays 'charging', marked outcome_unknown_at, and the
// request answers 503. It is settled by whichever comes first, exactly once between them: a
// client retry with the same key (replays the charge at once), this sweep (replays it once the
// row is olderThanMs old), or the webhook for the payment (finds the row by the processor key in
// the PaymentIntent's metadata). A replay that still gets no answer (Stripe repeats a stored 500
// for the key) asks processor.findPayment (Stripe: search on that metadata) before giving up for
// this round. Only a refusal (validation, card_declined, rate limited) proves
// nothing was charged and releases the row. Unresolved after maxAgeMs (23 h), a row is marked
// unresolved_at for a person: GET /v1/top-ups?status=unresolved lists it.
//
// Abandoned 3-D Secure: a top-up answered 'requires_action' ends when the widget calls confirm
// (failed when the bank refused: Stripe moves the PaymentIntent back to requires_payment_method)
// or on Stripe's payment_intent.payment_failed. A widget closed mid-challenge does neither, and
// Stripe sends nothing for a PaymentIntent left in requires_action, so the row would wait for
// ever. The sweep reads each such top-up an hour on (processor.paymentStatus: a read that, unlike
// the test-card processor's confirm, never takes the challenge as passed) and ends it failed
// (authentication_abandoned), or as the processor reports it if the holder did authenticate.
//
// Sweeps take a row with a lease (recovery_started_at), so two sweeps, in one process or two
// servers on one PostgreSQL, do not drive the same row at once; and the request that claimed a
// row, should it still be alive, no longer releases a claim a sweep has touched. The lease is a
// conditional UPDATE … RETURNING: PostgreSQL re-checks its WHERE on the row a concurrent sweep
// just leased, so exactly one of them gets the row back, with no advisory lock or SKIP LOCKED
// needed (test/server/multi-process.node.test.ts: three servers' start-up sweeps, and two sweeps on
// two pools, drive each row once). The same holds for processing_checked_at below, and for an
// interrupted auto-recharge attempt, whose top-up claim (unique per attempt) is what decides.
// Leases compare timestamps from each process's clock: hosts must agree within the 2-minute lease.
//
// Lost webhooks: a top-up the processor answered 'processing' (Stripe: a PaymentIntent not yet
// captured) is settled by the webhook, or when someone reads it (getTopUp asks confirm once). If
// the webhook is lost for good and nobody reads it, the row would stay 'processing' for ever, and
// an auto-recharge's pending attempt behind it would block every later recharge. So the same sweep
// asks the processor (confirm, a read: safe at any age) about each 'processing' top-up with a
// provider payment id once it is processingOlderThanMs old (default 10 min, well past a webhook's
// usual delay), and settles a final answer through settleTopUp, as the webhook would: its
// conditional UPDATE lets exactly one of sweep and webhook credit, whichever comes first. A
// payment still processing is left for later: processing_checked_at (003_processing_checks.sql)
// is both the lease and a back-off, so it is asked again only every processingRecheckMs (default
// 5 min) however often sweeps run; a processor error gives the row back for the next sweep.
//
// Resuming the pending auto-recharge attempts is its own step, server/recovery-attempts.ts.
//
// Removed cards: a removal detaches the card at the processor at once; one the processor could not take then (Stripe
// unreachable) is detached by the next sweep (detachRemovedCards: detaching twice is harmless, so sweeps need no lease).
import type { TopUp } from '../src/client/schemas.js';
import type { Database } from './db/database.js';
import type { ChargeResult, PaymentProcessor } from './payments/processor.js';
import { detachRemovedCards, findPaymentMethod } from './payment-methods.js';
import { findPendingAttempts, resumeAttempt, type ResumedAttemptOutcome } from './recovery-attempts.js';
import { chargeRequestOf, type TopUpContext, type TopUpRow } from './top-up-rows.js';
import { applyChargeResult, settleTopUp } from './top-up-settlement.js';
import { replayClaimedCharge } from './unknown-charge-outcomes.js';

/** Rows younger than this may still belong to a request in flight. */
export const DEFAULT_RECOVERY_OLDER_THAN_MS = 30_000;
/** Inside Stripe's 24-hour idempotency window: an older row is not replayed (it could charge anew). */
export const DEFAULT_RECOVERY_MAX_AGE_MS = 23 * 60 * 60 * 1000;
/** How long a sweep owns a row it is re-driving before another sweep may take it. */
export const DEFAULT_RECOVERY_LEASE_MS = 120_000;
/** How often startPaymentRecovery sweeps. */
export const DEFAULT_RECOVERY_INTERVAL_MS = 60_000;
/** A 'processing' top-up is asked about once this old: its webhook should long have come (Stripe's usually takes seconds). */
export const DEFAULT_PROCESSING_OLDER_THAN_MS = 10 * 60 * 1000;
/** A top-up the processor still reports processing is asked about again after this long, not on every sweep. */
export const DEFAULT_PROCESSING_RECHECK_MS = 5 * 60 * 1000;
/** A top-up still waiting for 3-D Secure this long after it started was abandoned: no bank's challenge stays open an hour. */
export const DEFAULT_ABANDONED_AUTHENTICATION_MS = 60 * 60 * 1000;
const DEFAULT_BATCH = 100;
const ABANDONED_AUTHENTICATION_MESSAGE = 'The payment was not confirmed with your bank, so it did not go through.';

export interface RecoveryOptions {
  /** Only rows claimed at least this long ago. Default 30 s. */
  olderThanMs?: number;
  /** Rows claimed longer ago than this are marked unresolved (needsReview), not re-driven. Default 23 h. */
  maxAgeMs?: number;
  /** Default 2 min. */
  leaseMs?: number;
  /** Rows looked at per sweep, of each kind. Default 100. */
  limit?: number;
  /** 'processing' top-ups (their webhook not come) are asked about once created at least this long ago. Default 10 min. */
  processingOlderThanMs?: number;
  /** How long after asking about a 'processing' top-up it may be asked again. Default 5 min. */
  processingRecheckMs?: number;
  /** A top-up still 'requires_action' this long after it started is asked about, and ended failed if still unauthenticated. Default 1 h. */
  abandonedAuthenticationAfterMs?: number;
  now?: () => Date;
}

export interface RecoveryReport {
  /** Top-ups re-driven out of 'charging' by this sweep, with the state they reached. */
  recovered: Array<{ topUpId: string; accountId: string; status: TopUp['status'] }>;
  /** Pending auto-recharge attempts that never reached the processor: charged now, or closed (skipped, failed) without a charge. */
  resumedAttempts: Array<{ attemptId: string; accountId: string; outcome: ResumedAttemptOutcome }>;
  /** Top-ups left 'processing' (their webhook lost) that this sweep settled after asking the processor. */
  settledProcessing: Array<{ topUpId: string; accountId: string; status: TopUp['status'] }>;
  /**
   * Top-ups left 'requires_action' (3-D Secure abandoned: nobody confirmed them, no webhook came)
   * that this sweep ended: failed (authentication_abandoned) when the payment still waits for the
   * challenge, else as the processor reports it (the holder did authenticate; its webhook was lost).
   */
  abandonedAuthentication: Array<{ topUpId: string; accountId: string; status: TopUp['status'] }>;
  /** 'processing' top-ups the processor still reports as in progress: asked again after processingRecheckMs. */
  stillProcessing: string[];
  /** Left as they are for a later sweep: the processor could not be reached, or something failed (errors has why). */
  retryLater: string[];
  /**
   * Marked unresolved by this sweep: cannot be replayed safely (older than maxAgeMs, or claimed
   * before the charge request was stored) and may have charged. Listed from then on by
   * GET /v1/top-ups?status=unresolved; later sweeps pass them by.
   */
  needsReview: string[];
  /** Removed cards this sweep detached at the processor: ones it could not forget when they were removed. */
  detachedCards: number;
  errors: Array<{ id: string; error: unknown }>;
}

/**
 * One sweep: re-drives every top-up still 'charging' and every auto-recharge attempt still
 * 'pending' that is older than olderThanMs, and asks the processor about every top-up still
 * 'processing' older than processingOlderThanMs (not asked within processingRecheckMs). Never
 * throws for one row (see the report); safe to run repeatedly and concurrently.
 */
export async function recoverInterruptedPayments(
  db: Database,
  processor: PaymentProcessor,
  options: RecoveryOptions = {},
): Promise<RecoveryReport> {
  const now = options.now ?? (() => new Date());
  const olderThanMs = options.olderThanMs ?? DEFAULT_RECOVERY_OLDER_THAN_MS;
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_RECOVERY_MAX_AGE_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_RECOVERY_LEASE_MS;
  const limit = options.limit ?? DEFAULT_BATCH;
  const processingOlderThanMs = options.processingOlderThanMs ?? DEFAULT_PROCESSING_OLDER_THAN_MS;
  const processingRecheckMs = options.processingRecheckMs ?? DEFAULT_PROCESSING_RECHECK_MS;
  const ctx: TopUpContext = { db, processor, now };
  const report: RecoveryReport = {
    recovered: [],
    resumedAttempts: [],
    settledProcessing: [],
    abandonedAuthentication: [],
    stillProcessing: [],
    retryLater: [],
    needsReview: [],
    detachedCards: 0,
    errors: [],
  };

  const cutoff = new Date(now().getTime() - olderThanMs);
  // Rows already given up on (unresolved_at) are left to a person, or they would fill every batch.
  const stuck = await db.query<TopUpRow>(
    `SELECT * FROM top_ups WHERE status = 'charging' AND created_at <= $1 AND unresolved_at IS NULL ORDER BY created_at LIMIT $2`,
    [cutoff, limit],
  );
  for (const row of stuck.rows) {
    try {
      await recoverTopUp(ctx, row, { maxAgeMs, leaseMs }, report);
    } catch (error) {
      report.retryLater.push(row.id);
      report.errors.push({ id: row.id, error });
    }
  }

  // Before the attempts: settling an auto-recharge's top-up closes its attempt, so the next recharge can run.
  const sweepStart = now().getTime();
  const processing = await db.query<TopUpRow & { processing_checked_at: Date | null }>(
    `SELECT * FROM top_ups
     WHERE status = 'processing' AND provider_payment_id IS NOT NULL AND created_at <= $1
       AND (processing_checked_at IS NULL OR processing_checked_at <= $2)
     ORDER BY COALESCE(processing_checked_at, created_at) LIMIT $3`,
    [new Date(sweepStart - processingOlderThanMs), new Date(sweepStart - processingRecheckMs), limit],
  );
  const justRedriven = new Set(report.recovered.map((entry) => entry.topUpId));
  for (const row of processing.rows) {
    if (justRedriven.has(row.id)) continue; // the processor answered for it a moment ago
    try {
      await checkProcessingTopUp(ctx, row, processingRecheckMs, report);
    } catch (error) {
      report.retryLater.push(row.id);
      report.errors.push({ id: row.id, error });
    }
  }

  // 3-D Secure never finished: only with a processor that can read a payment without confirming it.
  if (processor.paymentStatus) {
    const abandonedAfterMs = options.abandonedAuthenticationAfterMs ?? DEFAULT_ABANDONED_AUTHENTICATION_MS;
    const waiting = await db.query<TopUpRow & { processing_checked_at: Date | null }>(
      `SELECT * FROM top_ups
       WHERE status = 'requires_action' AND provider_payment_id IS NOT NULL AND created_at <= $1
         AND (processing_checked_at IS NULL OR processing_checked_at <= $2)
       ORDER BY created_at LIMIT $3`,
      [new Date(sweepStart - abandonedAfterMs), new Date(sweepStart - processingRecheckMs), limit],
    );
    for (const row of waiting.rows) {
      try {
        await endAbandonedAuthentication(ctx, row, processingRecheckMs, report);
      } catch (error) {
        report.retryLater.push(row.id);
        report.errors.push({ id: row.id, error });
      }
    }
  }

  for (const attempt of await findPendingAttempts(db, cutoff, limit)) {
    try {
      const outcome = await resumeAttempt(ctx, attempt);
      if (outcome) report.resumedAttempts.push({ attemptId: attempt.id, accountId: attempt.account_id, outcome });
    } catch (error) {
      report.retryLater.push(attempt.id);
      report.errors.push({ id: attempt.id, error });
    }
  }

  const detach = await detachRemovedCards(db, processor, now());
  report.detachedCards = detach.detached;
  for (const failure of detach.failed) {
    report.retryLater.push(failure.id);
    report.errors.push(failure);
  }
  return report;
}

async function recoverTopUp(
  ctx: TopUpContext,
  stale: TopUpRow,
  limits: { maxAgeMs: number; leaseMs: number },
  report: RecoveryReport,
): Promise<void> {
  const at = ctx.now();
  if (stale.created_at.getTime() < at.getTime() - limits.maxAgeMs) {
    await markUnresolved(ctx, stale.id, report);
    return;
  }
  // The lease: only the sweep whose UPDATE returns the row drives it.
  const leased = await ctx.db.query<TopUpRow>(
    `UPDATE top_ups SET recovery_started_at = $2, recovery_attempts = recovery_attempts + 1
     WHERE id = $1 AND status = 'charging' AND (recovery_started_at IS NULL OR recovery_started_at <= $3) RETURNING *`,
    [stale.id, at, new Date(at.getTime() - limits.leaseMs)],
  );
  const row = leased.rows[0];
  if (!row) return; // settled meanwhile, or another sweep holds it

  let savedCardProviderId: string | null = null;
  if (row.charge_provider_payment_method_id === null && row.charge_provider_token === null && row.payment_method_id !== null) {
    // Claimed before the charge request was stored: a saved card can still be named from its row.
    savedCardProviderId = (await findPaymentMethod(ctx.db, row.account_id, row.payment_method_id))?.providerPaymentMethodId ?? null;
  }
  const request = chargeRequestOf(row, savedCardProviderId);
  if (!request) {
    await ctx.db.query(`UPDATE top_ups SET recovery_started_at = NULL WHERE id = $1 AND status = 'charging'`, [row.id]);
    await markUnresolved(ctx, row.id, report);
    return;
  }

  // The processor refusing the request ends it failed (with the same key nothing was charged);
  // unreachable, rate limited, in use: the claim is kept and the next sweep tries again at once.
  let topUp: TopUp;
  try {
    topUp = await replayClaimedCharge(ctx, row, request);
  } catch (error) {
    report.retryLater.push(row.id);
    report.errors.push({ id: row.id, error });
    return;
  }
  report.recovered.push({ topUpId: row.id, accountId: row.account_id, status: topUp.status });
}

/**
 * A 'charging' top-up the sweep cannot replay safely: it may have charged, and only a person (or
 * the processor's webhook) can tell. Marked once, so GET /v1/top-ups?status=unresolved lists it
 * and later sweeps pass it by; reported in needsReview the sweep that marks it.
 */
async function markUnresolved(ctx: TopUpContext, topUpId: string, report: RecoveryReport): Promise<void> {
  const marked = await ctx.db.query(
    `UPDATE top_ups SET unresolved_at = $2 WHERE id = $1 AND status = 'charging' AND unresolved_at IS NULL`,
    [topUpId, ctx.now()],
  );
  if (marked.affectedRows > 0) report.needsReview.push(topUpId);
}

/**
 * Runs `check` on a top-up still in `status` under the processing_checked_at lease: only the sweep whose UPDATE takes
 * the mark asks the processor (again only after recheckMs); when the check throws (unreachable, rate limited, the
 * payment unknown there, or the settle failed) the row gets its previous mark back, so the next sweep asks again.
 */
async function withProcessorCheck(
  ctx: TopUpContext,
  stale: TopUpRow & { processing_checked_at: Date | null },
  status: 'processing' | 'requires_action',
  recheckMs: number,
  report: RecoveryReport,
  check: (row: TopUpRow & { provider_payment_id: string }) => Promise<void>,
): Promise<void> {
  const at = ctx.now();
  const leased = await ctx.db.query<TopUpRow>(
    `UPDATE top_ups SET processing_checked_at = $2
     WHERE id = $1 AND status = $4 AND (processing_checked_at IS NULL OR processing_checked_at <= $3) RETURNING *`,
    [stale.id, at, new Date(at.getTime() - recheckMs), status],
  );
  const row = leased.rows[0];
  if (!row?.provider_payment_id) return; // settled meanwhile (the webhook came), or another sweep is asking
  try {
    await check(row as TopUpRow & { provider_payment_id: string });
  } catch (error) {
    await ctx.db.query(`UPDATE top_ups SET processing_checked_at = $2 WHERE id = $1 AND processing_checked_at = $3`, [
      row.id,
      stale.processing_checked_at,
      at,
    ]);
    report.retryLater.push(row.id);
    report.errors.push({ id: row.id, error });
  }
}

/**
 * Asks the processor how a 'processing' top-up ended and settles it as the webhook would; a still-processing answer
 * keeps the mark (asked again after recheckMs).
 */
async function checkProcessingTopUp(
  ctx: TopUpContext,
  stale: TopUpRow & { processing_checked_at: Date | null },
  recheckMs: number,
  report: RecoveryReport,
): Promise<void> {
  await withProcessorCheck(ctx, stale, 'processing', recheckMs, report, async (row) => {
    const result: ChargeResult = await ctx.processor.confirm(row.provider_payment_id);
    if (result.status !== 'succeeded' && result.status !== 'failed') {
      report.stillProcessing.push(row.id);
      return;
    }
    // The webhook's path: a conditional UPDATE, so a webhook racing this credits nothing twice.
    const settled = await settleTopUp(ctx.db, {
      topUpId: row.id,
      outcome: result.status === 'succeeded' ? 'succeeded' : { failed: { code: result.declineCode, message: result.message } },
      at: ctx.now(),
      card: result.card ?? null,
    });
    if (settled?.changed) report.settledProcessing.push({ topUpId: row.id, accountId: row.account_id, status: settled.topUp.status });
  });
}

/**
 * A top-up whose 3-D Secure challenge nobody finished: the widget closed mid-challenge, so neither
 * confirmTopUp nor (Stripe sends none for a PaymentIntent left in requires_action) a webhook ends
 * it. Reads the payment without confirming it: still waiting, it ends failed and uncredited (if
 * the holder ever completes it after all, the processor's success still credits it, once); any
 * other state is applied as confirm would have.
 */
async function endAbandonedAuthentication(
  ctx: TopUpContext,
  stale: TopUpRow & { processing_checked_at: Date | null },
  recheckMs: number,
  report: RecoveryReport,
): Promise<void> {
  const paymentStatus = ctx.processor.paymentStatus?.bind(ctx.processor);
  if (!paymentStatus) return;
  await withProcessorCheck(ctx, stale, 'requires_action', recheckMs, report, async (row) => {
    const result = await paymentStatus(row.provider_payment_id);
    if (result.status === 'requires_action') {
      const settled = await settleTopUp(ctx.db, {
        topUpId: row.id,
        outcome: { failed: { code: 'authentication_abandoned', message: ABANDONED_AUTHENTICATION_MESSAGE } },
        at: ctx.now(),
        card: result.card ?? null,
      });
      if (settled?.changed)
        report.abandonedAuthentication.push({ topUpId: row.id, accountId: row.account_id, status: settled.topUp.status });
      return;
    }
    const topUp = await applyChargeResult(ctx, row, result);
    report.abandonedAuthentication.push({ topUpId: row.id, accountId: row.account_id, status: topUp.status });
  });
}

export interface PaymentRecoveryOptions extends RecoveryOptions {
  /** Between sweeps; default 60 s. The first sweep runs at once. */
  intervalMs?: number;
  /** Each finished sweep's report. */
  onReport?: (report: RecoveryReport, sweep: { first: boolean }) => void;
  /** A sweep that failed as a whole (the database unreachable, say). */
  onError?: (error: unknown) => void;
}

export interface PaymentRecovery {
  /** The first sweep, started at once. */
  readonly firstSweep: Promise<void>;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

/** Runs recoverInterruptedPayments now and every intervalMs (one at a time; the timer does not keep the process alive). */
export function startPaymentRecovery(db: Database, processor: PaymentProcessor, options: PaymentRecoveryOptions = {}): PaymentRecovery {
  let running: Promise<void> | null = null;
  let stopped = false;
  const sweep = (first: boolean): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) return running;
    running = recoverInterruptedPayments(db, processor, options)
      .then(
        (report) => options.onReport?.(report, { first }),
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  const firstSweep = sweep(true);
  const timer = setInterval(() => void sweep(false), options.intervalMs ?? DEFAULT_RECOVERY_INTERVAL_MS);
  timer.unref();
  return {
    firstSweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
