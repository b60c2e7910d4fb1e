// A Database wrapper for the write and ingestion benches: counts every statement the server sends (BEGIN and COMMIT of a
// transaction included, as the driver sends them) and, while tracing, records when each started and ended.
import type { BillingDatabase, ScriptRunner } from '../server/db/open-database.js';
import type { Queryable, QueryOptions, QueryResult } from '../server/db/database.js';

export interface TracedStatement {
  /** The SQL, whitespace collapsed; BEGIN / COMMIT / ROLLBACK for the transaction's own. */
  sql: string;
  startMs: number;
  endMs: number;
  /** The prepared statement's name, if it has one. */
  name?: string;
  /** Items the statement carries: the length of its first parameter when that is an array (a group's rows), else 1. */
  items?: number;
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
  const note = (sql: string, startMs: number, params?: readonly unknown[], options?: QueryOptions): void => {
    count++;
    const first = params?.[0];
    // The SQL as sent; its whitespace is collapsed when the trace is handed back, off the measured run.
    recording?.push({
      sql,
      startMs,
      endMs: performance.now(),
      ...(options?.name === undefined ? {} : { name: options.name }),
      items: Array.isArray(first) ? first.length : 1,
    });
  };
  const wrap = (target: Queryable & ScriptRunner): Queryable & ScriptRunner => ({
    async query<Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>> {
      const startMs = performance.now();
      try {
        return await target.query<Row>(sql, params, options);
      } finally {
        note(sql, startMs, params, options);
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
        for (const statement of statements) statement.sql = statement.sql.replace(/\s+/g, ' ').trim();
        return statements;
      };
    },
  };
}

/**
 * A profiled request as lines: each event's offset from `started`, its duration and the time spent in JavaScript
 * before it, then the time after the last one (the answer's way back to the client).
 */
export function profileLines(started: number, total: number, events: ReadonlyArray<TracedStatement & { label?: string }>): string[] {
  const lines: string[] = [];
  let previousEnd = started;
  for (const event of [...events].sort((a, b) => a.startMs - b.startMs)) {
    const gap = event.startMs - previousEnd;
    lines.push(
      `  +${(event.startMs - started).toFixed(2).padStart(6)} ms  ${(event.endMs - event.startMs).toFixed(2).padStart(5)} ms` +
        `  (${gap.toFixed(2).padStart(5)} ms in JS before)  ${event.label === undefined ? '' : `${event.label.padEnd(22)} `}${event.sql.slice(0, 90)}`,
    );
    previousEnd = Math.max(previousEnd, event.endMs);
  }
  lines.push(
    `  ${(started + total - previousEnd).toFixed(2)} ms after the last statement: change feed, JSON response, HTTP back to the client.`,
  );
  return lines;
}

/**
 * The statements of a timed stretch by kind (a prepared statement's name, else the SQL's start): how many, the items
 * each carried (a group's size), their latency as the caller waits for it, and the share of the stretch's wall time
 * in which one of that kind was in flight. Latency-bound work shows as short busy shares on an idle thread.
 */
export function statementSummary(statements: readonly TracedStatement[], seconds: number, label: (sql: string) => string): string[] {
  const kinds = new Map<string, TracedStatement[]>();
  for (const statement of statements) {
    const kind = statement.name ?? label(statement.sql);
    const list = kinds.get(kind) ?? [];
    list.push(statement);
    kinds.set(kind, list);
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return [...kinds]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([kind, list]) => {
      const latencies = list.map((statement) => statement.endMs - statement.startMs);
      // Wall time with at least one of them in flight: the union of their intervals.
      let busy = 0;
      let until = -Infinity;
      for (const { startMs, endMs } of [...list].sort((a, b) => a.startMs - b.startMs)) {
        busy += Math.max(0, endMs - Math.max(startMs, until));
        until = Math.max(until, endMs);
      }
      const items = list.reduce((sum, statement) => sum + (statement.items ?? 1), 0) / list.length;
      return (
        `  ${kind.padEnd(26)} ${String(list.length).padStart(6)} (${(list.length / seconds).toFixed(0)}/s), ${items.toFixed(1)} items each, ` +
        `latency p50 ${median(latencies).toFixed(2)} ms, in flight ${((busy / (seconds * 1000)) * 100).toFixed(0)} % of the time`
      );
    });
}
