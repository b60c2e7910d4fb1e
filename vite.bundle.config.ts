// dist/billing-widgets.bundle.js: one minified ES module with Lit and every dependency inside, for a plain
// <script type="module"> page. It registers the default tags and exports everything `billing-widgets` does.
// Stripe.js is never in it: StripePaymentProvider injects Stripe's script only when its card entry mounts.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { minifyLiteralsPlugin } from './scripts/minify-literals.mjs';

// Vite resolves a lib entry against the root, so the virtual id is matched by its ending.
const ENTRY = 'billing-widgets-bundle-entry';
const isEntry = (id: string) => id === ENTRY || id.endsWith(`/${ENTRY}`);
const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/** What the bundle is, relative to src/ (code) and to dist/types/ (declarations): define's side effect plus index's exports. */
const BUNDLE_MODULES = { define: 'define', exports: 'index' } as const;

/**
 * The bundle's entry, without a source file of its own, and its declarations (dist/types/bundle.d.ts, the
 * `types` of the ./bundle export) written from the same two names, so the typings say what the bundle holds.
 */
function bundleEntry(): Plugin {
  const { define, exports } = BUNDLE_MODULES;
  return {
    name: 'billing-widgets-bundle-entry',
    resolveId: (id) => (isEntry(id) ? `\0${ENTRY}` : undefined),
    load: (id) =>
      id === `\0${ENTRY}`
        ? `import ${JSON.stringify(src(`${define}.ts`))};\nexport * from ${JSON.stringify(src(`${exports}.ts`))};\n`
        : undefined,
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'types/bundle.d.ts',
        source:
          '// billing-widgets/bundle: one self-contained file that registers the default tags and exports what billing-widgets does.\n' +
          `import './${define}.js';\nexport * from './${exports}.js';\n`,
      });
    },
  };
}

export default defineConfig({
  plugins: [bundleEntry(), minifyLiteralsPlugin()],
  // Nothing in the bundle may wait for a bundler's process.env replacement.
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false, // the library build ran first into the same folder
    sourcemap: true,
    // Not lib mode: Vite keeps whitespace in ES library output, and this file is meant to ship minified.
    minify: true,
    copyPublicDir: false,
    rolldownOptions: {
      input: ENTRY,
      preserveEntrySignatures: 'strict', // keep every export of the entry
      output: { format: 'es', entryFileNames: 'billing-widgets.bundle.js', codeSplitting: false },
    },
  },
});
