// A Database wrapper for the write bench: counts every statement the server sends (BEGIN and COMMIT of a
// transaction included, as the driver sends them) and, while tracing, records when each started and ended.
import type { BillingDatabase, ScriptRunner } from '../server/db/open-database.js';
import type { Queryable, QueryResult } from '../server/db/database.js';

export interface TracedStatement {
  /** The SQL, whitespace collapsed; BEGIN / COMMIT / ROLLBACK for the transaction's own. */
  sql: string;
  startMs: number;
  endMs: number;
}

export interface QueryTrace {
  /** The database to hand the server (and the floor, so both go through the same object). */
  db: BillingDatabase;
  /** Statements sent since the start, traced or not. */
  readonly count: number;
  /** Records every statement until the returned function is called, which hands them back. */
  trace(): () => TracedStatement[];
}

export function traceQueries(inner: BillingDatabase): QueryTrace {
  let count = 0;
  let recording: TracedStatement[] | null = null;
  const note = (sql: string, startMs: number): void => {
    count++;
    recording?.push({ sql: sql.replace(/\s+/g, ' ').trim(), startMs, endMs: performance.now() });
  };
  const wrap = (target: Queryable & ScriptRunner): Queryable & ScriptRunner => ({
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const startMs = performance.now();
      try {
        return await target.query<Row>(sql, params);
      } finally {
        note(sql, startMs);
      }
    },
    exec: (sql: string) => target.exec(sql),
  });
  const db: BillingDatabase = {
    kind: inner.kind,
    ...wrap(inner),
    async transaction(work) {
      // BEGIN is sent when the transaction starts (PostgreSQL: after a pool connection is taken), COMMIT after the work.
      const startMs = performance.now();
      let workEndMs = 0;
      let outcome = 'COMMIT';
      try {
        return await inner.transaction(async (tx) => {
          note('BEGIN (with taking a pooled connection)', startMs);
          try {
            return await work(wrap(tx));
          } catch (error) {
            outcome = 'ROLLBACK';
            throw error;
          } finally {
            workEndMs = performance.now();
          }
        });
      } finally {
        note(outcome, workEndMs);
      }
    },
    close: () => inner.close(),
  };
  return {
    db,
    get count() {
      return count;
    },
    trace() {
      const statements: TracedStatement[] = [];
      recording = statements;
      return () => {
        recording = null;
        return statements;
      };
    },
  };
}
