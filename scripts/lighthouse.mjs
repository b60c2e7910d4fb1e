// `npm run lighthouse`: Lighthouse on a production build of demo/ (in ?mock mode: no reference server is needed, and the
// mock is what a visitor without a backend sees), served as static files under the strict Content-Security-Policy.
// Desktop and mobile presets, 3 runs each; prints the median performance score, CLS, TBT and LCP next to their targets.
// A benchmark that prints figures, not a pass/fail test. Options: --runs N, --url-path '/?mock&lang=de', --details
// (the slowest scripts and the unused JavaScript of the median run), --keep (leaves the build and prints its folder).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { chromiumExecutable } from './chromium.mjs';
import { buildDemo, serveDirectory, strictContentSecurityPolicy } from './demo-static.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option('--runs', 3));
const urlPath = option('--url-path', '/?mock');
const details = args.includes('--details');

const TARGETS = {
  desktop: { score: 90, cls: 0.01, tbt: 200 },
  mobile: { score: 90, cls: 0.01, tbt: 200 },
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

const outDir = await mkdtemp(join(tmpdir(), 'billing-demo-lighthouse-'));
console.log(`Building demo/ for production into ${outDir}…`);
await buildDemo(outDir);
const site = await serveDirectory(outDir, { headers: { 'Content-Security-Policy': strictContentSecurityPolicy({ stripe: true }) } });
const url = `${site.url}${urlPath}`;
console.log(`Serving ${url} (strict CSP). Lighthouse ${runs}× desktop, ${runs}× mobile…\n`);

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? chromiumExecutable(),
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});

const rows = [];
try {
  for (const preset of ['desktop', 'mobile']) {
    const results = [];
    for (let run = 1; run <= runs; run++) {
      const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] };
      const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`Lighthouse returned no report (${preset} run ${run})`);
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const figures = {
        score: Math.round((lhr.categories.performance.score ?? 0) * 100),
        cls: lhr.audits['cumulative-layout-shift'].numericValue,
        tbt: lhr.audits['total-blocking-time'].numericValue,
        lcp: lhr.audits['largest-contentful-paint'].numericValue,
        lhr,
      };
      results.push(figures);
      console.log(
        `  ${preset} run ${run}: score ${figures.score}, CLS ${figures.cls.toFixed(3)}, TBT ${Math.round(figures.tbt)} ms, LCP ${Math.round(figures.lcp)} ms`,
      );
    }
    const row = {
      preset,
      score: median(results.map((r) => r.score)),
      cls: median(results.map((r) => r.cls)),
      tbt: median(results.map((r) => r.tbt)),
      lcp: median(results.map((r) => r.lcp)),
    };
    rows.push(row);
    if (details) printDetails(preset, results.find((r) => r.tbt === row.tbt)?.lhr ?? results[0].lhr);
  }
} finally {
  await chrome.kill();
  await site.close();
  if (args.includes('--keep')) console.log(`\nThe build stays in ${outDir}`);
  else await rm(outDir, { recursive: true, force: true });
}

const mark = (ok) => (ok ? 'ok ' : 'MISS');
console.log(`\nMedian of ${runs} (${url.replace(site.url, '')}):`);
console.log('preset   | performance (target ≥ 90) | CLS (target ≤ 0.01) | TBT (target ≤ 200 ms) | LCP');
for (const row of rows) {
  const target = TARGETS[row.preset];
  console.log(
    `${row.preset.padEnd(8)} | ${String(row.score).padStart(3)} ${mark(row.score >= target.score)}                   | ` +
      `${row.cls.toFixed(3)} ${mark(row.cls <= target.cls)}           | ${String(Math.round(row.tbt)).padStart(4)} ms ${mark(row.tbt <= target.tbt)}           | ${Math.round(row.lcp)} ms`,
  );
}

function printDetails(preset, lhr) {
  console.log(`\n  ${preset}: main-thread work by script (bootup-time)`);
  for (const item of (lhr.audits['bootup-time'].details?.items ?? []).slice(0, 6)) {
    console.log(`    ${String(Math.round(item.total)).padStart(5)} ms total, ${Math.round(item.scripting)} ms scripting  ${item.url}`);
  }
  console.log(`  ${preset}: main-thread work by kind (mainthread-work-breakdown)`);
  for (const item of (lhr.audits['mainthread-work-breakdown'].details?.items ?? []).slice(0, 6)) {
    console.log(`    ${String(Math.round(item.duration)).padStart(5)} ms  ${item.groupLabel ?? item.group}`);
  }
  console.log(`  ${preset}: unused JavaScript`);
  for (const item of lhr.audits['unused-javascript'].details?.items ?? []) {
    console.log(`    ${Math.round(item.wastedBytes / 1024)} KiB of ${Math.round(item.totalBytes / 1024)} KiB unused  ${item.url}`);
  }
  console.log(`  ${preset}: long main-thread tasks (long-tasks)`);
  for (const item of (lhr.audits['long-tasks']?.details?.items ?? []).slice(0, 8)) {
    console.log(`    ${String(Math.round(item.duration)).padStart(5)} ms at ${Math.round(item.startTime)} ms  ${item.url}`);
  }
  const lcpElement = lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
  if (lcpElement) console.log(`  ${preset}: LCP element ${lcpElement.snippet}`);
  console.log(`  ${preset}: layout shifts`);
  for (const item of lhr.audits['layout-shifts']?.details?.items ?? []) {
    console.log(`    ${item.score.toFixed(3)}  ${item.node?.snippet ?? ''} ${item.node?.selector ?? ''}`);
  }
}
