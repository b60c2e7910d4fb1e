// Bearer-token auth: tokens stored as sha256, each naming one account; dev-seeded ones refused in production.
import { createHash, randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { BillingError } from '../src/client/errors.js';
import type { Queryable } from './db/database.js';
import { accountRecordOf, type AccountRecord, type AccountRow } from './accounts.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** The account the bearer token names; every query is scoped by it. */
    accountId: string;
    /**
     * Its row as the token lookup read it, so a handler needs no second read for what a request
     * cannot change: currency and limits. Never its balance, which only a locked read may use.
     */
    account: AccountRecord;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random bearer token (shown once; only its hash is stored). */
export function generateToken(): string {
  return `bw_${randomBytes(24).toString('base64url')}`;
}

/**
 * The demo account's bearer token. Fixed so the demo page, `npm run simulate` and a curl line keep
 * working across restarts. It is published, so a server without dev routes (NODE_ENV=production)
 * refuses it by its text as well as by the dev_seeded mark on its row.
 */
export const DEMO_TOKEN = 'demo_dev_token_not_a_secret';

/** Stores the token's hash for the account; returns the token. `devSeeded` marks a token the dev seed made. */
export async function issueToken(
  tx: Queryable,
  accountId: string,
  at: Date,
  token: string = generateToken(),
  options: { devSeeded?: boolean } = {},
): Promise<string> {
  await tx.query(`INSERT INTO api_tokens (token_hash, account_id, created_at, dev_seeded) VALUES ($1, $2, $3, $4)`, [
    hashToken(token),
    accountId,
    at,
    options.devSeeded === true,
  ]);
  return token;
}

export interface TokenOwner {
  accountId: string;
  /** The token or its account came from the dev seed (the demo account, POST /v1/dev/accounts). */
  devSeeded: boolean;
  account: AccountRecord;
}

export async function accountForToken(q: Queryable, token: string): Promise<TokenOwner | null> {
  // a.* also has a dev_seeded column: the token's mark is named apart so it is not overwritten.
  const result = await q.query<AccountRow & { token_dev_seeded: boolean }>(
    `SELECT a.*, (t.dev_seeded OR a.dev_seeded) AS token_dev_seeded
       FROM api_tokens t JOIN accounts a ON a.id = t.account_id
      WHERE t.token_hash = $1`,
    [hashToken(token)],
  );
  const row = result.rows[0];
  return row ? { accountId: row.id, devSeeded: row.token_dev_seeded, account: accountRecordOf(row) } : null;
}

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

export interface RequireAccountOptions {
  /**
   * Accept tokens and accounts the dev seed made. Off in production: the demo token is published
   * in this repository, and a data folder seeded in development may later be served in production.
   */
  acceptDevCredentials: boolean;
}

/** Sets c.get('accountId') from `Authorization: Bearer <token>`, or answers 401 unauthorized. */
export function requireAccount(db: Queryable, options: RequireAccountOptions): MiddlewareHandler {
  return async (c, next) => {
    const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
    const refusedText = !options.acceptDevCredentials && token === DEMO_TOKEN;
    const owner = token && !refusedText ? await accountForToken(db, token) : null;
    const accountId = owner && (options.acceptDevCredentials || !owner.devSeeded) ? owner.accountId : null;
    if (!accountId) {
      throw new BillingError('unauthorized', { message: 'Send a valid API token as Authorization: Bearer <token>.' });
    }
    c.set('accountId', accountId);
    if (owner) c.set('account', owner.account);
    await next();
  };
}
