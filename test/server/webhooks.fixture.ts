// Test fixture for outbound webhooks: a billing app on a database of its own (PGlite in memory, or a fresh schema of
// DATABASE_URL, since workers claim every due row of their schema), a settable clock, and an HTTP receiver that records
// what it is sent and answers what the test says.
import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { createApp } from '../../server/app.js';
import { migrate } from '../../server/db/migrate.js';
import { TestCardProcessor } from '../../server/payments/test-card-processor.js';
import { WebhookDelivery, type WebhookDeliveryOptions, type WebhookEvent } from '../../server/webhooks.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

export const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef0123456789abcdef';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  event: WebhookEvent;
}

/** A local endpoint. `respond` picks each answer's status (default 200); it may wait, or never answer. */
export class WebhookReceiver {
  readonly received: ReceivedRequest[] = [];
  respond: (event: WebhookEvent, request: ReceivedRequest) => number | Promise<number> = () => 200;
  readonly #server: Server;
  #waiters: Array<() => void> = [];

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<WebhookReceiver> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const received: ReceivedRequest = { headers: request.headers, body, event: JSON.parse(body) as WebhookEvent };
        receiver.received.push(received);
        for (const wake of receiver.#waiters.splice(0)) wake();
        void Promise.resolve(receiver.respond(received.event, received)).then((status) => {
          response.writeHead(status, { 'Content-Type': 'text/plain' });
          response.end(status < 300 ? 'ok' : 'no');
        });
      });
    });
    const receiver = new WebhookReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hooks/billing`;
  }

  /** The events received so far, in arrival order. */
  get events(): WebhookEvent[] {
    return this.received.map((request) => request.event);
  }

  /** Resolves once `count` requests have arrived (fails after timeoutMs of real time). */
  async waitFor(count: number, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      assert.ok(left > 0, `expected ${count} webhook requests, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  clear(): void {
    this.received.length = 0;
    this.respond = () => 200;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

export interface WebhookWorld {
  database: TestDatabase;
  app: Hono;
  processor: TestCardProcessor;
  clock: { now: Date };
  receiver: WebhookReceiver;
  /** A worker on this database (or another handle on it), on the world's clock, sending to the receiver. */
  worker(options?: Partial<WebhookDeliveryOptions>, db?: TestDatabase['db']): WebhookDelivery;
  /** Any route: status and parsed body (a body's idempotencyKey is sent as the Idempotency-Key header too). */
  request(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: unknown }>;
  newAccount(body: Record<string, unknown>): Promise<{ accountId: string; token: string }>;
  /** Empties the outbox and the receiver, so a test sees only its own events. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function openWebhookWorld(): Promise<WebhookWorld> {
  const database = await openTestDatabase();
  await migrate(database.db);
  const clock = { now: new Date() };
  const now = () => new Date(clock.now);
  const processor = new TestCardProcessor({ now });
  const { app, close: closeApp } = createApp({
    db: database.db,
    processor,
    now,
    devRoutes: true,
    topUpRateLimit: { max: 1000, windowMs: 60_000 },
  });
  const receiver = await WebhookReceiver.start();

  const request: WebhookWorld['request'] = async (method, path, token, body) => {
    const headers: Record<string, string> = {};
    if (token) headers['Authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const idempotencyKey = (body as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
    if (typeof idempotencyKey === 'string') headers['Idempotency-Key'] = idempotencyKey;
    const response = await app.request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  };

  return {
    database,
    app,
    processor,
    clock,
    receiver,
    worker: (options = {}, db = database.db) =>
      new WebhookDelivery(db, { endpoint: { url: receiver.url, secret: WEBHOOK_SECRET }, now, random: () => 0.5, ...options }),
    request,
    async newAccount(body) {
      const answer = await request('POST', '/v1/dev/accounts', null, { usageEntryCount: 0, ...body });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return answer.body as { accountId: string; token: string };
    },
    async reset() {
      await database.db.query(`DELETE FROM webhook_events`);
      receiver.clear();
    },
    async close() {
      closeApp();
      await receiver.close();
      await database.close();
    },
  };
}
