// `npm run examples`: builds each example in examples/ against the built package (run `npm run build` first),
// serves it on 127.0.0.1 and checks it in Chromium: a formatted balance, "Add funds" opens the dialog, paying
// fires billing-funds-added into the host's own listener, all four widgets render, and nothing is fetched from
// anywhere else (Stripe included). One line per example; exit 1 on any failure.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.mjs';

const root = resolve(import.meta.dirname, '..');
const BUNDLE = join(root, 'dist/billing-widgets.bundle.js');
const TAGS = ['billing-provider', 'credit-balance', 'add-funds-dialog', 'auto-recharge-settings', 'balance-usage-table'];
const only = process.argv.slice(2);

const examples = [
  {
    name: 'html',
    readme: { heading: '### Plain HTML', source: 'examples/html/index.html' },
    // Nothing to compile: the page and the bundle, as a host would deploy them.
    async build(outDir) {
      cpSync(join(root, 'examples/html/index.html'), join(outDir, 'index.html'));
      cpSync(BUNDLE, join(outDir, 'billing-widgets.bundle.js'));
    },
  },
  {
    name: 'react',
    readme: { heading: '### React', source: 'examples/react/src/billing-tab.tsx' },
    async build(outDir) {
      typecheck('examples/react/tsconfig.json'); // against dist/types, as a TypeScript host would
      await viteBuild('react', outDir);
    },
  },
  { name: 'vue', readme: { heading: '### Vue', source: 'examples/vue/src/App.vue' }, build: (outDir) => viteBuild('vue', outDir) },
  {
    name: 'angular',
    readme: { heading: '### Angular', source: 'examples/angular/src/billing-tab.ts' },
    // Compiled ahead of time by Angular's compiler inside the Vite build: a template type error fails it.
    build: (outDir) => viteBuild('angular', outDir),
  },
].filter((example) => only.length === 0 || only.includes(example.name));

/** The README's snippet for an example must be its code, line for line (indentation aside), and short. */
function readmeMatches({ heading, source }) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`${heading}\n`));
  const snippet = section.match(/```\w*\n([\s\S]*?)```/)?.[1];
  if (readme.indexOf(`${heading}\n`) < 0 || !snippet) throw new Error(`README has no code block under "${heading}"`);
  const lines = snippet
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length >= 15) throw new Error(`the README's ${heading.slice(4)} snippet is ${lines.length} lines; keep it under 15`);
  const code = new Set(
    readFileSync(join(root, source), 'utf8')
      .split('\n')
      .map((line) => line.trim()),
  );
  const missing = lines.filter((line) => !code.has(line));
  if (missing.length > 0) throw new Error(`README ${heading.slice(4)} snippet differs from ${source}: ${missing.join(' | ')}`);
}

function typecheck(project) {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, project)], { encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`${project} does not typecheck:\n${tsc.stdout}${tsc.stderr}`);
}

async function viteBuild(name, outDir) {
  typecheck('examples/tsconfig.json'); // the Vite configs and the package aliases they share
  const exampleRoot = join(root, 'examples', name);
  await build({
    root: exampleRoot,
    configFile: join(exampleRoot, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

const CONTENT_TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** A static server for one folder, on 127.0.0.1 and a free port. */
async function serve(dir) {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    let file = normalize(join(dir, pathname));
    if (!file.startsWith(dir)) return void response.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

const normalise = (text) =>
  (text ?? '')
    .replace(/[\u2066-\u2069]/g, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const FORMATTED_USD = /^-?\$\d{1,3}(,\d{3})*\.\d{2}$/;

async function check(browser, origin) {
  const page = await browser.newPage();
  const problems = [];
  const foreign = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const fundsAdded = [];
  page.on('console', (message) => {
    // Each example logs `'Funds added', event.amount` from its own billing-funds-added listener.
    if (message.text().startsWith('Funds added')) fundsAdded.push(message.args()[1]?.jsonValue());
    // A failed fetch is reported with its URL by the response listener.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) foreign.push(request.url());
  });
  let stage = 'loading the page';
  try {
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    stage = 'waiting for a formatted balance in <credit-balance>';
    const amount = page.locator('credit-balance [part~="amount"]');
    await amount.waitFor({ timeout: 15000 });
    await page.waitForFunction(
      (pattern) => {
        const text = document.querySelector('credit-balance')?.shadowRoot?.querySelector('[part~="amount"]')?.textContent ?? '';
        return new RegExp(pattern).test(
          text
            .replace(/[\u2066-\u2069]/g, '')
            .replace(/[\u00a0\u202f]/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
        );
      },
      FORMATTED_USD.source,
      { timeout: 15000 },
    );
    const balance = normalise(await amount.textContent());

    // Every widget defined and drawn by the package, not left as an unknown element.
    stage = 'checking all four widgets render';
    const undefinedTags = await page.evaluate(
      (tags) => tags.filter((tag) => !customElements.get(tag) || !document.querySelector(tag)?.shadowRoot),
      TAGS,
    );
    if (undefinedTags.length > 0) throw new Error(`not rendered: ${undefinedTags.join(', ')}`);
    await page.locator('auto-recharge-settings [part~="switch"]').waitFor({ timeout: 15000 });
    await page.locator('balance-usage-table').getByText(/\$\d/).first().waitFor({ timeout: 15000 });

    stage = 'opening the dialog with "Add funds"';
    const dialog = page.locator('add-funds-dialog dialog');
    if (await dialog.evaluate((element) => element.open)) throw new Error('the dialog was open before "Add funds"');
    await page.locator('credit-balance').getByRole('button', { name: 'Add funds' }).click();
    await page.waitForFunction(() => document.querySelector('add-funds-dialog')?.shadowRoot?.querySelector('dialog')?.open === true, null, {
      timeout: 5000,
    });
    await page.getByRole('dialog').waitFor({ state: 'visible', timeout: 5000 });

    // Pay with the default amount and saved card: the host's own listener must hear billing-funds-added.
    stage = 'paying: waiting for the host page to hear billing-funds-added';
    await page.locator('add-funds-dialog [part~="pay-button"]').click();
    const started = Date.now();
    while (fundsAdded.length === 0 && Date.now() - started < 15000) await page.waitForTimeout(50);
    if (fundsAdded.length !== 1) throw new Error(`the host's listener ran ${fundsAdded.length} times, not once`);
    const credited = await fundsAdded[0];
    if (!Number.isInteger(credited?.amount) || credited.amount <= 0 || credited.currency !== 'USD') {
      throw new Error(`billing-funds-added carried ${JSON.stringify(credited)}`);
    }
    const added = `funds added: ${credited.amount} ${credited.currency} minor units`;

    if (foreign.length > 0) problems.push(`requests outside the page's origin: ${[...new Set(foreign)].join(', ')}`);
    return { problems, summary: `balance ${balance}, "Add funds" opens the dialog, ${added}` };
  } catch (error) {
    return { problems: [...problems, `${stage}: ${error.message.split('\n')[0]}`], summary: '' };
  } finally {
    await page.close();
  }
}

if (!existsSync(BUNDLE) || !existsSync(join(root, 'dist/react.js'))) {
  console.error('examples: dist/ is not built; run `npm run build` first.');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'billing-examples-'));
const browser = await chromium.launch({
  executablePath: chromiumExecutable(),
  args: CHROMIUM_ARGS,
});
let failed = 0;
try {
  for (const example of examples) {
    const outDir = join(scratch, example.name);
    mkdirSync(outDir, { recursive: true });
    let result;
    try {
      readmeMatches(example.readme);
      await example.build(outDir);
      const { server, origin } = await serve(outDir);
      try {
        result = await check(browser, origin);
      } finally {
        server.close();
      }
    } catch (error) {
      result = { problems: [error.message], summary: '' };
    }
    if (result.problems.length === 0) {
      console.log(`✓ ${example.name}: ${result.summary}`);
    } else {
      failed += 1;
      console.log(`✗ ${example.name}: ${result.problems.join('; ')}`);
    }
  }
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);
