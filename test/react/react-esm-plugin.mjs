// Web Test Runner plugin: serves React (CommonJS on npm) to the browser as ES modules, one shared copy.
// react, react-dom and their subpaths are bundled once by esbuild; each specifier re-exports its part by name.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const PREFIX = '/__react-esm/';
const SPECIFIERS = ['react', 'react/jsx-runtime', 'react-dom', 'react-dom/client'];
const binding = (specifier) => specifier.replace(/[^a-z]/gi, '_');

let sharedBundle;
async function bundle() {
  sharedBundle ??= build({
    stdin: {
      contents: SPECIFIERS.map((specifier) => `export * as ${binding(specifier)} from '${specifier}';`).join('\n'),
      resolveDir: process.cwd(),
    },
    bundle: true,
    format: 'esm',
    write: false,
    define: { 'process.env.NODE_ENV': '"development"' },
  }).then((result) => result.outputFiles[0].text);
  return sharedBundle;
}

// Export names as Node sees the same CommonJS modules; read in a child process because the
// test runner patches this process's console, which React's development build touches on load.
let exportNames;
function namesOf(specifier) {
  exportNames ??= JSON.parse(
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(SPECIFIERS)}.map((s) => [s, Object.keys(require(s))]))));`,
      ],
      { encoding: 'utf8' },
    ).stdout,
  );
  return exportNames[specifier].filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
}

/** Re-exports one specifier's named exports and its default from the shared bundle. */
function facade(specifier) {
  const names = namesOf(specifier);
  return [
    `import { ${binding(specifier)} as m } from '${PREFIX}bundle.js';`,
    `const moduleObject = m.default ?? m;`,
    `export default moduleObject;`,
    ...names.map((name) => `export const ${name} = moduleObject.${name};`),
  ].join('\n');
}

export function reactEsmPlugin() {
  return {
    name: 'react-esm',
    resolveImport({ source }) {
      if (SPECIFIERS.includes(source)) return `${PREFIX}${source}.js`;
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return;
      const name = context.path.slice(PREFIX.length).replace(/\.js$/, '');
      if (name === 'bundle') return { body: await bundle(), type: 'js' };
      if (SPECIFIERS.includes(name)) return { body: facade(name), type: 'js' };
    },
  };
}
