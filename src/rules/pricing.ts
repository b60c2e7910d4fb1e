// Usage pricing: calls are billed per started minute. billedSeconds = ceil(durationSeconds / 60) × 60, and
// price = ratePerMinute × billedSeconds / 60, in integer minor units of the account currency. A 61-second
// call to a $0.03/min destination is billed 120 s and costs $0.06. Only integer arithmetic is used; a result
// beyond Number.MAX_SAFE_INTEGER is refused, never rounded.

/** Whole seconds billed for a call: each started minute counts in full. */
export function billedSecondsFor(durationSeconds: number): number {
  if (!Number.isSafeInteger(durationSeconds) || durationSeconds < 0) throw new RangeError('durationSeconds must be a non-negative integer');
  return Math.ceil(durationSeconds / 60) * 60;
}

/** Price in minor units of a call billed `billedSeconds` (a multiple of 60) at `ratePerMinute` minor units. */
export function callPrice(ratePerMinute: number, billedSeconds: number): number {
  if (!Number.isSafeInteger(ratePerMinute) || ratePerMinute < 0) throw new RangeError('ratePerMinute must be a non-negative integer');
  if (!Number.isSafeInteger(billedSeconds) || billedSeconds % 60 !== 0) throw new RangeError('billedSeconds must be whole minutes');
  const price = ratePerMinute * (billedSeconds / 60);
  if (!Number.isSafeInteger(price)) throw new RangeError('call price out of the safe integer range');
  return price;
}

/** One row of a destination's rate history: from `effectiveFrom` (epoch ms) on, calls are priced at `ratePerMinute`. */
export interface RateStep {
  readonly effectiveFrom: number;
  readonly ratePerMinute: number;
}

/**
 * The rate in force at `at` (epoch ms) for a call starting then, and the next scheduled one: the step with the
 * latest `effectiveFrom` at or before `at`, and the earliest after it. A call is priced wholly at the rate in force
 * when it starts, even if it runs past a change. `current` is undefined before the first step.
 */
export function rateInForce<T extends RateStep>(steps: readonly T[], at: number): { current?: T; next?: T } {
  let current: T | undefined;
  let next: T | undefined;
  for (const step of steps) {
    if (step.effectiveFrom <= at) {
      if (!current || step.effectiveFrom > current.effectiveFrom) current = step;
    } else if (!next || step.effectiveFrom < next.effectiveFrom) {
      next = step;
    }
  }
  return { current, next };
}
