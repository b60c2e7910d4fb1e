// rateInForce: the one rule the server and the mock use to pick the rate a call starting at a given instant pays.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { rateInForce } from '../../src/rules/pricing.js';

describe('rateInForce', () => {
  const steps = [
    { effectiveFrom: 2000, ratePerMinute: 30 },
    { effectiveFrom: 1000, ratePerMinute: 20 },
    { effectiveFrom: 3000, ratePerMinute: 40 },
  ];

  it('picks the latest step at or before the instant and the earliest after it, in any order', () => {
    assert.deepEqual(rateInForce(steps, 1999), { current: steps[1], next: steps[0] });
    assert.deepEqual(rateInForce(steps, 2000), { current: steps[0], next: steps[2] });
    assert.deepEqual(rateInForce(steps, 5000), { current: steps[2], next: undefined });
  });

  it('has no current rate before the first step', () => {
    assert.deepEqual(rateInForce(steps, 999), { current: undefined, next: steps[1] });
    assert.deepEqual(rateInForce([], 0), { current: undefined, next: undefined });
  });
});
