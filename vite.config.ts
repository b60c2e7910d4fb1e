// Library build: ESM entries for the side-effect-free index and the define module; runtime deps stay external.
import { defineConfig } from 'vite';

const external = [/^lit($|\/)/, /^@lit\//, /^zod($|\/)/, /^@stripe\/stripe-js($|\/)/];

export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: { index: 'src/index.ts', define: 'src/define.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      external: (id) => external.some((pattern) => pattern.test(id)),
      output: { preserveModules: false, chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
