// Benchmark for <balance-usage-table> against @vaadin/grid on the same data: time to first rows, rows in the DOM, long tasks during a fling to the end, heap after it.
// Run: npm run bench  (ENTRIES=100000 by default; CHROME_PATH overrides /usr/bin/chromium). Prints figures; asserts nothing.
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, chromiumExecutable } from '../scripts/chromium.mjs';

const entries = Number(process.env.ENTRIES ?? 100_000);
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
      () =>
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
              } else if (performance.now() - started > 120_000) {
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
    );
    await page.waitForTimeout(500);
    const longTasks = await page.evaluate((since) => window.longTasks.filter((task) => task.start >= since), fling.started);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    return {
      firstRowsMs,
      ...firstView,
      fling,
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

  const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'never (gave up after 120 s)');
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
    ['long tasks > 50 ms during fling', (r) => String(r.longTasks), (r) => r.longTasks],
    ['longest task during fling', (r) => ms(r.longestTaskMs), (r) => r.longestTaskMs],
    ['JS heap after fling (after GC)', (r) => mb(r.heapBytes), (r) => r.heapBytes],
  ];
  const table = [['', ...subjects.map((subject) => subject.name), 'ours / vaadin']];
  for (const [label, show, value] of figures) {
    table.push([label, show(ours), show(vaadin), value ? ratio(value(ours), value(vaadin)) : '']);
  }
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  console.log(`\nusage table bench: ${entries.toLocaleString('en-US')} mock entries, Chromium ${browser.version()}, each in a fresh context\n`);
  for (const row of table) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`);
  for (const [index, result] of results.entries()) {
    if (result.errors.length) console.log(`\npage errors (${subjects[index].name}):\n  ${result.errors.join('\n  ')}`);
  }
  console.log('');
} finally {
  await browser.close();
  await server.close();
}
