// Service credentials: keys for server-to-server routes (usage ingestion), stored as sha256 like account tokens but in
// a table of their own, so an account token is never a service key and a service key never opens an account route.
import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { BillingError } from '../src/client/errors.js';
import type { Queryable } from './db/database.js';
import { hashToken } from './auth.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** The name of the service credential a server-to-server request came with. */
    serviceName: string;
  }
}

/**
 * The dev service key, published here so the demo and tests can send usage. Seeded only where dev
 * routes are on, marked dev_seeded, and refused by its text as well where they are off.
 */
export const DEV_SERVICE_KEY = 'dev_service_key_not_a_secret';
const DEV_SERVICE_NAME = 'dev-seed';

/** Letters, digits and - _ . : a name an operator types and logs show. */
export const SERVICE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/** A new random service key (shown once; only its hash is stored). The prefix tells it from an account token in a log. */
export function generateServiceKey(): string {
  return `bws_${randomBytes(32).toString('base64url')}`;
}

/** Stores a new credential named `name` and returns its key; a name already taken is refused. */
export async function createServiceCredential(
  q: Queryable,
  name: string,
  options: { at?: Date; key?: string; devSeeded?: boolean } = {},
): Promise<string> {
  if (!SERVICE_NAME_PATTERN.test(name)) throw new RangeError('a service credential name is 1-100 letters, digits and - _ . :');
  const key = options.key ?? generateServiceKey();
  const inserted = await q.query(
    `INSERT INTO service_credentials (key_hash, name, created_at, dev_seeded) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [hashToken(key), name, options.at ?? new Date(), options.devSeeded === true],
  );
  if (inserted.affectedRows === 0) throw new RangeError(`a service credential named ${name} already exists`);
  return key;
}

/** Seeds the published dev key once (dev routes only). */
export async function seedDevServiceKey(q: Queryable): Promise<string> {
  await q.query(
    `INSERT INTO service_credentials (key_hash, name, created_at, dev_seeded) VALUES ($1, $2, now(), true) ON CONFLICT DO NOTHING`,
    [hashToken(DEV_SERVICE_KEY), DEV_SERVICE_NAME],
  );
  return DEV_SERVICE_KEY;
}

/** Removes a credential by name; true when one was removed. Requests with its key are refused from then on. */
export async function revokeServiceCredential(q: Queryable, name: string): Promise<boolean> {
  return (await q.query(`DELETE FROM service_credentials WHERE name = $1`, [name])).affectedRows > 0;
}

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/** How long a key found valid is trusted without asking the database again: a removed key is refused within this. */
export const SERVICE_KEY_CACHE_MS = 10_000;

/**
 * Sets c.get('serviceName') from `Authorization: Bearer <service key>`, or answers 401 unauthorized.
 * A key found valid is remembered for SERVICE_KEY_CACHE_MS (a sender of single calls would
 * otherwise spend a round trip of every request on it); unknown keys are asked about each time.
 */
export function requireServiceCredential(db: Queryable, options: { acceptDevCredentials: boolean; now?: () => number }): MiddlewareHandler {
  const now = options.now ?? Date.now;
  const valid = new Map<string, { name: string; until: number }>();
  return async (c, next) => {
    const key = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
    const refusedText = !options.acceptDevCredentials && key === DEV_SERVICE_KEY;
    let name: string | null = null;
    if (key && !refusedText) {
      const hash = hashToken(key);
      const cached = valid.get(hash);
      if (cached && cached.until > now()) {
        name = cached.name;
      } else {
        const row = (
          await db.query<{ name: string; dev_seeded: boolean }>(`SELECT name, dev_seeded FROM service_credentials WHERE key_hash = $1`, [
            hash,
          ])
        ).rows[0];
        if (row && (!row.dev_seeded || options.acceptDevCredentials)) {
          name = row.name;
          if (valid.size >= 1000) valid.clear();
          valid.set(hash, { name, until: now() + SERVICE_KEY_CACHE_MS });
        } else {
          valid.delete(hash);
        }
      }
    }
    if (name === null) {
      throw new BillingError('unauthorized', {
        message: 'Send a service key as Authorization: Bearer <key>. Account tokens are not accepted here.',
      });
    }
    c.set('serviceName', name);
    await next();
  };
}
