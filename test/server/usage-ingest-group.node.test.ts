// Group commit of usage ingestion (server/usage-ingest-queue.ts): concurrent requests share one write statement and
// each still gets its own answer: all recorded once, a call id twinned across requests recorded for the first, a
// failing group retried request by request, one recharge per account crossing (PGlite, or PostgreSQL with DATABASE_URL).
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Database, QueryResult } from '../../server/db/database.js';
import { createServiceCredential } from '../../server/service-credentials.js';
import type { TopUpContext } from '../../server/top-up-rows.js';
import { ingestUsage } from '../../server/usage-ingest.js';
import { SERVICE_ROUTES, type RecordUsageResponse } from '../../src/client/service-routes.js';
import { enableAutoRecharge, fixturePerSuite } from './billing-server.fixture.js';
import { assertBalanceIsLedgerSum, ingestionAccount, ingestionCall, type IngestionAccount } from './usage-ingest.fixture.js';

const PATH = SERVICE_ROUTES.recordUsage.path;
/** The write statement of usage ingestion; its parameters are the account ids, the time, then the entry columns. */
const WRITE = /^\s*WITH locked AS/;
const CALL_ID_PARAM = 2 + 12;

interface Writes {
  /** The call ids of each write statement sent, in order. */
  statements: string[][];
}

/** The fixture's database, noting each write statement and failing any whose calls include `poison`. */
function watched(db: Database, writes: Writes, poison?: string): Database {
  return {
    kind: db.kind,
    close: () => db.close(),
    transaction: (work) => db.transaction(work),
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      if (WRITE.test(sql)) {
        const callIds = (params?.[CALL_ID_PARAM] ?? []) as string[];
        writes.statements.push(callIds);
        if (poison !== undefined && callIds.includes(poison)) throw new Error('value out of range for type bigint');
      }
      return db.query<Row>(sql, params);
    },
  };
}

describe('usage ingestion: concurrent requests share a write', () => {
  const f = fixturePerSuite();

  const account = (startingBalance = 1_000_000): Promise<IngestionAccount> => ingestionAccount(f(), startingBalance);
  const call = (accountId: string, userId: string, extra?: Record<string, unknown>): Record<string, unknown> =>
    ingestionCall(f(), accountId, userId, extra);

  function context(writes: Writes, poison?: string): TopUpContext {
    return { db: watched(f().db, writes, poison), processor: f().processor, now: () => new Date(f().clock.now) };
  }

  async function balanceOf(accountId: string): Promise<number> {
    const row = (await f().db.query<{ balance: string }>(`SELECT balance FROM accounts WHERE id = $1`, [accountId])).rows[0];
    return Number(row?.balance);
  }

  async function entriesOf(callIds: readonly unknown[]): Promise<{ id: string; call_id: string }[]> {
    return (
      await f().db.query<{ id: string; call_id: string }>(`SELECT id, call_id FROM usage_entries WHERE call_id = ANY($1::text[])`, [
        callIds,
      ])
    ).rows;
  }

  const assertBooksAgree = (accountId: string): Promise<void> => assertBalanceIsLedgerSum(f().db, accountId);

  const priceOf = (answer: RecordUsageResponse): number =>
    answer.results.reduce((sum, result) => sum + (result.status === 'recorded' ? result.price.amount : 0), 0);

  it('answers 32 concurrent single-call requests each with its own call, recorded once, in fewer statements', async () => {
    const { accountId, userId } = await account();
    const writes: Writes = { statements: [] };
    const ctx = context(writes);
    await ingestUsage(ctx, [call(accountId, userId)]); // the account, user and rate are read once, then known
    const before = await balanceOf(accountId);
    writes.statements.length = 0;
    const calls = Array.from({ length: 32 }, (_, index) => call(accountId, userId, { durationSeconds: 1 + index * 60 }));
    const answers = await Promise.all(calls.map((one) => ingestUsage(ctx, [one])));
    answers.forEach((answer, index) => {
      assert.deepEqual([answer.recorded, answer.duplicates, answer.refused], [1, 0, 0]);
      const [result] = answer.results;
      assert.equal(result?.status, 'recorded');
      assert.equal(result.callId, calls[index]?.['callId']);
      assert.equal(result.price.amount, 3 * (index + 1), 'each answer carries its own call’s price');
    });
    assert.ok(writes.statements.length < 32, `${writes.statements.length} write statements for 32 requests`);
    assert.equal(writes.statements.flat().length, 32);
    const entries = await entriesOf(calls.map((one) => one['callId']));
    assert.equal(entries.length, 32);
    assert.deepEqual(
      new Set(entries.map((entry) => entry.id)),
      new Set(answers.map((answer) => (answer.results[0]?.status === 'recorded' ? answer.results[0].entryId : null))),
    );
    assert.equal(await balanceOf(accountId), before - answers.reduce((sum, answer) => sum + priceOf(answer), 0));
    await assertBooksAgree(accountId);

    // Through the route too: 32 requests at once, each answered with its call.
    const key = await createServiceCredential(f().db, `group-${randomUUID()}`);
    const overHttp = Array.from({ length: 32 }, () => call(accountId, userId));
    const http = await Promise.all(overHttp.map((one) => f().raw('POST', PATH, key, { body: { calls: [one] } })));
    http.forEach((answer, index) => {
      assert.equal(answer.status, 200);
      const body = answer.body as RecordUsageResponse;
      assert.equal(body.recorded, 1);
      assert.equal(body.results[0]?.callId, overHttp[index]?.['callId']);
    });
    assert.equal((await entriesOf(overHttp.map((one) => one['callId']))).length, 32);
    await assertBooksAgree(accountId);
  });

  it('records a call id sent by two requests of one group for the first, and answers the second duplicate with its entry', async () => {
    const { accountId, userId } = await account();
    const writes: Writes = { statements: [] };
    const ctx = context(writes);
    await ingestUsage(ctx, [call(accountId, userId)]);
    // Several pairs, so that a winner picked by the statement's own order (its random entry id) would show.
    for (let pair = 0; pair < 6; pair += 1) {
      writes.statements.length = 0;
      const twin = call(accountId, userId);
      const [blocker, first, second] = await Promise.all([
        ingestUsage(ctx, [call(accountId, userId)]),
        ingestUsage(ctx, [call(accountId, userId), twin]),
        ingestUsage(ctx, [{ ...twin }]),
      ]);
      assert.equal(blocker.recorded, 1);
      // Sent by both requests, written once: they were in one group.
      assert.equal(writes.statements.flat().filter((id) => id === twin['callId']).length, 1, 'the twins were written apart');
      assert.deepEqual(
        first.results.map((result) => result.status),
        ['recorded', 'recorded'],
      );
      const recorded = first.results[1];
      const duplicate = second.results[0];
      assert.equal(duplicate?.status, 'duplicate');
      assert.equal(duplicate.entryId, recorded?.status === 'recorded' ? recorded.entryId : null);
      assert.deepEqual(duplicate.price, recorded?.status === 'recorded' ? recorded.price : null);
      assert.equal((await entriesOf([twin['callId']])).length, 1);
    }
    await assertBooksAgree(accountId);
  });

  it('retries each request of a group whose statement fails on its own, so only the failing one fails', async () => {
    const { accountId, userId } = await account();
    const poisoned = call(accountId, userId);
    const writes: Writes = { statements: [] };
    const ctx = context(writes, String(poisoned['callId']));
    await ingestUsage(ctx, [call(accountId, userId)]);
    const before = await balanceOf(accountId);
    writes.statements.length = 0;
    const good = [call(accountId, userId), call(accountId, userId), call(accountId, userId)];
    const settled = await Promise.allSettled([
      ingestUsage(ctx, [good[0]]),
      ingestUsage(ctx, [good[1]]),
      ingestUsage(ctx, [poisoned]),
      ingestUsage(ctx, [good[2]]),
    ]);
    assert.ok(
      writes.statements.some((ids) => ids.length > 1 && ids.includes(String(poisoned['callId']))),
      'the failing call was written in a group',
    );
    const [a, b, failed, c] = settled;
    assert.equal(failed.status, 'rejected');
    let spent = 0;
    for (const [index, outcome] of [a, b, c].entries()) {
      assert.equal(outcome.status, 'fulfilled');
      assert.deepEqual([outcome.value.recorded, outcome.value.duplicates], [1, 0]);
      assert.equal(outcome.value.results[0]?.callId, good[index]?.['callId']);
      spent += priceOf(outcome.value);
    }
    assert.equal((await entriesOf(good.map((one) => one['callId']))).length, 3);
    assert.equal((await entriesOf([poisoned['callId']])).length, 0);
    assert.equal(await balanceOf(accountId), before - spent);
    await assertBooksAgree(accountId);
  });

  it('starts one recharge per account when a group of concurrent calls takes two accounts below their threshold', async () => {
    const one = await account(3000);
    const two = await account(3000);
    await enableAutoRecharge(f(), one.token); // below $10.00, add $50.00
    await enableAutoRecharge(f(), two.token);
    const writes: Writes = { statements: [] };
    const ctx = context(writes);
    const charges = f().processor.chargeCount;
    // Each call 250 minutes at 3 cents, $7.50: ten per account take $30.00 to -$45.00.
    const long = { durationSeconds: 250 * 60 };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => {
        const { accountId, userId } = index % 2 === 0 ? one : two;
        return ingestUsage(ctx, [call(accountId, userId, long)]);
      }),
    );
    assert.ok(
      writes.statements.some((ids) => ids.length > 2),
      'the calls were written in groups',
    );
    for (const answer of answers) assert.equal(answer.recorded, 1);
    assert.equal(f().processor.chargeCount, charges + 2);
    for (const { accountId } of [one, two]) {
      assert.equal(await balanceOf(accountId), 3000 - 7500 + 5000);
      const attempts = await f().db.query(`SELECT 1 FROM auto_recharge_attempts WHERE account_id = $1`, [accountId]);
      assert.equal(attempts.rows.length, 1);
      await assertBooksAgree(accountId);
    }
  });
});
