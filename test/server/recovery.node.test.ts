// Recovery of payments a crash interrupted: a top-up left 'charging' or an auto-recharge attempt left 'pending' is finished once, with one credit.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { createApp } from '../../server/app.js';
import { findAccount } from '../../server/accounts.js';
import { decideAutoRecharge } from '../../server/auto-recharge.js';
import { toSafeInteger } from '../../server/db/integers.js';
import { BillingError } from '../../src/client/errors.js';
import type { ChargeRequest, ChargeResult, PaymentProcessor, SavedCardDetails } from '../../server/payments/processor.js';
import { TestCardProcessor } from '../../server/payments/test-card-processor.js';
import {
  DEFAULT_PROCESSING_OLDER_THAN_MS,
  DEFAULT_PROCESSING_RECHECK_MS,
  recoverInterruptedPayments,
  type RecoveryOptions,
} from '../../server/recovery.js';
import { StripeProcessor } from '../../server/stripe/stripe-processor.js';
import { handleStripeEvent } from '../../server/stripe/webhook.js';
import { HOST_ROUTES } from '../../src/client/host-routes.js';
import { enableAutoRecharge, openFixture, ROUTES, topUpBody, type BillingServerFixture } from './billing-server.fixture.js';
import { FakeStripe } from './stripe-fake.js';

let keyCount = 0;
const freshKey = () => `recovery-${process.pid}-${++keyCount}-${Math.random().toString(36).slice(2)}`;

/** A processor that takes the charge and never answers: the process "dies" while it is being called. */
class NeverAnswers implements PaymentProcessor {
  readonly name = 'test-cards' as const;
  readonly requests: ChargeRequest[] = [];
  async saveCard(): Promise<SavedCardDetails> {
    throw new BillingError('unavailable');
  }
  charge(request: ChargeRequest): Promise<ChargeResult> {
    this.requests.push(request);
    return new Promise(() => {});
  }
  async confirm(): Promise<ChargeResult> {
    throw new BillingError('unavailable');
  }
}

/** A processor that cannot be reached. */
class Unreachable extends NeverAnswers {
  override charge(request: ChargeRequest): Promise<ChargeResult> {
    this.requests.push(request);
    return Promise.reject(new BillingError('unavailable', { message: 'The card processor is unavailable.' }));
  }
}

interface TopUpState {
  id: string;
  status: string;
  kind: string;
  provider_payment_id: string | null;
  charge_provider_token: string | null;
  charge_provider_payment_method_id: string | null;
  processor_idempotency_key: string | null;
  failure_code: string | null;
  created_at: Date;
}

type App = ReturnType<typeof createApp>['app'];
const TOP_UP_RATE_LIMIT = { max: 1000, windowMs: 60_000 };

/**
 * What every describe below starts from: a billing server fixture (its own app and test-card processor) and, on the
 * same database and clock, a second app whose processor the describe chooses (one that never answers, one that settles
 * later, Stripe); with the readings and requests their tests share. Constructed in a describe, it opens before the
 * describe's tests and closes after them. The helpers are arrow properties, so a describe can destructure them.
 */
class RecoveryWorld<P extends PaymentProcessor> {
  #opened: { f: BillingServerFixture; other: ReturnType<typeof createApp> } | undefined;

  constructor(readonly processor: P) {
    before(async () => {
      const f = await openFixture({ topUpRateLimit: TOP_UP_RATE_LIMIT });
      const other = createApp({
        db: f.db,
        processor,
        devRoutes: true,
        now: () => new Date(f.clock.now),
        topUpRateLimit: TOP_UP_RATE_LIMIT,
      });
      this.#opened = { f, other };
    });
    after(async () => {
      this.#opened?.other.close();
      await this.#opened?.f.close();
    });
  }

  #world() {
    assert.ok(this.#opened, 'before() opened the fixture');
    return this.#opened;
  }

  get f(): BillingServerFixture {
    return this.#world().f;
  }

  /** The second app: same database and clock, its charges go to `processor`. */
  get otherApp(): App {
    return this.#world().other.app;
  }

  readonly newAccount = (startingBalance?: number) =>
    this.f.newAccount({ ...(startingBalance === undefined ? {} : { startingBalance }), usageEntryCount: 0 });

  readonly balanceOf = async (token: string): Promise<number> => (await this.f.call(ROUTES.getAccount, token)).body.balance.amount;

  readonly creditsFor = async (topUpId: string): Promise<number> =>
    (await this.f.db.query(`SELECT 1 FROM ledger_entries WHERE top_up_id = $1`, [topUpId])).rows.length;

  /** Read straight from the table: GET /v1/top-ups/:id would ask the processor itself. */
  readonly topUpRow = async (id: string): Promise<TopUpState> => {
    const found = await this.f.db.query<TopUpState>(`SELECT * FROM top_ups WHERE id = $1`, [id]);
    assert.ok(found.rows[0]);
    return found.rows[0];
  };

  /** Each ledger entry's balance_after is the running sum, and the sum is the account's balance. */
  readonly assertLedgerAddsUp = async (accountId: string, token: string): Promise<void> => {
    const result = await this.f.db.query<{ amount: unknown; balance_after: unknown }>(
      `SELECT amount, balance_after FROM ledger_entries WHERE account_id = $1 ORDER BY id`,
      [accountId],
    );
    let running = 0;
    for (const row of result.rows) {
      running += toSafeInteger(row.amount, 'amount');
      assert.equal(toSafeInteger(row.balance_after, 'balance_after'), running);
    }
    assert.equal(running, await this.balanceOf(token));
  };

  /**
   * A sweep afterMs after the top-ups were made, with `processor` unless another is given. olderThanMs (afterMs - 1 s
   * unless given) keeps the 'charging' pass to rows this file made: other files may share a PostgreSQL database and
   * have top-ups in flight.
   */
  readonly sweepAt = (
    afterMs: number,
    { processor = this.processor, ...options }: RecoveryOptions & { processor?: PaymentProcessor } = {},
  ) =>
    recoverInterruptedPayments(this.f.db, processor, {
      olderThanMs: afterMs - 1_000,
      now: () => new Date(this.f.clock.now.getTime() + afterMs),
      ...options,
    });

  /** POST /v1/top-ups on `app` with the key both in the header and the body. */
  readonly postTopUp = (app: App, token: string, key: string, amount: number, source: Parameters<typeof topUpBody>[1]) =>
    app.request(ROUTES.createTopUp.path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key, 'Content-Type': 'application/json' },
      body: JSON.stringify(topUpBody(amount, source, key)),
    });

  /** One call to the UAE of durationSeconds, debited from the balance on `app` (which may start an auto-recharge). */
  readonly debit = (app: App, token: string, durationSeconds: number) =>
    app.request('/v1/dev/usage', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ calls: [{ destinationCountry: 'AE', durationSeconds }] }),
    });
}

describe('recovery of payments interrupted by a crash', () => {
  // The "process that dies": same database, a processor call that never comes back.
  const hanging = new NeverAnswers();
  const w = new RecoveryWorld(hanging);
  const { balanceOf, creditsFor, topUpRow, assertLedgerAddsUp, debit } = w;

  /** Recovery as the restarted server runs it: a fresh TestCardProcessor (no memory of keys), the clock moved on. */
  const recover = ({
    afterMs = 31_000,
    processor = w.f.processor,
    ...options
  }: RecoveryOptions & { afterMs?: number; processor?: PaymentProcessor } = {}) =>
    w.sweepAt(afterMs, { olderThanMs: 30_000, processor, ...options });

  async function waitForTopUp(where: string, params: unknown[]): Promise<TopUpState> {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const found = await w.f.db.query<TopUpState>(`SELECT * FROM top_ups WHERE ${where}`, params);
      if (found.rows[0]) return found.rows[0];
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no top-up where ${where}`);
  }

  /** Starts a top-up on the "crashing" server and abandons it once its row is claimed. */
  async function crashMidTopUp(token: string, accountId: string, amount: number, source: Parameters<typeof topUpBody>[1]) {
    const key = freshKey();
    void w.postTopUp(w.otherApp, token, key, amount, source);
    const row = await waitForTopUp(`account_id = $1 AND idempotency_key = $2 AND status = 'charging'`, [accountId, key]);
    return { key, row };
  }

  const replay = (token: string, key: string, amount: number, source: Parameters<typeof topUpBody>[1]) =>
    w.f.call(ROUTES.createTopUp, token, { body: topUpBody(amount, source, key), headers: { 'Idempotency-Key': key } });

  it('finishes a top-up claimed but never answered: succeeded, one credit, the card saved, and the replay answers it', async () => {
    const { token, accountId } = await w.newAccount(4250);
    const cardsBefore = (await w.f.call(ROUTES.listPaymentMethods, token)).body.length;
    const source = { providerToken: 'test_card_4242424242424242', saveCard: true };
    const { key, row } = await crashMidTopUp(token, accountId, 2500, source);
    // The claim stored the request it was sending.
    assert.equal(row.charge_provider_token, source.providerToken);
    assert.equal(row.processor_idempotency_key, hanging.requests.at(-1)?.idempotencyKey);
    assert.equal(await balanceOf(token), 4250);

    const report = await recover();
    assert.deepEqual(
      report.recovered.filter((entry) => entry.topUpId === row.id),
      [{ topUpId: row.id, accountId, status: 'succeeded' }],
    );
    const after = await topUpRow(row.id);
    assert.equal(after.status, 'succeeded');
    assert.ok(after.provider_payment_id);
    assert.equal(after.charge_provider_token, null, 'the token is not kept once the charge is answered');
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 6750);
    assert.equal((await w.f.call(ROUTES.listPaymentMethods, token)).body.length, cardsBefore + 1);

    // The client's retry with its key now gets the finished top-up at once.
    const replayed = await replay(token, key, 2500, source);
    assert.deepEqual([replayed.status, replayed.body.id, replayed.body.status], [200, row.id, 'succeeded']);
    await assertLedgerAddsUp(accountId, token);
  });

  it('credits once when recovery runs twice and concurrently', async () => {
    const { token, accountId } = await w.newAccount(4250);
    const visa = (await w.f.call(ROUTES.listPaymentMethods, token)).body[0];
    assert.ok(visa);
    const { row } = await crashMidTopUp(token, accountId, 3000, { paymentMethodId: visa.id });
    assert.ok(row.charge_provider_payment_method_id);

    const chargesBefore = w.f.processor.chargeCount;
    const reports = await Promise.all([recover(), recover(), recover()]);
    const again = await recover();
    const drives = [...reports, again].flatMap((report) => report.recovered.filter((entry) => entry.topUpId === row.id));
    assert.equal(drives.length, 1, 'one sweep drove it');
    assert.equal(w.f.processor.chargeCount - chargesBefore, 1);
    assert.equal((await topUpRow(row.id)).status, 'succeeded');
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 7250);
    await assertLedgerAddsUp(accountId, token);
  });

  it('leaves a row younger than olderThanMs alone, and finishes it once it is older', async () => {
    const { token, accountId } = await w.newAccount(4250);
    const { row } = await crashMidTopUp(token, accountId, 2000, { providerToken: 'test_card_5555555555554444' });
    const young = await recover({ afterMs: 5_000 });
    assert.equal(
      young.recovered.some((entry) => entry.topUpId === row.id),
      false,
    );
    assert.equal((await topUpRow(row.id)).status, 'charging');
    assert.equal(await balanceOf(token), 4250);

    const old = await recover({ afterMs: 30_000 });
    assert.ok(old.recovered.some((entry) => entry.topUpId === row.id && entry.status === 'succeeded'));
    assert.equal(await balanceOf(token), 6250);
  });

  it('a declined card recovers to failed, with no credit', async () => {
    const { token, accountId } = await w.newAccount(4250);
    const source = { providerToken: 'test_card_4000000000000002' };
    const { key, row } = await crashMidTopUp(token, accountId, 2500, source);
    const report = await recover();
    assert.deepEqual(
      report.recovered.filter((entry) => entry.topUpId === row.id),
      [{ topUpId: row.id, accountId, status: 'failed' }],
    );
    const after = await topUpRow(row.id);
    assert.equal(after.status, 'failed');
    assert.ok(after.failure_code);
    assert.equal(await creditsFor(row.id), 0);
    assert.equal(await balanceOf(token), 4250);
    const replayed = await replay(token, key, 2500, source);
    assert.deepEqual([replayed.status, replayed.body.status], [200, 'failed']);
    await assertLedgerAddsUp(accountId, token);
  });

  it('keeps the claim while the processor is unreachable, and finishes it on a later sweep', async () => {
    const { token, accountId } = await w.newAccount(4250);
    const { row } = await crashMidTopUp(token, accountId, 2500, { providerToken: 'test_card_4242424242424242' });
    const unreachable = new Unreachable();
    const first = await recover({ processor: unreachable });
    assert.ok(first.retryLater.includes(row.id));
    assert.equal(unreachable.requests.at(-1)?.idempotencyKey, row.processor_idempotency_key, 'the same key is replayed');
    assert.equal((await topUpRow(row.id)).status, 'charging');
    assert.equal(await balanceOf(token), 4250);

    const second = await recover();
    assert.ok(second.recovered.some((entry) => entry.topUpId === row.id && entry.status === 'succeeded'));
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 6750);
  });

  it('recovers an auto-recharge attempt left pending, which then no longer blocks the next recharge', async () => {
    const { token, accountId } = await w.newAccount(1000);
    await enableAutoRecharge(w.f, token);

    // The debit that crosses the threshold starts a recharge, and the process dies charging it.
    void debit(w.otherApp, token, 60);
    const stuck = await waitForTopUp(`account_id = $1 AND kind = 'auto_recharge' AND status = 'charging'`, [accountId]);
    const chargesBefore = w.f.processor.chargeCount;
    assert.equal((await debit(w.f.app, token, 60)).status, 201);
    assert.equal(w.f.processor.chargeCount, chargesBefore, 'the pending attempt holds further recharges');
    assert.equal(await balanceOf(token), 1000 - 90);

    const report = await recover();
    assert.ok(report.recovered.some((entry) => entry.topUpId === stuck.id && entry.status === 'succeeded'));
    assert.deepEqual(
      (await w.f.call(ROUTES.getAutoRecharge, token)).body.recentAttempts.map((attempt) => attempt.outcome),
      ['succeeded'],
    );
    assert.equal(await balanceOf(token), 1000 - 90 + 5000);

    // 120 minutes × $0.45 = $54.00 takes it below the threshold again: a new recharge runs.
    assert.equal((await debit(w.f.app, token, 7200)).status, 201);
    const attempts = (await w.f.call(ROUTES.getAutoRecharge, token)).body.recentAttempts.map((attempt) => attempt.outcome);
    assert.deepEqual(attempts, ['succeeded', 'succeeded']);
    assert.equal(await balanceOf(token), 1000 - 90 + 5000 - 5400 + 5000);
    assert.equal(await creditsFor(stuck.id), 1);
    await assertLedgerAddsUp(accountId, token);
  });

  it('charges an attempt decided but never claimed, or closes it when it no longer applies', async () => {
    // Crash between the debit's transaction (which recorded the pending attempt) and the top-up's claim.
    const decideAndDie = async (accountId: string, balance: number) =>
      w.f.db.transaction(async (tx) => {
        const account = await findAccount(tx, accountId, { lock: true });
        const plan = await decideAutoRecharge(tx, account, balance, new Date(w.f.clock.now), []);
        assert.ok(plan, 'a recharge was decided');
        return plan.attemptId;
      });
    const enable = async (accountId: string) => {
      const card = await w.f.db.query<{ id: string }>(`SELECT id FROM payment_methods WHERE account_id = $1 ORDER BY seq LIMIT 1`, [
        accountId,
      ]);
      await w.f.db.query(
        `UPDATE auto_recharge_settings SET enabled = true, threshold_amount = 1000, recharge_amount = 5000, payment_method_id = $2 WHERE account_id = $1`,
        [accountId, card.rows[0]?.id],
      );
    };

    const low = await w.newAccount(500);
    await enable(low.accountId);
    const attemptId = await decideAndDie(low.accountId, 500);
    // A balance that is back above the threshold (a manual top-up since) closes its attempt without a charge.
    const healthy = await w.newAccount(3000);
    await enable(healthy.accountId);
    const skippedId = await decideAndDie(healthy.accountId, 500);

    const report = await recover();
    assert.deepEqual(
      report.resumedAttempts
        .filter((entry) => entry.attemptId === attemptId || entry.attemptId === skippedId)
        .sort((a, b) => a.outcome.localeCompare(b.outcome)),
      [
        { attemptId, accountId: low.accountId, outcome: 'charged' },
        { attemptId: skippedId, accountId: healthy.accountId, outcome: 'skipped' },
      ],
    );
    assert.equal(await balanceOf(low.token), 5500);
    assert.deepEqual(
      (await w.f.call(ROUTES.getAutoRecharge, low.token)).body.recentAttempts.map((attempt) => attempt.outcome),
      ['succeeded'],
    );
    assert.equal(await balanceOf(healthy.token), 3000);
    const skipped = (await w.f.call(ROUTES.getAutoRecharge, healthy.token)).body.recentAttempts;
    assert.deepEqual(
      skipped.map((attempt) => attempt.outcome),
      ['skipped'],
    );
    // The reason carries its code beside the English, as every other skipped or failed attempt's does.
    assert.deepEqual(skipped[0]?.failureReason, { code: 'balance_recovered', params: {} });
    assert.equal(skipped[0].failureMessage, 'The balance was back above the threshold when this interrupted recharge was resumed.');
    // Nothing is left for a second sweep.
    const again = await recover();
    assert.equal(
      again.resumedAttempts.some((entry) => entry.attemptId === attemptId || entry.attemptId === skippedId),
      false,
    );
    assert.equal(await balanceOf(low.token), 5500);
    await assertLedgerAddsUp(low.accountId, low.token);
  });

  it('TestCardProcessor replays a key as the same payment even after a restart (no memory shared)', async () => {
    const request: ChargeRequest = {
      amount: { amount: 1000, currency: 'USD' },
      idempotencyKey: freshKey(),
      offSession: false,
      providerToken: 'test_card_4242424242424242',
    };
    const before = await new TestCardProcessor().charge(request);
    const afterRestart = await new TestCardProcessor().charge(request);
    assert.deepEqual(afterRestart, before);
    const other = await new TestCardProcessor().charge({ ...request, idempotencyKey: freshKey() });
    assert.notEqual(other.providerPaymentId, before.providerPaymentId);
  });
});

/**
 * A processor that answers every charge 'processing' (Stripe: captured later, settled by its
 * webhook) and whose webhook never comes; confirm reports what the test has set, else processing.
 */
class SettlesLater implements PaymentProcessor {
  readonly name = 'test-cards' as const;
  readonly charges: ChargeRequest[] = [];
  /** Every confirm call, by provider payment id. */
  readonly confirms: string[] = [];
  readonly #answers = new Map<string, ChargeResult | Error>();
  async saveCard(): Promise<SavedCardDetails> {
    throw new BillingError('unavailable');
  }
  async charge(request: ChargeRequest): Promise<ChargeResult> {
    this.charges.push(request);
    return { status: 'processing', providerPaymentId: `pi_late_${randomUUID()}` };
  }
  async confirm(providerPaymentId: string): Promise<ChargeResult> {
    this.confirms.push(providerPaymentId);
    const answer = this.#answers.get(providerPaymentId);
    if (answer instanceof Error) throw answer;
    return answer ?? { status: 'processing', providerPaymentId };
  }
  /** What confirm answers for this payment from now on: how it ended at the processor, or an error. */
  answer(providerPaymentId: string, answer: 'succeeded' | 'failed' | Error): void {
    this.#answers.set(
      providerPaymentId,
      answer === 'succeeded'
        ? { status: 'succeeded', providerPaymentId }
        : answer === 'failed'
          ? { status: 'failed', providerPaymentId, declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' }
          : answer,
    );
  }
  confirmsOf(providerPaymentId: string): number {
    return this.confirms.filter((id) => id === providerPaymentId).length;
  }
}

describe('recovery of processing top-ups whose webhook never came', () => {
  const MINUTE = 60_000;
  // Same database, a processor whose payments settle later: only a webhook (lost here) or the sweep settles them.
  const late = new SettlesLater();
  const w = new RecoveryWorld(late);
  const { balanceOf, creditsFor, topUpRow, sweepAt, debit } = w;

  /** A manual top-up the processor answered 'processing'. */
  async function processingTopUp(token: string, amount: number): Promise<{ topUpId: string; paymentId: string }> {
    const response = await w.postTopUp(w.otherApp, token, freshKey(), amount, { providerToken: 'test_card_4242424242424242' });
    const body = (await response.json()) as { id: string; status: string };
    assert.deepEqual([response.status, body.status], [201, 'processing'], JSON.stringify(body));
    const row = await topUpRow(body.id);
    assert.equal(row.status, 'processing');
    assert.ok(row.provider_payment_id);
    return { topUpId: body.id, paymentId: row.provider_payment_id };
  }

  /** Stripe's payment_intent.succeeded for the payment, as the webhook route hands it on once the signature checks out. */
  const succeededEvent = (paymentIntentId: string) =>
    ({
      id: `evt_${randomUUID()}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: { id: paymentIntentId, object: 'payment_intent', status: 'succeeded', metadata: {}, last_payment_error: null } },
    }) as unknown as Stripe.Event;

  it('is credited once by the sweep after the threshold, not before it; a late webhook then changes nothing', async () => {
    const { token, accountId } = await w.newAccount(4250);
    const { topUpId, paymentId } = await processingTopUp(token, 2500);
    late.answer(paymentId, 'succeeded'); // captured at the processor; the webhook saying so is lost

    // Younger than the threshold: the webhook may still come, so the processor is not even asked.
    const early = await sweepAt(DEFAULT_PROCESSING_OLDER_THAN_MS - MINUTE);
    assert.equal(
      early.settledProcessing.some((entry) => entry.topUpId === topUpId),
      false,
    );
    assert.equal(late.confirmsOf(paymentId), 0);
    assert.equal((await topUpRow(topUpId)).status, 'processing');
    assert.equal(await balanceOf(token), 4250);

    const due = await sweepAt(DEFAULT_PROCESSING_OLDER_THAN_MS + MINUTE);
    assert.deepEqual(
      due.settledProcessing.filter((entry) => entry.topUpId === topUpId),
      [{ topUpId, accountId, status: 'succeeded' }],
    );
    assert.equal(late.confirmsOf(paymentId), 1);
    assert.equal((await topUpRow(topUpId)).status, 'succeeded');
    assert.equal(await creditsFor(topUpId), 1);
    assert.equal(await balanceOf(token), 6750);

    // Later sweeps leave it be: it is no longer processing.
    const again = await sweepAt(DEFAULT_PROCESSING_OLDER_THAN_MS + DEFAULT_PROCESSING_RECHECK_MS + 2 * MINUTE);
    assert.equal(
      again.settledProcessing.some((entry) => entry.topUpId === topUpId),
      false,
    );
    assert.equal(late.confirmsOf(paymentId), 1);

    // The webhook turns up after all: acknowledged, nothing credited twice.
    assert.equal(await handleStripeEvent(w.f.db, succeededEvent(paymentId)), 'unchanged');
    assert.equal(await creditsFor(topUpId), 1);
    assert.equal(await balanceOf(token), 6750);
    const read = await w.f.call(ROUTES.getTopUp, token, { params: { topUpId } });
    assert.deepEqual([read.body.status, read.body.status === 'succeeded' ? read.body.balanceAfter.amount : null], ['succeeded', 6750]);
  });

  it('a webhook racing the sweep credits once between them', async () => {
    const { token } = await w.newAccount(4250);
    const { topUpId, paymentId } = await processingTopUp(token, 3000);
    late.answer(paymentId, 'succeeded');
    const [report, webhook, second] = await Promise.all([
      sweepAt(DEFAULT_PROCESSING_OLDER_THAN_MS + MINUTE),
      handleStripeEvent(w.f.db, succeededEvent(paymentId)),
      sweepAt(DEFAULT_PROCESSING_OLDER_THAN_MS + MINUTE),
    ]);
    const bySweeps = [...report.settledProcessing, ...second.settledProcessing].filter((entry) => entry.topUpId === topUpId).length;
    assert.equal(bySweeps + (webhook === 'settled' ? 1 : 0), 1, `sweeps settled ${bySweeps}, webhook ${webhook}`);
    assert.equal(await creditsFor(topUpId), 1);
    assert.equal(await balanceOf(token), 7250);
  });

  it('leaves a payment the processor still reports processing, asks again only after the recheck interval, and settles it then', async () => {
    const { token } = await w.newAccount(4250);
    const { topUpId, paymentId } = await processingTopUp(token, 2000);
    const first = DEFAULT_PROCESSING_OLDER_THAN_MS + MINUTE;

    const asked = await sweepAt(first);
    assert.ok(asked.stillProcessing.includes(topUpId));
    assert.equal(
      asked.settledProcessing.some((entry) => entry.topUpId === topUpId),
      false,
    );
    assert.equal(late.confirmsOf(paymentId), 1);
    assert.equal((await topUpRow(topUpId)).status, 'processing');
    assert.equal(await creditsFor(topUpId), 0);
    assert.equal(await balanceOf(token), 4250);

    // The next sweeps (every minute) do not ask again until the recheck interval has passed.
    const soon = await sweepAt(first + MINUTE);
    assert.equal(soon.stillProcessing.includes(topUpId), false);
    assert.equal(late.confirmsOf(paymentId), 1);

    const recheck = await sweepAt(first + DEFAULT_PROCESSING_RECHECK_MS);
    assert.ok(recheck.stillProcessing.includes(topUpId));
    assert.equal(late.confirmsOf(paymentId), 2);
    assert.equal((await topUpRow(topUpId)).status, 'processing');

    // It settles at the processor at last (the webhook lost again): the next due sweep credits it.
    late.answer(paymentId, 'succeeded');
    const settled = await sweepAt(first + 2 * DEFAULT_PROCESSING_RECHECK_MS);
    assert.ok(settled.settledProcessing.some((entry) => entry.topUpId === topUpId && entry.status === 'succeeded'));
    assert.equal(await creditsFor(topUpId), 1);
    assert.equal(await balanceOf(token), 6250);
  });

  it('retries at the next sweep when the processor cannot be reached, and ends a payment that failed there as failed, uncredited', async () => {
    const { token } = await w.newAccount(4250);
    const { topUpId, paymentId } = await processingTopUp(token, 2500);
    const at = DEFAULT_PROCESSING_OLDER_THAN_MS + MINUTE;
    late.answer(paymentId, new BillingError('unavailable', { message: 'The card processor is unavailable.' }));

    const unreachable = await sweepAt(at);
    assert.ok(unreachable.retryLater.includes(topUpId));
    assert.ok(unreachable.errors.some((entry) => entry.id === topUpId && entry.error instanceof BillingError));
    assert.equal((await topUpRow(topUpId)).status, 'processing');

    // The very next sweep asks again (an error does not wait out the recheck interval).
    late.answer(paymentId, 'failed');
    const next = await sweepAt(at + MINUTE);
    assert.equal(late.confirmsOf(paymentId), 2);
    assert.deepEqual(
      next.settledProcessing.filter((entry) => entry.topUpId === topUpId).map((entry) => entry.status),
      ['failed'],
    );
    const row = await topUpRow(topUpId);
    assert.deepEqual([row.status, row.failure_code], ['failed', 'insufficient_funds']);
    assert.equal(await creditsFor(topUpId), 0);
    assert.equal(await balanceOf(token), 4250);
  });

  it('an auto-recharge held by a processing top-up whose webhook never came recharges again once the sweep settles it', async () => {
    const { token, accountId } = await w.newAccount(1000);
    await enableAutoRecharge(w.f, token);

    // The debit that crosses the threshold recharges off-session; the processor answers processing.
    const chargesBefore = late.charges.length;
    assert.equal((await debit(w.otherApp, token, 60)).status, 201);
    assert.equal(late.charges.length, chargesBefore + 1);
    const stuck = (
      await w.f.db.query<TopUpState>(`SELECT * FROM top_ups WHERE account_id = $1 AND kind = 'auto_recharge' AND status = 'processing'`, [
        accountId,
      ])
    ).rows[0];
    assert.ok(stuck?.provider_payment_id);
    // Its attempt stays pending and holds every later recharge.
    assert.equal((await debit(w.otherApp, token, 60)).status, 201);
    assert.equal(late.charges.length, chargesBefore + 1, 'the pending attempt holds further recharges');
    assert.equal(await balanceOf(token), 1000 - 90);

    late.answer(stuck.provider_payment_id, 'succeeded');
    const early = await sweepAt(DEFAULT_PROCESSING_OLDER_THAN_MS - MINUTE);
    assert.equal(
      early.settledProcessing.some((entry) => entry.topUpId === stuck.id),
      false,
    );
    assert.deepEqual((await w.f.call(ROUTES.getAutoRecharge, token)).body.recentAttempts, []);

    const report = await sweepAt(DEFAULT_PROCESSING_OLDER_THAN_MS + MINUTE);
    assert.deepEqual(
      report.settledProcessing.filter((entry) => entry.topUpId === stuck.id),
      [{ topUpId: stuck.id, accountId, status: 'succeeded' }],
    );
    assert.deepEqual(
      (await w.f.call(ROUTES.getAutoRecharge, token)).body.recentAttempts.map((attempt) => attempt.outcome),
      ['succeeded'],
    );
    assert.equal(await balanceOf(token), 1000 - 90 + 5000);

    // 120 minutes × $0.45 = $54.00 takes it below the threshold again: a new recharge runs (test cards: succeeds at once).
    const testCardCharges = w.f.processor.chargeCount;
    assert.equal((await debit(w.f.app, token, 7200)).status, 201);
    assert.equal(w.f.processor.chargeCount, testCardCharges + 1);
    assert.deepEqual(
      (await w.f.call(ROUTES.getAutoRecharge, token)).body.recentAttempts.map((attempt) => attempt.outcome),
      ['succeeded', 'succeeded'],
    );
    assert.equal(await balanceOf(token), 1000 - 90 + 5000 - 5400 + 5000);
    assert.equal(await creditsFor(stuck.id), 1);
  });
});

describe('a Stripe charge whose answer was lost (the card charged, the connection dropped)', () => {
  const HOUR = 60 * 60 * 1000;
  const stripe = new FakeStripe();
  const processor = new StripeProcessor({ stripe });
  const w = new RecoveryWorld(processor);
  const { balanceOf, creditsFor, topUpRow, assertLedgerAddsUp, sweepAt, debit } = w;

  async function rowByKey(accountId: string, key: string) {
    const found = await w.f.db.query<TopUpState & { outcome_unknown_at: Date | null; unresolved_at: Date | null }>(
      `SELECT * FROM top_ups WHERE account_id = $1 AND idempotency_key = $2`,
      [accountId, key],
    );
    return found.rows[0] ?? null;
  }

  async function post(token: string, key: string, amount = 2500) {
    const response = await w.postTopUp(w.otherApp, token, key, amount, { providerToken: `ctoken_${key}` });
    return {
      status: response.status,
      body: (await response.json()) as { id?: string; status?: string; error?: { code: string; details?: { topUpId?: string } } },
    };
  }

  /** A top-up Stripe charged while its answer was lost: the server answered 503 and kept the row. */
  async function lostAnswer(amount = 2500) {
    const { token, accountId } = await w.newAccount(4250);
    const key = freshKey();
    stripe.loseAnswers = 1;
    const answer = await post(token, key, amount);
    assert.equal(answer.status, 503, JSON.stringify(answer.body));
    assert.equal(answer.body.error?.code, 'unavailable');
    const row = await rowByKey(accountId, key);
    assert.ok(row, 'the row of a charge with an unknown outcome is kept');
    assert.equal(answer.body.error.details?.topUpId, row.id);
    assert.equal(row.status, 'charging');
    assert.ok(row.outcome_unknown_at);
    assert.ok(row.processor_idempotency_key);
    const [intent, ...more] = stripe.paymentIntentsFor(row.processor_idempotency_key);
    assert.ok(intent && more.length === 0 && intent.status === 'succeeded', 'Stripe charged the card once');
    assert.equal(await balanceOf(token), 4250);
    return { token, accountId, key, row, intent, processorKey: row.processor_idempotency_key };
  }

  const webhookEvent = (intent: Stripe.PaymentIntent, type = 'payment_intent.succeeded') =>
    ({ id: `evt_${randomUUID()}`, object: 'event', type, data: { object: intent } }) as unknown as Stripe.Event;

  it('keeps the row, and the sweep settles it once from the PaymentIntent the replayed create returns', async () => {
    const { token, accountId, row, intent, processorKey } = await lostAnswer();
    const report = await sweepAt(31_000);
    assert.deepEqual(
      report.recovered.filter((entry) => entry.topUpId === row.id),
      [{ topUpId: row.id, accountId, status: 'succeeded' }],
    );
    assert.equal(stripe.paymentIntentsFor(processorKey).length, 1, 'the replay made no second PaymentIntent');
    const settled = await topUpRow(row.id);
    assert.deepEqual([settled.status, settled.provider_payment_id], ['succeeded', intent.id]);
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 6750);

    // Nothing left for a later sweep; Stripe's webhook, when it comes, changes nothing.
    const again = await sweepAt(2 * 31_000);
    assert.equal(
      again.recovered.some((entry) => entry.topUpId === row.id),
      false,
    );
    assert.equal(await handleStripeEvent(w.f.db, webhookEvent({ ...intent, status: 'succeeded' })), 'unchanged');
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 6750);
    await assertLedgerAddsUp(accountId, token);
  });

  it('the webhook settles it once by the key in the PaymentIntent metadata; the sweep then has nothing to do', async () => {
    const { token, accountId, row, intent } = await lostAnswer();
    assert.equal(await handleStripeEvent(w.f.db, webhookEvent({ ...intent, status: 'succeeded' })), 'settled');
    const settled = await topUpRow(row.id);
    assert.deepEqual([settled.status, settled.provider_payment_id], ['succeeded', intent.id]);
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 6750);

    const creates = stripe.callsTo('paymentIntents.create').length;
    const report = await sweepAt(31_000);
    assert.equal(
      report.recovered.some((entry) => entry.topUpId === row.id),
      false,
    );
    assert.equal(stripe.callsTo('paymentIntents.create').length, creates, 'a settled top-up is not replayed');
    assert.equal(await handleStripeEvent(w.f.db, webhookEvent({ ...intent, status: 'succeeded' })), 'unchanged');
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 6750);
    await assertLedgerAddsUp(accountId, token);
  });

  it('fails it on payment_intent.payment_failed found by the key, crediting nothing', async () => {
    const { token, row, intent } = await lostAnswer();
    const declined = {
      ...intent,
      status: 'requires_payment_method',
      last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    };
    assert.equal(
      await handleStripeEvent(w.f.db, webhookEvent(declined as Stripe.PaymentIntent, 'payment_intent.payment_failed')),
      'settled',
    );
    const failed = await topUpRow(row.id);
    assert.deepEqual([failed.status, failed.failure_code], ['failed', 'insufficient_funds']);
    assert.equal(await creditsFor(row.id), 0);
    assert.equal(await balanceOf(token), 4250);
  });

  it('credits once when the sweep and the webhook settle it at the same moment', async () => {
    const { token, accountId, row, intent } = await lostAnswer(3000);
    const [first, webhook, second] = await Promise.all([
      sweepAt(31_000),
      handleStripeEvent(w.f.db, webhookEvent({ ...intent, status: 'succeeded' })),
      sweepAt(31_000),
    ]);
    const bySweeps = [...first.recovered, ...second.recovered].filter(
      (entry) => entry.topUpId === row.id && entry.status === 'succeeded',
    ).length;
    assert.ok(bySweeps + (webhook === 'settled' ? 1 : 0) >= 1, `sweeps ${bySweeps}, webhook ${webhook}`);
    assert.equal((await topUpRow(row.id)).status, 'succeeded');
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 7250);
    await assertLedgerAddsUp(accountId, token);
  });

  it('a client retry with the same key replays the charge at once: the original payment (200), no second charge', async () => {
    const { token, accountId, key, row, intent, processorKey } = await lostAnswer();
    const retry = await post(token, key);
    assert.deepEqual([retry.status, retry.body.id, retry.body.status], [200, row.id, 'succeeded']);
    assert.equal(stripe.paymentIntentsFor(processorKey).length, 1);
    const creates = stripe.callsTo('paymentIntents.create').filter((call) => call.options?.idempotencyKey === processorKey);
    assert.equal(creates.length, 2, 'the retry replayed the create with the same Stripe idempotency key');
    assert.equal((await topUpRow(row.id)).provider_payment_id, intent.id);
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 6750);
    // A second retry only reads it back.
    const again = await post(token, key);
    assert.deepEqual([again.status, again.body.status], [200, 'succeeded']);
    assert.equal(stripe.callsTo('paymentIntents.create').filter((call) => call.options?.idempotencyKey === processorKey).length, 2);
    await assertLedgerAddsUp(accountId, token);
  });

  it('a retry while Stripe is still unreachable answers 503 again and keeps the row; a later retry settles it', async () => {
    const { token, key, row } = await lostAnswer();
    stripe.down = true;
    let stillDown;
    try {
      stillDown = await post(token, key);
    } finally {
      stripe.down = false;
    }
    assert.deepEqual([stillDown.status, stillDown.body.error?.code], [503, 'unavailable']);
    assert.equal((await topUpRow(row.id)).status, 'charging');
    const retry = await post(token, key);
    assert.deepEqual([retry.status, retry.body.status], [200, 'succeeded']);
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 6750);
  });

  it('Stripe answered 500 after making the PaymentIntent and repeats that 500 for the key: the sweep finds the payment by its metadata and credits it once', async () => {
    const { token, accountId } = await w.newAccount(4250);
    const key = freshKey();
    stripe.answerServerErrors = 1;
    const first = await post(token, key);
    assert.deepEqual([first.status, first.body.error?.code], [503, 'unavailable']);
    const row = await rowByKey(accountId, key);
    assert.ok(row?.processor_idempotency_key);
    const [intent] = stripe.paymentIntentsFor(row.processor_idempotency_key);
    assert.ok(intent);
    const searches = stripe.callsTo('paymentIntents.search').length;

    const report = await sweepAt(31_000);
    assert.deepEqual(
      report.recovered.filter((entry) => entry.topUpId === row.id),
      [{ topUpId: row.id, accountId, status: 'succeeded' }],
    );
    assert.equal(stripe.callsTo('paymentIntents.search').length, searches + 1, 'found by searching, after the replay got the 500 again');
    assert.equal(stripe.paymentIntentsFor(row.processor_idempotency_key).length, 1);
    assert.equal((await topUpRow(row.id)).provider_payment_id, intent.id);
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 6750);
    // The client's retry now reads it back; the webhook changes nothing.
    const retry = await post(token, key);
    assert.deepEqual([retry.status, retry.body.status], [200, 'succeeded']);
    assert.equal(await handleStripeEvent(w.f.db, webhookEvent({ ...intent, status: 'succeeded' })), 'unchanged');
    assert.equal(await creditsFor(row.id), 1);
    await assertLedgerAddsUp(accountId, token);
  });

  it('a request Stripe refused (nothing created) still releases the row, so the retry charges normally', async () => {
    const { token, accountId } = await w.newAccount(4250);
    const key = freshKey();
    const create = stripe.paymentIntents.create;
    stripe.paymentIntents.create = async () => {
      throw Object.assign(new Error('This ConfirmationToken has expired.'), { type: 'StripeInvalidRequestError' });
    };
    let refused;
    try {
      refused = await post(token, key);
    } finally {
      stripe.paymentIntents.create = create;
    }
    assert.equal(refused.status, 422);
    assert.equal(await rowByKey(accountId, key), null);
    const retry = await post(token, key);
    assert.deepEqual([retry.status, retry.body.status], [201, 'succeeded']);
    assert.equal(await balanceOf(token), 6750);
  });

  it('unresolved after 23 h: marked once, listed by GET /v1/top-ups?status=unresolved, passed by later sweeps; the webhook still settles it', async () => {
    const start = w.f.clock.now;
    let lost: Awaited<ReturnType<typeof lostAnswer>>;
    try {
      w.f.clock.now = new Date(start.getTime() - 24 * HOUR);
      lost = await lostAnswer();
    } finally {
      w.f.clock.now = start;
    }
    const { token, accountId, row, intent, processorKey } = lost;
    const creates = () => stripe.callsTo('paymentIntents.create').filter((call) => call.options?.idempotencyKey === processorKey).length;
    // Stripe keeps an idempotency key 24 hours: past 23 h a replay could charge anew, so none is made.
    const report = await recoverInterruptedPayments(w.f.db, processor, { now: () => new Date(start.getTime() + 1_000) });
    assert.ok(report.needsReview.includes(row.id));
    assert.equal(creates(), 1);
    const marked = await rowByKey(accountId, lost.key);
    assert.ok(marked?.unresolved_at);
    assert.equal(marked.status, 'charging');

    const listed = await w.f.raw('GET', '/v1/top-ups', token, { query: { status: 'unresolved' } });
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const parsed = HOST_ROUTES.listUnresolvedTopUps.response.parse(listed.body);
    assert.deepEqual(
      parsed.topUps.map((entry) => [entry.topUp.id, entry.topUp.status, entry.processorIdempotencyKey]),
      [[row.id, 'processing', processorKey]],
    );
    assert.equal(parsed.topUps[0]?.unresolvedSince, new Date(start.getTime() + 1_000).toISOString());
    // Another account sees none of it; an unknown status filter is refused.
    const other = await w.newAccount();
    assert.deepEqual((await w.f.raw('GET', '/v1/top-ups', other.token, { query: { status: 'unresolved' } })).body, { topUps: [] });
    assert.equal((await w.f.raw('GET', '/v1/top-ups', token, { query: { status: 'everything' } })).status, 422);

    // Later sweeps pass it by (no batch slot, no replay, not reported again); a client retry answers at once.
    const later = await recoverInterruptedPayments(w.f.db, processor, { now: () => new Date(start.getTime() + 2 * HOUR) });
    assert.equal([...later.needsReview, ...later.retryLater, ...later.recovered.map((entry) => entry.topUpId)].includes(row.id), false);
    const retried = Date.now();
    const retry = await post(token, lost.key);
    assert.deepEqual([retry.status, retry.body.status], [200, 'processing']);
    assert.ok(Date.now() - retried < 5_000, 'the retry does not wait for a charge nobody is making');
    assert.equal(creates(), 1);

    // Someone resends Stripe's event from the dashboard: settled once, off the list.
    assert.equal(await handleStripeEvent(w.f.db, webhookEvent({ ...intent, status: 'succeeded' })), 'settled');
    assert.equal(await creditsFor(row.id), 1);
    assert.equal(await balanceOf(token), 6750);
    assert.deepEqual((await w.f.raw('GET', '/v1/top-ups', token, { query: { status: 'unresolved' } })).body, { topUps: [] });
    await assertLedgerAddsUp(accountId, token);
  });

  it('an auto-recharge whose answer was lost stays pending (no failure recorded, later recharges held) until the sweep credits it once', async () => {
    const { token, accountId } = await w.newAccount(1000);
    const saved = await w.otherApp.request(ROUTES.addPaymentMethod.path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ providerToken: `ctoken_recharge_${randomUUID()}`, makeDefault: true }),
    });
    assert.equal(saved.status, 201, await saved.clone().text());
    const card = (await saved.json()) as { id: string };
    const current = (await w.f.call(ROUTES.getAutoRecharge, token)).body;
    const enabled = await w.f.call(ROUTES.saveAutoRecharge, token, {
      body: {
        enabled: true,
        thresholdAmount: { amount: 1000, currency: 'USD' },
        rechargeAmount: { amount: 5000, currency: 'USD' },
        paymentMethodId: card.id,
        monthlyCap: null,
        expectedVersion: current.version,
      },
    });
    assert.equal(enabled.status, 200, JSON.stringify(enabled.body));

    // The debit that crosses the threshold recharges off-session; Stripe charges, the answer is lost.
    stripe.loseAnswers = 1;
    assert.equal((await debit(w.otherApp, token, 60)).status, 201);
    const stuck = (await w.f.db.query<TopUpState>(`SELECT * FROM top_ups WHERE account_id = $1 AND kind = 'auto_recharge'`, [accountId]))
      .rows[0];
    assert.ok(stuck);
    assert.equal(stuck.status, 'charging', JSON.stringify(stuck));
    assert.equal(stripe.paymentIntentsFor(stuck.processor_idempotency_key ?? '').length, 1);
    assert.deepEqual(
      (await w.f.call(ROUTES.getAutoRecharge, token)).body.recentAttempts,
      [],
      'no failure recorded for a payment that may have gone through',
    );
    const creates = stripe.callsTo('paymentIntents.create').length;
    assert.equal((await debit(w.otherApp, token, 60)).status, 201);
    assert.equal(stripe.callsTo('paymentIntents.create').length, creates, 'the pending attempt holds further recharges');
    assert.equal(await balanceOf(token), 1000 - 90);

    const report = await sweepAt(31_000);
    assert.ok(report.recovered.some((entry) => entry.topUpId === stuck.id && entry.status === 'succeeded'));
    assert.equal(stripe.paymentIntentsFor(stuck.processor_idempotency_key ?? '').length, 1);
    assert.deepEqual(
      (await w.f.call(ROUTES.getAutoRecharge, token)).body.recentAttempts.map((attempt) => attempt.outcome),
      ['succeeded'],
    );
    assert.equal(await creditsFor(stuck.id), 1);
    assert.equal(await balanceOf(token), 1000 - 90 + 5000);
    await assertLedgerAddsUp(accountId, token);
  });
});

describe('recovery of top-ups whose 3-D Secure challenge was abandoned (no confirm, no webhook)', () => {
  const MINUTE = 60_000;
  const stripe = new FakeStripe();
  const stripeProcessor = new StripeProcessor({ stripe });
  const w = new RecoveryWorld(stripeProcessor);
  const { balanceOf, creditsFor, topUpRow } = w;
  const sweepAt = (afterMs: number, processor: PaymentProcessor) => w.sweepAt(afterMs, { processor });

  async function startThreeDSecure(app: App, token: string, providerToken: string) {
    const response = await w.postTopUp(app, token, freshKey(), 2500, { providerToken, saveCard: true });
    const body = (await response.json()) as { id: string; status: string };
    assert.deepEqual([response.status, body.status], [201, 'requires_action'], JSON.stringify(body));
    return body.id;
  }

  it('ends a test-card top-up still waiting for its challenge failed after an hour, uncredited; a late confirm cannot credit it', async () => {
    const { token } = await w.newAccount(4250);
    const cards = (await w.f.call(ROUTES.listPaymentMethods, token)).body.length;
    const topUpId = await startThreeDSecure(w.f.app, token, 'test_card_4000002500003155');

    const early = await sweepAt(59 * MINUTE, w.f.processor);
    assert.equal(
      early.abandonedAuthentication.some((entry) => entry.topUpId === topUpId),
      false,
    );
    assert.equal((await topUpRow(topUpId)).status, 'requires_action');

    const due = await sweepAt(61 * MINUTE, w.f.processor);
    assert.deepEqual(
      due.abandonedAuthentication.filter((entry) => entry.topUpId === topUpId).map((entry) => entry.status),
      ['failed'],
    );
    const row = await topUpRow(topUpId);
    assert.deepEqual([row.status, row.failure_code], ['failed', 'authentication_abandoned']);
    const read = await w.f.call(ROUTES.getTopUp, token, { params: { topUpId } });
    assert.equal(
      read.body.status === 'failed' && read.body.failure.message,
      'The payment was not confirmed with your bank, so it did not go through.',
    );

    // Reading the payment did not pass the challenge: a confirm that turns up now changes nothing.
    const confirmed = await w.f.call(ROUTES.confirmTopUp, token, { params: { topUpId } });
    assert.equal(confirmed.body.status, 'failed');
    assert.equal(await creditsFor(topUpId), 0);
    assert.equal(await balanceOf(token), 4250);
    assert.equal((await w.f.call(ROUTES.listPaymentMethods, token)).body.length, cards, 'no card saved');
    const again = await sweepAt(2 * 61 * MINUTE, w.f.processor);
    assert.equal(
      again.abandonedAuthentication.some((entry) => entry.topUpId === topUpId),
      false,
    );
  });

  it('settles a Stripe top-up whose holder did authenticate but whose confirm and webhook never came: credited once, card saved', async () => {
    const { token, accountId } = await w.newAccount(4250);
    const cards = (await w.f.call(ROUTES.listPaymentMethods, token)).body.length;
    const providerToken = `ctoken_${randomUUID()}`;
    stripe.outcomes.set(providerToken, 'requires_action');
    const topUpId = await startThreeDSecure(w.otherApp, token, providerToken);
    const paymentIntentId = (await topUpRow(topUpId)).provider_payment_id;
    assert.ok(paymentIntentId);
    stripe.setStatus(paymentIntentId, 'succeeded');

    const report = await sweepAt(61 * MINUTE, stripeProcessor);
    assert.deepEqual(
      report.abandonedAuthentication.filter((entry) => entry.topUpId === topUpId),
      [{ topUpId, accountId, status: 'succeeded' }],
    );
    assert.equal(await creditsFor(topUpId), 1);
    assert.equal(await balanceOf(token), 6750);
    assert.equal((await w.f.call(ROUTES.listPaymentMethods, token)).body.length, cards + 1);
    const event = {
      id: `evt_${randomUUID()}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: stripe.paymentIntents_.get(paymentIntentId) },
    } as unknown as Stripe.Event;
    assert.equal(await handleStripeEvent(w.f.db, event), 'unchanged');
    assert.equal(await creditsFor(topUpId), 1);
  });

  it('ends a Stripe top-up whose PaymentIntent still requires action failed; a later success at Stripe still credits it once', async () => {
    const { token } = await w.newAccount(4250);
    const providerToken = `ctoken_${randomUUID()}`;
    stripe.outcomes.set(providerToken, 'requires_action');
    const topUpId = await startThreeDSecure(w.otherApp, token, providerToken);
    const paymentIntentId = (await topUpRow(topUpId)).provider_payment_id;
    assert.ok(paymentIntentId);

    const report = await sweepAt(61 * MINUTE, stripeProcessor);
    assert.deepEqual(
      report.abandonedAuthentication.filter((entry) => entry.topUpId === topUpId).map((entry) => entry.status),
      ['failed'],
    );
    assert.equal((await topUpRow(topUpId)).failure_code, 'authentication_abandoned');
    assert.equal(await balanceOf(token), 4250);

    stripe.setStatus(paymentIntentId, 'succeeded');
    const event = {
      id: `evt_${randomUUID()}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: stripe.paymentIntents_.get(paymentIntentId) },
    } as unknown as Stripe.Event;
    assert.equal(await handleStripeEvent(w.f.db, event), 'settled');
    assert.equal(await creditsFor(topUpId), 1);
    assert.equal(await balanceOf(token), 6750);
  });
});
