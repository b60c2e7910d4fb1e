// First paint: the demo's production build (?mock) loads without moving anything, on a desktop and a phone viewport.
// Each widget's box is reserved before its code loads (the page's :not(:defined) rules and the widgets'
// --billing-*-min-block-size tokens) and its skeleton is as tall as its first real state.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../scripts/chromium.mjs';
import { buildDemo, serveDirectory } from '../../scripts/demo-static.mjs';

interface Shift {
  value: number;
  sources: string[];
}

/** A load's layout shift: the sum of its entries. */
function totalShift(shifts: readonly Shift[]): number {
  return shifts.reduce((sum, shift) => sum + shift.value, 0);
}

declare global {
  interface Window {
    layoutShifts: Shift[];
  }
}

describe('Billing tab first paint', { timeout: 120_000 }, () => {
  let outDir: string;
  // Unset until `before` reaches them; `after` also runs when `before` failed part-way.
  let site: { url: string; close: () => Promise<void> } | undefined;
  let browser: Browser | undefined;

  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'billing-demo-cls-'));
    await buildDemo(outDir);
    site = await serveDirectory(outDir);
    browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  /** Each widget's heights over the load, once defined, with the page's reservations switched off. */
  async function skeletonAndReadyHeights(device: Parameters<Browser['newContext']>[0]): Promise<Record<string, number[]>> {
    const context = await browser!.newContext({ ...device, locale: 'en-US', timezoneId: 'UTC' });
    context.setDefaultTimeout(15_000);
    await context.addInitScript(() => {
      const heights: Record<string, number[]> = {};
      (window as unknown as { widgetHeights: typeof heights }).widgetHeights = heights;
      document.addEventListener('DOMContentLoaded', () => {
        const unreserved = document.createElement('style');
        unreserved.textContent = `credit-balance, auto-recharge-settings, balance-usage-table {
          --billing-balance-min-block-size: auto !important; --billing-auto-recharge-min-block-size: auto !important;
          --billing-usage-min-block-size: auto !important; }`;
        document.head.append(unreserved);
      });
      // A property, not a const: tsx would wrap a named function in a __name() helper the page does not have.
      const probe = window as unknown as { sampleWidgets: () => void };
      probe.sampleWidgets = () => {
        for (const selector of ['header credit-balance', 'main credit-balance', 'auto-recharge-settings', 'balance-usage-table']) {
          const element = document.querySelector(selector);
          if (!element?.shadowRoot?.firstElementChild) continue; // not rendered yet
          const height = Math.round(element.getBoundingClientRect().height);
          const seen = (heights[selector] ??= []);
          if (seen.at(-1) !== height) seen.push(height);
        }
        // Sampled after each paint (a task queued from the frame), so a layout the page never painted is not counted.
        requestAnimationFrame(() => setTimeout(probe.sampleWidgets));
      };
      requestAnimationFrame(() => setTimeout(probe.sampleWidgets));
    });
    const page = await context.newPage();
    await page.goto(`${site!.url}/?mock`, { waitUntil: 'load' });
    await page.locator('main credit-balance').getByText('$42.50', { exact: true }).first().waitFor();
    await page
      .locator('balance-usage-table')
      .getByRole('row', { name: /Outbound International Call/ })
      .waitFor();
    await page.waitForTimeout(500);
    const heights = await page.evaluate(() => (window as unknown as { widgetHeights: Record<string, number[]> }).widgetHeights);
    await context.close();
    return heights;
  }

  /** The layout shifts of one load of the demo from `url`, until every widget shows its ready state. */
  async function shiftsWhileLoading(device: Parameters<Browser['newContext']>[0], url: string, lang = 'en'): Promise<Shift[]> {
    const context = await browser!.newContext({ ...device, locale: 'en-US', timezoneId: 'UTC' });
    context.setDefaultTimeout(15_000);
    await context.addInitScript(() => {
      window.layoutShifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<
          PerformanceEntry & { value: number; hadRecentInput: boolean; sources: Array<{ node?: Node }> }
        >) {
          if (entry.hadRecentInput) continue;
          window.layoutShifts.push({
            value: entry.value,
            sources: entry.sources.map((source) =>
              source.node instanceof Element ? `${source.node.localName}.${source.node.className}` : String(source.node?.nodeName),
            ),
          });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const page = await context.newPage();
    await page.goto(`${url}/?mock${lang === 'en' ? '' : `&lang=${lang}`}`, { waitUntil: 'load' });
    // Every widget in its ready state, then a little longer for anything that follows.
    if (lang === 'en') {
      await page.locator('main credit-balance').getByText('$42.50', { exact: true }).first().waitFor();
      await page.locator('header credit-balance').getByText('$42.50', { exact: true }).waitFor();
      await page.locator('auto-recharge-settings').getByRole('switch', { name: 'Automatic recharge' }).waitFor();
      await page
        .locator('balance-usage-table')
        .getByRole('row', { name: /Outbound International Call/ })
        .waitFor();
    } else {
      await page.locator('main credit-balance [part~="amount"]').waitFor();
      await page.locator('header credit-balance [part~="amount"]').waitFor();
      await page.locator('auto-recharge-settings [role="switch"]').waitFor();
      await page.locator('balance-usage-table').getByRole('row').nth(2).waitFor();
    }
    await page.waitForTimeout(500);
    const shifts = await page.evaluate(() => window.layoutShifts);
    await context.close();
    return shifts;
  }

  it('draws an Arabic page right to left from its first frame (?lang=ar&theme=northwind)', async () => {
    const context = await browser!.newContext({ viewport: { width: 1350, height: 940 }, locale: 'en-US', timezoneId: 'UTC' });
    await context.addInitScript(() => {
      (window as unknown as { firstDir: string }).firstDir = '';
      requestAnimationFrame(() => ((window as unknown as { firstDir: string }).firstDir = document.documentElement.dir));
      window.layoutShifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number }>)
          window.layoutShifts.push({ value: entry.value, sources: [] });
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const page = await context.newPage();
    await page.goto(`${site!.url}/?mock&lang=ar&theme=northwind`, { waitUntil: 'load' });
    await page.locator('balance-usage-table').getByRole('row').nth(1).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    const firstDir = await page.evaluate(() => (window as unknown as { firstDir: string }).firstDir);
    const total = totalShift(await page.evaluate(() => window.layoutShifts));
    await context.close();
    assert.equal(firstDir, 'rtl');
    // Mirroring the page after its first frame shifted 0.7; what remains is the widgets' Arabic words arriving.
    assert.ok(total < 0.05, `layout shift ${total.toFixed(4)}`);
  });

  it('fits the window sideways at phone, tablet and laptop widths, in English and in German', async () => {
    const overflowing: string[] = [];
    for (const lang of ['en', 'de']) {
      for (const width of [390, 768, 1024, 1280]) {
        const context = await browser!.newContext({ viewport: { width, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
        const page = await context.newPage();
        await page.goto(`${site!.url}/?mock&lang=${lang}`, { waitUntil: 'load' });
        await page.locator('balance-usage-table').getByRole('row').nth(1).waitFor({ timeout: 15_000 });
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) overflowing.push(`${lang} at ${width} px: ${scrollWidth} px wide`);
        await context.close();
      }
    }
    assert.deepEqual(overflowing, []);
  });

  // Lighthouse's desktop and mobile (Moto G Power: a touch screen, so pointer: coarse and finger-sized buttons) devices.
  for (const [name, device] of [
    ['desktop', { viewport: { width: 1350, height: 940 } }],
    ['phone', { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true }],
  ] as const) {
    it(`moves nothing while the widgets load (${name})`, async () => {
      const shifts = await shiftsWhileLoading(device, site!.url);
      const total = totalShift(shifts);
      assert.ok(total <= 0.001, `layout shift ${total.toFixed(4)}: ${JSON.stringify(shifts)}`);
    });

    // The widgets' first words wait for their language's catalog, and the demo reserves each language's heights.
    it(`moves nothing while the widgets load in German, French, Arabic and Japanese (${name})`, async () => {
      const moved: string[] = [];
      for (const lang of ['de', 'fr', 'ar', 'ja']) {
        const shifts = await shiftsWhileLoading(device, site!.url, lang);
        const total = totalShift(shifts);
        if (total > 0.001) moved.push(`${lang}: ${total.toFixed(4)} ${JSON.stringify(shifts)}`);
      }
      assert.deepEqual(moved, []);
    });

    // A first paint of a half-parsed header (CI under load, or a slow network) once put the pickers at the far end of
    // the row and then moved them when the balance after them arrived.
    it(`moves nothing when the page paints before its header is whole (${name})`, async () => {
      const moved: string[] = [];
      for (const htmlSplitAt of ['<div class="appearance"', '<billing-provider id="header-provider">', '<div class="layout">']) {
        const halves = await serveDirectory(outDir, { htmlSplitAt, pauseMs: 600 });
        try {
          const shifts = await shiftsWhileLoading(device, halves.url);
          const total = totalShift(shifts);
          if (total > 0.001) moved.push(`split at ${htmlSplitAt}: ${total.toFixed(4)} ${JSON.stringify(shifts)}`);
        } finally {
          await halves.close();
        }
      }
      assert.deepEqual(moved, []);
    });

    it(`draws each widget's skeleton as tall as its first state, without the page's reservations (${name})`, async () => {
      const heights = await skeletonAndReadyHeights(device);
      for (const [widget, seen] of Object.entries(heights)) {
        assert.ok(Math.max(...seen) - Math.min(...seen) <= 4, `${widget} went through heights ${seen.join(' → ')} px`);
      }
      assert.equal(Object.keys(heights).length, 4, JSON.stringify(heights));
    });
  }
});
