// The auto-recharge engine: settings with optimistic concurrency, and the one off-session recharge a low balance triggers.
//
// The decision is taken inside the transaction that changed the balance, under the account's row
// lock: if auto-recharge is on, the balance is strictly below the threshold and no attempt is
// pending, a 'pending' attempt is recorded there (a partial unique index allows one per account).
// Concurrent debits queue on the lock and see it, so twenty of them crossing the threshold start
// one recharge. The charge runs after commit, off-session, through the PaymentProcessor, and
// settles through settleTopUp, which marks the attempt. Three failed attempts in a row turn
// auto-recharge off (auto-recharge-attempts.ts); a monthly cap that the recharge would pass
// records a 'skipped' attempt instead of charging. These are MockBillingClient's semantics.
import { BillingError } from '../src/client/errors.js';
import type {
  AutoRechargeAttempt,
  AutoRechargeMode,
  AutoRechargeSettings,
  BillingChange,
  Reason,
  SaveAutoRechargeRequest,
} from '../src/client/schemas.js';
import type { MessageParams } from '../src/i18n/messages/errors.js';
import { describeCard } from '../src/payments/card-brand.js';
import {
  autoRechargeProblem,
  monthlyCapSkipReason,
  rechargeReason,
  wrongCurrencyProblem,
  type WordedProblem,
  type WordedReason,
} from '../src/rules/api-messages.js';
import {
  capSkipStands,
  checkAutoRecharge,
  rechargeCharge,
  rechargeIsDue,
  type LatestRechargeAttempt,
} from '../src/rules/auto-recharge-rules.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger, toSafeIntegerOrNull } from './db/integers.js';
import { findAccount, type AccountRecord } from './accounts.js';
import { reasonColumns, recordAttemptFailed } from './auto-recharge-attempts.js';
import { changeFeedFor } from './change-feed.js';
import { problemError } from './errors.js';
import { newId } from './ids.js';
import { describeMoney } from './money-text.js';
import { findPaymentMethod, isExpired } from './payment-methods.js';
import type { ChargeRequest } from './payments/processor.js';
import { CHARGE_REQUEST_COLUMNS, chargeRequestValues, type TopUpContext, type TopUpRow } from './top-up-rows.js';
import { applyChargeResult, settleTopUp } from './top-up-settlement.js';
import { isRefusedUncharged, markOutcomeUnknown } from './unknown-charge-outcomes.js';

const MAX_RECENT_ATTEMPTS = 10;

interface SettingsRow {
  enabled: boolean;
  threshold_amount: unknown;
  recharge_amount: unknown;
  mode: AutoRechargeMode;
  target_balance: unknown;
  payment_method_id: string | null;
  monthly_cap: unknown;
  version: number;
  disabled_reason: string | null;
  disabled_code: string | null;
  disabled_params: MessageParams | null;
  consecutive_failures: number;
  updated_at: Date;
}

interface AttemptRow {
  id: string;
  at: Date;
  amount: unknown;
  payment_method_id: string | null;
  outcome: 'succeeded' | 'failed' | 'skipped';
  failure_message: string | null;
  failure_code: string | null;
  failure_params: MessageParams | null;
  /** The decline code of the attempt's top-up, for a failure recorded by its text only. */
  decline_code: string | null;
  target_balance: unknown;
  limited_by: 'monthly_cap' | 'maximum' | null;
}

/** A stored code and its values as the API's reason; none without a code. */
function reasonOf(code: string | null, params: MessageParams | null): Reason | null {
  return code === null ? null : { code, params: params ?? {} };
}

async function settingsRow(q: Queryable, accountId: string, lock: boolean): Promise<SettingsRow> {
  const result = await q.query<SettingsRow>(`SELECT * FROM auto_recharge_settings WHERE account_id = $1${lock ? ' FOR UPDATE' : ''}`, [
    accountId,
  ]);
  const row = result.rows[0];
  if (!row) throw new BillingError('not_found', { message: 'This account has no auto-recharge settings.' });
  return row;
}

/** getAutoRecharge: the settings, the version to send back, and the latest finished attempts. */
export async function readAutoRecharge(q: Queryable, accountId: string): Promise<AutoRechargeSettings> {
  const account = await findAccount(q, accountId);
  const row = await settingsRow(q, accountId, false);
  const attempts = await q.query<AttemptRow>(
    `SELECT a.id, a.at, a.amount, a.payment_method_id, a.outcome, a.failure_message, a.failure_code, a.failure_params,
       t.failure_code AS decline_code, a.target_balance, a.limited_by
     FROM auto_recharge_attempts a LEFT JOIN top_ups t ON t.id = a.top_up_id AND t.account_id = a.account_id
     WHERE a.account_id = $1 AND a.outcome <> 'pending' ORDER BY a.seq DESC LIMIT ${MAX_RECENT_ATTEMPTS}`,
    [accountId],
  );
  const money = (amount: number) => ({ amount, currency: account.currency });
  const cap = toSafeIntegerOrNull(row.monthly_cap, 'monthly_cap');
  const target = toSafeIntegerOrNull(row.target_balance, 'target_balance');
  return {
    enabled: row.enabled,
    thresholdAmount: money(toSafeInteger(row.threshold_amount, 'threshold_amount')),
    rechargeAmount: money(toSafeInteger(row.recharge_amount, 'recharge_amount')),
    mode: row.mode,
    targetBalance: target === null ? null : money(target),
    paymentMethodId: row.payment_method_id,
    monthlyCap: cap === null ? null : money(cap),
    monthlyCapSupported: account.monthlyCapSupported,
    version: row.version,
    disabledReason: row.disabled_reason,
    disabledCause: reasonOf(row.disabled_code, row.disabled_params),
    recentAttempts: attempts.rows.map((attempt) => ({
      id: attempt.id,
      at: attempt.at.toISOString(),
      amount: money(toSafeInteger(attempt.amount, 'auto_recharge_attempts.amount')),
      paymentMethodId: attempt.payment_method_id,
      outcome: attempt.outcome,
      failureMessage: attempt.failure_message,
      failureReason:
        attempt.outcome === 'succeeded'
          ? null
          : reasonOf(attempt.failure_code ?? attempt.decline_code, attempt.failure_code ? attempt.failure_params : null),
      ...attemptTarget(attempt, money),
    })),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A target-mode attempt's target and what limited it; nothing for a fixed-mode one, as from a backend without target mode. */
function attemptTarget(
  attempt: AttemptRow,
  money: (amount: number) => { amount: number; currency: string },
): Pick<AutoRechargeAttempt, 'targetBalance' | 'limitedBy'> {
  const target = toSafeIntegerOrNull(attempt.target_balance, 'auto_recharge_attempts.target_balance');
  return target === null ? {} : { targetBalance: money(target), limitedBy: attempt.limited_by };
}

/** A recharge decided in a transaction, to be charged once it has committed. */
export interface PlannedRecharge {
  attemptId: string;
  amount: number;
  currency: string;
  paymentMethodId: string;
  providerPaymentMethodId: string;
}

function monthBounds(at: Date): [Date, Date] {
  return [new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)), new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1))];
}

/** capSkipStands on the account's rows: its latest attempt, and whether a top-up was credited after it. */
async function capSkipStandsFor(tx: Queryable, accountId: string, settings: SettingsRow, at: Date): Promise<boolean> {
  const latest = await tx.query<{ outcome: LatestRechargeAttempt['outcome']; at: Date; credited_since: boolean }>(
    `SELECT a.outcome, a.at, EXISTS (
       SELECT 1 FROM top_ups t WHERE t.account_id = a.account_id AND t.status = 'succeeded' AND t.settled_at > a.at
     ) AS credited_since
     FROM auto_recharge_attempts a WHERE a.account_id = $1 ORDER BY a.seq DESC LIMIT 1`,
    [accountId],
  );
  const row = latest.rows[0];
  return capSkipStands(row && { outcome: row.outcome, atMs: new Date(row.at).getTime() }, {
    nowMs: at.getTime(),
    settingsSavedAtMs: new Date(settings.updated_at).getTime(),
    creditedSinceLatest: row?.credited_since ?? false,
  });
}

/**
 * Called inside the transaction that just changed the balance (account row locked). Records a
 * pending attempt and returns the recharge to run after commit, or records a skipped or failed
 * attempt, or does nothing. Pushes the changes to publish after commit.
 */
export async function decideAutoRecharge(
  tx: Queryable,
  account: AccountRecord,
  balance: number,
  at: Date,
  changes: BillingChange[],
): Promise<PlannedRecharge | null> {
  const settings = await settingsRow(tx, account.id, true);
  const threshold = toSafeInteger(settings.threshold_amount, 'threshold_amount');
  if (!rechargeIsDue(settings.enabled, balance, threshold)) return null;
  const pending = await tx.query(`SELECT 1 FROM auto_recharge_attempts WHERE account_id = $1 AND outcome = 'pending'`, [account.id]);
  if (pending.rows.length > 0) return null; // one recharge per burst: the one in flight covers this debit too

  const cap = account.monthlyCapSupported ? toSafeIntegerOrNull(settings.monthly_cap, 'monthly_cap') : null;
  const targetBalance = toSafeIntegerOrNull(settings.target_balance, 'target_balance');
  let spentThisMonth = 0;
  if (cap !== null) {
    const [monthStart, monthEnd] = monthBounds(at);
    const spentResult = await tx.query<{ spent: unknown }>(
      `SELECT COALESCE(SUM(amount), 0) AS spent FROM top_ups
       WHERE account_id = $1 AND kind = 'auto_recharge' AND status IN ('succeeded', 'processing', 'charging')
         AND created_at >= $2 AND created_at < $3`,
      [account.id, monthStart, monthEnd],
    );
    spentThisMonth = toSafeInteger(spentResult.rows[0]?.spent ?? 0, 'spent');
  }
  // The amount is decided here, on the balance under the account's lock: a debit that commits meanwhile waits for it.
  const charge = rechargeCharge({
    mode: settings.mode,
    rechargeAmount: toSafeInteger(settings.recharge_amount, 'recharge_amount'),
    targetBalance,
    balance,
    limits: { minimum: account.topUpMinimum, maximum: account.topUpMaximum },
    monthlyCap: cap,
    spentThisMonth,
  });
  if (charge.kind === 'none') return null;
  if (charge.kind === 'skip' && (await capSkipStandsFor(tx, account.id, settings, at))) return null;
  const amount = charge.kind === 'charge' ? charge.amount : charge.wanted;
  const target = settings.mode === 'target' && targetBalance !== null;
  const attemptId = newId('arc');
  const insertAttempt = (outcome: 'pending' | 'skipped', skipped: WordedReason | null) =>
    tx.query(
      `INSERT INTO auto_recharge_attempts (id, account_id, at, amount, payment_method_id, outcome, failure_message, failure_code, failure_params,
         target_balance, limited_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        attemptId,
        account.id,
        at,
        amount,
        settings.payment_method_id,
        outcome,
        skipped?.message ?? null,
        ...reasonColumns(skipped),
        target ? targetBalance : null,
        target && charge.kind === 'charge' ? charge.limitedBy : null,
      ],
    );
  changes.push({ type: 'auto_recharge' });

  if (charge.kind === 'skip') {
    // Not a payment failure: the card is fine, so it does not count toward turning recharge off.
    await insertAttempt(
      'skipped',
      monthlyCapSkipReason(amount, cap ?? 0, account.currency, (value) => describeMoney(value, account.currency)),
    );
    return null;
  }

  await insertAttempt('pending', null);
  const card = settings.payment_method_id ? await findPaymentMethod(tx, account.id, settings.payment_method_id) : null;
  const describe = (amount: number) => describeMoney(amount, account.currency);
  if (!card || isExpired(card, at)) {
    const failure = card
      ? rechargeReason('card_expired', { card: describeCard(card) }, describe)
      : rechargeReason('card_missing', {}, describe);
    await recordAttemptFailed(tx, account.id, { attemptId }, failure, at);
    return null;
  }
  return {
    attemptId,
    amount,
    currency: account.currency,
    paymentMethodId: card.id,
    providerPaymentMethodId: card.providerPaymentMethodId,
  };
}

/**
 * Charges a planned recharge off-session and settles it; failures are recorded on the attempt, never thrown. False
 * when the attempt's top-up was already claimed (two recovery sweeps resumed it at once: the other one charges it).
 */
export async function runAutoRecharge(ctx: TopUpContext, accountId: string, plan: PlannedRecharge): Promise<boolean> {
  const idempotencyKey = `auto-recharge-${plan.attemptId}`;
  const request: ChargeRequest = {
    amount: { amount: plan.amount, currency: plan.currency },
    idempotencyKey,
    offSession: true,
    providerPaymentMethodId: plan.providerPaymentMethodId,
  };
  const row = await ctx.db.transaction(async (tx) => {
    // The charge request is stored with the claim so a crash before its result is applied can be recovered (server/recovery.ts).
    const inserted = await tx.query<TopUpRow>(
      `INSERT INTO top_ups (id, account_id, idempotency_key, request_fingerprint, kind, amount, currency, payment_method_id, status, created_at,
         ${CHARGE_REQUEST_COLUMNS})
       VALUES ($1, $2, $3, '', 'auto_recharge', $4, $5, $6, 'charging', $7, $8, $9, $10, $11, $12)
       ON CONFLICT (account_id, idempotency_key) DO NOTHING RETURNING *`,
      [
        newId('tu'),
        accountId,
        idempotencyKey,
        plan.amount,
        plan.currency,
        plan.paymentMethodId,
        ctx.now(),
        ...chargeRequestValues(request),
      ],
    );
    const topUp = inserted.rows[0];
    // Already claimed: a recovery sweep resuming this attempt met another one, which charges it.
    if (!topUp) return null;
    await tx.query(`UPDATE auto_recharge_attempts SET top_up_id = $2 WHERE id = $1 AND top_up_id IS NULL`, [plan.attemptId, topUp.id]);
    return topUp;
  });
  if (!row) return false;
  let result: Awaited<ReturnType<typeof ctx.processor.charge>>;
  try {
    result = await ctx.processor.charge(request);
  } catch (error) {
    if (!isRefusedUncharged(error)) {
      // No usable answer: the card may have been charged. The top-up stays claimed, and its attempt
      // pending (holding later recharges), until the recovery sweep or the webhook settles it.
      await markOutcomeUnknown(ctx, row.id);
      return true;
    }
    const message = error instanceof BillingError ? error.message : 'The card processor refused the payment.';
    await settleTopUp(ctx.db, { topUpId: row.id, outcome: { failed: { code: 'processing_error', message } }, at: ctx.now() });
    return true;
  }
  try {
    await applyChargeResult(ctx, row, result);
  } catch {
    // Charged but not recorded (the database failed): the row stays claimed and the recovery
    // sweep replays the charge with its key, which reads this payment back and applies it.
  }
  return true;
}

/**
 * saveAutoRecharge: refuses a stale expectedVersion with 409 conflict and details.current, then
 * validates like the mock (amounts inside the top-up limits and a usable card when turning it on).
 * Saving it on while the balance is already below the threshold recharges at once.
 */
export async function saveAutoRecharge(
  ctx: TopUpContext,
  accountId: string,
  request: SaveAutoRechargeRequest,
): Promise<AutoRechargeSettings> {
  const at = ctx.now();
  const changes: BillingChange[] = [];
  const outcome = await ctx.db.transaction(async (tx) => {
    const account = await findAccount(tx, accountId, { lock: true });
    const settings = await settingsRow(tx, accountId, true);
    if (request.expectedVersion !== settings.version) {
      return { conflict: await readAutoRecharge(tx, accountId) } as const;
    }

    const fieldErrors: Record<string, string> = {};
    // The first refusal is the error's own, worded by its key in the widget's language.
    let firstProblem: WordedProblem | undefined;
    const refuse = (field: string, problem: WordedProblem): void => {
      firstProblem ??= problem;
      fieldErrors[field] ??= problem.message;
    };
    const amountOf = (value: { amount: number; currency: string } | null, field: string): number | null => {
      if (value === null) return null;
      if (value.currency !== account.currency) {
        refuse(field, wrongCurrencyProblem(account.currency));
        return null;
      }
      return value.amount;
    };
    const thresholdAmount = amountOf(request.thresholdAmount, 'thresholdAmount');
    const rechargeAmount = amountOf(request.rechargeAmount, 'rechargeAmount');
    // A client from before target mode sends neither: it saves a fixed recharge and leaves the stored target alone.
    const mode = request.mode ?? 'fixed';
    const targetBalance =
      request.targetBalance === undefined
        ? toSafeIntegerOrNull(settings.target_balance, 'target_balance')
        : amountOf(request.targetBalance, 'targetBalance');
    const monthlyCap = amountOf(request.monthlyCap, 'monthlyCap');
    const card = request.paymentMethodId === null ? null : await findPaymentMethod(tx, accountId, request.paymentMethodId);
    const describe = (amount: number) => describeMoney(amount, account.currency);
    const problems = checkAutoRecharge({
      enabled: request.enabled,
      thresholdAmount,
      rechargeAmount,
      mode,
      targetBalance,
      monthlyCap,
      card: request.paymentMethodId === null ? 'none' : !card ? 'missing' : isExpired(card, at) ? 'expired' : 'usable',
      limits: { minimum: account.topUpMinimum, maximum: account.topUpMaximum },
      monthlyCapSupported: account.monthlyCapSupported,
    });
    for (const problem of problems) {
      refuse(problem.field, autoRechargeProblem(problem, account.currency, describe, card ? describeCard(card) : ''));
    }
    if (firstProblem) throw problemError(firstProblem, fieldErrors);

    const cardChanged = request.paymentMethodId !== settings.payment_method_id;
    // Turning it back on is the person saying the card is fixed: count failures afresh.
    const resetFailures = cardChanged || (request.enabled && !settings.enabled);
    await tx.query(
      `UPDATE auto_recharge_settings SET enabled = $2, threshold_amount = $3, recharge_amount = $4, payment_method_id = $5,
         monthly_cap = $6, version = version + 1, updated_at = $7, mode = $9, target_balance = $10,
         disabled_reason = CASE WHEN $2::boolean THEN NULL ELSE disabled_reason END,
         disabled_code = CASE WHEN $2::boolean THEN NULL ELSE disabled_code END,
         disabled_params = CASE WHEN $2::boolean THEN NULL ELSE disabled_params END,
         consecutive_failures = CASE WHEN $8::boolean THEN 0 ELSE consecutive_failures END
       WHERE account_id = $1`,
      [
        accountId,
        request.enabled,
        thresholdAmount,
        rechargeAmount,
        request.paymentMethodId,
        monthlyCap,
        at,
        resetFailures,
        mode,
        // A target-mode save always carries its target (checked above); one that is off may keep a bad one for later.
        targetBalance,
      ],
    );
    changes.push({ type: 'auto_recharge' });
    const plan = request.enabled ? await decideAutoRecharge(tx, account, account.balance, at, changes) : null;
    return { plan } as const;
  });
  if ('conflict' in outcome) {
    throw new BillingError('conflict', { details: { current: outcome.conflict } });
  }
  const feed = changeFeedFor(ctx.db);
  for (const change of changes) feed.publish(accountId, change);
  if (outcome.plan) await runAutoRecharge(ctx, accountId, outcome.plan);
  return readAutoRecharge(ctx.db, accountId);
}
