// Named statements (QueryOptions.name): prepared once per connection and reused, on PostgreSQL by pg and on PGlite by
// server/db/pglite-prepared.ts. They must answer exactly what the same statement answers unnamed, fail the same way
// and leave the connection usable, and keep the transaction rules of every other statement.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { openTestDatabase, type TestDatabase } from './test-database.js';

const READ = `SELECT $1::bigint AS big, $2::text[] AS names, $3::timestamptz AS at, $4::boolean AS flag, $5::text AS nothing,
  (SELECT count(*) FROM named_statement_rows) AS rows`;
const INSERT = `INSERT INTO named_statement_rows (id, label) SELECT * FROM unnest($1::int[], $2::text[]) RETURNING id, label`;

describe('named statements', () => {
  let test: TestDatabase;
  before(async () => {
    test = await openTestDatabase();
    await test.db.query(`CREATE TABLE named_statement_rows (id int PRIMARY KEY, label text NOT NULL)`);
  });
  after(() => test.close());

  it('answers what the same statement answers unnamed: int8 as text, arrays, timestamps, booleans and nulls', async () => {
    const params = ['9007199254740993', ['a', 'b, "c"', 'ü'], '2026-12-03T10:00:00.000Z', true, null];
    const unnamed = await test.db.query(READ, params);
    const first = await test.db.query(READ, params, { name: 'named_read' });
    const again = await test.db.query(READ, ['1', [], '2026-01-01T00:00:00Z', false, 'x'], { name: 'named_read' });
    assert.deepEqual(first.rows, unnamed.rows);
    assert.deepEqual(first.rows[0], {
      big: '9007199254740993',
      names: ['a', 'b, "c"', 'ü'],
      at: new Date('2026-12-03T10:00:00.000Z'),
      flag: true,
      nothing: null,
      rows: '0',
    });
    assert.deepEqual(again.rows[0], { big: '1', names: [], at: new Date('2026-01-01T00:00:00Z'), flag: false, nothing: 'x', rows: '0' });
  });

  it('is prepared once on its connection, then reused', async () => {
    const prepared = await test.db.transaction(async (tx) => {
      await tx.query(READ, ['1', [], '2026-01-01T00:00:00Z', false, null], { name: 'named_read_tx' });
      await tx.query(READ, ['2', [], '2026-01-01T00:00:00Z', false, null], { name: 'named_read_tx' });
      return tx.query<{ name: string }>(`SELECT name FROM pg_prepared_statements WHERE name = 'named_read_tx'`);
    });
    assert.deepEqual(
      prepared.rows.map((row) => row.name),
      ['named_read_tx'],
      'the statement is among the connection’s prepared statements, once',
    );
  });

  it('counts affected rows, and fails as the unnamed statement does, leaving the connection usable', async () => {
    const inserted = await test.db.query(
      INSERT,
      [
        [1, 2],
        ['one', 'two'],
      ],
      { name: 'named_insert' },
    );
    assert.equal(inserted.affectedRows, 2);
    assert.deepEqual(inserted.rows, [
      { id: 1, label: 'one' },
      { id: 2, label: 'two' },
    ]);
    await assert.rejects(
      test.db.query(
        INSERT,
        [
          [3, 1],
          ['three', 'again'],
        ],
        { name: 'named_insert' },
      ),
      { code: '23505' },
    );
    await assert.rejects(test.db.query(INSERT, [[4], [null]], { name: 'named_insert' }), { code: '23502' });
    const next = await test.db.query(INSERT, [[3], ['three']], { name: 'named_insert' });
    assert.deepEqual(next.rows, [{ id: 3, label: 'three' }]);
    const count = await test.db.query<{ rows: string }>(READ, ['1', [], '2026-01-01T00:00:00Z', false, null], { name: 'named_read' });
    assert.equal(count.rows[0]?.rows, '3', 'nothing of the failed statements was written');
  });

  it('is undone with the transaction it ran in', async () => {
    await assert.rejects(
      test.db.transaction(async (tx) => {
        await tx.query(INSERT, [[10], ['ten']], { name: 'named_insert' });
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    const left = await test.db.query<{ id: number }>(`SELECT id FROM named_statement_rows WHERE id = 10`);
    assert.deepEqual(left.rows, []);
  });

  it('outside a transaction, never runs inside another one still open', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedOnce = new Promise<void>((resolve) => (inserted = resolve));
    const open = test.db.transaction(async (tx) => {
      await tx.query(INSERT, [[20], ['twenty']], { name: 'named_insert' });
      inserted();
      await held;
      throw new Error('rolled back');
    });
    await insertedOnce;
    const outside = test.db.query<{ rows: string }>(READ, ['1', [], '2026-01-01T00:00:00Z', false, null], { name: 'named_read' });
    // Give the outside statement every chance to run early (PGlite: inside the open transaction, as its own).
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await assert.rejects(open, /rolled back/);
    assert.equal((await outside).rows[0]?.rows, '3', 'the rolled-back row was never seen');
  });

  it('says the database is closed, as an unnamed statement does', async () => {
    const other = await openTestDatabase();
    await other.db.query(`SELECT 1 AS one`, [], { name: 'named_one' });
    const db = other.db;
    await other.close();
    const unnamed = await db.query(`SELECT 1 AS one`).then(
      () => 'answered',
      (error: unknown) => String(error),
    );
    await assert.rejects(db.query(`SELECT 1 AS one`, [], { name: 'named_one' }), (error: unknown) => {
      assert.equal(String(error), unnamed);
      return true;
    });
  });

  // In a transaction: pg refuses it only on a connection where the name is already prepared.
  it('refuses a name already prepared with other text', async () => {
    await assert.rejects(
      test.db.transaction(async (tx) => {
        await tx.query(READ, ['1', [], '2026-01-01T00:00:00Z', false, null], { name: 'named_twice' });
        await tx.query(`SELECT 1 AS one`, [], { name: 'named_twice' });
      }),
      /named_twice|[Pp]repared statement/,
    );
  });
});
