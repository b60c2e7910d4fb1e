// `npm start`: the reference server (child process) plus the demo's Vite dev server proxying /v1 to it; Ctrl-C stops both.
// Arguments after `--` go to the server, e.g. `npm start -- --reset`.
import { spawn } from 'node:child_process';
import { createServer as createNetServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SERVER_START_TIMEOUT_MS = 60_000;

/** 8787 (or PORT) when free; otherwise any free loopback port, so a second checkout still starts. */
async function pickServerPort() {
  const wanted = Number(process.env.PORT ?? 8787);
  const tryListen = (port) =>
    new Promise((resolve) => {
      const probe = createNetServer();
      probe.once('error', () => resolve(null));
      probe.listen(port, '127.0.0.1', () => {
        const { port: bound } = probe.address();
        probe.close(() => resolve(bound));
      });
    });
  return (await tryListen(wanted)) ?? (await tryListen(0));
}

function waitForPort(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const onExit = (code, signal) => reject(new Error(`the server exited before it was ready (${signal ?? `code ${code}`})`));
    child.once('exit', onExit);
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        child.off('exit', onExit);
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) {
          child.off('exit', onExit);
          reject(new Error(`the server did not listen on port ${port} within ${timeoutMs / 1000} s`));
        } else setTimeout(attempt, 150);
      });
    };
    attempt();
  });
}

const port = await pickServerPort();
const passThrough = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
const serverArgs = ['--import', 'tsx', 'server/main.ts', '--port', String(port), ...passThrough];
const server = spawn(process.execPath, serverArgs, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

let vite = null;
let stopping = false;

async function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  await vite?.close().catch(() => {});
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    // The server finishes a start-up in progress first (PGlite creating its files), then stops.
    const timer = setTimeout(() => server.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
server.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`\nThe billing server stopped (${signal ?? `exit code ${code}`}); stopping the demo too.`);
  void stop(code || 1);
});

try {
  await waitForPort(port, server, SERVER_START_TIMEOUT_MS);
} catch (error) {
  console.error(`npm start: ${error.message}`);
  await stop(1);
}

// Read by demo/vite.config.ts when Vite loads it.
process.env.BILLING_API_URL = `http://127.0.0.1:${port}`;
const { createServer } = await import('vite');
vite = await createServer({ configFile: `${root}demo/vite.config.ts`, clearScreen: false, logLevel: 'warn' });
await vite.listen();
const url = vite.resolvedUrls?.local[0] ?? `http://localhost:${vite.config.server.port}/`;
console.log(`\n  Billing demo:   ${url}`);
console.log(`  API server:     http://127.0.0.1:${port}  (proxied under /v1)`);
console.log(`  In-memory mock: ${url}?mock`);
console.log(`  Place calls:    npm run simulate${port === 8787 ? '' : ` -- --url http://127.0.0.1:${port}`}`);
console.log('\n  Ctrl-C stops both.\n');
