// Load and faults on the reference server, bounded and on loopback: idempotent top-ups, one recharge under concurrent debits, SIGKILL and restart, webhook redelivery.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { openDatabase } from '../../server/db/open-database.js';
import { startServer, type RunningServer } from '../../server/main.js';
import { createTopUp } from '../../server/top-ups.js';
import { TestCardProcessor } from '../../server/payments/test-card-processor.js';
import { StripeProcessor } from '../../server/stripe/stripe-processor.js';
import { FakeStripe } from './stripe-fake.js';
import { ledgerOf } from './ledger-check.js';
import { createTestSchema } from './test-database.js';
import {
  CARD_OK,
  concurrentDebits,
  enableAutoRecharge,
  entriesOf,
  figuresOf,
  formatFigures,
  newAccount,
  runBounded,
  sameKeyTopUps,
  spawnServer,
  BillingApi,
  type LoadFigures,
  type TimedResponse,
  type TopUpBody,
} from './load-scenarios.js';

const WEBHOOK_SECRET = 'whsec_load_test';
const figures: LoadFigures[] = [];

describe('server under load and faults', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let stripeServer: RunningServer;
  let stripe: FakeStripe;
  const cleanups: Array<() => Promise<void>> = [];

  before(async () => {
    const schemaA = await createTestSchema();
    const schemaB = await createTestSchema();
    if (schemaA) cleanups.push(() => schemaA.drop());
    if (schemaB) cleanups.push(() => schemaB.drop());
    stripe = new FakeStripe();
    // Each server that did start is closed by after(), before the schemas it uses are dropped, even if the other failed.
    const closedAfter = async (starting: Promise<RunningServer>): Promise<RunningServer> => {
      const running = await starting;
      cleanups.push(() => running.close());
      return running;
    };
    [server, stripeServer] = await Promise.all([
      closedAfter(
        startServer({ port: 0, ...(schemaA ? { databaseUrl: schemaA.url } : {}), topUpRateLimit: { max: 1000, windowMs: 60_000 } }),
      ),
      closedAfter(
        startServer({
          port: 0,
          ...(schemaB ? { databaseUrl: schemaB.url } : {}),
          processor: new StripeProcessor({ stripe }),
          stripe: { api: Object.assign(stripe, { webhooks: Stripe.webhooks }), webhookSecret: WEBHOOK_SECRET },
          topUpRateLimit: { max: 1000, windowMs: 60_000 },
        }),
      ),
    ]);
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    if (figures.length > 0) console.log(`\n${formatFigures(figures)}\n`);
  });

  it('50 parallel top-ups with one Idempotency-Key: one charge, one ledger entry, one top-up', async () => {
    const api = await newAccount(server.url);
    const { processor } = server;
    assert.ok(processor instanceof TestCardProcessor, 'the load server charges test cards');
    const chargesBefore = processor.chargeCount;
    const before = await ledgerOf(server.db, api.token);

    const { results, figures: measured } = await sameKeyTopUps(api, 50, 2500);
    figures.push(measured);

    const statuses = results.map((result) => result.status);
    assert.ok(
      statuses.every((status) => status === 200 || status === 201),
      `statuses: ${statuses.join(',')}`,
    );
    assert.equal(statuses.filter((status) => status === 201).length, 1, 'exactly one request created the top-up');
    assert.equal(new Set(results.map((result) => result.body.id)).size, 1, 'every replay answers with the same top-up');
    assert.ok(results.every((result) => result.body.status === 'succeeded'));
    assert.equal(processor.chargeCount - chargesBefore, 1, 'the card was charged once');

    const after = await ledgerOf(server.db, api.token);
    assert.equal((after.byKind.top_up?.count ?? 0) - (before.byKind.top_up?.count ?? 0), 1);
    assert.equal(after.balance, before.balance + 2500);
    assert.equal(after.balance, after.ledgerTotal, 'balance == sum of the ledger');
  });

  it('20 concurrent debits across the threshold: exactly one automatic recharge', async () => {
    const api = await newAccount(server.url);
    await enableAutoRecharge(api, 1000, 50_000);
    // Put the balance just above a threshold the first few calls will cross.
    const start = await api.balance();
    const threshold = start - 50;
    const current = await api.request<{ version: number; paymentMethodId: string }>('GET', '/v1/auto-recharge');
    const saved = await api.request('PUT', '/v1/auto-recharge', {
      enabled: true,
      thresholdAmount: { amount: threshold, currency: 'USD' },
      rechargeAmount: { amount: 50_000, currency: 'USD' },
      paymentMethodId: current.body.paymentMethodId,
      monthlyCap: null,
      expectedVersion: current.body.version,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));

    const { results, figures: measured, spent } = await concurrentDebits(api, 20);
    figures.push(measured);
    assert.ok(
      results.every((result) => result.status === 201),
      results.map((result) => result.status).join(','),
    );
    assert.ok(spent > 50, `the calls (${spent}) crossed the threshold`);

    const ledger = await ledgerOf(server.db, api.token);
    assert.equal(ledger.byKind.auto_recharge?.count, 1, JSON.stringify(ledger.byKind));
    assert.equal(ledger.byKind.auto_recharge.total, 50_000);
    assert.equal(ledger.byKind.usage && ledger.byKind.usage.count >= 20, true);
    assert.equal(ledger.balance, ledger.ledgerTotal, 'balance == sum of the ledger');
    assert.equal(ledger.balance, start - spent + 50_000);
    const attempts = await api.request<{ recentAttempts: Array<{ outcome: string }> }>('GET', '/v1/auto-recharge');
    assert.deepEqual(
      attempts.body.recentAttempts.map((attempt) => attempt.outcome),
      ['succeeded'],
    );
  });

  it('a webhook delivered twice (at once) credits each payment once', async () => {
    const api = await newAccount(stripeServer.url);
    const before = await ledgerOf(stripeServer.db, api.token);
    const payments = 10;
    const intents: string[] = [];
    for (let index = 0; index < payments; index++) {
      const providerToken = `ctoken_load_${randomUUID()}`;
      stripe.outcomes.set(providerToken, 'processing');
      const created = await api.topUp(1500, { type: 'new_card', providerToken, saveCard: false });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.status, 'processing');
      const call = stripe
        .callsTo('paymentIntents.create')
        .find((candidate) => (candidate.params as Stripe.PaymentIntentCreateParams).confirmation_token === providerToken);
      const intent = [...stripe.paymentIntents_.values()].find(
        (candidate) => candidate.metadata.idempotency_key === call?.options?.idempotencyKey,
      );
      assert.ok(intent);
      intents.push(intent.id);
    }

    const deliveries = intents.flatMap((intentId) => {
      const payload = JSON.stringify({
        id: `evt_${randomUUID()}`,
        object: 'event',
        type: 'payment_intent.succeeded',
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: intentId, object: 'payment_intent', status: 'succeeded', last_payment_error: null } },
      });
      return [payload, payload];
    });
    const started = performance.now();
    const results: TimedResponse[] = await Promise.all(
      deliveries.map(async (payload) => {
        const begin = performance.now();
        const response = await fetch(`${stripeServer.url}/v1/webhooks/stripe`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
          },
          body: payload,
        });
        const body: unknown = await response.json();
        return { status: response.status, body, ms: performance.now() - begin };
      }),
    );
    figures.push(figuresOf(`${deliveries.length} webhook deliveries (each twice)`, results, performance.now() - started));
    assert.ok(results.every((result) => result.status === 200));
    const outcomes = results.map((result) => (result.body as { outcome: string }).outcome);
    assert.equal(outcomes.filter((outcome) => outcome === 'settled').length, payments, outcomes.join(','));

    const after = await ledgerOf(stripeServer.db, api.token);
    assert.equal((after.byKind.top_up?.count ?? 0) - (before.byKind.top_up?.count ?? 0), payments);
    assert.equal(after.balance, before.balance + payments * 1500);
    assert.equal(after.balance, after.ledgerTotal);
  });

  it('SIGKILL mid-request, restart on the same data: no acknowledged entry lost, balance == sum of the ledger', async () => {
    const schema = await createTestSchema();
    const dataDir = schema ? undefined : await mkdtemp(join(tmpdir(), 'billing-kill-'));
    const location = schema ? { databaseUrl: schema.url } : { dataDir };
    try {
      let child = await spawnServer(location);
      let api: BillingApi;
      try {
        api = await newAccount(child.url);
        if (dataDir) {
          // Two processes on one PGlite folder would corrupt it: the second refuses to start.
          await assert.rejects(spawnServer(location), /Another billing server \(pid \d+\) is using/);
        }
      } catch (error) {
        await child.stop();
        throw error;
      }
      const acknowledgedTopUps: string[] = [];
      const acknowledgedCalls: string[] = [];
      let answered = 0;
      let failed = 0;
      const killAfter = 12;
      // Filled inside the requests' callback, where the kill happens; awaited once they are all done.
      const killing: Array<Promise<void>> = [];
      const results: TimedResponse[] = [];
      const started = performance.now();

      // 40 requests, 4 at a time: top-ups (distinct keys) and calls; the process dies under them.
      await runBounded(40, 4, 20_000, async (index) => {
        try {
          const result: TimedResponse =
            index % 3 === 0
              ? await api.topUp(1000, { type: 'new_card', providerToken: CARD_OK, saveCard: false })
              : await api.placeCalls(2);
          results.push(result);
          answered++;
          if (result.status === 201 && index % 3 === 0) acknowledgedTopUps.push((result.body as TopUpBody).id);
          else if (result.status === 201) acknowledgedCalls.push(...entriesOf(result.body).map((entry) => entry.id));
          if (answered === killAfter) killing.push(child.kill());
        } catch {
          failed++; // in flight when the process died
        }
        return index;
      });
      figures.push(figuresOf('requests until SIGKILL', results, performance.now() - started));
      await Promise.all(killing);
      assert.equal(child.child.signalCode, 'SIGKILL', 'the server was killed, not stopped');
      assert.ok(acknowledgedTopUps.length > 0 && acknowledgedCalls.length > 0, 'some writes were acknowledged before the kill');
      assert.ok(failed > 0, 'some requests were cut off by the kill');

      // The kill rarely lands inside a charge (the test-card processor answers at once), so one
      // more top-up is cut off for certain: claimed through createTopUp on the dead server's data
      // with a processor that never answers, then abandoned, as a process dying mid-charge leaves it.
      const cutOffKey = `cut-off-${randomUUID()}`;
      const cutOffRequest = {
        amount: { amount: 1700, currency: 'USD' },
        source: { type: 'new_card' as const, providerToken: CARD_OK, saveCard: false },
        idempotencyKey: cutOffKey,
      };
      let cutOffTopUpId: string;
      {
        const crashDb = await openDatabase(schema ? { url: schema.url } : { dataDir: join(dataDir as string, 'pglite') });
        try {
          const { accountId } = await ledgerOf(crashDb, api.token);
          const neverAnswers = {
            name: 'test-cards' as const,
            saveCard: () => new Promise<never>(() => {}),
            charge: () => new Promise<never>(() => {}),
            confirm: () => new Promise<never>(() => {}),
          };
          void createTopUp({ db: crashDb, processor: neverAnswers, now: () => new Date() }, accountId, cutOffRequest, {
            idempotencyKeyHeader: cutOffKey,
          });
          let claimed: string | undefined;
          for (let tries = 0; tries < 500 && !claimed; tries++) {
            await new Promise((resolve) => setTimeout(resolve, 10));
            const row = await crashDb.query<{ id: string }>(
              `SELECT id FROM top_ups WHERE account_id = $1 AND idempotency_key = $2 AND status = 'charging'`,
              [accountId, cutOffKey],
            );
            claimed = row.rows[0]?.id;
          }
          assert.ok(claimed, 'the cut-off top-up was claimed');
          cutOffTopUpId = claimed;
        } finally {
          await crashDb.close();
        }
      }

      // Restarted with no grace for in-flight requests (none can be: this is the only server), so
      // its start-up recovery sweep finishes any top-up the kill cut off between claim and answer.
      child = await spawnServer({ ...location, env: { BILLING_RECOVERY_OLDER_THAN_MS: '0' } });
      let sweepLine = '';
      try {
        [sweepLine] = await child.waitForOutput(/payment recovery at start-up: .*/);
        assert.match(sweepLine, /: [1-9]\d* top-up\(s\) recovered/);
        const restarted = new BillingApi(child.url, api.token);
        // The cut-off top-up is finished, and the client's retry with its key gets it at once.
        const cutOff = await restarted.request<TopUpBody>('GET', `/v1/top-ups/${cutOffTopUpId}`);
        assert.deepEqual([cutOff.status, cutOff.body.status], [200, 'succeeded'], JSON.stringify(cutOff.body));
        const retried = await restarted.topUp(1700, cutOffRequest.source, cutOffKey);
        assert.deepEqual([retried.status, retried.body.id, retried.body.status], [200, cutOffTopUpId, 'succeeded']);
        for (const topUpId of acknowledgedTopUps) {
          const topUp = await restarted.request<TopUpBody>('GET', `/v1/top-ups/${topUpId}`);
          assert.equal(topUp.status, 200, `top-up ${topUpId} survived`);
          assert.equal(topUp.body.status, 'succeeded');
        }
        for (const entryId of acknowledgedCalls) {
          const entry = await restarted.request('GET', `/v1/usage/entries/${entryId}`);
          assert.equal(entry.status, 200, `usage entry ${entryId} survived`);
        }
        // The restarted server still takes writes.
        assert.equal((await restarted.placeCalls(1)).status, 201);
      } finally {
        await child.stop();
      }
      // SIGTERM is a clean stop: exit code 0, and the folder's lock released for the next server.
      assert.equal(child.child.exitCode, 0, child.output());
      if (dataDir) assert.equal(existsSync(join(dataDir, 'server.pid')), false, 'the lock file is gone');

      const db = await openDatabase(schema ? { url: schema.url } : { dataDir: join(dataDir as string, 'pglite') });
      try {
        const ledger = await ledgerOf(db, api.token);
        assert.equal(ledger.balance, ledger.ledgerTotal, 'balance == sum of the ledger after the crash');
        assert.ok((ledger.byKind.top_up?.count ?? 0) >= acknowledgedTopUps.length);
        assert.ok((ledger.byKind.usage?.count ?? 0) >= acknowledgedCalls.length);
        const credited = await db.query<{ id: string }>(`SELECT top_up_id AS id FROM ledger_entries WHERE top_up_id = ANY($1::text[])`, [
          acknowledgedTopUps,
        ]);
        assert.equal(credited.rows.length, acknowledgedTopUps.length, 'every acknowledged top-up has its ledger entry');
        const cutOffCredits = await db.query(`SELECT 1 FROM ledger_entries WHERE top_up_id = $1`, [cutOffTopUpId]);
        assert.equal(cutOffCredits.rows.length, 1, 'the recovered top-up is credited once');
        // A top-up cut off between claiming its row and hearing from the processor was finished
        // by the restarted server's recovery sweep: none is left 'charging', and each credited once.
        const cutOff = await db.query<{ count: string }>(
          `SELECT count(*)::text AS count FROM top_ups WHERE account_id = $1 AND status = 'charging'`,
          [ledger.accountId],
        );
        assert.equal(cutOff.rows[0]?.count, '0', `no top-up left 'charging' after the restart (${sweepLine})`);
        const succeeded = await db.query<{ count: string }>(
          `SELECT count(*)::text AS count FROM top_ups WHERE account_id = $1 AND status = 'succeeded'`,
          [ledger.accountId],
        );
        assert.equal(Number(succeeded.rows[0]?.count), ledger.byKind.top_up?.count ?? 0, 'one credit per succeeded top-up');
        console.log(
          `after SIGKILL: ${acknowledgedTopUps.length} top-ups and ${acknowledgedCalls.length} calls acknowledged, all found; ${sweepLine}`,
        );
        // No account anywhere disagrees with its ledger.
        const mismatched = await db.query(
          `SELECT a.id FROM accounts a LEFT JOIN ledger_entries l ON l.account_id = a.id
           GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(sum(l.amount), 0)`,
        );
        assert.deepEqual(mismatched.rows, []);
      } finally {
        await db.close();
      }
    } finally {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
      await schema?.drop();
    }
  });
});
