// `npm run lint:openapi`: Redocly (recommended ruleset, redocly.yaml) and Spectral (spectral:oas, .spectral.yaml) on openapi.json; any error or warning fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** openapi.json unless another file is named (e.g. to see the lint fail on an old copy). */
const SPEC = process.argv[2] ?? 'openapi.json';
/** Both run offline in about two seconds; a minute means something is waiting on the network. */
const TIMEOUT_MS = 60_000;
// Redocly sends usage telemetry and checks for updates unless told not to; CI has no network for it.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' };

function run(tool, args) {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', tool), args, {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`${tool} did not finish: ${result.error.message}`);
  return result;
}

function failedToRun(tool, result, why) {
  console.error(`${tool}: ${why} (exit ${result.status})\n${result.stdout}\n${result.stderr}`);
  return { errors: 1, warnings: 0 };
}

function redocly() {
  const result = run('redocly', ['lint', SPEC, '--config', 'redocly.yaml', '--format', 'json', '--max-problems', '1000']);
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return failedToRun('redocly', result, 'no JSON report');
  }
  for (const problem of report.problems) {
    const where = problem.location?.[0];
    console.log(
      `  ${problem.severity.padEnd(5)} ${problem.ruleId}  ${where?.pointer ?? ''} (line ${where?.start?.line ?? '?'})  ${problem.message}`,
    );
  }
  const { errors, warnings } = report.totals;
  console.log(`redocly ${report.version} lint ${SPEC} (recommended): ${errors} errors, ${warnings} warnings`);
  return { errors, warnings };
}

function spectral() {
  const folder = mkdtempSync(join(tmpdir(), 'spectral-'));
  const output = join(folder, 'results.json');
  try {
    const result = run('spectral', [
      'lint',
      SPEC,
      '--ruleset',
      '.spectral.yaml',
      '--format',
      'json',
      '--output',
      output,
      '--fail-severity',
      'warn',
      '--quiet',
    ]);
    let results;
    try {
      results = JSON.parse(readFileSync(output, 'utf8'));
    } catch {
      return failedToRun('spectral', result, 'no JSON report');
    }
    const names = ['error', 'warn', 'info', 'hint'];
    const counts = [0, 0, 0, 0];
    for (const found of results) {
      counts[found.severity] = (counts[found.severity] ?? 0) + 1;
      console.log(
        `  ${(names[found.severity] ?? '?').padEnd(5)} ${found.code}  ${found.path.join('.')} (line ${found.range.start.line + 1})  ${found.message}`,
      );
    }
    console.log(`spectral lint ${SPEC} (spectral:oas): ${counts[0]} errors, ${counts[1]} warnings, ${counts[2]} infos, ${counts[3]} hints`);
    // Spectral's own verdict too: an exit code of 2 is a ruleset or file it could not read.
    if (result.status !== 0 && counts[0] + counts[1] === 0) return failedToRun('spectral', result, 'failed');
    return { errors: counts[0], warnings: counts[1] };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const totals = [redocly(), spectral()];
const problems = totals.reduce((sum, { errors, warnings }) => sum + errors + warnings, 0);
if (problems > 0) {
  console.error(`openapi.json: ${problems} lint problems. Fix scripts/openapi.ts or scripts/openapi-docs.ts, then run 'npm run openapi'.`);
  process.exitCode = 1;
}
