// createApp: the reference server's Hono app, serving every route of src/client/routes.ts, the change feed and (opt-in) dev routes.
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import * as z from 'zod/mini';
import { BillingError } from '../src/client/errors.js';
import { EVENTS_PATH, IDEMPOTENCY_HEADER, ROUTES, type RouteSpec } from '../src/client/routes.js';
import { HOST_ROUTES } from '../src/client/host-routes.js';
import {
  AddPaymentMethodRequestSchema,
  CreateTopUpRequestSchema,
  CurrencyCode,
  SaveAutoRechargeRequestSchema,
  UsageFiltersSchema,
  UsageQuerySchema,
} from '../src/client/schemas.js';
import type { Database } from './db/database.js';
import type { PaymentProcessor } from './payments/processor.js';
import { findAccount, readAccount } from './accounts.js';
import { refuseLargeBodies } from './body-limit.js';
import { requireAccount } from './auth.js';
import { readAutoRecharge, saveAutoRecharge } from './auto-recharge.js';
import { changeFeedFor } from './change-feed.js';
import { errorResponse, invalidRequest, validationError } from './errors.js';
import {
  addPaymentMethod,
  detachRemovedCards,
  listPaymentMethods,
  publicPaymentMethod,
  removePaymentMethod,
  setDefaultPaymentMethod,
} from './payment-methods.js';
import { listRates } from './pricing.js';
import { FixedWindowRateLimiter, type RateLimit } from './rate-limits.js';
import { seedDemoAccount } from './seed.js';
import type { TopUpContext } from './top-up-rows.js';
import { confirmTopUp, createTopUp, getTopUp } from './top-ups.js';
import { listTopUps } from './top-up-history.js';
import { listUnresolvedTopUps } from './unknown-charge-outcomes.js';
import { getUsageEntry, listUsage, recordCalls, usageSummary } from './usage.js';
import { mountUsageIngestion } from './usage-ingest.js';
import { usageSeries } from './usage-series.js';

export interface CreateAppOptions {
  db: Database;
  processor: PaymentProcessor;
  /** Source of "now" for every timestamp, card expiry and monthly cap. Default: real time. */
  now?: () => Date;
  /**
   * Serve POST /v1/dev/accounts and POST /v1/dev/usage (demo and tests only). Off (production),
   * the accounts and tokens the dev seed made, and the published demo token, are refused with 401.
   */
  devRoutes?: boolean;
  /** New top-ups per account per window (replays are free). Default 20 a minute. */
  topUpRateLimit?: RateLimit;
  /**
   * Card saves (POST /v1/payment-methods) per account per window, declined ones included: each is a
   * SetupIntent at the processor, so an unlimited route would let anyone test stolen card numbers.
   * Default 10 per 10 minutes.
   */
  cardSaveRateLimit?: RateLimit;
  /** Milliseconds between heartbeat comments on GET /v1/events. Default 15 000. */
  heartbeatMs?: number;
  /** Adds routes that need no bearer token (the Stripe webhook: POST /v1/webhooks/stripe). */
  extraRoutes?: (app: Hono) => void;
}

export interface BillingApp {
  app: Hono;
  /** Ends open change-feed streams and timers; the database is the caller's to close. */
  close: () => void;
}

/** Card saves per account: a person adds a card or two; a script testing card numbers needs hundreds. */
export const DEFAULT_CARD_SAVE_RATE_LIMIT: RateLimit = { max: 10, windowMs: 10 * 60_000 };

/** Largest request body accepted; every request of the contract is far below it. */
const MAX_BODY_BYTES = 64 * 1024;

/** A display name: free text, but no control characters (PostgreSQL refuses a NUL with a 500). */
const DevName = z
  .string()
  // Matching control characters is this pattern's whole job.
  // eslint-disable-next-line no-control-regex
  .check(z.minLength(1), z.maxLength(500), z.regex(/^[^\u0000-\u001f\u007f]+$/, 'names have no control characters'));

const DevAccountRequestSchema = z.object({
  name: z.optional(DevName),
  currency: z.optional(CurrencyCode),
  startingBalance: z.optional(z.int().check(z.gte(0), z.lte(1_000_000_000))),
  usageEntryCount: z.optional(z.int().check(z.gte(0), z.lte(5000))),
  userNames: z.optional(z.array(DevName).check(z.minLength(1), z.maxLength(6))),
});

const DevCallSchema = z.object({
  destinationCountry: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/))),
  durationSeconds: z.optional(z.int().check(z.gte(1), z.lte(86_400))),
  userId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  type: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});

const DevUsageRequestSchema = z.object({
  calls: z.union([z.int().check(z.gte(1), z.lte(500)), z.array(DevCallSchema).check(z.minLength(1), z.maxLength(500))]),
});

async function readJson<T>(c: Context, schema: z.ZodMiniType<T>): Promise<T> {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw validationError('The request body is not valid JSON.', { body: 'Not valid JSON.' });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidRequest(parsed.error.issues);
  return parsed.data;
}

/** Query strings carry UsageQuery as plain key=value pairs; limit and offset are decimal integers. */
function readQuery<T>(c: Context, schema: z.ZodMiniType<T>): T {
  const raw: Record<string, unknown> = { ...c.req.query() };
  if (typeof raw['limit'] === 'string' && /^\d{1,6}$/.test(raw['limit'])) raw['limit'] = Number(raw['limit']);
  // Up to 16 digits: past Number.MAX_SAFE_INTEGER the schema refuses it rather than reading a rounded row number.
  if (typeof raw['offset'] === 'string' && /^\d{1,16}$/.test(raw['offset'])) raw['offset'] = Number(raw['offset']);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidRequest(parsed.error.issues);
  return parsed.data;
}

/** A route's path parameters checked against its params schemas (ids), so a NUL or a stray byte never reaches SQL. */
function readParams<R extends RouteSpec>(c: Context, route: R): Record<keyof R['params'] & string, string> {
  const params: Record<string, string> = {};
  for (const [name, schema] of Object.entries(route.params ?? {})) {
    const parsed = schema.safeParse(c.req.param(name));
    if (!parsed.success) throw invalidRequest(parsed.error.issues.map((issue) => ({ ...issue, path: [name, ...issue.path] })));
    params[name] = parsed.data;
  }
  return params;
}

export function createApp(options: CreateAppOptions): BillingApp {
  const { db, processor } = options;
  const now = options.now ?? (() => new Date());
  const ctx: TopUpContext = { db, processor, now };
  const feed = changeFeedFor(db);
  // Counted in the database, so every process on it shares one limit (server/rate-limits.ts).
  const topUpLimiter = new FixedWindowRateLimiter(db, 'top_ups', options.topUpRateLimit ?? { max: 20, windowMs: 60_000 });
  const cardSaveLimiter = new FixedWindowRateLimiter(db, 'card_saves', options.cardSaveRateLimit ?? DEFAULT_CARD_SAVE_RATE_LIMIT, {
    now: () => now().getTime(),
    what: 'cards saved',
  });
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const openStreams = new Set<() => void>();
  let closed = false;

  const app = new Hono();
  const auth = requireAccount(db, { acceptDevCredentials: options.devRoutes === true, now: () => now().getTime() });

  app.onError((error, c) => {
    const headers: Record<string, string> = {};
    if (error instanceof BillingError && error.code === 'rate_limited') {
      const seconds = error.details['retryAfterSeconds'];
      if (typeof seconds === 'number') headers['Retry-After'] = String(seconds);
    }
    return errorResponse(c, error, headers);
  });
  app.notFound((c) => errorResponse(c, new BillingError('not_found', { message: `There is no route ${c.req.method} ${c.req.path}.` })));

  // Extras go first: Hono runs handlers in registration order, so the body limit and bearer auth
  // below never touch them (the Stripe webhook reads and verifies its own raw body). Middleware an
  // extra registers with app.use('*', …), such as CORS, applies to every route that follows.
  options.extraRoutes?.(app);

  // Server-to-server usage ingestion: its own body cap (1,000 calls) and service keys, never account tokens.
  mountUsageIngestion(app, ctx, { acceptDevCredentials: options.devRoutes === true });

  app.use('*', refuseLargeBodies(MAX_BODY_BYTES));

  app.get(ROUTES.getAccount.path, auth, async (c) => c.json(await readAccount(db, c.get('accountId')), ROUTES.getAccount.status));

  app.get(ROUTES.listPaymentMethods.path, auth, async (c) => {
    const cards = await listPaymentMethods(db, c.get('accountId'));
    return c.json(cards.map(publicPaymentMethod), ROUTES.listPaymentMethods.status);
  });

  app.post(ROUTES.addPaymentMethod.path, auth, async (c) => {
    const request = await readJson(c, AddPaymentMethodRequestSchema);
    const accountId = c.get('accountId');
    // Counted before the processor is asked, so a declined card uses up an attempt too.
    await cardSaveLimiter.take(accountId);
    const { card, created } = await addPaymentMethod(db, processor, accountId, request, now());
    if (created || request.makeDefault === true) {
      feed.publish(accountId, { type: 'account' });
      feed.publish(accountId, { type: 'payment_methods' });
    }
    // The card was already saved: the same card, answered 200 as a replay is.
    return c.json(publicPaymentMethod(card), created ? ROUTES.addPaymentMethod.status : 200);
  });

  // Not rate limited (route-table.ts): only a removal reaches the processor, once per card, and saving one is limited.
  // Idempotent: a repeat answers the current cards.
  app.delete(ROUTES.removePaymentMethod.path, auth, async (c) => {
    const accountId = c.get('accountId');
    const { paymentMethodId } = readParams(c, ROUTES.removePaymentMethod);
    const { cards, changes } = await removePaymentMethod(db, accountId, paymentMethodId, now());
    for (const change of changes) feed.publish(accountId, change);
    // The card is removed whatever the processor answers; one it couldn't forget now, the recovery sweep forgets later.
    const { failed } = await detachRemovedCards(db, processor, now(), accountId);
    for (const { error } of failed) console.error('billing server: a removed card could not be detached at the processor yet', error);
    return c.json(cards.map(publicPaymentMethod), ROUTES.removePaymentMethod.status);
  });

  app.post(ROUTES.setDefaultPaymentMethod.path, auth, async (c) => {
    const accountId = c.get('accountId');
    const { paymentMethodId } = readParams(c, ROUTES.setDefaultPaymentMethod);
    const { cards, changes } = await setDefaultPaymentMethod(db, accountId, paymentMethodId);
    for (const change of changes) feed.publish(accountId, change);
    return c.json(cards.map(publicPaymentMethod), ROUTES.setDefaultPaymentMethod.status);
  });

  app.post(ROUTES.createTopUp.path, auth, async (c) => {
    const request = await readJson(c, CreateTopUpRequestSchema);
    const accountId = c.get('accountId');
    const { topUp, replayed } = await createTopUp(ctx, accountId, request, {
      idempotencyKeyHeader: c.req.header(IDEMPOTENCY_HEADER),
      rateLimit: topUpLimiter,
      account: c.get('account'),
    });
    return c.json(topUp, replayed ? 200 : ROUTES.createTopUp.status);
  });

  app.get(HOST_ROUTES.listUnresolvedTopUps.path, auth, async (c) => {
    readQuery(c, HOST_ROUTES.listUnresolvedTopUps.query);
    return c.json({ topUps: await listUnresolvedTopUps(db, c.get('accountId')) }, HOST_ROUTES.listUnresolvedTopUps.status);
  });

  app.get(ROUTES.getTopUp.path, auth, async (c) =>
    c.json(await getTopUp(ctx, c.get('accountId'), readParams(c, ROUTES.getTopUp).topUpId), ROUTES.getTopUp.status),
  );

  app.post(ROUTES.confirmTopUp.path, auth, async (c) =>
    c.json(await confirmTopUp(ctx, c.get('accountId'), readParams(c, ROUTES.confirmTopUp).topUpId), ROUTES.confirmTopUp.status),
  );

  app.get(ROUTES.listTopUps.path, auth, async (c) =>
    c.json(await listTopUps(db, c.get('accountId'), readQuery(c, ROUTES.listTopUps.query)), ROUTES.listTopUps.status),
  );

  app.get(ROUTES.getAutoRecharge.path, auth, async (c) =>
    c.json(await readAutoRecharge(db, c.get('accountId')), ROUTES.getAutoRecharge.status),
  );

  app.put(ROUTES.saveAutoRecharge.path, auth, async (c) => {
    const request = await readJson(c, SaveAutoRechargeRequestSchema);
    return c.json(await saveAutoRecharge(ctx, c.get('accountId'), request), ROUTES.saveAutoRecharge.status);
  });

  // Registered before /v1/usage/entries/:entryId and /v1/usage only for readability: paths are distinct.
  app.get(ROUTES.getUsageSummary.path, auth, async (c) => {
    const filters = readQuery(c, UsageFiltersSchema);
    const accountId = c.get('accountId');
    const account = await findAccount(db, accountId);
    return c.json(await usageSummary(db, accountId, account.currency, filters), ROUTES.getUsageSummary.status);
  });

  app.get(ROUTES.getUsageSeries.path, auth, async (c) => {
    const query = readQuery(c, ROUTES.getUsageSeries.query);
    const account = await findAccount(db, c.get('accountId'));
    return c.json(await usageSeries(db, account.id, account.currency, query), ROUTES.getUsageSeries.status);
  });

  app.get(ROUTES.listUsage.path, auth, async (c) =>
    c.json(await listUsage(db, c.get('accountId'), readQuery(c, UsageQuerySchema)), ROUTES.listUsage.status),
  );

  app.get(ROUTES.getUsageEntry.path, auth, async (c) =>
    c.json(await getUsageEntry(db, c.get('accountId'), readParams(c, ROUTES.getUsageEntry).entryId), ROUTES.getUsageEntry.status),
  );

  app.get(ROUTES.listRates.path, auth, async (c) => {
    const account = await findAccount(db, c.get('accountId'));
    return c.json(await listRates(db, account.currency, now()), ROUTES.listRates.status);
  });

  app.get(EVENTS_PATH, auth, (c) => {
    const accountId = c.get('accountId');
    return streamSSE(c, async (stream) => {
      let wake: () => void = () => {};
      const unsubscribe = feed.subscribe(accountId, (change) => {
        void stream.writeSSE({ data: JSON.stringify(change) }).catch(() => wake());
      });
      const end = () => wake();
      openStreams.add(end);
      stream.onAbort(end);
      try {
        await stream.write(': connected\n\n');
        while (!stream.aborted && !closed) {
          const woken = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          // The stream may have been aborted, or the app closed, while this awaited: flow analysis cannot see that.
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
          if (woken || stream.aborted || closed) break;
          // A comment line: EventSource ignores it, proxies see traffic and keep the connection.
          await stream.write(': heartbeat\n\n');
        }
      } finally {
        unsubscribe();
        openStreams.delete(end);
      }
    });
  });

  if (options.devRoutes) {
    app.post('/v1/dev/accounts', async (c) => {
      const request = await readJson(c, z.optional(DevAccountRequestSchema));
      const userNames = request?.userNames;
      const seeded = await seedDemoAccount(db, {
        now: now(),
        usageEntryCount: request?.usageEntryCount ?? 80,
        userCount: 3,
        seed: Math.floor(Math.random() * 2 ** 31),
        ...(request?.name !== undefined ? { name: request.name } : {}),
        ...(request?.currency !== undefined ? { currency: request.currency } : {}),
        ...(request?.startingBalance !== undefined ? { startingBalance: request.startingBalance } : {}),
        ...(userNames ? { users: userNames.map((name, index) => ({ id: `usr_${index + 1}`, name })) } : {}),
      });
      return c.json(seeded, 201);
    });

    app.post('/v1/dev/usage', auth, async (c) => {
      const request = await readJson(c, DevUsageRequestSchema);
      const entries = await recordCalls(ctx, c.get('accountId'), request.calls);
      return c.json({ entries }, 201);
    });
  }

  return {
    app,
    close() {
      closed = true;
      for (const end of [...openStreams]) end();
    },
  };
}
