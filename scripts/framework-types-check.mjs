// `npm run check:frameworks` (after `npm run build`): the Vue, Svelte and JSX typings that billing-widgets ships
// (scripts/framework-types.mjs) catch mistakes in a host's templates. Each check runs the framework's own checker
// twice: on the example as written (must pass), and on a copy with a misspelt property and a misspelt event field
// (must fail, naming both). Copies live in .framework-types-check/ inside the repo, so `billing-widgets` resolves to
// this package (self-reference through package.json "exports") as it would from node_modules; removed afterwards.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const scratch = join(root, '.framework-types-check');
const bin = (name) => join(root, 'node_modules/.bin', name);

/** Replaces `from` with `to` in a file, failing when `from` is not there (the example changed under the check). */
function misspell(file, from, to) {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no "${from}" to misspell`);
  writeFileSync(file, text.replace(from, to));
}

const JSX_FIXTURE = `// React 19's JSX, taught the billing tags by billing-widgets/jsx.
import { TestCardPaymentProvider } from 'billing-widgets';
import type { CustomElements } from 'billing-widgets/jsx';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}

const paymentProvider = new TestCardPaymentProvider();
export const Tab = () => (
  <add-funds-dialog paymentProvider={paymentProvider} onbilling-funds-added={(event) => console.log(event.amount)} />
);
`;

const checks = [
  {
    name: 'vue (vue-tsc)',
    source: 'examples/vue',
    run: (dir) => [bin('vue-tsc'), ['-p', join(dir, 'tsconfig.json')]],
    typos: [
      ['src/App.vue', '.paymentProvider=', '.paymentProvidr='],
      ['src/App.vue', '$event.amount', '$event.amout'],
    ],
  },
  {
    name: 'svelte (svelte-check)',
    source: 'examples/svelte',
    run: (dir) => [bin('svelte-check'), ['--workspace', dir, '--tsconfig', './tsconfig.json', '--output', 'machine', '--fail-on-warnings']],
    typos: [
      ['src/App.svelte', '<add-funds-dialog {paymentProvider}', '<add-funds-dialog paymentProvidr={paymentProvider}'],
      ['src/App.svelte', 'event.amount', 'event.amout'],
    ],
  },
  {
    name: 'jsx (tsc, React 19 JSX)',
    files: {
      'tab.tsx': JSX_FIXTURE,
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2023', 'DOM'],
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['tab.tsx'],
      }),
    },
    run: (dir) => [process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')]],
    typos: [
      ['tab.tsx', 'paymentProvider={', 'paymentProvidr={'],
      ['tab.tsx', 'event.amount', 'event.amout'],
    ],
  },
  {
    // Angular's strictTemplates types $event from the tag and event name (HTMLElementTagNameMap,
    // GlobalEventHandlersEventMap), so a misspelt event field fails; under CUSTOM_ELEMENTS_SCHEMA it checks no
    // property binding on a custom element, so a misspelt [paymentProvidr] would pass and is not tried here.
    name: 'angular (ngc, strictTemplates)',
    source: 'examples/angular',
    run: (dir) => [bin('ngc'), ['-p', join(dir, 'tsconfig.json'), '--noEmit']],
    typos: [['src/billing-tab.ts', 'fundsAdded($event)', 'fundsAdded($event.amout)']],
  },
];

function prepare(check, dir, withTypos) {
  rmSync(dir, { recursive: true, force: true });
  if (check.source) cpSync(join(root, check.source), dir, { recursive: true });
  else {
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(check.files)) writeFileSync(join(dir, file), text);
  }
  if (withTypos) for (const [file, from, to] of check.typos) misspell(join(dir, file), from, to);
}

function run(check, dir) {
  const [command, args] = check.run(dir);
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const failures = [];
try {
  for (const check of checks) {
    const clean = run(check, (prepare(check, join(scratch, 'clean'), false), join(scratch, 'clean')));
    if (clean.status !== 0) {
      failures.push(`${check.name}: the example does not typecheck:\n${clean.output}`);
      continue;
    }
    const typo = run(check, (prepare(check, join(scratch, 'typos'), true), join(scratch, 'typos')));
    const misspelt = check.typos.map(([, , to]) => to.match(/(paymentProvidr|amout)/)[1]);
    const missed = misspelt.filter((word) => !typo.output.includes(word));
    if (typo.status === 0 || missed.length > 0) {
      failures.push(`${check.name}: ${missed.join(' and ') || 'a typo'} went unnoticed (exit ${typo.status}):\n${typo.output}`);
      continue;
    }
    console.log(`✓ ${check.name}: the example passes; ${misspelt.map((word) => `"${word}"`).join(' and ')} fail it`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`✗ ${failure}`);
  process.exit(1);
}
