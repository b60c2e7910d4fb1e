// A seeded pseudo-random sequence for the server's randomised tests, so a failure replays the same way.

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
