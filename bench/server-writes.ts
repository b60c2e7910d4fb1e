// Server write throughput against the bare-driver floor (issue 16 item 3): POST /v1/top-ups over loopback HTTP at
// concurrency 1, 8 and 32, next to a transaction INSERT of a ledger-like row + UPDATE accounts SET balance sent
// through the same Database object the server uses, in the same run. Target: the server reaches half the floor at 8
// and 32. Also profiles one top-up (every statement it sends, with its timing), prints the CPU each operation costs
// (this process, and on a local PostgreSQL the bench's own backends) and checks the money afterwards.
//
//   node --import tsx bench/server-writes.ts                    PGlite in memory
//   DATABASE_URL=postgres://… node --import tsx bench/server-writes.ts   PostgreSQL, in a schema of its own
//   WRITES_SMALL=1 node --import tsx bench/server-writes.ts     a few seconds' worth (CI)
//   WRITES_CLIENT=fetch …                                       the client is fetch, not node:http (costs more CPU)
//   WRITES_COUNT=600 WRITES_SECONDS=8 …                         fewer operations per level (default 1500, 20 s)
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../server/app.js';
import { relayChangesThroughPostgres } from '../server/change-feed-postgres.js';
import { migrate } from '../server/db/migrate.js';
import { openDatabase, type BillingDatabase } from '../server/db/open-database.js';
import { TestCardProcessor } from '../server/payments/test-card-processor.js';
import type { ChargeRequest } from '../server/payments/processor.js';
import { seedDemoAccount } from '../server/seed.js';
import { createTestSchema } from '../test/server/test-database.js';
import { BillingApi, CARD_OK, runBounded } from '../test/server/load-scenarios.js';
import { profileLines, statementSummary, traceQueries, type QueryTrace, type TracedStatement } from './query-trace.js';

const SMALL = process.env.WRITES_SMALL === '1';
const LEVELS = [1, 8, 32] as const;
/** Operations per level and side (floor, server); each side also stops after DEADLINE_MS. WRITES_COUNT / WRITES_SECONDS change them. */
const COUNT = SMALL ? 40 : Number(process.env.WRITES_COUNT ?? 1500);
const WARMUP = SMALL ? 20 : 200;
/** Top-ups each server account makes before measuring: its history, and the server side's warm-up. */
const HISTORY = SMALL ? 2 : 80;
const DEADLINE_MS = SMALL ? 5_000 : Number(process.env.WRITES_SECONDS ?? 20) * 1000;
/** Top-ups and floor writes spread over this many accounts each, so one account's row lock is not what is measured. */
const ACCOUNTS = SMALL ? 16 : 64;
const TARGET_RATIO = 0.5;
/** Linux's USER_HZ, the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS_PER_SECOND = 100;
const AMOUNT = 1000;

interface Row {
  level: number;
  serverPerSecond: number;
  floorPerSecond: number;
  serverOk: number;
  serverRequests: number;
  /** Requests a second to a route that answers 404 without SQL: the HTTP client and server alone. */
  httpPerSecond: number;
  /** Statements the server sent per top-up (concurrent top-ups share their claim and settlement statements). */
  statements: number;
  /** CPU ms per operation, this process and its PostgreSQL backends (null: not readable), server and floor. */
  cpu: { server: [number, number | null]; floor: [number, number | null]; http: number };
  /** At 8 at a time: the statements the top-ups sent, by kind (statementSummary). */
  statementLines: string[];
}

const problems: string[] = [];

async function openBenchDatabase(): Promise<{ db: BillingDatabase; url: string | undefined; engine: string; drop: () => Promise<void> }> {
  const schema = await createTestSchema();
  let url: string | undefined;
  if (schema) {
    const named = new URL(schema.url);
    named.searchParams.set('application_name', APPLICATION_NAME);
    url = named.toString();
  }
  const db = await openDatabase(url ? { url } : {});
  if (url) {
    benchBackends = async () =>
      (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [APPLICATION_NAME])).rows.map(
        (row) => row.pid,
      );
  }
  return { db, url, engine: schema ? 'PostgreSQL' : 'PGlite (in memory)', drop: async () => schema?.drop() };
}

/** The floor: what the driver alone does for one balance change, the same statements a bare service would send. */
async function floorWrite(db: BillingDatabase, accountId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`INSERT INTO bench_floor_entries (account_id, amount, at) VALUES ($1, $2, $3)`, [accountId, AMOUNT, new Date()]);
    await tx.query(`UPDATE accounts SET balance = balance + $2, balance_updated_at = $3 WHERE id = $1`, [accountId, AMOUNT, new Date()]);
  });
}

interface Timed {
  perSecond: number;
  ok: number;
  done: number;
  seconds: number;
  /** CPU of this process (server, bench client and driver) per operation, ms. */
  nodeCpuMs: number;
  /** CPU of the bench's PostgreSQL backends per operation, ms; null where it cannot be read (PGlite: in nodeCpuMs). */
  postgresCpuMs: number | null;
}

async function timed(count: number, concurrency: number, work: (index: number) => Promise<boolean>): Promise<Timed> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const postgresBefore = await postgresCpu();
  const results = await runBounded(count, concurrency, DEADLINE_MS, work);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const postgresAfter = await postgresCpu();
  const per = (ms: number): number => ms / Math.max(1, results.length);
  let postgresMs: number | null = null;
  if (postgresBefore && postgresAfter) {
    // A backend the pool opened meanwhile counts from 0; one it closed meanwhile is lost (rare under load).
    postgresMs = 0;
    for (const [pid, ms] of postgresAfter) postgresMs += ms - (postgresBefore.get(pid) ?? 0);
  }
  return {
    perSecond: results.length / seconds,
    ok: results.filter(Boolean).length,
    done: results.length,
    seconds,
    nodeCpuMs: per((cpu.user + cpu.system) / 1000),
    postgresCpuMs: postgresMs === null ? null : per(postgresMs),
  };
}

/** The bench's own PostgreSQL backends (its connections carry this application_name), found in pg_stat_activity. */
const APPLICATION_NAME = 'bench-server-writes';
let benchBackends: () => Promise<number[]> = () => Promise.resolve([]);

/**
 * CPU time of each of the bench's PostgreSQL backends so far, in ms, read from Linux /proc (the database on this
 * machine); null elsewhere or on PGlite, which runs on the Node thread. Other work on the same cluster is not counted.
 */
async function postgresCpu(): Promise<Map<number, number> | null> {
  const pids = await benchBackends();
  if (pids.length === 0) return null;
  const times = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND); // utime + stime
    } catch {
      return null; // not Linux, or the database is elsewhere
    }
  }
  return times;
}

/**
 * The bench's HTTP client: node:http over kept-alive sockets, the lightest client Node has. It runs on the server's
 * thread (this machine has 2 cores), so its own cost is part of every figure; `fetch` costs several times more CPU
 * per request (WRITES_CLIENT=fetch measures with it, as the load bench does).
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

class BenchClient {
  constructor(
    readonly api: BillingApi,
    readonly port: number,
  ) {}

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    if (process.env.WRITES_CLIENT === 'fetch') return this.api.request(method, path, body, headers);
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const sent = httpRequest(
        {
          agent,
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          headers: {
            Authorization: `Bearer ${this.api.token}`,
            ...(text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }),
            ...headers,
          },
          timeout: 30_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const answer = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = answer;
            try {
              parsed = answer ? JSON.parse(answer) : null;
            } catch {
              // left as text
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
          response.on('error', reject);
        },
      );
      sent.on('timeout', () => sent.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      sent.on('error', reject);
      sent.end(text);
    });
  }
}

function topUp(client: BenchClient): Promise<boolean> {
  const key = `writes-${randomUUID()}`;
  const body = {
    amount: { amount: AMOUNT, currency: 'USD' },
    source: { type: 'new_card', providerToken: CARD_OK, saveCard: false },
    idempotencyKey: key,
  };
  return client
    .request('POST', '/v1/top-ups', body, { 'Idempotency-Key': key })
    .then((response) => response.status === 201 && (response.body as { status?: string } | null)?.status === 'succeeded');
}

/** One top-up with every statement it sends: offsets from the request's start, and what runs between them. */
async function profileOne(api: BenchClient, trace: QueryTrace, processor: ProfiledProcessor): Promise<string> {
  const stop = trace.trace();
  processor.timings = [];
  const started = performance.now();
  const ok = await topUp(api);
  const total = performance.now() - started;
  const statements = stop();
  if (!ok) problems.push('profiled top-up did not succeed');
  const events: Array<TracedStatement & { label: string }> = [
    ...statements.map((statement) => ({ ...statement, label: phaseOf(statement.sql) })),
    ...processor.timings.map((timing) => ({ ...timing, sql: 'processor.charge', label: 'processor call' })),
  ];
  return [
    `One top-up, profiled: ${statements.length} SQL round trips, ${total.toFixed(2)} ms at the client.`,
    ...profileLines(started, total, events),
  ].join('\n');
}

function phaseOf(sql: string): string {
  if (/api_tokens/.test(sql)) return 'auth token lookup';
  if (/rate_limit_windows/.test(sql) && /INSERT INTO top_ups/.test(sql)) return 'rate limit + claim';
  if (/rate_limit_windows/.test(sql)) return 'rate limit';
  if (/pg_notify/.test(sql)) return 'change-feed relay';
  if (/^SELECT account_id FROM top_ups/.test(sql)) return 'settlement';
  if (/^INSERT INTO top_ups/.test(sql)) return 'idempotency claim';
  if (/^SELECT \* FROM top_ups WHERE account_id = \$1 AND idempotency_key/.test(sql)) return 'idempotency read';
  if (/^SELECT \* FROM accounts WHERE id = \$1$/.test(sql)) return 'account read';
  if (/ledger_entries|FOR UPDATE|^UPDATE|^BEGIN|^COMMIT|^WITH/.test(sql)) return 'settlement';
  return 'other';
}

/** The test-card processor, timed: the profile shows how long the charge takes apart from the SQL. */
class ProfiledProcessor extends TestCardProcessor {
  timings: Array<{ startMs: number; endMs: number }> = [];
  override async charge(request: ChargeRequest): ReturnType<TestCardProcessor['charge']> {
    const startMs = performance.now();
    try {
      return await super.charge(request);
    } finally {
      this.timings.push({ startMs, endMs: performance.now() });
    }
  }
}

async function main(): Promise<void> {
  const { db: inner, url: databaseUrl, engine, drop } = await openBenchDatabase();
  await migrate(inner);
  const trace = traceQueries(inner);
  const db = trace.db;
  await db.exec(`CREATE TABLE bench_floor_entries (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id text NOT NULL REFERENCES accounts (id), amount bigint NOT NULL, at timestamptz NOT NULL);
    CREATE INDEX bench_floor_entries_account ON bench_floor_entries (account_id, id);`);
  const processor = new ProfiledProcessor();
  const { app, close: closeApp } = createApp({
    db,
    processor,
    devRoutes: true,
    // The per-account limit (20 a minute) would be what is measured otherwise.
    topUpRateLimit: { max: 1_000_000, windowMs: 60_000 },
  });
  // As startServer does on PostgreSQL: what a top-up publishes is also sent to other processes (one pg_notify statement in flight at a time, at most one per 20 ms).
  const relay = databaseUrl ? await relayChangesThroughPostgres(db, databaseUrl) : null;
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
  });
  // Longer than any pause between the bench's phases: otherwise the server may close an idle kept-alive socket just as
  // the client sends on it (ECONNRESET, seen once in 12 runs at load 11), which is Node's idle-socket race, not a write.
  (server as { keepAliveTimeout: number }).keepAliveTimeout = 120_000;
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  try {
    const serverAccounts: BenchClient[] = [];
    const floorAccounts: string[] = [];
    for (let index = 0; index < ACCOUNTS; index++) {
      const seeded = await seedDemoAccount(db, { usageEntryCount: 0, seed: index + 1, name: `Writes ${index}` });
      serverAccounts.push(new BenchClient(new BillingApi(url, seeded.token), port));
      floorAccounts.push((await seedDemoAccount(db, { usageEntryCount: 0, seed: index + 1, name: `Floor ${index}` })).accountId);
    }
    const floorBalanceBefore = await totalBalance(db, floorAccounts);
    const creditsBefore = await countCredits(db);

    // Warm up both paths (JIT, pool connections) at the highest concurrency before measuring. The server's warm-up is
    // also each account's history (HISTORY top-ups), and ANALYZE then gives the tables the statistics autovacuum keeps
    // on a live database. On tables seconds old, PostgreSQL plans the claim's idempotency check and the credit's
    // lookup as scans of the whole top_ups table (auto_explain: 0.8–1 ms of each group statement, growing with every
    // top-up made), a plan no table autovacuum has seen keeps.
    await timed(WARMUP, 32, (index) => floorWrite(db, floorAccounts[index % ACCOUNTS] ?? '').then(() => true));
    const warm = await timed(HISTORY * ACCOUNTS, 32, (index) => topUp(serverAccounts[index % ACCOUNTS] as BenchClient));
    // The tables the top-ups write, in the bench's own schema: a bare ANALYZE would take every schema of the database.
    await db.exec('ANALYZE accounts, top_ups, ledger_entries, rate_limit_windows, webhook_events');
    let answered = warm.ok;
    let floorWrites = WARMUP;

    const statementsBefore = trace.count;
    const profile = await profileOne(serverAccounts[0] as BenchClient, trace, processor);
    answered += 1;
    const statementsPerTopUp = trace.count - statementsBefore;

    const loadAverage = (await import('node:os')).loadavg().map((value) => value.toFixed(2));
    const rows: Row[] = [];
    for (const level of LEVELS) {
      const count = level === 1 ? Math.ceil(COUNT / 3) : COUNT;
      // The floor is measured half before and half after the server, so a change of load on the machine meets both alike.
      const floorHalf = () =>
        timed(Math.ceil(count / 2), level, (index) => floorWrite(db, floorAccounts[index % ACCOUNTS] ?? '').then(() => true));
      const floorBefore = await floorHalf();
      const stopProfile = level === 8 ? await startCpuProfile() : null;
      const statementsAtStart = trace.count;
      const stopTrace = level === 8 ? trace.trace() : null;
      const served = await timed(count, level, (index) => topUp(serverAccounts[index % ACCOUNTS] as BenchClient));
      const statementLines = stopTrace ? statementSummary(stopTrace(), served.seconds, phaseOf) : [];
      const statements = (trace.count - statementsAtStart) / Math.max(1, served.done);
      await stopProfile?.();
      const floorAfter = await floorHalf();
      const floorDone = floorBefore.done + floorAfter.done;
      const floorCpu = (pick: (half: Timed) => number | null): number | null => {
        const [before, after] = [pick(floorBefore), pick(floorAfter)];
        return before === null || after === null ? null : (before * floorBefore.done + after * floorAfter.done) / Math.max(1, floorDone);
      };
      floorWrites += floorDone;
      const http = await timed(count, level, (index) =>
        (serverAccounts[index % ACCOUNTS] as BenchClient)
          .request('GET', '/v1/bench-no-such-route')
          .then((response) => response.status === 404),
      );
      answered += served.ok;
      if (served.ok !== served.done) problems.push(`concurrency ${level}: ${served.done - served.ok} of ${served.done} top-ups failed`);
      rows.push({
        level,
        serverPerSecond: served.perSecond,
        floorPerSecond: floorDone / (floorBefore.seconds + floorAfter.seconds),
        httpPerSecond: http.perSecond,
        serverOk: served.ok,
        serverRequests: served.done,
        statements,
        cpu: {
          server: [served.nodeCpuMs, served.postgresCpuMs],
          floor: [floorCpu((half) => half.nodeCpuMs) ?? 0, floorCpu((half) => half.postgresCpuMs)],
          http: http.nodeCpuMs,
        },
        statementLines,
      });
    }

    const loadAfter = (await import('node:os')).loadavg().map((value) => value.toFixed(2));
    // Money: one credit per successful answer, each balance the sum of its ledger, and the floor's writes all there.
    const credits = (await countCredits(db)) - creditsBefore;
    if (credits !== answered) problems.push(`${credits} top-up credits in the ledger for ${answered} successful answers`);
    const mismatched = await db.query(
      `SELECT a.id FROM accounts a LEFT JOIN ledger_entries l ON l.account_id = a.id
        WHERE a.id <> ALL($1) GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(sum(l.amount), 0)`,
      [floorAccounts],
    );
    if (mismatched.rows.length > 0) problems.push(`${mismatched.rows.length} account(s) whose balance is not the sum of their ledger`);
    const floorGained = (await totalBalance(db, floorAccounts)) - floorBalanceBefore;
    if (floorGained !== floorWrites * AMOUNT) problems.push(`floor accounts gained ${floorGained}, expected ${floorWrites * AMOUNT}`);

    console.log(`Server writes on ${engine}, loopback HTTP, ${ACCOUNTS} accounts${SMALL ? ', small counts (WRITES_SMALL=1)' : ''}.`);
    console.log(`Load average (1, 5, 15 min) when measuring started: ${loadAverage.join(' ')}; when it ended: ${loadAfter.join(' ')}.\n`);
    console.log(`${profile}\n(${statementsPerTopUp} statements counted for that top-up through the Database object.)\n`);
    console.log(formatRows(rows));
    const ms = (value: number | null): string => (value === null ? '–' : value.toFixed(2));
    for (const row of rows) {
      console.log(
        `CPU per operation at ${row.level}: top-up ${ms(row.cpu.server[0])} ms Node + ${ms(row.cpu.server[1])} ms postgres; ` +
          `floor ${ms(row.cpu.floor[0])} ms Node + ${ms(row.cpu.floor[1])} ms postgres; HTTP alone ${ms(row.cpu.http)} ms Node.`,
      );
    }
    console.log(
      'floor: BEGIN; INSERT a ledger-like row; UPDATE accounts SET balance; COMMIT, through the same Database object. HTTP alone: a 404 with no SQL, same client.',
    );
    for (const row of rows.filter((each) => each.statementLines.length > 0)) {
      // Node busy share: its CPU per top-up times top-ups per second; the rest of the time it waits (on PGlite, SQL is in it).
      const busy = (row.cpu.server[0] * row.serverPerSecond) / 10;
      console.log(`\nTop-ups at ${row.level}: the Node thread busy ${busy.toFixed(0)} % of the time; statements sent, by kind:`);
      console.log(row.statementLines.join('\n'));
    }
    const failing = rows.filter((row) => row.level !== 1 && row.serverPerSecond < TARGET_RATIO * row.floorPerSecond);
    if (problems.length > 0) {
      console.error(`\nCorrectness problems:\n  ${problems.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log(`\nCorrectness: ${answered} top-ups answered succeeded, ${credits} credits; every balance equals its ledger.`);
    }
    if (failing.length > 0) console.log(`Below target at concurrency ${failing.map((row) => row.level).join(', ')}.`);
  } finally {
    closeApp();
    agent.destroy();
    await relay?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if ('closeAllConnections' in server) server.closeAllConnections();
    await inner.close();
    await drop();
  }
}

/** WRITES_CPU_PROFILE=file: a CPU profile of the server side at concurrency 8 (open it in Chrome DevTools). */
async function startCpuProfile(): Promise<(() => Promise<void>) | null> {
  const file = process.env.WRITES_CPU_PROFILE;
  if (!file) return null;
  const { Session } = await import('node:inspector/promises');
  const { writeFile } = await import('node:fs/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  };
}

async function totalBalance(db: BillingDatabase, accountIds: readonly string[]): Promise<number> {
  const result = await db.query<{ total: string }>(`SELECT COALESCE(sum(balance), 0)::text AS total FROM accounts WHERE id = ANY($1)`, [
    [...accountIds],
  ]);
  return Number(result.rows[0]?.total ?? 0);
}

async function countCredits(db: BillingDatabase): Promise<number> {
  const result = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ledger_entries WHERE kind = 'top_up'`);
  return Number(result.rows[0]?.n ?? 0);
}

function formatRows(rows: readonly Row[]): string {
  const header = ['load', 'server req/s', 'floor/s', 'ratio', 'target', 'result', 'HTTP alone/s', 'SQL/top-up'];
  const lines = rows.map((row) => {
    const ratio = row.floorPerSecond > 0 ? row.serverPerSecond / row.floorPerSecond : 0;
    const targeted = row.level !== 1;
    return [
      row.level === 1 ? 'top-ups, 1 at a time' : `top-ups, ${row.level} at a time`,
      row.serverPerSecond.toFixed(0),
      row.floorPerSecond.toFixed(0),
      `${ratio.toFixed(2)}×`,
      targeted ? `≥ ${TARGET_RATIO}× floor` : '(none)',
      targeted ? (ratio >= TARGET_RATIO ? 'PASS' : 'FAIL') : '-',
      row.httpPerSecond.toFixed(0),
      row.statements.toFixed(2),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)));
  const render = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
