// `npm run simulate`: places priced calls for the demo account's users on a running reference server, then prints them and the balance.
import { parseArgs } from 'node:util';
import { formatMoney } from '../src/money/money.js';
import type { Money } from '../src/money/money.js';

const USAGE = `Usage: npm run simulate -- [--calls N] [--url http://127.0.0.1:8787]

Places N international calls (default 10, at most 5000) for the users of the demo account through
the server's dev usage route (the same debit path as real usage, so auto-recharge can trigger),
then prints the calls and the balance after them. Start the server first: npm run server (or npm start).`;

const MAX_CALLS = 5000;
/** The dev usage route takes at most 500 calls per request. */
const CALLS_PER_REQUEST = 500;
const REQUEST_TIMEOUT_MS = 30_000;
const SHOWN_ENTRIES = 25;

interface UsageEntryView {
  id: string;
  occurredAt: string;
  price: Money;
  user: { id: string; name: string };
  destinationName: string;
  billedSeconds: number;
}

class SimulateError extends Error {}

async function request(baseUrl: string, path: string, init: RequestInit = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    if (cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EHOSTUNREACH') {
      throw new SimulateError(
        `No billing server is running at ${baseUrl}. Start it with "npm run server" (or "npm start"), then run this again.`,
      );
    }
    if ((error as Error).name === 'TimeoutError')
      throw new SimulateError(`${baseUrl}${path} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`);
    throw new SimulateError(`Could not reach ${baseUrl}: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported below with the status
  }
  if (response.status === 404 && path.startsWith('/v1/dev/')) {
    throw new SimulateError(`${baseUrl} has no dev routes (${path} answered 404): is it running with NODE_ENV=production?`);
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? text.slice(0, 200);
    throw new SimulateError(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${message}`);
  }
  return body;
}

/** The entries a dev usage response carries, whatever envelope the route wraps them in. */
function entriesOf(body: unknown): UsageEntryView[] {
  if (Array.isArray(body)) return body as UsageEntryView[];
  const entries = (body as { entries?: unknown } | null)?.entries;
  return Array.isArray(entries) ? (entries as UsageEntryView[]) : [];
}

function minutes(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      calls: { type: 'string', default: '10' },
      url: { type: 'string', default: process.env.BILLING_API_URL ?? 'http://127.0.0.1:8787' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const calls = Number(values.calls);
  if (!Number.isInteger(calls) || calls < 1 || calls > MAX_CALLS) {
    throw new SimulateError(`--calls must be a whole number from 1 to ${MAX_CALLS} (got "${values.calls}").`);
  }
  const baseUrl = values.url.replace(/\/+$/, '');

  const session = (await request(baseUrl, '/v1/dev/demo-session')) as { token?: string } | null;
  if (!session?.token) throw new SimulateError(`${baseUrl}/v1/dev/demo-session sent no token.`);
  const auth = { Authorization: `Bearer ${session.token}` };

  const before = (await request(baseUrl, '/v1/account', { headers: auth })) as { balance: Money; name: string };
  const entries: UsageEntryView[] = [];
  for (let remaining = calls; remaining > 0; remaining -= CALLS_PER_REQUEST) {
    const placed = await request(baseUrl, '/v1/dev/usage', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ calls: Math.min(remaining, CALLS_PER_REQUEST) }),
    });
    entries.push(...entriesOf(placed));
  }
  const after = (await request(baseUrl, '/v1/account', { headers: auth })) as {
    balance: Money;
    autoRecharge?: { enabled?: boolean };
  };

  console.log(`Placed ${calls} call${calls === 1 ? '' : 's'} for ${before.name} on ${baseUrl}:\n`);
  if (entries.length > 0) {
    const rows = entries
      .slice(0, SHOWN_ENTRIES)
      .map((entry) => [
        new Date(entry.occurredAt).toISOString().slice(0, 19).replace('T', ' '),
        entry.user.name,
        entry.destinationName,
        minutes(entry.billedSeconds),
        formatMoney(entry.price, 'en-US'),
      ]);
    const header = ['time (UTC)', 'user', 'destination', 'billed', 'price'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
    // Numbers right-aligned, text left-aligned.
    const line = (cells: string[]) =>
      cells.map((cell, column) => (column >= 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ');
    console.log(line(header));
    for (const row of rows) console.log(line(row));
    if (entries.length > SHOWN_ENTRIES) console.log(`… and ${entries.length - SHOWN_ENTRIES} more`);
    console.log();
  }
  const spent = entries.reduce((sum, entry) => sum + entry.price.amount, 0);
  if (entries.length > 0) console.log(`Calls total:    ${formatMoney({ amount: spent, currency: after.balance.currency }, 'en-US')}`);
  console.log(`Balance before: ${formatMoney(before.balance, 'en-US')}`);
  console.log(`Balance after:  ${formatMoney(after.balance, 'en-US')}`);
  const recharged = after.balance.amount - (before.balance.amount - spent);
  if (entries.length > 0 && recharged > 0) {
    console.log(
      `Auto-recharge:  +${formatMoney({ amount: recharged, currency: after.balance.currency }, 'en-US')} while placing these calls`,
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof SimulateError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
});
