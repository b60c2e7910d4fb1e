// The change feed across processes: NOTIFY parts and their reassembly, and on PostgreSQL two relays on one schema
// (two processes' worth of pools and LISTEN connections) passing changes both ways, a change over 8000 bytes, a dropped LISTEN.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import pg from 'pg';
import type { BillingChange } from '../../src/client/schemas.js';
import { changeFeedFor, READ_EVERYTHING_AGAIN } from '../../server/change-feed.js';
import {
  channelFor,
  encodeMessage,
  MessageAssembler,
  PART_CHARS,
  relayChangesThroughPostgres,
  type PostgresChangeRelay,
} from '../../server/change-feed-postgres.js';
import type { Database } from '../../server/db/database.js';
import { openDatabase, type BillingDatabase } from '../../server/db/open-database.js';
import { createTestSchema } from './test-database.js';

/** A balance change whose `at` is padded to `bytes` characters of non-ASCII text (3 bytes each in UTF-8). */
function bigChange(characters: number): BillingChange {
  return { type: 'balance', balance: { amount: 1234, currency: 'JPY' }, at: `残高${'円'.repeat(characters)}` };
}

describe('change feed messages', () => {
  it('cuts a message into parts under 8000 bytes and puts it back together in any order, once', () => {
    const changes: Array<[string, BillingChange]> = [
      ['acc_1', bigChange(6000)],
      ['acc_2', { type: 'usage' }],
    ];
    const parts = encodeMessage('originA', '7', changes);
    assert.ok(parts.length > 1, 'more than one part');
    for (const part of parts) assert.ok(Buffer.byteLength(part, 'utf8') < 8000, `part of ${Buffer.byteLength(part)} bytes`);
    const assembler = new MessageAssembler('originB');
    const shuffled = [...parts].reverse();
    for (const part of shuffled.slice(0, -1)) assert.deepEqual(assembler.accept(part), []);
    assert.deepEqual(assembler.accept(shuffled.at(-1) ?? ''), changes);
    assert.equal(assembler.pendingCount, 0);
  });

  it('ignores its own messages and unreadable payloads, and forgets a message whose parts never all came', () => {
    const parts = encodeMessage('me', '1', [['acc', { type: 'account' }]]);
    assert.equal(new MessageAssembler('me').accept(parts[0] ?? ''), null);
    const other = new MessageAssembler('other');
    assert.equal(other.accept('not a part'), null);
    assert.equal(other.accept('x:1:0:1:{not json'), null);
    const long = encodeMessage('me', '2', [['acc', bigChange(PART_CHARS)]]);
    assert.deepEqual(other.accept(long[0] ?? '', 0), []);
    assert.equal(other.pendingCount, 1);
    assert.deepEqual(other.accept(encodeMessage('me', '3', [['acc', bigChange(PART_CHARS)]])[0] ?? '', 60_000), []);
    assert.equal(other.pendingCount, 1, 'the first, 60 s old, was dropped');
  });

  it('names one channel per schema, within the 63-byte identifier limit', () => {
    assert.equal(channelFor('public'), 'billing_changes:public');
    assert.notEqual(channelFor('test_a'), channelFor('test_b'));
    assert.ok(Buffer.byteLength(channelFor('s'.repeat(63))) <= 63);
  });
});

describe('change feed between two processes on PostgreSQL', { skip: !process.env.DATABASE_URL && 'PostgreSQL only (DATABASE_URL)' }, () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let dbA: BillingDatabase;
  let dbB: BillingDatabase;
  let relayA: PostgresChangeRelay;
  let relayB: PostgresChangeRelay;
  const reconnects: string[] = [];

  before(async () => {
    schema = await createTestSchema();
    assert.ok(schema);
    // Two pools and two relays: what two server processes on one database hold.
    dbA = await openDatabase({ url: schema.url });
    dbB = await openDatabase({ url: schema.url });
    relayA = await relayChangesThroughPostgres(dbA, schema.url, { onError: () => {}, onReconnect: () => reconnects.push('A') });
    relayB = await relayChangesThroughPostgres(dbB, schema.url, { onError: () => {} });
  });
  after(async () => {
    await relayA.close();
    await relayB.close();
    await dbA.close();
    await dbB.close();
    await schema?.drop();
  });

  /** Resolves with the first `count` changes `accountId`'s subscriber on `db` hears. */
  function hear(db: BillingDatabase, accountId: string, count: number, timeoutMs = 5_000): Promise<BillingChange[]> {
    return new Promise((resolve, reject) => {
      const heard: BillingChange[] = [];
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`heard ${heard.length} of ${count} changes: ${JSON.stringify(heard).slice(0, 300)}`));
      }, timeoutMs);
      const unsubscribe = changeFeedFor(db).subscribe(accountId, (change) => {
        heard.push(change);
        if (heard.length < count) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(heard);
      });
    });
  }

  /**
   * A third process's pool that notes when each NOTIFY statement is sent and, with `holdFirst`, holds the first until
   * released.
   */
  async function notifyingPool(holdFirst: boolean): Promise<{ db: Database; sent: number[]; release: () => void }> {
    const inner = await openDatabase({ url: schema!.url });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const sent: number[] = [];
    const db: Database = {
      kind: inner.kind,
      transaction: (work) => inner.transaction(work),
      close: () => inner.close(),
      async query(sql, params, options) {
        if (/pg_notify/.test(sql)) {
          sent.push(performance.now());
          if (holdFirst && sent.length === 1) await held;
        }
        return inner.query(sql, params, options);
      },
    };
    return { db, sent, release: () => release() };
  }

  it('delivers what one process publishes to the other, and to its own subscribers once', async () => {
    const onB = hear(dbB, 'acc_both', 2);
    const onA: BillingChange[] = [];
    const stop = changeFeedFor(dbA).subscribe('acc_both', (change) => onA.push(change));
    changeFeedFor(dbA).publish('acc_both', { type: 'account' });
    changeFeedFor(dbA).publish('acc_both', { type: 'auto_recharge' });
    assert.deepEqual(await onB, [{ type: 'account' }, { type: 'auto_recharge' }]);
    // A round trip the other way, so A has had time to hear its own NOTIFY too (and must have ignored it).
    const back = hear(dbA, 'acc_back', 1);
    changeFeedFor(dbB).publish('acc_back', { type: 'usage' });
    assert.deepEqual(await back, [{ type: 'usage' }]);
    stop();
    assert.deepEqual(onA, [{ type: 'account' }, { type: 'auto_recharge' }], 'A heard its own changes once, directly');
  });

  it('carries a change of more than 8000 bytes whole, non-ASCII text included', async () => {
    const change = bigChange(4000); // 12 KB in UTF-8, about 24 KB as ASCII-escaped JSON
    assert.ok(Buffer.byteLength(JSON.stringify(change)) > 8000);
    const onB = hear(dbB, 'acc_big', 2);
    changeFeedFor(dbA).publish('acc_big', change);
    changeFeedFor(dbA).publish('acc_big', { type: 'payment_methods' });
    assert.deepEqual(await onB, [change, { type: 'payment_methods' }]);
  });

  it('sends one NOTIFY statement at a time: what is published meanwhile follows in one statement, in order', async () => {
    const { db: gated, sent: notifies, release } = await notifyingPool(true);
    // No window: what is waited for here is the statement in flight alone.
    const relayC = await relayChangesThroughPostgres(gated, schema!.url, { onError: () => {}, windowMs: 0 });
    try {
      const onB = hear(dbB, 'acc_order', 4);
      changeFeedFor(gated).publish('acc_order', { type: 'account' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      changeFeedFor(gated).publish('acc_order', { type: 'usage' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      changeFeedFor(gated).publish('acc_order', { type: 'auto_recharge' });
      changeFeedFor(gated).publish('acc_order', { type: 'payment_methods' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(notifies.length, 1, 'nothing more is sent while the first statement is in flight');
      release();
      assert.deepEqual(await onB, [{ type: 'account' }, { type: 'usage' }, { type: 'auto_recharge' }, { type: 'payment_methods' }]);
      assert.equal(notifies.length, 2, 'the three changes published meanwhile went in one statement');
    } finally {
      release();
      await relayC.close();
      await gated.close();
    }
  });

  it('sends a change on an idle relay at once, then at most one statement per window: what comes meanwhile goes together', async () => {
    const { db: counted, sent: notifies } = await notifyingPool(false);
    const relayC = await relayChangesThroughPostgres(counted, schema!.url, { onError: () => {}, windowMs: 300 });
    try {
      const onB = hear(dbB, 'acc_window', 4);
      const started = performance.now();
      changeFeedFor(counted).publish('acc_window', { type: 'account' });
      await new Promise((resolve) => setTimeout(resolve, 40));
      assert.equal(notifies.length, 1, 'the first change went at once');
      assert.ok((notifies[0] as number) - started < 40);
      // Three more, each after the last statement is long done: without the window each would be a statement.
      for (const type of ['usage', 'auto_recharge', 'payment_methods'] as const) {
        changeFeedFor(counted).publish('acc_window', { type });
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      assert.deepEqual(await onB, [{ type: 'account' }, { type: 'usage' }, { type: 'auto_recharge' }, { type: 'payment_methods' }]);
      assert.equal(notifies.length, 2, 'the three changes of the window went in one statement');
      assert.ok((notifies[1] as number) - (notifies[0] as number) >= 299, 'no sooner than the window after the first');
    } finally {
      await relayC.close();
      await counted.close();
    }
  });

  it('on close, still sends what was published while a statement was in flight, without waiting for the window', async () => {
    const { db: gated, sent: notifies, release } = await notifyingPool(true);
    const relayC = await relayChangesThroughPostgres(gated, schema!.url, { onError: () => {}, windowMs: 10_000 });
    const onB = hear(dbB, 'acc_close', 2);
    changeFeedFor(gated).publish('acc_close', { type: 'account' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    changeFeedFor(gated).publish('acc_close', { type: 'usage' });
    const closing = relayC.close();
    release();
    await closing;
    try {
      assert.equal(notifies.length, 2, 'the change published while the first statement was held was sent before close resolved');
      assert.deepEqual(await onB, [{ type: 'account' }, { type: 'usage' }]);
    } finally {
      await gated.close();
    }
  });

  it('keeps serving when its LISTEN connection is cut, then tells open streams to read everything again', async () => {
    const admin = new pg.Client({ connectionString: schema?.url });
    await admin.connect();
    try {
      const terminated = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()`,
        [`LISTEN "${relayA.channel}"`],
      );
      assert.equal(terminated.rowCount, 2, 'both LISTEN connections found');
    } finally {
      await admin.end();
    }
    // Both relays reconnect; A's subscriber gets the "read everything again" changes once it listens again.
    const gap = hear(dbA, 'acc_gap', READ_EVERYTHING_AGAIN.length, 10_000);
    assert.deepEqual(await gap, READ_EVERYTHING_AGAIN);
    assert.deepEqual(reconnects, ['A']);
    assert.ok(relayA.listening);
    const after = hear(dbA, 'acc_after', 1);
    // B may still be reconnecting: what it publishes meanwhile is sent all the same (the pool is not the LISTEN connection).
    changeFeedFor(dbB).publish('acc_after', { type: 'account' });
    assert.deepEqual(await after, [{ type: 'account' }]);
  });
});
