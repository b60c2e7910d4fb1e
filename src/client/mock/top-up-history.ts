// The mock's top-up history (listTopUps): every manual and automatic top-up it keeps, and the automatic recharges that
// failed or were skipped before any charge, newest first, paged by a keyset cursor on (time, id) as the reference
// server pages them.
import type { TopUpHistoryEntry, TopUpHistoryPage, TopUpHistoryQuery } from '../schemas.js';
import { validationError } from './request-checks.js';
import type { AttemptRecord, MockStore, TopUpRecord } from './store.js';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
const BAD_CURSOR = 'This page link is not one this service made. Start again from the first page.';
const CURSOR_PREFIX = 'tuh.';

/** A history row before it is worded: a top-up, or an attempt that never reached a charge (ids apart: tu_…, arc_…). */
type Listed = { createdAt: number; id: string; entry: () => TopUpHistoryEntry };

/** Newest first; equal times by id, descending, so every entry has exactly one place. */
function newestFirst(a: Listed, b: Listed): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function encodeCursor(record: Listed): string {
  return `${CURSOR_PREFIX}${record.createdAt.toString(36)}.${record.id}`;
}

function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  const match = /^tuh\.([0-9a-z]{1,12})\.([A-Za-z0-9_.:-]{1,255})$/.exec(cursor);
  if (!match?.[1] || !match[2]) return null;
  const createdAt = parseInt(match[1], 36);
  return Number.isSafeInteger(createdAt) ? { createdAt, id: match[2] } : null;
}

export function topUpHistoryPage(store: MockStore, query: TopUpHistoryQuery): TopUpHistoryPage {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw validationError(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, { field: 'limit' });
  }
  let after: { createdAt: number; id: string } | null = null;
  if (query.cursor !== undefined && query.cursor !== null) {
    after = decodeCursor(query.cursor);
    if (!after) throw validationError(BAD_CURSOR, { field: 'cursor' });
  }
  const listed: Listed[] = [
    ...[...store.topUps.values()].map((record) => ({
      createdAt: record.createdAt,
      id: record.id,
      entry: () => historyEntryOf(store, record),
    })),
    ...store.unchargedAttempts.map((attempt) => ({ createdAt: attempt.at, id: attempt.id, entry: () => attemptEntryOf(store, attempt) })),
  ];
  const ordered = listed.sort(newestFirst);
  // Keyset, not an offset: a top-up made while someone pages lands before the cursor and shifts nothing after it.
  const rest = after
    ? ordered.filter((record) => record.createdAt < after.createdAt || (record.createdAt === after.createdAt && record.id < after.id))
    : ordered;
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return {
    topUps: page.map((record) => record.entry()),
    nextCursor: rest.length > limit && last ? encodeCursor(last) : null,
  };
}

/** An automatic recharge refused (no card, an expired one) or skipped (the monthly cap) before any charge: no payment, no receipt. */
function attemptEntryOf(store: MockStore, attempt: AttemptRecord): TopUpHistoryEntry {
  const card = store.findCard(attempt.paymentMethodId);
  const skipped = attempt.outcome === 'skipped';
  return {
    id: attempt.id,
    kind: 'auto_recharge',
    amount: store.money(attempt.amount),
    status: skipped ? 'skipped' : 'failed',
    createdAt: new Date(attempt.at).toISOString(),
    card: card ? { brand: card.brand, last4: card.last4 } : null,
    failure: {
      code: attempt.failureReason?.code ?? (skipped ? 'recharge_skipped' : 'recharge_failed'),
      message: attempt.failureMessage ?? (skipped ? 'The automatic recharge was skipped.' : 'The automatic recharge failed.'),
      ...(attempt.failureReason?.params ? { params: { ...attempt.failureReason.params } } : {}),
    },
    paymentId: null,
    tax: null,
  };
}

function historyEntryOf(store: MockStore, record: TopUpRecord): TopUpHistoryEntry {
  const card = store.findCard(record.paymentMethodId) ?? record.pendingNewCard?.card ?? record.chargedCard;
  return {
    id: record.id,
    kind: record.kind,
    amount: store.money(record.amount),
    status: record.status === 'succeeded' || record.status === 'failed' ? record.status : 'pending',
    createdAt: new Date(record.createdAt).toISOString(),
    card: card ? { brand: card.brand, last4: card.last4 } : null,
    failure: record.status === 'failed' && record.failure ? { ...record.failure } : null,
    tax: null,
  };
}
