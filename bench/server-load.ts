// `npm run bench:server`: the load test's scenarios with larger (still bounded) counts on loopback; prints requests/s and p50/p95 per scenario.
// PGlite in memory by default; DATABASE_URL=postgres://… runs the same on PostgreSQL (in a schema of its own, dropped afterwards).
// `npm run bench:server` runs this, then bench/server-writes.ts and bench/usage-ingest.ts.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { startServer, type RunningServer } from '../server/main.js';
import { TestCardProcessor } from '../server/payments/test-card-processor.js';
import { StripeProcessor } from '../server/stripe/stripe-processor.js';
import { FakeStripe } from '../test/server/stripe-fake.js';
import { createTestSchema } from '../test/server/test-database.js';
import {
  BillingApi,
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
  type LoadFigures,
  type TimedResponse,
  type TopUpBody,
} from '../test/server/load-scenarios.js';

/** LOAD_SMALL=1: a tenth of each count and a 5 s deadline, so CI can run the command in seconds. */
const SCALE = process.env['LOAD_SMALL'] === '1' ? 0.1 : 1;
const SAME_KEY_TOP_UPS = 200 * SCALE;
const CONCURRENT_DEBITS = 100 * SCALE;
const READS = 2000 * SCALE;
const READ_CONCURRENCY = 16;
const WEBHOOK_PAYMENTS = 50 * SCALE;
const KILL_REQUESTS = 120 * SCALE;
const KILL_AFTER = 40 * SCALE;
/** Each scenario stops starting requests after this long, whatever its count. */
const SCENARIO_DEADLINE_MS = SCALE < 1 ? 5_000 : 30_000;
const WEBHOOK_SECRET = 'whsec_bench';

const rows: LoadFigures[] = [];
const problems: string[] = [];

function check(condition: boolean, message: string): void {
  if (!condition) problems.push(message);
}

async function ledgerCheck(server: RunningServer, label: string): Promise<void> {
  const mismatched = await server.db.query(
    `SELECT a.id FROM accounts a LEFT JOIN ledger_entries l ON l.account_id = a.id GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(sum(l.amount), 0)`,
  );
  check(mismatched.rows.length === 0, `${label}: ${mismatched.rows.length} account(s) whose balance is not the sum of their ledger`);
}

async function main(): Promise<void> {
  const schemas = [await createTestSchema(), await createTestSchema(), await createTestSchema()];
  const engine = schemas[0] ? 'PostgreSQL' : 'PGlite';
  const stripe = new FakeStripe();
  const servers: RunningServer[] = [];
  // The bench counts its charges, so it builds the processor the server would otherwise build for itself.
  const processor = new TestCardProcessor();
  try {
    const server = await startServer({
      port: 0,
      processor,
      ...(schemas[0] ? { databaseUrl: schemas[0].url } : {}),
      topUpRateLimit: { max: 100_000, windowMs: 60_000 },
    });
    servers.push(server);
    const stripeServer = await startServer({
      port: 0,
      ...(schemas[1] ? { databaseUrl: schemas[1].url } : {}),
      processor: new StripeProcessor({ stripe }),
      stripe: { api: Object.assign(stripe, { webhooks: Stripe.webhooks }), webhookSecret: WEBHOOK_SECRET },
      topUpRateLimit: { max: 100_000, windowMs: 60_000 },
    });
    servers.push(stripeServer);
    console.log(
      `Reference server on ${engine}, loopback only. Counts: ${SAME_KEY_TOP_UPS} same-key top-ups, ${CONCURRENT_DEBITS} debits, ${READS} reads, ${WEBHOOK_PAYMENTS}×2 webhooks, ${KILL_REQUESTS} requests around a SIGKILL.\n`,
    );

    // ---- one key, many requests
    {
      const api = await newAccount(server.url);
      const before = processor.chargeCount;
      const { results, figures } = await sameKeyTopUps(api, SAME_KEY_TOP_UPS);
      rows.push(figures);
      check(new Set(results.filter((r) => r.status < 300).map((r) => r.body.id)).size === 1, 'same-key top-ups: more than one top-up id');
      check(processor.chargeCount - before === 1, `same-key top-ups: ${processor.chargeCount - before} charges`);
    }

    // ---- concurrent debits across the threshold
    {
      const api = await newAccount(server.url);
      await enableAutoRecharge(api, 1000, 100_000);
      const start = await api.balance();
      const current = await api.request<{ version: number; paymentMethodId: string }>('GET', '/v1/auto-recharge');
      await api.request('PUT', '/v1/auto-recharge', {
        enabled: true,
        thresholdAmount: { amount: start - 50, currency: 'USD' },
        rechargeAmount: { amount: 100_000, currency: 'USD' },
        paymentMethodId: current.body.paymentMethodId,
        monthlyCap: null,
        expectedVersion: current.body.version,
      });
      const { figures, spent } = await concurrentDebits(api, CONCURRENT_DEBITS);
      rows.push(figures);
      const attempts = await api.request<{ recentAttempts: Array<{ outcome: string }> }>('GET', '/v1/auto-recharge');
      // One recharge covers the burst unless the calls cost more than it brought in.
      const expected = spent > 100_000 ? null : 1;
      if (expected !== null)
        check(attempts.body.recentAttempts.length === expected, `debits: ${attempts.body.recentAttempts.length} recharges`);
    }

    // ---- reads
    {
      const api = await newAccount(server.url);
      const paths = ['/v1/account', '/v1/usage?limit=50', '/v1/auto-recharge', '/v1/payment-methods'];
      const started = performance.now();
      const results = await runBounded(READS, READ_CONCURRENCY, SCENARIO_DEADLINE_MS, (index) =>
        api.request('GET', paths[index % paths.length] ?? '/v1/account'),
      );
      rows.push(figuresOf(`${results.length} reads, ${READ_CONCURRENCY} at a time`, results, performance.now() - started));
      check(
        results.every((result) => result.status === 200),
        'reads: a read failed',
      );
    }

    // ---- webhooks, each delivered twice at once
    {
      const api = await newAccount(stripeServer.url);
      const intents: string[] = [];
      for (let index = 0; index < WEBHOOK_PAYMENTS; index++) {
        const providerToken = `ctoken_bench_${randomUUID()}`;
        stripe.outcomes.set(providerToken, 'processing');
        const created = await api.topUp(1500, { type: 'new_card', providerToken, saveCard: false });
        const call = stripe
          .callsTo('paymentIntents.create')
          .find((c) => (c.params as Stripe.PaymentIntentCreateParams).confirmation_token === providerToken);
        const intent = [...stripe.paymentIntents_.values()].find((pi) => pi.metadata.idempotency_key === call?.options?.idempotencyKey);
        if (created.status !== 201 || !intent) throw new Error(`webhook setup failed: ${created.status} ${JSON.stringify(created.body)}`);
        intents.push(intent.id);
      }
      const before = await api.balance();
      const payloads = intents.flatMap((id) => {
        const payload = JSON.stringify({
          id: `evt_${randomUUID()}`,
          object: 'event',
          type: 'payment_intent.succeeded',
          data: { object: { id, object: 'payment_intent' } },
        });
        return [payload, payload];
      });
      const started = performance.now();
      const results = await runBounded(payloads.length, 20, SCENARIO_DEADLINE_MS, async (index): Promise<TimedResponse> => {
        const payload = payloads[index] ?? '';
        const begin = performance.now();
        const response = await fetch(`${stripeServer.url}/v1/webhooks/stripe`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
          },
          body: payload,
        });
        return { status: response.status, body: await response.json(), ms: performance.now() - begin };
      });
      rows.push(figuresOf(`${results.length} webhook deliveries (each twice)`, results, performance.now() - started));
      check((await api.balance()) === before + WEBHOOK_PAYMENTS * 1500, 'webhooks: a payment was credited twice or not at all');
    }

    for (const running of servers) await ledgerCheck(running, 'in-process servers');

    // ---- SIGKILL under load, restart on the same data
    {
      const dataDir = schemas[2] ? undefined : await mkdtemp(join(tmpdir(), 'billing-bench-kill-'));
      const location = schemas[2] ? { databaseUrl: schemas[2].url } : { dataDir };
      try {
        let child = await spawnServer(location);
        const api = await newAccount(child.url);
        const acknowledged: string[] = [];
        const results: TimedResponse[] = [];
        let answered = 0;
        let killing: Promise<void> = Promise.resolve();
        const started = performance.now();
        await runBounded(KILL_REQUESTS, 8, SCENARIO_DEADLINE_MS, async (index) => {
          try {
            // Top-ups stay under the default 20 a minute per account; the rest are calls.
            const result =
              index % 8 === 0
                ? await api.topUp(1000, { type: 'new_card', providerToken: CARD_OK, saveCard: false })
                : await api.placeCalls(2);
            results.push(result);
            if (result.status === 201) {
              if (index % 8 === 0) acknowledged.push(`tu:${(result.body as TopUpBody).id}`);
              else acknowledged.push(...entriesOf(result.body).map((entry) => `use:${entry.id}`));
            }
            if (++answered === KILL_AFTER) killing = child.kill();
          } catch {
            // cut off by the kill
          }
          return index;
        });
        await killing;
        rows.push(figuresOf('requests until SIGKILL', results, performance.now() - started));
        const restartStarted = performance.now();
        child = await spawnServer(location);
        const restartMs = performance.now() - restartStarted;
        try {
          const restarted = new BillingApi(child.url, api.token);
          let lost = 0;
          for (const item of acknowledged) {
            const [kind, id] = item.split(':');
            const response = await restarted.request('GET', kind === 'tu' ? `/v1/top-ups/${id}` : `/v1/usage/entries/${id}`);
            if (response.status !== 200) lost++;
          }
          check(lost === 0, `kill/restart: ${lost} of ${acknowledged.length} acknowledged writes lost`);
          console.log(
            `SIGKILL after ${KILL_AFTER} answers; restart took ${Math.round(restartMs)} ms; ${acknowledged.length} acknowledged writes checked, ${lost} lost.`,
          );
        } finally {
          await child.stop();
        }
      } finally {
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    for (const running of servers) await running.close();
    for (const schema of schemas) await schema?.drop();
  }

  console.log(`\n${formatFigures(rows)}\n`);
  if (problems.length > 0) {
    console.error(`Correctness problems:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(
      'Correctness: every check held (one charge per key, one recharge, one credit per payment, balance == ledger, nothing acknowledged lost).',
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
