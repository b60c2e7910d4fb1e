// Three reference-server processes on one PostgreSQL: the change feed reaches a browser on any process, rate limits
// hold across them, recovery sweeps started together drive each row once, and top-ups, debits and auto-recharge spread
// across the three leave every ledger reconciled. PostgreSQL only (DATABASE_URL); CI sets it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { BillingChange } from '../../src/client/schemas.js';
import { readEventStream } from '../../src/client/change-feed.js';
import { findAccount } from '../../server/accounts.js';
import { decideAutoRecharge } from '../../server/auto-recharge.js';
import { migrate } from '../../server/db/migrate.js';
import { openDatabase, type BillingDatabase } from '../../server/db/open-database.js';
import { TestCardProcessor } from '../../server/payments/test-card-processor.js';
import { recoverInterruptedPayments } from '../../server/recovery.js';
import { seedDemoAccount } from '../../server/seed.js';
import { CHARGE_REQUEST_COLUMNS, chargeRequestValues, processorIdempotencyKey } from '../../server/top-up-rows.js';
import { assertLedgerReconciles, ledgerOf } from './ledger-check.js';
import { BillingApi, CARD_OK, enableAutoRecharge, entriesOf, newAccount, spawnServer, type ServerProcess } from './load-scenarios.js';
import { createTestSchema, testDatabaseUrl } from './test-database.js';

const SKIP = !testDatabaseUrl() && 'PostgreSQL only (DATABASE_URL)';
const INSUFFICIENT_FUNDS = 'test_card_4000000000009995';
/** Top-ups left 'charging' by a "crash" before the three processes start; their start-up sweeps finish them. */
const STUCK_TOP_UPS = 9;
const STUCK_AMOUNT = 700;
const latencies: number[] = [];

/**
 * Inserts `count` top-ups as a process that died mid-charge leaves them: claimed ('charging'), the charge request
 * stored, created five minutes ago (past the sweep's 30 s). Returns their ids.
 */
async function insertStuckTopUps(db: BillingDatabase, accountId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const id = `tu_stuck_${randomUUID()}`;
    const key = `stuck-${randomUUID()}`;
    const request = {
      amount: { amount: STUCK_AMOUNT, currency: 'USD' },
      idempotencyKey: processorIdempotencyKey(accountId, key),
      offSession: false,
      providerToken: CARD_OK,
      saveCard: false,
    };
    await db.query(
      `INSERT INTO top_ups (id, account_id, idempotency_key, request_fingerprint, kind, amount, currency, status, created_at, ${CHARGE_REQUEST_COLUMNS})
       VALUES ($1, $2, $3, 'stuck', 'manual', $4, 'USD', 'charging', now() - interval '5 minutes', $5, $6, $7, $8, $9)`,
      [id, accountId, key, STUCK_AMOUNT, ...chargeRequestValues(request)],
    );
    ids.push(id);
  }
  return ids;
}

/** A browser's GET /v1/events on one process: every change it hears, and a way to wait for one. */
async function openStream(url: string, token: string) {
  const heard: Array<{ change: BillingChange; at: number }> = [];
  const waiters = new Set<() => void>();
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/events`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  assert.ok(response.body);
  const reading = readEventStream(response.body, controller.signal, {
    onEvent: (event) => {
      heard.push({ change: JSON.parse(event.data) as BillingChange, at: performance.now() });
      for (const wake of [...waiters]) wake();
    },
  }).catch(() => {});
  return {
    heard,
    /** Resolves with the time the first change matching `test` arrived. */
    waitFor(test: (change: BillingChange) => boolean, timeoutMs = 5_000): Promise<number> {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = heard.find((entry) => test(entry.change));
          if (!found) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found.at);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(`no matching change on ${url} within ${timeoutMs} ms; heard ${JSON.stringify(heard.map((entry) => entry.change))}`),
          );
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}

const balanceOf = (amount: number) => (change: BillingChange) => change.type === 'balance' && change.balance.amount === amount;

describe('three server processes on one PostgreSQL', { skip: SKIP, timeout: 120_000 }, () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let db: BillingDatabase;
  const servers: ServerProcess[] = [];
  let stuck: { token: string; ids: string[] };
  /** The same account's client on process `index` (mod 3). */
  const on = (api: BillingApi, index: number): BillingApi => new BillingApi(servers[index % servers.length]?.url ?? '', api.token);

  before(async () => {
    schema = await createTestSchema();
    assert.ok(schema);
    db = await openDatabase({ url: schema.url });
    await migrate(db);
    const seeded = await seedDemoAccount(db, { usageEntryCount: 0, startingBalance: 1000 });
    stuck = { token: seeded.token, ids: await insertStuckTopUps(db, seeded.accountId, STUCK_TOP_UPS) };
    // All three at once, as a deployment starts them: migrations, the demo seed and the start-up sweeps race.
    const url = schema.url;
    // The third listens through a URL of its own (as behind a transaction-pooling PgBouncer), one without the schema:
    // the channel is named after the schema its pool writes in, so it hears the others all the same.
    const listenUrl = testDatabaseUrl() ?? '';
    const started = await Promise.allSettled(
      ([{}, {}, { DATABASE_LISTEN_URL: listenUrl }] as Record<string, string>[]).map((env) => spawnServer({ databaseUrl: url, env })),
    );
    for (const result of started) if (result.status === 'fulfilled') servers.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  });

  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await db.close();
    await schema?.drop();
    if (latencies.length > 0) {
      const sorted = [...latencies].sort((a, b) => a - b);
      console.log(
        `change feed, write on one process to the event on another: ${sorted.length} deliveries, ` +
          `median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
      );
    }
  });

  it('start-up sweeps of three processes started together drive each stuck top-up once: one credit each', async () => {
    const drives = await Promise.all(
      servers.map(async (server) => Number((await server.waitForOutput(/payment recovery at start-up: (\d+) top-up/))[1])),
    );
    console.log(`start-up sweeps: top-ups recovered per process ${drives.join(', ')}`);
    assert.equal(
      drives.reduce((sum, count) => sum + count, 0),
      STUCK_TOP_UPS,
      `top-ups recovered per process: ${drives.join(', ')}`,
    );
    const rows = await db.query<{ status: string }>(`SELECT status FROM top_ups WHERE id = ANY($1)`, [stuck.ids]);
    assert.deepEqual(
      rows.rows.map((row) => row.status),
      stuck.ids.map(() => 'succeeded'),
    );
    const ledger = await assertLedgerReconciles(db, stuck.token);
    assert.equal(ledger.balance, 1000 + STUCK_TOP_UPS * STUCK_AMOUNT);
  });

  it('a change made on any process reaches a browser connected to each of the three', async () => {
    const api = await newAccount(servers[0]?.url ?? '');
    const streams = await Promise.all(servers.map((server) => openStream(server.url, api.token)));
    try {
      let balance = await api.balance();
      for (let index = 0; index < servers.length; index++) {
        const writer = on(api, index);
        const written = await writer.topUp(1000 + index, { type: 'new_card', providerToken: CARD_OK, saveCard: false });
        assert.equal(written.body.status, 'succeeded', JSON.stringify(written.body));
        const answeredAt = performance.now();
        balance += 1000 + index;
        const arrivals = await Promise.all(streams.map((stream) => stream.waitFor(balanceOf(balance))));
        arrivals.forEach((arrivedAt, reader) => {
          if (reader !== index) latencies.push(Math.max(0, arrivedAt - answeredAt));
        });
      }
      // A debit on one process: its balance and usage changes reach the other two as well.
      const placed = await on(api, 2).placeCalls(1);
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      const spent = entriesOf(placed.body).reduce((sum, entry) => sum + entry.price.amount, 0);
      for (const stream of streams) {
        await stream.waitFor(balanceOf(balance - spent));
        await stream.waitFor((change) => change.type === 'usage');
      }
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
    }
  });

  it('rate limits count once across the processes, not once per process', async () => {
    const api = await newAccount(servers[0]?.url ?? '');
    // 20 new top-ups a minute per account: 26 declined ones spread over three processes at once, 6 refused.
    const topUps = await Promise.all(
      Array.from({ length: 26 }, (_, index) =>
        on(api, index).topUp(2000, { type: 'new_card', providerToken: INSUFFICIENT_FUNDS, saveCard: false }),
      ),
    );
    const limited = topUps.filter((answer) => answer.status === 429);
    assert.equal(limited.length, 6, `statuses: ${topUps.map((answer) => answer.status).join(',')}`);
    // 10 card saves per 10 minutes per account.
    const saves = await Promise.all(
      Array.from({ length: 13 }, (_, index) => on(api, index).request('POST', '/v1/payment-methods', { providerToken: CARD_OK })),
    );
    assert.equal(saves.filter((answer) => answer.status === 429).length, 3, `statuses: ${saves.map((answer) => answer.status).join(',')}`);
    assert.ok(saves.every((answer) => answer.status < 300 || answer.status === 429));
  });

  it('top-ups, debits and auto-recharge spread over the three: one recharge per burst, every ledger reconciled', async () => {
    const accounts = await Promise.all([0, 1, 2].map((index) => newAccount(servers[index]?.url ?? '')));
    // The dev accounts come with a seeded history: what this test adds is measured from here.
    const startedAt = new Date();
    const before = await Promise.all(accounts.map((api) => ledgerOf(db, api.token)));
    await Promise.all(
      accounts.map(async (api, accountIndex) => {
        await enableAutoRecharge(on(api, accountIndex + 1), 1000, 50_000);
        // A threshold the first debits cross, saved through a third process.
        const start = await api.balance();
        const current = await on(api, accountIndex + 2).request<{ version: number; paymentMethodId: string }>('GET', '/v1/auto-recharge');
        const saved = await on(api, accountIndex + 2).request('PUT', '/v1/auto-recharge', {
          enabled: true,
          thresholdAmount: { amount: start - 50, currency: 'USD' },
          rechargeAmount: { amount: 50_000, currency: 'USD' },
          paymentMethodId: current.body.paymentMethodId,
          monthlyCap: null,
          expectedVersion: current.body.version,
        });
        assert.equal(saved.status, 200, JSON.stringify(saved.body));
        // 15 single-call debits at once over the three processes: the first to cross the threshold recharges.
        const debits = await Promise.all(Array.from({ length: 15 }, (_, index) => on(api, index).placeCalls(1)));
        // Then more debits with 3 manual top-ups among them, far above the threshold now.
        const mixed = await Promise.all([
          ...Array.from({ length: 15 }, (_, index) => on(api, index).placeCalls(1)),
          ...Array.from({ length: 3 }, (_, index) =>
            on(api, index).topUp(1000 + index, { type: 'new_card', providerToken: CARD_OK, saveCard: false }),
          ),
        ]);
        const statuses = [...debits, ...mixed].map((result) => result.status);
        assert.ok(
          statuses.every((status) => status === 201),
          statuses.join(','),
        );
      }),
    );
    for (const [index, api] of accounts.entries()) {
      const ledger = await assertLedgerReconciles(db, api.token);
      const added = (kind: string) => (ledger.byKind[kind]?.count ?? 0) - (before[index]?.byKind[kind]?.count ?? 0);
      assert.equal(added('auto_recharge'), 1, `one recharge for the burst: ${JSON.stringify(ledger.byKind)}`);
      assert.equal(added('top_up'), 4, 'the card-saving top-up and the three among the debits');
      assert.equal(added('usage'), 30);
      const attempts = await db.query<{ outcome: string }>(
        `SELECT outcome FROM auto_recharge_attempts WHERE account_id = $1 AND outcome <> 'skipped' AND at >= $2`,
        [ledger.accountId, startedAt],
      );
      assert.deepEqual(
        attempts.rows.map((row) => row.outcome),
        ['succeeded'],
      );
    }
  });
});

describe('two recovery sweeps at once on one PostgreSQL', { skip: SKIP }, () => {
  it('drive each stuck top-up and each interrupted auto-recharge once between them, whichever takes it', async () => {
    const schema = await createTestSchema();
    assert.ok(schema);
    // Two pools, as two processes hold: the sweeps' statements really run side by side.
    const first = await openDatabase({ url: schema.url });
    const second = await openDatabase({ url: schema.url });
    try {
      await migrate(first);
      const seeded = await seedDemoAccount(first, { usageEntryCount: 0, startingBalance: 0 });
      const ids = await insertStuckTopUps(first, seeded.accountId, 40);
      // Recharges decided by a debit whose process died before it claimed the top-up, five minutes ago.
      const recharged = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const account = await seedDemoAccount(first, { usageEntryCount: 0, startingBalance: 500 });
          await first.query(
            `UPDATE auto_recharge_settings SET enabled = true, threshold_amount = 1000, recharge_amount = 5000,
               payment_method_id = (SELECT id FROM payment_methods WHERE account_id = $1 ORDER BY seq LIMIT 1)
             WHERE account_id = $1`,
            [account.accountId],
          );
          const attemptId = await first.transaction(async (tx) => {
            const record = await findAccount(tx, account.accountId, { lock: true });
            const plan = await decideAutoRecharge(tx, record, 500, new Date(Date.now() - 5 * 60_000), []);
            assert.ok(plan, 'a recharge was decided');
            return plan.attemptId;
          });
          return { ...account, attemptId };
        }),
      );
      const processors = [new TestCardProcessor(), new TestCardProcessor()];
      const reports = await Promise.all([
        recoverInterruptedPayments(first, processors[0] ?? new TestCardProcessor()),
        recoverInterruptedPayments(second, processors[1] ?? new TestCardProcessor()),
      ]);
      const driven = reports.flatMap((report) => report.recovered.map((entry) => entry.topUpId));
      assert.equal(driven.length, ids.length, `recovered per sweep: ${reports.map((report) => report.recovered.length).join(', ')}`);
      assert.deepEqual(new Set(driven), new Set(ids));
      const charged = reports.flatMap((report) => report.resumedAttempts.map((entry) => `${entry.attemptId} ${entry.outcome}`));
      assert.deepEqual(charged.sort(), recharged.map((account) => `${account.attemptId} charged`).sort());
      assert.equal(
        processors.reduce((sum, processor) => sum + processor.chargeCount, 0),
        ids.length + recharged.length,
        'one charge per top-up and per recharge between the two processors',
      );
      const ledger = await assertLedgerReconciles(first, seeded.token);
      assert.equal(ledger.balance, ids.length * STUCK_AMOUNT);
      for (const account of recharged) assert.equal((await assertLedgerReconciles(first, account.token)).balance, 5500);
    } finally {
      await first.close();
      await second.close();
      await schema.drop();
    }
  });
});
