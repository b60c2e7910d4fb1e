// HttpBillingClient against an injected fetch: status mapping, unreadable bodies, retries, aborts, timeouts and the SSE change feed.
import { expect } from '@open-wc/testing';
import { BillingError } from '../../src/client/errors.js';
import { changeFeedLoader, HttpBillingClient, queryString } from '../../src/client/http-client.js';
import { parseRetryAfter } from '../../src/client/http-errors.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { ERROR_STATUS, IDEMPOTENCY_HEADER, ROUTES } from '../../src/client/routes.js';
import type { BillingChange, CreateTopUpRequest, UsageSeriesQuery } from '../../src/client/schemas.js';
import { runBillingClientContract } from '../../src/testing/index.js';
import { rejectionOf, billingErrorOf } from '../helpers/rejection.js';

const UNREADABLE = "The billing service sent data we couldn't read.";

interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: string | null;
  signal: AbortSignal | null;
}

type Responder = (call: RecordedCall) => Response | Promise<Response>;

/** The URL fetch was called with, whichever of its three forms the client used. */
function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** A fetch that answers from a queue of responders (the last one repeats) and records every call. */
function fakeFetch(...responders: Responder[]): typeof fetch & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const impl = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const call: RecordedCall = {
      url: urlOf(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : null,
      signal: init.signal ?? null,
    };
    calls.push(call);
    if (init.signal?.aborted) throw init.signal.reason;
    const responder = responders[Math.min(calls.length - 1, responders.length - 1)];
    if (!responder) throw new Error('no responder');
    return responder(call);
  };
  return Object.assign(impl, { calls });
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function errorBody(code: string, message: string, details?: Record<string, unknown>): unknown {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/** A fetch that never answers but, like the real one, rejects with the signal's reason when aborted. */
function hangingResponse(call: RecordedCall): Promise<Response> {
  return new Promise((_, reject) => {
    call.signal?.addEventListener('abort', () => reject(call.signal?.reason), { once: true });
  });
}

const mock = new MockBillingClient({ usageEntryCount: 30 });
const account = await mock.getAccount();
const settings = await mock.getAutoRecharge();
const topUpRequest: CreateTopUpRequest = {
  amount: { amount: 2500, currency: 'USD' },
  source: { type: 'new_card', providerToken: 'test_card_4242424242424242', saveCard: false },
  idempotencyKey: 'topup-key-0001',
};
const topUp = await new MockBillingClient().createTopUp(topUpRequest);

function client(fetchImpl: typeof fetch, options: Partial<ConstructorParameters<typeof HttpBillingClient>[0]> = {}) {
  return new HttpBillingClient({ baseUrl: 'https://billing.example.com/api/', fetch: fetchImpl, ...options });
}

describe('HttpBillingClient', () => {
  describe('requests', () => {
    it('builds URLs from the route table, with path params encoded and query keys present only when set', async () => {
      const fetchImpl = fakeFetch(
        () => json(account),
        () => json(topUp),
        () => json({ entries: [], nextCursor: null, totalCount: 0 }),
      );
      const http = client(fetchImpl);
      await http.getAccount();
      await http.getTopUp('tu:1.a-b_c');
      await http.listUsage({ limit: 10, sort: 'price_asc', cursor: null, type: undefined, from: '2026-01-01T00:00:00Z' });
      expect(fetchImpl.calls.map((call) => `${call.method} ${call.url}`)).to.deep.equal([
        'GET https://billing.example.com/api/v1/account',
        'GET https://billing.example.com/api/v1/top-ups/tu%3A1.a-b_c',
        'GET https://billing.example.com/api/v1/usage?from=2026-01-01T00%3A00%3A00Z&limit=10&sort=price_asc',
      ]);
      expect(fetchImpl.calls[0]?.headers.get('Accept')).to.equal('application/json');
    });

    it('leaves out absent query keys entirely', () => {
      expect(queryString({})).to.equal('');
      expect(queryString({ cursor: null, type: undefined })).to.equal('');
      expect(queryString({ userId: 'usr 1', limit: 5 })).to.equal('?limit=5&userId=usr+1');
    });

    it('sends the body as JSON and the Idempotency-Key header equal to the body key on createTopUp', async () => {
      const fetchImpl = fakeFetch(() => json(topUp, 201));
      const result = await client(fetchImpl).createTopUp(topUpRequest);
      expect(result.id).to.equal(topUp.id);
      const call = fetchImpl.calls[0];
      expect(call?.method).to.equal('POST');
      expect(call?.headers.get(IDEMPOTENCY_HEADER)).to.equal('topup-key-0001');
      expect(call?.headers.get('Content-Type')).to.equal('application/json');
      expect(JSON.parse(call?.body ?? 'null')).to.deep.equal(topUpRequest);
    });

    it('refuses a request that fails its schema without sending it', async () => {
      const fetchImpl = fakeFetch(() => json(topUp, 201));
      const error = await billingErrorOf(client(fetchImpl).createTopUp({ ...topUpRequest, idempotencyKey: 'short' }));
      expect(error.code).to.equal('validation');
      expect(error.details['fieldErrors']).to.have.property('idempotencyKey');
      expect(fetchImpl.calls).to.have.length(0);
    });

    it('refuses an empty or missing id, and turns a fetch wrapper’s own exception into a BillingError', async () => {
      const fetchImpl = fakeFetch(() => json(topUp));
      expect((await billingErrorOf(client(fetchImpl).getTopUp(''))).code).to.equal('validation');
      expect((await billingErrorOf(client(fetchImpl).getUsageEntry(undefined as unknown as string))).code).to.equal('validation');
      expect(fetchImpl.calls).to.have.length(0);
      const odd = fakeFetch(() => {
        throw new RangeError('wrapper bug');
      });
      const error = await billingErrorOf(client(odd, { retries: 0 }).getAccount());
      expect(error.code).to.equal('network');
    });

    it('refuses an id with a NUL byte, markup, a space or 256 characters without sending it; 255 letters are sent', async () => {
      const fetchImpl = fakeFetch(() => json(topUp));
      for (const topUpId of ['tu_\u0000', 'tu_<b>', 'tu 1', 't'.repeat(256)]) {
        const error = await billingErrorOf(client(fetchImpl).getTopUp(topUpId));
        expect(error.code, JSON.stringify(topUpId)).to.equal('validation');
        expect(error.details['fieldErrors']).to.have.property('topUpId');
      }
      expect((await billingErrorOf(client(fetchImpl).confirmTopUp('tu_\u0000'))).code).to.equal('validation');
      expect((await billingErrorOf(client(fetchImpl).getUsageEntry('use_\u0000'))).code).to.equal('validation');
      expect(fetchImpl.calls).to.have.length(0);
      await client(fetchImpl).getTopUp('t'.repeat(255));
      expect(fetchImpl.calls).to.have.length(1);
    });

    it('calls the headers hook before every request, so a refreshed token is used', async () => {
      let token = 0;
      const fetchImpl = fakeFetch(() => json(account));
      const http = client(fetchImpl, { headers: () => Promise.resolve({ Authorization: `Bearer token-${++token}` }) });
      await http.getAccount();
      await http.getAccount();
      expect(fetchImpl.calls.map((call) => call.headers.get('Authorization'))).to.deep.equal(['Bearer token-1', 'Bearer token-2']);
    });

    it('passes credentials (same-origin by default)', async () => {
      const seen: Array<RequestCredentials | undefined> = [];
      const fetchImpl = (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
        seen.push(init?.credentials);
        return Promise.resolve(json(account));
      };
      await client(fetchImpl).getAccount();
      await client(fetchImpl, { credentials: 'include' }).getAccount();
      expect(seen).to.deep.equal(['same-origin', 'include']);
    });
  });

  describe('errors', () => {
    const byStatus: Array<[number, string]> = [
      [400, 'validation'],
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [409, 'conflict'],
      [422, 'validation'],
      [429, 'rate_limited'],
      [500, 'unknown'],
      [502, 'unavailable'],
      [503, 'unavailable'],
    ];
    for (const [status, code] of byStatus) {
      it(`maps a bare ${status} (HTML body) to ${code}`, async () => {
        const fetchImpl = fakeFetch(
          () => new Response('<!doctype html><h1>Oops</h1>', { status, headers: { 'Content-Type': 'text/html' } }),
        );
        const error = await billingErrorOf(client(fetchImpl, { retries: 0 }).getAccount());
        expect(error.code).to.equal(code);
        expect(error.details['status']).to.equal(status);
      });
    }

    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      it(`takes code, message and details from a ${status} error body (${code})`, async () => {
        const fetchImpl = fakeFetch(() => json(errorBody(code, `server says ${code}`, { hint: 'x' }), status));
        const error = await billingErrorOf(
          client(fetchImpl, { retries: 0 }).saveAutoRecharge({
            enabled: false,
            thresholdAmount: settings.thresholdAmount,
            rechargeAmount: settings.rechargeAmount,
            paymentMethodId: null,
            monthlyCap: null,
            expectedVersion: 1,
          }),
        );
        expect(error.code).to.equal(code);
        expect(error.message).to.equal(`server says ${code}`);
        expect(error.details['hint']).to.equal('x');
      });
    }

    it('keeps validation fieldErrors and honours an explicit retryable flag', async () => {
      const fetchImpl = fakeFetch(() =>
        json(
          { error: { code: 'validation', message: 'Bad amount', retryable: false, details: { fieldErrors: { amount: 'Too small' } } } },
          422,
        ),
      );
      const error = await billingErrorOf(client(fetchImpl).createTopUp(topUpRequest));
      expect(error.code).to.equal('validation');
      expect(error.retryable).to.equal(false);
      expect(error.details['fieldErrors']).to.deep.equal({ amount: 'Too small' });
      expect(fetchImpl.calls).to.have.length(1);
      expect(error.messageKey, 'the backend’s own words carry no key').to.equal(undefined);
    });

    it('passes on the message key and values the backend words its error with, so the widget translates it', async () => {
      const fetchImpl = fakeFetch(() =>
        json(
          {
            error: {
              code: 'conflict',
              message: 'Someone else changed these settings.',
              messageKey: 'errors.conflict',
              params: { count: 2 },
            },
          },
          409,
        ),
      );
      const error = await billingErrorOf(client(fetchImpl).getAccount());
      expect(error.messageKey).to.equal('errors.conflict');
      expect(error.params).to.deep.equal({ count: 2 });
    });

    it('parses a conflict’s details.current with the settings schema, dropping it when unreadable', async () => {
      const newer = { ...settings, version: settings.version + 1 };
      const good = await billingErrorOf(
        client(fakeFetch(() => json(errorBody('conflict', 'Changed', { current: newer }), 409))).getAutoRecharge(),
      );
      expect(good.code).to.equal('conflict');
      expect(good.details['current']).to.deep.equal(newer);

      const bad = await billingErrorOf(
        client(fakeFetch(() => json(errorBody('conflict', 'Changed', { current: { version: 'two' } }), 409))).getAutoRecharge(),
      );
      expect(bad.code).to.equal('conflict');
      expect(bad.details).not.to.have.property('current');
    });

    it('reports an HTML page with a 200 as unreadable, not a SyntaxError', async () => {
      const fetchImpl = fakeFetch(
        () => new Response('<!doctype html><title>Login</title>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
      );
      const error = await billingErrorOf(client(fetchImpl).getAccount());
      expect(error.code).to.equal('unknown');
      expect(error.message).to.equal(UNREADABLE);
      expect(error.retryable).to.equal(true);
      const issues = error.details['issues'] as Array<{ code: string; message: string }>;
      expect(issues[0]?.code).to.equal('invalid_json');
      expect(issues[0]?.message).to.contain('text/html');
    });

    it('reports an empty 200 body as unreadable', async () => {
      const error = await billingErrorOf(client(fakeFetch(() => new Response('', { status: 200 }))).getAccount());
      expect(error.code).to.equal('unknown');
      expect((error.details['issues'] as Array<{ code: string }>)[0]?.code).to.equal('empty_body');
    });

    it('reports a wrong shape with the paths that failed', async () => {
      const fetchImpl = fakeFetch(() => json({ ...account, balance: { amount: 12.5, currency: 'USD' } }));
      const error = await billingErrorOf(client(fetchImpl).getAccount());
      expect(error.code).to.equal('unknown');
      expect(error.message).to.equal(UNREADABLE);
      const paths = (error.details['issues'] as Array<{ path: string }>).map((issue) => issue.path);
      expect(paths).to.include('balance.amount');
    });

    it('reports ids and dates a hostile backend sends (a NUL byte, year 0, year 275760) as unreadable', async () => {
      const fetchImpl = fakeFetch(() =>
        json({ ...topUp, id: 'tu_\u0000', paymentMethodId: 'pm_<img>', createdAt: '0000-01-01T00:00:00Z' }),
      );
      const error = await billingErrorOf(client(fetchImpl).getTopUp(topUp.id));
      expect(error.code).to.equal('unknown');
      expect(error.message).to.equal(UNREADABLE);
      const paths = (error.details['issues'] as Array<{ path: string }>).map((issue) => issue.path);
      expect(paths).to.include.members(['id', 'paymentMethodId', 'createdAt']);
      const far = fakeFetch(() => json({ ...account, balanceUpdatedAt: '+275760-09-13T00:00:00.000Z' }));
      expect((await billingErrorOf(client(far).getAccount())).code).to.equal('unknown');
    });

    it('treats a 200 carrying an error body as that error', async () => {
      const fetchImpl = fakeFetch(() => json(errorBody('unauthorized', 'Session expired')));
      const error = await billingErrorOf(client(fetchImpl).getAccount());
      expect(error.code).to.equal('unauthorized');
      expect(error.message).to.equal('Session expired');
      expect(error.details['status']).to.equal(200);
    });

    it('turns a failing headers hook into a BillingError without calling fetch', async () => {
      const fetchImpl = fakeFetch(() => json(account));
      const http = client(fetchImpl, {
        headers: () => {
          throw new Error('refresh token expired');
        },
      });
      const error = await billingErrorOf(http.getAccount());
      expect(error.code).to.equal('unauthorized');
      expect(error.messageKey).to.equal('errors.signInUnavailable');
      expect(fetchImpl.calls).to.have.length(0);
    });
  });

  describe('retries', () => {
    it('retries a GET after a 503 and then succeeds', async () => {
      const fetchImpl = fakeFetch(
        () => new Response('busy', { status: 503 }),
        () => json(account),
      );
      const result = await client(fetchImpl).getAccount();
      expect(result).to.deep.equal(account);
      expect(fetchImpl.calls).to.have.length(2);
    });

    it('gives up after the configured number of retries with the last error', async () => {
      const fetchImpl = fakeFetch(() => new Response('busy', { status: 503 }));
      const error = await billingErrorOf(client(fetchImpl, { retries: 1 }).getAccount());
      expect(error.code).to.equal('unavailable');
      expect(fetchImpl.calls).to.have.length(2);
    });

    it('does not retry a 500, a 404 or a 401', async () => {
      for (const status of [500, 404, 401]) {
        const fetchImpl = fakeFetch(() => new Response('', { status }));
        await billingErrorOf(client(fetchImpl).getAccount());
        expect(fetchImpl.calls, String(status)).to.have.length(1);
      }
    });

    it('retries createTopUp after a network failure with the same Idempotency-Key and body', async () => {
      const fetchImpl = fakeFetch(
        () => {
          throw new TypeError('Failed to fetch');
        },
        () => json(topUp, 201),
      );
      const result = await client(fetchImpl).createTopUp(topUpRequest);
      expect(result.id).to.equal(topUp.id);
      expect(fetchImpl.calls).to.have.length(2);
      const [first, second] = fetchImpl.calls;
      expect(second?.headers.get(IDEMPOTENCY_HEADER)).to.equal(first?.headers.get(IDEMPOTENCY_HEADER));
      expect(second?.headers.get(IDEMPOTENCY_HEADER)).to.equal(topUpRequest.idempotencyKey);
      expect(second?.body).to.equal(first?.body);
      expect((JSON.parse(second?.body ?? 'null') as { idempotencyKey: unknown }).idempotencyKey).to.equal(topUpRequest.idempotencyKey);
    });

    it('does not retry saveAutoRecharge after a network failure or a 503', async () => {
      const request = {
        enabled: false,
        thresholdAmount: settings.thresholdAmount,
        rechargeAmount: settings.rechargeAmount,
        paymentMethodId: null,
        monthlyCap: null,
        expectedVersion: settings.version,
      };
      const dropped = fakeFetch(
        () => {
          throw new TypeError('Failed to fetch');
        },
        () => json(settings),
      );
      const error = await billingErrorOf(client(dropped).saveAutoRecharge(request));
      expect(error.code).to.equal('network');
      expect(error.message).to.contain('may or may not have been saved');
      expect(dropped.calls).to.have.length(1);

      const busy = fakeFetch(
        () => new Response('', { status: 503 }),
        () => json(settings),
      );
      expect((await billingErrorOf(client(busy).saveAutoRecharge(request))).code).to.equal('unavailable');
      expect(busy.calls).to.have.length(1);
    });

    it('does not retry addPaymentMethod after a network failure', async () => {
      const fetchImpl = fakeFetch(() => {
        throw new TypeError('Failed to fetch');
      });
      await billingErrorOf(client(fetchImpl).addPaymentMethod({ providerToken: 'test_card_4242424242424242' }));
      expect(fetchImpl.calls).to.have.length(1);
    });

    it('waits as long as Retry-After says on a 429', async () => {
      const fetchImpl = fakeFetch(
        () => new Response('', { status: 429, headers: { 'Retry-After': '1' } }),
        () => json(account),
      );
      const started = performance.now();
      await client(fetchImpl).getAccount();
      const waited = performance.now() - started;
      expect(fetchImpl.calls).to.have.length(2);
      expect(waited).to.be.greaterThan(950);
    });

    it('reports a Retry-After too long to wait out instead of blocking the call', async () => {
      const fetchImpl = fakeFetch(() => new Response('', { status: 503, headers: { 'Retry-After': '120' } }));
      const started = performance.now();
      const error = await billingErrorOf(client(fetchImpl).getAccount());
      expect(performance.now() - started).to.be.lessThan(500);
      expect(error.code).to.equal('unavailable');
      expect(error.details['retryAfterMs']).to.equal(120_000);
      expect(fetchImpl.calls).to.have.length(1);
    });

    it('reads Retry-After as seconds or an HTTP date', () => {
      const now = Date.parse('2026-11-23T12:00:00Z');
      expect(parseRetryAfter('3', now)).to.equal(3000);
      expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:05 GMT', now)).to.equal(5000);
      expect(parseRetryAfter('soon', now)).to.equal(null);
      expect(parseRetryAfter(null, now)).to.equal(null);
    });
  });

  describe('abort and timeout', () => {
    it('rejects with an AbortError when aborted during a backoff sleep, and sends nothing more', async () => {
      const fetchImpl = fakeFetch(() => new Response('', { status: 503, headers: { 'Retry-After': '10' } }));
      const controller = new AbortController();
      const pending = client(fetchImpl).getAccount({ signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const started = performance.now();
      const error = await rejectionOf(pending);
      expect(performance.now() - started).to.be.lessThan(1000);
      expect(error).to.be.instanceOf(DOMException);
      expect((error as DOMException).name).to.equal('AbortError');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fetchImpl.calls).to.have.length(1);
    });

    it('aborts the fetch itself when the caller aborts mid-request', async () => {
      const fetchImpl = fakeFetch(hangingResponse);
      const controller = new AbortController();
      const pending = client(fetchImpl).getAccount({ signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      const error = await rejectionOf(pending);
      expect((error as DOMException).name).to.equal('AbortError');
      expect(fetchImpl.calls[0]?.signal?.aborted).to.equal(true);
    });

    it('rejects at once for a signal that is already aborted', async () => {
      const fetchImpl = fakeFetch(() => json(account));
      const error = await rejectionOf(client(fetchImpl).getAccount({ signal: AbortSignal.abort() }));
      expect((error as DOMException).name).to.equal('AbortError');
      expect(fetchImpl.calls).to.have.length(0);
    });

    it('times out each attempt as a network error with a clear message, retrying safe requests', async () => {
      const fetchImpl = fakeFetch(hangingResponse);
      const error = await billingErrorOf(client(fetchImpl, { timeoutMs: 60, retries: 1 }).getAccount());
      expect(error.code).to.equal('network');
      expect(error.message).to.contain('did not answer within');
      expect(error.messageKey).to.equal('errors.timeout');
      expect(error.params).to.deep.equal({ seconds: 0.1 });
      expect(error.retryable).to.equal(true);
      expect(fetchImpl.calls).to.have.length(2);
      expect(fetchImpl.calls.every((call) => call.signal?.aborted)).to.equal(true);
    });

    it('times out a body that stalls after the headers', async () => {
      const stalled = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"id":'));
        },
      });
      const fetchImpl = fakeFetch(() => new Response(stalled, { status: 200 }));
      const error = await billingErrorOf(client(fetchImpl, { timeoutMs: 60, retries: 0 }).getAccount());
      expect(error.code).to.equal('network');
    });
  });

  describe('subscribe (Server-Sent Events)', () => {
    const encoder = new TextEncoder();
    const balance: BillingChange = { type: 'balance', balance: { amount: 4250, currency: 'USD' }, at: '2026-11-23T12:00:00.000Z' };

    function streamOf(chunks: Array<string | Uint8Array>, options: { keepOpen?: boolean; onCancel?: () => void } = {}) {
      return new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
          if (!options.keepOpen) controller.close();
        },
        cancel() {
          options.onCancel?.();
        },
      });
    }

    async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
      const started = performance.now();
      while (!condition()) {
        if (performance.now() - started > timeoutMs) throw new Error('timed out waiting');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }

    it('parses data lines split across chunks, skips unreadable events, and reconnects with Last-Event-ID', async () => {
      // "é" in the label is split between two chunks at the byte level.
      const accountEvent = encoder.encode('data: {"type":"account","note":"café"}\r\n\r\n');
      const split = accountEvent.indexOf(0xc3) + 1;
      const fetchImpl = fakeFetch(
        () =>
          new Response(
            streamOf([
              ': hello\n',
              'retry: 20\n',
              'id: 7\nda',
              `ta: ${JSON.stringify(balance).slice(0, 20)}`,
              `${JSON.stringify(balance).slice(20)}\r`,
              '\n\r\n',
              'data: not json\n\n',
              'data: {"type":"balance","balance":{"amount":1.5,"currency":"USD"},"at":"x"}\n\n',
              accountEvent.slice(0, split),
              accountEvent.slice(split),
              'data: {"type":"usa\n',
              'data: ge"}\n\n',
              'data: {"type":"usage"}',
            ]),
            { status: 200, headers: { 'Content-Type': 'text/event-stream' } },
          ),
        () => new Response(streamOf([], { keepOpen: true }), { status: 200 }),
      );
      let token = 0;
      const http = client(fetchImpl, { headers: () => ({ Authorization: `Bearer t${++token}` }) });
      const changes: BillingChange[] = [];
      const unsubscribe = http.subscribe((change) => changes.push(change));
      await until(() => fetchImpl.calls.length >= 2);
      unsubscribe();
      // A multi-line data field joins with "\n", which is not valid JSON here: it must be skipped too.
      expect(changes).to.deep.equal([balance, { type: 'account' }]);
      expect(fetchImpl.calls[0]?.url).to.equal('https://billing.example.com/api/v1/events');
      expect(fetchImpl.calls[0]?.headers.get('Accept')).to.equal('text/event-stream');
      expect(fetchImpl.calls[1]?.headers.get('Last-Event-ID')).to.equal('7');
      expect(fetchImpl.calls.map((call) => call.headers.get('Authorization'))).to.deep.equal(['Bearer t1', 'Bearer t2']);
    });

    it('stops on unsubscribe: the request is aborted, the stream cancelled, and nothing reconnects', async () => {
      let cancelled = false;
      const fetchImpl = fakeFetch(
        () =>
          new Response(streamOf(['retry: 10\n', 'data: {"type":"usage"}\n\n'], { keepOpen: true, onCancel: () => (cancelled = true) }), {
            status: 200,
          }),
      );
      const changes: BillingChange[] = [];
      const unsubscribe = client(fetchImpl).subscribe((change) => changes.push(change));
      await until(() => changes.length === 1);
      unsubscribe();
      await until(() => cancelled);
      expect(fetchImpl.calls[0]?.signal?.aborted).to.equal(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fetchImpl.calls).to.have.length(1);
    });

    it('does not reconnect when the backend has no feed (404) or says so (204)', async () => {
      for (const status of [404, 204]) {
        const fetchImpl = fakeFetch(() => new Response(status === 204 ? null : 'no feed', { status }));
        const unsubscribe = client(fetchImpl).subscribe(() => undefined);
        // The first reconnect after a failure would come within 1–2 s.
        await new Promise((resolve) => setTimeout(resolve, 2100));
        unsubscribe();
        expect(fetchImpl.calls, String(status)).to.have.length(1);
      }
    });

    it("tries the feed reader's download again when it fails (it loads with import() on subscribing), then follows the feed", async () => {
      const real = changeFeedLoader.load;
      let failures = 0;
      changeFeedLoader.load = () =>
        failures++ === 0 ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : real();
      try {
        const fetchImpl = fakeFetch(() => new Response(streamOf(['data: {"type":"usage"}\n\n'], { keepOpen: true }), { status: 200 }));
        const changes: BillingChange[] = [];
        const unsubscribe = client(fetchImpl).subscribe((change) => changes.push(change));
        await until(() => changes.length === 1, 4000);
        unsubscribe();
        expect(failures).to.equal(2);
        expect(changes).to.deep.equal([{ type: 'usage' }]);
      } finally {
        changeFeedLoader.load = real;
      }
    });

    it("stops trying the feed reader's download once unsubscribed", async () => {
      const real = changeFeedLoader.load;
      let attempts = 0;
      changeFeedLoader.load = () => {
        attempts += 1;
        return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
      };
      try {
        const fetchImpl = fakeFetch(() => new Response('unused', { status: 200 }));
        const unsubscribe = client(fetchImpl).subscribe(() => undefined);
        await until(() => attempts === 1);
        unsubscribe();
        await new Promise((resolve) => setTimeout(resolve, 1200));
        expect(attempts).to.equal(1);
        expect(fetchImpl.calls).to.have.length(0);
      } finally {
        changeFeedLoader.load = real;
      }
    });

    it('reconnects after a failed connection, and unsubscribing during the wait stops it', async () => {
      const fetchImpl = fakeFetch(
        () => new Response('down', { status: 503 }),
        () => new Response(streamOf(['retry: 10\n', 'data: {"type":"usage"}\n\n']), { status: 200 }),
      );
      const changes: BillingChange[] = [];
      const unsubscribe = client(fetchImpl).subscribe((change) => changes.push(change));
      await until(() => changes.length >= 1, 4000);
      // The second stream ended; it now waits `retry: 10` ms before the next connection.
      unsubscribe();
      const callsAtUnsubscribe = fetchImpl.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(fetchImpl.calls.length).to.equal(callsAtUnsubscribe);
    });
  });
});

// ---------------------------------------------------------------- end to end over the REST binding

/**
 * A fetch that serves the REST binding of routes.ts from a MockBillingClient, the way a backend
 * would: path and query parsing, JSON bodies, Idempotency-Key checked against the body, and
 * BillingErrors as `{ error }` bodies with ERROR_STATUS.
 */
function restOverMock(backend: MockBillingClient): typeof fetch {
  const routes = Object.values(ROUTES).map((route) => ({
    route,
    pattern: new RegExp(`^/api${route.path.replace(/:([A-Za-z]+)/g, '(?<$1>[^/]+)')}$`),
  }));
  return async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(urlOf(input));
    const method = init.method ?? 'GET';
    const found = routes
      .map(({ route, pattern }) => ({ route, match: route.method === method ? pattern.exec(url.pathname) : null }))
      .find(({ match }) => match !== null);
    if (!found?.match) return new Response('<h1>Not Found</h1>', { status: 404, headers: { 'Content-Type': 'text/html' } });
    const param = (name: string) => decodeURIComponent(found.match?.groups?.[name] ?? '');
    const query: Record<string, unknown> = Object.fromEntries(url.searchParams);
    for (const name of ['limit', 'offset']) if (typeof query[name] === 'string') query[name] = Number(query[name]);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as never) : (undefined as never);
    try {
      let result: unknown;
      switch (found.route.operation) {
        case 'getAccount':
          result = await backend.getAccount();
          break;
        case 'listPaymentMethods':
          result = await backend.listPaymentMethods();
          break;
        case 'addPaymentMethod':
          result = await backend.addPaymentMethod(body);
          break;
        case 'removePaymentMethod':
          result = await backend.removePaymentMethod(param('paymentMethodId'));
          break;
        case 'setDefaultPaymentMethod':
          result = await backend.setDefaultPaymentMethod(param('paymentMethodId'));
          break;
        case 'createTopUp': {
          const header = new Headers(init.headers).get(IDEMPOTENCY_HEADER);
          if (header !== (body as CreateTopUpRequest).idempotencyKey)
            throw new BillingError('validation', { message: 'Idempotency-Key differs from the body' });
          result = await backend.createTopUp(body);
          break;
        }
        case 'getTopUp':
          result = await backend.getTopUp(param('topUpId'));
          break;
        case 'confirmTopUp':
          result = await backend.confirmTopUp(param('topUpId'));
          break;
        case 'getAutoRecharge':
          result = await backend.getAutoRecharge();
          break;
        case 'saveAutoRecharge':
          result = await backend.saveAutoRecharge(body);
          break;
        case 'listUsage':
          result = await backend.listUsage(query);
          break;
        case 'getUsageSummary':
          result = await backend.getUsageSummary(query);
          break;
        case 'getUsageSeries':
          result = await backend.getUsageSeries(query as UsageSeriesQuery);
          break;
        case 'getUsageEntry':
          result = await backend.getUsageEntry(param('entryId'));
          break;
        case 'listRates':
          result = await backend.listRates();
          break;
        case 'listTopUps':
          result = await backend.listTopUps(query);
          break;
      }
      return json(result, found.route.status);
    } catch (error) {
      if (!(error instanceof BillingError)) throw error;
      return json({ error: { code: error.code, message: error.message, details: error.details } }, ERROR_STATUS[error.code]);
    }
  };
}

runBillingClientContract(
  () =>
    new HttpBillingClient({
      baseUrl: 'https://billing.test/api',
      fetch: restOverMock(new MockBillingClient({ seed: 3, usageEntryCount: 60 })),
    }),
  { label: 'HttpBillingClient over the REST binding, served from MockBillingClient' },
);
