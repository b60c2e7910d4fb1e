// listTopUps on the reference server: the account's manual and automatic top-ups, newest first, keyset-paged by
// (created_at, id) with a cursor signed for the account (the usage cursors' secret, under a key of its own).
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  isInstantInRange,
  Identifier,
  type TopUpHistoryEntry,
  type TopUpHistoryPage,
  type TopUpHistoryQuery,
} from '../src/client/schemas.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import { validationError } from './errors.js';
import { cursorSecret } from './usage-cursor.js';

const DEFAULT_PAGE_SIZE = 20;
const BAD_CURSOR = 'This page link is not one this server made for this account. Start again from the first page.';
/** Keeps a top-up cursor from ever passing as a usage cursor (same secret) and the other way round. */
const CURSOR_DOMAIN = 'top_up_history.v1';

interface HistoryRow {
  id: string;
  kind: 'manual' | 'auto_recharge';
  amount: unknown;
  currency: string;
  status: 'charging' | 'processing' | 'requires_action' | 'succeeded' | 'failed';
  failure_code: string | null;
  failure_message: string | null;
  provider_payment_id: string | null;
  created_at: Date;
  card_brand: string | null;
  card_last4: string | null;
  pending_saved_card: { brand?: unknown; last4?: unknown } | string | null;
}

type HistoryKey = [string, string];

function signature(secret: Buffer, accountId: string, payload: string): string {
  return createHmac('sha256', secret)
    .update(`${CURSOR_DOMAIN}\n${JSON.stringify(accountId)}\n${payload}`)
    .digest('base64url');
}

function signHistoryCursor(secret: Buffer, accountId: string, key: HistoryKey): string {
  const payload = Buffer.from(JSON.stringify(key)).toString('base64url');
  return `${payload}.${signature(secret, accountId, payload)}`;
}

/** The key a cursor carries, or null for one this server did not sign for this account (forged, altered, a usage cursor). */
function readHistoryCursor(secret: Buffer, accountId: string, cursor: string): HistoryKey | null {
  const match = /^([A-Za-z0-9_-]{1,600})\.([A-Za-z0-9_-]{43})$/.exec(cursor);
  const payload = match?.[1];
  const given = match?.[2];
  if (payload === undefined || given === undefined) return null;
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(signature(secret, accountId, payload)))) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  // Checked again after the signature, so even a leaked secret cannot put a value SQL would refuse into the query.
  if (!Array.isArray(parts) || parts.length !== 2) return null;
  const [at, id] = parts as unknown[];
  const validAt = typeof at === 'string' && isInstantInRange(at) && new Date(at).toISOString() === at;
  return validAt && Identifier.safeParse(id).success ? [at, id as string] : null;
}

/** The card of a top-up: the saved card it charged (removed cards included), or the new card it was about to save. */
function cardOf(row: HistoryRow): TopUpHistoryEntry['card'] {
  if (row.card_brand !== null && row.card_last4 !== null) return { brand: row.card_brand, last4: row.card_last4 };
  let pending = row.pending_saved_card;
  if (typeof pending === 'string') {
    try {
      pending = JSON.parse(pending) as HistoryRow['pending_saved_card'];
    } catch {
      return null;
    }
  }
  if (pending && typeof pending === 'object' && typeof pending.brand === 'string' && typeof pending.last4 === 'string') {
    return /^\d{4}$/.test(pending.last4) ? { brand: pending.brand, last4: pending.last4 } : null;
  }
  return null;
}

function historyEntryOf(row: HistoryRow): TopUpHistoryEntry {
  const status = row.status === 'succeeded' || row.status === 'failed' ? row.status : 'pending';
  return {
    id: row.id,
    kind: row.kind,
    amount: { amount: toSafeInteger(row.amount, 'top_ups.amount'), currency: row.currency },
    status,
    createdAt: row.created_at.toISOString(),
    card: cardOf(row),
    failure:
      status === 'failed'
        ? { code: row.failure_code ?? 'generic_decline', message: (row.failure_message ?? 'Your card was declined.').slice(0, 500) }
        : null,
    paymentId: row.provider_payment_id !== null && Identifier.safeParse(row.provider_payment_id).success ? row.provider_payment_id : null,
    // The reference server works out no tax; a host's backend may send a line for the receipt.
    tax: null,
  };
}

/**
 * One page of the account's top-ups (automatic recharges are top_ups rows of kind auto_recharge), newest first. Keyset
 * on (created_at, id): a top-up made while someone pages sorts before the cursor, so it shifts nothing into a duplicate
 * or a gap; it shows when the list is read again from the top.
 */
export async function listTopUps(q: Queryable, accountId: string, query: TopUpHistoryQuery): Promise<TopUpHistoryPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const params: unknown[] = [accountId];
  let after = '';
  if (query.cursor !== undefined && query.cursor !== null) {
    const key = readHistoryCursor(await cursorSecret(q), accountId, query.cursor);
    if (!key) throw validationError(BAD_CURSOR, { cursor: BAD_CURSOR });
    params.push(key[0], key[1]);
    after = `AND (t.created_at, t.id) < ($2::timestamptz, $3)`;
  }
  const rows = await q.query<HistoryRow>(
    `SELECT t.id, t.kind, t.amount, t.currency, t.status, t.failure_code, t.failure_message, t.provider_payment_id, t.created_at,
            t.pending_saved_card, p.brand AS card_brand, p.last4 AS card_last4
       FROM top_ups t LEFT JOIN payment_methods p ON p.account_id = t.account_id AND p.id = t.payment_method_id
      WHERE t.account_id = $1 ${after}
      ORDER BY t.created_at DESC, t.id DESC
      LIMIT ${limit + 1}`,
    params,
  );
  const page = rows.rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.rows.length > limit && last ? signHistoryCursor(await cursorSecret(q), accountId, [last.created_at.toISOString(), last.id]) : null;
  return { topUps: page.map(historyEntryOf), nextCursor };
}
