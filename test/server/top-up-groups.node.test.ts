// Group commit of top-ups (server/top-up-groups.ts): concurrent top-ups share their claim statement and their credit
// statement, and each still gets its own answer: one charge per key (a key repeated inside one group answers the same
// top-up), the rate limit counted exactly across a group, a failing group retried request by request, and a top-up
// whose credit failed after the charge still recovered by the sweep (PGlite, or PostgreSQL with DATABASE_URL).
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { BillingError } from '../../src/client/errors.js';
import type { CreateTopUpRequest } from '../../src/client/schemas.js';
import { findAccount, type AccountRecord } from '../../server/accounts.js';
import type { Database, QueryOptions, QueryResult } from '../../server/db/database.js';
import { FixedWindowRateLimiter } from '../../server/rate-limits.js';
import { recoverInterruptedPayments } from '../../server/recovery.js';
import type { TopUpContext } from '../../server/top-up-rows.js';
import { createTopUp } from '../../server/top-ups.js';
import { fixturePerSuite, ROUTES, topUpBody } from './billing-server.fixture.js';

const CARD_OK = 'test_card_4242424242424242';
/** The claim and credit statements go by these prepared-statement names, a group's and one request's alike. */
const CLAIM = /^top_up_claim/;
const CREDIT = /^top_up_credit/;
/** A group's statements take arrays of values, one request's scalars. */
const listed = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : [value as string]);

interface Watch {
  /** The idempotency keys of each claim statement sent, in order. */
  claims: string[][];
  /** The top-up ids of each credit statement sent, in order. */
  credits: string[][];
  /** A claim statement carrying this key fails. */
  poisonClaimKey?: string;
  /** A credit statement carrying the top-up claimed with this key fails. */
  poisonCreditKey?: string;
}

/** The fixture's database, noting the claim and credit statements and failing the ones the watch poisons. */
function watched(db: Database, watch: Watch): Database {
  let poisonedTopUp: string | undefined;
  return {
    kind: db.kind,
    close: () => db.close(),
    transaction: (work) => db.transaction(work),
    async query<Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>> {
      const name = options?.name ?? '';
      if (CLAIM.test(name)) {
        const keys = listed(params?.[2]);
        watch.claims.push(keys);
        if (watch.poisonClaimKey !== undefined && keys.includes(watch.poisonClaimKey)) throw new Error('value too long for type');
        const result = await db.query<Row>(sql, params, options);
        for (const row of result.rows as Array<{ id: string | null; idempotency_key: string | null }>) {
          if (row.idempotency_key === watch.poisonCreditKey && row.id) poisonedTopUp = row.id;
        }
        return result;
      }
      if (CREDIT.test(name)) {
        const ids = listed(params?.[0]);
        watch.credits.push(ids);
        if (poisonedTopUp !== undefined && ids.includes(poisonedTopUp)) throw new Error('could not serialize access');
      }
      return db.query<Row>(sql, params, options);
    },
  };
}

describe('top-ups: concurrent requests share their claim and their credit', () => {
  const f = fixturePerSuite();

  function context(watch: Watch): TopUpContext {
    return { db: watched(f().db, watch), processor: f().processor, now: () => new Date(f().clock.now) };
  }

  const request = (idempotencyKey = `group-${randomUUID()}`, amount = 1000): CreateTopUpRequest => ({
    amount: { amount, currency: 'USD' },
    source: { type: 'new_card', providerToken: CARD_OK, saveCard: false },
    idempotencyKey,
  });

  const accounts = new Map<string, AccountRecord>();

  /** As the route calls it: the account read by the token lookup is passed on, so requests sent together claim together. */
  const topUp = (ctx: TopUpContext, accountId: string, body: CreateTopUpRequest, limiter?: FixedWindowRateLimiter) =>
    createTopUp(ctx, accountId, body, {
      idempotencyKeyHeader: body.idempotencyKey,
      account: accounts.get(accountId),
      ...(limiter ? { rateLimit: limiter } : {}),
    });

  async function balanceOf(accountId: string): Promise<number> {
    const row = (await f().db.query<{ balance: string }>(`SELECT balance FROM accounts WHERE id = $1`, [accountId])).rows[0];
    return Number(row?.balance);
  }

  /** The balance is the sum of the ledger, and the credits' balance_after run up in ledger order. */
  async function assertBooksAgree(accountId: string): Promise<void> {
    const ledger = await f().db.query<{ amount: string; balance_after: string }>(
      `SELECT amount, balance_after FROM ledger_entries WHERE account_id = $1 ORDER BY id`,
      [accountId],
    );
    let running = 0;
    for (const entry of ledger.rows) {
      running += Number(entry.amount);
      assert.equal(Number(entry.balance_after), running, 'each entry’s balance_after is the running sum');
    }
    assert.equal(await balanceOf(accountId), running);
  }

  async function account(): Promise<string> {
    const { accountId } = await f().newAccount();
    accounts.set(accountId, await findAccount(f().db, accountId));
    return accountId;
  }

  it('answers 16 concurrent top-ups on two accounts each with its own top-up, in fewer statements, credited once each', async () => {
    const pair = [await account(), await account()];
    const before = await Promise.all(pair.map(balanceOf));
    const watch: Watch = { claims: [], credits: [] };
    const ctx = context(watch);
    const charges = f().processor.chargeCount;
    const bodies = Array.from({ length: 16 }, (_, index) => request(undefined, 1000 + index));
    const answers = await Promise.all(bodies.map((body, index) => topUp(ctx, pair[index % 2] as string, body)));
    answers.forEach((answer, index) => {
      assert.equal(answer.replayed, false);
      assert.equal(answer.topUp.status, 'succeeded');
      assert.equal(answer.topUp.idempotencyKey, bodies[index]?.idempotencyKey);
      assert.equal(answer.topUp.amount.amount, 1000 + index);
    });
    assert.equal(new Set(answers.map((answer) => answer.topUp.id)).size, 16);
    assert.equal(f().processor.chargeCount, charges + 16);
    assert.equal(watch.claims.flat().length, 16, 'each claimed once');
    assert.equal(watch.credits.flat().length, 16, 'each credited once');
    assert.ok(watch.claims.length < 16, `${watch.claims.length} claim statements for 16 top-ups`);
    assert.ok(watch.credits.length < 16, `${watch.credits.length} credit statements for 16 top-ups`);
    for (const [which, accountId] of pair.entries()) {
      const mine = answers.filter((_, index) => index % 2 === which);
      const added = mine.reduce((sum, answer) => sum + answer.topUp.amount.amount, 0);
      assert.equal(await balanceOf(accountId), (before[which] as number) + added);
      // Each answer's balanceAfter is its own step of the running balance, so all differ and the last is the balance.
      const afters = mine.map((answer) => (answer.topUp.status === 'succeeded' ? answer.topUp.balanceAfter.amount : NaN));
      assert.equal(new Set(afters).size, mine.length);
      assert.equal(Math.max(...afters), await balanceOf(accountId));
      await assertBooksAgree(accountId);
    }
  });

  it('answers a key repeated inside one group with the same top-up, charged once; a changed amount under it is a conflict', async () => {
    const accountId = await account();
    for (let round = 0; round < 4; round++) {
      const watch: Watch = { claims: [], credits: [] };
      const ctx = context(watch);
      const charges = f().processor.chargeCount;
      const twin = request();
      const settled = await Promise.allSettled([
        topUp(ctx, accountId, request()),
        topUp(ctx, accountId, twin),
        topUp(ctx, accountId, { ...twin }),
        topUp(ctx, accountId, { ...twin, amount: { amount: 2000, currency: 'USD' } }),
        topUp(ctx, accountId, { ...twin }),
      ]);
      assert.ok(
        watch.claims.some((keys) => keys.length > 1),
        'the requests were claimed in a group',
      );
      assert.equal(watch.claims.flat().filter((key) => key === twin.idempotencyKey).length, 1, 'the key was claimed once');
      const [other, first, second, changed, third] = settled;
      assert.equal(other.status, 'fulfilled');
      assert.equal(changed.status, 'rejected');
      assert.ok(changed.reason instanceof BillingError && changed.reason.code === 'conflict');
      const twins = [first, second, third].map((outcome) => {
        assert.equal(outcome.status, 'fulfilled');
        return outcome.value;
      });
      assert.equal(new Set(twins.map((answer) => answer.topUp.id)).size, 1, 'one top-up for the key');
      assert.deepEqual(
        twins.map((answer) => answer.replayed),
        [false, true, true],
      );
      for (const answer of twins) assert.equal(answer.topUp.status, 'succeeded');
      assert.equal(f().processor.chargeCount, charges + 2);
      const rows = await f().db.query(`SELECT 1 FROM top_ups WHERE account_id = $1 AND idempotency_key = $2`, [
        accountId,
        twin.idempotencyKey,
      ]);
      assert.equal(rows.rows.length, 1);
    }
    await assertBooksAgree(accountId);
  });

  it('holds the rate limit exactly across a group: per account, the first ones admitted, the rest refused and unclaimed', async () => {
    const busy = await account();
    const quiet = await account();
    const limiter = new FixedWindowRateLimiter(f().db, `group-test-${randomUUID()}`, { max: 5, windowMs: 60_000 });
    const watch: Watch = { claims: [], credits: [] };
    const ctx = context(watch);
    const busyBodies = Array.from({ length: 8 }, () => request());
    const quietBodies = Array.from({ length: 3 }, () => request());
    const settled = await Promise.allSettled([
      ...busyBodies.map((body) => topUp(ctx, busy, body, limiter)),
      ...quietBodies.map((body) => topUp(ctx, quiet, body, limiter)),
    ]);
    assert.ok(
      watch.claims.some((keys) => keys.length > 5),
      'the requests were claimed in a group',
    );
    const busyOutcomes = settled.slice(0, 8);
    const admitted = busyOutcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = busyOutcomes.filter((outcome) => outcome.status === 'rejected');
    assert.equal(admitted.length, 5, 'five new payments a window');
    for (const outcome of refused) {
      assert.ok(outcome.reason instanceof BillingError && outcome.reason.code === 'rate_limited');
      assert.ok(Number(outcome.reason.details['retryAfterSeconds']) >= 1);
    }
    for (const outcome of settled.slice(8)) assert.equal(outcome.status, 'fulfilled', 'another account has its own limit');
    const claimedKeys = (
      await f().db.query<{ idempotency_key: string }>(
        `SELECT idempotency_key FROM top_ups WHERE account_id = $1 AND idempotency_key = ANY($2::text[])`,
        [busy, busyBodies.map((body) => body.idempotencyKey)],
      )
    ).rows.map((row) => row.idempotency_key);
    assert.equal(claimedKeys.length, 5, 'refused requests claimed nothing');
    // A replay is free: answered over the limit; a new payment is still refused, in a group or alone.
    const admittedKey = claimedKeys[0] as string;
    const replay = await topUp(ctx, busy, busyBodies.find((body) => body.idempotencyKey === admittedKey) as CreateTopUpRequest, limiter);
    assert.equal(replay.replayed, true);
    await assert.rejects(topUp(ctx, busy, request(), limiter), (error) => error instanceof BillingError && error.code === 'rate_limited');
    await assertBooksAgree(busy);
    await assertBooksAgree(quiet);
  });

  it('retries a group whose claim fails request by request, so only the faulty request fails and claims nothing', async () => {
    const accountId = await account();
    const poisoned = request();
    const watch: Watch = { claims: [], credits: [], poisonClaimKey: poisoned.idempotencyKey };
    const ctx = context(watch);
    const charges = f().processor.chargeCount;
    const good = [request(), request(), request()];
    const settled = await Promise.allSettled([
      topUp(ctx, accountId, good[0] as CreateTopUpRequest),
      topUp(ctx, accountId, poisoned),
      topUp(ctx, accountId, good[1] as CreateTopUpRequest),
      topUp(ctx, accountId, good[2] as CreateTopUpRequest),
    ]);
    assert.ok(
      watch.claims.some((keys) => keys.length > 1 && keys.includes(poisoned.idempotencyKey)),
      'the failing request was claimed in a group',
    );
    assert.equal(settled[1].status, 'rejected');
    for (const outcome of [settled[0], settled[2], settled[3]]) {
      assert.equal(outcome.status, 'fulfilled');
      assert.equal(outcome.value.topUp.status, 'succeeded');
    }
    assert.equal(f().processor.chargeCount, charges + 3, 'the failing request was never charged');
    const rows = await f().db.query(`SELECT 1 FROM top_ups WHERE account_id = $1 AND idempotency_key = $2`, [
      accountId,
      poisoned.idempotencyKey,
    ]);
    assert.equal(rows.rows.length, 0);
    await assertBooksAgree(accountId);
  });

  it('leaves a top-up whose credit failed after its charge claimed, credits the others, and the sweep credits it once', async () => {
    const accountId = await account();
    const before = await balanceOf(accountId);
    const poisoned = request(undefined, 4321);
    const watch: Watch = { claims: [], credits: [], poisonCreditKey: poisoned.idempotencyKey };
    const ctx = context(watch);
    const good = [request(), request(), request()];
    const settled = await Promise.allSettled([
      topUp(ctx, accountId, good[0] as CreateTopUpRequest),
      topUp(ctx, accountId, good[1] as CreateTopUpRequest),
      topUp(ctx, accountId, poisoned),
      topUp(ctx, accountId, good[2] as CreateTopUpRequest),
    ]);
    assert.ok(
      watch.credits.some((ids) => ids.length > 1),
      'the credits were written in a group',
    );
    assert.equal(settled[2].status, 'rejected');
    for (const outcome of [settled[0], settled[1], settled[3]]) assert.equal(outcome.status, 'fulfilled');
    assert.equal(await balanceOf(accountId), before + 3000, 'the others were credited');
    const stuck = await f().db.query<{ id: string; status: string }>(
      `SELECT id, status FROM top_ups WHERE account_id = $1 AND idempotency_key = $2`,
      [accountId, poisoned.idempotencyKey],
    );
    assert.equal(stuck.rows[0]?.status, 'charging', 'charged but not credited: left claimed, as after a crash');

    // As after a crash between claim and credit: the sweep replays the charge with the same key and credits it.
    const later = new Date(f().clock.now.getTime() + 60_000);
    const report = await recoverInterruptedPayments(f().db, f().processor, { olderThanMs: 30_000, now: () => later });
    assert.ok(report.recovered.some((recovered) => recovered.topUpId === stuck.rows[0]?.id && recovered.status === 'succeeded'));
    assert.equal(await balanceOf(accountId), before + 3000 + 4321);
    const again = await recoverInterruptedPayments(f().db, f().processor, { olderThanMs: 30_000, now: () => later });
    assert.ok(!again.recovered.some((recovered) => recovered.topUpId === stuck.rows[0]?.id));
    // A retry of the request answers the recovered top-up.
    const replay = await topUp(ctx, accountId, poisoned);
    assert.equal(replay.replayed, true);
    assert.equal(replay.topUp.status, 'succeeded');
    assert.equal(await balanceOf(accountId), before + 3000 + 4321);
    await assertBooksAgree(accountId);
  });
  it('answers a replay whose card was removed since as the first request (the claim is not read first), refusing a new payment', async () => {
    const { token } = await f().newAccount();
    const card = await f().call(ROUTES.addPaymentMethod, token, { body: { providerToken: 'test_card_5555555555554444' } });
    assert.equal(card.status, 201);
    const pay = (key: string) =>
      f().call(ROUTES.createTopUp, token, {
        body: topUpBody(1500, { paymentMethodId: card.body.id }, key),
        headers: { 'Idempotency-Key': key },
      });
    const key = `group-${randomUUID()}`;
    const first = await pay(key);
    assert.equal(first.status, 201);
    const removed = await f().call(ROUTES.removePaymentMethod, token, { params: { paymentMethodId: card.body.id } });
    assert.equal(removed.status, 200);
    const replay = await pay(key);
    assert.equal(replay.status, 200, JSON.stringify(replay.body));
    assert.equal(replay.body.id, first.body.id);
    const fresh = await pay(`group-${randomUUID()}`);
    assert.ok(fresh.status >= 400 && fresh.status < 500, `a new payment with the removed card answered ${fresh.status}`);
  });
});
