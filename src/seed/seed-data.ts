// Deterministic demo data: account values, rate table, users, saved test cards and the seeded usage history.
// MockBillingClient (through src/client/mock/seed.ts) and the reference server (server/seed.ts, server/pricing.ts)
// both seed from it, so neither depends on the other: the server never imports the mock.
//
// Pricing rule: calls are billed per started minute. billedSeconds = ceil(durationSeconds / 60) × 60
// and price = ratePerMinute × (billedSeconds / 60), in integer minor units. A 61-second call to a
// $0.03/min destination costs $0.06.
//
// Amounts below are written in US cents. For another currency with d fraction digits they are
// multiplied by 10^max(0, d − 2): EUR keeps the same numbers, KWD gains a digit (42.500 KD),
// and zero-digit currencies such as JPY keep the count as whole units (¥4,250), which also lands
// in a plausible range for yen. Rates therefore never round down to zero.

import { currencyDigits, isKnownCurrency } from '../money/money.js';
import { billedSecondsFor, callPrice } from '../rules/pricing.js';

/** Small, fast, seedable PRNG (mulberry32): the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Minor-unit digits of a currency per Intl (JPY 0, USD 2, KWD 3). Throws RangeError for a code Intl does not know.
 * Cached per currency by money/ (building the mock's seed asks this for every entry; a new Intl.NumberFormat each
 * time cost 60 ms of main thread at page load).
 */
export function currencyFractionDigits(currency: string): number {
  if (!isKnownCurrency(currency)) {
    throw new RangeError(`Unknown currency ${JSON.stringify(currency)}: expected an upper-case ISO 4217 code such as "USD".`);
  }
  return currencyDigits(currency);
}

/** Converts a seed amount written in US cents into minor units of `currency` (see the file comment). */
export function scaleSeedAmount(usdCents: number, currency: string): number {
  return usdCents * 10 ** Math.max(0, currencyFractionDigits(currency) - 2);
}

// ---------------------------------------------------------------- account

export const SEED_ACCOUNT = {
  id: 'acct_northwind',
  name: 'Northwind Telecom',
  currency: 'USD',
  balanceCents: 4250,
  lowBalanceThresholdCents: 1000,
  topUpMinimumCents: 1000,
  topUpMaximumCents: 100000,
  topUpPresetCents: [2500, 5000, 10000, 25000],
  autoRechargeThresholdCents: 1000,
  autoRechargeAmountCents: 5000,
  /** What the people in the seeded history topped up by whenever the balance ran low. */
  historicalTopUpCents: 10000,
  /** How far back the seeded usage history reaches. */
  historyDays: 90,
} as const;

export const USAGE_TYPE = {
  type: 'outbound_international_call',
  label: 'Outbound International Call',
} as const;

// ---------------------------------------------------------------- users

export interface SeedUser {
  readonly id: string;
  readonly name: string;
  /** Relative share of the calls; some people call abroad far more than others. */
  readonly weight: number;
}

export const SEED_USERS: readonly SeedUser[] = [
  { id: 'usr_dana_whitfield', name: 'Dana Whitfield', weight: 30 },
  { id: 'usr_marcus_oyelaran', name: 'Marcus Oyelaran', weight: 22 },
  { id: 'usr_priya_raman', name: 'Priya Raman', weight: 18 },
  { id: 'usr_tomas_herrera', name: 'Tomás Herrera', weight: 14 },
  { id: 'usr_ingrid_solberg', name: 'Ingrid Solberg', weight: 10 },
  { id: 'usr_kenji_watanabe', name: 'Kenji Watanabe', weight: 6 },
];

// ---------------------------------------------------------------- rates

export interface SeedRate {
  readonly destinationCountry: string;
  readonly destinationName: string;
  readonly centsPerMinute: number;
  /** Relative share of the seeded calls going there. */
  readonly weight: number;
  /** The international dialling prefix. */
  readonly dialingPrefix: string;
  /** A scheduled change to this rate, taking effect at seedRateChangeAt(). */
  readonly nextCentsPerMinute?: number;
}

/**
 * When the seeded rates took effect: 1 January of the year before `nowMs`, so before every seeded call (the history
 * covers SEED_ACCOUNT.historyDays).
 */
export function seedRatesEffectiveFrom(nowMs: number): number {
  return Date.UTC(new Date(nowMs).getUTCFullYear() - 1, 0, 1);
}

/** When the seeded scheduled changes (nextCentsPerMinute) take effect: the first day of the next month, UTC. */
export function seedRateChangeAt(nowMs: number): number {
  const now = new Date(nowMs);
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
}

export const SEED_RATES: readonly SeedRate[] = [
  {
    destinationCountry: 'AE',
    destinationName: 'United Arab Emirates',
    centsPerMinute: 45,
    weight: 2,
    dialingPrefix: '+971',
    nextCentsPerMinute: 39,
  },
  { destinationCountry: 'AU', destinationName: 'Australia', centsPerMinute: 4, weight: 5, dialingPrefix: '+61' },
  { destinationCountry: 'BR', destinationName: 'Brazil', centsPerMinute: 8, weight: 5, dialingPrefix: '+55' },
  { destinationCountry: 'CN', destinationName: 'China', centsPerMinute: 3, weight: 4, dialingPrefix: '+86' },
  { destinationCountry: 'DE', destinationName: 'Germany', centsPerMinute: 3, weight: 9, dialingPrefix: '+49' },
  { destinationCountry: 'ES', destinationName: 'Spain', centsPerMinute: 3, weight: 5, dialingPrefix: '+34' },
  { destinationCountry: 'FR', destinationName: 'France', centsPerMinute: 3, weight: 7, dialingPrefix: '+33' },
  {
    destinationCountry: 'GB',
    destinationName: 'United Kingdom',
    centsPerMinute: 2,
    weight: 16,
    dialingPrefix: '+44',
    nextCentsPerMinute: 3,
  },
  { destinationCountry: 'IN', destinationName: 'India', centsPerMinute: 5, weight: 12, dialingPrefix: '+91' },
  { destinationCountry: 'IT', destinationName: 'Italy', centsPerMinute: 3, weight: 4, dialingPrefix: '+39' },
  { destinationCountry: 'JP', destinationName: 'Japan', centsPerMinute: 7, weight: 4, dialingPrefix: '+81' },
  { destinationCountry: 'MX', destinationName: 'Mexico', centsPerMinute: 4, weight: 14, dialingPrefix: '+52' },
  { destinationCountry: 'NG', destinationName: 'Nigeria', centsPerMinute: 24, weight: 3, dialingPrefix: '+234', nextCentsPerMinute: 21 },
  { destinationCountry: 'PH', destinationName: 'Philippines', centsPerMinute: 15, weight: 7, dialingPrefix: '+63' },
  { destinationCountry: 'ZA', destinationName: 'South Africa', centsPerMinute: 12, weight: 3, dialingPrefix: '+27' },
];

// ---------------------------------------------------------------- ids

export function usageEntryId(seq: number): string {
  // Fixed width keeps string order equal to creation order, so "ties broken by id" is unambiguous.
  return `use_${String(seq + 1).padStart(8, '0')}`;
}

export function usageSeqFromId(entryId: string): number | null {
  const match = /^use_(\d{8})$/.exec(entryId);
  return match?.[1] ? Number(match[1]) - 1 : null;
}

export function topUpId(ordinal: number): string {
  return `tu_${String(ordinal).padStart(6, '0')}`;
}

// ---------------------------------------------------------------- saved cards

export interface SeedCard {
  readonly id: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly isDefault: boolean;
}

/** The two saved cards, dated from `now` so the Visa stays valid and the Mastercard stays expired. */
export function seedCards(now: Date): SeedCard[] {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  // Two months back, so it is already expired whatever day of the month the clock reads.
  const expiredIndex = year * 12 + (month - 1) - 2;
  return [
    { id: 'pm_visa_4242', brand: 'visa', last4: '4242', expMonth: month, expYear: year + 3, isDefault: true },
    {
      id: 'pm_mastercard_4444',
      brand: 'mastercard',
      last4: '4444',
      expMonth: (expiredIndex % 12) + 1,
      expYear: Math.floor(expiredIndex / 12),
      isDefault: false,
    },
  ];
}

// ---------------------------------------------------------------- history

/** One usage entry, kept compact: 100,000 of these must stay cheap. Fields derive the public UsageEntry. */
export interface UsageRecord {
  readonly kind: 'usage';
  /** Position in the usage array; the public id is derived from it. */
  readonly seq: number;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly userIndex: number;
  readonly rateIndex: number;
  readonly billedSeconds: number;
  /** The per-minute rate that priced the call; absent in seeded history, priced at the destination's seeded rate. */
  readonly ratePerMinute?: number;
  /** Minor units, positive: what the call took off the balance. */
  readonly price: number;
  readonly balanceAfter: number;
}

/** A top-up (manual or automatic) landing on the balance. */
export interface CreditRecord {
  readonly kind: 'top_up';
  readonly topUpId: string;
  readonly at: number;
  readonly amount: number;
  readonly balanceAfter: number;
  readonly source: 'manual' | 'auto_recharge';
}

export type LedgerRecord = UsageRecord | CreditRecord;

export interface SeedHistoryOptions {
  seed: number;
  count: number;
  nowMs: number;
  currency: string;
  /** The balance today, in minor units: history is walked back from it. */
  startingBalance: number;
  /** Per-minute rates in minor units of `currency`, indexed like SEED_RATES. */
  ratesPerMinute: readonly number[];
}

export interface SeedHistory {
  /** Oldest first. */
  readonly usage: UsageRecord[];
  /** Manual top-ups people made during the history, oldest first; ids are topUpId(1), topUpId(2)… */
  readonly credits: CreditRecord[];
  /** Usage and credits interleaved in the order they hit the balance. */
  readonly ledger: LedgerRecord[];
}

function weightedPicker(weights: readonly number[]): (random: number) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) cumulative.push((total += weight));
  return (random) => {
    const target = random * total;
    for (let index = 0; index < cumulative.length; index++) {
      if (target < (cumulative[index] ?? 0)) return index;
    }
    return cumulative.length - 1;
  };
}

/**
 * Generates `count` calls spread over the last 90 days before `nowMs` (one per equal time slot,
 * jittered, second precision), then walks back from today's balance to give every entry its
 * balanceAfter. Whenever the walk back climbs past one top-up above the low-balance level, a
 * manual top-up is placed there, so the history reads like a balance that was drained and refilled
 * and never went negative.
 */
export function generateSeedHistory(options: SeedHistoryOptions): SeedHistory {
  const { count, nowMs, currency, startingBalance, ratesPerMinute } = options;
  const random = mulberry32(options.seed);
  const pickUser = weightedPicker(SEED_USERS.map((user) => user.weight));
  const pickRate = weightedPicker(SEED_RATES.map((rate) => rate.weight));

  const windowEnd = Math.floor(nowMs / 1000) * 1000 - 60_000;
  const windowStart = windowEnd - SEED_ACCOUNT.historyDays * 86_400_000;
  const slot = (windowEnd - windowStart) / Math.max(count, 1);

  const starts = new Float64Array(count);
  const userIndices = new Uint8Array(count);
  const rateIndices = new Uint8Array(count);
  const billed = new Uint32Array(count);
  const prices = new Float64Array(count);
  for (let seq = 0; seq < count; seq++) {
    starts[seq] = Math.floor((windowStart + (seq + random()) * slot) / 1000) * 1000;
    userIndices[seq] = pickUser(random());
    const rateIndex = pickRate(random());
    rateIndices[seq] = rateIndex;
    // The product of two uniforms skews toward short calls, without transcendental functions
    // whose last bits could differ between engines.
    const durationSeconds = 5 + Math.floor(random() * random() * 2400);
    const billedSeconds = billedSecondsFor(durationSeconds);
    billed[seq] = billedSeconds;
    prices[seq] = callPrice(ratesPerMinute[rateIndex] ?? 0, billedSeconds);
  }

  // Walk back from today's balance.
  const lowLevel = scaleSeedAmount(SEED_ACCOUNT.lowBalanceThresholdCents, currency);
  const topUpAmount = scaleSeedAmount(SEED_ACCOUNT.historicalTopUpCents, currency);
  const ceiling = Math.max(startingBalance, lowLevel + topUpAmount);
  const balanceAfter = new Float64Array(count);
  /** topUpsBefore[seq] = how many seeded top-ups land just before usage `seq`. */
  const topUpsBefore = new Uint16Array(count);
  let balance = startingBalance;
  for (let seq = count - 1; seq >= 0; seq--) {
    balanceAfter[seq] = balance;
    balance += prices[seq] ?? 0;
    while (balance > ceiling) {
      balance -= topUpAmount;
      topUpsBefore[seq] = (topUpsBefore[seq] ?? 0) + 1;
    }
  }

  const usage: UsageRecord[] = new Array<UsageRecord>(count);
  const credits: CreditRecord[] = [];
  const ledger: LedgerRecord[] = [];
  let running = balance;
  for (let seq = 0; seq < count; seq++) {
    const at = starts[seq] ?? 0;
    const previousAt = seq > 0 ? (starts[seq - 1] ?? at) : at - 7_200_000;
    for (let n = 0; n < (topUpsBefore[seq] ?? 0); n++) {
      running += topUpAmount;
      const credit: CreditRecord = {
        kind: 'top_up',
        topUpId: topUpId(credits.length + 1),
        at: Math.floor((previousAt + at) / 2000) * 1000,
        amount: topUpAmount,
        balanceAfter: running,
        source: 'manual',
      };
      credits.push(credit);
      ledger.push(credit);
    }
    running -= prices[seq] ?? 0;
    const record: UsageRecord = {
      kind: 'usage',
      seq,
      at,
      userIndex: userIndices[seq] ?? 0,
      rateIndex: rateIndices[seq] ?? 0,
      billedSeconds: billed[seq] ?? 0,
      price: prices[seq] ?? 0,
      balanceAfter: balanceAfter[seq] ?? 0,
    };
    usage[seq] = record;
    ledger.push(record);
  }
  return { usage, credits, ledger };
}
