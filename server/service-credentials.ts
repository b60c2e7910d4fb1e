// Service credentials: keys for server-to-server routes (usage ingestion), stored as sha256 like account tokens but in
// a table of their own, so an account token is never a service key and a service key never opens an account route.
import { createHash, randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { BillingError } from '../src/client/errors.js';
import type { Queryable } from './db/database.js';

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

function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

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
    [hashKey(key), name, options.at ?? new Date(), options.devSeeded === true],
  );
  if (inserted.affectedRows === 0) throw new RangeError(`a service credential named ${name} already exists`);
  return key;
}

/** Seeds the published dev key once (dev routes only). */
export async function seedDevServiceKey(q: Queryable): Promise<string> {
  await q.query(
    `INSERT INTO service_credentials (key_hash, name, created_at, dev_seeded) VALUES ($1, $2, now(), true) ON CONFLICT DO NOTHING`,
    [hashKey(DEV_SERVICE_KEY), DEV_SERVICE_NAME],
  );
  return DEV_SERVICE_KEY;
}

/** Removes a credential by name; true when one was removed. Requests with its key are refused from then on. */
export async function revokeServiceCredential(q: Queryable, name: string): Promise<boolean> {
  return (await q.query(`DELETE FROM service_credentials WHERE name = $1`, [name])).affectedRows > 0;
}

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/** Sets c.get('serviceName') from `Authorization: Bearer <service key>`, or answers 401 unauthorized. */
export function requireServiceCredential(db: Queryable, options: { acceptDevCredentials: boolean }): MiddlewareHandler {
  return async (c, next) => {
    const key = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
    const refusedText = !options.acceptDevCredentials && key === DEV_SERVICE_KEY;
    const row =
      key && !refusedText
        ? (
            await db.query<{ name: string; dev_seeded: boolean }>(`SELECT name, dev_seeded FROM service_credentials WHERE key_hash = $1`, [
              hashKey(key),
            ])
          ).rows[0]
        : undefined;
    if (!row || (row.dev_seeded && !options.acceptDevCredentials)) {
      throw new BillingError('unauthorized', {
        message: 'Send a service key as Authorization: Bearer <key>. Account tokens are not accepted here.',
      });
    }
    c.set('serviceName', row.name);
    await next();
  };
}
