// Benchmark for <balance-usage-table> against a @tanstack/virtual-core table and @vaadin/grid on the same data: time to
// first rows, rows in the DOM, main-thread time per frame and long tasks during a fling to the end, whether the last row
// is reached and drawn, the End key, heap after it. RUNS rounds (default 3), the pages interleaved (the order turns each
// round); every figure is the median of the rounds, printed next to its target (issue 16) with PASS or FAIL.
// When the last row is not shown after the fling, it records that and tries, separately, a 1 px scroll nudge and the
// grid's own scroll-to-last-index, timing whether and when the last row appears.
// First rows swing 2x between loads of the same page on a shared 2-core machine, so each round also loads every page
// FIRST_ROWS_LOADS more times (default 3) for that figure alone: its median is over RUNS x (1 + FIRST_ROWS_LOADS) loads.
// Run: npm run bench  (ENTRIES=100000, RUNS=3 by default; CLIENT=mock|synthetic, synthetic by default above 100,000
// entries; FLING_WAIT_MS; PAGES=table,tanstack,vaadin to run fewer pages; CHROME_PATH overrides /usr/bin/chromium).
// STRICT=1 exits 1 when any target fails; STRICT=reach only when one that does not depend on the machine's speed
// fails (the last row reached by the fling and by End, aria-rowcount): the one for CI.
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, chromiumExecutable } from '../scripts/chromium.mjs';

const entries = Number(process.env.ENTRIES ?? 100_000);
const runs = Math.max(1, Number(process.env.RUNS ?? 3));
const firstRowsLoads = Math.max(0, Number(process.env.FIRST_ROWS_LOADS ?? 3));
/** The mock holds its ledger in memory (at most 1,000,000 entries); the synthetic client makes entries on demand. */
const clientKind = process.env.CLIENT ?? (entries > 100_000 ? 'synthetic' : 'mock');
/** How long to wait for the last row after the fling before calling it "never" (FLING_WAIT_MS, for quick checks of the recovery steps). */
const flingWaitMs = Number(process.env.FLING_WAIT_MS ?? 20_000);
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
    entries: ['bench/usage-table.html', 'bench/usage-table.tanstack.html', 'bench/usage-table.vaadin.html'],
    include: ['@vaadin/grid/vaadin-grid.js', '@vaadin/grid/vaadin-grid-column.js', '@tanstack/virtual-core'],
  },
});
await server.listen();
const base = server.resolvedUrls?.local[0] ?? 'http://localhost:5199/';

/** Each subject is a page defining window.benchHooks (see the HTML files) over the same data. */
const allSubjects = [
  { key: 'table', name: '<balance-usage-table>', page: 'bench/usage-table.html' },
  { key: 'tanstack', name: '@tanstack/virtual-core 3', page: 'bench/usage-table.tanstack.html' },
  { key: 'vaadin', name: '@vaadin/grid 25', page: 'bench/usage-table.vaadin.html' },
];
const pages = (process.env.PAGES ?? 'table,tanstack,vaadin').split(',');
const subjects = allSubjects.filter((subject) => subject.key === 'table' || pages.includes(subject.key));

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
async function measure(subject, { firstRowsOnly = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Long tasks are recorded from the first byte, so the fling's are told apart by their start time. First rows are
    // watched from the page's first frame on: a check started from here (after goto's load event and a round trip)
    // could only see them once it ran, which made a page that drew its rows before then look as slow as the harness.
    await page.addInitScript(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
      const watch = () => {
        if (window.benchHooks?.firstRowShown()) window.firstRowsMs = performance.now() - window.benchStart;
        else if (performance.now() > 120_000) window.firstRowsMs = Number.NaN;
        else requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await page.goto(`${base}${subject.page}?entries=${entries}&client=${clientKind}`);
    await page.waitForFunction(() => window.firstRowsMs !== undefined, undefined, { timeout: 130_000 });
    const firstRowsMs = await page.evaluate(() => window.firstRowsMs);
    if (firstRowsOnly) return { firstRowsMs };
    // Let the first view settle (both fetch a page or two beyond it) before counting what it keeps.
    await page.waitForTimeout(300);
    const firstView = await page.evaluate(() => ({
      rows: window.benchHooks.bodyRowsInDom(),
      rowHeight: window.benchHooks.rowHeight(),
      viewportHeight: window.benchHooks.scroller().clientHeight,
      rowCount: window.benchHooks.rowCount(),
      listUsageCalls: window.benchHooks.listUsageCalls(),
    }));

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const busySeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration').value;

    // The fling: a large scroll step every frame, as a fast trackpad flick would, to the very end of the scroller.
    const busyBefore = await busySeconds();
    const steps = await page.evaluate(
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
            } else resolve({ started, frames, stepsMs: performance.now() - started, maxRows, callsBefore });
          };
          step();
        }),
    );
    const busyMs = ((await busySeconds()) - busyBefore) * 1000;
    const fling = await page.evaluate(
      ({ waitMs, steps }) =>
        new Promise((resolve) => {
          const hooks = window.benchHooks;
          const scroller = hooks.scroller();
          let maxRows = steps.maxRows;
          const last = hooks.rowCount() - 1;
          // Drawn: the row is loaded and lies inside the scroller's box, under its header.
          const drawn = () => {
            const row = hooks.rowElement(last);
            if (!row) return false;
            const box = row.getBoundingClientRect();
            const view = scroller.getBoundingClientRect();
            return box.height > 0 && box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
          };
          const done = (lastRowMs) =>
            resolve({
              ...steps,
              lastRowMs,
              lastRowDrawn: Number.isFinite(lastRowMs) && drawn(),
              maxRows,
              rendered: hooks.renderedIndices(),
              calls: hooks.listUsageCalls() - steps.callsBefore,
              queued: hooks.queuedPageRequests(),
            });
          const waitLast = () => {
            maxRows = Math.max(maxRows, hooks.bodyRowsInDom());
            if (hooks.rowShown(last)) done(performance.now() - steps.started);
            else if (performance.now() - steps.started > waitMs) done(Number.NaN);
            else requestAnimationFrame(waitLast);
          };
          waitLast();
        }),
      { waitMs: flingWaitMs, steps },
    );

    await page.waitForTimeout(500);
    const longTasks = await page.evaluate((since) => window.longTasks.filter((task) => task.start >= since), fling.started);
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
    const endKey = await pressEnd(page);
    return {
      firstRowsMs,
      ...firstView,
      fling,
      busyPerFrameMs: busyMs / Math.max(1, fling.frames),
      wallPerFrameMs: fling.stepsMs / Math.max(1, fling.frames),
      nudge,
      scrollToLast,
      endKey,
      longTasks: longTasks.length,
      longestTaskMs: longTasks.reduce((max, task) => Math.max(max, task.duration), 0),
      heapBytes: heap.usedSize,
      errors,
    };
  } finally {
    await context.close();
  }
}

/**
 * Keyboard only: back to the top, focus on the first row, then End (the page's own key for the last row). Resolves with
 * the time until the focused row is the last one, loaded and drawn in the scroller; NaN after 20 s; undefined when the
 * page has no keyboard navigation.
 */
async function pressEnd(page) {
  const key = await page.evaluate(async () => {
    const hooks = window.benchHooks;
    if (!hooks.endKey) return undefined;
    hooks.scroller().scrollTop = 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
    hooks.focusFirstRow();
    return hooks.endKey;
  });
  if (!key) return undefined;
  await page.waitForTimeout(200);
  const started = await page.evaluate(() => performance.now());
  await page.keyboard.press(key);
  return page.evaluate(
    (started) =>
      new Promise((resolve) => {
        const hooks = window.benchHooks;
        const last = hooks.rowCount() - 1;
        const check = () => {
          const row = hooks.focusedRow();
          const view = hooks.scroller().getBoundingClientRect();
          const box = row?.getBoundingClientRect();
          const ok =
            row && hooks.rowIndexOf(row) === last && hooks.rowShown(last) && box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
          if (ok) resolve(performance.now() - started);
          else if (performance.now() - started > 20_000) resolve(Number.NaN);
          else requestAnimationFrame(check);
        };
        check();
      }),
    started,
  );
}

const median = (values) => {
  const finite = values.filter((value) => value !== undefined);
  if (finite.length === 0) return undefined;
  const sorted = [...finite].sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

try {
  // Vite transforms each module on its first request: load every page once so no measurement pays for it.
  for (const subject of subjects) await measure(subject, { firstRowsOnly: true });
  /** results[subject][round]; each round runs every page once, the order turned by one each round. */
  const results = subjects.map(() => []);
  /** firstRows[subject][load]: every load's first rows, the rounds' and the extra ones, loads of one index side by side. */
  const firstRows = subjects.map(() => []);
  for (let round = 0; round < runs; round++) {
    for (let turn = 0; turn < subjects.length; turn++) {
      const index = (round + turn) % subjects.length;
      const result = await measure(subjects[index]);
      results[index].push(result);
      firstRows[index].push(result.firstRowsMs);
    }
    for (let load = 0; load < firstRowsLoads; load++) {
      for (let turn = 0; turn < subjects.length; turn++) {
        const index = (round + load + turn + 1) % subjects.length;
        firstRows[index].push((await measure(subjects[index], { firstRowsOnly: true })).firstRowsMs);
      }
    }
  }

  const ms = (value) => (value === undefined ? 'n/a' : Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'never');
  const ms1 = (value) => (value === undefined ? 'n/a' : Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'never');
  const count = (value) => (value === undefined ? 'n/a' : Math.round(value).toLocaleString('en-US'));
  const yes = (value) => (value === undefined ? 'n/a' : value >= 0.5 ? 'yes' : 'no');
  const mb = (bytes) => `${(bytes / 1_048_576).toFixed(1)} MB`;
  /** One figure per subject: the median over the rounds (a yes/no is the majority). */
  const med = (pick) => results.map((rounds) => median(rounds.map(pick)));
  const recovery = (rounds) => {
    const r = rounds[0];
    if (Number.isFinite(r.fling.lastRowMs)) return 'not needed';
    const step = r.scrollToLast;
    if (!step || step.unsupported) return 'no hook';
    return step.shown ? `scrollToIndex: ${step.ms.toFixed(0)} ms` : 'scrollToIndex: no';
  };
  const firstRowsMedians = firstRows.map(median);
  const figures = [
    ['entries (aria-rowcount − 1 for the table)', med((r) => r.rowCount), count],
    [`time to first rows (median of ${firstRows[0].length} loads)`, firstRowsMedians, ms],
    [
      'body rows in DOM (first view / max in fling)',
      med((r) => r.rows),
      (v, i) => `${count(v)} / ${count(med((r) => r.fling.maxRows)[i])}`,
    ],
    ['main-thread time per fling frame', med((r) => r.busyPerFrameMs), ms1],
    ['wall time per fling frame', med((r) => r.wallPerFrameMs), ms1],
    ['long tasks > 50 ms during fling (longest)', med((r) => r.longTasks), (v, i) => `${count(v)} (${ms(med((r) => r.longestTaskMs)[i])})`],
    ['fling: last row shown', med((r) => r.fling.lastRowMs), (v, i) => `${ms(v)} (${count(med((r) => r.fling.frames)[i])} frames)`],
    ['fling: last row drawn in view', med((r) => (r.fling.lastRowDrawn ? 1 : 0)), yes],
    ['after the fling, shown by', results.map(() => 0), (_, i) => recovery(results[i])],
    ['End key: last row focused and drawn', med((r) => r.endKey), ms],
    [
      'listUsage requests (first view / fling)',
      med((r) => r.listUsageCalls),
      (v, i) => `${count(v)} / ${count(med((r) => r.fling.calls)[i])}`,
    ],
    ['JS heap after fling (after GC)', med((r) => r.heapBytes), mb],
  ];
  const ours = 0;
  const tanstack = subjects.findIndex((subject) => subject.key === 'tanstack');
  const vaadin = subjects.findIndex((subject) => subject.key === 'vaadin');
  const value = (label) => figures.find((figure) => figure[0] === label)[1];
  const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
  const targets = [];
  if (entries <= 100_000 && tanstack > 0 && vaadin > 0) {
    const long = value('long tasks > 50 ms during fling (longest)');
    const frame = value('main-thread time per fling frame');
    const first = firstRowsMedians;
    // Loads of the same index ran next to each other: the median of their ratios is steadier than the medians' ratio.
    const pairRatio = median(firstRows[ours].map((ms, i) => ms / firstRows[vaadin][i]));
    targets.push(
      [
        '0 long tasks > 50 ms during the fling',
        `${count(long[ours])} (TanStack ${count(long[tanstack])}, Vaadin ${count(long[vaadin])})`,
        long[ours] === 0,
        'timing',
      ],
      [
        'main-thread time per frame ≤ TanStack’s',
        `${ms1(frame[ours])} vs ${ms1(frame[tanstack])}`,
        frame[ours] <= frame[tanstack],
        'timing',
      ],
      [
        'first rows ≤ 0.75 × Vaadin’s',
        `${ms(first[ours])} vs ${ms(first[vaadin])} (${(first[ours] / first[vaadin]).toFixed(2)}×; ` +
          `median of the ${firstRows[ours].length} side-by-side ratios ${pairRatio.toFixed(2)}×)`,
        first[ours] <= 0.75 * first[vaadin],
        'timing',
      ],
    );
  }
  const shown = value('fling: last row shown');
  const drawn = value('fling: last row drawn in view');
  const end = value('End key: last row focused and drawn');
  const rowCount = value('entries (aria-rowcount − 1 for the table)');
  targets.push(
    [
      'a fling reaches and draws the last row',
      `${ms(shown[ours])}, drawn in view: ${yes(drawn[ours])}`,
      Number.isFinite(shown[ours]) && drawn[ours] >= 0.5,
      'reach',
    ],
    ['End reaches, focuses and draws the last row', ms(end[ours]), Number.isFinite(end[ours]), 'reach'],
    ['aria-rowcount addresses every row', `${count(rowCount[ours] + 1)} = ${count(entries)} + header`, rowCount[ours] === entries, 'reach'],
  );

  const table = [['', ...subjects.map((subject) => subject.name)]];
  for (const [label, values, show] of figures) table.push([label, ...values.map((v, i) => show(v, i))]);
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  console.log(
    `\nusage table bench: ${entries.toLocaleString('en-US')} entries (${clientKind} client), Chromium ${browser.version()}, ` +
      `medians of ${runs} interleaved rounds (first rows: ${1 + firstRowsLoads} loads a round), each page in a fresh context\n`,
  );
  for (const row of table) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`);
  console.log('\n  targets (issue 16):');
  const targetWidth = Math.max(...targets.map(([label]) => label.length));
  for (const [label, shownValue, ok] of targets) console.log(`  ${verdict(ok)}  ${label.padEnd(targetWidth)}  ${shownValue}`);
  for (const [index, rounds] of results.entries()) {
    const errors = rounds.flatMap((r) => r.errors);
    if (errors.length) console.log(`\npage errors (${subjects[index].name}):\n  ${[...new Set(errors)].join('\n  ')}`);
  }
  console.log('');
  const gating = targets.filter(([, , , kind]) => process.env.STRICT === '1' || (process.env.STRICT === 'reach' && kind === 'reach'));
  if (gating.some(([, , ok]) => !ok)) process.exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
