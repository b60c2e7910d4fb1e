// Zod schemas (zod/mini, for weight) for every BillingClient request and response: the trust boundary.
import * as z from 'zod/mini';
import { isKnownCurrency } from '../money/money.js';
import { isKnownTimeZone } from '../money/intl-cache.js';
import {
  ID_MAX_LENGTH,
  ID_PATTERN,
  isInstantInRange,
  isSeriesSpanAllowed,
  MAX_SERIES_DAYS,
  MAX_SERIES_HOURS,
  USAGE_SERIES_BUCKETS,
  USAGE_SORTS,
} from './contract-values.js';

export { EARLIEST_INSTANT, ID_MAX_LENGTH, ID_PATTERN, isInstantInRange, LATEST_INSTANT, USAGE_SORTS } from './contract-values.js';

/** Every id, token, secret and type the client sends or receives, and every path parameter (see ID_PATTERN). */
export const Identifier = z
  .string()
  .check(z.minLength(1), z.maxLength(ID_MAX_LENGTH), z.regex(ID_PATTERN, 'ids are ASCII letters, digits and _ - . : only'));
const Id = Identifier;

/** An ISO 8601 date-time with Z or an offset, between 1970 and 9999. */
const Timestamp = z.iso
  .datetime({ offset: true })
  .check(
    z.refine(isInstantInRange, 'dates must fall between 1970 and 9999'),
    z.describe('ISO 8601 date-time with Z or an offset, from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z.'),
  );
/** An idempotency key: printable ASCII without spaces (it travels in an HTTP header too). */
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]+$/;
/** Opaque page cursors: printable ASCII without spaces, at most 1000 characters. */
const Cursor = z.string().check(z.maxLength(1000), z.regex(/^[\x21-\x7e]*$/, 'not a page cursor'));
/** Backend-provided free text (names, labels, messages): rendered as text, bounded in length. */
const Text = z.string().check(z.maxLength(500));

/**
 * The values a keyed message is built from (`{ seconds: 15 }`, `{ monthlyCap: { amount, currency } }`): text,
 * numbers and amounts, which the widget writes in the reader's locale. At most 20.
 */
export const MessageParamsSchema = z
  .record(
    z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/)),
    z.union([Text, z.number(), z.object({ amount: z.int(), currency: z.string().check(z.regex(/^[A-Z]{3}$/)) })]),
  )
  .check(z.refine((params) => Object.keys(params).length <= 20, 'at most 20 message parameters'));

/** Why something happened, as a code the widgets word in the reader's language, with the values its sentence needs. */
export const ReasonSchema = z.object({
  /** e.g. card_missing, card_expired, monthly_cap, repeated_failures, payment_method_removed, or a decline code (insufficient_funds …). */
  code: Id,
  params: z.optional(MessageParamsSchema),
});

export const CurrencyCode = z
  .string()
  .check(z.regex(/^[A-Z]{3}$/, 'currency must be a three-letter ISO 4217 code'), z.refine(isKnownCurrency, 'unknown currency'));

/** An amount in integer minor units (never a float), within Number.MAX_SAFE_INTEGER. */
export const MoneySchema = z.object({
  amount: z.int(),
  currency: CurrencyCode,
});

const NonNegativeMoney = z.object({
  amount: z.int().check(z.nonnegative()),
  currency: CurrencyCode,
});

// ---------------------------------------------------------------- account

/** How much an automatic recharge adds (see AutoRechargeMode in src/rules): absent from backends without target mode, which means fixed. */
export const AutoRechargeModeSchema = z.enum(['fixed', 'target']);

/** The rule a person edits, as the account summary shows it: when to recharge, by how much, with which card. */
const autoRechargeRuleCore = {
  enabled: z.boolean(),
  /** Recharge fires when the balance is strictly below this amount. */
  thresholdAmount: NonNegativeMoney,
  /**
   * What a fixed-mode recharge adds. Required in either mode, so a backend without target mode still reads a save;
   * kept (and sent back) in target mode for switching back.
   */
  rechargeAmount: NonNegativeMoney,
  /** `fixed` adds rechargeAmount; `target` brings the balance back up to targetBalance. Absent: fixed (backends and clients from before target mode). */
  mode: z.optional(AutoRechargeModeSchema),
  /** The balance a target-mode recharge brings the account back up to; required in target mode, kept for switching back otherwise. */
  targetBalance: z.optional(z.nullable(NonNegativeMoney)),
  paymentMethodId: z.nullable(Id),
};

/** The whole rule: what the settings hold and what a save sends back. */
const autoRechargeRule = {
  ...autoRechargeRuleCore,
  /** Upper bound on automatic recharges per calendar month; null when none is set. */
  monthlyCap: z.nullable(NonNegativeMoney),
};

export const AutoRechargeSummarySchema = z
  .object(autoRechargeRuleCore)
  .check(z.refine((summary) => !targetWithoutBalance(summary), "mode 'target' needs a targetBalance"));

export const TopUpLimitsSchema = z.object({
  minimum: NonNegativeMoney,
  maximum: NonNegativeMoney,
  presets: z.array(NonNegativeMoney).check(z.maxLength(12)),
});

export const AccountSchema = z
  .object({
    id: Id,
    name: Text,
    currency: CurrencyCode,
    /** May be negative when usage overdraws the balance. */
    balance: MoneySchema,
    lowBalanceThreshold: NonNegativeMoney,
    topUpLimits: TopUpLimitsSchema,
    balanceUpdatedAt: Timestamp,
    autoRecharge: AutoRechargeSummarySchema,
  })
  .check(
    z.refine(
      (a) =>
        [
          a.balance,
          a.lowBalanceThreshold,
          a.topUpLimits.minimum,
          a.topUpLimits.maximum,
          ...a.topUpLimits.presets,
          a.autoRecharge.thresholdAmount,
          a.autoRecharge.rechargeAmount,
          ...(a.autoRecharge.targetBalance ? [a.autoRecharge.targetBalance] : []),
        ].every((m) => m.currency === a.currency),
      'every amount must be in the account currency',
    ),
    z.refine((a) => a.topUpLimits.minimum.amount <= a.topUpLimits.maximum.amount, 'top-up minimum exceeds maximum'),
  );

// ---------------------------------------------------------------- payment methods

export const PaymentMethodSchema = z.object({
  id: Id,
  type: z.literal('card'),
  /** visa, mastercard, amex, discover, jcb, unionpay, diners, unknown: free text so new brands do not break parsing. */
  brand: z.string().check(z.minLength(1), z.maxLength(40)),
  last4: z.string().check(z.regex(/^\d{4}$/)),
  expMonth: z.int().check(z.gte(1), z.lte(12)),
  expYear: z.int().check(z.gte(2000), z.lte(2200)),
  isDefault: z.boolean(),
});

export const PaymentMethodListSchema = z.array(PaymentMethodSchema);

export const AddPaymentMethodRequestSchema = z.object({
  /** Token or confirmed SetupIntent id from the PaymentProvider; never raw card data. */
  providerToken: Id,
  makeDefault: z.optional(z.boolean()),
});

// ---------------------------------------------------------------- top-ups

export const TopUpPaymentSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('saved_card'), paymentMethodId: Id }),
  z.object({ type: z.literal('new_card'), providerToken: Id, saveCard: z.boolean() }),
]);

export const CreateTopUpRequestSchema = z.object({
  amount: NonNegativeMoney,
  source: TopUpPaymentSourceSchema,
  /** One key per payment attempt; a replay with the same key returns the first result and never charges twice. */
  idempotencyKey: z
    .string()
    .check(z.minLength(8), z.maxLength(255), z.regex(IDEMPOTENCY_KEY_PATTERN, 'the idempotency key is printable ASCII without spaces')),
});

const TopUpBase = {
  id: Id,
  amount: NonNegativeMoney,
  idempotencyKey: z.string().check(z.minLength(1), z.maxLength(255), z.regex(IDEMPOTENCY_KEY_PATTERN)),
  paymentMethodId: z.nullable(Id),
  createdAt: Timestamp,
};

export const TopUpSchema = z.discriminatedUnion('status', [
  z.object({ ...TopUpBase, status: z.literal('succeeded'), balanceAfter: MoneySchema }),
  z.object({ ...TopUpBase, status: z.literal('processing') }),
  z.object({
    ...TopUpBase,
    status: z.literal('requires_action'),
    /** What the PaymentProvider needs to run strong customer authentication (3-D Secure). */
    nextAction: z.object({ type: z.literal('three_d_secure'), clientSecret: Id }),
  }),
  z.object({
    ...TopUpBase,
    status: z.literal('failed'),
    failure: z.object({
      /** Stripe-style decline code: insufficient_funds, expired_card, generic_decline, authentication_failed … */
      code: z.string().check(z.maxLength(80)),
      message: Text,
    }),
  }),
]);

// ---------------------------------------------------------------- top-up history

export const TopUpHistoryQuerySchema = z.object({
  /** Opaque cursor from the previous page's nextCursor; absent or null for the newest page. */
  cursor: z.optional(z.nullable(Cursor)),
  /** Top-ups per page, 1 to 100; the backend picks when absent (the reference server: 20). */
  limit: z.optional(z.int().check(z.gte(1), z.lte(100))),
});

/**
 * A receipt's tax line, when the host's backend works one out (the reference server does not: it sends null). Shown on
 * the receipt as sent: `label` in the backend's words ("VAT 19% included"), `amount` in the account currency.
 */
export const TopUpTaxSchema = z.object({ label: Text, amount: NonNegativeMoney });

/** One manual or automatic top-up in the history: what a row and its receipt show. */
export const TopUpHistoryEntrySchema = z.object({
  id: Id,
  /** `auto_recharge`: charged by automatic recharge; `manual`: a person added funds. */
  kind: z.enum(['manual', 'auto_recharge']),
  amount: NonNegativeMoney,
  /**
   * `pending`: still being charged or waiting for 3-D Secure. `skipped`: an automatic recharge held back before any
   * charge (the monthly cap), with `failure` saying why. An automatic recharge that failed before a charge (no card, an
   * expired card) is `failed` with no paymentId.
   */
  status: z.enum(['succeeded', 'pending', 'failed', 'skipped']),
  createdAt: Timestamp,
  /** The card charged; null (or absent) when the backend no longer knows it, e.g. a new card that was not saved. */
  card: z.optional(z.nullable(z.object({ brand: PaymentMethodSchema.shape.brand, last4: PaymentMethodSchema.shape.last4 }))),
  /**
   * Why it failed or was skipped: a decline code or a recharge reason's code (card_missing, card_expired, monthly_cap …)
   * with the values its sentence needs, which the widgets word in the reader's language; the backend's text otherwise.
   */
  failure: z.optional(
    z.nullable(z.object({ code: z.string().check(z.maxLength(80)), message: Text, params: z.optional(MessageParamsSchema) })),
  ),
  /** The payment processor's reference (e.g. Stripe's pi_…), printed on the receipt; absent: the top-up id is printed. */
  paymentId: z.optional(z.nullable(Id)),
  /** The tax line the receipt prints, when the host's backend provides one. */
  tax: z.optional(z.nullable(TopUpTaxSchema)),
});

export const TopUpHistoryPageSchema = z.object({
  /** Newest first: (createdAt, id) descending. */
  topUps: z.array(TopUpHistoryEntrySchema).check(z.maxLength(100)),
  /** Null on the last page. */
  nextCursor: z.nullable(Cursor),
});

// ---------------------------------------------------------------- auto-recharge

export const AutoRechargeAttemptSchema = z.object({
  id: Id,
  at: Timestamp,
  amount: NonNegativeMoney,
  paymentMethodId: z.nullable(Id),
  /** `skipped`: not charged because it would pass the monthly cap (the card is fine; not a failure). */
  outcome: z.enum(['succeeded', 'failed', 'skipped']),
  /** Why it failed or was skipped, in the backend's words (English): the fallback for a code the widget does not know. */
  failureMessage: z.nullable(Text),
  /** Why it failed or was skipped, as a code and values; absent from backends that send only the text. */
  failureReason: z.optional(z.nullable(ReasonSchema)),
  /** Set on a target-mode recharge: the balance it set out to reach (amount is what was actually charged). */
  targetBalance: z.optional(z.nullable(NonNegativeMoney)),
  /** What made a target-mode recharge smaller than the gap to its target: the monthly cap or the largest payment. */
  limitedBy: z.optional(z.nullable(z.enum(['monthly_cap', 'maximum']))),
});

export const AutoRechargeSettingsSchema = z
  .object({
    ...autoRechargeRule,
    monthlyCapSupported: z.boolean(),
    /** Optimistic-concurrency version: send it back as expectedVersion when saving. */
    version: z.int().check(z.nonnegative()),
    /** Set when the backend turned auto-recharge off itself (e.g. after repeated failures), in its words (English). */
    disabledReason: z.nullable(Text),
    /** Why the backend turned auto-recharge off, as a code and values (repeated_failures, payment_method_removed); absent from backends that send only the text. */
    disabledCause: z.optional(z.nullable(ReasonSchema)),
    recentAttempts: z.array(AutoRechargeAttemptSchema).check(z.maxLength(50)),
    updatedAt: Timestamp,
  })
  .check(z.refine((settings) => !targetWithoutBalance(settings), "mode 'target' needs a targetBalance"));

export const SaveAutoRechargeRequestSchema = z
  .object({
    ...autoRechargeRule,
    expectedVersion: z.int().check(z.nonnegative()),
  })
  .check(z.refine((request) => !targetWithoutBalance(request), "mode 'target' needs a targetBalance"));

/** Target mode with no balance to reach: nothing says how much a recharge would add. */
function targetWithoutBalance(value: { mode?: 'fixed' | 'target' | undefined; targetBalance?: unknown }): boolean {
  return value.mode === 'target' && (value.targetBalance === null || value.targetBalance === undefined);
}

// ---------------------------------------------------------------- usage

export const UsageFiltersSchema = z.object({
  /** Inclusive start instant. */
  from: z.optional(Timestamp),
  /** Exclusive end instant. */
  to: z.optional(Timestamp),
  type: z.optional(Id),
  userId: z.optional(Id),
});

export const UsageQuerySchema = z
  .object({
    ...UsageFiltersSchema.shape,
    sort: z.optional(z.enum(USAGE_SORTS)),
    /** Opaque cursor from the previous page's nextCursor. */
    cursor: z.optional(z.nullable(Cursor)),
    limit: z.optional(z.int().check(z.gte(1), z.lte(500))),
    /**
     * The page starting at row `offset` (0 = the first) of this sorted, filtered list, without walking the pages before
     * it; not with `cursor`. A backend that honours it says so by echoing it in the page; one that does not answers the
     * first page, and the widget walks instead.
     */
    offset: z.optional(z.int().check(z.gte(0), z.lte(Number.MAX_SAFE_INTEGER))),
  })
  .check(
    z.refine((query) => query.offset === undefined || query.cursor === undefined || query.cursor === null, {
      error: 'offset and cursor cannot be used together',
      path: ['offset'],
    }),
  );

export const UsageUserSchema = z.object({ id: Id, name: Text });

export const UsageEntrySchema = z.object({
  id: Id,
  /** Machine type, e.g. outbound_international_call: the widgets name known types in the reader's language. */
  type: Id,
  /** Human label, e.g. "Outbound International Call": shown for a type the widget does not know. */
  typeLabel: Text,
  occurredAt: Timestamp,
  price: NonNegativeMoney,
  user: UsageUserSchema,
  /** ISO 3166-1 alpha-2 country code of the call's destination: the widgets name it in the reader's language. */
  destinationCountry: z.string().check(z.regex(/^[A-Z]{2}$/)),
  /** The destination's name in the backend's language: shown where the browser has no name for the code. */
  destinationName: Text,
  /** Billed duration in seconds (after the rounding rule). */
  billedSeconds: z.int().check(z.nonnegative()),
  ratePerMinute: NonNegativeMoney,
});

export const UsagePageSchema = z.object({
  entries: z.array(UsageEntrySchema).check(z.maxLength(500)),
  nextCursor: z.nullable(Cursor),
  /** Count of all entries matching the filters (not just this page). */
  totalCount: z.int().check(z.nonnegative()),
  /** The query's `offset`, echoed by a backend that answered the page starting there (absent otherwise). */
  offset: z.optional(z.int().check(z.nonnegative())),
});

export const UsageTypeSummarySchema = z.object({
  /** Machine type: the widgets name known types in the reader's language. */
  type: Id,
  /** The backend's name of the type: shown for a type the widget does not know. */
  label: Text,
  count: z.int().check(z.nonnegative()),
  total: NonNegativeMoney,
});

export const UsageSummarySchema = z.object({
  types: z.array(UsageTypeSummarySchema),
  total: NonNegativeMoney,
  /** Users who appear in the filtered period, for the user filter. */
  users: z.array(UsageUserSchema),
});

/** An IANA time zone name the runtime knows (America/New_York, Asia/Kolkata, UTC). */
const TimeZoneName = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_+\-/]{1,64}$/, 'not an IANA time zone name'), z.refine(isKnownTimeZone, 'unknown time zone'));

/**
 * getUsageSeries's question: spend per calendar day (or clock hour) in `timeZone` over [from, to), for the same type and
 * user filters as getUsageSummary. At most 400 days of day buckets or 192 hours of hour buckets.
 */
export const UsageSeriesQuerySchema = z
  .object({
    /** Inclusive start instant. */
    from: Timestamp,
    /** Exclusive end instant. */
    to: Timestamp,
    type: z.optional(Id),
    userId: z.optional(Id),
    timeZone: TimeZoneName,
    bucket: z.enum(USAGE_SERIES_BUCKETS),
  })
  .check(
    z.refine((query) => Date.parse(query.from) < Date.parse(query.to), { error: 'to must be after from', path: ['to'] }),
    z.refine((query) => isSeriesSpanAllowed(Date.parse(query.from), Date.parse(query.to), query.bucket), {
      error: `at most ${MAX_SERIES_DAYS} days of day buckets or ${MAX_SERIES_HOURS} hours of hour buckets`,
      path: ['to'],
    }),
  );

export const UsageSeriesPointSchema = z.object({
  /** The instant the bucket starts in the series' zone (local midnight, or the top of a local hour). */
  start: Timestamp,
  spend: NonNegativeMoney,
  count: z.int().check(z.nonnegative()),
});

export const UsageSeriesSchema = z.object({
  bucket: z.enum(USAGE_SERIES_BUCKETS),
  timeZone: Text,
  /**
   * Every bucket from the one holding `from` to the one holding the last instant before `to`, oldest first, zeros
   * included; each ends where the next starts (a DST day is 23 or 25 hours).
   */
  points: z.array(UsageSeriesPointSchema).check(z.maxLength(MAX_SERIES_DAYS + 2)),
  /** The sum of the points: getUsageSummary's total for the same filters. */
  total: NonNegativeMoney,
});

/** A rate change the backend has scheduled: from `effectiveFrom` on, calls starting then are priced at `ratePerMinute`. */
export const ScheduledRateSchema = z.object({
  ratePerMinute: NonNegativeMoney,
  effectiveFrom: Timestamp,
});

export const RateSchema = z.object({
  destinationCountry: z.string().check(z.regex(/^[A-Z]{2}$/)),
  destinationName: Text,
  /** The rate in force now: a call is priced at the rate in force when it starts. */
  ratePerMinute: NonNegativeMoney,
  /** Since when `ratePerMinute` applies. Optional: a backend that keeps no rate history leaves it out. */
  effectiveFrom: z.optional(Timestamp),
  /** The next scheduled change, when one is known. */
  nextRate: z.optional(ScheduledRateSchema),
  /** The destination's international dialling prefix ("+234"), when the backend knows it. */
  dialingPrefix: z.optional(z.string().check(z.regex(/^\+[0-9]{1,4}$/))),
});

export const RateListSchema = z.array(RateSchema);

// ---------------------------------------------------------------- change feed

export const BillingChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('balance'), balance: MoneySchema, at: Timestamp }),
  z.object({ type: z.literal('account') }),
  z.object({ type: z.literal('auto_recharge') }),
  z.object({ type: z.literal('usage') }),
  /** A card was saved, removed or made the default: read the saved cards again. */
  z.object({ type: z.literal('payment_methods') }),
  /** A top-up failed, which moves no balance (so no balance change says so): read the top-up history again. */
  z.object({ type: z.literal('top_ups') }),
]);

// ---------------------------------------------------------------- types

export type Account = z.infer<typeof AccountSchema>;
export type AutoRechargeMode = z.infer<typeof AutoRechargeModeSchema>;
export type AutoRechargeSummary = z.infer<typeof AutoRechargeSummarySchema>;
export type TopUpLimits = z.infer<typeof TopUpLimitsSchema>;
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;
export type AddPaymentMethodRequest = z.infer<typeof AddPaymentMethodRequestSchema>;
export type TopUpPaymentSource = z.infer<typeof TopUpPaymentSourceSchema>;
export type CreateTopUpRequest = z.infer<typeof CreateTopUpRequestSchema>;
export type TopUp = z.infer<typeof TopUpSchema>;
export type TopUpStatus = TopUp['status'];
export type TopUpHistoryQuery = z.infer<typeof TopUpHistoryQuerySchema>;
export type TopUpHistoryEntry = z.infer<typeof TopUpHistoryEntrySchema>;
export type TopUpHistoryPage = z.infer<typeof TopUpHistoryPageSchema>;
export type TopUpTax = z.infer<typeof TopUpTaxSchema>;
export type Reason = z.infer<typeof ReasonSchema>;
export type AutoRechargeAttempt = z.infer<typeof AutoRechargeAttemptSchema>;
export type AutoRechargeSettings = z.infer<typeof AutoRechargeSettingsSchema>;
export type SaveAutoRechargeRequest = z.infer<typeof SaveAutoRechargeRequestSchema>;
export type UsageSort = (typeof USAGE_SORTS)[number];
export type UsageFilters = z.infer<typeof UsageFiltersSchema>;
export type UsageQuery = z.infer<typeof UsageQuerySchema>;
export type UsageUser = z.infer<typeof UsageUserSchema>;
export type UsageEntry = z.infer<typeof UsageEntrySchema>;
export type UsagePage = z.infer<typeof UsagePageSchema>;
export type UsageTypeSummary = z.infer<typeof UsageTypeSummarySchema>;
export type UsageSummary = z.infer<typeof UsageSummarySchema>;
export type UsageSeriesQuery = z.infer<typeof UsageSeriesQuerySchema>;
export type UsageSeriesPoint = z.infer<typeof UsageSeriesPointSchema>;
export type UsageSeries = z.infer<typeof UsageSeriesSchema>;
export type UsageSeriesBucket = UsageSeriesQuery['bucket'];
export type Rate = z.infer<typeof RateSchema>;
export type ScheduledRate = z.infer<typeof ScheduledRateSchema>;
export type BillingChange = z.infer<typeof BillingChangeSchema>;
