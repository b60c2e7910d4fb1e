// Account tokens remembered for 10 s (server/auth.ts): a busy account pays one lookup, not one per request, and none on
// a request's path while it stays busy; a token removed from api_tokens is refused once that has passed; an unknown
// token is asked about every time; the demo token and dev-seeded tokens stay refused without dev routes (PGlite, or
// PostgreSQL with DATABASE_URL).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Hono } from 'hono';
import { ACCOUNT_TOKEN_CACHE_MS, DEMO_TOKEN, hashToken, issueToken, requireAccount } from '../../server/auth.js';
import type { Database, QueryResult } from '../../server/db/database.js';
import { fixturePerSuite } from './billing-server.fixture.js';

describe('account tokens: remembered for 10 s', () => {
  const f = fixturePerSuite();

  /** An app whose one route answers the account the token names, with a clock the test moves and a lookup count. */
  function guarded(acceptDevCredentials: boolean) {
    const clock = { ms: Date.now() };
    // held: while set, a lookup waits for it (a request that needs one cannot answer); pending: the lookups sent.
    const lookups: { count: number; held: Promise<void> | null; pending: Array<Promise<unknown>> } = { count: 0, held: null, pending: [] };
    const db: Database = {
      kind: f().db.kind,
      close: () => Promise.resolve(),
      transaction: (work) => f().db.transaction(work),
      query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
        if (!/FROM api_tokens/.test(sql)) return f().db.query<Row>(sql, params);
        lookups.count += 1;
        const held = lookups.held;
        const answer = (async () => {
          await held;
          return f().db.query<Row>(sql, params);
        })();
        lookups.pending.push(answer);
        return answer;
      },
    };
    const app = new Hono();
    app.onError((error, c) => c.json({ code: (error as { code?: string }).code ?? 'unknown' }, 401));
    app.get('/whoami', requireAccount(db, { acceptDevCredentials, now: () => clock.ms }), (c) =>
      c.json({ accountId: c.get('accountId'), currency: c.get('account').currency }),
    );
    const ask = async (token: string): Promise<{ status: number; body: unknown }> => {
      const response = await app.request('/whoami', { headers: { Authorization: `Bearer ${token}` } });
      return { status: response.status, body: await response.json() };
    };
    return { clock, lookups, ask };
  }

  it('looks a valid token up once per 10 s, and answers its account from memory in between', async () => {
    const { accountId, token } = await f().newAccount();
    const { clock, lookups, ask } = guarded(true);
    for (let request = 0; request < 5; request++) {
      assert.deepEqual(await ask(token), { status: 200, body: { accountId, currency: 'USD' } });
    }
    assert.equal(lookups.count, 1);
    clock.ms += ACCOUNT_TOKEN_CACHE_MS + 1;
    assert.equal((await ask(token)).status, 200);
    assert.equal(lookups.count, 2, 'asked again once the 10 s have passed');
  });

  it('looks a token in use up again in the background before its 10 s run out: no request waits, a removed token is still refused within 10 s', async () => {
    const { accountId, token } = await f().newAccount();
    const { clock, lookups, ask } = guarded(true);
    const settled = async () => {
      await Promise.allSettled(lookups.pending);
      await new Promise((resolve) => setImmediate(resolve));
    };
    assert.equal((await ask(token)).status, 200);
    clock.ms += 6_000; // past half of the 10 s: answered from memory, and looked up again meanwhile
    assert.equal((await ask(token)).status, 200);
    assert.equal(lookups.count, 2);
    await settled();
    // 12 s after the first lookup, 6 s after the second: with lookups held, the request answers from memory at once.
    let release = (): void => {};
    lookups.held = new Promise((resolve) => (release = resolve));
    clock.ms += 6_000;
    const answered = await Promise.race([ask(token), new Promise((resolve) => setTimeout(() => resolve('waited'), 2_000))]);
    assert.deepEqual(answered, { status: 200, body: { accountId, currency: 'USD' } }, 'answered without waiting for a lookup');
    lookups.held = null;
    release();
    await settled();
    // That lookup (sent at 12 s) saw the token; removed now, it is refused 10 s after that lookup was sent.
    await f().db.query(`DELETE FROM api_tokens WHERE token_hash = $1`, [hashToken(token)]);
    clock.ms += ACCOUNT_TOKEN_CACHE_MS + 1;
    assert.deepEqual(await ask(token), { status: 401, body: { code: 'unauthorized' } });
  });

  it('refuses a token removed from api_tokens once the 10 s have passed, and keeps refusing it', async () => {
    const { token } = await f().newAccount();
    const { clock, lookups, ask } = guarded(true);
    assert.equal((await ask(token)).status, 200);
    await f().db.query(`DELETE FROM api_tokens WHERE token_hash = $1`, [hashToken(token)]);
    clock.ms += ACCOUNT_TOKEN_CACHE_MS - 1;
    assert.equal((await ask(token)).status, 200, 'still remembered within the 10 s');
    clock.ms += 2;
    assert.deepEqual(await ask(token), { status: 401, body: { code: 'unauthorized' } });
    const before = lookups.count;
    assert.equal((await ask(token)).status, 401);
    assert.equal(lookups.count, before + 1, 'a refused token is asked about every time, never remembered');
  });

  it('asks about an unknown token every time, so a token issued after a refusal works at once', async () => {
    const { accountId } = await f().newAccount();
    const { lookups, ask } = guarded(true);
    const token = `bw_test_${Date.now()}_${Math.random().toString(36).slice(2)}`;
    assert.equal((await ask(token)).status, 401);
    assert.equal((await ask(token)).status, 401);
    assert.equal(lookups.count, 2);
    await issueToken(f().db, accountId, new Date(), token);
    assert.equal((await ask(token)).status, 200);
  });

  it('refuses dev-seeded tokens and the demo token without dev routes, remembered or not', async () => {
    const { token } = await f().newAccount(); // POST /v1/dev/accounts: marked dev_seeded
    const { lookups, ask } = guarded(false);
    assert.equal((await ask(token)).status, 401);
    assert.equal((await ask(token)).status, 401);
    assert.equal((await ask(DEMO_TOKEN)).status, 401);
    assert.equal(lookups.count, 1, 'the dev token is looked up once and refused from memory after; the demo token by its text');
  });
});
