// `npm run lint:lines`: no source file over 500 lines. Exits 1 listing every .ts/.mjs/.js/.cjs file under src/,
// server/, scripts/, demo/ or bench/ that is longer, largest first; otherwise prints the five largest with their
// counts, so a file drifting toward the limit is seen before it crosses it. A file that long does several jobs, and
// a reader has to hold all of them at once to change one.
// test/ is not checked: a test file holds one component's (or module's) whole behaviour, case after case, so
// that a reader finds every promise the element makes in one place; its length is a list, not a tangle.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_LINES = 500;
const ROOTS = ['src', 'server', 'scripts', 'demo', 'bench'];
const SOURCE = /\.(ts|mjs|js|cjs)$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist']);

const repository = fileURLToPath(new URL('..', import.meta.url));

/** Every source file below `directory`, as paths relative to the repository. */
function sourceFiles(directory) {
  let entries;
  try {
    entries = readdirSync(join(repository, directory), { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
  return entries.flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : sourceFiles(path);
    return entry.isFile() && SOURCE.test(entry.name) ? [path] : [];
  });
}

/** Lines as an editor numbers them (wc -l, plus a last line without a newline). */
function lineCount(path) {
  const text = readFileSync(join(repository, path), 'utf8');
  if (text.length === 0) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const counted = ROOTS.flatMap(sourceFiles)
  .map((path) => ({ path: relative(repository, join(repository, path)), lines: lineCount(path) }))
  .sort((a, b) => b.lines - a.lines || a.path.localeCompare(b.path));

const tooLong = counted.filter((file) => file.lines > MAX_LINES);
const width = String(counted[0]?.lines ?? 0).length;
const row = (file) => `  ${String(file.lines).padStart(width)}  ${file.path}`;

if (tooLong.length > 0) {
  console.error(`${tooLong.length} source file(s) over ${MAX_LINES} lines; split each along a real seam:`);
  for (const file of tooLong) console.error(row(file));
  process.exit(1);
}
console.log(`No source file over ${MAX_LINES} lines (${counted.length} checked). The largest:`);
for (const file of counted.slice(0, 5)) console.log(row(file));
