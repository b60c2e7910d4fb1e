// Opens the reference server's database: PGlite in memory or in a folder, or PostgreSQL through a pg Pool when given a URL.
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database, OpenDatabaseOptions, Queryable, QueryOptions, QueryResult } from './database.js';
import { PGlitePreparedStatements } from './pglite-prepared.js';

export type { OpenDatabaseOptions } from './database.js';

/** Runs a multi-statement SQL script (migrations); parameters are not allowed in one. */
export interface ScriptRunner {
  exec(sql: string): Promise<void>;
}

/**
 * What openDatabase returns: the Database seam plus `exec` for scripts, on the database and on
 * the transaction handle alike (migrations run each file in its own transaction).
 */
export interface BillingDatabase extends Database, ScriptRunner {
  transaction<T>(work: (tx: Queryable & ScriptRunner) => Promise<T>): Promise<T>;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<BillingDatabase> {
  return options.url ? openPostgres(options.url, options.poolSize ?? poolSizeFromEnv()) : openPGlite(options.dataDir);
}

const DEFAULT_POOL_SIZE = 10;

/**
 * DATABASE_POOL_SIZE: PostgreSQL connections per server process (default 10). N processes hold N × (this + 1 for the
 * change feed's LISTEN), which must stay below the server's max_connections or PgBouncer's pool. A value that is not
 * a whole number from 1 to 1000 stops the start with a message, rather than running on a guess.
 */
export function poolSizeFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['DATABASE_POOL_SIZE']?.trim();
  if (raw === undefined || raw === '') return DEFAULT_POOL_SIZE;
  const size = Number(raw);
  if (!/^\d+$/.test(raw) || size < 1 || size > 1000) {
    throw new Error(`DATABASE_POOL_SIZE must be a whole number of connections from 1 to 1000, not ${JSON.stringify(raw)}.`);
  }
  return size;
}

// ---------------------------------------------------------------- PGlite

async function openPGlite(dataDir: string | undefined): Promise<BillingDatabase> {
  // int8 comes back as text, as it does from pg, so both engines meet the same safe-integer check
  // (PGlite would otherwise hand out a BigInt above 2^53 and a number below, silently).
  const client = await PGlite.create(dataDir, {
    parsers: { [pgliteTypes.INT8]: (value: string) => value },
  });
  const prepared = new PGlitePreparedStatements(client);
  // A named statement takes the locks query() takes: the transaction lock too when outside one (it holds it already inside).
  const wrap = (target: Pick<PGlite, 'query' | 'exec'>, inTransaction: boolean): Queryable & ScriptRunner => ({
    async query<Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult<Row>> {
      const { name } = options;
      let result;
      if (name === undefined) result = await target.query<Row>(sql, params as unknown[]);
      else {
        const run = () => client.runExclusive(() => prepared.run<Row>(name, sql, params, inTransaction));
        result = await (inTransaction ? run() : client._runExclusiveTransaction(run));
      }
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  });
  const direct = wrap(client, false);
  return {
    kind: 'pglite',
    ...direct,
    // PGlite has one connection and its transaction() holds it exclusively (plain queries wait),
    // so transactions run one after another: row locks are implied. Never call the outer
    // database from inside `work`: it would wait for this very transaction.
    transaction: (work) => client.transaction((tx) => work(wrap(tx, true))),
    close: () => client.close(),
  };
}

// ---------------------------------------------------------------- PostgreSQL

async function openPostgres(url: string, poolSize: number): Promise<BillingDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A broken idle connection must not crash the server; the next query gets a fresh one.
  pool.on('error', () => {});
  // Fail at start, not on the first request, when the URL is wrong.
  const probe = await pool.connect();
  probe.release();

  const wrap = (target: pg.Pool | pg.PoolClient): Queryable & ScriptRunner => ({
    async query<Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult<Row>> {
      const values = params as unknown[];
      const result = await (options.name === undefined
        ? target.query(sql, values)
        : target.query({ name: options.name, text: sql, values }));
      return { rows: result.rows as Row[], affectedRows: result.command === 'SELECT' ? 0 : (result.rowCount ?? 0) };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await target.query(sql);
    },
  });
  const direct = wrap(pool);
  return {
    kind: 'postgres',
    ...direct,
    async transaction(work) {
      // One dedicated connection for the whole transaction: a pool query could land on another.
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
