// The BillingClient interface: what a host implements (or takes ready-made) to connect the widgets to its backend.
import type {
  Account,
  AddPaymentMethodRequest,
  AutoRechargeSettings,
  BillingChange,
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
} from './schemas.js';

export interface RequestOptions {
  /** Aborting rejects the call with an AbortError; the widget has gone away or the person moved on. */
  signal?: AbortSignal;
}

export type BillingChangeListener = (change: BillingChange) => void;

/**
 * Every method returns a promise that rejects with a {@link BillingError} on failure.
 * Responses are checked against the zod schemas in `schemas.ts` before any widget reads them.
 */
export interface BillingClient {
  /** The account's balance, currency, limits and auto-recharge summary. */
  getAccount(options?: RequestOptions): Promise<Account>;

  /** Saved cards, default first or flagged with isDefault. Expired cards are included. */
  listPaymentMethods(options?: RequestOptions): Promise<PaymentMethod[]>;
  /** Saves a card without charging it (SetupIntent style), e.g. for automatic recharges. */
  addPaymentMethod(request: AddPaymentMethodRequest, options?: RequestOptions): Promise<PaymentMethod>;
  /**
   * Removes a saved card. Resolves with the cards left (default flagged). Removing the default makes the most recently
   * added remaining card the default; removing the card auto-recharge uses turns auto-recharge off (disabledCause
   * payment_method_removed). Idempotent: removing a card this account already removed resolves with the current list;
   * an id the account never had rejects with not_found.
   */
  removePaymentMethod(paymentMethodId: string, options?: RequestOptions): Promise<PaymentMethod[]>;
  /** Makes a saved card the default. Resolves with the cards (default flagged). Idempotent; an unknown or removed id rejects with not_found. */
  setDefaultPaymentMethod(paymentMethodId: string, options?: RequestOptions): Promise<PaymentMethod[]>;

  /**
   * Starts a top-up. Idempotent on request.idempotencyKey: a replay returns the first top-up
   * and never charges again. Declines resolve with status "failed"; they do not reject.
   */
  createTopUp(request: CreateTopUpRequest, options?: RequestOptions): Promise<TopUp>;
  /** Reads a top-up, to poll one that is "processing" or to recover after a lost response. */
  getTopUp(topUpId: string, options?: RequestOptions): Promise<TopUp>;
  /** After the PaymentProvider finished 3-D Secure, asks the backend to settle the top-up. */
  confirmTopUp(topUpId: string, options?: RequestOptions): Promise<TopUp>;
  /**
   * Optional: one page of the account's manual and automatic top-ups, newest first ((createdAt, id) descending), for
   * `<billing-history>`. Follow `nextCursor` for the next page; top-ups made while someone pages never shift one into a
   * duplicate or a gap. A backend without it leaves the method out, and `<billing-history>` says the history is unavailable.
   */
  listTopUps?(query: TopUpHistoryQuery, options?: RequestOptions): Promise<TopUpHistoryPage>;

  getAutoRecharge(options?: RequestOptions): Promise<AutoRechargeSettings>;
  /** Rejects with code "conflict" (details.current holds the newer settings) when expectedVersion is stale. */
  saveAutoRecharge(request: SaveAutoRechargeRequest, options?: RequestOptions): Promise<AutoRechargeSettings>;

  /** One page of the usage ledger, newest first unless query.sort says otherwise. */
  listUsage(query: UsageQuery, options?: RequestOptions): Promise<UsagePage>;
  /** Count and total spend per usage type for exactly the same filters as listUsage. */
  getUsageSummary(filters: UsageFilters, options?: RequestOptions): Promise<UsageSummary>;
  /**
   * Optional: spend and count per calendar day (or hour) in `query.timeZone` for getUsageSummary's filters, every bucket
   * present (zeros included), totals equal to the summary's. Without it the usage table draws no spend chart.
   */
  getUsageSeries?(query: UsageSeriesQuery, options?: RequestOptions): Promise<UsageSeries>;
  getUsageEntry(entryId: string, options?: RequestOptions): Promise<UsageEntry>;
  /** The published per-minute rate for each destination country. */
  listRates(options?: RequestOptions): Promise<Rate[]>;

  /** Optional push channel: the store refreshes when a change arrives. Returns an unsubscribe function. */
  subscribe?(listener: BillingChangeListener): () => void;
}
