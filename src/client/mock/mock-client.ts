// MockBillingClient: an in-memory BillingClient with a real ledger, for stories, tests and the demo when there is no backend.
// The data lives in store.ts, payments in top-ups.ts and auto-recharge.ts, usage queries in queries.ts, fault
// injection in faults.ts; this file is the BillingClient on top of them and the test hooks.
import type { BillingChangeListener, BillingClient, RequestOptions } from '../billing-client.js';
import { BillingError, type BillingErrorCode } from '../errors.js';
import type {
  Account,
  AddPaymentMethodRequest,
  AutoRechargeSettings,
  CreateTopUpRequest,
  PaymentMethod,
  Rate,
  SaveAutoRechargeRequest,
  TopUp,
  TopUpHistoryPage,
  TopUpHistoryQuery,
  UsageEntry,
  UsageFilters,
  UsagePage,
  UsageQuery,
  UsageSeries,
  UsageSeriesQuery,
  UsageSummary,
} from '../schemas.js';
import type { Money } from '../../money/money.js';
import { DECLINE_MESSAGES, chargeOutcomeFor, typedExpiryHasPassed, type TestCardOutcome } from '../../payments/test-cards.js';
import { billedSecondsFor, callPrice, rateInForce } from '../../rules/pricing.js';
import type { Clock } from './clock.js';
import { MockAutoRecharge } from './auto-recharge.js';
import { MockFaults, type BillingClientMethodName } from './faults.js';
import { MockUsageQueries } from './queries.js';
import { declinedError, resolveToken } from './request-checks.js';
import { SEED_ACCOUNT, usageEntryId } from './seed.js';
import { MockStore, type PricedCall, type StoredCard } from './store.js';
import { MockTopUps } from './top-ups.js';
import { topUpHistoryPage } from './top-up-history.js';

export type { BillingClientMethodName } from './faults.js';

const MAX_USAGE_ENTRIES = 1_000_000;

export interface MockBillingClientOptions {
  /** Seeds every random choice (history, ids, client secrets): same seed and clock, same data. Default 1. */
  seed?: number;
  /** Simulated round-trip time per call, in milliseconds. Default 0. */
  latencyMs?: number;
  /** Seeded usage entries over the last 90 days. Default 300; up to 1,000,000. */
  usageEntryCount?: number;
  /** Account currency (ISO 4217). Default USD; seed amounts scale with its digits (see seed.ts). */
  currency?: string;
  /** Balance today, in minor units of the currency. Default $42.50 scaled to the currency. */
  startingBalance?: number;
  /** Source of "now". Seed data is laid out relative to its reading at construction. Default: real time. */
  clock?: Clock;
  /** Whether the backend offers a monthly cap on automatic recharges. Default true. */
  monthlyCapSupported?: boolean;
  /** How many getTopUp polls a successful top-up answers "processing" before "succeeded". Default 0. */
  processingPolls?: number;
}

/** A card payment that actually moved money, as a test sees it. */
export interface MockCharge {
  readonly topUpId: string;
  readonly idempotencyKey: string;
  readonly amount: Money;
  readonly paymentMethodId: string | null;
  readonly at: string;
  readonly kind: 'manual' | 'auto_recharge';
}

/** One balance movement: a credit (positive amount) or a usage debit (negative amount). */
export type MockLedgerEntry =
  | {
      readonly kind: 'top_up';
      readonly topUpId: string;
      readonly source: 'manual' | 'auto_recharge';
      readonly amount: Money;
      readonly balanceAfter: Money;
      readonly at: string;
    }
  | {
      readonly kind: 'usage';
      readonly usageEntryId: string;
      readonly amount: Money;
      readonly balanceAfter: Money;
      readonly at: string;
    };

/** A call for simulateUsage; anything left out is chosen by the seeded PRNG. */
export interface SimulatedCall {
  /** Must be a country in the rate table. */
  destinationCountry?: string;
  /** Whole seconds, at least 1; billed per started minute. */
  durationSeconds?: number;
  /** Must be one of the seeded users. */
  userId?: string;
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

function paymentMethodOf(card: StoredCard): PaymentMethod {
  return {
    id: card.id,
    type: 'card',
    brand: card.brand,
    last4: card.last4,
    expMonth: card.expMonth,
    expYear: card.expYear,
    isDefault: card.isDefault,
  };
}

/**
 * An in-memory BillingClient that keeps a real ledger: top-ups credit the balance, usage debits
 * it, automatic recharge fires from the balance, and every response is a fresh copy that passes
 * the schemas. Test hooks (simulateUsage, setCardBehaviour, failNext, dropNextResponse, charges,
 * ledger) exercise the paths a real backend only reaches by accident.
 */
export class MockBillingClient implements BillingClient {
  readonly currency: string;

  readonly #store: MockStore;
  readonly #faults = new MockFaults();
  readonly #queries: MockUsageQueries;
  readonly #topUps: MockTopUps;
  readonly #autoRecharge: MockAutoRecharge;

  constructor(options: MockBillingClientOptions = {}) {
    const seed = options.seed ?? 1;
    if (!Number.isFinite(seed)) throw new RangeError('MockBillingClient: seed must be a finite number');
    const usageEntryCount = options.usageEntryCount ?? 300;
    if (!Number.isInteger(usageEntryCount) || usageEntryCount < 0 || usageEntryCount > MAX_USAGE_ENTRIES) {
      throw new RangeError(`MockBillingClient: usageEntryCount must be an integer from 0 to ${MAX_USAGE_ENTRIES}`);
    }
    const processingPolls = options.processingPolls ?? 0;
    if (!Number.isInteger(processingPolls) || processingPolls < 0) {
      throw new RangeError('MockBillingClient: processingPolls must be a non-negative integer');
    }
    this.#faults.setLatency(options.latencyMs ?? 0);

    this.currency = (options.currency ?? SEED_ACCOUNT.currency).toUpperCase();
    this.#store = new MockStore({
      seed,
      usageEntryCount,
      currency: this.currency,
      startingBalance: options.startingBalance,
      clock: options.clock,
    });
    this.#queries = new MockUsageQueries(this.#store);
    this.#topUps = new MockTopUps(this.#store, processingPolls);
    this.#autoRecharge = new MockAutoRecharge(this.#store, this.#topUps, options.monthlyCapSupported ?? true);
  }

  // ============================================================== BillingClient

  getAccount(options?: RequestOptions): Promise<Account> {
    return this.#faults.run('getAccount', options, () => this.#accountSnapshot());
  }

  listPaymentMethods(options?: RequestOptions): Promise<PaymentMethod[]> {
    return this.#faults.run('listPaymentMethods', options, () => this.#cardList());
  }

  addPaymentMethod(request: AddPaymentMethodRequest, options?: RequestOptions): Promise<PaymentMethod> {
    return this.#faults.run('addPaymentMethod', options, () => {
      const resolved = resolveToken(request.providerToken);
      const outcome = chargeOutcomeFor(resolved.card.outcome, resolved.failsAuthentication);
      // Saving runs the card through a SetupIntent: a card that would decline, or whose holder
      // fails the bank's challenge, is refused now rather than at the first recharge.
      if (outcome.status === 'declined') throw declinedError(outcome.declineCode, outcome.message);
      if (outcome.status === 'requires_action' && outcome.authentication === 'fails') {
        throw declinedError('authentication_failed', DECLINE_MESSAGES.authentication_failed);
      }
      if (typedExpiryHasPassed(resolved, new Date(this.#store.nowMs()))) {
        throw declinedError('expired_card', DECLINE_MESSAGES.expired_card);
      }
      const card = this.#store.saveCard(resolved.card, request.makeDefault === true, resolved.expiry);
      this.#store.emit({ type: 'account' });
      this.#store.emit({ type: 'payment_methods' });
      return paymentMethodOf(card);
    });
  }

  removePaymentMethod(paymentMethodId: string, options?: RequestOptions): Promise<PaymentMethod[]> {
    return this.#faults.run('removePaymentMethod', options, () => {
      const card = this.#savedCard(paymentMethodId);
      // Removing it again (a retry after a lost response) answers as the first time did: the cards left.
      if (!card) return this.#cardList();
      this.#store.removeCard(card);
      this.#autoRecharge.cardRemoved(card);
      this.#store.emit({ type: 'payment_methods' });
      return this.#cardList();
    });
  }

  setDefaultPaymentMethod(paymentMethodId: string, options?: RequestOptions): Promise<PaymentMethod[]> {
    return this.#faults.run('setDefaultPaymentMethod', options, () => {
      const card = this.#savedCard(paymentMethodId);
      if (!card) throw new BillingError('not_found', { message: `There is no saved card ${paymentMethodId}.` });
      if (!card.isDefault) {
        this.#store.setDefaultCard(card);
        this.#store.emit({ type: 'payment_methods' });
      }
      return this.#cardList();
    });
  }

  createTopUp(request: CreateTopUpRequest, options?: RequestOptions): Promise<TopUp> {
    return this.#faults.run('createTopUp', options, () => this.#topUps.create(request));
  }

  getTopUp(topUpId: string, options?: RequestOptions): Promise<TopUp> {
    return this.#faults.run('getTopUp', options, () => this.#topUps.poll(topUpId));
  }

  confirmTopUp(topUpId: string, options?: RequestOptions): Promise<TopUp> {
    return this.#faults.run('confirmTopUp', options, () => this.#topUps.confirm(topUpId));
  }

  listTopUps(query: TopUpHistoryQuery = {}, options?: RequestOptions): Promise<TopUpHistoryPage> {
    return this.#faults.run('listTopUps', options, () => topUpHistoryPage(this.#store, query));
  }

  getAutoRecharge(options?: RequestOptions): Promise<AutoRechargeSettings> {
    return this.#faults.run('getAutoRecharge', options, () => this.#autoRecharge.snapshot());
  }

  saveAutoRecharge(request: SaveAutoRechargeRequest, options?: RequestOptions): Promise<AutoRechargeSettings> {
    return this.#faults.run('saveAutoRecharge', options, () => this.#autoRecharge.save(request));
  }

  listUsage(query: UsageQuery, options?: RequestOptions): Promise<UsagePage> {
    return this.#faults.run('listUsage', options, () => this.#queries.page(query));
  }

  getUsageSummary(filters: UsageFilters, options?: RequestOptions): Promise<UsageSummary> {
    return this.#faults.run('getUsageSummary', options, () => this.#queries.summary(filters));
  }

  getUsageSeries(query: UsageSeriesQuery, options?: RequestOptions): Promise<UsageSeries> {
    return this.#faults.run('getUsageSeries', options, () => this.#queries.series(query));
  }

  getUsageEntry(entryId: string, options?: RequestOptions): Promise<UsageEntry> {
    return this.#faults.run('getUsageEntry', options, () => this.#queries.entry(entryId));
  }

  listRates(options?: RequestOptions): Promise<Rate[]> {
    return this.#faults.run('listRates', options, () =>
      [...this.#store.rates]
        .sort((a, b) => a.destinationName.localeCompare(b.destinationName, 'en'))
        .flatMap((rate): Rate[] => {
          const { current, next } = rateInForce(rate.schedule, this.#store.nowMs());
          if (!current) return [];
          return [
            {
              destinationCountry: rate.destinationCountry,
              destinationName: rate.destinationName,
              ratePerMinute: this.#store.money(current.ratePerMinute),
              effectiveFrom: new Date(current.effectiveFrom).toISOString(),
              ...(next
                ? {
                    nextRate: {
                      ratePerMinute: this.#store.money(next.ratePerMinute),
                      effectiveFrom: new Date(next.effectiveFrom).toISOString(),
                    },
                  }
                : {}),
              dialingPrefix: rate.dialingPrefix,
            },
          ];
        }),
    );
  }

  subscribe(listener: BillingChangeListener): () => void {
    return this.#store.subscribe(listener);
  }

  // ============================================================== test hooks

  setLatency(milliseconds: number): void {
    this.#faults.setLatency(milliseconds);
  }

  /** The next `count` calls of `method` reject with this BillingError before changing anything. */
  failNext(method: BillingClientMethodName, count: number, code: BillingErrorCode, message?: string): void {
    this.#faults.failNext(method, count, code, message);
  }

  /**
   * The next call of `method` takes effect (a top-up is charged, settings are saved) and then
   * rejects with a "network" BillingError, as if the response was lost on the way back.
   */
  dropNextResponse(method: BillingClientMethodName): void {
    this.#faults.dropNextResponse(method);
  }

  /** What charging this saved card does from now on, for manual top-ups and automatic recharges. */
  setCardBehaviour(paymentMethodId: string, outcome: TestCardOutcome): void {
    const card = this.#store.findCard(paymentMethodId);
    if (!card) throw new RangeError(`MockBillingClient.setCardBehaviour: no saved card ${paymentMethodId}`);
    card.behaviour = outcome;
  }

  /**
   * Records calls happening now: each is priced from the rate table and debits the balance.
   * The whole batch is one burst: if it leaves the balance strictly below the threshold while
   * automatic recharge is on, exactly one recharge is attempted, however many entries landed.
   */
  simulateUsage(calls: number | readonly SimulatedCall[]): UsageEntry[] {
    const store = this.#store;
    const requested: readonly SimulatedCall[] =
      typeof calls === 'number' ? Array.from({ length: Math.max(0, Math.trunc(calls)) }, () => ({})) : calls;
    // Resolve and price every call before touching the ledger, so a bad one leaves nothing half-applied.
    const priced = requested.map((call): PricedCall => {
      const rateIndex =
        call.destinationCountry === undefined
          ? Math.floor(store.random() * store.rates.length)
          : store.rates.findIndex((rate) => rate.destinationCountry === call.destinationCountry);
      if (rateIndex < 0) throw new RangeError(`simulateUsage: no rate for ${String(call.destinationCountry)}`);
      const userIndex =
        call.userId === undefined
          ? Math.floor(store.random() * store.users.length)
          : store.users.findIndex((user) => user.id === call.userId);
      if (userIndex < 0) throw new RangeError(`simulateUsage: no user ${String(call.userId)}`);
      const durationSeconds = call.durationSeconds ?? 5 + Math.floor(store.random() * store.random() * 1200);
      if (!Number.isInteger(durationSeconds) || durationSeconds < 1) {
        throw new RangeError('simulateUsage: durationSeconds must be a positive integer');
      }
      const billedSeconds = billedSecondsFor(durationSeconds);
      // Priced wholly at the rate in force when the call starts (now), even if it runs past a scheduled change.
      const ratePerMinute = rateInForce(store.rates[rateIndex]?.schedule ?? [], store.nowMs()).current?.ratePerMinute ?? 0;
      return { rateIndex, userIndex, billedSeconds, ratePerMinute, price: callPrice(ratePerMinute, billedSeconds) };
    });
    if (priced.length === 0) return [];

    const created = store.recordUsage(priced);
    this.#autoRecharge.attemptIfDue();
    return created.map((record) => this.#queries.entryOf(record));
  }

  /** Card payments that moved money since construction (the seeded history is not in it), oldest first. */
  get charges(): readonly MockCharge[] {
    return this.#store.chargeLog.map((charge) => ({
      topUpId: charge.topUpId,
      idempotencyKey: charge.idempotencyKey,
      amount: this.#store.money(charge.amount),
      paymentMethodId: charge.paymentMethodId,
      at: isoAt(charge.at),
      kind: charge.kind,
    }));
  }

  /** Every balance movement, seeded history included, in the order it happened. Built on each read. */
  get ledger(): readonly MockLedgerEntry[] {
    const money = (amount: number): Money => this.#store.money(amount);
    return this.#store.ledgerRecords.map((record): MockLedgerEntry =>
      record.kind === 'usage'
        ? {
            kind: 'usage',
            usageEntryId: usageEntryId(record.seq),
            amount: money(-record.price),
            balanceAfter: money(record.balanceAfter),
            at: isoAt(record.at),
          }
        : {
            kind: 'top_up',
            topUpId: record.topUpId,
            source: record.source,
            amount: money(record.amount),
            balanceAfter: money(record.balanceAfter),
            at: isoAt(record.at),
          },
    );
  }

  /** Default first, then in the order they were saved, as the server lists them. */
  #cardList(): PaymentMethod[] {
    const defaultFirst = [...this.#store.cards].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
    return defaultFirst.map(paymentMethodOf);
  }

  /** The saved card with this id; undefined for a removed one; not_found for an id this account never had. */
  #savedCard(paymentMethodId: string): StoredCard | undefined {
    const card = this.#store.findCard(paymentMethodId);
    if (!card && !this.#store.removedCardIds.has(paymentMethodId)) {
      throw new BillingError('not_found', { message: `There is no saved card ${paymentMethodId}.` });
    }
    return card;
  }

  #accountSnapshot(): Account {
    const store = this.#store;
    const settings = store.autoRecharge;
    return {
      id: SEED_ACCOUNT.id,
      name: SEED_ACCOUNT.name,
      currency: this.currency,
      balance: store.money(store.balance),
      lowBalanceThreshold: store.money(store.lowBalanceThreshold),
      topUpLimits: {
        minimum: store.money(store.topUpMinimum),
        maximum: store.money(store.topUpMaximum),
        presets: store.topUpPresets.map((amount) => store.money(amount)),
      },
      balanceUpdatedAt: isoAt(store.balanceUpdatedAt),
      autoRecharge: {
        enabled: settings.enabled,
        thresholdAmount: store.money(settings.thresholdAmount),
        rechargeAmount: store.money(settings.rechargeAmount),
        mode: settings.mode,
        targetBalance: settings.targetBalance === null ? null : store.money(settings.targetBalance),
        paymentMethodId: settings.paymentMethodId,
      },
    };
  }
}
