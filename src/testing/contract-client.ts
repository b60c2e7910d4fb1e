// What the contract suite does to a client, in one place: test card tokens, fresh idempotency keys, a top-up
// amount inside the account's limits, following a processing top-up, and reading every usage page while checking
// the paging invariants.
import type { BillingClient } from '../client/billing-client.js';
import {
  AccountSchema,
  TopUpSchema,
  UsageEntrySchema,
  UsagePageSchema,
  type Account,
  type CreateTopUpRequest,
  type SaveAutoRechargeRequest,
  type TopUp,
  type UsageEntry,
  type UsageFilters,
  type UsagePage,
  type UsageSort,
} from '../client/schemas.js';
import { currencyDigits } from '../money/money.js';
import { assert, assertEqual, describeValue, valid } from './contract-assertions.js';

export const TEST_CARD = {
  succeeds: '4242424242424242',
  succeedsMastercard: '5555555555554444',
  insufficientFunds: '4000000000009995',
  threeDSecure: '4000002500003155',
} as const;

export function cardToken(number: string, failAuthentication = false): string {
  return `test_card_${number}${failAuthentication ? '_3ds_fail' : ''}`;
}

let keyCounter = 0;
/** Unique per call and per run, so a kit run against a shared server never replays an old key by accident. */
export function freshIdempotencyKey(): string {
  keyCounter += 1;
  return `contract-${Date.now().toString(36)}-${keyCounter}-${Math.random().toString(36).slice(2, 10)}`;
}

/** 10.00 in the account currency, held inside the account's top-up limits. */
export function topUpAmount(account: Account): number {
  const tenUnits = 10 * 10 ** currencyDigits(account.currency);
  return Math.min(Math.max(tenUnits, account.topUpLimits.minimum.amount), account.topUpLimits.maximum.amount);
}

/** Auto-recharge turned on with `paymentMethodId`: the minimum threshold, a `topUpAmount` recharge, no cap. */
export function autoRechargeOn(account: Account, paymentMethodId: string, expectedVersion: number): SaveAutoRechargeRequest {
  return {
    enabled: true,
    thresholdAmount: account.topUpLimits.minimum,
    rechargeAmount: { amount: topUpAmount(account), currency: account.currency },
    paymentMethodId,
    monthlyCap: null,
    expectedVersion,
  };
}

export async function balanceOf(client: BillingClient): Promise<number> {
  return valid(AccountSchema, await client.getAccount(), 'getAccount').balance.amount;
}

/** Follows a "processing" top-up with getTopUp until it settles (a backend may settle asynchronously). */
export async function settled(client: BillingClient, topUp: TopUp, polls = 40): Promise<TopUp> {
  let current = topUp;
  for (let poll = 0; current.status === 'processing' && poll < polls; poll++) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(50 * (poll + 1), 250)));
    current = valid(TopUpSchema, await client.getTopUp(current.id), 'getTopUp');
  }
  return current;
}

export function newCardTopUp(account: Account, cardNumber: string, failAuthentication = false): CreateTopUpRequest {
  return {
    amount: { amount: topUpAmount(account), currency: account.currency },
    source: { type: 'new_card', providerToken: cardToken(cardNumber, failAuthentication), saveCard: false },
    idempotencyKey: freshIdempotencyKey(),
  };
}

export async function createTopUp(client: BillingClient, request: CreateTopUpRequest): Promise<TopUp> {
  return valid(TopUpSchema, await client.createTopUp(request), 'createTopUp');
}

/** Every entry for the filters and sort, paged at limit 10, checking page invariants on the way. */
export async function allUsage(
  client: BillingClient,
  filters: UsageFilters,
  sort: UsageSort | undefined,
  maxPages: number,
): Promise<{ entries: UsageEntry[]; totalCount: number; pages: number }> {
  const entries: UsageEntry[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  let totalCount: number | null = null;
  let pages = 0;
  const where = `listUsage(${describeValue({ ...filters, sort })})`;
  do {
    pages += 1;
    assert(pages <= maxPages, `${where} needed more than ${maxPages} pages at limit 10: is nextCursor advancing?`);
    const page: UsagePage = valid(
      UsagePageSchema,
      await client.listUsage({ ...filters, ...(sort ? { sort } : {}), limit: 10, ...(cursor ? { cursor } : {}) }),
      'listUsage',
    );
    assert(page.entries.length <= 10, `${where} returned ${page.entries.length} entries on a page of limit 10`);
    if (totalCount === null) totalCount = page.totalCount;
    assertEqual(page.totalCount, totalCount, `${where}: totalCount must stay the same on every page`);
    for (const entry of page.entries) {
      assert(!seen.has(entry.id), `${where}: entry ${entry.id} appeared on two pages`);
      seen.add(entry.id);
      entries.push(valid(UsageEntrySchema, entry, 'listUsage entry'));
    }
    assert(page.nextCursor === null || page.entries.length > 0, `${where}: a page with a nextCursor must not be empty`);
    cursor = page.nextCursor;
  } while (cursor !== null);
  assertEqual(entries.length, totalCount, `${where}: the pages together must hold exactly totalCount entries`);
  return { entries, totalCount, pages };
}

export function sortKey(entry: UsageEntry, sort: UsageSort): number {
  return sort === 'price_asc' || sort === 'price_desc' ? entry.price.amount : Date.parse(entry.occurredAt);
}

export function sumPrices(entries: readonly UsageEntry[]): number {
  return entries.reduce((total, entry) => total + entry.price.amount, 0);
}

export function ids(entries: readonly UsageEntry[]): string[] {
  return entries.map((entry) => entry.id).sort();
}
