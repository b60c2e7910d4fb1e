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

/** The bundle's entry: define's side effect plus the public exports, without a source file of its own. */
function bundleEntry(): Plugin {
  return {
    name: 'billing-widgets-bundle-entry',
    resolveId: (id) => (isEntry(id) ? `\0${ENTRY}` : undefined),
    load: (id) =>
      id === `\0${ENTRY}` ? `import ${JSON.stringify(src('define.ts'))};\nexport * from ${JSON.stringify(src('index.ts'))};\n` : undefined,
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
