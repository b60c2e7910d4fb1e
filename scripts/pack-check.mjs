// `npm run pack-check` (after `npm run build`): what a consumer gets. Packs the package with `npm pack`, installs the
// tarball into an empty temporary project as a host would (`npm install <tarball>`, no dev dependencies, optional
// peers such as react left out), then checks and prints:
//   - the tarball's size and file count, and what it unpacks to;
//   - every package the install pulled in, with the node_modules total: exit 1 above NODE_MODULES_BUDGET;
//   - that every bare import in the shipped JavaScript names a dependency or a peer dependency of the package
//     (nothing from the reference server's packages, nothing only transitively present), and resolves there;
//   - that the browser-only entries load in Node from the installed copy (lit's Node build shims the DOM), and that
//     billing-widgets/react without react fails naming react.
// Sizes are in MB = 1,000,000 bytes, as npm prints them. Needs the npm registry (or npm's cache: --prefer-offline).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const MB = 1_000_000;
// A consumer's install (no React): billing-widgets, lit (+ lit-html, lit-element, @lit/reactive-element,
// @lit-labs/ssr-dom-shim, @types/trusted-types), @lit/context, zod and @stripe/stripe-js: 10 packages, 14.1 MB on
// 2 Dec 2026, of which zod 4 is 6.3 MB (it ships its TypeScript sources and zod/v3) and billing-widgets 3.8 MB (2.3 MB
// of it source maps). It was 32 packages and 62.4 MB while the reference server's packages were dependencies. An
// 8 MB budget is out of reach while zod is a dependency. The budget leaves room for patch releases, not for another
// runtime dependency: raise it only with a reason in the commit. Raised from 15 to 16 MB on 2 Dec 2026: billing-widgets
// grew to 5.1 MB unpacked (two more widgets, <payment-methods> and <usage-rates>, and one file per module so a bundler
// keeps only the widgets a host imports, each with its source map); 11 packages, 15.5 MB. Raised to 17 MB on 3 Dec
// 2026: billing-widgets grew to 6.11 MB unpacked, 577 files (issue 18: <billing-history>, the spend chart and runway
// forecast sub-elements, their locale files and contract-kit checks, each module with its source map); 16.58 MB.
const NODE_MODULES_BUDGET = 17 * MB;
const EXPECTED_PACKAGES = ['lit', '@lit/context', '@lit/task', 'zod', '@stripe/stripe-js'];
/** Only billing-widgets/react needs these (optional peers): a host without React must not get them. */
const REACT_ONLY = ['react', 'react-dom', '@lit/react', '@types/react'];
/** Only billing-widgets/vue's types import vue (an optional peer). */
const FRAMEWORKS = ['vue', 'svelte'];

const npm = (args, cwd) =>
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

/** Every file below dir (symlinks not followed), with its size. */
function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield { path, size: statSync(path).size };
  }
}

const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const mb = (bytes) => `${(bytes / MB).toFixed(2)} MB`;

const failures = [];
const fail = (message) => failures.push(message);
const work = mkdtempSync(join(tmpdir(), 'billing-widgets-pack-'));

try {
  // 1. The tarball, as `npm publish` would make it.
  const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], root));
  const tarball = join(work, packed.filename);
  console.log(
    `tarball: ${packed.filename} ${mb(statSync(tarball).size)} packed, ${mb(packed.unpackedSize)} unpacked, ${packed.entryCount} files`,
  );
  const stray = packed.files.map((file) => file.path).filter((path) => /\.d\.ts\.map$|^src\/|^server\/|^test\//.test(path));
  if (stray.length > 0) fail(`the tarball ships files a consumer cannot use: ${stray.slice(0, 5).join(', ')}`);

  // 2. A consumer's install of it.
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  npm(['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], consumer);

  const lock = JSON.parse(readFileSync(join(consumer, 'node_modules/.package-lock.json'), 'utf8'));
  const installed = Object.entries(lock.packages)
    .filter(([path]) => path.startsWith('node_modules/'))
    .map(([path, meta]) => ({ name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), version: meta.version }));
  let total = 0;
  for (const { size } of walk(join(consumer, 'node_modules'))) total += size;
  console.log(`install: ${installed.length} packages, node_modules ${mb(total)} (budget ${mb(NODE_MODULES_BUDGET)})`);
  console.log(`  ${installed.map(({ name, version }) => `${name}@${version}`).join(', ')}`);
  if (total > NODE_MODULES_BUDGET) fail(`node_modules is ${mb(total)}, over the ${mb(NODE_MODULES_BUDGET)} budget`);
  const names = new Set(installed.map(({ name }) => name));
  for (const name of EXPECTED_PACKAGES) if (!names.has(name)) fail(`${name} was not installed`);
  for (const name of REACT_ONLY) if (names.has(name)) fail(`${name} was installed for a host without React`);
  for (const name of FRAMEWORKS) if (names.has(name)) fail(`${name} was installed for a host that does not use it`);

  // 3. Every bare import in the shipped JavaScript is a declared, installed dependency (or a peer).
  const pkgDir = join(consumer, 'node_modules/billing-widgets');
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const optionalPeers = new Set(
    Object.keys(manifest.peerDependenciesMeta ?? {}).filter((name) => manifest.peerDependenciesMeta[name].optional),
  );
  const imported = new Map(); // package -> files importing it
  const note = (specifier, path) => {
    if (specifier.startsWith('node:')) return;
    const name = packageName(specifier);
    if (!imported.has(name)) imported.set(name, new Set());
    imported.get(name).add(relative(pkgDir, path));
  };
  const files = [...walk(join(pkgDir, 'dist'))].map(({ path }) => path);
  // JavaScript: esbuild parses each file (minified template text cannot pass for an import) and lists its imports.
  const { metafile } = await build({
    entryPoints: files.filter((path) => path.endsWith('.js')),
    absWorkingDir: pkgDir,
    bundle: true,
    packages: 'external',
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    outdir: join(work, 'esbuild-out'),
    logLevel: 'silent',
  });
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    for (const { path, external } of imports) if (external) note(path, join(pkgDir, input));
  }
  // Declarations: `from "x"`, `import "x"` and `import("x")` types (tsc's output is never minified).
  for (const path of files.filter((file) => file.endsWith('.d.ts'))) {
    const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"'./\s][^"'\s]*)\1/g;
    const code = readFileSync(path, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, ''); // usage examples in comments
    for (const [, , specifier] of code.matchAll(pattern)) note(specifier, path);
  }
  for (const [name, files] of imported) {
    const where = [...files].slice(0, 3).join(', ');
    if (!declared.has(name)) fail(`${where} imports ${name}, which is neither a dependency nor a peer dependency`);
    else if (!names.has(name) && !optionalPeers.has(name)) fail(`${where} imports ${name}, which the install did not bring`);
  }
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (!imported.has(name)) fail(`dependency ${name} is imported by nothing in dist/: a consumer installs it for nothing`);
  }
  console.log(`imports from dist/: ${[...imported.keys()].sort().join(', ')}`);

  // 4. The entries load from the installed copy. The bundle is for browsers (no Node DOM shim inside): resolve only.
  const probe = join(consumer, 'probe.mjs');
  writeFileSync(
    probe,
    `
const loaded = {};
for (const entry of ['billing-widgets', 'billing-widgets/define', 'billing-widgets/testing', 'billing-widgets/webhooks']) {
  loaded[entry] = Object.keys(await import(entry)).length;
}
import.meta.resolve('billing-widgets/bundle');
import.meta.resolve('billing-widgets/custom-elements.json');
let react;
try { await import('billing-widgets/react'); react = 'loaded'; } catch (error) { react = String(error.message).split('\\n')[0]; }
console.log(JSON.stringify({ loaded, react }));
`,
  );
  const result = JSON.parse(execFileSync(process.execPath, [probe], { cwd: consumer, encoding: 'utf8' }).trim().split('\n').at(-1));
  console.log(
    `entries: ${Object.entries(result.loaded)
      .map(([entry, count]) => `${entry} (${count} exports)`)
      .join(', ')}`,
  );
  for (const [entry, count] of Object.entries(result.loaded))
    if (count === 0 && entry !== 'billing-widgets/define') fail(`${entry} exports nothing`);
  console.log(`billing-widgets/react without react: ${result.react}`);
  if (!/\breact\b/.test(result.react) || result.react === 'loaded')
    fail(`billing-widgets/react without react should fail naming react; got: ${result.react}`);
} catch (error) {
  fail(error.stderr ? `${error.message}\n${error.stderr}` : (error.stack ?? String(error)));
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`pack-check: ${failure}`);
  process.exit(1);
}
console.log('pack-check: ok');
