// The one place that knows how this project launches headless Chromium (tests, end to end, examples, benchmarks).
import { existsSync } from 'node:fs';

/** Flags for a container without a GPU or a sandbox and with a small /dev/shm; no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** CHROME_PATH, else the usual Debian/Ubuntu locations; null when none is installed. */
export function findChromium() {
  for (const candidate of [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return null;
}

/** The executable to launch: what findChromium() finds, or /usr/bin/chromium for a clear "not found" from the launcher. */
export const chromiumExecutable = () => findChromium() ?? '/usr/bin/chromium';
