// `npm run size -- --why`: where the gzipped bytes of an initial load go. Each output chunk is cut into runs of bytes
// that came from one source file (read from esbuild's source map), and a run's cost is what it adds to the chunk's
// gzip: gzip(chunk up to the run's end) - gzip(chunk up to its start). The costs add up to the chunk's gzipped size
// exactly, and a run that repeats earlier text costs little, as it does on the wire; so a module's figure is what
// it costs after the modules before it, not what it would cost alone (removing it may save a little more or less).
import { relative, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';

const GZIP_FRAME = 18; // gzip's header and trailer around the deflate stream
const BASE64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((char, index) => [char, index]));

/** Each mapping of a source map v3 as [generated line, generated column, source index or -1, source line]. */
function decodeMappings(mappings) {
  const decoded = [];
  let source = 0;
  let sourceLine = 0;
  mappings.split(';').forEach((lineText, line) => {
    let column = 0;
    if (lineText === '') return;
    for (const segment of lineText.split(',')) {
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.get(char);
        value += (digit & 31) * 2 ** shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value % 2 === 1 ? -Math.floor(value / 2) : value / 2);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) {
        source += values[1];
        sourceLine += values[2];
      }
      decoded.push([line, column, values.length > 1 ? source : -1, sourceLine]);
    }
  });
  return decoded;
}

const GLUE = '(esbuild: imports, exports, helpers)';
const ENTRY = '(the size entry: customElements.define calls)';
/** A widget's or provider's English defaults, top-level `default…Messages = {` to its `};`, counted as messages. */
const ENGLISH_START = /^(?:export )?const default\w*Messages\b/;

/** Per source, the source lines (0-based) that hold English defaults. */
function englishLines(content) {
  const lines = new Set();
  let inside = false;
  (content ?? '').split('\n').forEach((line, index) => {
    if (ENGLISH_START.test(line)) inside = true;
    if (inside) lines.add(index);
    if (inside && /^\S.*;\s*$/.test(line)) inside = false;
  });
  return lines;
}

/** Runs of one chunk's text, [start, end, owner], in output order; the bytes no source maps to are esbuild's. */
function runsOf(text, map, outdir) {
  const lineStarts = [0];
  for (let index = 0; index < text.length; index += 1) if (text[index] === '\n') lineStarts.push(index + 1);
  const sources = map.sources.map((source) => {
    const path = relative(process.cwd(), resolve(outdir, source));
    if (path.includes('size-entry:')) return ENTRY;
    // A package as the metafile names it, wherever node_modules really is (a symlink, a workspace).
    return path.includes('node_modules/') ? path.slice(path.lastIndexOf('node_modules/')) : path;
  });
  const english = (map.sourcesContent ?? []).map(englishLines);
  const runs = [];
  let start = 0;
  let owner = GLUE;
  for (const [line, column, source, sourceLine] of decodeMappings(map.mappings)) {
    const offset = lineStarts[line] + column;
    const next = source === -1 ? GLUE : `${sources[source]}${english[source]?.has(sourceLine) ? ENGLISH : ''}`;
    if (next === owner) continue;
    if (offset > start) runs.push([start, offset, owner]);
    start = offset;
    owner = next;
  }
  runs.push([start, text.length, owner]);
  return runs;
}

/** Gzipped bytes each source file adds to the given JS chunks (see the top of this file), and minified bytes. */
export function attribute(chunks) {
  const files = new Map();
  for (const { text, map, outdir } of chunks) {
    // Source map columns count UTF-16 units (a template's raw text may keep non-ASCII), so runs are cut in the
    // string and measured in UTF-8 bytes.
    // gzip's frame is counted once per chunk, with esbuild's own bytes.
    const glue = files.get(GLUE) ?? { gzip: 0, min: 0 };
    files.set(GLUE, { ...glue, gzip: glue.gzip + GZIP_FRAME });
    let before = GZIP_FRAME;
    for (const [start, end, source] of runsOf(text, map, outdir)) {
      const upTo = deflateRawSync(text.slice(0, end), { level: 9 }).length + GZIP_FRAME;
      const entry = files.get(source) ?? { gzip: 0, min: 0 };
      entry.gzip += upTo - before;
      entry.min += Buffer.byteLength(text.slice(start, end));
      files.set(source, entry);
      before = upTo;
    }
  }
  return files;
}

/** Marks the English defaults inside a file: `path` + ENGLISH. */
export const ENGLISH = ' (English defaults)';
const LIT = /^node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//;

/** The contributor a source file belongs to, for the summary table. */
export function contributor(path) {
  if (path.endsWith(ENGLISH)) return 'English defaults (default…Messages objects)';
  if (LIT.test(path)) return 'Lit (lit-html, lit-element, reactive-element)';
  if (path.startsWith('node_modules/@lit/context/')) return '@lit/context';
  if (path.startsWith('node_modules/@lit/task/')) return '@lit/task';
  if (path.startsWith('node_modules/zod/')) {
    const api = /^node_modules\/zod\/(?:v4\/)?(core|mini|classic|locales)\//.exec(path)?.[1] ?? 'entry';
    return `zod ${api === 'core' ? 'core (checks, parse)' : `${api} API`}`;
  }
  if (path.startsWith('node_modules/'))
    return path
      .split('/')
      .slice(1, path.startsWith('node_modules/@') ? 3 : 2)
      .join('/');
  if (path === 'src/client/schemas.ts') return 'response schemas (src/client/schemas.ts)';
  if (path.startsWith('src/client/')) return 'HTTP client, errors, routes (src/client/)';
  if (path.startsWith('src/store/')) return 'store, provider, context (src/store/)';
  if (path.startsWith('src/i18n/messages/')) return 'English messages (src/i18n/messages/)';
  if (path.startsWith('src/i18n/')) return 'locale controller, catalog (src/i18n/)';
  if (path.startsWith('src/styles/')) return 'tokens, shared styles (src/styles/)';
  const component = /^src\/components\/([^/]+)\/(.*)$/.exec(path);
  if (component) return `<${component[1]}> ${component[2].endsWith('.styles.ts') ? 'styles' : 'code'}`;
  if (path.startsWith('src/components/')) return 'BillingElement, LazyPart, controllers (src/components/*.ts)';
  const folder = /^src\/([^/]+)\//.exec(path);
  return folder ? `src/${folder[1]}/` : path;
}

/** The static import chain from `entry` to the first input `wanted` accepts, e.g. what brings zod in. */
export function importChain(inputs, entry, wanted) {
  const parents = new Map([[entry, null]]);
  const queue = [entry];
  while (queue.length > 0) {
    const path = queue.shift();
    if (wanted(path)) {
      const chain = [];
      for (let step = path; step !== null; step = parents.get(step)) chain.unshift(step);
      return chain.slice(1);
    }
    for (const edge of inputs[path]?.imports ?? []) {
      if (edge.kind === 'dynamic-import' || edge.external || parents.has(edge.path)) continue;
      parents.set(edge.path, path);
      queue.push(edge.path);
    }
  }
  return null;
}

/** Prints the contributors and the heaviest files of one measured case (its initial chunks). */
export function printWhy(label, chunks, kb) {
  const files = attribute(chunks);
  const total = [...files.values()].reduce((sum, entry) => sum + entry.gzip, 0);
  const groups = new Map();
  for (const [path, entry] of files) {
    const group = groups.get(contributor(path)) ?? { gzip: 0, min: 0, files: 0 };
    group.gzip += entry.gzip;
    group.min += entry.min;
    group.files += 1;
    groups.set(contributor(path), group);
  }
  const table = (title, rows) => {
    const widths = [Math.max(title.length, ...rows.map((row) => row[0].length)), 9, 9, 6];
    const cells = (row) =>
      `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column]))).join(' | ')} |`;
    console.log(cells([title, 'gzip', 'min', 'share']));
    console.log(`| ${widths.map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`);
    for (const row of rows) console.log(cells(row));
  };
  const row = (name, entry) => [name, kb(entry.gzip), kb(entry.min), `${((100 * entry.gzip) / total).toFixed(1)}%`];
  const byGzip = (a, b) => b[1].gzip - a[1].gzip;
  console.log(`\nWhere the ${kb(total)} gzipped of "${label}" go (each file's bytes as they add to its chunk's gzip):\n`);
  table(
    'Contributor',
    [...groups].sort(byGzip).map(([name, group]) => row(`${name}${group.files > 1 ? ` (${group.files} files)` : ''}`, group)),
  );
  console.log('');
  table(
    'File (top 30)',
    [...files]
      .sort(byGzip)
      .slice(0, 30)
      .map(([path, entry]) => row(path.replace(/^node_modules\//, ''), entry)),
  );
  const zod = [...files.keys()].filter((path) => path.startsWith('node_modules/zod/'));
  const api = (name) => zod.filter((path) => new RegExp(`^node_modules/zod/(v4/)?${name}/`).test(path)).length;
  console.log(`\nzod in it: ${zod.length} files; mini API ${api('mini')}, classic API ${api('classic')}, core ${api('core')}`);
}
