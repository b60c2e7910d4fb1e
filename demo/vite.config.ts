// `npm start`: serves the demo Billing tab from demo/ with the library sources.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  server: { port: 5173, strictPort: false, open: false, fs: { allow: ['..'] } },
});
