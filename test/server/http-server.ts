// The reference server on a loopback port (PGlite, or DATABASE_URL), for tests that talk to it through
// HttpBillingClient over real HTTP, and a fresh seeded account's client.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.js';
import { migrate } from '../../server/db/migrate.js';
import { TestCardProcessor } from '../../server/payments/test-card-processor.js';
import { HttpBillingClient } from '../../src/client/http-client.js';
import { openTestDatabase } from './test-database.js';

export interface HttpBillingServer {
  baseUrl: string;
  /** A fresh account (dev route) with `usageEntryCount` calls, and an HttpBillingClient holding its token. */
  freshClient(usageEntryCount: number): Promise<{ client: HttpBillingClient; token: string }>;
  close(): Promise<void>;
}

export async function startHttpBillingServer(): Promise<HttpBillingServer> {
  const database = await openTestDatabase();
  await migrate(database.db);
  const billing = createApp({
    db: database.db,
    processor: new TestCardProcessor({ now: () => new Date() }),
    devRoutes: true,
    heartbeatMs: 1_000,
  });
  const server = serve({ fetch: billing.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    async freshClient(usageEntryCount) {
      const response = await fetch(`${baseUrl}/v1/dev/accounts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ usageEntryCount }),
      });
      assert.equal(response.status, 201, await response.clone().text());
      const { token } = (await response.json()) as { token: string };
      return { client: new HttpBillingClient({ baseUrl, headers: () => ({ Authorization: `Bearer ${token}` }) }), token };
    },
    async close() {
      billing.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
