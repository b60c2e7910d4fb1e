// The mock's automatic recharge: saving the settings (optimistic versioning, validated by src/rules), and
// the off-session attempt a low balance triggers: monthly cap, card checks, charge, and turning itself off
// after repeated failures.
import { BillingError } from '../errors.js';
import type { AutoRechargeSettings, Reason, SaveAutoRechargeRequest } from '../schemas.js';
import type { Money } from '../../money/money.js';
import { chargeOutcomeFor } from '../../payments/test-cards.js';
import { describeCard } from '../../payments/card-brand.js';
import {
  autoRechargeProblem,
  monthlyCapSkipReason,
  offSessionAuthenticationFailure,
  rechargeReason,
  repeatedFailuresReason,
  type WordedProblem,
} from '../../rules/api-messages.js';
import {
  capSkipStands,
  checkAutoRecharge,
  failuresDisableRecharge,
  rechargeCharge,
  rechargeIsDue,
} from '../../rules/auto-recharge-rules.js';
import { PAYMENT_METHOD_REMOVED, rechargeAfterCardRemoval } from '../../rules/card-rules.js';
import { checkMoney, problemError, validationError } from './request-checks.js';
import type { AttemptRecord, MockStore, StoredCard } from './store.js';
import type { MockTopUps } from './top-ups.js';

const MAX_RECENT_ATTEMPTS = 10;

function monthIndex(date: Date): number {
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

export class MockAutoRecharge {
  constructor(
    private readonly store: MockStore,
    private readonly topUps: MockTopUps,
    readonly monthlyCapSupported: boolean,
  ) {}

  snapshot(): AutoRechargeSettings {
    const { store } = this;
    const settings = store.autoRecharge;
    return {
      enabled: settings.enabled,
      thresholdAmount: store.money(settings.thresholdAmount),
      rechargeAmount: store.money(settings.rechargeAmount),
      mode: settings.mode,
      targetBalance: settings.targetBalance === null ? null : store.money(settings.targetBalance),
      paymentMethodId: settings.paymentMethodId,
      monthlyCap: settings.monthlyCap === null ? null : store.money(settings.monthlyCap),
      monthlyCapSupported: this.monthlyCapSupported,
      version: settings.version,
      disabledReason: settings.disabledReason,
      disabledCause: settings.disabledCause,
      recentAttempts: settings.recentAttempts.map((attempt) => ({
        id: attempt.id,
        at: new Date(attempt.at).toISOString(),
        amount: store.money(attempt.amount),
        paymentMethodId: attempt.paymentMethodId,
        outcome: attempt.outcome,
        failureMessage: attempt.failureMessage,
        failureReason: attempt.failureReason,
        ...(attempt.targetBalance === undefined
          ? {}
          : { targetBalance: store.money(attempt.targetBalance), limitedBy: attempt.limitedBy ?? null }),
      })),
      updatedAt: new Date(settings.updatedAt).toISOString(),
    };
  }

  save(request: SaveAutoRechargeRequest): AutoRechargeSettings {
    const { store } = this;
    const settings = store.autoRecharge;
    if (request.expectedVersion !== settings.version) {
      throw new BillingError('conflict', { details: { current: this.snapshot() } });
    }

    const fieldErrors: Record<string, string> = {};
    const amountOf = (value: Money | null | undefined, field: string): number | null => {
      if (value === null || value === undefined) return null;
      try {
        return checkMoney(value, field, store.currency);
      } catch (error) {
        fieldErrors[field] = error instanceof Error ? error.message : String(error);
        return null;
      }
    };
    const thresholdAmount = amountOf(request.thresholdAmount, 'thresholdAmount');
    const rechargeAmount = amountOf(request.rechargeAmount, 'rechargeAmount');
    // A client from before target mode sends neither: it saves a fixed recharge and leaves the stored target alone.
    const received: { thresholdAmount?: unknown; rechargeAmount?: unknown; mode?: unknown } = request;
    const mode = received.mode ?? 'fixed';
    if (mode !== 'fixed' && mode !== 'target') fieldErrors['mode'] = "The mode must be 'fixed' or 'target'.";
    const targetBalance = request.targetBalance === undefined ? settings.targetBalance : amountOf(request.targetBalance, 'targetBalance');
    const monthlyCap = amountOf(request.monthlyCap, 'monthlyCap');
    // A JavaScript caller may leave either out, as an HTTP client may.
    if (received.thresholdAmount == null) fieldErrors['thresholdAmount'] = 'Enter a balance threshold.';
    if (received.rechargeAmount == null) fieldErrors['rechargeAmount'] = 'Enter a recharge amount.';
    const card = request.paymentMethodId === null ? undefined : store.findCard(request.paymentMethodId);
    const problems = checkAutoRecharge({
      enabled: request.enabled,
      thresholdAmount,
      rechargeAmount,
      mode: mode === 'target' ? 'target' : 'fixed',
      targetBalance,
      monthlyCap,
      card: request.paymentMethodId === null ? 'none' : !card ? 'missing' : store.isExpired(card) ? 'expired' : 'usable',
      limits: { minimum: store.topUpMinimum, maximum: store.topUpMaximum },
      monthlyCapSupported: this.monthlyCapSupported,
    });
    const describe = (amount: number): string => store.describeMoney(amount);
    // The rules' first refusal is the error's own, worded by its key in the widget's language.
    let firstProblem: WordedProblem | undefined;
    for (const problem of problems) {
      const worded = autoRechargeProblem(problem, store.currency, describe, card ? describeCard(card) : '');
      firstProblem ??= worded;
      fieldErrors[problem.field] ??= worded.message;
    }
    const firstError = Object.values(fieldErrors)[0];
    if (firstError !== undefined) {
      throw firstProblem && firstError === firstProblem.message
        ? problemError(firstProblem, { fieldErrors })
        : validationError(firstError, { fieldErrors });
    }

    const wasEnabled = settings.enabled;
    settings.enabled = request.enabled;
    settings.thresholdAmount = thresholdAmount ?? settings.thresholdAmount;
    settings.rechargeAmount = rechargeAmount ?? settings.rechargeAmount;
    settings.mode = mode === 'target' ? 'target' : 'fixed';
    settings.targetBalance = targetBalance;
    if (request.paymentMethodId !== settings.paymentMethodId) settings.consecutiveFailures = 0;
    settings.paymentMethodId = request.paymentMethodId;
    settings.monthlyCap = monthlyCap;
    settings.version += 1;
    settings.updatedAt = store.nowMs();
    if (request.enabled) {
      settings.disabledReason = null;
      settings.disabledCause = null;
      // Turning it back on is the person saying the card is fixed: count failures afresh.
      if (!wasEnabled) settings.consecutiveFailures = 0;
    }
    store.emit({ type: 'auto_recharge' });

    this.attemptIfDue();
    return this.snapshot();
  }

  /**
   * A saved card was removed. Auto-recharge that charged it turns off (it never moves to another card on its own) and
   * says why; one that was off forgets the card. Either way the version moves on, so an editor holding the old settings
   * cannot save the removed card back.
   */
  cardRemoved(card: StoredCard): void {
    const { store } = this;
    const settings = store.autoRecharge;
    const effect = rechargeAfterCardRemoval(settings, card.id);
    if (effect === 'unchanged') return;
    if (effect === 'turn_off') {
      const cause = rechargeReason(PAYMENT_METHOD_REMOVED, { card: describeCard(card) }, (amount) => store.describeMoney(amount));
      settings.enabled = false;
      settings.disabledReason = cause.message;
      settings.disabledCause = cause.reason;
    }
    settings.paymentMethodId = null;
    settings.consecutiveFailures = 0;
    settings.version += 1;
    settings.updatedAt = store.nowMs();
    store.emit({ type: 'auto_recharge' });
  }

  /** One attempt if the balance is below the threshold with recharge on: at most one per burst of usage or per save. */
  attemptIfDue(): void {
    const settings = this.store.autoRecharge;
    if (rechargeIsDue(settings.enabled, this.store.balance, settings.thresholdAmount)) this.attempt();
  }

  private attempt(): void {
    const { store } = this;
    const settings = store.autoRecharge;
    const at = store.nowMs();
    const card = store.findCard(settings.paymentMethodId);
    const describe = (amount: number): string => store.describeMoney(amount);
    const cap = this.monthlyCapSupported ? settings.monthlyCap : null;
    const charge = rechargeCharge({
      mode: settings.mode,
      rechargeAmount: settings.rechargeAmount,
      targetBalance: settings.targetBalance,
      balance: store.balance,
      limits: { minimum: store.topUpMinimum, maximum: store.topUpMaximum },
      monthlyCap: cap,
      spentThisMonth: cap === null ? 0 : this.rechargedInMonthOf(at),
    });
    if (charge.kind === 'none') return;
    if (charge.kind === 'skip' && this.capSkipStands(at)) return;
    store.attemptCount += 1;
    const attemptId = `arc_${String(store.attemptCount).padStart(6, '0')}`;
    const amount = charge.kind === 'charge' ? charge.amount : charge.wanted;
    const target = settings.mode === 'target' && settings.targetBalance !== null ? settings.targetBalance : undefined;
    const recordAttempt = (outcome: AttemptRecord['outcome'], failure: { message: string; reason: Reason } | null): AttemptRecord => {
      const attempt: AttemptRecord = {
        id: attemptId,
        at,
        amount,
        paymentMethodId: settings.paymentMethodId,
        outcome,
        failureMessage: failure?.message ?? null,
        failureReason: failure?.reason ?? null,
        ...(target === undefined ? {} : { targetBalance: target, limitedBy: charge.kind === 'charge' ? charge.limitedBy : null }),
      };
      settings.recentAttempts.unshift(attempt);
      settings.recentAttempts.length = Math.min(settings.recentAttempts.length, MAX_RECENT_ATTEMPTS);
      return attempt;
    };

    if (charge.kind === 'skip') {
      // Not a payment failure: the card is fine, so this does not count toward turning recharge off.
      store.unchargedAttempts.unshift(recordAttempt('skipped', monthlyCapSkipReason(amount, cap ?? 0, store.currency, describe)));
      store.emit({ type: 'auto_recharge' });
      return;
    }

    let failure: { message: string; reason: Reason } | null = null;
    /** The card was charged and refused: the history keeps a failed top-up for it, as the reference server's does. */
    let refusedCharge: { code: string; message: string } | null = null;
    if (!card) failure = rechargeReason('card_missing', {}, describe);
    else if (store.isExpired(card)) failure = rechargeReason('card_expired', { card: describeCard(card) }, describe);
    else {
      // Off-session: nobody is there to answer a 3-D Secure challenge. A decline is known by its decline code.
      const outcome = chargeOutcomeFor(card.behaviour);
      if (outcome.status === 'requires_action') {
        const { code, message } = offSessionAuthenticationFailure();
        failure = { reason: { code, params: {} }, message };
        refusedCharge = { code, message };
      } else if (outcome.status === 'declined') {
        failure = { reason: { code: outcome.declineCode, params: {} }, message: outcome.message };
        refusedCharge = { code: outcome.declineCode, message: outcome.message };
      }
    }

    if (failure === null) {
      const record = store.newTopUpRecord({
        amount,
        idempotencyKey: `auto-recharge-${attemptId}`,
        requestFingerprint: '',
        kind: 'auto_recharge',
        paymentMethodId: settings.paymentMethodId,
      });
      if (card) record.chargedCard = { brand: card.brand, last4: card.last4 };
      this.topUps.capture(record);
      settings.consecutiveFailures = 0;
      recordAttempt('succeeded', null);
    } else {
      if (refusedCharge) this.keepRefusedCharge(attemptId, amount, at, refusedCharge);
      settings.consecutiveFailures += 1;
      const attempt = recordAttempt('failed', failure);
      // Refused before any charge (no card, an expired one): no top-up exists to list it, so the history lists the attempt.
      if (!refusedCharge) store.unchargedAttempts.unshift(attempt);
      if (failuresDisableRecharge(settings.consecutiveFailures)) {
        const cause = repeatedFailuresReason(card ? describeCard(card) : 'the saved card');
        settings.enabled = false;
        settings.disabledReason = cause.message;
        settings.disabledCause = cause.reason;
        // Another editor holding the old version must not silently switch it back on.
        settings.version += 1;
        settings.updatedAt = at;
      }
    }
    store.emit({ type: 'auto_recharge' });
  }

  /** A declined automatic recharge as a failed top-up (its id from the attempt's, so manual top-up ids stay as they were). */
  private keepRefusedCharge(attemptId: string, amount: number, at: number, failure: { code: string; message: string }): void {
    const id = `tu_${attemptId}`;
    const card = this.store.findCard(this.store.autoRecharge.paymentMethodId);
    this.store.topUps.set(id, {
      id,
      amount,
      idempotencyKey: `auto-recharge-${attemptId}`,
      requestFingerprint: '',
      kind: 'auto_recharge',
      createdAt: at,
      paymentMethodId: this.store.autoRecharge.paymentMethodId,
      status: 'failed',
      balanceAfter: null,
      failure,
      clientSecret: null,
      authenticationFails: false,
      processingPollsLeft: 0,
      pendingNewCard: null,
      chargedCard: card ? { brand: card.brand, last4: card.last4 } : null,
    });
  }

  /** capSkipStands on the mock's records: its latest attempt, and whether a top-up was credited after it. */
  private capSkipStands(atMs: number): boolean {
    const { store } = this;
    const latest = store.autoRecharge.recentAttempts[0];
    let creditedSinceLatest = false;
    // The ledger is in time order: only its tail after the attempt can hold a credit since.
    for (let index = store.ledgerRecords.length - 1; latest && index >= 0 && !creditedSinceLatest; index -= 1) {
      const record = store.ledgerRecords[index];
      if (!record || record.at <= latest.at) break;
      creditedSinceLatest = record.kind === 'top_up';
    }
    return capSkipStands(latest && { outcome: latest.outcome, atMs: latest.at }, {
      nowMs: atMs,
      settingsSavedAtMs: store.autoRecharge.updatedAt,
      creditedSinceLatest,
    });
  }

  /** Automatic recharges charged in the calendar month (UTC) containing `atMs`. */
  private rechargedInMonthOf(atMs: number): number {
    const target = monthIndex(new Date(atMs));
    let total = 0;
    for (const charge of this.store.chargeLog) {
      if (charge.kind === 'auto_recharge' && monthIndex(new Date(charge.at)) === target) total += charge.amount;
    }
    return total;
  }
}
