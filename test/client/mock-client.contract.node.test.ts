// MockBillingClient, the reference implementation, passes the BillingClient contract kit (USD and a zero-digit currency).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BillingClient } from '../../src/client/billing-client.js';
import { BillingError } from '../../src/client/errors.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import type { Rate } from '../../src/client/schemas.js';
import { runBillingClientContract } from '../../src/testing/index.js';

runBillingClientContract(() => new MockBillingClient({ seed: 7, usageEntryCount: 120 }), {
  describe,
  it,
  label: 'MockBillingClient, USD',
});

runBillingClientContract(() => new MockBillingClient({ seed: 11, usageEntryCount: 45, currency: 'JPY' }), {
  describe,
  it,
  label: 'MockBillingClient, JPY',
});

// ---------------------------------------------------------------- the kit itself can fail

/** Runs the kit with a collecting describe/it and returns each test's name and error (if any). */
async function runKit(makeClient: () => BillingClient, options: { usageSeries?: boolean } = {}): Promise<Map<string, unknown>> {
  const tests: Array<{ name: string; run: () => Promise<void> }> = [];
  const collect = (name: string, body: () => void) => body();
  runBillingClientContract(makeClient, {
    ...options,
    describe: collect,
    it: (name, run) => tests.push({ name, run }),
  });
  const outcomes = new Map<string, unknown>();
  for (const test of tests) {
    try {
      await test.run();
      outcomes.set(test.name, null);
    } catch (error) {
      outcomes.set(test.name, error);
    }
  }
  return outcomes;
}

function failures(outcomes: Map<string, unknown>): string[] {
  return [...outcomes].filter(([, error]) => error !== null).map(([name]) => name);
}

/** A MockBillingClient with one method swapped for a broken one. */
function brokenMock<K extends keyof MockBillingClient>(
  method: K,
  replace: (original: MockBillingClient[K], client: MockBillingClient) => MockBillingClient[K],
): () => BillingClient {
  return () => {
    const client = new MockBillingClient({ seed: 7, usageEntryCount: 60 });
    const original = (client[method] as (...args: unknown[]) => unknown).bind(client) as MockBillingClient[K];
    Object.defineProperty(client, method, { value: replace(original, client) });
    return client;
  };
}

describe('the contract kit catches broken clients', () => {
  it('passes the unmodified mock (the baseline for the cases below)', async () => {
    const outcomes = await runKit(() => new MockBillingClient({ seed: 7, usageEntryCount: 60 }));
    assert.deepEqual(failures(outcomes), []);
    assert.ok(outcomes.size >= 18, `expected every case to be registered, got ${outcomes.size}`);
  });

  it('a client that charges again on a replayed idempotencyKey fails the replay case', async () => {
    const outcomes = await runKit(
      brokenMock(
        'createTopUp',
        (original) => (request, options) => original({ ...request, idempotencyKey: `${request.idempotencyKey}-${Math.random()}` }, options),
      ),
    );
    const failed = failures(outcomes);
    assert.ok(failed.includes('a replay with the same idempotencyKey returns the same top-up and charges once'), failed.join('\n'));
  });

  it('a client whose pages overlap fails every paging case', async () => {
    const outcomes = await runKit(
      brokenMock('listUsage', (original) => async (query, options) => {
        const page = await original(query, options);
        // Repeats the previous page's last entry: a classic off-by-one in offset paging.
        if (query.cursor) {
          const previous = await original({ ...query, cursor: null, limit: 1 }, options);
          return { ...page, entries: [...previous.entries, ...page.entries.slice(1)] };
        }
        return page;
      }),
    );
    const failed = failures(outcomes);
    assert.ok(failed.includes('listUsage pages at limit 10 without overlap or gaps, with a constant totalCount'), failed.join('\n'));
    assert.ok(failed.includes('every sort is honoured across pages and lists the same entries'), failed.join('\n'));
  });

  it('a rate whose scheduled change is not after it, or in another currency, fails the rates case', async () => {
    const rateCase = 'listRates is non-empty and usage is priced per started minute at the entry’s rate';
    for (const breakRate of [
      (rate: Rate): Rate => ({ ...rate, nextRate: { ratePerMinute: rate.ratePerMinute, effectiveFrom: '2000-01-01T00:00:00.000Z' } }),
      (rate: Rate): Rate => ({
        ...rate,
        nextRate: { ratePerMinute: { amount: 1, currency: 'EUR' }, effectiveFrom: '9000-01-01T00:00:00.000Z' },
      }),
    ]) {
      const outcomes = await runKit(
        brokenMock('listRates', (original) => async (options) => {
          const [first, ...rest] = await original(options);
          return first ? [breakRate(first), ...rest] : [];
        }),
      );
      assert.deepEqual(failures(outcomes), [rateCase]);
    }
  });

  it('a summary that leaves out one entry fails the summary case', async () => {
    const outcomes = await runKit(
      brokenMock('getUsageSummary', (original) => async (filters, options) => {
        const summary = await original(filters, options);
        return { ...summary, total: { ...summary.total, amount: Math.max(0, summary.total.amount - 1) } };
      }),
    );
    assert.ok(failures(outcomes).includes('getUsageSummary totals equal the sum over the listed entries, per type and overall'));
  });

  it('a conflict without details.current and a wrong not_found code are caught', async () => {
    const conflict = await runKit(
      brokenMock('saveAutoRecharge', (original) => async (request, options) => {
        try {
          return await original(request, options);
        } catch (error) {
          if (error instanceof BillingError && error.code === 'conflict') throw new BillingError('conflict');
          throw error;
        }
      }),
    );
    assert.deepEqual(failures(conflict), [
      'saveAutoRecharge round-trips through getAutoRecharge; a stale expectedVersion is a conflict with details.current',
    ]);
    const notFound = await runKit(
      brokenMock('getTopUp', (original) => async (id, options) => {
        try {
          return await original(id, options);
        } catch {
          throw new BillingError('unknown');
        }
      }),
    );
    assert.deepEqual(failures(notFound), ['getTopUp of an unknown id rejects with not_found']);
  });

  it('a backend without target mode, or one that adds the fixed amount in target mode, fails the target cases', async () => {
    const roundTrip =
      'target mode round-trips with its targetBalance (settings and the account summary); a target not above the threshold is refused';
    const charge = 'saving target mode on below the threshold charges what brings the balance up to the target, once';
    // A backend from before target mode: drops mode and targetBalance from requests and answers.
    const withoutTarget = await runKit(
      brokenMock('saveAutoRecharge', (original) => async (request, options) => {
        const { mode: _mode, targetBalance: _target, ...old } = request;
        const { mode: _savedMode, targetBalance: _savedTarget, ...saved } = await original(old, options);
        return saved;
      }),
    );
    const failedWithout = failures(withoutTarget);
    assert.ok(failedWithout.includes(roundTrip) && failedWithout.includes(charge), failedWithout.join('\n'));
    // A backend that stores the target but charges the recharge amount (the fixed mode's).
    const fixedCharge = await runKit(
      brokenMock('saveAutoRecharge', (original) => async (request, options) => {
        const saved = await original({ ...request, mode: 'fixed' }, options);
        return request.mode === 'target' ? { ...saved, mode: 'target', targetBalance: request.targetBalance ?? null } : saved;
      }),
    );
    assert.ok(failures(fixedCharge).includes(charge), failures(fixedCharge).join('\n'));
  });

  it('a series in UTC days whatever the zone, or without its empty buckets, fails the series cases; usageSeries: false skips them', async () => {
    const buckets =
      'getUsageSeries: day buckets in America/New_York and hour buckets in Asia/Kolkata hold exactly the listed entries, totals equal the summary';
    const utcDays = await runKit(
      brokenMock('getUsageSeries', (original) => (query, options) => original({ ...query, timeZone: 'UTC' }, options)),
    );
    assert.ok(failures(utcDays).includes(buckets), failures(utcDays).join('\n'));
    const gaps = await runKit(
      brokenMock('getUsageSeries', (original) => async (query, options) => {
        const answer = await original(query, options);
        return { ...answer, points: answer.points.filter((point) => point.count > 0) };
      }),
    );
    assert.ok(failures(gaps).includes(buckets), failures(gaps).join('\n'));
    // A backend without the method fails the series cases unless they are turned off.
    const without = brokenMock('getUsageSeries', () => undefined as unknown as MockBillingClient['getUsageSeries']);
    assert.ok(failures(await runKit(without)).includes(buckets));
    const skipped = await runKit(without, { usageSeries: false });
    assert.deepEqual(failures(skipped), []);
    assert.ok(![...skipped.keys()].some((name) => name.startsWith('getUsageSeries')));
  });

  it('a page by offset one row off fails the offset case; a backend that ignores offset passes the kit', async () => {
    const offsetCase =
      'listUsage by offset (when the backend echoes offset): the page walking reaches, in every sort, and its nextCursor reads on';
    const offByOne = await runKit(
      brokenMock('listUsage', (original) => async (query, options) => {
        if (query.offset === undefined) return original(query, options);
        return { ...(await original({ ...query, offset: query.offset + 1 }, options)), offset: query.offset };
      }),
    );
    assert.ok(failures(offByOne).includes(offsetCase), failures(offByOne).join('\n'));
    // Answers the first page and no echo, as a backend that does not know the parameter does.
    const ignoring = await runKit(
      brokenMock(
        'listUsage',
        (original) =>
          ({ offset: _ignored, ...query }, options) =>
            original(query, options),
      ),
    );
    assert.deepEqual(failures(ignoring), []);
    assert.ok(ignoring.has(offsetCase));
  });

  it('a usage entry priced by the second instead of the started minute fails the pricing case', async () => {
    const outcomes = await runKit(
      brokenMock('listUsage', (original) => async (query, options) => {
        const page = await original(query, options);
        return {
          ...page,
          entries: page.entries.map((entry) => ({ ...entry, price: { ...entry.price, amount: entry.price.amount + 1 } })),
        };
      }),
    );
    assert.ok(failures(outcomes).includes('listRates is non-empty and usage is priced per started minute at the entry’s rate'));
  });
});
