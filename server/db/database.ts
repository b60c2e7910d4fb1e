// The one database seam of the reference server: PGlite (embedded, default) or PostgreSQL (DATABASE_URL), same SQL.

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows changed by INSERT/UPDATE/DELETE (0 for SELECT). */
  affectedRows: number;
}

export interface QueryOptions {
  /**
   * Prepares the statement under this name on each connection the first time it runs there (PGlite's one connection
   * too: server/db/pglite-prepared.ts), and reuses it after: for a hot statement whose text never changes (never one
   * built per call).
   */
  name?: string;
}

/** What route handlers and domain modules talk to. Parameters are `$1, $2 …` as in PostgreSQL. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>>;
}

export interface Database extends Queryable {
  /**
   * Runs `work` in one transaction (BEGIN … COMMIT, ROLLBACK on throw). Row locks taken inside
   * (SELECT … FOR UPDATE) serialise concurrent writers on PostgreSQL; PGlite has one connection
   * and queues transactions, which gives the same guarantees.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** 'pglite' or 'postgres', for logs and tests. */
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… — use PostgreSQL. Otherwise PGlite. */
  url?: string;
  /** PGlite data folder (kept across restarts). Absent: in memory (tests). */
  dataDir?: string;
  /** PostgreSQL connections this process may hold. Absent: DATABASE_POOL_SIZE, else 10. */
  poolSize?: number;
}
