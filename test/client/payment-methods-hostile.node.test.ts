// A hostile or broken backend answering removePaymentMethod / setDefaultPaymentMethod: HttpBillingClient and
// withValidation reject with a BillingError (never resolve with garbage, never hang), DELETE travels as the route table
// says and is retried like the other idempotent routes; and a change type the client does not know is dropped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BillingClient } from '../../src/client/billing-client.js';
import { BillingError } from '../../src/client/errors.js';
import { HttpBillingClient } from '../../src/client/http-client.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import type { BillingChange } from '../../src/client/schemas.js';
import { withValidation } from '../../src/client/validated-client.js';

const CARD = { id: 'pm_1', type: 'card', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030, isDefault: true };

function fetchAnswering(...answers: Array<() => Response>): typeof fetch & { calls: Array<{ url: string; method: string }> } {
  const calls: Array<{ url: string; method: string }> = [];
  const impl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({ url: input instanceof Request ? input.url : input.toString(), method: init?.method ?? 'GET' });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    assert.ok(answer);
    return Promise.resolve(answer());
  };
  return Object.assign(impl, { calls });
}

const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const GARBAGE: Record<string, () => Response> = {
  'an HTML page': () => new Response('<html>Gateway</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
  'an empty body': () => new Response('', { status: 200 }),
  'one card instead of a list': json(CARD),
  'a card with a NaN expiry': () => new Response(`[${JSON.stringify(CARD).replace('"expMonth":12', '"expMonth":NaN')}]`, { status: 200 }),
  'a card with last4 "42<b>"': json([{ ...CARD, last4: '42<b>' }]),
  'a card with an id outside the id charset': json([{ ...CARD, id: 'pm 1<script>' }]),
  null: json(null),
};

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<BillingError> {
  let caught: unknown;
  await assert.rejects(
    promise.catch((error: unknown) => {
      caught = error;
      throw error;
    }),
  );
  assert.ok(caught instanceof BillingError, `not a BillingError: ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

describe('HttpBillingClient: removePaymentMethod and setDefaultPaymentMethod against a hostile backend', () => {
  for (const [label, answer] of Object.entries(GARBAGE)) {
    it(`rejects ${label} with an unreadable-response error, for both`, async () => {
      const client = new HttpBillingClient({ baseUrl: 'https://billing.example/api', fetch: fetchAnswering(answer), retries: 0 });
      const removal = await rejectsWith(client.removePaymentMethod('pm_1'), 'unknown');
      assert.equal(removal.messageKey, 'errors.unreadable');
      await rejectsWith(client.setDefaultPaymentMethod('pm_1'), 'unknown');
    });
  }

  it('sends DELETE /v1/payment-methods/:id and POST …/:id/default, and reads the list', async () => {
    const fetchImpl = fetchAnswering(json([CARD]));
    const client = new HttpBillingClient({ baseUrl: 'https://billing.example/api/', fetch: fetchImpl });
    assert.deepEqual(await client.removePaymentMethod('pm_a:1'), [CARD]);
    assert.deepEqual(await client.setDefaultPaymentMethod('pm_1'), [CARD]);
    assert.deepEqual(fetchImpl.calls, [
      { url: 'https://billing.example/api/v1/payment-methods/pm_a%3A1', method: 'DELETE' },
      { url: 'https://billing.example/api/v1/payment-methods/pm_1/default', method: 'POST' },
    ]);
  });

  it('refuses an id that is not one without sending anything', async () => {
    const fetchImpl = fetchAnswering(json([CARD]));
    const client = new HttpBillingClient({ baseUrl: 'https://billing.example/api', fetch: fetchImpl });
    for (const id of ['', '../account', 'pm 1', 'x'.repeat(256)]) await rejectsWith(client.removePaymentMethod(id), 'validation');
    assert.equal(fetchImpl.calls.length, 0);
  });

  it('tries a removal again after a 503 (repeating it changes nothing more) and reports a 404 as not_found', async () => {
    const unavailable = json({ error: { code: 'unavailable', message: 'Try again.', retryable: true } }, 503);
    const retried = fetchAnswering(unavailable, json([CARD]));
    const client = new HttpBillingClient({ baseUrl: 'https://billing.example/api', fetch: retried });
    assert.deepEqual(await client.removePaymentMethod('pm_1'), [CARD]);
    assert.equal(retried.calls.length, 2);

    const missing = fetchAnswering(json({ error: { code: 'not_found', message: 'There is no saved card pm_1.' } }, 404));
    const second = new HttpBillingClient({ baseUrl: 'https://billing.example/api', fetch: missing });
    await rejectsWith(second.removePaymentMethod('pm_1'), 'not_found');
    assert.equal(missing.calls.length, 1);
  });
});

describe('withValidation: a host client answering card changes with garbage', () => {
  function hostAnswering(value: unknown): BillingClient {
    const mock = new MockBillingClient({ usageEntryCount: 0 });
    return Object.assign(mock, {
      removePaymentMethod: () => Promise.resolve(value),
      setDefaultPaymentMethod: () => Promise.resolve(value),
    });
  }

  for (const [label, value] of Object.entries({ undefined: undefined, 'a string': 'ok', 'a card': CARD, 'a list of numbers': [1, 2] })) {
    it(`rejects ${label} as unreadable`, async () => {
      const client = withValidation(hostAnswering(value));
      await rejectsWith(client.removePaymentMethod('pm_1'), 'unknown');
      await rejectsWith(client.setDefaultPaymentMethod('pm_1'), 'unknown');
    });
  }

  it('turns a host method that throws synchronously into a BillingError', async () => {
    const host = Object.assign(new MockBillingClient({ usageEntryCount: 0 }), {
      removePaymentMethod: () => {
        throw new Error('host bug');
      },
    });
    await rejectsWith(withValidation(host).removePaymentMethod('pm_1'), 'unknown');
  });
});

describe('a change type the client does not know', () => {
  it('is dropped with a warning; the pushes after it still arrive', async () => {
    let push: ((change: unknown) => void) | undefined;
    const host = Object.assign(new MockBillingClient({ usageEntryCount: 0 }), {
      subscribe: (listener: (change: unknown) => void) => {
        push = listener;
        return () => undefined;
      },
    });
    const received: BillingChange[] = [];
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const unsubscribe = withValidation(host).subscribe?.((change) => received.push(change));
      assert.ok(push && unsubscribe);
      push({ type: 'payment_methods_v2' });
      push({ type: 'payment_methods' });
      push({ type: 'usage' });
      const started = Date.now();
      while (received.length < 2 && Date.now() - started < 2_000) await new Promise((resolve) => setTimeout(resolve, 10));
      unsubscribe();
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(
      received.map((change) => change.type),
      ['payment_methods', 'usage'],
    );
    assert.equal(warnings.length, 1);
  });
});
