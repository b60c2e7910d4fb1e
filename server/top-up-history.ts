// listTopUps on the reference server: the account's manual and automatic top-ups, and the automatic recharges that
// failed or were skipped before any card was charged, newest first, keyset-paged by (time, id) across both tables with
// a cursor signed for the account (the usage cursors' secret, under a key of its own).
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  isInstantInRange,
  Identifier,
  MessageParamsSchema,
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

/** A top_ups row, or an auto_recharge_attempts row that never reached a charge (source 'attempt'), in one shape. */
interface HistoryRow {
  source: 'top_up' | 'attempt';
  id: string;
  kind: 'manual' | 'auto_recharge';
  amount: unknown;
  currency: string;
  /** A top-up's status, or an attempt's outcome ('failed' or 'skipped'). */
  status: 'charging' | 'processing' | 'requires_action' | 'succeeded' | 'failed' | 'skipped';
  failure_code: string | null;
  failure_message: string | null;
  /** An attempt's reason values (008_reason_codes.sql); null for a top-up, whose failure is a decline. */
  failure_params: unknown;
  provider_payment_id: string | null;
  created_at: Date;
  /** created_at to the microsecond, as the cursor carries it (a Date keeps milliseconds only). */
  cursor_at: string;
  card_brand: string | null;
  card_last4: string | null;
  charged_card_brand: string | null;
  charged_card_last4: string | null;
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
  return typeof at === 'string' && isCursorInstant(at) && Identifier.safeParse(id).success ? [at, id as string] : null;
}

/** An instant as the cursor writes it: UTC to the microsecond (or to the millisecond, as Date writes it). */
function isCursorInstant(at: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(\d{3})?Z$/.exec(at);
  const millis = match?.[1] === undefined ? undefined : `${match[1]}Z`;
  return millis !== undefined && isInstantInRange(millis) && new Date(millis).toISOString() === millis;
}

/**
 * The card of a top-up: the saved card it charged (removed cards included), else the card the processor said it
 * charged (a new card that was not saved, or was declined), else the new card it was about to save. Null for a top-up
 * from before the processor's card was recorded: the widget says the card was not recorded, which is the truth.
 */
function cardOf(row: HistoryRow): TopUpHistoryEntry['card'] {
  if (row.card_brand !== null && row.card_last4 !== null) return { brand: row.card_brand, last4: row.card_last4 };
  if (row.charged_card_brand !== null && row.charged_card_last4 !== null) {
    return { brand: row.charged_card_brand, last4: row.charged_card_last4 };
  }
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

type ReasonParams = NonNullable<NonNullable<TopUpHistoryEntry['failure']>['params']>;

/** An attempt's reason values as the contract carries them, or none for values it would refuse (the sentence then falls back to the text). */
function reasonParams(value: unknown): ReasonParams | undefined {
  let params = value;
  if (typeof params === 'string') {
    try {
      params = JSON.parse(params);
    } catch {
      return undefined;
    }
  }
  if (params === null || params === undefined) return undefined;
  const parsed = MessageParamsSchema.safeParse(params);
  return parsed.success ? parsed.data : undefined;
}

/** An automatic recharge that failed or was skipped before any charge: no payment, no receipt, its reason with its values. */
function attemptEntryOf(row: HistoryRow): TopUpHistoryEntry {
  const skipped = row.status === 'skipped';
  const params = reasonParams(row.failure_params);
  return {
    id: row.id,
    kind: 'auto_recharge',
    amount: { amount: toSafeInteger(row.amount, 'auto_recharge_attempts.amount'), currency: row.currency },
    status: skipped ? 'skipped' : 'failed',
    createdAt: row.created_at.toISOString(),
    card: cardOf(row),
    failure: {
      code: (row.failure_code ?? (skipped ? 'recharge_skipped' : 'recharge_failed')).slice(0, 80),
      message: (row.failure_message ?? (skipped ? 'The automatic recharge was skipped.' : 'The automatic recharge failed.')).slice(0, 500),
      ...(params ? { params } : {}),
    },
    paymentId: null,
    tax: null,
  };
}

function historyEntryOf(row: HistoryRow): TopUpHistoryEntry {
  if (row.source === 'attempt') return attemptEntryOf(row);
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

const CURSOR_AT = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * One page of the account's history, newest first: its top-ups (automatic recharges that reached a charge are top_ups
 * rows of kind auto_recharge) and the automatic recharges that failed or were skipped before one (auto_recharge_attempts
 * without a top-up). Keyset on (time, id) over both, the ids apart by their prefixes (tu_, arc_): each source reads at
 * most a page past the cursor by its own index, and the merge keeps the first page's worth. A top-up made while someone
 * pages sorts before the cursor, so it shifts nothing into a duplicate or a gap; it shows when the list is read again.
 */
export async function listTopUps(q: Queryable, accountId: string, query: TopUpHistoryQuery): Promise<TopUpHistoryPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const params: unknown[] = [accountId];
  if (query.cursor !== undefined && query.cursor !== null) {
    const key = readHistoryCursor(await cursorSecret(q), accountId, query.cursor);
    if (!key) throw validationError(BAD_CURSOR, { cursor: BAD_CURSOR });
    params.push(key[0], key[1]);
  }
  const after = (at: string, id: string) => (params.length > 1 ? `AND (${at}, ${id}) < ($2::timestamptz, $3::text)` : '');
  const rows = await q.query<HistoryRow>(
    `(SELECT 'top_up' AS source, t.id, t.kind, t.amount, t.currency, t.status, t.failure_code, t.failure_message,
             NULL::jsonb AS failure_params, t.provider_payment_id, t.created_at, ${CURSOR_AT('t.created_at')} AS cursor_at,
             t.pending_saved_card, p.brand AS card_brand, p.last4 AS card_last4, t.charged_card_brand, t.charged_card_last4
        FROM top_ups t LEFT JOIN payment_methods p ON p.account_id = t.account_id AND p.id = t.payment_method_id
       WHERE t.account_id = $1 ${after('t.created_at', 't.id')}
       ORDER BY t.created_at DESC, t.id DESC
       LIMIT ${limit + 1})
     UNION ALL
     (SELECT 'attempt' AS source, a.id, 'auto_recharge' AS kind, a.amount, acc.currency, a.outcome AS status, a.failure_code,
             a.failure_message, a.failure_params, NULL AS provider_payment_id, a.at AS created_at, ${CURSOR_AT('a.at')} AS cursor_at,
             NULL::jsonb AS pending_saved_card, p.brand AS card_brand, p.last4 AS card_last4,
             NULL AS charged_card_brand, NULL AS charged_card_last4
        FROM auto_recharge_attempts a
        JOIN accounts acc ON acc.id = a.account_id
        LEFT JOIN payment_methods p ON p.account_id = a.account_id AND p.id = a.payment_method_id
       WHERE a.account_id = $1 AND a.top_up_id IS NULL AND a.outcome IN ('failed', 'skipped') ${after('a.at', 'a.id')}
       ORDER BY a.at DESC, a.id DESC
       LIMIT ${limit + 1})
     ORDER BY created_at DESC, id DESC
     LIMIT ${limit + 1}`,
    params,
  );
  const page = rows.rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.rows.length > limit && last ? signHistoryCursor(await cursorSecret(q), accountId, [last.cursor_at, last.id]) : null;
  return { topUps: page.map(historyEntryOf), nextCursor };
}
