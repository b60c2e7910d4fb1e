// Library build: ESM entries (index, define, react, testing, webhooks) with runtime deps external, then the
// self-contained bundle (vite.bundle.config.ts) and the types (tsconfig.build.json), all from `npm run build`.
import { defineConfig } from 'vite';
import { minifyLiteralsPlugin } from './scripts/minify-literals.mjs';

const external = [
  /^lit($|\/)/,
  /^@lit\//, // @lit/context, @lit/react (an optional peer, for ./react only)
  /^zod($|\/)/,
  /^@stripe\/stripe-js($|\/)/,
  /^react($|\/)/,
  /^react-dom($|\/)/,
];

// One per package.json "exports" subpath that points into dist/ (./bundle is vite.bundle.config.ts).
const entry = {
  index: 'src/index.ts',
  define: 'src/define.ts',
  react: 'src/react/index.ts',
  testing: 'src/testing/index.ts',
  webhooks: 'src/webhooks/index.ts',
};

export default defineConfig({
  // Lit templates' text (CSS, markup indentation) is not touched by the JS minifier: shrink it here.
  plugins: [minifyLiteralsPlugin()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    lib: { entry, formats: ['es'] },
    rolldownOptions: {
      external: (id) => external.some((pattern) => pattern.test(id)),
      // One file per source module, so a consumer's bundler drops whole modules a page does not import
      // (package.json "sideEffects"): a widget imported alone no longer drags in a chunk holding the others.
      output: {
        preserveModules: true,
        preserveModulesRoot: 'src',
        entryFileNames: (chunk) => (chunk.isEntry && chunk.name in entry ? '[name].js' : 'chunks/[name].js'),
      },
    },
  },
});
