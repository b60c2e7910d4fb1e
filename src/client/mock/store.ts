// MockBillingClient's in-memory data: balance and ledger, saved cards, top-ups, card charges, the
// automatic-recharge settings and the usage history, seeded from src/seed; plus the change listeners.
// Records and the bookkeeping that keeps them consistent; what a request may do is decided by the client.
import type { BillingChangeListener } from '../billing-client.js';
import type { AutoRechargeMode, BillingChange, Reason, TopUpStatus, UsageUser } from '../schemas.js';
import { formatMoney, type Money } from '../../money/money.js';
import { savedTestCardExpiry, type TestCard, type TestCardExpiry, type TestCardOutcome } from '../../payments/test-cards.js';
import { defaultAfterRemoval, isCardExpiredUtc } from '../../rules/card-rules.js';
import type { RateStep } from '../../rules/pricing.js';
import { systemClock, type Clock } from './clock.js';
import {
  SEED_ACCOUNT,
  SEED_RATES,
  SEED_USERS,
  seedRateChangeAt,
  seedRatesEffectiveFrom,
  currencyFractionDigits,
  generateSeedHistory,
  mulberry32,
  scaleSeedAmount,
  seedCards,
  topUpId,
  type CreditRecord,
  type LedgerRecord,
  type UsageRecord,
} from './seed.js';

export type ChargeKind = 'manual' | 'auto_recharge';

export interface StoredCard {
  readonly id: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  isDefault: boolean;
  /** What charging this saved card does; tests change it with setCardBehaviour. */
  behaviour: TestCardOutcome;
}

export interface TopUpRecord {
  readonly id: string;
  readonly amount: number;
  readonly idempotencyKey: string;
  /** Amount and source of the first request, to tell a replay from a key reused for another payment. */
  readonly requestFingerprint: string;
  readonly kind: ChargeKind;
  readonly createdAt: number;
  paymentMethodId: string | null;
  status: TopUpStatus;
  balanceAfter: number | null;
  failure: { code: string; message: string } | null;
  clientSecret: string | null;
  authenticationFails: boolean;
  processingPollsLeft: number;
  /** A new card waiting for 3-D Secure: saved only once the payment goes through. */
  pendingNewCard: { card: TestCard; expiry?: TestCardExpiry | undefined; saveCard: boolean } | null;
  /** The card charged, as a processor names it: the history's card for a new card not saved (or declined), or one since removed. */
  chargedCard?: { brand: string; last4: string } | null;
}

export interface ChargeRecord {
  readonly topUpId: string;
  readonly idempotencyKey: string;
  readonly amount: number;
  readonly paymentMethodId: string | null;
  readonly at: number;
  readonly kind: ChargeKind;
}

export interface AttemptRecord {
  readonly id: string;
  readonly at: number;
  readonly amount: number;
  readonly paymentMethodId: string | null;
  readonly outcome: 'succeeded' | 'failed' | 'skipped';
  readonly failureMessage: string | null;
  readonly failureReason: Reason | null;
  /** A target-mode recharge's target and what made it smaller than the gap; absent on a fixed one. */
  readonly targetBalance?: number;
  readonly limitedBy?: 'monthly_cap' | 'maximum' | null;
}

export interface AutoRechargeState {
  enabled: boolean;
  thresholdAmount: number;
  rechargeAmount: number;
  mode: AutoRechargeMode;
  /** Kept in fixed mode too, for switching back. */
  targetBalance: number | null;
  paymentMethodId: string | null;
  monthlyCap: number | null;
  version: number;
  disabledReason: string | null;
  disabledCause: Reason | null;
  recentAttempts: AttemptRecord[];
  updatedAt: number;
  consecutiveFailures: number;
}

export interface RateRow {
  readonly destinationCountry: string;
  readonly destinationName: string;
  /** The seeded rate, in force from the first step of `schedule`: what the seeded history was priced at. */
  readonly ratePerMinute: number;
  readonly dialingPrefix: string;
  /** The rate's history and scheduled changes (rules/pricing.ts rateInForce picks the one for a time). */
  readonly schedule: readonly RateStep[];
}

/** One priced call ready to be recorded: indexes into the rate table and the users. */
export interface PricedCall {
  readonly rateIndex: number;
  readonly userIndex: number;
  readonly billedSeconds: number;
  /** The rate in force when the call started, which priced it. */
  readonly ratePerMinute: number;
  readonly price: number;
}

export interface MockStoreInit {
  seed: number;
  usageEntryCount: number;
  /** ISO 4217, upper case. */
  currency: string;
  startingBalance: number | undefined;
  clock: Clock | undefined;
}

export class MockStore {
  readonly currency: string;
  readonly clock: Clock;
  /** Every random choice after seeding (simulated calls, client secrets) comes from here. */
  readonly random: () => number;

  readonly lowBalanceThreshold: number;
  readonly topUpMinimum: number;
  readonly topUpMaximum: number;
  readonly topUpPresets: readonly number[];
  readonly rates: readonly RateRow[];
  readonly users: readonly UsageUser[];

  balance: number;
  balanceUpdatedAt: number;
  /** Saved cards in the order they were added; a removed card leaves this list. */
  readonly cards: StoredCard[];
  /** Ids of removed cards: removing one again answers with the current list instead of not_found. */
  readonly removedCardIds = new Set<string>();
  readonly topUps = new Map<string, TopUpRecord>();
  readonly topUpIdsByKey = new Map<string, string>();
  readonly chargeLog: ChargeRecord[] = [];
  /** Automatic recharges that failed or were skipped before any charge, newest first: the top-up history lists them. */
  readonly unchargedAttempts: AttemptRecord[] = [];
  readonly autoRecharge: AutoRechargeState;
  attemptCount = 0;

  /** In `seq` order: `usage[seq]` is the entry with that sequence number. */
  readonly usage: UsageRecord[];
  readonly ledgerRecords: LedgerRecord[];
  /** While true, usage array order is (occurredAt, id) order, so date sorts need no sorting. */
  usageInTimeOrder = true;
  /** Bumped whenever usage is recorded, so query caches know when they are stale. */
  usageRevision = 0;

  private addedCardCount = 0;
  private topUpCount: number;
  private readonly listeners = new Set<BillingChangeListener>();

  constructor(init: MockStoreInit) {
    this.currency = init.currency;
    // Throws RangeError for a code Intl cannot format, which is what a caller passing one needs to hear.
    currencyFractionDigits(this.currency);
    const scale = (cents: number): number => scaleSeedAmount(cents, this.currency);

    this.clock = init.clock ?? systemClock;
    this.random = mulberry32((Math.trunc(init.seed) ^ 0x9e3779b9) >>> 0);

    this.lowBalanceThreshold = scale(SEED_ACCOUNT.lowBalanceThresholdCents);
    this.topUpMinimum = scale(SEED_ACCOUNT.topUpMinimumCents);
    this.topUpMaximum = scale(SEED_ACCOUNT.topUpMaximumCents);
    this.topUpPresets = SEED_ACCOUNT.topUpPresetCents.map(scale);
    const seededAt = this.nowMs();
    this.rates = SEED_RATES.map((rate) => ({
      destinationCountry: rate.destinationCountry,
      destinationName: rate.destinationName,
      ratePerMinute: scale(rate.centsPerMinute),
      dialingPrefix: rate.dialingPrefix,
      schedule: [
        { effectiveFrom: seedRatesEffectiveFrom(seededAt), ratePerMinute: scale(rate.centsPerMinute) },
        ...(rate.nextCentsPerMinute === undefined
          ? []
          : [{ effectiveFrom: seedRateChangeAt(seededAt), ratePerMinute: scale(rate.nextCentsPerMinute) }]),
      ],
    }));
    this.users = SEED_USERS.map((user) => ({ id: user.id, name: user.name }));

    const startingBalance = init.startingBalance ?? scale(SEED_ACCOUNT.balanceCents);
    if (!Number.isSafeInteger(startingBalance)) {
      throw new RangeError('MockBillingClient: startingBalance must be an integer number of minor units');
    }
    const nowMs = this.nowMs();
    const history = generateSeedHistory({
      seed: Math.trunc(init.seed),
      count: init.usageEntryCount,
      nowMs,
      currency: this.currency,
      startingBalance,
      ratesPerMinute: this.rates.map((rate) => rate.ratePerMinute),
    });
    this.usage = history.usage;
    this.ledgerRecords = history.ledger;
    this.balance = startingBalance;
    this.balanceUpdatedAt = history.ledger.at(-1)?.at ?? nowMs;

    this.cards = seedCards(new Date(nowMs)).map((card) => ({ ...card, behaviour: 'succeeds' }));
    const defaultCardId = this.cards.find((card) => card.isDefault)?.id ?? null;
    for (const credit of history.credits) {
      this.topUps.set(credit.topUpId, {
        id: credit.topUpId,
        amount: credit.amount,
        idempotencyKey: `seed-${credit.topUpId}`,
        requestFingerprint: '',
        kind: 'manual',
        createdAt: credit.at,
        paymentMethodId: defaultCardId,
        status: 'succeeded',
        balanceAfter: credit.balanceAfter,
        failure: null,
        clientSecret: null,
        authenticationFails: false,
        processingPollsLeft: 0,
        pendingNewCard: null,
      });
    }
    this.topUpCount = history.credits.length;

    this.autoRecharge = {
      enabled: false,
      thresholdAmount: scale(SEED_ACCOUNT.autoRechargeThresholdCents),
      rechargeAmount: scale(SEED_ACCOUNT.autoRechargeAmountCents),
      mode: 'fixed',
      targetBalance: null,
      paymentMethodId: defaultCardId,
      monthlyCap: null,
      version: 1,
      disabledReason: null,
      disabledCause: null,
      recentAttempts: [],
      updatedAt: nowMs,
      consecutiveFailures: 0,
    };
  }

  nowMs(): number {
    return this.clock().getTime();
  }

  money(amount: number): Money {
    return { amount, currency: this.currency };
  }

  /** An amount written out for people in an English API message ("$10.00"), as the reference server writes it. */
  describeMoney(amount: number): string {
    return formatMoney(this.money(amount), 'en-US');
  }

  // ---------------------------------------------------------------- change listeners

  subscribe(listener: BillingChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(change: BillingChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(structuredClone(change));
      } catch (error) {
        // A listener's bug must not undo a payment that already happened; surface it separately.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  emitBalance(): void {
    this.emit({ type: 'balance', balance: this.money(this.balance), at: new Date(this.balanceUpdatedAt).toISOString() });
  }

  // ---------------------------------------------------------------- cards

  findCard(paymentMethodId: string | null): StoredCard | undefined {
    return this.cards.find((candidate) => candidate.id === paymentMethodId);
  }

  isExpired(card: StoredCard): boolean {
    return isCardExpiredUtc(card, new Date(this.nowMs()));
  }

  /** Saves the card, or returns the one already saved with the same brand, last 4 and expiry (default only if asked), as the server does. */
  saveCard(card: TestCard, makeDefault: boolean, expiry?: TestCardExpiry): StoredCard {
    const { expMonth, expYear } = savedTestCardExpiry({ expiry }, new Date(this.nowMs()));
    const saved = this.cards.find(
      (existing) =>
        existing.brand === card.brand && existing.last4 === card.last4 && existing.expMonth === expMonth && existing.expYear === expYear,
    );
    if (saved) {
      if (makeDefault) for (const existing of this.cards) existing.isDefault = existing === saved;
      return saved;
    }
    this.addedCardCount += 1;
    const stored: StoredCard = {
      id: `pm_card_${String(this.addedCardCount).padStart(4, '0')}`,
      brand: card.brand,
      last4: card.last4,
      expMonth,
      expYear,
      isDefault: makeDefault || !this.cards.some((existing) => existing.isDefault),
      // Authentication happened while saving, so later off-session charges go through (as Stripe documents for 3155).
      behaviour: card.outcome === 'requires_authentication' ? 'succeeds' : card.outcome,
    };
    if (stored.isDefault) for (const existing of this.cards) existing.isDefault = false;
    this.cards.push(stored);
    return stored;
  }

  /** Takes the card off the account; the default passes to the most recently added usable card left (defaultAfterRemoval). */
  removeCard(card: StoredCard): void {
    const remaining = this.cards.filter((candidate) => candidate !== card);
    const nextDefault = defaultAfterRemoval(card, remaining, this.clock());
    this.cards.splice(this.cards.indexOf(card), 1);
    this.removedCardIds.add(card.id);
    if (nextDefault) nextDefault.isDefault = true;
  }

  setDefaultCard(card: StoredCard): void {
    for (const existing of this.cards) existing.isDefault = existing === card;
  }

  // ---------------------------------------------------------------- top-ups and the ledger

  newTopUpRecord(init: {
    amount: number;
    idempotencyKey: string;
    requestFingerprint: string;
    kind: ChargeKind;
    paymentMethodId: string | null;
  }): TopUpRecord {
    this.topUpCount += 1;
    const record: TopUpRecord = {
      ...init,
      id: topUpId(this.topUpCount),
      createdAt: this.nowMs(),
      status: 'processing',
      balanceAfter: null,
      failure: null,
      clientSecret: null,
      authenticationFails: false,
      processingPollsLeft: 0,
      pendingNewCard: null,
    };
    this.topUps.set(record.id, record);
    return record;
  }

  logCharge(record: TopUpRecord): void {
    this.chargeLog.push({
      topUpId: record.id,
      idempotencyKey: record.idempotencyKey,
      amount: record.amount,
      paymentMethodId: record.paymentMethodId,
      at: this.nowMs(),
      kind: record.kind,
    });
  }

  /** Credits the balance with a charged top-up, which now succeeds. */
  settle(record: TopUpRecord): void {
    const at = this.nowMs();
    this.balance += record.amount;
    this.balanceUpdatedAt = at;
    record.status = 'succeeded';
    record.balanceAfter = this.balance;
    const credit: CreditRecord = {
      kind: 'top_up',
      topUpId: record.id,
      at,
      amount: record.amount,
      balanceAfter: this.balance,
      source: record.kind,
    };
    this.ledgerRecords.push(credit);
    this.emitBalance();
  }

  /** Debits the balance for calls made now, in order, and returns their usage records. */
  recordUsage(calls: readonly PricedCall[]): UsageRecord[] {
    const at = this.nowMs();
    const lastAt = this.usage.at(-1)?.at;
    if (lastAt !== undefined && at < lastAt) this.usageInTimeOrder = false;
    const created: UsageRecord[] = [];
    for (const call of calls) {
      this.balance -= call.price;
      const record: UsageRecord = {
        kind: 'usage',
        seq: this.usage.length,
        at,
        userIndex: call.userIndex,
        rateIndex: call.rateIndex,
        billedSeconds: call.billedSeconds,
        ratePerMinute: call.ratePerMinute,
        price: call.price,
        balanceAfter: this.balance,
      };
      this.usage.push(record);
      this.ledgerRecords.push(record);
      created.push(record);
    }
    this.usageRevision += 1;
    this.balanceUpdatedAt = at;
    this.emit({ type: 'usage' });
    this.emitBalance();
    return created;
  }
}
