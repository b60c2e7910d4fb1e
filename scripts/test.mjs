// `npm test`: find (or install) a Chromium, then run every test in Web Test Runner.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

function findChromium() {
  for (const candidate of [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return null;
}

let chromium = findChromium();
if (!chromium) {
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    console.error('No Chromium found: install one (Debian: sudo apt-get install chromium) or set CHROME_PATH=/path/to/chrome.');
    process.exit(1);
  }
  console.log('No Chromium found; installing Debian\'s chromium package…');
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run(['update', '-qq']);
  run(['install', '-y', '-qq', 'chromium']);
  chromium = findChromium();
  if (!chromium) {
    console.error('Installing chromium failed: run "apt-get install chromium" or set CHROME_PATH.');
    process.exit(1);
  }
}

const result = spawnSync(
  process.execPath,
  ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, CHROME_PATH: chromium } },
);
process.exit(result.status ?? 1);
