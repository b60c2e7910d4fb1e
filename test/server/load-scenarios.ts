// Load and fault scenarios against a reference server over loopback HTTP, shared by test/server/load.node.test.ts and bench/server-load.ts.
// Every loop here is bounded in count and in time; nothing leaves 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REQUEST_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------- figures

export interface LoadFigures {
  scenario: string;
  requests: number;
  /** Responses with a 2xx status. */
  ok: number;
  wallMs: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export function figuresOf(scenario: string, results: readonly TimedResponse[], wallMs: number): LoadFigures {
  const latencies = results.map((result) => result.ms).sort((a, b) => a - b);
  return {
    scenario,
    requests: results.length,
    ok: results.filter((result) => result.status >= 200 && result.status < 300).length,
    wallMs: Math.round(wallMs),
    requestsPerSecond: wallMs > 0 ? Math.round((results.length / wallMs) * 1000 * 10) / 10 : 0,
    p50Ms: round1(percentile(latencies, 0.5)),
    p95Ms: round1(percentile(latencies, 0.95)),
    maxMs: round1(latencies.at(-1) ?? 0),
  };
}

export function formatFigures(rows: readonly LoadFigures[]): string {
  const header = ['scenario', 'requests', 'ok', 'wall ms', 'req/s', 'p50 ms', 'p95 ms', 'max ms'];
  const lines = rows.map((row) =>
    [row.scenario, row.requests, row.ok, row.wallMs, row.requestsPerSecond, row.p50Ms, row.p95Ms, row.maxMs].map(String),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)));
  const render = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

// ---------------------------------------------------------------- HTTP

export interface TimedResponse<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

export class BillingApi {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TimedResponse<T>> {
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // left as text
    }
    return { status: response.status, body: parsed as T, ms };
  }

  async balance(): Promise<number> {
    const account = await this.request<{ balance: { amount: number } }>('GET', '/v1/account');
    if (account.status !== 200) throw new Error(`GET /v1/account answered ${account.status}: ${JSON.stringify(account.body)}`);
    return account.body.balance.amount;
  }

  topUp(amount: number, source: Record<string, unknown>, idempotencyKey = `load-${randomUUID()}`): Promise<TimedResponse<TopUpBody>> {
    return this.request<TopUpBody>(
      'POST',
      '/v1/top-ups',
      { amount: { amount, currency: 'USD' }, source, idempotencyKey },
      { 'Idempotency-Key': idempotencyKey },
    );
  }

  placeCalls(calls: number): Promise<TimedResponse> {
    return this.request('POST', '/v1/dev/usage', { calls });
  }
}

export interface TopUpBody {
  id: string;
  status: string;
  balanceAfter?: { amount: number };
  paymentMethodId: string | null;
}

export async function newAccount(baseUrl: string): Promise<BillingApi> {
  const response = await fetch(`${baseUrl}/v1/dev/accounts`, { method: 'POST', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`POST /v1/dev/accounts answered ${response.status}: ${await response.text()}`);
  const { token } = (await response.json()) as { accountId: string; token: string };
  return new BillingApi(baseUrl, token);
}

/** Runs `count` calls of `work`, at most `concurrency` at a time, stopping early at `deadlineMs`. */
export async function runBounded<T>(
  count: number,
  concurrency: number,
  deadlineMs: number,
  work: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  const stopAt = Date.now() + deadlineMs;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && Date.now() < stopAt) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results.filter((result) => result !== undefined);
}

export function entriesOf(body: unknown): Array<{ id: string; price: { amount: number } }> {
  if (Array.isArray(body)) return body as Array<{ id: string; price: { amount: number } }>;
  const entries = (body as { entries?: unknown } | null)?.entries;
  return Array.isArray(entries) ? (entries as Array<{ id: string; price: { amount: number } }>) : [];
}

// ---------------------------------------------------------------- scenarios

export const CARD_OK = 'test_card_4242424242424242';

/** N top-ups at once, all with one Idempotency-Key: the server must charge once and credit once. */
export async function sameKeyTopUps(
  api: BillingApi,
  parallel: number,
  amount = 2500,
): Promise<{ results: TimedResponse<TopUpBody>[]; figures: LoadFigures }> {
  const key = `same-key-${randomUUID()}`;
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: parallel }, () => api.topUp(amount, { type: 'new_card', providerToken: CARD_OK, saveCard: false }, key)),
  );
  return { results, figures: figuresOf(`${parallel} top-ups, one key`, results, performance.now() - started) };
}

/**
 * Saves a card with a first top-up and turns auto-recharge on with it. Returns the saved card id.
 * The recharge amount is large enough that one recharge covers any burst the scenarios place.
 */
export async function enableAutoRecharge(api: BillingApi, thresholdAmount: number, rechargeAmount: number): Promise<string> {
  // A card saved by paying with it, as a person would before turning auto-recharge on.
  const first = await api.topUp(2500, { type: 'new_card', providerToken: CARD_OK, saveCard: true });
  if (first.status !== 201 || first.body.status !== 'succeeded')
    throw new Error(`saving a card failed: ${first.status} ${JSON.stringify(first.body)}`);
  const paymentMethodId = first.body.paymentMethodId;
  if (!paymentMethodId) throw new Error(`the top-up saved no card: ${JSON.stringify(first.body)}`);
  const current = await api.request<{ version: number }>('GET', '/v1/auto-recharge');
  const saved = await api.request('PUT', '/v1/auto-recharge', {
    enabled: true,
    thresholdAmount: { amount: thresholdAmount, currency: 'USD' },
    rechargeAmount: { amount: rechargeAmount, currency: 'USD' },
    paymentMethodId,
    monthlyCap: null,
    expectedVersion: current.body.version,
  });
  if (saved.status !== 200) throw new Error(`enabling auto-recharge failed: ${saved.status} ${JSON.stringify(saved.body)}`);
  return paymentMethodId;
}

/** N single-call debits at once; the caller has put the balance just above the threshold. */
export async function concurrentDebits(
  api: BillingApi,
  parallel: number,
): Promise<{ results: TimedResponse[]; figures: LoadFigures; spent: number }> {
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: parallel }, () => api.placeCalls(1)));
  const spent = results.flatMap((result) => entriesOf(result.body)).reduce((sum, entry) => sum + entry.price.amount, 0);
  return { results, figures: figuresOf(`${parallel} debits across the threshold`, results, performance.now() - started), spent };
}

// ---------------------------------------------------------------- a server in a child process

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** Resolves once the output matches (checked as it arrives). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM and wait (SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** SIGKILL and wait: no shutdown code runs. */
  kill(): Promise<void>;
}

/** Starts `server/main.ts` on a free port with the given data dir or PostgreSQL URL. */
export async function spawnServer(options: {
  dataDir?: string;
  databaseUrl?: string;
  startTimeoutMs?: number;
  /** Extra environment (BILLING_RECOVERY_OLDER_THAN_MS, say). */
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', ...options.env };
  delete env.PORT;
  delete env.STRIPE_SECRET_KEY;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const args = ['--import', 'tsx', 'server/main.ts', '--port', '0', ...(options.dataDir ? ['--data-dir', options.dataDir] : [])];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  // A first start on PGlite creates the database (about 20 s on a quiet 2-core machine); a busy one needs longer.
  const startTimeoutMs = options.startTimeoutMs ?? 90_000;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    const onData = (): void => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${signal ?? code}) before listening:\n${output}`));
    });
  });

  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  };
  const waitForOutput = (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = pattern.exec(output);
        if (!match) return false;
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.stderr.off('data', check);
        resolve(match);
        return true;
      };
      const timer = setTimeout(() => {
        child.stdout.off('data', check);
        child.stderr.off('data', check);
        reject(new Error(`the server did not print ${pattern} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      if (check()) return;
      child.stdout.on('data', check);
      child.stderr.on('data', check);
    });
  return { url, child, output: () => output, waitForOutput, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
