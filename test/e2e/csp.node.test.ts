// The demo's production build under a strict Content-Security-Policy with Trusted Types (no inline style or script,
// only the Stripe origins added), driven in Chromium through load, a top-up, a CSV export and the itemised usage level:
// any securitypolicyviolation event, CSP console error or Trusted Types error fails it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../scripts/chromium.mjs';
import { buildDemo, serveDirectory, strictContentSecurityPolicy } from '../../scripts/demo-static.mjs';

const STEP_TIMEOUT_MS = 15_000;

/** What the page reports: each securitypolicyviolation event (shadow roots included: the event is composed). */
interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

declare global {
  interface Window {
    cspViolations: Violation[];
  }
}

describe('Billing tab under a strict CSP and Trusted Types', { timeout: 120_000 }, () => {
  let outDir: string;
  // Unset until `before` reaches them; `after` also runs when `before` failed part-way.
  let site: { url: string; close: () => Promise<void> } | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  async function violations(): Promise<Violation[]> {
    return page.evaluate(() => window.cspViolations);
  }

  async function expectClean(step: string): Promise<void> {
    const seen = await violations();
    assert.deepEqual(
      [...seen.map((v) => `${v.directive} blocked ${v.blocked} ${v.sample} (${v.source})`), ...problems],
      [],
      `${step}: the page raised CSP or Trusted Types errors`,
    );
  }

  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'billing-demo-csp-'));
    await buildDemo(outDir);
    site = await serveDirectory(outDir, { headers: { 'Content-Security-Policy': strictContentSecurityPolicy({ stripe: true }) } });
    browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
    context = await browser.newContext({
      acceptDownloads: true,
      locale: 'en-US',
      timezoneId: 'UTC',
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    // Init scripts run through the DevTools protocol, outside the page's policy, before any of its own scripts.
    await context.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener(
        'securitypolicyviolation',
        (event) =>
          window.cspViolations.push({
            directive: event.effectiveDirective,
            blocked: event.blockedURI,
            sample: event.sample,
            source: `${event.sourceFile}:${event.lineNumber}`,
          }),
        true,
      );
    });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  const mainBalance = (): Locator => page.locator('main credit-balance');
  const dialog = (): Locator => page.locator('add-funds-dialog').getByRole('dialog');
  const table = (): Locator => page.locator('balance-usage-table');

  it('serves the policy it claims', async () => {
    const response = await page.goto(`${site!.url}/?mock`, { waitUntil: 'load' });
    const policy = response?.headers()['content-security-policy'] ?? '';
    assert.match(policy, /style-src 'self';/);
    assert.match(policy, /require-trusted-types-for 'script'/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
  });

  it('loads every widget without a violation', async () => {
    await mainBalance().getByText('$42.50', { exact: true }).first().waitFor();
    await page.locator('header credit-balance').getByText('$42.50', { exact: true }).waitFor();
    await page.locator('auto-recharge-settings').getByRole('switch', { name: 'Automatic recharge' }).waitFor();
    await table()
      .getByRole('row', { name: /Outbound International Call/ })
      .waitFor();
    await expectClean('load');
  });

  it('tops up with 4242 without a violation', async () => {
    await mainBalance().getByRole('button', { name: 'Add funds' }).click();
    await dialog().waitFor();
    await dialog().getByRole('radio', { name: '$25.00', exact: true }).check();
    await dialog().getByRole('radio', { name: 'Use a new card' }).check();
    await dialog().getByLabel('Card number').fill('4242 4242 4242 4242');
    await dialog().getByLabel('Expiry date (MM / YY)').fill('12 / 34');
    await dialog().getByLabel('Security code (CVC)').fill('123');
    await dialog().getByRole('button', { name: 'Pay $25.00' }).click();
    await dialog().getByText('Funds added').waitFor();
    await dialog().getByRole('button', { name: 'Done' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await mainBalance().getByText('$67.50', { exact: true }).first().waitFor();
    await expectClean('top-up');
  });

  it('tops up through 3-D Secure (4000 0025 0000 3155), saving the card, without a violation', async () => {
    await mainBalance().getByRole('button', { name: 'Add funds' }).click();
    await dialog().waitFor();
    await dialog().getByRole('radio', { name: '$50.00', exact: true }).check();
    await dialog().getByRole('radio', { name: 'Use a new card' }).check();
    await dialog().getByLabel('Card number').fill('4000 0025 0000 3155');
    await dialog().getByLabel('Expiry date (MM / YY)').fill('12 / 34');
    await dialog().getByLabel('Security code (CVC)').fill('123');
    await dialog().getByRole('checkbox', { name: 'Save this card for future payments' }).check();
    await dialog().getByRole('button', { name: 'Pay $50.00' }).click();
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await dialog().getByText('Funds added').waitFor();
    await dialog().getByRole('button', { name: 'Done' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expectClean('3-D Secure top-up');
  });

  it('turns automatic recharge on without a violation', async () => {
    const settings = page.locator('auto-recharge-settings');
    await settings.getByRole('switch', { name: 'Automatic recharge' }).click();
    await settings.getByLabel('When the balance falls below').fill('20.00');
    await settings.getByLabel('Add this amount').fill('50.00');
    await settings.getByRole('radio', { name: /3155/ }).check();
    await settings.getByRole('button', { name: 'Save', exact: true }).click();
    await settings.getByText('Automatic recharge saved.').first().waitFor();
    await expectClean('automatic recharge');
  });

  it('exports CSV without a violation', async () => {
    const download = page.waitForEvent('download');
    await table().getByRole('button', { name: 'Export CSV' }).click();
    assert.ok(await (await download).path());
    await table()
      .getByText(/^Exported [\d,]+ entries\.$/)
      .waitFor();
    await expectClean('CSV export');
  });

  it('opens the itemised level without a violation, rows placed by their offsets', async () => {
    await table().getByRole('button', { name: 'View details of Outbound International Call' }).click();
    const rows = table().locator('[role="grid"] .body [role="row"]');
    await rows.nth(1).getByRole('gridcell').nth(1).waitFor();
    // The styles the rows need are applied (not dropped by the policy): each row sits one row height below the last.
    const tops = await rows.evaluateAll((elements) => elements.slice(0, 3).map((row) => Math.round(row.getBoundingClientRect().top)));
    assert.equal(tops.length, 3);
    assert.ok(tops[1]! - tops[0]! >= 40 && tops[2]! - tops[1]! === tops[1]! - tops[0]!, `rows at ${tops.join(', ')}`);
    const bodyHeight = await table()
      .locator('[role="grid"] .body')
      .evaluate((body) => body.getBoundingClientRect().height);
    assert.ok(bodyHeight > 3 * (tops[1]! - tops[0]!), `the list body reserves every row (${bodyHeight}px)`);
    // Open one call's detail panel too, then go back to the summary.
    await rows.nth(0).click();
    await table().getByRole('button', { name: 'All usage types' }).click();
    await expectClean('details level');
  });

  it('shows the itemised level as cards on a phone without a violation', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await table().getByRole('button', { name: 'View details of Outbound International Call' }).click();
    await table().locator('[role="grid"] [role="row"]').nth(2).getByRole('gridcell').nth(1).waitFor();
    await table().getByRole('button', { name: 'All usage types' }).click();
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectClean('details level, narrow');
  });

  it('switches language and theme without a violation', async () => {
    await page.locator('#demo-language').selectOption('de');
    await page.locator('#demo-theme').selectOption({ index: 1 });
    await page.waitForFunction(() => document.documentElement.lang.startsWith('de'));
    await mainBalance().getByText('117,50', { exact: false }).first().waitFor();
    await expectClean('appearance');
  });
});
