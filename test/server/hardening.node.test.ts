// Hardening of the reference server: dev credentials in production, oversized and malformed bodies, card-save limits and duplicates.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_TOKEN, hashToken, issueToken } from '../../server/auth.js';
import { insertAccount } from '../../server/accounts.js';
import { migrate } from '../../server/db/migrate.js';
import { startServer, type RunningServer, type StartServerOptions } from '../../server/main.js';
import { createTestSchema, openTestDatabase } from './test-database.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../server/db/migrations/', import.meta.url));

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function request(server: RunningServer, path: string, token: string | null, init: RequestInit = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  if (init.body !== undefined && typeof init.body === 'string') headers['Content-Type'] ??= 'application/json';
  const response = await fetch(`${server.url}${path}`, { ...init, headers });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the assertion message
  }
  return { status: response.status, body, headers: response.headers };
}

function topUpWithSavedCard(paymentMethodId: string, key: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'Idempotency-Key': key },
    body: JSON.stringify({ amount: { amount: 2500, currency: 'USD' }, source: { type: 'saved_card', paymentMethodId }, idempotencyKey: key }),
  };
}

/** Where a server keeps its data across a restart: a PGlite folder, or with DATABASE_URL a schema of its own. */
async function persistentStorage(): Promise<{ options: Pick<StartServerOptions, 'dataDir' | 'databaseUrl'>; drop(): Promise<void> }> {
  const schema = await createTestSchema();
  if (schema) return { options: { databaseUrl: schema.url }, drop: schema.drop };
  const dataDir = mkdtempSync(join(tmpdir(), 'billing-hardening-'));
  return { options: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

describe('dev credentials in production (F4)', () => {
  it('a server restarted without dev routes on data seeded in development refuses the demo token and dev accounts (401 for reads and top-ups)', async () => {
    const storage = await persistentStorage();
    let server: RunningServer | null = null;
    try {
      // Development: the demo account is seeded with the published token and pays with its saved card.
      server = await startServer({ port: 0, ...storage.options, devRoutes: true, recovery: false });
      assert.equal(server.demoToken, DEMO_TOKEN);
      const demoCards = await request(server, '/v1/payment-methods', DEMO_TOKEN);
      assert.equal(demoCards.status, 200);
      const demoCard = (demoCards.body as Array<{ id: string; isDefault: boolean }>).find((card) => card.isDefault);
      assert.ok(demoCard, JSON.stringify(demoCards.body));
      const devTopUp = await request(server, '/v1/top-ups', DEMO_TOKEN, topUpWithSavedCard(demoCard.id, 'dev-mode-top-up'));
      assert.equal(devTopUp.status, 201, JSON.stringify(devTopUp.body));
      const devAccount = await request(server, '/v1/dev/accounts', null, { method: 'POST' });
      assert.equal(devAccount.status, 201);
      const devToken = (devAccount.body as { token: string }).token;
      // An account made some other way (an operator's own provisioning) is not dev data.
      const realToken = await server.db.transaction(async (tx) => {
        await insertAccount(tx, {
          id: 'acct_real_customer',
          name: 'Real customer',
          currency: 'USD',
          lowBalanceThreshold: 500,
          topUpMinimum: 1000,
          topUpMaximum: 100_000,
          topUpPresets: [1000],
          monthlyCapSupported: true,
          autoRechargeThreshold: 1000,
          autoRechargeAmount: 2500,
          at: new Date(),
        });
        return issueToken(tx, 'acct_real_customer', new Date());
      });
      await server.close();
      server = null;

      // Production (NODE_ENV=production turns dev routes off) on the same data.
      server = await startServer({ port: 0, ...storage.options, devRoutes: false, recovery: false });
      assert.equal(server.demoToken, null);
      for (const token of [DEMO_TOKEN, devToken]) {
        const read = await request(server, '/v1/account', token);
        assert.equal(read.status, 401, `${token}: ${JSON.stringify(read.body)}`);
        assert.equal(read.body.error.code, 'unauthorized');
        assert.equal((await request(server, '/v1/payment-methods', token)).status, 401);
        const topUp = await request(server, '/v1/top-ups', token, topUpWithSavedCard(demoCard.id, `prod-${token.slice(0, 8)}`));
        assert.equal(topUp.status, 401, JSON.stringify(topUp.body));
        const save = await request(server, '/v1/payment-methods', token, { method: 'POST', body: JSON.stringify({ providerToken: 'test_card_4242424242424242' }) });
        assert.equal(save.status, 401);
      }
      // The refused attempts charged nothing: the one development top-up is all there is.
      const topUps = await server.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM top_ups WHERE idempotency_key LIKE 'prod-%'`);
      assert.equal(Number(topUps.rows[0]?.n), 0);
      const real = await request(server, '/v1/account', realToken);
      assert.equal(real.status, 200, JSON.stringify(real.body));
      assert.equal(real.body.id, 'acct_real_customer');
    } finally {
      await server?.close();
      await storage.drop();
    }
  });

  it('the migration marks data seeded before it existed: the demo token, and accounts whose history starts with seed top-ups', async () => {
    const database = await openTestDatabase();
    const before = mkdtempSync(join(tmpdir(), 'billing-migrations-'));
    try {
      for (const name of readdirSync(MIGRATIONS_DIR)) if (name < '004') copyFileSync(join(MIGRATIONS_DIR, name), join(before, name));
      await migrate(database.db, before);
      const at = new Date();
      const account = (id: string) =>
        database.db.query(
          `INSERT INTO accounts (id, name, currency, balance, balance_updated_at, low_balance_threshold, top_up_minimum, top_up_maximum, created_at)
           VALUES ($1, $1, 'USD', 0, $2, 0, 0, 0, $2)`,
          [id, at],
        );
      const token = (value: string, accountId: string) =>
        database.db.query(`INSERT INTO api_tokens (token_hash, account_id, created_at) VALUES ($1, $2, $3)`, [hashToken(value), accountId, at]);
      await account('acct_demo');
      await token(DEMO_TOKEN, 'acct_demo');
      await account('acct_seeded');
      await token('bw_seeded_token', 'acct_seeded');
      await database.db.query(
        `INSERT INTO top_ups (id, account_id, idempotency_key, request_fingerprint, kind, amount, currency, status, created_at)
         VALUES ('tu_seed', 'acct_seeded', 'seed-opening-balance', '', 'manual', 100, 'USD', 'succeeded', $1)`,
        [at],
      );
      await account('acct_customer');
      await token('bw_customer_token', 'acct_customer');
      await database.db.query(
        `INSERT INTO top_ups (id, account_id, idempotency_key, request_fingerprint, kind, amount, currency, status, created_at)
         VALUES ('tu_customer', 'acct_customer', 'seed-looking-key', '[2500,"USD"]', 'manual', 100, 'USD', 'succeeded', $1)`,
        [at],
      );

      await migrate(database.db);
      const accounts = await database.db.query<{ id: string; dev_seeded: boolean }>(`SELECT id, dev_seeded FROM accounts ORDER BY id`);
      assert.deepEqual(accounts.rows.map((row) => [row.id, row.dev_seeded]), [
        ['acct_customer', false],
        ['acct_demo', true],
        ['acct_seeded', true],
      ]);
      const tokens = await database.db.query<{ account_id: string; dev_seeded: boolean }>(`SELECT account_id, dev_seeded FROM api_tokens ORDER BY account_id`);
      assert.deepEqual(tokens.rows.map((row) => [row.account_id, row.dev_seeded]), [
        ['acct_customer', false],
        ['acct_demo', true],
        ['acct_seeded', true],
      ]);
    } finally {
      rmSync(before, { recursive: true, force: true });
      await database.close();
    }
  });
});
