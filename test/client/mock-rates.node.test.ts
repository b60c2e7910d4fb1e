// MockBillingClient's rate table: effectiveFrom, scheduled changes, dialling prefixes, and calls priced at the rate in
// force when they start, as the reference server does (test/server/rate-history.node.test.ts).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { ManualClock } from '../../src/client/mock/clock.js';
import { RateListSchema } from '../../src/client/schemas.js';
import { seedRateChangeAt } from '../../src/seed/seed-data.js';

describe('MockBillingClient rates', () => {
  const seededAt = Date.parse('2026-12-02T10:00:00Z');
  const changeAt = seedRateChangeAt(seededAt);

  it('lists rates with effectiveFrom, the next scheduled change and the dialling prefix, inside the schema', async () => {
    const clock = new ManualClock(seededAt);
    const mock = new MockBillingClient({ usageEntryCount: 0, clock: clock.now });
    const rates = RateListSchema.parse(await mock.listRates());
    const nigeria = rates.find((rate) => rate.destinationCountry === 'NG');
    assert.ok(nigeria);
    assert.equal(nigeria.dialingPrefix, '+234');
    assert.deepEqual(nigeria.nextRate, {
      ratePerMinute: { amount: 21, currency: 'USD' },
      effectiveFrom: new Date(changeAt).toISOString(),
    });
    clock.set(changeAt);
    const changed = (await mock.listRates()).find((rate) => rate.destinationCountry === 'NG');
    assert.deepEqual(
      [changed?.ratePerMinute.amount, changed?.effectiveFrom, changed?.nextRate],
      [21, new Date(changeAt).toISOString(), undefined],
    );
  });

  it('prices a call straddling a change at the earlier rate, and one starting after it at the new rate', async () => {
    const clock = new ManualClock(changeAt - 30_000);
    const mock = new MockBillingClient({ usageEntryCount: 0, clock: clock.now });
    const [straddling] = mock.simulateUsage([{ destinationCountry: 'NG', durationSeconds: 180 }]);
    assert.deepEqual([straddling?.ratePerMinute.amount, straddling?.price.amount], [24, 72]);
    clock.set(changeAt + 1000);
    const [after] = mock.simulateUsage([{ destinationCountry: 'NG', durationSeconds: 180 }]);
    assert.deepEqual([after?.ratePerMinute.amount, after?.price.amount], [21, 63]);
    // The earlier call keeps the rate that priced it.
    assert.ok(straddling);
    assert.equal((await mock.getUsageEntry(straddling.id)).ratePerMinute.amount, 24);
  });
});
