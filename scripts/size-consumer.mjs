// What a page pays when it imports ONE export from the built package, as a consumer's bundler sees it:
// `import { BalanceUsageTable } from 'billing-widgets'` resolved to dist/index.js, with package.json "sideEffects".
// Measured with two bundlers, since tree-shaking differs: esbuild and rolldown (Vite's). The initial load is the
// entry's output plus every chunk it imports statically, gzipped; chunks behind import() are not counted.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { rolldown } from 'rolldown';

const DIST = process.env.SIZE_DIST ?? 'dist';
const ENTRY = path.resolve(DIST, 'index.js');
const CHUNKS = path.resolve(DIST, 'chunks');

/** [export, tag it is defined under (none for a helper), its folder in src/components]. */
export const PACKAGE_CASES = [
  ['BalanceUsageTable', 'balance-usage-table'],
  ['CreditBalance', 'credit-balance'],
  ['AddFundsDialog', 'add-funds-dialog'],
  ['AutoRechargeSettingsElement', 'auto-recharge-settings'],
  ['PaymentMethodsElement', 'payment-methods'],
  ['UsageRates', 'usage-rates'],
  ['formatMoney', null],
];
const WIDGET_FOLDERS = PACKAGE_CASES.map(([, tag]) => tag).filter(Boolean);

const consumerSource = ([name, tag]) =>
  tag
    ? `import { ${name} } from 'billing-widgets';\ncustomElements.define('${tag}', ${name});\nexport { ${name} };`
    : `export { ${name} } from 'billing-widgets';`;

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Every key reachable from `start` through `next(key)`. */
function closure(start, next) {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const key of next(queue.shift())) {
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(key);
    }
  }
  return seen;
}

async function withEsbuild(sizeCase) {
  const result = await build({
    stdin: { contents: consumerSource(sizeCase), resolveDir: process.cwd(), loader: 'js', sourcefile: 'consumer.js' },
    plugins: [{ name: 'package', setup: (b) => b.onResolve({ filter: /^billing-widgets$/ }, () => ({ path: ENTRY })) }],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    outdir: 'size-out',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  const { outputs } = result.metafile;
  const files = new Map(result.outputFiles.map((file) => [path.relative(process.cwd(), file.path), file.contents]));
  const entry = Object.keys(outputs).find((output) => outputs[output].entryPoint === 'consumer.js');
  const initial = closure(entry, (output) =>
    outputs[output].imports.filter((edge) => edge.kind === 'import-statement' && !edge.external).map((edge) => edge.path),
  );
  const modules = [...initial].flatMap((output) => Object.keys(outputs[output].inputs)).map((input) => path.resolve(input));
  return { gzip: [...initial].reduce((total, output) => total + gzip(files.get(output)), 0), modules };
}

async function withRolldown(sizeCase) {
  const bundle = await rolldown({
    input: 'consumer',
    logLevel: 'silent',
    plugins: [
      {
        name: 'package',
        resolveId: (id) => (id === 'consumer' ? id : id === 'billing-widgets' ? ENTRY : null),
        load: (id) => (id === 'consumer' ? consumerSource(sizeCase) : null),
      },
    ],
  });
  const { output } = await bundle.generate({ format: 'es', minify: true });
  await bundle.close();
  const chunks = new Map(output.filter((each) => each.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry).fileName;
  const initial = closure(entry, (file) => chunks.get(file).imports);
  const modules = [...initial].flatMap((file) => Object.keys(chunks.get(file).modules));
  return { gzip: [...initial].reduce((total, file) => total + gzip(chunks.get(file).code), 0), modules };
}

/** Modules of another widget's folder (dist/chunks/components/<tag>/) in one widget's initial load. */
const foreignWidgetCode = (modules, ownTag, exempt = new Set()) =>
  modules
    .filter((module) => module.startsWith(`${CHUNKS}/components/`) && !exempt.has(module))
    .filter((module) => {
      const folder = path.relative(`${CHUNKS}/components`, module).split(path.sep)[0];
      return WIDGET_FOLDERS.includes(folder) && folder !== ownTag;
    })
    .map((module) => path.relative(process.cwd(), module));

/**
 * Rows (export, esbuild gzip, rolldown gzip) and failures: a widget imported from the package must not load another
 * widget's code. Rolldown honours "sideEffects" with code splitting, so it is held to that strictly. esbuild keeps a
 * bare import of every package module that an import() elsewhere in the package also reaches
 * (https://github.com/evanw/esbuild/issues/3704), the same set whatever is imported: it is measured with
 * `formatMoney` alone and exempted, so only code a widget pulls in beyond that floor fails.
 */
export async function measurePackageImports(aloneGzip = new Map()) {
  if (!existsSync(ENTRY)) return { rows: [], failures: [`${ENTRY} is missing: run npm run build first`] };
  const failures = [];
  // The folder check below reads the module layout: without one file per module it would find nothing to flag.
  const unsplit = WIDGET_FOLDERS.filter((tag) => !existsSync(`${CHUNKS}/components/${tag}/${tag}.js`));
  if (unsplit.length > 0)
    failures.push(`dist/chunks/components/{${unsplit.join(',')}}/ missing: the build must keep one file per module (vite.config.ts)`);
  const results = [];
  for (const sizeCase of PACKAGE_CASES) {
    results.push({ sizeCase, esbuild: await withEsbuild(sizeCase), rolldown: await withRolldown(sizeCase) });
  }
  const floor = new Set(results.find((each) => each.sizeCase[1] === null).esbuild.modules);
  for (const { sizeCase, esbuild, rolldown: viaRolldown } of results) {
    const [name, tag] = sizeCase;
    if (!tag) continue;
    // Imported from the package, a widget costs what it costs built from its own source (`<tag> alone`), +1 KB.
    const alone = aloneGzip.get(tag);
    if (alone !== undefined && viaRolldown.gzip > alone + 1024)
      failures.push(
        `import { ${name} } (rolldown) is ${(viaRolldown.gzip / 1024).toFixed(1)} KB gzipped, over <${tag}> alone (${(alone / 1024).toFixed(1)} KB) + 1 KB`,
      );
    const strict = foreignWidgetCode(viaRolldown.modules, tag);
    if (strict.length > 0) failures.push(`import { ${name} } (rolldown) loads another widget's code: ${strict.join(', ')}`);
    const loose = foreignWidgetCode(esbuild.modules, tag, floor);
    if (loose.length > 0) failures.push(`import { ${name} } (esbuild) loads another widget's code: ${loose.join(', ')}`);
  }
  const rows = results.map(({ sizeCase: [name], esbuild, rolldown: viaRolldown }) => [name, esbuild.gzip, viaRolldown.gzip]);
  return { rows, failures, floorGzip: results.find((each) => each.sizeCase[1] === null).esbuild.gzip };
}
