// Usage page cursors: the last entry's sort key, signed (HMAC-SHA256) with a server secret and bound to the account, sort and filters.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Identifier, isInstantInRange, type UsageFilters, type UsageSort } from '../src/client/schemas.js';
import type { Queryable } from './db/database.js';

/** Set it (32 characters or more) to share one signing secret between servers on different databases. */
export const CURSOR_SECRET_ENV = 'BILLING_CURSOR_SECRET';
const MIN_SECRET_LENGTH = 32;
const SECRET_NAME = 'usage_cursor';

/** The key of the last entry on a page: [occurredAt, id], or [price, occurredAt, id] for price sorts. */
export type CursorKey = [string, string] | [number, string, string];

/** What a cursor is valid for: the same account, sort and filters as the page it came from. */
export interface CursorScope {
  accountId: string;
  sort: UsageSort;
  filters: UsageFilters;
}

const storedSecrets = new WeakMap<Queryable, Promise<Buffer>>();

/**
 * The signing secret: BILLING_CURSOR_SECRET when set, otherwise a random one made the first time
 * and kept in the database's server_secrets table, so a PGlite data folder or a PostgreSQL
 * database keeps its cursors valid across restarts and for every server process using it.
 */
export async function cursorSecret(q: Queryable): Promise<Buffer> {
  const configured = configuredCursorSecret();
  if (configured) return configured;
  let stored = storedSecrets.get(q);
  if (!stored) {
    stored = loadStoredSecret(q);
    storedSecrets.set(q, stored);
    // A failed read (database down) is tried again on the next request, not remembered.
    stored.catch(() => storedSecrets.delete(q));
  }
  return stored;
}

/** BILLING_CURSOR_SECRET as a key, or null when unset; throws when it is too short to be a secret (the server checks at start). */
export function configuredCursorSecret(environment: NodeJS.ProcessEnv = process.env): Buffer | null {
  const configured = environment[CURSOR_SECRET_ENV];
  if (!configured) return null;
  if (configured.length < MIN_SECRET_LENGTH) {
    throw new Error(`${CURSOR_SECRET_ENV} must be at least ${MIN_SECRET_LENGTH} characters (a random string, e.g. openssl rand -hex 32).`);
  }
  return Buffer.from(configured, 'utf8');
}

async function loadStoredSecret(q: Queryable): Promise<Buffer> {
  await q.query(`INSERT INTO server_secrets (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
    SECRET_NAME,
    randomBytes(32).toString('hex'),
  ]);
  const row = (await q.query<{ secret: string }>(`SELECT secret FROM server_secrets WHERE name = $1`, [SECRET_NAME])).rows[0];
  if (!row) throw new Error('server_secrets holds no usage_cursor secret');
  return Buffer.from(row.secret, 'hex');
}

function signature(secret: Buffer, scope: CursorScope, payload: string): string {
  const { accountId, sort, filters } = scope;
  // JSON text has no raw newline, so the scope and the payload cannot run into each other.
  const bound = JSON.stringify([accountId, sort, filters.from ?? null, filters.to ?? null, filters.type ?? null, filters.userId ?? null]);
  return createHmac('sha256', secret).update(`${bound}\n${payload}`).digest('base64url');
}

/** `<payload>.<signature>`, both base64url: opaque to clients, at most a couple of hundred characters. */
export function signCursor(secret: Buffer, scope: CursorScope, key: CursorKey): string {
  const payload = Buffer.from(JSON.stringify(key)).toString('base64url');
  return `${payload}.${signature(secret, scope, payload)}`;
}

const CURSOR_TEXT = /^([A-Za-z0-9_-]{1,600})\.([A-Za-z0-9_-]{43})$/;

const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && isInstantInRange(value) && new Date(value).toISOString() === value;
const isId = (value: unknown): value is string => Identifier.safeParse(value).success;

/**
 * The key a cursor carries, or null when it was not made by this server for this scope: forged,
 * altered, from other filters or another account. The key is checked again after the signature,
 * so even a leaked secret cannot put a value SQL would refuse into the query.
 */
export function readCursor(secret: Buffer, scope: CursorScope, cursor: string): CursorKey | null {
  const match = CURSOR_TEXT.exec(cursor);
  const payload = match?.[1];
  const given = match?.[2];
  if (payload === undefined || given === undefined) return null;
  // Compared as text, not decoded bytes: base64url's spare bits would let two texts pass as one.
  const expected = Buffer.from(signature(secret, scope, payload));
  if (!timingSafeEqual(Buffer.from(given), expected)) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parts)) return null;
  const byPrice = scope.sort === 'price_asc' || scope.sort === 'price_desc';
  const valid = byPrice
    ? parts.length === 3 && Number.isSafeInteger(parts[0]) && isInstant(parts[1]) && isId(parts[2])
    : parts.length === 2 && isInstant(parts[0]) && isId(parts[1]);
  return valid ? (parts as CursorKey) : null;
}
