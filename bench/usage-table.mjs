// Benchmark for <balance-usage-table> against @vaadin/grid on the same data: time to first rows, rows in the DOM, long tasks during a fling to the end, heap after it.
// When the last row is not shown after the fling, it records that and tries, separately, a 1 px scroll nudge and the
// grid's own scroll-to-last-index, timing whether and when the last row appears.
// Run: npm run bench  (ENTRIES=100000 by default; CHROME_PATH overrides /usr/bin/chromium). Prints figures; asserts nothing.
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, chromiumExecutable } from '../scripts/chromium.mjs';

const entries = Number(process.env.ENTRIES ?? 100_000);
/** How long to wait for the last row after the fling before calling it "never" (FLING_WAIT_MS, for quick checks of the recovery steps). */
const flingWaitMs = Number(process.env.FLING_WAIT_MS ?? 120_000);
/** How long each recovery step (1 px nudge, scrollToIndex) gets to show the last row. */
const recoveryWaitMs = 10_000;
const root = fileURLToPath(new URL('..', import.meta.url));
const server = await createServer({
  root,
  configFile: false,
  logLevel: 'error',
  // No watcher, no HMR: others edit the tree while this runs, and a reload mid-fling would spoil the figures.
  server: { port: 5199, strictPort: false, hmr: false, watch: null },
  // Both pages' dependencies bundled before the first load, so neither pays for Vite discovering them.
  optimizeDeps: {
    entries: ['bench/usage-table.html', 'bench/usage-table.vaadin.html'],
    include: ['@vaadin/grid/vaadin-grid.js', '@vaadin/grid/vaadin-grid-column.js'],
  },
});
await server.listen();
const base = server.resolvedUrls?.local[0] ?? 'http://localhost:5199/';

/** Each subject is a page defining window.benchHooks (see the two HTML files) over the same mock data. */
const subjects = [
  { name: '<balance-usage-table>', page: 'bench/usage-table.html' },
  { name: '@vaadin/grid 25', page: 'bench/usage-table.vaadin.html' },
];

const browser = await chromium.launch({
  executablePath: chromiumExecutable(),
  args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});

/**
 * Runs in the page after a fling left the last row unshown: optionally flings to the end again (same 40,000 px per
 * frame), checks for 1 s that the last row is still not shown, then applies one recovery step and polls every frame,
 * up to waitMs, for the last row. `how`: 'nudge' scrolls the scroller 1 px up (it is at its end, so down is no move);
 * 'scrollToIndex' calls the grid's scroll-to-index API for the last index.
 */
function recover({ how, waitMs, refling = false }) {
  const hooks = window.benchHooks;
  const scroller = hooks.scroller();
  const last = hooks.rowCount() - 1;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const highest = () => Math.max(...hooks.renderedIndices());
  return (async () => {
    if (refling) {
      while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
        scroller.scrollTop += 40_000;
        await frame();
      }
    }
    const settleUntil = performance.now() + 1_000;
    while (performance.now() < settleUntil) {
      if (hooks.rowShown(last))
        return { applied: false, shownBefore: true, shown: true, ms: 0, highestBefore: highest(), highestAfter: highest() };
      await frame();
    }
    const highestBefore = highest();
    const started = performance.now();
    if (how === 'nudge') scroller.scrollTop -= 1;
    else if (hooks.scrollToIndex) hooks.scrollToIndex(last);
    else
      return {
        applied: false,
        unsupported: true,
        shownBefore: false,
        shown: false,
        ms: Number.NaN,
        highestBefore,
        highestAfter: highest(),
      };
    while (performance.now() - started < waitMs) {
      if (hooks.rowShown(last))
        return { applied: true, shownBefore: false, shown: true, ms: performance.now() - started, highestBefore, highestAfter: highest() };
      await frame();
    }
    const result = { applied: true, shownBefore: false, shown: false, ms: Number.NaN, highestBefore, highestAfter: highest() };
    if (how !== 'nudge') return result;
    // One nudge was not enough: keep nudging 1 px up, one every 250 ms, up to 20 in all, and count them.
    const moreStarted = performance.now();
    for (let nudges = 2; nudges <= 20; nudges++) {
      scroller.scrollTop -= 1;
      const until = performance.now() + 250;
      while (performance.now() < until) {
        if (hooks.rowShown(last)) return { ...result, more: { nudges, ms: performance.now() - moreStarted, highest: highest() } };
        await frame();
      }
    }
    return { ...result, more: { nudges: Number.NaN, ms: Number.NaN, highest: highest() } };
  })();
}

/** One measurement in a fresh browser context (its own renderer, heap and cache state). */
async function measure(subject, { warmUp = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Long tasks are recorded from the first byte, so the fling's are told apart by their start time.
    await page.addInitScript(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${base}${subject.page}?entries=${entries}`);
    await page.waitForFunction(() => window.benchHooks !== undefined);

    const firstRowsMs = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const check = () => {
            const elapsed = performance.now() - window.benchStart;
            if (window.benchHooks.firstRowShown()) resolve(elapsed);
            else if (elapsed > 120_000) resolve(Number.NaN);
            else requestAnimationFrame(check);
          };
          check();
        }),
    );
    if (warmUp) return undefined;
    // Let the first view settle (both fetch a page or two beyond it) before counting what it keeps.
    await page.waitForTimeout(300);
    const firstView = await page.evaluate(() => ({
      rows: window.benchHooks.bodyRowsInDom(),
      rowHeight: window.benchHooks.rowHeight(),
      viewportHeight: window.benchHooks.scroller().clientHeight,
      rowCount: window.benchHooks.rowCount(),
      listUsageCalls: window.benchHooks.listUsageCalls(),
    }));

    // The fling: a large scroll step every frame, as a fast trackpad flick would, to the very end.
    const fling = await page.evaluate(
      (waitMs) =>
        new Promise((resolve) => {
          const hooks = window.benchHooks;
          const scroller = hooks.scroller();
          const callsBefore = hooks.listUsageCalls();
          const started = performance.now();
          let maxRows = 0;
          let frames = 0;
          const step = () => {
            maxRows = Math.max(maxRows, hooks.bodyRowsInDom());
            if (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
              scroller.scrollTop += 40_000;
              frames += 1;
              requestAnimationFrame(step);
              return;
            }
            const last = hooks.rowCount() - 1;
            const waitLast = () => {
              maxRows = Math.max(maxRows, hooks.bodyRowsInDom());
              if (hooks.rowShown(last)) {
                resolve({
                  started,
                  frames,
                  lastRowMs: performance.now() - started,
                  maxRows,
                  rendered: hooks.renderedIndices(),
                  calls: hooks.listUsageCalls() - callsBefore,
                  queued: hooks.queuedPageRequests(),
                });
              } else if (performance.now() - started > waitMs) {
                resolve({
                  started,
                  frames,
                  lastRowMs: Number.NaN,
                  maxRows,
                  rendered: hooks.renderedIndices(),
                  calls: hooks.listUsageCalls() - callsBefore,
                  queued: hooks.queuedPageRequests(),
                });
              } else requestAnimationFrame(waitLast);
            };
            waitLast();
          };
          step();
        }),
      flingWaitMs,
    );

    await page.waitForTimeout(500);
    const longTasks = await page.evaluate((since) => window.longTasks.filter((task) => task.start >= since), fling.started);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');

    // Recovery steps, only when the last row never showed, after the figures above are taken (so they count the
    // fling alone). Each starts from the same state: flung to the end, last row not shown. The 1 px nudges go first
    // (on the page as the fling left it); for scrollToIndex the page is scrolled back to the top and flung again, so
    // the nudges' effect is not counted twice.
    let nudge;
    let scrollToLast;
    if (!Number.isFinite(fling.lastRowMs)) {
      nudge = await page.evaluate(recover, { how: 'nudge', waitMs: recoveryWaitMs });
      await page.evaluate(() => {
        window.benchHooks.scroller().scrollTop = 0;
      });
      await page.waitForTimeout(1_000);
      scrollToLast = await page.evaluate(recover, { how: 'scrollToIndex', waitMs: recoveryWaitMs, refling: true });
    }
    return {
      firstRowsMs,
      ...firstView,
      fling,
      nudge,
      scrollToLast,
      longTasks: longTasks.length,
      longestTaskMs: longTasks.reduce((max, task) => Math.max(max, task.duration), 0),
      heapBytes: heap.usedSize,
      errors,
    };
  } finally {
    await context.close();
  }
}

try {
  // Vite transforms each module on its first request: load both pages once so neither measurement pays for it.
  for (const subject of subjects) await measure(subject, { warmUp: true });
  const results = [];
  for (const subject of subjects) results.push(await measure(subject));
  const [ours, vaadin] = results;

  const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : `never (gave up after ${flingWaitMs / 1000} s)`);
  const index = (value) => value.toLocaleString('en-US');
  /** "no → after 1 px nudge: yes, 180 ms (highest row 99,961 → 99,999)" or "yes" when there was nothing to recover. */
  const recovery = (r, step, label) => {
    if (Number.isFinite(r.fling.lastRowMs)) return 'yes (not needed)';
    if (!step) return 'no → not tried';
    if (step.shownBefore) return `no → shown on its own before the ${label}`;
    if (step.unsupported) return `no → no ${label} hook`;
    const outcome = step.shown ? `yes, ${step.ms.toFixed(0)} ms` : `no within ${recoveryWaitMs / 1000} s`;
    let text = `no → after ${label}: ${outcome} (highest row ${index(step.highestBefore)} → ${index(step.highestAfter)})`;
    if (step.more) {
      text += Number.isFinite(step.more.nudges)
        ? `; after ${step.more.nudges} nudges: yes, ${step.more.ms.toFixed(0)} ms from the 2nd`
        : `; still no after 20 nudges (highest row ${index(step.more.highest)})`;
    }
    return text;
  };
  const mb = (bytes) => `${(bytes / 1_048_576).toFixed(1)} MB`;
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
  const figures = [
    ['entries', (r) => r.rowCount.toLocaleString('en-US'), null],
    ['viewport / row height', (r) => `${r.viewportHeight} px / ${r.rowHeight.toFixed(0)} px`, null],
    ['time to first rows', (r) => ms(r.firstRowsMs), (r) => r.firstRowsMs],
    ['body rows in DOM (first view)', (r) => String(r.rows), (r) => r.rows],
    ['body rows in DOM (max during fling)', (r) => String(r.fling.maxRows), (r) => r.fling.maxRows],
    ['fling to last row shown', (r) => `${ms(r.fling.lastRowMs)} (${r.fling.frames} frames)`, (r) => r.fling.lastRowMs],
    ['listUsage requests (first view / fling)', (r) => `${r.listUsageCalls} / ${r.fling.calls}`, (r) => r.fling.calls],
    ['page requests still queued at last row', (r) => String(r.fling.queued), null],
    ['highest row index rendered at the end', (r) => Math.max(...r.fling.rendered).toLocaleString('en-US'), null],
    ['last row shown after fling: 1 px nudge', (r) => recovery(r, r.nudge, '1 px nudge'), null],
    ['last row shown after fling: scrollToIndex', (r) => recovery(r, r.scrollToLast, 'scrollToIndex(size - 1)'), null],
    ['long tasks > 50 ms during fling', (r) => String(r.longTasks), (r) => r.longTasks],
    ['longest task during fling', (r) => ms(r.longestTaskMs), (r) => r.longestTaskMs],
    ['JS heap after fling (after GC)', (r) => mb(r.heapBytes), (r) => r.heapBytes],
  ];
  const table = [['', ...subjects.map((subject) => subject.name), 'ours / vaadin']];
  for (const [label, show, value] of figures) {
    table.push([label, show(ours), show(vaadin), value ? ratio(value(ours), value(vaadin)) : '']);
  }
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  console.log(
    `\nusage table bench: ${entries.toLocaleString('en-US')} mock entries, Chromium ${browser.version()}, each in a fresh context\n`,
  );
  for (const row of table) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`);
  for (const [index, result] of results.entries()) {
    if (result.errors.length) console.log(`\npage errors (${subjects[index].name}):\n  ${result.errors.join('\n  ')}`);
  }
  console.log('');
} finally {
  await browser.close();
  await server.close();
}
