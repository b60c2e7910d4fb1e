// Fixture clients for <billing-history>: scripted top-up histories (mixed, many pages, failures, a tax line), and the
// ways a backend can let the list down (slow, failing, unreadable, repeating its pages, without a history at all).
import type { RequestOptions } from '../src/client/billing-client.js';
import { BillingError } from '../src/client/errors.js';
import type { TopUpHistoryEntry, TopUpHistoryPage, TopUpHistoryQuery } from '../src/client/schemas.js';
import { FixtureClient } from './fixtures.js';

/** Fixed instants, so stories and screenshots read the same every day. */
const NEWEST = Date.parse('2026-11-30T16:45:00Z');
const HOUR = 3_600_000;

const CARDS = [
  { brand: 'visa', last4: '4242' },
  { brand: 'mastercard', last4: '4444' },
  { brand: 'amex', last4: '8431' },
] as const;

const DECLINES = [
  { code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  { code: 'expired_card', message: 'Your card has expired.' },
  { code: 'authentication_failed', message: 'The card holder did not complete 3-D Secure.' },
] as const;

/** The i-th top-up of a scripted history, newest first: mostly paid, with an automatic recharge, a decline and a pending one among them. */
export function scriptedTopUp(index: number, options: { failed?: boolean; tax?: boolean } = {}): TopUpHistoryEntry {
  const failed = options.failed ? index % 3 !== 2 : index % 7 === 3;
  const pending = !options.failed && index === 1;
  const amount = [5000, 2500, 10000, 5000, 2000, 7500][index % 6] ?? 5000;
  const card = CARDS[index % 3] ?? CARDS[0];
  return {
    id: `tu_hist_${String(index).padStart(4, '0')}`,
    kind: index % 4 === 2 ? 'auto_recharge' : 'manual',
    amount: { amount, currency: 'USD' },
    status: failed ? 'failed' : pending ? 'pending' : 'succeeded',
    createdAt: new Date(NEWEST - index * 29 * HOUR).toISOString(),
    card: index % 5 === 4 ? null : { ...card },
    failure: failed ? { ...(DECLINES[index % 3] ?? DECLINES[0]) } : null,
    paymentId: failed ? null : `pi_3QhX${String(9_000 + index * 37)}Lk2Rf`,
    tax: options.tax ? { label: 'VAT 19% (included)', amount: { amount: Math.round((amount * 19) / 119), currency: 'USD' } } : null,
  };
}

/** A FixtureClient whose listTopUps pages through `entries` (cursor: the next index), and counts its calls. */
export class HistoryClient extends FixtureClient {
  readonly queries: TopUpHistoryQuery[] = [];
  /** How many of the next pages fail with a network error. */
  failPages = 0;

  constructor(private readonly entries: readonly TopUpHistoryEntry[]) {
    super();
  }

  override async listTopUps(query: TopUpHistoryQuery = {}, options?: RequestOptions): Promise<TopUpHistoryPage> {
    this.queries.push(query);
    await this.whenReady;
    options?.signal?.throwIfAborted();
    if (this.failPages > 0) {
      this.failPages -= 1;
      throw new BillingError('network');
    }
    const start = query.cursor ? Number(query.cursor.slice(1)) : 0;
    const limit = query.limit ?? 10;
    const topUps = this.entries.slice(start, start + limit);
    return { topUps, nextCursor: start + limit < this.entries.length ? `p${start + limit}` : null };
  }
}

/** Six top-ups: paid, pending, an automatic recharge, a decline, one whose card was not saved. */
export function historyClient(options: { count?: number; tax?: boolean } = {}): HistoryClient {
  return new HistoryClient(Array.from({ length: options.count ?? 6 }, (_, index) => scriptedTopUp(index, { tax: options.tax ?? false })));
}

/** 45 top-ups: five pages of ten. */
export function manyPagesHistoryClient(): HistoryClient {
  return historyClient({ count: 45 });
}

/** Mostly declines, each with its reason. */
export function failedHistoryClient(): HistoryClient {
  return new HistoryClient(Array.from({ length: 6 }, (_, index) => scriptedTopUp(index, { failed: true })));
}

export function emptyHistoryClient(): HistoryClient {
  return new HistoryClient([]);
}

/** listTopUps never answers (until aborted). */
export function hangingHistoryClient(): HistoryClient {
  const client = new HistoryClient([]);
  client.listTopUps = (_query, options) =>
    new Promise<TopUpHistoryPage>((_resolve, reject) => {
      options?.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
    });
  return client;
}

/** listTopUps fails `times` times with `code`, then answers with the scripted history. */
export function failingHistoryClient(times = 1_000_000, code: 'unavailable' | 'network' = 'unavailable'): HistoryClient {
  const client = historyClient();
  const answer = client.listTopUps.bind(client);
  let failures = 0;
  client.listTopUps = async (query, options) => {
    if (failures < times) {
      failures += 1;
      throw new BillingError(code);
    }
    return answer(query, options);
  };
  return client;
}

/** A backend whose page holds garbage: a NaN amount, a float, a missing card field, markup in the id. */
export function hostileHistoryClient(): HistoryClient {
  const client = historyClient();
  client.listTopUps = () =>
    Promise.resolve({
      topUps: [
        { ...scriptedTopUp(0), amount: { amount: Number.NaN, currency: 'USD' } },
        { ...scriptedTopUp(1), amount: { amount: 12.5, currency: 'USD' }, card: { brand: 'visa' } },
        { ...scriptedTopUp(2), id: '<img src=x onerror=alert(1)>' },
      ],
      nextCursor: 'p3',
    } as unknown as TopUpHistoryPage);
  return client;
}

/**
 * Automatic recharges that never reached a charge, among paid top-ups: one skipped by the monthly cap, one refused for
 * an expired card, one with no card left on the account; and a top-up paid with a new card that was not saved.
 */
export function unchargedRechargesHistoryClient(): HistoryClient {
  const usd = (amount: number) => ({ amount, currency: 'USD' });
  const at = (hours: number) => new Date(NEWEST - hours * HOUR).toISOString();
  return new HistoryClient([
    {
      id: 'arc_hist_0003',
      kind: 'auto_recharge',
      amount: usd(5000),
      status: 'skipped',
      createdAt: at(0),
      card: { brand: 'visa', last4: '4242' },
      failure: {
        code: 'monthly_cap',
        message: "Another $50.00 would take this month's automatic recharges past the $120.00 monthly cap.",
        params: { rechargeAmount: usd(5000), monthlyCap: usd(12000) },
      },
      paymentId: null,
      tax: null,
    },
    { ...scriptedTopUp(0), id: 'tu_hist_unsaved', card: { brand: 'mastercard', last4: '4444' }, createdAt: at(5) },
    {
      id: 'arc_hist_0002',
      kind: 'auto_recharge',
      amount: usd(5000),
      status: 'failed',
      createdAt: at(30),
      card: { brand: 'amex', last4: '8431' },
      failure: { code: 'card_expired', message: 'American Express ••8431 has expired.', params: { card: 'American Express ••8431' } },
      paymentId: null,
      tax: null,
    },
    {
      id: 'arc_hist_0001',
      kind: 'auto_recharge',
      amount: usd(5000),
      status: 'failed',
      createdAt: at(60),
      card: null,
      failure: { code: 'card_missing', message: 'The card for automatic recharge is no longer saved on this account.' },
      paymentId: null,
      tax: null,
    },
    { ...scriptedTopUp(2), createdAt: at(90) },
  ]);
}

/** A backend newer than the widget: a top-up with a status the contract does not have. */
export function unknownStatusHistoryClient(): HistoryClient {
  const client = historyClient();
  client.listTopUps = () =>
    Promise.resolve({
      topUps: [scriptedTopUp(0), { ...scriptedTopUp(1), status: 'refunded' }],
      nextCursor: null,
    } as unknown as TopUpHistoryPage);
  return client;
}

/** Valid pages, but every one says the same cursor comes next: the list must stop, not repeat forever. */
export function loopingHistoryClient(): HistoryClient {
  const client = historyClient({ count: 3 });
  client.listTopUps = (query) =>
    Promise.resolve({
      topUps: [scriptedTopUp(query?.cursor ? 3 : 0), scriptedTopUp(query?.cursor ? 4 : 1)],
      nextCursor: 'p2',
    });
  return client;
}

/** A billing service without listTopUps. */
export function noHistoryClient(): FixtureClient {
  const client = new FixtureClient();
  (client as { listTopUps?: unknown }).listTopUps = undefined;
  return client;
}
