// Hostile bytes and forged cursors get a 422 validation error, never a 500: NUL bytes, out-of-range dates, forged or altered cursors (PGlite and PostgreSQL).
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddPaymentMethodRequestSchema, CreateTopUpRequestSchema, Identifier, UsageQuerySchema } from '../../src/client/schemas.js';
import { createApp } from '../../server/app.js';
import { migrate } from '../../server/db/migrate.js';
import { openDatabase } from '../../server/db/open-database.js';
import { TestCardProcessor } from '../../server/payments/test-card-processor.js';
import { configuredCursorSecret, CURSOR_SECRET_ENV, cursorSecret, readCursor, signCursor } from '../../server/usage-cursor.js';
import {
  errorOf,
  fieldErrorsOf,
  openFixture,
  ROUTES,
  topUpBody,
  type ApiAnswer,
  type BillingServerFixture,
} from './billing-server.fixture.js';

const VISA = 'test_card_4242424242424242';
const NUL = '\u0000';

let keyCount = 0;
const freshKey = () => `hostile-${process.pid}-${++keyCount}-${Math.random().toString(36).slice(2)}`;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A 422 in the one error shape, code validation, naming the field that was refused. */
function assertRefused(answer: ApiAnswer, field: string, label: string): void {
  assert.equal(answer.status, 422, `${label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  assert.equal(errorOf(answer).code, 'validation', label);
  const fieldErrors = fieldErrorsOf(answer);
  assert.ok(fieldErrors[field], `${label}: fieldErrors.${field} in ${JSON.stringify(fieldErrors)}`);
}

describe('hostile input answers 4xx, never 500', () => {
  let f: BillingServerFixture;
  let token: string;
  let accountId: string;
  before(async () => {
    f = await openFixture();
    ({ token, accountId } = await f.newAccount({ usageEntryCount: 30 }));
  });
  after(async () => {
    await f.close();
  });

  async function balance(): Promise<number> {
    return (await f.call(ROUTES.getAccount, token)).body.balance.amount;
  }

  describe('NUL bytes in ids', () => {
    it('in a saved card id, a provider token (top-up and card save) and a card id in auto-recharge', async () => {
      const before = await balance();
      const cardsBefore = (await f.call(ROUTES.listPaymentMethods, token)).body.length;
      const savedCardKey = freshKey();
      assertRefused(
        await f.call(ROUTES.createTopUp, token, {
          body: topUpBody(2000, { paymentMethodId: `pm_${NUL}x` }, savedCardKey),
          headers: { 'Idempotency-Key': savedCardKey },
        }),
        'source',
        'NUL in a saved card id',
      );
      const newCardKey = freshKey();
      assertRefused(
        await f.call(ROUTES.createTopUp, token, {
          body: topUpBody(2000, { providerToken: `test_card_${NUL}4242424242424242` }, newCardKey),
          headers: { 'Idempotency-Key': newCardKey },
        }),
        'source',
        'NUL in a provider token (top-up)',
      );
      assertRefused(
        await f.call(ROUTES.addPaymentMethod, token, { body: { providerToken: `tok_${NUL}visa` } }),
        'providerToken',
        'NUL in a provider token (card save)',
      );
      const settings = await f.call(ROUTES.getAutoRecharge, token);
      assertRefused(
        await f.call(ROUTES.saveAutoRecharge, token, {
          body: {
            enabled: true,
            thresholdAmount: { amount: 1000, currency: 'USD' },
            rechargeAmount: { amount: 5000, currency: 'USD' },
            paymentMethodId: `pm_${NUL}`,
            monthlyCap: null,
            expectedVersion: settings.body.version,
          },
        }),
        'paymentMethodId',
        'NUL in a card id (auto-recharge)',
      );
      assert.equal(await balance(), before, 'nothing was charged');
      assert.equal((await f.call(ROUTES.listPaymentMethods, token)).body.length, cardsBefore, 'no card was saved');
      assert.equal((await f.call(ROUTES.getAutoRecharge, token)).body.version, settings.body.version, 'the settings did not change');
    });

    it('in a path id: a top-up read, a top-up confirm, a usage entry, a card removal and a new default card', async () => {
      const cards = (await f.call(ROUTES.listPaymentMethods, token)).body;
      assertRefused(await f.raw('DELETE', '/v1/payment-methods/pm_%00', token), 'paymentMethodId', 'removePaymentMethod');
      assertRefused(await f.raw('POST', '/v1/payment-methods/pm_%00/default', token), 'paymentMethodId', 'setDefaultPaymentMethod');
      assert.deepEqual((await f.call(ROUTES.listPaymentMethods, token)).body, cards, 'the cards did not change');
      assertRefused(await f.raw('GET', '/v1/top-ups/tu_%00', token), 'topUpId', 'getTopUp');
      assertRefused(await f.raw('POST', '/v1/top-ups/tu_%00/confirm', token), 'topUpId', 'confirmTopUp');
      assertRefused(await f.raw('GET', '/v1/usage/entries/use_%00', token), 'entryId', 'getUsageEntry');
    });

    it('in the userId and type filters of the usage list and summary', async () => {
      for (const route of [ROUTES.listUsage, ROUTES.getUsageSummary]) {
        assertRefused(await f.call(route, token, { query: { userId: `usr_${NUL}` } }), 'userId', `${route.operation} userId`);
        assertRefused(
          await f.call(route, token, { query: { type: `outbound_international_call${NUL}` } }),
          'type',
          `${route.operation} type`,
        );
      }
    });

    it('in the idempotency key of the body: the schema refuses it (the header cannot even carry one)', async () => {
      const key = freshKey();
      assert.equal(CreateTopUpRequestSchema.safeParse(topUpBody(2000, { providerToken: VISA }, `${key}${NUL}`)).success, false);
      assert.equal(CreateTopUpRequestSchema.safeParse(topUpBody(2000, { providerToken: VISA }, `${key} x`)).success, false);
      assertRefused(
        await f.call(ROUTES.createTopUp, token, {
          body: topUpBody(2000, { providerToken: VISA }, `${key}${NUL}`),
          headers: { 'Idempotency-Key': key },
        }),
        'idempotencyKey',
        'NUL in the idempotency key',
      );
    });
  });

  describe('control characters in names (dev routes)', () => {
    it('refuses a NUL or a control character in a seeded account or user name', async () => {
      for (const body of [{ name: `North${NUL}wind` }, { name: 'North\u001bwind' }, { userNames: [`Dana${NUL}`] }]) {
        assertRefused(await f.raw('POST', '/v1/dev/accounts', null, { body }), Object.keys(body)[0] ?? '', JSON.stringify(body));
      }
      assert.equal(
        (await f.raw('POST', '/v1/dev/accounts', null, { body: { name: 'Nörthwind <b>&</b> 北风', usageEntryCount: 0 } })).status,
        201,
      );
    });
  });

  describe('ids outside the shared charset or length', () => {
    it('refuses markup, spaces, non-ASCII and 256 characters in a path id, and reads 255 as an id', async () => {
      for (const [id, label] of [
        ['tu_%3Cscript%3E', 'markup'],
        ['tu%20x', 'a space'],
        ['tu_%C3%A9', 'non-ASCII'],
        ['t'.repeat(256), '256 characters'],
      ] as const) {
        assertRefused(await f.raw('GET', `/v1/top-ups/${id}`, token), 'topUpId', label);
      }
      const longest = await f.raw('GET', `/v1/top-ups/${'t'.repeat(255)}`, token);
      assert.equal(longest.status, 404, '255 characters is an id, just not one of ours');
    });

    it('accepts the ids the widgets, the mock, test cards and Stripe really use', () => {
      for (const id of [
        'pm_visa_4242',
        'pm_card_0001',
        'usr_dana_whitfield',
        'acct_northwind',
        'use_00000001',
        'tu_000001',
        'arc_000001',
        'test_card_4000002500003155',
        'pm_1OaBcDeFgHiJkLmNoPqRsTuV',
        'tok_visa',
        'seti_1Mm8s8LkdIwHu7ix0OXBfTRG',
        'pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH',
        'outbound_international_call',
        'urn:host:user.42',
      ]) {
        assert.ok(Identifier.safeParse(id).success, id);
      }
      assert.ok(AddPaymentMethodRequestSchema.safeParse({ providerToken: 'test_card_4242424242424242' }).success);
      const widgetKey = 'topup_0b5e6c52-3f5e-4d7c-9a43-2f8c3b1e9d10';
      assert.ok(
        CreateTopUpRequestSchema.safeParse(topUpBody(2000, { providerToken: VISA }, widgetKey)).success,
        'the dialog’s idempotency keys',
      );
    });
  });

  describe('dates outside 1970–9999', () => {
    it('refuses from and to in year 0 and before 1970 on the usage list and summary', async () => {
      for (const route of [ROUTES.listUsage, ROUTES.getUsageSummary]) {
        assertRefused(await f.call(route, token, { query: { from: '0000-01-01T00:00:00Z' } }), 'from', `${route.operation} from year 0`);
        assertRefused(await f.call(route, token, { query: { to: '0000-01-01T00:00:00Z' } }), 'to', `${route.operation} to year 0`);
        assertRefused(await f.call(route, token, { query: { from: '1969-12-31T23:59:59Z' } }), 'from', `${route.operation} from 1969`);
        assertRefused(
          await f.call(route, token, { query: { to: '9999-12-31T23:00:00-05:00' } }),
          'to',
          `${route.operation} to year 10000 in UTC`,
        );
      }
      const edges = await f.call(ROUTES.listUsage, token, {
        query: { from: '1970-01-01T00:00:00Z', to: '9999-12-31T23:59:59.999Z', limit: '500' },
      });
      assert.equal(edges.status, 200, 'the first and last instants are in range');
      assert.equal(edges.body.totalCount, 30);
    });
  });

  describe('cursors', () => {
    async function realCursor(query: Record<string, string> = {}): Promise<string> {
      const page = await f.call(ROUTES.listUsage, token, { query: { limit: '5', ...query } });
      assert.ok(page.body.nextCursor, 'a second page');
      return page.body.nextCursor;
    }

    it('refuses the forged instants "1", "0000-01-01" and "+275760-09-13…" in the old unkeyed format and the new one', async () => {
      const fingerprint = createHmac('sha256', 'anyone').update('x').digest('base64url').slice(0, 12);
      for (const instant of ['1', '0000-01-01', '+275760-09-13T00:00:00.000Z']) {
        const key = [instant, 'use_x'];
        const unkeyed = base64url({ q: fingerprint, k: key });
        const wrongSecret = `${base64url(key)}.${createHmac('sha256', 'not the secret').update(base64url(key)).digest('base64url')}`;
        for (const [cursor, label] of [
          [unkeyed, 'unkeyed'],
          [wrongSecret, 'signed with another secret'],
        ] as const) {
          assertRefused(await f.call(ROUTES.listUsage, token, { query: { cursor } }), 'cursor', `${instant} ${label}`);
        }
      }
    });

    it('refuses a real cursor with one character changed, its key swapped, or used with other filters or by another account', async () => {
      const cursor = await realCursor();
      assert.equal((await f.call(ROUTES.listUsage, token, { query: { limit: '5', cursor } })).status, 200, 'the real one works');
      const [payload = '', signature = ''] = cursor.split('.');
      const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
      const forgedKey = base64url(['2001-01-01T00:00:00.000Z', 'use_x']);
      const other = await f.newAccount({ usageEntryCount: 10 });
      for (const [query, who, label] of [
        [{ cursor: `${flip(payload, 3)}.${signature}` }, token, 'payload changed'],
        [{ cursor: `${payload}.${flip(signature, signature.length - 1)}` }, token, 'last signature character changed'],
        [{ cursor: `${forgedKey}.${signature}` }, token, 'key swapped'],
        [{ cursor: `${payload}.` }, token, 'signature cut'],
        [{ cursor, userId: 'usr_1' }, token, 'other filters'],
        [{ cursor, sort: 'price_asc' }, token, 'other sort'],
        [{ cursor }, other.token, 'another account'],
      ] as Array<[Record<string, string>, string, string]>) {
        assertRefused(await f.call(ROUTES.listUsage, who, { query: { limit: '5', ...query } }), 'cursor', label);
      }
    });

    it('refuses an out-of-range key even when signed with the server’s own secret (a leaked secret reaches no SQL)', async () => {
      const secret = await cursorSecret(f.db);
      const scope = { accountId, sort: 'date_desc' as const, filters: {} };
      for (const key of [
        ['0000-01-01T00:00:00.000Z', 'use_x'],
        ['+275760-09-13T00:00:00.000Z', 'use_x'],
        ['1', 'use_x'],
        ['2024-01-01T00:00:00.000Z', `use_${NUL}`],
      ] as Array<[string, string]>) {
        const cursor = signCursor(secret, scope, key);
        assert.equal(readCursor(secret, scope, cursor), null, JSON.stringify(key));
        assertRefused(await f.call(ROUTES.listUsage, token, { query: { cursor } }), 'cursor', JSON.stringify(key));
      }
      const fine = signCursor(secret, scope, ['2024-01-01T00:00:00.000Z', 'use_x']);
      assert.deepEqual(
        readCursor(secret, scope, fine),
        ['2024-01-01T00:00:00.000Z', 'use_x'],
        'a well-formed key signed with the secret is read',
      );
    });

    it('refuses a cursor with bytes outside printable ASCII before the server reads it', () => {
      assert.equal(UsageQuerySchema.safeParse({ cursor: `abc${NUL}.def` }).success, false);
      assert.equal(UsageQuerySchema.safeParse({ cursor: 'abc def' }).success, false);
    });

    it('are signed with BILLING_CURSOR_SECRET when it is set: cursors signed before no longer pass, a too-short one is a logged 500', async () => {
      const previous = process.env[CURSOR_SECRET_ENV];
      try {
        Reflect.deleteProperty(process.env, CURSOR_SECRET_ENV);
        const stored = (await f.call(ROUTES.listUsage, token, { query: { limit: '5' } })).body.nextCursor;
        assert.ok(stored);
        process.env[CURSOR_SECRET_ENV] = 'a-configured-secret-of-at-least-32-characters';
        assertRefused(
          await f.call(ROUTES.listUsage, token, { query: { limit: '5', cursor: stored } }),
          'cursor',
          'signed with the stored secret',
        );
        const configured = (await f.call(ROUTES.listUsage, token, { query: { limit: '5' } })).body.nextCursor;
        assert.ok(configured && configured !== stored);
        assert.equal((await f.call(ROUTES.listUsage, token, { query: { limit: '5', cursor: configured } })).status, 200);

        process.env[CURSOR_SECRET_ENV] = 'short';
        const original = console.error;
        console.error = () => {};
        try {
          const answer = await f.call(ROUTES.listUsage, token, { query: { limit: '5', cursor: configured } });
          assert.equal(answer.status, 500, 'a too-short secret is a server fault, logged, never a silently weak signature');
        } finally {
          console.error = original;
        }
      } finally {
        if (previous === undefined) Reflect.deleteProperty(process.env, CURSOR_SECRET_ENV);
        else process.env[CURSOR_SECRET_ENV] = previous;
      }
    });
  });
});

describe('the cursor secret', () => {
  it('stops the server at start when BILLING_CURSOR_SECRET is set but shorter than 32 characters', () => {
    assert.equal(configuredCursorSecret({}), null);
    assert.equal(configuredCursorSecret({ [CURSOR_SECRET_ENV]: 'x'.repeat(32) })?.length, 32);
    assert.throws(() => configuredCursorSecret({ [CURSOR_SECRET_ENV]: 'short' }), /BILLING_CURSOR_SECRET must be at least 32 characters/);
    const dataDir = mkdtempSync(join(tmpdir(), 'billing-cursor-start-'));
    try {
      const main = fileURLToPath(new URL('../../server/main.ts', import.meta.url));
      const started = spawnSync(process.execPath, ['--import', 'tsx', main, '--port', '0', '--data-dir', dataDir], {
        env: { ...process.env, [CURSOR_SECRET_ENV]: 'short', DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(started.status, 1, `exit status; stderr: ${started.stderr}`);
      assert.match(started.stderr, /BILLING_CURSOR_SECRET must be at least 32 characters/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('without BILLING_CURSOR_SECRET is kept with the data: a cursor stays valid after a restart on the same database', async () => {
    const dataDir = process.env['DATABASE_URL'] ? undefined : mkdtempSync(join(tmpdir(), 'billing-cursor-'));
    const start = async () => {
      const db = await openDatabase(process.env['DATABASE_URL'] ? { url: process.env['DATABASE_URL'] } : { dataDir: dataDir ?? '' });
      await migrate(db);
      const billing = createApp({ db, processor: new TestCardProcessor({ now: () => new Date() }), devRoutes: true });
      const request = async (path: string, init: { token?: string; body?: unknown } = {}) => {
        const response = await billing.app.request(path, {
          method: init.body === undefined ? 'GET' : 'POST',
          headers: { 'Content-Type': 'application/json', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
          ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      return {
        request,
        async stop() {
          billing.close();
          await db.close();
        },
      };
    };
    const previous = process.env[CURSOR_SECRET_ENV];
    Reflect.deleteProperty(process.env, CURSOR_SECRET_ENV);
    try {
      const first = await start();
      const { token } = (await first.request('/v1/dev/accounts', { body: { usageEntryCount: 12 } })).body as { token: string };
      const page = await first.request('/v1/usage?limit=5', { token });
      const cursor = page.body['nextCursor'] as string;
      assert.ok(cursor);
      await first.stop();

      const restarted = await start();
      try {
        const next = await restarted.request(`/v1/usage?limit=5&cursor=${cursor}`, { token });
        assert.equal(next.status, 200, `after a restart: ${JSON.stringify(next.body)}`);
        assert.equal((next.body['entries'] as unknown[]).length, 5);
      } finally {
        await restarted.stop();
      }
    } finally {
      if (previous !== undefined) process.env[CURSOR_SECRET_ENV] = previous;
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
