// Last step of `npm run build`: typings for Vue, Svelte and JSX, and editor data (VS Code custom data, JetBrains
// web-types), generated from custom-elements.json by break-stuff's cem tools (custom-element-*-integration):
//   dist/types/vue.d.ts     billing-widgets/vue     augments Vue's GlobalComponents (vue-tsc checks props and events)
//   dist/types/svelte.d.ts  billing-widgets/svelte  augments svelteHTML.IntrinsicElements (svelte-check)
//   dist/types/jsx.d.ts     billing-widgets/jsx     a CustomElements map for a JSX namespace (Preact, Solid, React 19)
//   dist/vscode.html-custom-data.json, dist/vscode.css-custom-data.json   VS Code's html/css.customData
//   dist/web-types.json     package.json "web-types": JetBrains IDEs read it by themselves
// Fixes on the generators' output, each checked here (exit 1 when the output no longer has the expected shape):
//   - their event handlers take `CustomEvent<T>`; this package's events are classes (`FundsAddedEvent extends
//     Event`, CONVENTIONS.md), so a handler gets T itself;
//   - Vue binds `@billing-funds-added` to the prop `onBillingFundsAdded`, not the generated "onbilling-funds-added";
//   - Svelte 5 listens with event attributes (`onbilling-funds-added={…}`): each legacy `on:billing-…` prop gets
//     that twin; each `bind:property` gets a plain `property` (Svelte sets the element's property from it);
//   - the Svelte file declares `namespace svelteHTML` inside a module, where it merges with nothing: it is made
//     `declare global`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateVsCodeCustomElementData } from 'custom-element-vs-code-integration';
import { generateJetBrainsWebTypes } from 'custom-element-jet-brains-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';
import { generateSvelteTypes } from 'custom-element-svelte-integration';
import { generateJsxTypes } from 'custom-element-jsx-integration';

const root = resolve(import.meta.dirname, '..');
const manifestText = readFileSync(join(root, 'custom-elements.json'), 'utf8');
/** The generators annotate the manifest object they are given: each gets a fresh copy. */
const manifest = () => JSON.parse(manifestText);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'billing-widgets-framework-types-'));
const problems = [];
const quiet = { hideLogs: true };
// Their success lines ignore hideLogs: keep the build's output to this script's one line.
const log = console.log;
console.log = () => {};

try {
  // Declarations sit in dist/types/ beside index.d.ts and import the element and event classes from it.
  const typeOptions = { ...quiet, outdir: work, globalTypePath: './index.js', descriptionSrc: 'description' };
  generateVuejsTypes(manifest(), { ...typeOptions, fileName: 'vue.d.ts' });
  generateSvelteTypes(manifest(), { ...typeOptions, fileName: 'svelte.d.ts' });
  generateJsxTypes(manifest(), { ...typeOptions, fileName: 'jsx.d.ts' });
  generateVsCodeCustomElementData(manifest(), {
    ...quiet,
    outdir: work,
    htmlFileName: 'vscode.html-custom-data.json',
    cssFileName: 'vscode.css-custom-data.json',
  });
  generateJetBrainsWebTypes(manifest(), { ...quiet, outdir: work, webTypesFileName: 'web-types.json', packageJson: false });
} finally {
  console.log = log;
}

/** Event classes the manifest documents (`@fires name {Type}`), all exported by index.ts. */
const eventTypes = new Set(
  manifest()
    .modules.flatMap((module) => module.declarations ?? [])
    .flatMap((declaration) => declaration.events ?? [])
    .map((event) => event.type?.text)
    .filter(Boolean),
);

for (const file of ['vue.d.ts', 'svelte.d.ts', 'jsx.d.ts']) {
  let text = readFileSync(join(work, file), 'utf8');
  let unwrapped = 0;
  text = text.replace(/CustomEvent<(\w+)>/g, (whole, type) => {
    if (!eventTypes.has(type)) return whole;
    unwrapped += 1;
    return type;
  });
  if (unwrapped === 0) problems.push(`${file}: no CustomEvent<EventClass> handler to unwrap; did the generator change?`);
  const leftover = text.match(/CustomEvent<[^>]*>/);
  if (leftover) problems.push(`${file}: ${leftover[0]} left; every event this package fires is an Event subclass`);
  // The generator's usage note names a placeholder module.
  text = text.replace('"path/to/library/jsx-integration"', '"billing-widgets/jsx"');
  if (file === 'vue.d.ts') {
    // Vue binds `@billing-funds-added` to the prop `onBillingFundsAdded`; the generator writes "onbilling-funds-added".
    let renamed = 0;
    text = text.replace(/"on([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"\?:/g, (_, name) => {
      renamed += 1;
      return `on${name.replace(/(^|-)([a-z0-9])/g, (__, ___, letter) => letter.toUpperCase())}?:`;
    });
    if (renamed === 0) problems.push('vue.d.ts: no "onkebab-event" props to rename; did the generator change?');
  }
  if (file === 'svelte.d.ts') {
    // Svelte 5's event attributes (`onbilling-funds-added={…}`) beside the legacy `on:billing-funds-added` directive.
    let doubled = 0;
    text = text.replace(/^(\s*)"on:([\w-]+)"\?: (.*)$/gm, (line, indent, name, type) => {
      doubled += 1;
      return `${line}\n${indent}"on${name}"?: ${type}`;
    });
    if (doubled === 0) problems.push('svelte.d.ts: no "on:event" props to pair with Svelte 5 event attributes; did the generator change?');
    // Svelte sets a custom element's property from a plain attribute (`paymentProvider={p}` when the element has
    // that property); the generator types properties only as two-way `bind:paymentProvider`.
    let plain = 0;
    text = text.replace(/^(\s*)"bind:(\w+)"\?: (.*)$/gm, (line, indent, name, type) => {
      plain += 1;
      return `${line}\n${indent}${name}?: ${type}`;
    });
    if (plain === 0) problems.push('svelte.d.ts: no "bind:property" props to pair with plain properties; did the generator change?');
    const local = /declare namespace svelteHTML \{([\s\S]*?)\n\}/;
    if (!local.test(text)) problems.push('svelte.d.ts: no `declare namespace svelteHTML` to make global; did the generator change?');
    text = text.replace(local, (_, body) => `declare global {\n  namespace svelteHTML {${body.replace(/\n/g, '\n  ')}\n  }\n}`);
  }
  writeFileSync(
    join(root, 'dist/types', file),
    `// Generated by scripts/framework-types.mjs from custom-elements.json: do not edit.\n${text}`,
  );
}

for (const file of ['vscode.html-custom-data.json', 'vscode.css-custom-data.json', 'web-types.json']) {
  const data = JSON.parse(readFileSync(join(work, file), 'utf8'));
  if (file === 'web-types.json') {
    data.name = pkg.name;
    data.version = pkg.version;
  }
  writeFileSync(join(root, 'dist', file), `${JSON.stringify(data, null, 2)}\n`);
}
rmSync(work, { recursive: true, force: true });

if (problems.length > 0) {
  for (const problem of problems) console.error(`framework-types: ${problem}`);
  process.exit(1);
}
console.log(
  `framework-types: dist/types/{vue,svelte,jsx}.d.ts, dist/vscode.{html,css}-custom-data.json, dist/web-types.json (${eventTypes.size} event types)`,
);
