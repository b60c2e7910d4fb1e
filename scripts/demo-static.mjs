// The demo's production build served as static files, with the headers a host page would send (a strict
// Content-Security-Policy): shared by `npm run lighthouse` and the CSP end-to-end test. Run in ?mock mode, since no
// reference server answers /v1 here.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO_CONFIG = fileURLToPath(new URL('../demo/vite.config.ts', import.meta.url));

/** The origins Stripe's security guide lists for Stripe.js and its Elements (docs.stripe.com/security/guide). */
export const STRIPE_CSP_SOURCES = {
  'script-src': ['https://js.stripe.com', 'https://*.js.stripe.com'],
  'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  'connect-src': ['https://api.stripe.com'],
};

/**
 * The strictest policy the widgets run under: everything from the page's own origin, no inline style or script,
 * Trusted Types required for script sinks; with `stripe`, exactly the Stripe origins added.
 */
export function strictContentSecurityPolicy({ stripe = true } = {}) {
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'frame-src': [],
    'connect-src': ["'self'"],
  };
  if (stripe) for (const [name, sources] of Object.entries(STRIPE_CSP_SOURCES)) directives[name].push(...sources);
  // frame-src and connect-src only matter with Stripe; without it default-src 'self' already says it.
  if (!stripe) {
    delete directives['script-src'];
    delete directives['frame-src'];
    delete directives['connect-src'];
  }
  const policy = Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(' ')}`);
  policy.push("require-trusted-types-for 'script'");
  return policy.join('; ');
}

/** `vite build` of demo/ (production) into outDir. */
export async function buildDemo(outDir) {
  const { build } = await import('vite');
  await build({ configFile: DEMO_CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true, reportCompressedSize: false } });
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Serves `root` on 127.0.0.1 (a free port) with `headers` on every answer; / is index.html. With `htmlSplitAt`, an
 * HTML page arrives as a slow network may deliver it: up to that text, then the rest `pauseMs` later, so the browser
 * can paint the half it has.
 */
export async function serveDirectory(root, { headers = {}, htmlSplitAt, pauseMs = 600 } = {}) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const inside = file.startsWith(normalize(root) + sep);
    try {
      if (!inside || !(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      response.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        ...headers,
      });
      const cut = htmlSplitAt && extname(file) === '.html' ? body.indexOf(htmlSplitAt) : -1;
      if (cut > 0) {
        response.write(body.subarray(0, cut));
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
      response.end(cut > 0 ? body.subarray(cut) : body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      response.end('Not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
