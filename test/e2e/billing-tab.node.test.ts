// End to end: the demo Billing tab (Vite dev server) on the reference server (PGlite in memory), driven in Chromium through playwright-core.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { startServer, type RunningServer } from '../../server/main.js';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../scripts/chromium.mjs';

const CONFIG_FILE = fileURLToPath(new URL('../../demo/vite.config.ts', import.meta.url));
/** Generous for a shared 2-core machine; each step normally takes well under a second. */
const STEP_TIMEOUT_MS = 15_000;

interface AccountBody {
  balance: { amount: number; currency: string };
}
interface AutoRechargeBody {
  enabled: boolean;
  version: number;
  recentAttempts: Array<{ outcome: string; amount: { amount: number } }>;
}
interface UsageSummaryBody {
  total: { amount: number };
  types: Array<{ type: string; count: number }>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const usd = (cents: number): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100).replace(/^-\$/, '-$');

describe('Billing tab end to end', { timeout: 120_000 }, () => {
  // Unset until `before` reaches them; `after` also runs when `before` failed part-way.
  let server: RunningServer | undefined;
  let vite: ViteDevServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl: string;
  let token: string;
  const pageErrors: string[] = [];

  async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await fetch(`${server!.url}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) },
    });
    const body = (await response.json()) as T;
    assert.ok(response.ok, `${init.method ?? 'GET'} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  }

  const balance = async (): Promise<number> => (await api<AccountBody>('/v1/account')).balance.amount;

  async function ledgerCount(kind: 'top_up' | 'usage' | 'auto_recharge'): Promise<number> {
    const result = await server!.db.query<{ count: string }>(
      `SELECT count(*)::text AS count FROM ledger_entries l JOIN api_tokens t ON t.account_id = l.account_id
       WHERE t.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex') AND l.kind = $2`,
      [token, kind],
    );
    return Number(result.rows[0]?.count);
  }

  const mainBalance = (): Locator => page.locator('main credit-balance');
  const dialog = (): Locator => page.locator('add-funds-dialog').getByRole('dialog');

  async function expectBalanceShown(cents: number): Promise<void> {
    await mainBalance().getByText(usd(cents), { exact: true }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** Opens Add funds, picks a preset, pays with a new test card; `beforePay`/`afterPay` run the card-specific steps. */
  async function payWithNewCard(options: {
    preset: string;
    cardNumber: string;
    saveCard?: boolean;
    afterPay?: () => Promise<void>;
  }): Promise<void> {
    // No reload between payments: reopening the dialog must mount a fresh card entry each time.
    await mainBalance().getByRole('button', { name: 'Add funds' }).click();
    await dialog().waitFor({ timeout: STEP_TIMEOUT_MS });
    await dialog().getByRole('radio', { name: options.preset, exact: true }).check();
    await dialog().getByRole('radio', { name: 'Use a new card' }).check();
    await dialog().getByLabel('Card number').fill(options.cardNumber);
    await dialog().getByLabel('Expiry date (MM / YY)').fill('12 / 34');
    await dialog().getByLabel('Security code (CVC)').fill('123');
    await dialog()
      .getByRole('checkbox', { name: 'Save this card for future payments' })
      .setChecked(options.saveCard ?? false);
    await dialog()
      .getByRole('button', { name: `Pay ${options.preset}` })
      .click();
    await options.afterPay?.();
    await dialog().getByText('Funds added').waitFor({ timeout: STEP_TIMEOUT_MS });
    await dialog().getByRole('button', { name: 'Done' }).click();
    await dialog().waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }

  before(async () => {
    server = await startServer({ port: 0, devRoutes: true });
    token = server.demoToken ?? '';
    assert.ok(token, 'the server seeded the demo account');

    const vitePort = await freePort();
    vite = await createViteServer({
      configFile: CONFIG_FILE,
      logLevel: 'error',
      clearScreen: false,
      server: { host: '127.0.0.1', port: vitePort, strictPort: true, hmr: false, proxy: { '/v1': { target: server.url } } },
    });
    await vite.listen();
    baseUrl = `http://127.0.0.1:${vitePort}`;

    browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
    const context = await browser.newContext({
      acceptDownloads: true,
      locale: 'en-US',
      timezoneId: 'UTC',
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
    await vite?.close();
    await server?.close();
  });

  it('shows the server balance everywhere on the page', async () => {
    const cents = await balance();
    await expectBalanceShown(cents);
    await page.locator('header credit-balance').getByText(usd(cents), { exact: true }).waitFor();
  });

  it('tops up with 4242 and the balance changes on the page and on the server', async () => {
    const before = await balance();
    const topUpsBefore = await ledgerCount('top_up');
    await payWithNewCard({ preset: '$25.00', cardNumber: '4242 4242 4242 4242' });
    assert.equal(await balance(), before + 2500);
    assert.equal(await ledgerCount('top_up'), topUpsBefore + 1);
    await expectBalanceShown(before + 2500);
    await page
      .locator('header credit-balance')
      .getByText(usd(before + 2500), { exact: true })
      .waitFor();
  });

  it('completes a 3-D Secure payment with 4000 0025 0000 3155 and saves the card', async () => {
    const before = await balance();
    await payWithNewCard({
      preset: '$50.00',
      cardNumber: '4000 0025 0000 3155',
      saveCard: true,
      afterPay: async () => {
        // The test-card provider draws the bank's challenge; nothing is credited before it is answered.
        const complete = page.getByRole('button', { name: 'Complete authentication' });
        await complete.waitFor();
        assert.equal(await balance(), before, 'no credit while the bank is still asking');
        await complete.click();
      },
    });
    assert.equal(await balance(), before + 5000);
    await expectBalanceShown(before + 5000);
    const cards = await api<Array<{ last4: string }>>('/v1/payment-methods');
    assert.ok(
      cards.some((card) => card.last4 === '3155'),
      'the authenticated card was saved',
    );
  });

  it('recharges exactly once when usage takes the balance below the threshold', async () => {
    const settings = page.locator('auto-recharge-settings');
    const start = await balance();
    // Threshold just under today's balance, so the next calls cross it; the recharge is large
    // enough that one covers every call placed below.
    const thresholdCents = Math.floor((start - 50) / 100) * 100;
    assert.ok(thresholdCents >= 1000, `balance ${start} leaves room for a threshold`);

    await settings.getByRole('switch', { name: 'Automatic recharge' }).click();
    await settings.getByLabel('When the balance falls below').fill((thresholdCents / 100).toFixed(2));
    await settings.getByLabel('Add this amount').fill('100.00');
    await settings.getByRole('radio', { name: /3155/ }).check();
    await settings.getByRole('button', { name: 'Save', exact: true }).click();
    await settings.getByText('Automatic recharge saved.').first().waitFor();
    const saved = await api<AutoRechargeBody>('/v1/auto-recharge');
    assert.equal(saved.enabled, true);
    assert.equal(saved.recentAttempts.length, 0);

    // Place calls from the demo controls (the dev usage route) until the balance crosses; bounded.
    let spentCalls = 0;
    for (let round = 0; round < 5 && (await api<AutoRechargeBody>('/v1/auto-recharge')).recentAttempts.length === 0; round++) {
      await page.getByRole('button', { name: 'Place 20 calls' }).click();
      await page.locator('#demo-log').getByText('Placed 20 international calls.').waitFor();
      spentCalls += 20;
      // The log line is written before the next round's check; wait for the server to have it.
      await page.waitForTimeout(100);
    }
    assert.ok(spentCalls > 0);

    const attempts = (await api<AutoRechargeBody>('/v1/auto-recharge')).recentAttempts;
    assert.equal(attempts.length, 1, JSON.stringify(attempts));
    assert.equal(attempts[0]?.outcome, 'succeeded');
    assert.equal(attempts[0].amount.amount, 10000);
    assert.equal(await ledgerCount('auto_recharge'), 1);
    const after = await balance();
    assert.ok(after >= thresholdCents, `one recharge lifted the balance (${after}) back over the threshold (${thresholdCents})`);

    // The page shows it too: the attempt under "Recent automatic recharges" and the new balance.
    await settings.getByText(usd(10000)).first().waitFor();
    await expectBalanceShown(after);
  });

  it('lists the calls in the usage table, itemised', async () => {
    const table = page.locator('balance-usage-table');
    const newest = await api<{ entries: Array<{ destinationName: string; user: { name: string } }>; totalCount: number }>(
      '/v1/usage?limit=1&type=outbound_international_call',
    );
    const summaryRow = table.getByRole('row', { name: /Outbound International Call/ });
    await summaryRow.waitFor();
    await table.getByRole('button', { name: 'View details of Outbound International Call' }).click();
    const firstCall = newest.entries[0];
    assert.ok(firstCall);
    // Newest first: the last call placed from the demo controls heads the itemised list.
    const firstRow = table.getByRole('row').nth(1);
    await firstRow.getByText(firstCall.destinationName).waitFor();
    await firstRow.getByText(firstCall.user.name).waitFor();
    await table.getByRole('button', { name: 'All usage types' }).click();
  });

  it('exports every row of the period to CSV', async () => {
    const table = page.locator('balance-usage-table');
    const summaryRequest = page.waitForRequest((request) => request.url().includes('/v1/usage/summary'));
    // Reload so the summary request (and its period) is observable, and the totals are fresh.
    await page.reload({ waitUntil: 'load' });
    const period = new URL((await summaryRequest).url()).searchParams;
    const summary = await api<UsageSummaryBody>(`/v1/usage/summary?${period.toString()}`);
    const expectedRows = summary.types.reduce((sum, type) => sum + type.count, 0);
    assert.ok(expectedRows > 60, `the period holds the seeded and placed calls (${expectedRows})`);

    const download = page.waitForEvent('download');
    await table.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const lines = (await readFile(file, 'utf8')).split(/\r?\n/).filter((line) => line !== '');
    const [header, ...rows] = lines;
    assert.match(header ?? '', /entry_id/);
    assert.equal(rows.length, expectedRows);
    const ids = rows.map((row) => row.split(',')[0]);
    assert.equal(new Set(ids).size, rows.length, 'no call appears twice');
    await table.getByText(`Exported ${expectedRows} entries.`).waitFor();
  });

  it('raised no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
