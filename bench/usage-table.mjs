// Benchmark for <balance-usage-table>: time to first rows, rows in the DOM, long tasks during a fling to the end, heap after it.
// Run: npm run bench  (ENTRIES=100000 by default; CHROME_PATH overrides /usr/bin/chromium). Prints figures; asserts nothing.
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const entries = Number(process.env.ENTRIES ?? 100_000);
const root = fileURLToPath(new URL('..', import.meta.url));
const server = await createServer({ root, configFile: false, logLevel: 'error', server: { port: 5199, strictPort: false } });
await server.listen();
const base = server.resolvedUrls?.local[0] ?? 'http://localhost:5199/';

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Long tasks are recorded from the first byte, so the fling's are told apart by their start time.
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${base}bench/usage-table.html?entries=${entries}`);

  const shadow = `document.getElementById('table').shadowRoot`;
  const firstRowsMs = await page.evaluate(
    (shadowExpr) =>
      new Promise((resolve) => {
        const check = () => {
          const root = eval(shadowExpr);
          const row = root?.querySelector('.body [role="row"]:not(.row--loading)');
          if (row) resolve(performance.now() - window.benchStart);
          else requestAnimationFrame(check);
        };
        check();
      }),
    shadow,
  );
  const rowsInDom = await page.evaluate((shadowExpr) => eval(shadowExpr).querySelectorAll('[role="row"]').length, shadow);

  // The fling: a large scroll step every frame, as a fast trackpad flick would, to the very end.
  const fling = await page.evaluate(
    (shadowExpr) =>
      new Promise((resolve) => {
        const root = eval(shadowExpr);
        const grid = root.querySelector('[role="grid"]');
        const started = performance.now();
        let maxRows = 0;
        const step = () => {
          maxRows = Math.max(maxRows, root.querySelectorAll('[role="row"]').length);
          if (grid.scrollTop + grid.clientHeight < grid.scrollHeight - 1) {
            grid.scrollTop += 40_000;
            requestAnimationFrame(step);
            return;
          }
          const total = Number(grid.getAttribute('aria-rowcount'));
          const waitLast = () => {
            maxRows = Math.max(maxRows, root.querySelectorAll('[role="row"]').length);
            if (root.querySelector(`[aria-rowindex="${total}"]:not(.row--loading)`)) {
              resolve({ started, lastRowMs: performance.now() - started, maxRows });
            } else requestAnimationFrame(waitLast);
          };
          waitLast();
        };
        step();
      }),
    shadow,
  );
  await page.waitForTimeout(500);
  const longTasks = await page.evaluate((since) => window.longTasks.filter((task) => task.start >= since), fling.started);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');

  const mb = (bytes) => `${(bytes / 1_048_576).toFixed(1)} MB`;
  const rows = [
    ['entries', entries.toLocaleString('en-US')],
    ['time to first rows', `${firstRowsMs.toFixed(0)} ms`],
    ['rows in DOM (first view)', rowsInDom],
    ['rows in DOM (max during fling)', fling.maxRows],
    ['fling to last row shown', `${fling.lastRowMs.toFixed(0)} ms`],
    ['long tasks > 50 ms during fling', longTasks.length],
    ['longest task during fling', `${longTasks.reduce((max, task) => Math.max(max, task.duration), 0).toFixed(0)} ms`],
    ['JS heap after fling (after GC)', mb(heap.usedSize)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n<balance-usage-table> bench (Chromium ${browser.version()})\n`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  if (errors.length) console.log(`\npage errors:\n  ${errors.join('\n  ')}`);
  console.log('\n@vaadin/grid comparison: not measured in this round.\n');
} finally {
  await browser.close();
  await server.close();
}
