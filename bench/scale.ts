// `npm run bench:scale`: the usage reads at scale on both databases, each figure beside its target (issue 16):
// 10,000,000 entries on PostgreSQL (DATABASE_URL; skipped, and said so, without it), then 1,000,000 on PGlite.
//   SCALE_POSTGRES=… SCALE_PGLITE=… npm run bench:scale     other sizes (CI runs a small one so the command can't rot)
// Seeding 10M takes about 7 minutes on 2 cores. Each run is bench/usage-reads.ts in a process of its own, so the
// PGlite run starts with the memory the PostgreSQL one used given back.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const READS = fileURLToPath(new URL('./usage-reads.ts', import.meta.url));

function size(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < 1000) throw new Error(`${name} must be a whole number of at least 1000, not ${raw}`);
  return value;
}

const runs: { engine: string; count: number; env: NodeJS.ProcessEnv }[] = [];
const { DATABASE_URL: databaseUrl, ...withoutDatabase } = process.env;
if (databaseUrl) runs.push({ engine: 'PostgreSQL', count: size('SCALE_POSTGRES', 10_000_000), env: process.env });
else console.log('PostgreSQL: skipped (set DATABASE_URL=postgres://… to run it).');
runs.push({ engine: 'PGlite', count: size('SCALE_PGLITE', 1_000_000), env: withoutDatabase });

// Exit 1: a run failed; 2: every run finished but a route missed its target.
let exitCode = 0;
for (const run of runs) {
  console.log(`\n## ${run.engine}, ${run.count.toLocaleString('en')} entries`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', READS, String(run.count)], { stdio: 'inherit', env: run.env });
  if (result.status === 2) {
    console.log(`${run.engine}: a route missed its target`);
    exitCode ||= 2;
  } else if (result.status !== 0) {
    console.log(`${run.engine}: the run failed (exit ${String(result.status)})`);
    exitCode = 1;
  }
}
process.exitCode = exitCode;
