// Test fixture for the reference server: one database per test file (PGlite in memory, or DATABASE_URL), fresh accounts per test.
import type { Hono } from 'hono';
import * as assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { z } from 'zod/mini';
import { ErrorBodySchema, ROUTES, routePath, type RouteSpec } from '../../src/client/routes.js';
import { createApp, type CreateAppOptions } from '../../server/app.js';
import { migrate } from '../../server/db/migrate.js';
import { openDatabase, type BillingDatabase } from '../../server/db/open-database.js';
import { TestCardProcessor } from '../../server/payments/test-card-processor.js';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Raw body text, sent as is (malformed JSON tests). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface BillingServerFixture {
  db: BillingDatabase;
  processor: TestCardProcessor;
  app: Hono;
  clock: { now: Date };
  /** Calls a contract route and checks the answer against its response schema (success) or ErrorBodySchema (failure). */
  call<R extends RouteSpec>(route: R, token: string | null, options?: CallOptions): Promise<ApiAnswer<z.infer<R['response']>>>;
  /** Any path, any method, no schema check. */
  raw(method: string, path: string, token: string | null, options?: CallOptions): Promise<ApiAnswer>;
  newAccount(body?: Record<string, unknown>): Promise<{ accountId: string; token: string }>;
  close(): Promise<void>;
}

export async function openFixture(options: Partial<Omit<CreateAppOptions, 'db' | 'processor'>> = {}): Promise<BillingServerFixture> {
  const db = await openDatabase(process.env['DATABASE_URL'] ? { url: process.env['DATABASE_URL'] } : {});
  await migrate(db);
  const clock = { now: new Date() };
  const now = options.now ?? (() => new Date(clock.now));
  const processor = new TestCardProcessor({ now });
  const { app, close } = createApp({ devRoutes: true, ...options, db, processor, now });

  const raw = async (method: string, path: string, token: string | null, call: CallOptions = {}): Promise<ApiAnswer> => {
    const search = call.query ? `?${new URLSearchParams(call.query).toString()}` : '';
    const headers: Record<string, string> = { ...(call.headers ?? {}) };
    if (token !== null) headers['Authorization'] = `Bearer ${token}`;
    let body: string | undefined = call.rawBody;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await app.request(`${path}${search}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: left as text for the assertion to show
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };

  return {
    db,
    processor,
    app,
    clock,
    raw,
    async call(route, token, call = {}) {
      const answer = await raw(route.method, routePath(route, call.params ?? {}), token, call);
      if (answer.status < 400) {
        const checked = route.response.safeParse(answer.body);
        assert.ok(checked.success, `${route.operation} answered outside its schema: ${JSON.stringify(answer.body).slice(0, 500)}`);
      } else {
        const checked = ErrorBodySchema.safeParse(answer.body);
        assert.ok(checked.success, `${route.operation} error outside ErrorBodySchema: ${JSON.stringify(answer.body).slice(0, 500)}`);
      }
      return answer as ApiAnswer<never>;
    },
    async newAccount(body = {}) {
      const answer = await raw('POST', '/v1/dev/accounts', null, { body });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return answer.body as { accountId: string; token: string };
    },
    async close() {
      close();
      await db.close();
    },
  };
}

export { ROUTES };

/** Opens one fixture for the enclosing describe (before) and closes it (after); the accessor fails if none is open. */
export function fixturePerSuite(): () => BillingServerFixture {
  let fixture: BillingServerFixture | undefined;
  before(async () => {
    fixture = await openFixture();
  });
  after(async () => {
    await fixture?.close();
  });
  return () => {
    assert.ok(fixture, 'fixture not opened');
    return fixture;
  };
}

/** The error of a failed answer, checked against ErrorBodySchema; details stay unknown until a test narrows them. */
export function errorOf(answer: ApiAnswer): {
  code: string;
  message: string;
  messageKey?: string | undefined;
  details: Record<string, unknown>;
} {
  const parsed = ErrorBodySchema.safeParse(answer.body);
  assert.ok(parsed.success, `not an error body: ${JSON.stringify(answer.body).slice(0, 300)}`);
  const { code, message, messageKey, details } = parsed.data.error;
  return { code, message, messageKey, details: details ?? {} };
}

/** The per-field messages of a validation error, checked to be an object keyed by field. */
export function fieldErrorsOf(answer: ApiAnswer): Record<string, unknown> {
  const { fieldErrors } = errorOf(answer).details;
  assert.ok(typeof fieldErrors === 'object' && fieldErrors !== null, `no fieldErrors in ${JSON.stringify(answer.body).slice(0, 300)}`);
  return fieldErrors as Record<string, unknown>;
}

/** Turns auto-recharge on with the account's default card: below $10.00, add $50.00 (and a monthly cap, if given). */
export async function enableAutoRecharge(f: BillingServerFixture, token: string, options: { monthlyCap?: number } = {}) {
  const current = await f.call(ROUTES.getAutoRecharge, token);
  const saved = await f.call(ROUTES.saveAutoRecharge, token, {
    body: {
      enabled: true,
      thresholdAmount: { amount: 1000, currency: 'USD' },
      rechargeAmount: { amount: 5000, currency: 'USD' },
      paymentMethodId: current.body.paymentMethodId,
      monthlyCap: options.monthlyCap === undefined ? null : { amount: options.monthlyCap, currency: 'USD' },
      expectedVersion: current.body.version,
    },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  return saved.body;
}

/** A top-up request body for the given card token or saved card. */
export function topUpBody(
  amount: number,
  source: { providerToken: string; saveCard?: boolean } | { paymentMethodId: string },
  idempotencyKey: string,
) {
  return {
    amount: { amount, currency: 'USD' },
    source:
      'paymentMethodId' in source
        ? { type: 'saved_card', paymentMethodId: source.paymentMethodId }
        : { type: 'new_card', providerToken: source.providerToken, saveCard: source.saveCard ?? false },
    idempotencyKey,
  };
}
