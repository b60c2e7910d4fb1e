// A seeded pseudo-random sequence for the server's randomised tests, so a failure replays the same way.
import type { NewUsageEntry } from '../../server/usage.js';

/** Numbers in [0, 1) from `seed` (a linear congruential generator: reproducible, not for anything secret). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** One of `items`, chosen by `random`. */
export function pickWith(random: () => number): <T>(items: readonly T[]) => T {
  return <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
}

export const CALL = 'outbound_international_call';
export const FORWARDED = 'international_call_forwarding';

/**
 * A call to Nigeria for the usage tests, drawn from `random`: a price of 1…maxPrice (its rate per minute, one minute
 * billed), forwarded 3 times in 10, at the ISO instant `at` gives, by one of `users`.
 */
export function randomCall(
  random: () => number,
  options: { id: string; users: readonly string[]; maxPrice: number; at: () => string },
): NewUsageEntry {
  const price = 1 + Math.floor(random() * options.maxPrice);
  return {
    id: options.id,
    type: random() < 0.3 ? FORWARDED : CALL,
    occurredAt: new Date(options.at()),
    userId: pickWith(random)(options.users),
    destinationCountry: 'NG',
    destinationName: 'Nigeria',
    billedSeconds: 60,
    ratePerMinute: price,
    price,
  };
}
