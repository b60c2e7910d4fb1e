// Rate history on the reference server: rates carry effectiveFrom and their next scheduled change, and a call is priced
// wholly at the rate in force when it starts (PGlite, or PostgreSQL with DATABASE_URL).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ROUTES } from '../../src/client/routes.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { ManualClock } from '../../src/client/mock/clock.js';
import { seedRateChangeAt, seedRatesEffectiveFrom } from '../../src/seed/seed-data.js';
import { fixturePerSuite } from './billing-server.fixture.js';

interface PlacedEntry {
  price: { amount: number };
  ratePerMinute: { amount: number };
  billedSeconds: number;
}

describe('rate history (server)', () => {
  const f = fixturePerSuite();

  const seededAt = new Date('2026-12-02T10:00:00Z');
  const changeAt = new Date(seedRateChangeAt(seededAt.getTime()));

  it('lists each rate with effectiveFrom, its scheduled change and dialling prefix', async () => {
    f().clock.now = seededAt;
    const { token } = await f().newAccount({ usageEntryCount: 0 });
    const rates = (await f().call(ROUTES.listRates, token)).body;
    const nigeria = rates.find((rate) => rate.destinationCountry === 'NG');
    assert.deepEqual(nigeria, {
      destinationCountry: 'NG',
      destinationName: 'Nigeria',
      ratePerMinute: { amount: 24, currency: 'USD' },
      effectiveFrom: new Date(seedRatesEffectiveFrom(seededAt.getTime())).toISOString(),
      nextRate: { ratePerMinute: { amount: 21, currency: 'USD' }, effectiveFrom: '2027-01-01T00:00:00.000Z' },
      dialingPrefix: '+234',
    });
    assert.equal(rates.find((rate) => rate.destinationCountry === 'FR')?.nextRate, undefined);
  });

  it('prices a call that straddles a change wholly at the earlier rate, and one starting at or after it at the new rate', async () => {
    f().clock.now = seededAt;
    const { token } = await f().newAccount({ usageEntryCount: 0, startingBalance: 100_000 });
    const place = async (at: Date): Promise<PlacedEntry> => {
      f().clock.now = at;
      const answer = await f().raw('POST', '/v1/dev/usage', token, {
        body: { calls: [{ destinationCountry: 'NG', durationSeconds: 180 }] },
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      const entry = (answer.body as { entries: PlacedEntry[] }).entries[0];
      assert.ok(entry);
      return entry;
    };
    // Starts 30 s before the change and runs 2.5 minutes past it: 3 started minutes at 24.
    const straddling = await place(new Date(changeAt.getTime() - 30_000));
    assert.deepEqual([straddling.ratePerMinute.amount, straddling.price.amount], [24, 72]);
    const atChange = await place(changeAt);
    assert.deepEqual([atChange.ratePerMinute.amount, atChange.price.amount], [21, 63]);
    const after = await place(new Date(changeAt.getTime() + 1000));
    assert.deepEqual([after.ratePerMinute.amount, after.price.amount], [21, 63]);
    // Once in force, the change is the current rate with no next one; the listed entries keep the rate that priced them.
    const nigeria = (await f().call(ROUTES.listRates, token)).body.find((rate) => rate.destinationCountry === 'NG');
    assert.deepEqual([nigeria?.ratePerMinute.amount, nigeria?.effectiveFrom, nigeria?.nextRate], [21, changeAt.toISOString(), undefined]);
    const listed = (await f().call(ROUTES.listUsage, token, { query: { sort: 'date_asc' } })).body.entries;
    assert.deepEqual(
      listed.map((entry) => entry.ratePerMinute.amount),
      [24, 21, 21],
    );
  });

  it('agrees with MockBillingClient on the rates before and after a change', async () => {
    const clock = new ManualClock(seededAt.getTime());
    const mock = new MockBillingClient({ usageEntryCount: 0, clock: clock.now });
    f().clock.now = seededAt;
    const { token } = await f().newAccount({ usageEntryCount: 0 });
    assert.deepEqual((await f().call(ROUTES.listRates, token)).body, await mock.listRates());
    clock.set(changeAt.getTime());
    f().clock.now = changeAt;
    assert.deepEqual((await f().call(ROUTES.listRates, token)).body, await mock.listRates());
  });
});
