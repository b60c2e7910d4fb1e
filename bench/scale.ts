// `npm run bench:scale`: the usage reads at scale on both databases, each figure beside its target (issue 16):
// 10,000,000 entries on PostgreSQL (DATABASE_URL; skipped, and said so, without it), then 1,000,000 on PGlite; each
// database twice: calls spread over the dev account's 6 users, then over 1,000 (a large portal's, where per-user
// rollups hardly compress).
//   SCALE_POSTGRES=… SCALE_PGLITE=… SCALE_USERS=… npm run bench:scale     other sizes (CI runs a small one so the command can't rot)
// Seeding 10M takes 3 to 7 minutes on 2 cores. Each run is bench/usage-reads.ts in a process of its own, so the
// PGlite run starts with the memory the PostgreSQL one used given back.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const READS = fileURLToPath(new URL('./usage-reads.ts', import.meta.url));

function size(name: string, fallback: number, least = 1000): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < least) throw new Error(`${name} must be a whole number of at least ${least}, not ${raw}`);
  return value;
}

const userCount = size('SCALE_USERS', 1000, 1);
const users = userCount.toLocaleString('en');
const runs: { engine: string; count: number; env: NodeJS.ProcessEnv }[] = [];
const { DATABASE_URL: databaseUrl, ...withoutDatabase } = process.env;
const both = (engine: string, count: number, env: NodeJS.ProcessEnv): void => {
  runs.push({ engine, count, env }, { engine: `${engine}, ${users} users`, count, env: { ...env, USERS: String(userCount) } });
};
if (databaseUrl) both('PostgreSQL', size('SCALE_POSTGRES', 10_000_000), process.env);
else console.log('PostgreSQL: skipped (set DATABASE_URL=postgres://… to run it).');
both('PGlite', size('SCALE_PGLITE', 1_000_000), withoutDatabase);

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
