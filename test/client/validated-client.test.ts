// withValidation: only checked data comes out, and only BillingErrors or AbortErrors are thrown.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { BillingClient } from '../../src/client/billing-client.js';
import { BillingError } from '../../src/client/errors.js';
import type { Account, BillingChange } from '../../src/client/schemas.js';
import { isValidatedClient, withValidation } from '../../src/client/validated-client.js';
import { hostileClient, readyClient, throwingClient } from '../../stories/fixtures.js';
import { rejectionOf } from '../helpers/rejection.js';

const UNREADABLE = "The billing service sent data we couldn't read.";

async function expectUnreadable(client: BillingClient): Promise<BillingError> {
  const error = await rejectionOf(withValidation(client).getAccount());
  expect(error).to.be.instanceOf(BillingError);
  const billingError = error as BillingError;
  expect(billingError.code).to.equal('unknown');
  expect(billingError.retryable).to.equal(true);
  expect(billingError.message).to.equal(UNREADABLE);
  expect(billingError.details['issues']).to.be.an('array').with.lengthOf.above(0);
  return billingError;
}

describe('withValidation', () => {
  it('passes a valid account through unchanged', async () => {
    const mock = readyClient();
    const account = await withValidation(mock).getAccount();
    expect(account).to.deep.equal(await mock.getAccount());
    expect(account.balance).to.deep.equal({ amount: 4250, currency: 'USD' });
  });

  it('wraps only once, and says which clients it wrapped', () => {
    const mock = readyClient();
    const validated = withValidation(mock);
    expect(withValidation(validated)).to.equal(validated);
    expect(isValidatedClient(validated)).to.equal(true);
    expect(isValidatedClient(mock)).to.equal(false);
  });

  describe('refuses a bad payload as an "unknown", retryable BillingError', () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['NaN balance', { balance: { amount: Number.NaN, currency: 'USD' } }],
      ['float balance', { balance: { amount: 1.5, currency: 'USD' } }],
      ['balance beyond safe integers', { balance: { amount: 1e21, currency: 'USD' } }],
      ['balance as a string', { balance: { amount: '42.50', currency: 'USD' } }],
      ['unknown currency', { currency: 'XYZ', balance: { amount: 4250, currency: 'XYZ' } }],
      ['an amount in another currency', { lowBalanceThreshold: { amount: 1000, currency: 'EUR' } }],
      ['a date that is not a date', { balanceUpdatedAt: 'yesterday' }],
      ['a missing field', { autoRecharge: undefined }],
      ['a negative threshold', { lowBalanceThreshold: { amount: -1, currency: 'USD' } }],
      ['an id with a NUL byte', { id: 'acct_\u0000' }],
      ['an id with markup', { id: '<img src=x onerror=alert(1)>' }],
      ['an id of 256 characters', { id: 'a'.repeat(256) }],
      ['a date in year 0', { balanceUpdatedAt: '0000-01-01T00:00:00Z' }],
      ['a date before 1970', { balanceUpdatedAt: '1969-12-31T23:59:59Z' }],
    ];
    for (const [name, patch] of cases) {
      it(name, async () => {
        await expectUnreadable(hostileClient(patch));
      });
    }

    it('a response that is not an object at all', async () => {
      const client = readyClient();
      client.getAccount = () => Promise.resolve('<html>502 Bad Gateway</html>' as unknown as Account);
      const error = await expectUnreadable(client);
      const issues = error.details['issues'] as Array<Record<string, unknown>>;
      expect(issues).to.have.length(1);
      expect(issues[0]).to.include({ path: '', code: 'invalid_type' });
    });

    it('names where the problem is, without echoing the hostile input', async () => {
      const error = await expectUnreadable(hostileClient({ balance: { amount: 1.5, currency: 'USD' } }));
      const issues = error.details['issues'] as Array<Record<string, unknown>>;
      expect(issues.map((issue) => issue['path'])).to.include('balance.amount');
      expect(JSON.stringify(issues)).not.to.contain('1.5');
    });
  });

  it('accepts a negative balance: usage may overdraw the credit', async () => {
    const account = await withValidation(hostileClient({ balance: { amount: -1234, currency: 'USD' } })).getAccount();
    expect(account.balance.amount).to.equal(-1234);
  });

  it('keeps markup in a text field as the exact text', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const account = await withValidation(hostileClient({ name })).getAccount();
    expect(account.name).to.equal(name);
  });

  it('refuses amounts in another currency than the account in later responses', async () => {
    const mock = readyClient();
    const validated = withValidation(mock);
    await validated.getAccount();
    const summary = await validated.getUsageSummary({});
    expect(summary.total.currency).to.equal('USD');
    // A summary whose total is in euros on a dollar account.
    mock.getUsageSummary = () => Promise.resolve({ types: [], total: { amount: 100, currency: 'EUR' }, users: [] });
    const error = await rejectionOf(validated.getUsageSummary({}));
    expect(error).to.be.instanceOf(BillingError);
    expect((error as BillingError).message).to.equal(UNREADABLE);
    expect(JSON.stringify((error as BillingError).details['issues'])).to.contain('total');
  });

  it('refuses a spend series with a point in another currency, a negative spend or a count that is not a number', async () => {
    const query = { from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z', timeZone: 'Asia/Kolkata', bucket: 'day' } as const;
    const fine = withValidation(readyClient());
    await fine.getAccount();
    expect((await fine.getUsageSeries?.(query))?.points).to.have.length(3);
    for (const spoil of [
      { spend: { amount: 100, currency: 'EUR' }, count: 1 },
      { spend: { amount: -1, currency: 'USD' }, count: 1 },
      { spend: { amount: 1, currency: 'USD' }, count: Number.NaN },
    ]) {
      const mock = readyClient();
      const original = mock.getUsageSeries.bind(mock);
      mock.getUsageSeries = async (asked, options) => {
        const answer = await original(asked, options);
        return { ...answer, points: answer.points.map((point, index) => (index === 1 ? { ...point, ...spoil } : point)) };
      };
      const validated = withValidation(mock);
      await validated.getAccount();
      const error = await rejectionOf(validated.getUsageSeries?.(query) ?? Promise.resolve());
      expect(error, JSON.stringify(spoil)).to.be.instanceOf(BillingError);
      expect((error as BillingError).message).to.equal(UNREADABLE);
    }
    // A host client without the method: the validated client has none either, and the chart is not drawn.
    const plain = readyClient();
    Object.defineProperty(plain, 'getUsageSeries', { value: undefined });
    expect('getUsageSeries' in withValidation(plain)).to.equal(false);
  });

  describe('errors the host client throws', () => {
    it('keeps a BillingError as it is', async () => {
      const original = new BillingError('rate_limited');
      const error = await rejectionOf(withValidation(throwingClient(original)).getAccount());
      expect(error).to.equal(original);
    });

    it('turns a TypeError (fetch failed) into a "network" BillingError', async () => {
      const error = await rejectionOf(withValidation(throwingClient(new TypeError('Failed to fetch'))).getAccount());
      expect(error).to.be.instanceOf(BillingError);
      expect((error as BillingError).code).to.equal('network');
    });

    it('turns anything else, even a string, into an "unknown" BillingError', async () => {
      for (const thrown of [new Error('boom'), 'boom', undefined, { status: 500 }]) {
        const error = await rejectionOf(withValidation(throwingClient(thrown)).getAccount());
        expect(error).to.be.instanceOf(BillingError);
        expect((error as BillingError).code).to.equal('unknown');
      }
    });

    it('catches a host method that throws synchronously', async () => {
      const client = readyClient();
      client.getAccount = () => {
        throw new Error('not a promise');
      };
      const error = await rejectionOf(withValidation(client).getAccount());
      expect((error as BillingError).code).to.equal('unknown');
    });

    it('passes an AbortError through unchanged', async () => {
      const abortError = new DOMException('stop', 'AbortError');
      const error = await rejectionOf(withValidation(throwingClient(abortError)).getAccount());
      expect(error).to.equal(abortError);
    });
  });

  describe('aborting', () => {
    it('does not call the host when the signal is already aborted', async () => {
      const mock = readyClient();
      const controller = new AbortController();
      controller.abort();
      const error = await rejectionOf(withValidation(mock).getAccount({ signal: controller.signal }));
      expect((error as DOMException).name).to.equal('AbortError');
      expect(mock.calls.getAccount).to.equal(0);
    });

    it('rejects at once even when the host ignores the signal', async () => {
      const ignoring = readyClient({ latencyMs: 5000 });
      const answer = ignoring.getAccount.bind(ignoring);
      ignoring.getAccount = () => answer();
      const controller = new AbortController();
      const pending = withValidation(ignoring).getAccount({ signal: controller.signal });
      const started = performance.now();
      controller.abort();
      const error = await rejectionOf(pending);
      expect((error as DOMException).name).to.equal('AbortError');
      expect(performance.now() - started).to.be.below(1000);
    });
  });

  describe('subscribe', () => {
    it('is absent when the host client has no change feed', () => {
      const client = readyClient();
      const withoutFeed = { getAccount: client.getAccount.bind(client) } as unknown as BillingClient;
      expect('subscribe' in withValidation(withoutFeed)).to.equal(false);
    });

    it('forwards valid pushes and drops invalid ones', async () => {
      const mock = readyClient();
      const validated = withValidation(mock);
      await validated.getAccount();
      const received: BillingChange[] = [];
      const originalWarn = console.warn;
      console.warn = () => {};
      try {
        const unsubscribe = validated.subscribe!((change) => received.push(change));
        const at = new Date().toISOString();
        mock.push({ type: 'balance', balance: { amount: 4000, currency: 'USD' }, at });
        mock.push({ type: 'balance', balance: { amount: Number.NaN, currency: 'USD' }, at });
        mock.push({ type: 'balance', balance: { amount: 10.5, currency: 'USD' }, at });
        mock.push({ type: 'balance', balance: { amount: 4000, currency: 'EUR' }, at });
        mock.push({ type: 'balance', balance: { amount: 4000, currency: 'XYZ' }, at });
        mock.push({ type: 'mystery' });
        mock.push({ type: 'usage' });
        unsubscribe();
        mock.push({ type: 'usage' });
        expect(received).to.deep.equal([{ type: 'balance', balance: { amount: 4000, currency: 'USD' }, at }, { type: 'usage' }]);
        expect(mock.subscriberCount).to.equal(0);
      } finally {
        console.warn = originalWarn;
      }
    });
  });

  it('never resolves with an amount that is not a safe integer (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e21, -0, Number.MAX_SAFE_INTEGER + 2)), async (amount) => {
        const validated = withValidation(hostileClient({ balance: { amount, currency: 'USD' } }));
        try {
          const account = await validated.getAccount();
          expect(Number.isSafeInteger(account.balance.amount)).to.equal(true);
        } catch (error) {
          expect(error).to.be.instanceOf(BillingError);
          expect((error as BillingError).message).to.equal(UNREADABLE);
        }
      }),
      { numRuns: 60 },
    );
  });
});
