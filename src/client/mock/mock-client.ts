// MockBillingClient: an in-memory BillingClient with a real ledger, for stories, tests and the demo when there is no backend.
import type { BillingChangeListener, BillingClient, RequestOptions } from '../billing-client.js';
import { BillingError, type BillingErrorCode } from '../errors.js';
import {
  USAGE_SORTS,
  type Account,
  type AddPaymentMethodRequest,
  type AutoRechargeSettings,
  type BillingChange,
  type CreateTopUpRequest,
  type PaymentMethod,
  type Rate,
  type SaveAutoRechargeRequest,
  type TopUp,
  type TopUpStatus,
  type UsageEntry,
  type UsageFilters,
  type UsagePage,
  type UsageQuery,
  type UsageSort,
  type UsageSummary,
  type UsageUser,
} from '../schemas.js';
import type { Money } from '../../money/money.js';
import {
  DECLINE_MESSAGES,
  chargeOutcomeFor,
  resolveTestCardToken,
  savedTestCardExpiry,
  typedExpiryHasPassed,
  type ResolvedTestCardToken,
  type TestCard,
  type TestCardExpiry,
  type TestCardChargeOutcome,
  type TestCardOutcome,
} from '../../payments/test-cards.js';
import { billedSecondsFor, callPrice } from '../../rules/pricing.js';
import { simulatedLatency, systemClock, type Clock } from './clock.js';
import {
  SEED_ACCOUNT,
  SEED_RATES,
  SEED_USERS,
  USAGE_TYPE,
  currencyFractionDigits,
  generateSeedHistory,
  mulberry32,
  scaleSeedAmount,
  seedCards,
  topUpId,
  usageEntryId,
  usageSeqFromId,
  type CreditRecord,
  type LedgerRecord,
  type UsageRecord,
} from './seed.js';
import { describeCard } from '../../payments/card-brand.js';
import { autoRechargeMessage, monthlyCapSkipMessage, topUpAmountMessage } from '../../rules/api-messages.js';
import { checkAutoRecharge, rechargeIsDue, withinMonthlyCap } from '../../rules/auto-recharge-rules.js';
import { checkTopUpAmount } from '../../rules/top-up-rules.js';
import { isCardExpiredUtc } from '../../rules/card-rules.js';

/** Every BillingClient method the fault-injection hooks can target. */
export type BillingClientMethodName = Exclude<keyof BillingClient, 'subscribe'>;

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

interface StoredCard {
  readonly id: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  isDefault: boolean;
  /** What charging this saved card does; tests change it with setCardBehaviour. */
  behaviour: TestCardOutcome;
}

interface TopUpRecord {
  readonly id: string;
  readonly amount: number;
  readonly idempotencyKey: string;
  /** Amount and source of the first request, to tell a replay from a key reused for another payment. */
  readonly requestFingerprint: string;
  readonly kind: 'manual' | 'auto_recharge';
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
}

interface ChargeRecord {
  readonly topUpId: string;
  readonly idempotencyKey: string;
  readonly amount: number;
  readonly paymentMethodId: string | null;
  readonly at: number;
  readonly kind: 'manual' | 'auto_recharge';
}

interface AttemptRecord {
  readonly id: string;
  readonly at: number;
  readonly amount: number;
  readonly paymentMethodId: string | null;
  readonly outcome: 'succeeded' | 'failed' | 'skipped';
  readonly failureMessage: string | null;
}

interface AutoRechargeState {
  enabled: boolean;
  thresholdAmount: number;
  rechargeAmount: number;
  paymentMethodId: string | null;
  monthlyCap: number | null;
  version: number;
  disabledReason: string | null;
  recentAttempts: AttemptRecord[];
  updatedAt: number;
  consecutiveFailures: number;
}

interface PendingFault {
  remaining: number;
  readonly code: BillingErrorCode;
  readonly message: string | undefined;
}

interface RateRow {
  readonly destinationCountry: string;
  readonly destinationName: string;
  readonly ratePerMinute: number;
}

interface UsageFilter {
  readonly fromMs: number | null;
  readonly toMs: number | null;
  /** False when the type filter names a type the ledger does not have: nothing matches. */
  readonly typeMatches: boolean;
  /** -1 when no user filter; an index no user has when the id is unknown. */
  readonly userIndex: number;
  /** Canonical text of the filters, binding a cursor to the query it came from. */
  readonly key: string;
}

interface CursorKey {
  readonly primary: number;
  readonly seq: number;
}

const MAX_RECENT_ATTEMPTS = 10;
const FAILURES_BEFORE_DISABLE = 3;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
const MAX_USAGE_ENTRIES = 1_000_000;
/** Sorted indexes kept for recent queries; a table flips between a handful of filter/sort combinations. */
const MAX_CACHED_ORDERS = 16;
const NO_USER = Number.MAX_SAFE_INTEGER;


function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** FNV-1a: a short, stable fingerprint so the cursor stays small whatever the filters. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

function encodeCursor(payload: unknown): string {
  return btoa(JSON.stringify(payload)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeCursor(cursor: string): unknown {
  try {
    const base64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))) as unknown;
  } catch {
    return null;
  }
}

function validationError(message: string, details: Record<string, unknown> = {}): BillingError {
  return new BillingError('validation', { message, details });
}

function isSort(value: string): value is UsageSort {
  return (USAGE_SORTS as readonly string[]).includes(value);
}

/**
 * An in-memory BillingClient that keeps a real ledger: top-ups credit the balance, usage debits
 * it, automatic recharge fires from the balance, and every response is a fresh copy that passes
 * the schemas. Test hooks (simulateUsage, setCardBehaviour, failNext, dropNextResponse, charges,
 * ledger) exercise the paths a real backend only reaches by accident.
 */
export class MockBillingClient implements BillingClient {
  readonly currency: string;

  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly digits: number;
  private latencyMs: number;
  private readonly processingPolls: number;
  private readonly monthlyCapSupported: boolean;

  private readonly lowBalanceThreshold: number;
  private readonly topUpMinimum: number;
  private readonly topUpMaximum: number;
  private readonly topUpPresets: readonly number[];
  private readonly rates: readonly RateRow[];
  private readonly users: readonly UsageUser[];

  private balance: number;
  private balanceUpdatedAt: number;
  private readonly cards: StoredCard[];
  private addedCardCount = 0;
  private readonly topUps = new Map<string, TopUpRecord>();
  private readonly topUpIdsByKey = new Map<string, string>();
  private topUpCount: number;
  private attemptCount = 0;
  private readonly chargeLog: ChargeRecord[] = [];
  private readonly autoRecharge: AutoRechargeState;

  private readonly usage: UsageRecord[];
  private readonly ledgerRecords: LedgerRecord[];
  /** While true, usage array order is (occurredAt, id) order, so date sorts need no sorting. */
  private usageInTimeOrder = true;
  private readonly orderCache = new Map<string, Uint32Array>();

  private readonly listeners = new Set<BillingChangeListener>();
  private readonly pendingFaults = new Map<BillingClientMethodName, PendingFault[]>();
  private readonly droppedResponses = new Map<BillingClientMethodName, number>();

  constructor(options: MockBillingClientOptions = {}) {
    const seed = options.seed ?? 1;
    if (!Number.isFinite(seed)) throw new RangeError('MockBillingClient: seed must be a finite number');
    const usageEntryCount = options.usageEntryCount ?? 300;
    if (!Number.isInteger(usageEntryCount) || usageEntryCount < 0 || usageEntryCount > MAX_USAGE_ENTRIES) {
      throw new RangeError(`MockBillingClient: usageEntryCount must be an integer from 0 to ${MAX_USAGE_ENTRIES}`);
    }
    this.processingPolls = options.processingPolls ?? 0;
    if (!Number.isInteger(this.processingPolls) || this.processingPolls < 0) {
      throw new RangeError('MockBillingClient: processingPolls must be a non-negative integer');
    }
    this.latencyMs = 0;
    this.setLatency(options.latencyMs ?? 0);

    this.currency = (options.currency ?? SEED_ACCOUNT.currency).toUpperCase();
    // Throws RangeError for a code Intl cannot format, which is what a caller passing one needs to hear.
    this.digits = currencyFractionDigits(this.currency);
    const scale = (cents: number): number => scaleSeedAmount(cents, this.currency);

    this.clock = options.clock ?? systemClock;
    this.monthlyCapSupported = options.monthlyCapSupported ?? true;
    this.random = mulberry32((Math.trunc(seed) ^ 0x9e3779b9) >>> 0);

    this.lowBalanceThreshold = scale(SEED_ACCOUNT.lowBalanceThresholdCents);
    this.topUpMinimum = scale(SEED_ACCOUNT.topUpMinimumCents);
    this.topUpMaximum = scale(SEED_ACCOUNT.topUpMaximumCents);
    this.topUpPresets = SEED_ACCOUNT.topUpPresetCents.map(scale);
    this.rates = SEED_RATES.map((rate) => ({
      destinationCountry: rate.destinationCountry,
      destinationName: rate.destinationName,
      ratePerMinute: scale(rate.centsPerMinute),
    }));
    this.users = SEED_USERS.map((user) => ({ id: user.id, name: user.name }));

    const startingBalance = options.startingBalance ?? scale(SEED_ACCOUNT.balanceCents);
    if (!Number.isSafeInteger(startingBalance)) {
      throw new RangeError('MockBillingClient: startingBalance must be an integer number of minor units');
    }
    const nowMs = this.nowMs();
    const history = generateSeedHistory({
      seed: Math.trunc(seed),
      count: usageEntryCount,
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
      paymentMethodId: defaultCardId,
      monthlyCap: null,
      version: 1,
      disabledReason: null,
      recentAttempts: [],
      updatedAt: nowMs,
      consecutiveFailures: 0,
    };
  }

  // ============================================================== BillingClient

  getAccount(options?: RequestOptions): Promise<Account> {
    return this.run('getAccount', options, () => this.accountSnapshot());
  }

  listPaymentMethods(options?: RequestOptions): Promise<PaymentMethod[]> {
    return this.run('listPaymentMethods', options, () => {
      const defaultFirst = [...this.cards].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
      return defaultFirst.map((card) => this.paymentMethodOf(card));
    });
  }

  addPaymentMethod(request: AddPaymentMethodRequest, options?: RequestOptions): Promise<PaymentMethod> {
    return this.run('addPaymentMethod', options, () => {
      const resolved = this.resolveToken(request.providerToken);
      const outcome = chargeOutcomeFor(resolved.card.outcome, resolved.failsAuthentication);
      // Saving runs the card through a SetupIntent: a card that would decline, or whose holder
      // fails the bank's challenge, is refused now rather than at the first recharge.
      if (outcome.status === 'declined') throw this.declinedError(outcome.declineCode, outcome.message);
      if (outcome.status === 'requires_action' && outcome.authentication === 'fails') {
        throw this.declinedError('authentication_failed', DECLINE_MESSAGES.authentication_failed);
      }
      if (typedExpiryHasPassed(resolved, new Date(this.nowMs()))) throw this.declinedError('expired_card', DECLINE_MESSAGES.expired_card);
      const card = this.saveCard(resolved.card, request.makeDefault === true, resolved.expiry);
      this.emit({ type: 'account' });
      return this.paymentMethodOf(card);
    });
  }

  createTopUp(request: CreateTopUpRequest, options?: RequestOptions): Promise<TopUp> {
    return this.run('createTopUp', options, () => this.applyCreateTopUp(request));
  }

  getTopUp(topUpId: string, options?: RequestOptions): Promise<TopUp> {
    return this.run('getTopUp', options, () => {
      const record = this.findTopUp(topUpId);
      if (record.status === 'processing') {
        if (record.processingPollsLeft > 0) record.processingPollsLeft -= 1;
        else this.settle(record);
      }
      return this.topUpOf(record);
    });
  }

  confirmTopUp(topUpId: string, options?: RequestOptions): Promise<TopUp> {
    return this.run('confirmTopUp', options, () => {
      const record = this.findTopUp(topUpId);
      // Confirming anything but a top-up waiting for authentication is a harmless repeat: report its state.
      if (record.status !== 'requires_action') return this.topUpOf(record);
      record.clientSecret = null;
      if (record.authenticationFails) {
        record.status = 'failed';
        record.failure = { code: 'authentication_failed', message: DECLINE_MESSAGES.authentication_failed };
        record.pendingNewCard = null;
      } else {
        this.capture(record);
      }
      return this.topUpOf(record);
    });
  }

  getAutoRecharge(options?: RequestOptions): Promise<AutoRechargeSettings> {
    return this.run('getAutoRecharge', options, () => this.autoRechargeSnapshot());
  }

  saveAutoRecharge(request: SaveAutoRechargeRequest, options?: RequestOptions): Promise<AutoRechargeSettings> {
    return this.run('saveAutoRecharge', options, () => this.applySaveAutoRecharge(request));
  }

  listUsage(query: UsageQuery, options?: RequestOptions): Promise<UsagePage> {
    return this.run('listUsage', options, () => this.usagePage(query));
  }

  getUsageSummary(filters: UsageFilters, options?: RequestOptions): Promise<UsageSummary> {
    return this.run('getUsageSummary', options, () => this.usageSummary(filters));
  }

  getUsageEntry(entryId: string, options?: RequestOptions): Promise<UsageEntry> {
    return this.run('getUsageEntry', options, () => {
      const seq = usageSeqFromId(entryId);
      const record = seq === null ? undefined : this.usage[seq];
      if (!record) throw new BillingError('not_found', { message: `There is no usage entry ${entryId}.` });
      return this.usageEntryOf(record);
    });
  }

  listRates(options?: RequestOptions): Promise<Rate[]> {
    return this.run('listRates', options, () =>
      [...this.rates]
        .sort((a, b) => a.destinationName.localeCompare(b.destinationName, 'en'))
        .map((rate) => ({
          destinationCountry: rate.destinationCountry,
          destinationName: rate.destinationName,
          ratePerMinute: this.money(rate.ratePerMinute),
        })),
    );
  }

  subscribe(listener: BillingChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  // ============================================================== test hooks

  setLatency(milliseconds: number): void {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError('MockBillingClient: latency must be a non-negative number of milliseconds');
    }
    this.latencyMs = milliseconds;
  }

  /** The next `count` calls of `method` reject with this BillingError before changing anything. */
  failNext(method: BillingClientMethodName, count: number, code: BillingErrorCode, message?: string): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('MockBillingClient.failNext: count must be a positive integer');
    const queue = this.pendingFaults.get(method) ?? [];
    queue.push({ remaining: count, code, message });
    this.pendingFaults.set(method, queue);
  }

  /**
   * The next call of `method` takes effect (a top-up is charged, settings are saved) and then
   * rejects with a "network" BillingError, as if the response was lost on the way back.
   */
  dropNextResponse(method: BillingClientMethodName): void {
    this.droppedResponses.set(method, (this.droppedResponses.get(method) ?? 0) + 1);
  }

  /** What charging this saved card does from now on, for manual top-ups and automatic recharges. */
  setCardBehaviour(paymentMethodId: string, outcome: TestCardOutcome): void {
    const card = this.cards.find((candidate) => candidate.id === paymentMethodId);
    if (!card) throw new RangeError(`MockBillingClient.setCardBehaviour: no saved card ${paymentMethodId}`);
    card.behaviour = outcome;
  }

  /**
   * Records calls happening now: each is priced from the rate table and debits the balance.
   * The whole batch is one burst: if it leaves the balance strictly below the threshold while
   * automatic recharge is on, exactly one recharge is attempted, however many entries landed.
   */
  simulateUsage(calls: number | readonly SimulatedCall[]): UsageEntry[] {
    const requested: readonly SimulatedCall[] =
      typeof calls === 'number' ? Array.from({ length: Math.max(0, Math.trunc(calls)) }, () => ({})) : calls;
    // Resolve every call before touching the ledger, so a bad one leaves nothing half-applied.
    const resolved = requested.map((call) => {
      const rateIndex =
        call.destinationCountry === undefined
          ? Math.floor(this.random() * this.rates.length)
          : this.rates.findIndex((rate) => rate.destinationCountry === call.destinationCountry);
      if (rateIndex < 0) throw new RangeError(`simulateUsage: no rate for ${String(call.destinationCountry)}`);
      const userIndex =
        call.userId === undefined
          ? Math.floor(this.random() * this.users.length)
          : this.users.findIndex((user) => user.id === call.userId);
      if (userIndex < 0) throw new RangeError(`simulateUsage: no user ${String(call.userId)}`);
      const durationSeconds = call.durationSeconds ?? 5 + Math.floor(this.random() * this.random() * 1200);
      if (!Number.isInteger(durationSeconds) || durationSeconds < 1) {
        throw new RangeError('simulateUsage: durationSeconds must be a positive integer');
      }
      return { rateIndex, userIndex, billedSeconds: billedSecondsFor(durationSeconds) };
    });
    if (resolved.length === 0) return [];

    const at = this.nowMs();
    const lastAt = this.usage.at(-1)?.at;
    if (lastAt !== undefined && at < lastAt) this.usageInTimeOrder = false;
    const created: UsageRecord[] = [];
    for (const call of resolved) {
      const price = callPrice(this.rates[call.rateIndex]?.ratePerMinute ?? 0, call.billedSeconds);
      this.balance -= price;
      const record: UsageRecord = {
        kind: 'usage',
        seq: this.usage.length,
        at,
        userIndex: call.userIndex,
        rateIndex: call.rateIndex,
        billedSeconds: call.billedSeconds,
        price,
        balanceAfter: this.balance,
      };
      this.usage.push(record);
      this.ledgerRecords.push(record);
      created.push(record);
    }
    this.orderCache.clear();
    this.balanceUpdatedAt = at;
    this.emit({ type: 'usage' });
    this.emitBalance();

    if (rechargeIsDue(this.autoRecharge.enabled, this.balance, this.autoRecharge.thresholdAmount)) this.attemptAutoRecharge();
    return created.map((record) => this.usageEntryOf(record));
  }

  /** Card payments that moved money since construction (the seeded history is not in it), oldest first. */
  get charges(): readonly MockCharge[] {
    return this.chargeLog.map((charge) => ({
      topUpId: charge.topUpId,
      idempotencyKey: charge.idempotencyKey,
      amount: this.money(charge.amount),
      paymentMethodId: charge.paymentMethodId,
      at: isoAt(charge.at),
      kind: charge.kind,
    }));
  }

  /** Every balance movement, seeded history included, in the order it happened. Built on each read. */
  get ledger(): readonly MockLedgerEntry[] {
    return this.ledgerRecords.map((record): MockLedgerEntry =>
      record.kind === 'usage'
        ? {
            kind: 'usage',
            usageEntryId: usageEntryId(record.seq),
            amount: this.money(-record.price),
            balanceAfter: this.money(record.balanceAfter),
            at: isoAt(record.at),
          }
        : {
            kind: 'top_up',
            topUpId: record.topUpId,
            source: record.source,
            amount: this.money(record.amount),
            balanceAfter: this.money(record.balanceAfter),
            at: isoAt(record.at),
          },
    );
  }

  // ============================================================== call plumbing

  private async run<T>(method: BillingClientMethodName, options: RequestOptions | undefined, apply: () => T): Promise<T> {
    // The request "reaches the server" after the latency: an abort before then changes nothing.
    await simulatedLatency(this.latencyMs, options?.signal);
    const fault = this.takeFault(method);
    if (fault) throw fault;
    const result = apply();
    if (this.takeDroppedResponse(method)) {
      // The stock network text, as a real lost response gives (fetch's TypeError): widgets show it in their language.
      throw new BillingError('network');
    }
    return result;
  }

  private takeFault(method: BillingClientMethodName): BillingError | null {
    const queue = this.pendingFaults.get(method);
    const fault = queue?.[0];
    if (!queue || !fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) queue.shift();
    return new BillingError(fault.code, fault.message === undefined ? {} : { message: fault.message });
  }

  private takeDroppedResponse(method: BillingClientMethodName): boolean {
    const pending = this.droppedResponses.get(method) ?? 0;
    if (pending <= 0) return false;
    this.droppedResponses.set(method, pending - 1);
    return true;
  }

  private emit(change: BillingChange): void {
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

  private emitBalance(): void {
    this.emit({ type: 'balance', balance: this.money(this.balance), at: isoAt(this.balanceUpdatedAt) });
  }

  private nowMs(): number {
    return this.clock().getTime();
  }

  // ============================================================== money and cards

  private money(amount: number): Money {
    return { amount, currency: this.currency };
  }

  /** For messages only: Intl on a float is exact enough to print, never to compute with. */
  private describeMoney(amount: number): string {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: this.currency }).format(amount / 10 ** this.digits);
  }

  /** Checks a Money from a request: integer minor units in the account currency. */
  private checkMoney(value: Money | undefined, field: string): number {
    if (!value || typeof value.amount !== 'number' || !Number.isSafeInteger(value.amount) || value.amount < 0) {
      throw validationError(`${field} must be a whole, non-negative number of minor units.`, { field });
    }
    if (value.currency !== this.currency) {
      throw validationError(`Amounts for this account are in ${this.currency}.`, { field });
    }
    return value.amount;
  }

  private isExpired(card: StoredCard): boolean {
    return isCardExpiredUtc(card, new Date(this.nowMs()));
  }

  private paymentMethodOf(card: StoredCard): PaymentMethod {
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

  private resolveToken(providerToken: string): ResolvedTestCardToken {
    const resolved = resolveTestCardToken(providerToken);
    if (!resolved) {
      throw validationError(
        'The mock billing service accepts test card tokens only, such as test_card_4242424242424242.',
        { field: 'providerToken' },
      );
    }
    return resolved;
  }

  private declinedError(declineCode: string, message: string, details: Record<string, unknown> = {}): BillingError {
    return new BillingError('card_declined', { message, details: { declineCode, ...details } });
  }

  /** Saves the card, or returns the one already saved with the same brand, last 4 and expiry (default only if asked), as the server does. */
  private saveCard(card: TestCard, makeDefault: boolean, expiry?: TestCardExpiry): StoredCard {
    const { expMonth, expYear } = savedTestCardExpiry({ expiry }, new Date(this.nowMs()));
    const saved = this.cards.find(
      (existing) => existing.brand === card.brand && existing.last4 === card.last4 && existing.expMonth === expMonth && existing.expYear === expYear,
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

  // ============================================================== account

  private accountSnapshot(): Account {
    const settings = this.autoRecharge;
    return {
      id: SEED_ACCOUNT.id,
      name: SEED_ACCOUNT.name,
      currency: this.currency,
      balance: this.money(this.balance),
      lowBalanceThreshold: this.money(this.lowBalanceThreshold),
      topUpLimits: {
        minimum: this.money(this.topUpMinimum),
        maximum: this.money(this.topUpMaximum),
        presets: this.topUpPresets.map((amount) => this.money(amount)),
      },
      balanceUpdatedAt: isoAt(this.balanceUpdatedAt),
      autoRecharge: {
        enabled: settings.enabled,
        thresholdAmount: this.money(settings.thresholdAmount),
        rechargeAmount: this.money(settings.rechargeAmount),
        paymentMethodId: settings.paymentMethodId,
      },
    };
  }

  // ============================================================== top-ups

  private applyCreateTopUp(request: CreateTopUpRequest): TopUp {
    const key = request.idempotencyKey;
    if (typeof key !== 'string' || key.length < 8 || key.length > 255) {
      throw validationError('idempotencyKey must be 8 to 255 characters.', { field: 'idempotencyKey' });
    }
    const source = request.source;
    const requestFingerprint = JSON.stringify([
      request.amount?.amount,
      request.amount?.currency,
      source.type,
      source.type === 'saved_card' ? source.paymentMethodId : source.providerToken,
      source.type === 'new_card' ? source.saveCard : null,
    ]);
    const existingId = this.topUpIdsByKey.get(key);
    const existing = existingId === undefined ? undefined : this.topUps.get(existingId);
    if (existing) {
      if (existing.requestFingerprint !== requestFingerprint) {
        throw new BillingError('conflict', {
          message:
            'This payment was already started with a different amount or card. Start a new payment to change it.',
          details: { topUpId: existing.id },
        });
      }
      // A replay (double click, retry after a lost response) gets the same top-up, never a second charge.
      return this.topUpOf(existing);
    }

    const amount = this.checkMoney(request.amount, 'amount');
    const amountProblem = checkTopUpAmount(amount, { minimum: this.topUpMinimum, maximum: this.topUpMaximum });
    if (amountProblem) {
      const message = topUpAmountMessage(amountProblem, (value) => this.describeMoney(value));
      switch (amountProblem.code) {
        case 'below_minimum':
          throw validationError(message, { field: 'amount', limit: 'minimum', minimum: this.money(amountProblem.minimum) });
        case 'above_maximum':
          throw validationError(message, { field: 'amount', limit: 'maximum', maximum: this.money(amountProblem.maximum) });
        case 'not_positive':
          throw validationError(message, { field: 'amount' });
      }
    }

    let outcome: TestCardChargeOutcome;
    let paymentMethodId: string | null = null;
    let pendingNewCard: TopUpRecord['pendingNewCard'] = null;
    if (source.type === 'saved_card') {
      const card = this.cards.find((candidate) => candidate.id === source.paymentMethodId);
      if (!card) {
        throw validationError('That card is no longer saved on this account. Choose another card.', {
          field: 'paymentMethodId',
        });
      }
      paymentMethodId = card.id;
      // An expired card is declined like any other card, as a failed top-up, as the server does.
      outcome = this.isExpired(card)
        ? {
            status: 'declined',
            declineCode: 'expired_card',
            message: `${describeCard(card)} expired at the end of ${String(card.expMonth).padStart(2, '0')}/${card.expYear}. Choose another card or add a new one.`,
          }
        : chargeOutcomeFor(card.behaviour);
    } else if (source.type === 'new_card') {
      const resolved = this.resolveToken(source.providerToken);
      outcome = chargeOutcomeFor(resolved.card.outcome, resolved.failsAuthentication);
      pendingNewCard = { card: resolved.card, expiry: resolved.expiry, saveCard: source.saveCard };
    } else {
      throw validationError('Choose a saved card or enter a new one.', { field: 'source' });
    }

    const record = this.newTopUpRecord({ amount, idempotencyKey: key, requestFingerprint, kind: 'manual', paymentMethodId });
    record.pendingNewCard = pendingNewCard;
    this.topUpIdsByKey.set(key, record.id);

    switch (outcome.status) {
      case 'succeeded':
        this.capture(record);
        break;
      case 'requires_action':
        record.status = 'requires_action';
        record.authenticationFails = outcome.authentication === 'fails';
        record.clientSecret = `${record.id}_secret_${Math.floor(this.random() * 2 ** 32).toString(36)}`;
        break;
      case 'declined':
        record.status = 'failed';
        record.failure = { code: outcome.declineCode, message: outcome.message };
        record.pendingNewCard = null;
        break;
    }
    return this.topUpOf(record);
  }

  private newTopUpRecord(init: {
    amount: number;
    idempotencyKey: string;
    requestFingerprint: string;
    kind: 'manual' | 'auto_recharge';
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

  /** The card is charged now; the balance is credited now, or after the configured processing polls. */
  private capture(record: TopUpRecord): void {
    if (record.pendingNewCard?.saveCard) {
      record.paymentMethodId = this.saveCard(record.pendingNewCard.card, false, record.pendingNewCard.expiry).id;
      this.emit({ type: 'account' });
    }
    record.pendingNewCard = null;
    this.chargeLog.push({
      topUpId: record.id,
      idempotencyKey: record.idempotencyKey,
      amount: record.amount,
      paymentMethodId: record.paymentMethodId,
      at: this.nowMs(),
      kind: record.kind,
    });
    if (record.kind === 'manual' && this.processingPolls > 0) {
      record.status = 'processing';
      record.processingPollsLeft = this.processingPolls;
    } else {
      this.settle(record);
    }
  }

  private settle(record: TopUpRecord): void {
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

  private findTopUp(topUpId: string): TopUpRecord {
    const record = this.topUps.get(topUpId);
    if (!record) throw new BillingError('not_found', { message: `There is no top-up ${topUpId}.` });
    return record;
  }

  private topUpOf(record: TopUpRecord): TopUp {
    const base = {
      id: record.id,
      amount: this.money(record.amount),
      idempotencyKey: record.idempotencyKey,
      paymentMethodId: record.paymentMethodId,
      createdAt: isoAt(record.createdAt),
    };
    switch (record.status) {
      case 'succeeded':
        return { ...base, status: 'succeeded', balanceAfter: this.money(record.balanceAfter ?? this.balance) };
      case 'processing':
        return { ...base, status: 'processing' };
      case 'requires_action':
        return {
          ...base,
          status: 'requires_action',
          nextAction: { type: 'three_d_secure', clientSecret: record.clientSecret ?? `${record.id}_secret` },
        };
      case 'failed':
        return {
          ...base,
          status: 'failed',
          failure: { ...(record.failure ?? { code: 'generic_decline', message: DECLINE_MESSAGES.generic_decline }) },
        };
    }
  }

  // ============================================================== automatic recharge

  private autoRechargeSnapshot(): AutoRechargeSettings {
    const settings = this.autoRecharge;
    return {
      enabled: settings.enabled,
      thresholdAmount: this.money(settings.thresholdAmount),
      rechargeAmount: this.money(settings.rechargeAmount),
      paymentMethodId: settings.paymentMethodId,
      monthlyCap: settings.monthlyCap === null ? null : this.money(settings.monthlyCap),
      monthlyCapSupported: this.monthlyCapSupported,
      version: settings.version,
      disabledReason: settings.disabledReason,
      recentAttempts: settings.recentAttempts.map((attempt) => ({
        id: attempt.id,
        at: isoAt(attempt.at),
        amount: this.money(attempt.amount),
        paymentMethodId: attempt.paymentMethodId,
        outcome: attempt.outcome,
        failureMessage: attempt.failureMessage,
      })),
      updatedAt: isoAt(settings.updatedAt),
    };
  }

  private applySaveAutoRecharge(request: SaveAutoRechargeRequest): AutoRechargeSettings {
    const settings = this.autoRecharge;
    if (request.expectedVersion !== settings.version) {
      throw new BillingError('conflict', { details: { current: this.autoRechargeSnapshot() } });
    }

    const fieldErrors: Record<string, string> = {};
    const amountOf = (value: Money | null | undefined, field: string): number | null => {
      if (value === null || value === undefined) return null;
      try {
        return this.checkMoney(value, field);
      } catch (error) {
        fieldErrors[field] = error instanceof Error ? error.message : String(error);
        return null;
      }
    };
    const thresholdAmount = amountOf(request.thresholdAmount, 'thresholdAmount');
    const rechargeAmount = amountOf(request.rechargeAmount, 'rechargeAmount');
    const monthlyCap = amountOf(request.monthlyCap, 'monthlyCap');
    if (request.thresholdAmount == null) fieldErrors['thresholdAmount'] = 'Enter a balance threshold.';
    if (request.rechargeAmount == null) fieldErrors['rechargeAmount'] = 'Enter a recharge amount.';
    const card =
      request.paymentMethodId === null ? undefined : this.cards.find((candidate) => candidate.id === request.paymentMethodId);
    const problems = checkAutoRecharge({
      enabled: request.enabled,
      thresholdAmount,
      rechargeAmount,
      monthlyCap,
      card: request.paymentMethodId === null ? 'none' : !card ? 'missing' : this.isExpired(card) ? 'expired' : 'usable',
      limits: { minimum: this.topUpMinimum, maximum: this.topUpMaximum },
      monthlyCapSupported: this.monthlyCapSupported,
    });
    const describe = (amount: number) => this.describeMoney(amount);
    for (const problem of problems) {
      fieldErrors[problem.field] ??= autoRechargeMessage(problem, describe, card ? describeCard(card) : '');
    }
    const firstError = Object.values(fieldErrors)[0];
    if (firstError !== undefined) throw validationError(firstError, { fieldErrors });

    const wasEnabled = settings.enabled;
    settings.enabled = request.enabled;
    settings.thresholdAmount = thresholdAmount ?? settings.thresholdAmount;
    settings.rechargeAmount = rechargeAmount ?? settings.rechargeAmount;
    if (request.paymentMethodId !== settings.paymentMethodId) settings.consecutiveFailures = 0;
    settings.paymentMethodId = request.paymentMethodId;
    settings.monthlyCap = monthlyCap;
    settings.version += 1;
    settings.updatedAt = this.nowMs();
    if (request.enabled) {
      settings.disabledReason = null;
      // Turning it back on is the person saying the card is fixed: count failures afresh.
      if (!wasEnabled) settings.consecutiveFailures = 0;
    }
    this.emit({ type: 'auto_recharge' });

    if (rechargeIsDue(settings.enabled, this.balance, settings.thresholdAmount)) this.attemptAutoRecharge();
    return this.autoRechargeSnapshot();
  }

  /** One automatic recharge attempt: at most one per burst of usage or per save. */
  private attemptAutoRecharge(): void {
    const settings = this.autoRecharge;
    const at = this.nowMs();
    const card = this.cards.find((candidate) => candidate.id === settings.paymentMethodId);
    this.attemptCount += 1;
    const attemptId = `arc_${String(this.attemptCount).padStart(6, '0')}`;
    const recordAttempt = (outcome: 'succeeded' | 'failed' | 'skipped', failureMessage: string | null): void => {
      settings.recentAttempts.unshift({
        id: attemptId,
        at,
        amount: settings.rechargeAmount,
        paymentMethodId: settings.paymentMethodId,
        outcome,
        failureMessage,
      });
      settings.recentAttempts.length = Math.min(settings.recentAttempts.length, MAX_RECENT_ATTEMPTS);
    };

    if (settings.monthlyCap !== null && this.monthlyCapSupported) {
      const spent = this.autoRechargedInMonthOf(at);
      if (!withinMonthlyCap(spent, settings.rechargeAmount, settings.monthlyCap)) {
        // Not a payment failure: the card is fine, so this does not count toward turning recharge off.
        recordAttempt('skipped', monthlyCapSkipMessage(settings.rechargeAmount, settings.monthlyCap, (amount) => this.describeMoney(amount)));
        this.emit({ type: 'auto_recharge' });
        return;
      }
    }

    let failureMessage: string | null = null;
    if (!card) failureMessage = 'The card for automatic recharge is no longer saved on this account.';
    else if (this.isExpired(card)) failureMessage = `${describeCard(card)} has expired.`;
    else {
      // Off-session: nobody is there to answer a 3-D Secure challenge.
      const outcome = chargeOutcomeFor(card.behaviour);
      if (outcome.status === 'requires_action') failureMessage = DECLINE_MESSAGES.authentication_required;
      else if (outcome.status === 'declined') failureMessage = outcome.message;
    }

    if (failureMessage === null) {
      const record = this.newTopUpRecord({
        amount: settings.rechargeAmount,
        idempotencyKey: `auto-recharge-${attemptId}`,
        requestFingerprint: '',
        kind: 'auto_recharge',
        paymentMethodId: settings.paymentMethodId,
      });
      this.capture(record);
      settings.consecutiveFailures = 0;
      recordAttempt('succeeded', null);
    } else {
      settings.consecutiveFailures += 1;
      recordAttempt('failed', failureMessage);
      if (settings.consecutiveFailures >= FAILURES_BEFORE_DISABLE) {
        const cardName = card ? describeCard(card) : 'the saved card';
        settings.enabled = false;
        settings.disabledReason = `Automatic recharge was turned off after ${FAILURES_BEFORE_DISABLE} failed payments with ${cardName}. Update the card and turn it back on.`;
        // Another editor holding the old version must not silently switch it back on.
        settings.version += 1;
        settings.updatedAt = at;
      }
    }
    this.emit({ type: 'auto_recharge' });
  }

  /** Automatic recharges charged in the calendar month (UTC) containing `atMs`. */
  private autoRechargedInMonthOf(atMs: number): number {
    const month = new Date(atMs);
    const target = monthIndex(month.getUTCFullYear(), month.getUTCMonth() + 1);
    let total = 0;
    for (const charge of this.chargeLog) {
      if (charge.kind !== 'auto_recharge') continue;
      const chargedAt = new Date(charge.at);
      if (monthIndex(chargedAt.getUTCFullYear(), chargedAt.getUTCMonth() + 1) === target) total += charge.amount;
    }
    return total;
  }

  // ============================================================== usage

  private usageEntryOf(record: UsageRecord): UsageEntry {
    const rate = this.rates[record.rateIndex];
    const user = this.users[record.userIndex];
    return {
      id: usageEntryId(record.seq),
      type: USAGE_TYPE.type,
      typeLabel: USAGE_TYPE.label,
      occurredAt: isoAt(record.at),
      price: this.money(record.price),
      user: { id: user?.id ?? 'usr_unknown', name: user?.name ?? 'Unknown user' },
      destinationCountry: rate?.destinationCountry ?? 'ZZ',
      destinationName: rate?.destinationName ?? 'Unknown destination',
      billedSeconds: record.billedSeconds,
      ratePerMinute: this.money(rate?.ratePerMinute ?? 0),
    };
  }

  private parseFilter(filters: UsageFilters): UsageFilter {
    const instant = (value: string | undefined, field: string): number | null => {
      if (value === undefined) return null;
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) throw validationError(`${field} must be an ISO 8601 date and time.`, { field });
      return ms;
    };
    const fromMs = instant(filters.from, 'from');
    const toMs = instant(filters.to, 'to');
    const typeMatches = filters.type === undefined || filters.type === USAGE_TYPE.type;
    const userIndex =
      filters.userId === undefined ? -1 : this.users.findIndex((user) => user.id === filters.userId);
    return {
      fromMs,
      toMs,
      typeMatches,
      userIndex: userIndex === -1 && filters.userId !== undefined ? NO_USER : userIndex,
      key: JSON.stringify([fromMs, toMs, filters.type ?? null, filters.userId ?? null]),
    };
  }

  private inPeriod(record: UsageRecord, filter: UsageFilter): boolean {
    return (filter.fromMs === null || record.at >= filter.fromMs) && (filter.toMs === null || record.at < filter.toMs);
  }

  /** Positions of matching entries in the order `sort` asks for, cached until usage changes. */
  private orderedMatches(filter: UsageFilter, sort: UsageSort): Uint32Array {
    const cacheKey = `${sort}|${filter.key}`;
    const cached = this.orderCache.get(cacheKey);
    if (cached) return cached;

    const matching: number[] = [];
    if (filter.typeMatches) {
      for (const record of this.usage) {
        if (!this.inPeriod(record, filter)) continue;
        if (filter.userIndex !== -1 && record.userIndex !== filter.userIndex) continue;
        matching.push(record.seq);
      }
    }
    let order: Uint32Array = Uint32Array.from(matching);
    const byPrice = sort === 'price_asc' || sort === 'price_desc';
    const packed = byPrice ? this.priceOrderPacked(order) : null;
    if (packed) order = packed;
    else if (byPrice || !this.usageInTimeOrder) {
      const usage = this.usage;
      order.sort((a, b) => {
        const left = usage[a];
        const right = usage[b];
        if (!left || !right) return a - b;
        const primary = byPrice ? left.price - right.price : left.at - right.at;
        return primary !== 0 ? primary : a - b;
      });
    }
    if (sort === 'date_desc' || sort === 'price_desc') order.reverse();

    if (this.orderCache.size >= MAX_CACHED_ORDERS) {
      const oldest = this.orderCache.keys().next().value;
      if (oldest !== undefined) this.orderCache.delete(oldest);
    }
    this.orderCache.set(cacheKey, order);
    return order;
  }

  /**
   * Sorts by (price, seq) ascending by packing both into one float and using the engine's native
   * numeric sort, about ten times faster than a comparator on 100,000 entries. Null when the
   * packed key would not be exact, and the caller falls back to the comparator.
   */
  private priceOrderPacked(seqs: Uint32Array): Uint32Array | null {
    const seqSpan = 2 ** Math.ceil(Math.log2(this.usage.length + 1));
    const keys = new Float64Array(seqs.length);
    for (let index = 0; index < seqs.length; index++) {
      const seq = seqs[index] ?? 0;
      const key = (this.usage[seq]?.price ?? 0) * seqSpan + seq;
      if (!Number.isSafeInteger(key) || key < 0) return null;
      keys[index] = key;
    }
    keys.sort();
    return Uint32Array.from(keys, (key) => key % seqSpan);
  }

  private sortKeyOf(record: UsageRecord, sort: UsageSort): CursorKey {
    return { primary: sort === 'price_asc' || sort === 'price_desc' ? record.price : record.at, seq: record.seq };
  }

  /** Where the page after `after` starts: the first entry strictly past it in this order. */
  private positionAfter(order: Uint32Array, sort: UsageSort, after: CursorKey): number {
    const descending = sort === 'date_desc' || sort === 'price_desc';
    let low = 0;
    let high = order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const record = this.usage[order[middle] ?? 0];
      if (!record) break;
      const key = this.sortKeyOf(record, sort);
      let comparison = key.primary !== after.primary ? key.primary - after.primary : key.seq - after.seq;
      if (descending) comparison = -comparison;
      if (comparison > 0) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  private usagePage(query: UsageQuery): UsagePage {
    const filter = this.parseFilter(query);
    const sort = query.sort ?? 'date_desc';
    if (!isSort(sort)) throw validationError(`Unknown sort ${String(sort)}.`, { field: 'sort' });
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw validationError(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, { field: 'limit' });
    }
    const queryFingerprint = fingerprint(`${sort}|${filter.key}`);
    const order = this.orderedMatches(filter, sort);

    let start = 0;
    if (query.cursor !== undefined && query.cursor !== null) {
      const decoded = decodeCursor(query.cursor);
      // A keyset cursor (the last entry's sort key) rather than an offset: entries recorded while
      // someone pages cannot shift an entry across a page edge into a duplicate or a gap.
      if (
        typeof decoded !== 'object' ||
        decoded === null ||
        !('q' in decoded) ||
        !('p' in decoded) ||
        !('s' in decoded) ||
        decoded.q !== queryFingerprint ||
        typeof decoded.p !== 'number' ||
        typeof decoded.s !== 'number'
      ) {
        throw validationError('This page link does not match the current filters. Start again from the first page.', {
          field: 'cursor',
        });
      }
      start = this.positionAfter(order, sort, { primary: decoded.p, seq: decoded.s });
    }

    const entries: UsageEntry[] = [];
    let last: UsageRecord | undefined;
    for (let position = start; position < Math.min(order.length, start + limit); position++) {
      const record = this.usage[order[position] ?? 0];
      if (!record) continue;
      entries.push(this.usageEntryOf(record));
      last = record;
    }
    const hasMore = start + limit < order.length && last !== undefined;
    let nextCursor: string | null = null;
    if (hasMore && last) {
      const key = this.sortKeyOf(last, sort);
      nextCursor = encodeCursor({ q: queryFingerprint, p: key.primary, s: key.seq });
    }
    return { entries, nextCursor, totalCount: order.length };
  }

  private usageSummary(filters: UsageFilters): UsageSummary {
    const filter = this.parseFilter(filters);
    let count = 0;
    let total = 0;
    const userIndices = new Set<number>();
    if (filter.typeMatches) {
      for (const record of this.usage) {
        if (!this.inPeriod(record, filter)) continue;
        // Users come from the period and type only, so the user filter keeps offering everyone else.
        userIndices.add(record.userIndex);
        if (filter.userIndex !== -1 && record.userIndex !== filter.userIndex) continue;
        count += 1;
        total += record.price;
      }
    }
    const users = [...userIndices]
      .map((index) => this.users[index])
      .filter((user): user is UsageUser => user !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name, 'en'))
      .map((user) => ({ id: user.id, name: user.name }));
    return {
      types:
        count > 0 ? [{ type: USAGE_TYPE.type, label: USAGE_TYPE.label, count, total: this.money(total) }] : [],
      total: this.money(total),
      users,
    };
  }
}
