// DATABASE_POOL_SIZE: how many PostgreSQL connections one server process holds (N processes hold N times that, plus
// their LISTEN connections): read from the environment, refused when it is not a sensible number, and obeyed.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { openDatabase, poolSizeFromEnv } from '../../server/db/open-database.js';
import { testDatabaseUrl } from './test-database.js';

describe('DATABASE_POOL_SIZE', () => {
  it('defaults to 10 connections and takes a whole number from 1 to 1000', () => {
    assert.equal(poolSizeFromEnv({}), 10);
    assert.equal(poolSizeFromEnv({ DATABASE_POOL_SIZE: '' }), 10);
    assert.equal(poolSizeFromEnv({ DATABASE_POOL_SIZE: '4' }), 4);
    assert.equal(poolSizeFromEnv({ DATABASE_POOL_SIZE: ' 40 ' }), 40);
    assert.equal(poolSizeFromEnv({ DATABASE_POOL_SIZE: '1000' }), 1000);
  });

  it('stops the start with a message for anything else', () => {
    for (const bad of ['0', '-1', '2.5', '1e2', 'ten', '1001', '0x10']) {
      assert.throws(() => poolSizeFromEnv({ DATABASE_POOL_SIZE: bad }), /DATABASE_POOL_SIZE must be a whole number/, bad);
    }
  });

  const url = testDatabaseUrl();
  it(
    'holds no more connections than its pool size, however many queries wait',
    { skip: url ? false : 'PostgreSQL only (DATABASE_URL)' },
    async () => {
      const db = await openDatabase({ url: url!, poolSize: 2 });
      try {
        const answers = await Promise.all(
          Array.from({ length: 6 }, () => db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)')),
        );
        const connections = new Set(answers.map((answer) => answer.rows[0]?.pid));
        assert.equal(answers.length, 6, 'every query answered');
        assert.ok(connections.size <= 2, `${connections.size} connections for a pool of 2`);
      } finally {
        await db.close();
      }
    },
  );
});
