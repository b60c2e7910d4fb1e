// `npm test`: every test. Node-side tests (test/**/*.node.test.ts: server, HTTP client against it, contract kit)
// under Node's runner, then the browser tests in Web Test Runner on a found (or installed) Chromium; one summary line.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { findChromium } from './chromium.mjs';

// TEST_FILES=a,b limits the run to those files (either kind); NODE_ONLY=1 / BROWSER_ONLY=1 pick one runner.
const only = process.env.TEST_FILES?.split(',').filter(Boolean);
const scratch = mkdtempSync(join(tmpdir(), 'billing-test-'));

function findFiles(dir, predicate, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) findFiles(path, predicate, found);
    else if (predicate(path)) found.push(path);
  }
  return found.sort();
}

function ensureChromium() {
  let chromium = findChromium();
  if (chromium) return chromium;
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    console.error('No Chromium found: install one (Debian: sudo apt-get install chromium) or set CHROME_PATH=/path/to/chrome.');
    process.exit(1);
  }
  console.log("No Chromium found; installing Debian's chromium package…");
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run(['update', '-qq']);
  run(['install', '-y', '-qq', 'chromium']);
  chromium = findChromium();
  if (!chromium) {
    console.error('Installing chromium failed: run "apt-get install chromium" or set CHROME_PATH.');
    process.exit(1);
  }
  return chromium;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const chromium = ensureChromium(); // the end-to-end Node tests drive it too

// ---- Node tests
const nodeFiles = (only ?? findFiles('test', (path) => path.endsWith('.node.test.ts'))).filter((path) => path.endsWith('.node.test.ts'));
function runNodeTests(files, label, env) {
  const tap = join(scratch, `node-${label}.tap`);
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { stdio: 'inherit', env },
  );
  const summary = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const figure = (name) => Number(summary.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  totals.passed += figure('pass');
  totals.failed += figure('fail') + figure('cancelled');
  totals.skipped += figure('skipped') + figure('todo');
  if (result.status !== 0 && figure('fail') + figure('cancelled') === 0) totals.failed += 1; // crashed outside a test
}

if (nodeFiles.length > 0 && !process.env.BROWSER_ONLY) {
  // Every Node test on PGlite, whatever the environment says…
  const { DATABASE_URL: databaseUrl, ...withoutDatabase } = process.env;
  runNodeTests(nodeFiles, 'pglite', { ...withoutDatabase, CHROME_PATH: chromium });
  // …and the server tests once more on PostgreSQL when DATABASE_URL names one (CI sets it up).
  const serverFiles = nodeFiles.filter((path) => path.replaceAll('\\', '/').startsWith('test/server/'));
  if (databaseUrl && serverFiles.length > 0) {
    console.log(`\nServer tests again on PostgreSQL (DATABASE_URL)…`);
    runNodeTests(serverFiles, 'postgres', { ...process.env, CHROME_PATH: chromium });
  }
}

// ---- Browser tests
const browserFiles = only?.filter((path) => !path.endsWith('.node.test.ts'));
if (!process.env.NODE_ONLY && (!only || browserFiles.length > 0)) {
  const totalsFile = join(scratch, 'browser.json');
  const result = spawnSync(
    process.execPath,
    ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        CHROME_PATH: chromium,
        BILLING_TEST_TOTALS: totalsFile,
        ...(browserFiles ? { TEST_FILES: browserFiles.join(',') } : {}),
      },
    },
  );
  if (existsSync(totalsFile)) {
    const browser = JSON.parse(readFileSync(totalsFile, 'utf8'));
    totals.passed += browser.passed;
    totals.failed += browser.failed;
    totals.skipped += browser.skipped;
  }
  if (result.status !== 0 && !existsSync(totalsFile)) totals.failed += 1;
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
