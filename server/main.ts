// `npm run server`: the reference billing server on PGlite (.data/) or PostgreSQL (DATABASE_URL), test cards or Stripe.
//
//   npm run server                      http://127.0.0.1:8787, data kept in .data/
//   npm run server -- --reset           wipe the data and seed the demo account again
//   npm run server -- --port 9000 --data-dir /tmp/billing
//   DATABASE_URL=postgres://… npm run server
//   STRIPE_SECRET_KEY=sk_test_… STRIPE_WEBHOOK_SECRET=whsec_… [STRIPE_PUBLISHABLE_KEY=pk_test_…] npm run server
//
// startServer() is also what the end-to-end and load tests start in-process.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import Stripe from 'stripe';
import { createApp } from './app.js';
import { relayChangesThroughPostgres, type PostgresChangeRelay } from './change-feed-postgres.js';
import { DEMO_TOKEN } from './auth.js';
import type { BillingDatabase } from './db/open-database.js';
import { openDatabase } from './db/open-database.js';
import { migrate } from './db/migrate.js';
import type { PaymentProcessor } from './payments/processor.js';
import { TestCardProcessor } from './payments/test-card-processor.js';
import { startPaymentRecovery, type PaymentRecoveryOptions } from './recovery.js';
import { seedDemoAccount } from './seed.js';
import { createServiceCredential, revokeServiceCredential, seedDevServiceKey } from './service-credentials.js';
import { configuredCursorSecret } from './usage-cursor.js';
import { StripeProcessor, type StripeApi } from './stripe/stripe-processor.js';
import { mountStripeWebhook, STRIPE_WEBHOOK_PATH, type StripeWebhookVerifier } from './stripe/webhook.js';
import { describeEndpoint, startWebhookDelivery, webhookEndpointFromEnv, type WebhookDeliveryOptions } from './webhooks.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_PORT = 8787;
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '.data');
/** How long close() lets requests in flight finish before cutting their connections. */
const CLOSE_GRACE_MS = 2_000;

/** The demo account's bearer token (server/auth.ts): seeded where dev routes are on, refused where they are off. */
export { DEMO_TOKEN };

export interface StripeSettings {
  /** The SDK object (or a fake with the same shape in tests). */
  api: StripeApi & { webhooks: StripeWebhookVerifier };
  webhookSecret: string;
  /** Handed to the demo page through /v1/dev/demo-session so it mounts Stripe's card entry. */
  publishableKey?: string;
}

export interface StartServerOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Loopback by default: the reference server is for development and tests. */
  hostname?: string;
  /** postgres://… — PostgreSQL. Otherwise PGlite. */
  databaseUrl?: string;
  /**
   * PostgreSQL: where the change feed's LISTEN connection goes, when databaseUrl is a transaction-pooling PgBouncer
   * (LISTEN needs a session of its own). Default databaseUrl.
   */
  databaseListenUrl?: string;
  /** PGlite data folder; absent: in memory. */
  dataDir?: string;
  /** Wipe the data first: the PGlite folder's files, or on PostgreSQL the URL's current schema (dropped and created again). */
  reset?: boolean;
  /** The /v1/dev/* routes and the seeded demo account. */
  devRoutes?: boolean;
  /** Stripe instead of the test-card processor. */
  stripe?: StripeSettings;
  /** Used instead of the processor built from `stripe` (tests pass their own). */
  processor?: PaymentProcessor;
  now?: () => Date;
  /** Passed to createApp; tests lower or raise it. */
  topUpRateLimit?: Parameters<typeof createApp>[0]['topUpRateLimit'];
  /** Passed to createApp (card saves per account; default 10 per 10 minutes). */
  cardSaveRateLimit?: Parameters<typeof createApp>[0]['cardSaveRateLimit'];
  /**
   * The sweep that finishes payments a crash interrupted (server/recovery.ts): once at start, in
   * the background, then every intervalMs (60 s). false turns it off. Default on, with rows older than 30 s,
   * and top-ups still 'processing' (their webhook lost) asked about once older than 10 min.
   */
  recovery?:
    | false
    | Pick<
        PaymentRecoveryOptions,
        'olderThanMs' | 'intervalMs' | 'maxAgeMs' | 'processingOlderThanMs' | 'processingRecheckMs' | 'onReport' | 'onError'
      >;
  /** Outbound webhooks (server/webhooks.ts). Default: no endpoint (events recorded, none sent). false: no worker at all. */
  webhooks?: false | WebhookDeliveryOptions;
}

export interface RunningServer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  db: BillingDatabase;
  processor: PaymentProcessor;
  /** The seeded demo account's token (dev routes only). */
  demoToken: string | null;
  /** Stops accepting, ends open connections (SSE streams), closes the app and the database. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const devRoutes = options.devRoutes ?? true;
  let releaseLock = (): void => {};
  let pgliteDir: string | undefined;
  if (!options.databaseUrl && options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    releaseLock = lockDataDir(options.dataDir);
    // PGlite's files live one level down so the lock file (and --reset) can sit beside them.
    pgliteDir = resolve(options.dataDir, 'pglite');
    if (options.reset) rmSync(pgliteDir, { recursive: true, force: true });
  }

  let db: BillingDatabase;
  try {
    db = await openDatabase({ url: options.databaseUrl, dataDir: pgliteDir });
  } catch (error) {
    releaseLock();
    throw error;
  }

  let relay: PostgresChangeRelay | null = null;
  try {
    if (options.reset && options.databaseUrl) {
      // The schema the URL puts first on the search path (public, or a test's own), and only it.
      const schema = (await db.query<{ name: string }>('SELECT current_schema() AS name')).rows[0]?.name;
      if (!schema) throw new Error('--reset: the database has no current schema to wipe.');
      const quoted = `"${schema.replaceAll('"', '""')}"`;
      await db.exec(`DROP SCHEMA ${quoted} CASCADE; CREATE SCHEMA ${quoted};`);
    }
    await migrate(db);
    // Before listening: a browser on this process hears changes made on every other process on the database.
    if (options.databaseUrl) relay = await relayChangesThroughPostgres(db, options.databaseListenUrl ?? options.databaseUrl);
    let demoToken: string | null = null;
    if (devRoutes) {
      await seedDemoAccount(db, { token: DEMO_TOKEN });
      demoToken = DEMO_TOKEN;
      await seedDevServiceKey(db);
    }

    const processor =
      options.processor ??
      (options.stripe ? new StripeProcessor({ stripe: options.stripe.api }) : new TestCardProcessor({ now: options.now }));
    const stripe = options.stripe;

    const { app, close: closeApp } = createApp({
      db,
      processor,
      ...(options.now ? { now: options.now } : {}),
      devRoutes,
      ...(options.topUpRateLimit !== undefined ? { topUpRateLimit: options.topUpRateLimit } : {}),
      ...(options.cardSaveRateLimit !== undefined ? { cardSaveRateLimit: options.cardSaveRateLimit } : {}),
      extraRoutes: (router: Hono) => {
        if (stripe) mountStripeWebhook(router, { db, webhooks: stripe.api.webhooks, secret: stripe.webhookSecret });
        if (devRoutes) {
          router.get('/v1/dev/demo-session', (c) =>
            c.json({
              token: DEMO_TOKEN,
              paymentProvider: processor.name,
              ...(stripe?.publishableKey ? { stripePublishableKey: stripe.publishableKey } : {}),
            }),
          );
        }
      },
    });

    const server = await new Promise<ReturnType<typeof serve>>((resolveListening, reject) => {
      const listening = serve({ fetch: app.fetch, port: options.port ?? DEFAULT_PORT, hostname: options.hostname ?? '127.0.0.1' }, () =>
        resolveListening(listening),
      );
      listening.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    // After migrate (the recovery columns exist), once listening. Not awaited: a slow processor
    // must not hold the server's start, and racing a first request is harmless (same key, and
    // settlement credits once); close() waits for a sweep in progress.
    const recovery =
      options.recovery === false
        ? null
        : startPaymentRecovery(db, processor, {
            ...(options.now ? { now: options.now } : {}),
            onError: (error) => console.error('billing server: payment recovery sweep failed', error),
            ...options.recovery,
          });
    const webhooks =
      options.webhooks === false
        ? null
        : startWebhookDelivery(db, { endpoint: null, ...(options.now ? { now: options.now } : {}), ...options.webhooks });

    let closing: Promise<void> | null = null;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        // Change-feed streams end first; requests in flight (a top-up being charged) get a short
        // grace to finish before their sockets are cut, so the database closes under no one.
        closeApp();
        const recoveryStopped = recovery?.stop();
        const webhooksStopped = webhooks?.stop();
        await new Promise<void>((resolveClosed) => {
          const grace = setTimeout(() => {
            if ('closeAllConnections' in server) server.closeAllConnections();
          }, CLOSE_GRACE_MS);
          server.close(() => {
            clearTimeout(grace);
            resolveClosed();
          });
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await recoveryStopped;
        await webhooksStopped;
        await relay?.close();
        await db.close();
        releaseLock();
      })();
      return closing;
    };

    return { url: `http://${options.hostname ?? '127.0.0.1'}:${port}`, port, db, processor, demoToken, close };
  } catch (error) {
    await relay?.close();
    await db.close().catch(() => {});
    releaseLock();
    throw error;
  }
}

/**
 * One server per PGlite folder: two processes writing the same files corrupt them. The lock is a
 * pid file; one left by a process that died (SIGKILL, a crash) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = resolve(dataDir, 'server.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lockFile);
        } catch {
          // already gone (e.g. --reset of a parent folder by hand)
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `Another billing server (pid ${holder}) is using ${dataDir}. Stop it, or pass --data-dir to use another folder ` +
            `(if no server is running, delete ${lockFile}).`,
        );
      }
      unlinkSync(lockFile);
    }
  }
  throw new Error(`Could not lock ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---------------------------------------------------------------- command line

const USAGE = `Usage: npm run server -- [--port 8787] [--data-dir .data] [--reset]

  --port N        port on 127.0.0.1 (default 8787, or PORT); 0 picks a free one
  --data-dir DIR  PGlite data folder (default .data/ at the repository root)
  --reset         wipe the data and seed the demo account again
  --create-service-key NAME
                  store a new service key for POST /v1/service/usage, print it once, and exit
                  (the server may be running on PostgreSQL; on PGlite, stop it first)
  --revoke-service-key NAME
                  remove that service key, and exit (running servers refuse it within 10 s)

Environment: DATABASE_URL (PostgreSQL instead of PGlite), DATABASE_POOL_SIZE (default 10 connections per process),
NODE_ENV=production (no dev routes),
DATABASE_LISTEN_URL (default DATABASE_URL): a direct connection for the change feed's LISTEN when
DATABASE_URL is a transaction-pooling PgBouncer (several processes: README, "Running several server processes"),
STRIPE_SECRET_KEY + STRIPE_WEBHOOK_SECRET (+ STRIPE_PUBLISHABLE_KEY for the demo page) for Stripe,
BILLING_RECOVERY_OLDER_THAN_MS (default 30000): how old a payment interrupted by a crash must be
before the recovery sweep (at start, then every minute) finishes it;
BILLING_RECOVERY_PROCESSING_OLDER_THAN_MS (default 600000): how old a top-up still 'processing'
(its webhook never came) must be before the sweep asks the processor how it ended;
BILLING_CURSOR_SECRET (32+ characters) signs usage page cursors; unset, a random secret is made
once and kept in the database (server_secrets), shared by every server on it;
BILLING_WEBHOOK_URL + BILLING_WEBHOOK_SECRET (24+ characters): signed event webhooks (README, "Outbound webhooks").`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      reset: { type: 'boolean', default: false },
      'create-service-key': { type: 'string' },
      'revoke-service-key': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const portText = values.port ?? process.env.PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535 (got "${portText}").`);

  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = resolve(values['data-dir'] ?? DEFAULT_DATA_DIR);
  const serviceKeyName = values['create-service-key'];
  if (serviceKeyName !== undefined) {
    console.log(await onServerDatabase(databaseUrl, dataDir, (db) => createServiceCredential(db, serviceKeyName)));
    return;
  }
  const revokedName = values['revoke-service-key'];
  if (revokedName !== undefined) {
    const removed = await onServerDatabase(databaseUrl, dataDir, (db) => revokeServiceCredential(db, revokedName));
    console.log(removed ? `Removed ${revokedName}: its key is refused within 10 s.` : `There is no service key named ${revokedName}.`);
    if (!removed) process.exitCode = 1;
    return;
  }
  const devRoutes = process.env.NODE_ENV !== 'production';
  const recoveryAgeText = process.env.BILLING_RECOVERY_OLDER_THAN_MS;
  const recoveryOlderThanMs = recoveryAgeText ? Number(recoveryAgeText) : undefined;
  if (recoveryOlderThanMs !== undefined && !(Number.isInteger(recoveryOlderThanMs) && recoveryOlderThanMs >= 0)) {
    throw new Error(`BILLING_RECOVERY_OLDER_THAN_MS must be a whole number of milliseconds (got "${recoveryAgeText}").`);
  }
  const processingAgeText = process.env.BILLING_RECOVERY_PROCESSING_OLDER_THAN_MS;
  const processingOlderThanMs = processingAgeText ? Number(processingAgeText) : undefined;
  if (processingOlderThanMs !== undefined && !(Number.isInteger(processingOlderThanMs) && processingOlderThanMs >= 0)) {
    throw new Error(`BILLING_RECOVERY_PROCESSING_OLDER_THAN_MS must be a whole number of milliseconds (got "${processingAgeText}").`);
  }
  configuredCursorSecret(); // a too-short BILLING_CURSOR_SECRET stops the start, not every later page
  const webhookEndpoint = webhookEndpointFromEnv(process.env);

  let stripe: StripeSettings | undefined;
  const secretKey = process.env.STRIPE_SECRET_KEY;
  if (secretKey) {
    const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;
    if (!webhookSecret) {
      throw new Error(
        'STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: payments Stripe settles later would never be credited. ' +
          'Set it (stripe listen --forward-to localhost:8787/v1/webhooks/stripe prints one), or unset STRIPE_SECRET_KEY for test cards.',
      );
    }
    stripe = {
      api: new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000 }),
      webhookSecret,
      ...(process.env.STRIPE_PUBLISHABLE_KEY ? { publishableKey: process.env.STRIPE_PUBLISHABLE_KEY } : {}),
    };
  }

  // Handlers first: a Ctrl-C while PGlite is still creating its files must not leave them half-written.
  let running: RunningServer | null = null;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    if (!running) {
      console.log(`\n${signal}: stopping once start-up has finished…`);
      return;
    }
    shutDown(running, signal);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  if (stripe && !stripe.publishableKey) {
    console.warn(
      "  warning: STRIPE_PUBLISHABLE_KEY is not set, so the demo page cannot show Stripe's card entry (its test-card tokens are refused by Stripe).",
    );
  }

  const storage = databaseUrl ? `PostgreSQL (${redactUrl(databaseUrl)})` : `PGlite in ${dataDir}`;
  console.log(`Starting the billing server on ${storage}${values.reset ? ' (reset)' : ''}…`);
  running = await startServer({
    port,
    ...(databaseUrl ? { databaseUrl } : { dataDir }),
    ...(databaseUrl && process.env.DATABASE_LISTEN_URL ? { databaseListenUrl: process.env.DATABASE_LISTEN_URL } : {}),
    reset: values.reset,
    devRoutes,
    ...(stripe ? { stripe } : {}),
    webhooks: { endpoint: webhookEndpoint },
    recovery: {
      ...(recoveryOlderThanMs !== undefined ? { olderThanMs: recoveryOlderThanMs } : {}),
      ...(processingOlderThanMs !== undefined ? { processingOlderThanMs } : {}),
      onReport: (report, { first }) => {
        const found =
          report.recovered.length +
          report.resumedAttempts.length +
          report.settledProcessing.length +
          report.retryLater.length +
          report.needsReview.length +
          report.abandonedAuthentication.length;
        // The start-up sweep always says it finished (scripts and tests wait for the line); later ones only when they found something.
        if (!first && found === 0) return;
        console.log(
          `payment recovery${first ? ' at start-up' : ''}: ${report.recovered.length} top-up(s) recovered, ` +
            `${report.resumedAttempts.length} auto-recharge attempt(s) resumed, ${report.retryLater.length} left for the next sweep, ` +
            `${report.needsReview.length} newly unresolved${report.needsReview.length > 0 ? ` (${report.needsReview.join(', ')}: GET /v1/top-ups?status=unresolved)` : ''}, ` +
            `${report.settledProcessing.length} processing top-up(s) settled without their webhook, ` +
            `${report.abandonedAuthentication.length} abandoned 3-D Secure top-up(s) ended`,
        );
        for (const { id, error } of report.errors)
          console.error(`payment recovery: ${id}:`, error instanceof Error ? error.message : error);
      },
    },
  });
  // A signal may have come while the server started: its handler set this meanwhile, which flow analysis cannot see.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  if (stopping) {
    shutDown(running, 'SIGTERM');
    return;
  }

  console.log(`Billing server listening on ${running.url}`);
  console.log(`  data:     ${storage}${values.reset ? ' (reset)' : ''}`);
  console.log(
    `  payments: ${stripe ? `Stripe (webhook: POST ${running.url}${STRIPE_WEBHOOK_PATH})` : 'test cards (4242 4242 4242 4242 succeeds)'}`,
  );
  console.log(`  webhooks: ${webhookEndpoint ? `POST ${describeEndpoint(webhookEndpoint.url)}` : 'off (BILLING_WEBHOOK_URL unset)'}`);
  if (running.demoToken) {
    console.log(`  demo token: ${running.demoToken}`);
    console.log(`  try: curl -H "Authorization: Bearer ${running.demoToken}" ${running.url}/v1/account`);
  } else {
    console.log('  dev routes off (NODE_ENV=production): the demo token and dev-seeded accounts are refused');
  }
}

/** Runs `work` on the server's database (migrated first), as a one-off command beside or instead of the server. */
async function onServerDatabase<T>(
  databaseUrl: string | undefined,
  dataDir: string,
  work: (db: BillingDatabase) => Promise<T>,
): Promise<T> {
  let release = (): void => {};
  if (!databaseUrl) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  try {
    const db = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: resolve(dataDir, 'pglite') });
    try {
      await migrate(db);
      return await work(db);
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

function shutDown(running: RunningServer, signal: NodeJS.Signals): void {
  console.log(`\n${signal}: stopping the billing server…`);
  // A stuck close must not keep the port: give it a few seconds, then leave anyway.
  const force = setTimeout(() => {
    console.error('billing server: shutdown took too long; exiting.');
    process.exit(1);
  }, 5_000);
  force.unref();
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('billing server: shutdown failed', error);
      process.exit(1);
    },
  );
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`billing server: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
