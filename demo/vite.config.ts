// `npm start`: serves the demo Billing tab from demo/ with the library sources; /v1 goes to the reference server.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// scripts/start.mjs sets BILLING_API_URL to the server it started; the end-to-end test passes
// its own target through inline config instead.
const apiTarget = process.env.BILLING_API_URL ?? 'http://127.0.0.1:8787';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  server: {
    port: 5173,
    strictPort: false,
    open: false,
    fs: { allow: ['..'] },
    // Same origin for the page and the API: no CORS, and the SSE stream (/v1/events) is proxied as is.
    proxy: { '/v1': { target: apiTarget, changeOrigin: false } },
  },
});
