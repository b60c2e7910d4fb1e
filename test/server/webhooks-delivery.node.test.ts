// Outbound webhook delivery: retries with backoff on the server's clock, giving up, timeouts, redelivery after a crash
// or a restart, two workers sharing the outbox without sending an event twice, and housekeeping.
import { describe, it, before, after, beforeEach } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/open-database.js';
import { startServer } from '../../server/main.js';
import { verifyWebhookSignature } from '../../src/webhooks/index.js';
import { DEFAULT_RETRY_SCHEDULE, retryDelayMs, type DeliveryReport } from '../../server/webhooks.js';
import { createTestSchema } from './test-database.js';
import { openWebhookWorld, WEBHOOK_SECRET, WebhookReceiver, type WebhookWorld } from './webhooks.fixture.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });
let keys = 0;
const key = () => `webhook-delivery-${process.pid}-${++keys}`;
const claimedCount = (report: DeliveryReport) =>
  report.delivered.length + report.retrying.length + report.gaveUp.length + report.lost.length;

describe('retryDelayMs', () => {
  it('doubles from 30 s up to 6 h, with jitter between half and all of it', () => {
    const schedule = DEFAULT_RETRY_SCHEDULE;
    assert.equal(
      retryDelayMs(1, schedule, () => 0),
      15_000,
    );
    assert.equal(
      retryDelayMs(1, schedule, () => 1 - Number.EPSILON),
      30_000,
    );
    assert.equal(
      retryDelayMs(2, schedule, () => 0),
      30_000,
    );
    assert.equal(
      retryDelayMs(5, schedule, () => 0),
      240_000,
    );
    assert.equal(
      retryDelayMs(19, schedule, () => 1 - Number.EPSILON),
      6 * 60 * 60_000,
    );
    assert.equal(
      retryDelayMs(500, schedule, () => 0),
      3 * 60 * 60_000,
    );
    // The whole schedule: between about 1.3 and 2.6 days from the first attempt to the last.
    let longest = 0;
    for (let attempt = 1; attempt < schedule.maxAttempts; attempt++) longest += retryDelayMs(attempt, schedule, () => 1 - Number.EPSILON);
    assert.ok(longest > 2.5 * 24 * 3600_000 && longest < 2.7 * 24 * 3600_000, String(longest));
  });
});

describe('outbound webhook delivery', () => {
  let world: WebhookWorld;
  let token: string;
  before(async () => {
    world = await openWebhookWorld();
    ({ token } = await world.newAccount({ startingBalance: 100_000 }));
  });
  after(async () => {
    await world.close();
  });
  beforeEach(async () => {
    await world.reset();
  });

  /** A manual top-up that succeeds: one top_up.succeeded event. */
  const topUp = async (): Promise<void> => {
    const answer = await world.request('POST', '/v1/top-ups', token, {
      amount: usd(1000),
      source: { type: 'new_card', providerToken: 'test_card_4242424242424242', saveCard: false },
      idempotencyKey: key(),
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
  };
  const row = async () =>
    (
      await world.database.db.query<{ status: string; attempts: number; next_attempt_at: Date; last_status: number | null }>(
        `SELECT status, attempts, next_attempt_at, last_status FROM webhook_events`,
      )
    ).rows;
  const advance = (ms: number) => {
    world.clock.now = new Date(world.clock.now.getTime() + ms);
  };

  it('retries after 500s with exponential backoff on the server clock, then delivers once', async () => {
    await topUp();
    const statuses = [500, 503, 200];
    world.receiver.respond = () => statuses.shift() ?? 200;
    const worker = world.worker();

    const [first] = (await worker.deliverDue()).retrying;
    // random() is 0.5 in the fixture: three quarters of 30 s, then of 60 s.
    assert.ok(first);
    assert.equal(first.nextAttemptAt.getTime(), world.clock.now.getTime() + 22_500);
    assert.equal(first.status, 500);
    assert.equal(claimedCount(await worker.deliverDue()), 0, 'not due before its delay');
    advance(22_499);
    assert.equal(claimedCount(await worker.deliverDue()), 0);
    advance(1);
    const [second] = (await worker.deliverDue()).retrying;
    assert.ok(second);
    assert.equal(second.attempt, 2);
    assert.equal(second.nextAttemptAt.getTime(), world.clock.now.getTime() + 45_000);
    advance(45_000);
    assert.equal((await worker.deliverDue()).delivered.length, 1);

    const ids = world.receiver.events.map((event) => event.id);
    assert.equal(ids.length, 3);
    assert.equal(new Set(ids).size, 1, 'every attempt carries the same event id');
    // Each attempt is signed afresh, at its own time.
    const signatures = world.receiver.received.map((request) => request.headers['billing-signature']);
    assert.equal(new Set(signatures).size, 3);
    const last = world.receiver.received[2];
    assert.ok(
      last &&
        (await verifyWebhookSignature(last.body, String(last.headers['billing-signature']), WEBHOOK_SECRET, { now: world.clock.now })),
    );
    assert.deepEqual(
      (await row()).map(({ status, attempts, last_status }) => ({ status, attempts, last_status })),
      [{ status: 'delivered', attempts: 3, last_status: 200 }],
    );
    advance(24 * 3600_000);
    assert.equal(claimedCount(await worker.deliverDue()), 0, 'never sent again');
  });

  it('sends credentials in the URL as an Authorization: Basic header (fetch refuses them in the URL)', async () => {
    await topUp();
    const url = new URL(world.receiver.url);
    url.username = 'billing';
    url.password = 'p@ss:word';
    const report = await world.worker({ endpoint: { url: url.toString(), secret: WEBHOOK_SECRET } }).deliverDue();
    assert.equal(report.delivered.length, 1);
    const [request] = world.receiver.received;
    assert.equal(request?.headers.authorization, `Basic ${Buffer.from('billing:p@ss:word').toString('base64')}`);
  });

  it('gives up after the last attempt, and counts a redirect, a timeout and a refused connection as failures', async () => {
    await topUp();
    world.receiver.respond = () => 302;
    const worker = world.worker({ retry: { maxAttempts: 3 }, timeoutMs: 300 });
    assert.equal((await worker.deliverDue()).retrying[0]?.status, 302);
    advance(60_000);
    // The receiver never answers this one: the request times out.
    world.receiver.respond = () => new Promise<number>(() => {});
    const [timedOut] = (await worker.deliverDue()).retrying;
    assert.ok(timedOut);
    assert.equal(timedOut.status, null);
    assert.match(timedOut.error, /TimeoutError: no answer within 300 ms/);
    advance(3600_000);
    const refused = world.worker({ retry: { maxAttempts: 3 }, fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const last = await refused.deliverDue();
    assert.equal(last.gaveUp.length, 1);
    assert.deepEqual(
      (await row()).map(({ status, attempts }) => ({ status, attempts })),
      [{ status: 'failed', attempts: 3 }],
    );
    advance(7 * 24 * 3600_000);
    assert.equal(claimedCount(await worker.deliverDue()), 0);
  });

  it('redelivers an event whose worker died mid-request once its lease runs out, and the dead worker records nothing', async () => {
    await topUp();
    let finishDeadRequest: (error: Error) => void = () => {};
    const dying = world.worker({
      leaseMs: 40_000,
      fetch: () =>
        new Promise<Response>((_, reject) => {
          finishDeadRequest = reject;
        }),
    });
    const deadPass = dying.deliverDue();
    // Wait until the row is claimed: its lease is set.
    for (let tries = 0; (await row())[0]?.attempts !== 1; tries++) {
      assert.ok(tries < 200, 'the dying worker claimed the row');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const successor = world.worker();
    assert.equal(claimedCount(await successor.deliverDue()), 0, 'held by the lease');
    advance(40_000);
    assert.equal((await successor.deliverDue()).delivered.length, 1);
    assert.equal(world.receiver.received.length, 1);
    // The "dead" worker's request ends after all: its claim is gone, so it records nothing over the delivery.
    finishDeadRequest(new TypeError('fetch failed'));
    assert.deepEqual((await deadPass).lost.length, 1);
    assert.equal((await row())[0]?.status, 'delivered');
  });

  it('delivers events written while no worker ran, and gives back the ones a stopping worker was sending', async () => {
    await topUp();
    await topUp();
    // The requests hang until stop() aborts them: the events go back to due at once, not counted as attempts.
    world.receiver.respond = () => new Promise<number>(() => {});
    const stopping = world.worker({ pollMs: 10 }).start();
    await world.receiver.waitFor(2);
    await stopping.stop();
    assert.deepEqual(
      (await row()).map(({ status, attempts }) => ({ status, attempts })),
      [
        { status: 'pending', attempts: 0 },
        { status: 'pending', attempts: 0 },
      ],
    );
    world.receiver.clear();
    const next = await world.worker().deliverDue();
    assert.equal(next.delivered.length, 2);
  });

  it('never sends one event twice when two workers share the outbox', async () => {
    for (let index = 0; index < 30; index++) await topUp();
    // Slow answers, so the workers' passes overlap.
    world.receiver.respond = () => new Promise<number>((resolve) => setTimeout(() => resolve(200), 15));
    const otherDb = world.database.url ? await openDatabase({ url: world.database.url }) : world.database.db;
    try {
      const workers = [world.worker({ batchSize: 4 }), world.worker({ batchSize: 4 }, otherDb)];
      const delivered = [0, 0];
      for (;;) {
        const reports = await Promise.all(workers.map((worker) => worker.deliverDue()));
        reports.forEach((report, index) => (delivered[index] = (delivered[index] ?? 0) + report.delivered.length));
        if (reports.every((report) => claimedCount(report) === 0)) break;
      }
      const ids = world.receiver.events.map((event) => event.id);
      assert.equal(ids.length, 30);
      assert.equal(new Set(ids).size, 30, 'each event sent once');
      assert.ok((delivered[0] ?? 0) > 0 && (delivered[1] ?? 0) > 0, `both workers delivered: ${delivered.join('/')}`);
    } finally {
      if (otherDb !== world.database.db) await otherDb.close();
    }
  });

  it('housekeeping gives up events older than the delivery window and deletes finished ones after the retention', async () => {
    await topUp();
    await topUp();
    await world.worker().deliverDue();
    await topUp();
    const worker = world.worker();
    advance(3 * 24 * 3600_000 + 1);
    assert.deepEqual(await worker.housekeeping(), { expired: 1, deleted: 0 });
    assert.equal(claimedCount(await worker.deliverDue()), 0, 'too old to send');
    advance(30 * 24 * 3600_000);
    assert.deepEqual(await worker.housekeeping(), { expired: 0, deleted: 3 });
  });
});

describe('outbound webhooks across a restart of the server', () => {
  it('a server started after another one stopped delivers the events that one recorded', async () => {
    const receiver = await WebhookReceiver.start();
    const schema = await createTestSchema();
    const dataDir = schema ? undefined : mkdtempSync(join(tmpdir(), 'billing-webhooks-'));
    const storage = schema ? { databaseUrl: schema.url } : { dataDir };
    try {
      // The first process records events and dies before any worker sends them.
      const first = await startServer({ port: 0, ...storage, recovery: false, webhooks: false });
      let accountId = '';
      try {
        const account = await fetch(`${first.url}/v1/dev/accounts`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ startingBalance: 5000, usageEntryCount: 0 }),
        });
        const created = (await account.json()) as { accountId: string; token: string };
        accountId = created.accountId;
        const idempotencyKey = key();
        const paid = await fetch(`${first.url}/v1/top-ups`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${created.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
          body: JSON.stringify({
            amount: usd(2000),
            source: { type: 'new_card', providerToken: 'test_card_4242424242424242', saveCard: false },
            idempotencyKey,
          }),
        });
        assert.equal(paid.status, 201);
      } finally {
        await first.close();
      }
      const second = await startServer({
        port: 0,
        ...storage,
        recovery: false,
        webhooks: { endpoint: { url: receiver.url, secret: WEBHOOK_SECRET }, pollMs: 20 },
      });
      try {
        await receiver.waitFor(1);
        const [request] = receiver.received;
        assert.equal(request?.event.type, 'top_up.succeeded');
        assert.equal(request.event.data.accountId, accountId);
        assert.deepEqual(request.event.data['balanceAfter'], usd(7000));
        assert.ok(await verifyWebhookSignature(request.body, String(request.headers['billing-signature']), WEBHOOK_SECRET));
      } finally {
        await second.close();
      }
    } finally {
      await receiver.close();
      await schema?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
