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
  return ownerOfTokenHash(q, hashToken(token));
}

async function ownerOfTokenHash(q: Queryable, tokenHash: string): Promise<TokenOwner | null> {
  // a.* also has a dev_seeded column: the token's mark is named apart so it is not overwritten.
  const result = await q.query<AccountRow & { token_dev_seeded: boolean }>(
    `SELECT a.*, (t.dev_seeded OR a.dev_seeded) AS token_dev_seeded
       FROM api_tokens t JOIN accounts a ON a.id = t.account_id
      WHERE t.token_hash = $1`,
    [tokenHash],
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
  /** The clock the remembered tokens expire by, in ms; Date.now unless a test moves it. */
  now?: () => number;
}

/**
 * How long a token found valid is trusted without asking the database again, as service keys are
 * (service-credentials.ts): a token removed from api_tokens is refused within this. What is
 * remembered with it (its account's id, currency and top-up limits) never changes while the token
 * exists; the balance in that record is never used.
 */
export const ACCOUNT_TOKEN_CACHE_MS = 10_000;
/** Tokens remembered at most per server; past it the memory starts again empty (each token then costs one lookup). */
const TOKEN_CACHE_LIMIT = 10_000;
/**
 * A token used when this much of its time is gone is looked up again in the background while the request goes on from
 * memory, so a busy token never makes a request wait for the lookup (at 8 top-ups at a time, 64 accounts' expiring
 * together held each request 6 ms and broke up the groups it would have shared). The new entry counts its 10 s from
 * when that lookup was sent, so a token removed is still refused within 10 s of its removal.
 */
const TOKEN_REFRESH_AFTER_MS = ACCOUNT_TOKEN_CACHE_MS / 2;

/**
 * Sets c.get('accountId') from `Authorization: Bearer <token>`, or answers 401 unauthorized. A token
 * found valid is remembered for ACCOUNT_TOKEN_CACHE_MS, so a busy account does not pay a lookup (a
 * round trip, and on PGlite a statement on this thread) per request, and one still in use is looked up
 * again in the background before that runs out (TOKEN_REFRESH_AFTER_MS); an unknown token is asked about
 * every time, so a token is never refused from memory.
 */
export function requireAccount(db: Queryable, options: RequireAccountOptions): MiddlewareHandler {
  const now = options.now ?? Date.now;
  const valid = new Map<string, { owner: TokenOwner; until: number; refreshing?: boolean }>();
  const remember = (tokenHash: string, owner: TokenOwner | null, asked: number): void => {
    if (!owner) {
      valid.delete(tokenHash);
      return;
    }
    if (valid.size >= TOKEN_CACHE_LIMIT) valid.clear();
    valid.set(tokenHash, { owner, until: asked + ACCOUNT_TOKEN_CACHE_MS });
  };
  return async (c, next) => {
    const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
    const refusedText = !options.acceptDevCredentials && token === DEMO_TOKEN;
    let owner: TokenOwner | null = null;
    if (token && !refusedText) {
      const tokenHash = hashToken(token);
      const remembered = valid.get(tokenHash);
      const asked = now();
      if (remembered && remembered.until > asked) {
        owner = remembered.owner;
        if (!remembered.refreshing && remembered.until - asked <= ACCOUNT_TOKEN_CACHE_MS - TOKEN_REFRESH_AFTER_MS) {
          remembered.refreshing = true;
          ownerOfTokenHash(db, tokenHash).then(
            (found) => {
              // Unless the memory was emptied or renewed meanwhile; a failed lookup leaves the entry to expire.
              if (valid.get(tokenHash) === remembered) remember(tokenHash, found, asked);
            },
            () => {
              remembered.refreshing = false;
            },
          );
        }
      } else {
        owner = await ownerOfTokenHash(db, tokenHash);
        remember(tokenHash, owner, asked);
      }
    }
    const accountId = owner && (options.acceptDevCredentials || !owner.devSeeded) ? owner.accountId : null;
    if (!owner || !accountId) {
      throw new BillingError('unauthorized', { message: 'Send a valid API token as Authorization: Bearer <token>.' });
    }
    c.set('accountId', accountId);
    c.set('account', owner.account);
    await next();
  };
}
