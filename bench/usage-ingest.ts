// Usage ingestion throughput (issue 16 items 3 and 4): POST /v1/service/usage over loopback HTTP against the bare-driver
// floor, in one run on one database.
//   (a) floor: a transaction INSERT INTO usage_entries + UPDATE accounts SET balance, through the same Database object
//       the server uses (same pool), at concurrency 1, 8 and 32; at 8 and 32 half before and half after the server's
//       phase at that concurrency, so a change of load on the machine meets both alike;
//   (b) one call per request at concurrency 8 and 32 through the route: target at least half the floor;
//   (c) batches of 1,000 calls, SENDERS requests at a time, for BATCH_SECONDS: target 10,000 calls/s.
// Also profiles one single-call request (every statement, with its timing) and checks afterwards that each balance is
// the sum of its ledger and that the entries recorded are exactly the calls sent.
//
//   node --import tsx bench/usage-ingest.ts                                PGlite in memory
//   DATABASE_URL=postgres://… node --import tsx bench/usage-ingest.ts      PostgreSQL, in a schema of its own (dropped after)
//   INGEST_SMALL=1 node --import tsx bench/usage-ingest.ts                 a few seconds' worth (CI)
// Exits 1 when a correctness check fails; a figure under its target is printed FAIL but does not change the exit code.
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { serve } from '@hono/node-server';
import { createApp } from '../server/app.js';
import { migrate } from '../server/db/migrate.js';
import { openDatabase, type BillingDatabase } from '../server/db/open-database.js';
import { TestCardProcessor } from '../server/payments/test-card-processor.js';
import { seedDemoAccount } from '../server/seed.js';
import { seedDevServiceKey } from '../server/service-credentials.js';
import { SERVICE_ROUTES, type RecordUsageResponse } from '../src/client/service-routes.js';
import { createTestSchema } from '../test/server/test-database.js';
import { profileLines, traceQueries } from './query-trace.js';

const SMALL = process.env.INGEST_SMALL === '1';
const SECONDS = SMALL ? 1 : Number(process.env.INGEST_SECONDS ?? 8);
const BATCH_SECONDS = SMALL ? 2 : Number(process.env.BATCH_SECONDS ?? 20);
const SENDERS = Number(process.env.SENDERS ?? 4);
const ACCOUNTS_PER_BATCH = Number(process.env.ACCOUNTS_PER_BATCH ?? 10);
const BATCH = 1000;
const LEVELS = [1, 8, 32] as const;
const SINGLE_TARGET_RATIO = 0.5;
const BATCH_TARGET_PER_SECOND = 10_000;
const DESTINATIONS = ['DE', 'FR', 'IN', 'MX', 'BR', 'GB', 'PH', 'JP'];

const problems: string[] = [];

// ---------------------------------------------------------------- load

/** This process's CPU time over the last sustained() run, as a share of one core: near 100 % means Node itself is the bound. */
let lastCpuShare = 0;
/** What the last sustained() run did and for how long, so runs split in halves can be added up. */
let lastRun = { done: 0, seconds: 0 };

async function sustained(seconds: number, concurrency: number, work: (worker: number) => Promise<number>): Promise<number> {
  const stopAt = performance.now() + seconds * 1000;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < stopAt) {
        // Not `done += await …`: that reads `done` before the await and loses the other loops' counts.
        const finished = await work(worker);
        done += finished;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  lastCpuShare = (cpu.user + cpu.system) / 1000 / elapsedMs;
  lastRun = { done, seconds: elapsedMs / 1000 };
  return done / (elapsedMs / 1000);
}

const cpuNote = (): string => `(Node process CPU ${(lastCpuShare * 100).toFixed(0)} % of one core)`;

interface BenchAccount {
  id: string;
  users: string[];
}

async function newAccounts(db: BillingDatabase, count: number, label: string): Promise<BenchAccount[]> {
  const accounts: BenchAccount[] = [];
  for (let index = 0; index < count; index++) {
    const { accountId } = await seedDemoAccount(db, {
      usageEntryCount: 0,
      seed: index + 1,
      name: `${label} ${index}`,
      startingBalance: 1_000_000_000,
    });
    // Auto-recharge off: the calls would otherwise cross the seeded threshold and charge cards mid-measure.
    await db.query(`UPDATE auto_recharge_settings SET enabled = false WHERE account_id = $1`, [accountId]);
    const users = await db.query<{ id: string }>(`SELECT id FROM account_users WHERE account_id = $1 ORDER BY id`, [accountId]);
    accounts.push({ id: accountId, users: users.rows.map((row) => row.id) });
  }
  return accounts;
}

function callFor(account: BenchAccount, n: number): Record<string, unknown> {
  return {
    callId: `bench_${randomUUID()}`,
    accountId: account.id,
    userId: account.users[n % account.users.length],
    destinationCountry: DESTINATIONS[n % DESTINATIONS.length],
    startedAt: new Date(Date.now() - 60_000 - (n % 3_600_000)).toISOString(),
    durationSeconds: 5 + (n % 900),
  };
}

class Sender {
  sent = 0;
  recorded = 0;
  constructor(
    private readonly url: string,
    private readonly key: string,
  ) {}

  retries = 0;
  // node:http with a keep-alive agent rather than fetch: the client shares this process (and its two cores) with the
  // server, and undici's fetch spent about as much CPU per request as the server did.
  #agent = new Agent({ keepAlive: true, maxSockets: 64 });

  /** New connections for the next phase: the server closes sockets idle for 5 s, and a phase of floor writes is longer. */
  freshConnections(): void {
    this.#agent.destroy();
    this.#agent = new Agent({ keepAlive: true, maxSockets: 64 });
  }

  #post(body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        `${this.url}${SERVICE_ROUTES.recordUsage.path}`,
        {
          method: 'POST',
          agent: this.#agent,
          headers: { Authorization: `Bearer ${this.key}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }

  async send(calls: Record<string, unknown>[]): Promise<RecordUsageResponse> {
    const body = JSON.stringify({ calls });
    const post = () => this.#post(body);
    let response: { status: number; text: string };
    try {
      response = await post();
    } catch {
      // A kept-alive socket the server closed while idle (between phases): the same calls again are safe, by call id.
      this.retries++;
      response = await post();
    }
    const answer = JSON.parse(response.text) as RecordUsageResponse;
    if (response.status !== 200) throw new Error(`ingestion answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
    this.sent += calls.length;
    this.recorded += answer.recorded + answer.duplicates;
    if (answer.recorded + answer.duplicates !== calls.length)
      problems.push(
        `a batch of ${calls.length} recorded ${answer.recorded}: ${JSON.stringify(answer.results.find((r) => r.status === 'refused'))}`,
      );
    return answer;
  }
}

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}

async function main(): Promise<void> {
  const schema = await createTestSchema();
  const inner = await openDatabase(schema ? { url: schema.url } : {});
  const engine = schema ? 'PostgreSQL' : 'PGlite (in memory)';
  const trace = traceQueries(inner);
  const { db } = trace;
  const lines: string[] = [];
  try {
    await migrate(db);
    const key = await seedDevServiceKey(db);
    const { app, close: closeApp } = createApp({ db, processor: new TestCardProcessor(), devRoutes: true });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sender = new Sender(url, key);
    try {
      // One account per worker on both sides, so neither measures one account's row lock.
      const floorAccounts = await newAccounts(db, 32, 'Floor');
      const singleAccounts = await newAccounts(db, 32, 'Single');
      const batchAccounts = await newAccounts(db, SENDERS * ACCOUNTS_PER_BATCH, 'Batch');
      let floorN = 0;
      const floorWrite = async (worker: number): Promise<number> => {
        const account = floorAccounts[worker] as BenchAccount;
        const n = floorN++;
        await db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO usage_entries (id, account_id, type, type_label, occurred_at, user_id, destination_country, destination_name,
               billed_seconds, rate_per_minute, price, currency) VALUES ($1, $2, 'outbound_international_call', 'Outbound International Call', $3, $4, 'DE', 'Germany', 60, 3, 3, 'USD')`,
            [`floor_${randomUUID()}`, account.id, new Date(), account.users[n % account.users.length]],
          );
          await tx.query(`UPDATE accounts SET balance = balance - 3, balance_updated_at = $2 WHERE id = $1`, [account.id, new Date()]);
        });
        return 1;
      };
      let singleN = 0;
      const singleCall = async (worker: number): Promise<number> => {
        await sender.send([callFor(singleAccounts[worker] as BenchAccount, singleN++)]);
        return 1;
      };

      // Warm up both paths (JIT, pool connections).
      await sustained(SMALL ? 0.5 : 2, 32, floorWrite);
      await sustained(SMALL ? 0.5 : 2, 32, singleCall);

      // One request, profiled.
      const stop = trace.trace();
      const started = performance.now();
      await singleCall(0);
      const total = performance.now() - started;
      const statements = stop();
      lines.push(
        `One single-call request, profiled: ${statements.length} statements, ${total.toFixed(2)} ms at the client.`,
        ...profileLines(started, total, statements),
        '',
      );

      lines.push(
        `Load average when measuring started: ${loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')}`,
      );
      const floor = new Map<number, number>();
      const floorCpu = new Map<number, string>();
      /** One stretch of floor writes at `level`: how many, for how long, and this process's CPU over it. */
      const floorPart = async (level: number, seconds: number): Promise<{ done: number; seconds: number; cpuMs: number }> => {
        await sustained(seconds, level, floorWrite);
        return { ...lastRun, cpuMs: lastCpuShare * lastRun.seconds * 1000 };
      };
      // The floor's rate at a level is all its writes over all their time, its CPU share likewise.
      const recordFloor = (level: number, parts: ReadonlyArray<{ done: number; seconds: number; cpuMs: number }>): void => {
        const seconds = parts.reduce((sum, part) => sum + part.seconds, 0);
        floor.set(level, parts.reduce((sum, part) => sum + part.done, 0) / seconds);
        floorCpu.set(level, `${((parts.reduce((sum, part) => sum + part.cpuMs, 0) / (seconds * 1000)) * 100).toFixed(0)} %`);
      };
      recordFloor(1, [await floorPart(1, SECONDS)]);
      // At 8 and 32 the floor runs half before and half after the server at the same concurrency: the load other work puts
      // on the machine drifts over a run, and measured at another moment the floor would carry that drift into the ratio.
      const single: string[] = [];
      for (const level of [8, 32] as const) {
        const before = await floorPart(level, SECONDS / 2);
        sender.freshConnections();
        const perSecond = await sustained(SECONDS, level, singleCall);
        const serverCpu = cpuNote();
        const after = await floorPart(level, SECONDS / 2);
        recordFloor(level, [before, after]);
        const ratio = perSecond / (floor.get(level) ?? 1);
        single.push(
          `(b) one call per request, concurrency ${level}: ${perSecond.toFixed(0)} calls/s = ${ratio.toFixed(2)} x floor (target >= ${SINGLE_TARGET_RATIO}) ${verdict(ratio >= SINGLE_TARGET_RATIO)} ${serverCpu}`,
        );
      }
      lines.push(
        `(a) floor, INSERT usage + UPDATE balance per transaction (8 and 32: half before, half after (b) at that concurrency): ${LEVELS.map((level) => `${level}: ${floor.get(level)?.toFixed(0)}/s`).join(', ')} (Node process CPU ${LEVELS.map((level) => floorCpu.get(level)).join(' / ')} of one core)`,
        ...single,
      );
      let batchN = 0;
      sender.freshConnections();
      const perSecond = await sustained(BATCH_SECONDS, SENDERS, async (worker) => {
        const own = batchAccounts.slice(worker * ACCOUNTS_PER_BATCH, (worker + 1) * ACCOUNTS_PER_BATCH);
        const calls = Array.from({ length: BATCH }, (_, index) => callFor(own[index % own.length] as BenchAccount, batchN++));
        await sender.send(calls);
        return BATCH;
      });
      lines.push(
        `(c) batches of ${BATCH} (${ACCOUNTS_PER_BATCH} accounts each), ${SENDERS} at a time for ${BATCH_SECONDS} s: ${perSecond.toFixed(0)} calls/s (target >= ${BATCH_TARGET_PER_SECOND}) ${verdict(perSecond >= BATCH_TARGET_PER_SECOND)} ${cpuNote()}`,
      );
      lines.push(
        `Load average when measuring ended: ${loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')}`,
      );

      // The books: every balance the sum of its ledger (floor accounts aside: the floor writes no ledger), every call sent recorded once.
      const floorIds = floorAccounts.map((account) => account.id);
      const mismatched = await db.query(
        `SELECT a.id FROM accounts a LEFT JOIN ledger_entries l ON l.account_id = a.id WHERE a.id <> ALL($1::text[])
         GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(SUM(l.amount), 0)`,
        [floorIds],
      );
      if (mismatched.rows.length > 0) problems.push(`${mismatched.rows.length} account(s) whose balance is not the sum of their ledger`);
      const entries = await db.query<{ n: string }>(`SELECT COUNT(*)::text AS n FROM usage_entries WHERE call_id IS NOT NULL`);
      if (Number(entries.rows[0]?.n) !== sender.sent) problems.push(`${entries.rows[0]?.n} ingested entries for ${sender.sent} calls sent`);
      if (sender.recorded !== sender.sent) problems.push(`${sender.recorded} recorded answers for ${sender.sent} calls sent`);
      lines.push(
        `Checked: ${sender.sent} calls sent (${sender.retries} request(s) sent again after a reset connection), ${entries.rows[0]?.n} entries, every balance the sum of its ledger.`,
      );
    } finally {
      sender.close();
      closeApp();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    }
  } finally {
    await inner.close();
    await schema?.drop();
  }
  console.log(`Usage ingestion on ${engine}, loopback HTTP${SMALL ? ', small counts (INGEST_SMALL=1)' : ''}.\n`);
  console.log(lines.join('\n'));
  if (problems.length > 0) {
    console.error(`\nProblems:\n${[...new Set(problems)].slice(0, 20).join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
