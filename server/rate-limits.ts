// Per-account rate limits kept in the database (rate_limit_windows), so every server process on it counts against one limit.
import { BillingError } from '../src/client/errors.js';
import type { Queryable } from './db/database.js';

export interface CountedWindow {
  window_start: Date;
  hits: number;
}

export interface RateLimit {
  max: number;
  windowMs: number;
}

/**
 * A fixed window per key, started by its first request and counted in one statement: the upsert
 * either opens a new window (the last one is over) or adds one to the current one, and returns
 * the count. Concurrent requests, from this process or another, queue on the row's lock, so no
 * more than `max` pass a window whichever process they reach. One round trip per counted request
 * and none for a replay, which the caller does not count. Timestamps are the caller's clock (the
 * app's `now`, so tests can move it); processes whose clocks differ by seconds differ on when a
 * window ends by as much, never on how many requests it allows.
 */
export class FixedWindowRateLimiter {
  readonly #db: Queryable;
  readonly #scope: string;
  readonly #limit: RateLimit;
  readonly #now: () => number;
  readonly #what: string;

  /** `scope` separates limits in the table ('top_ups'); `what` names what is counted, for the message. */
  constructor(db: Queryable, scope: string, limit: RateLimit, options: { now?: () => number; what?: string } = {}) {
    if (!Number.isInteger(limit.max) || limit.max < 1 || !(limit.windowMs > 0))
      throw new RangeError('rate limit needs max ≥ 1 and windowMs > 0');
    this.#db = db;
    this.#scope = scope;
    this.#limit = limit;
    this.#now = options.now ?? Date.now;
    this.#what = options.what ?? 'payments started';
  }

  /** Counts one request for `key`; throws rate_limited with details.retryAfterSeconds when over the limit. */
  async take(key: string): Promise<void> {
    const now = this.#now();
    const result = await this.#db.query<CountedWindow>(
      `INSERT INTO rate_limit_windows AS w (scope, subject, window_start, hits) VALUES ($1, $2, $3, 1)
       ON CONFLICT (scope, subject) DO UPDATE SET
         window_start = CASE WHEN w.window_start <= $4 THEN EXCLUDED.window_start ELSE w.window_start END,
         hits = CASE WHEN w.window_start <= $4 THEN 1 ELSE LEAST(w.hits + 1, $5) END
       RETURNING window_start, hits`,
      [this.#scope, key, new Date(now), new Date(now - this.#limit.windowMs), this.#limit.max + 1],
    );
    this.#judge(result.rows[0], now);
  }

  /**
   * The counting upsert for a group of requests written in one statement (top-up-groups.ts). `sql(source)` counts,
   * per key, `n` requests at once: `source` is a query of rows (subject, n), one per key. It returns
   * `subject, window_start, hits` where hits includes the group's n, so the k-th of them (1-based) was request number
   * `hits - n + k` of its window, admitted when that is at most `max` (`admitted(hitsSql)`); `judge` takes that number.
   * Stored hits stop at max + n (a refused request never makes a window count further than it can matter), and a
   * single request's count (take) caps the same way with n = 1, so both can count one window.
   */
  countingGroup(first: number): {
    sql: (source: string) => string;
    params: unknown[];
    admitted: (hitsSql: string) => string;
    judge: (window: CountedWindow | undefined) => void;
  } {
    const now = this.#now();
    const p = (index: number): string => `$${String(first + index)}`;
    return {
      sql: (source) => `INSERT INTO rate_limit_windows AS w (scope, subject, window_start, hits)
       SELECT ${p(0)}::text, counted.subject, ${p(1)}::timestamptz, counted.n FROM ${source} counted ORDER BY counted.subject
       ON CONFLICT (scope, subject) DO UPDATE SET
         window_start = CASE WHEN w.window_start <= ${p(2)}::timestamptz THEN EXCLUDED.window_start ELSE w.window_start END,
         hits = CASE WHEN w.window_start <= ${p(2)}::timestamptz THEN EXCLUDED.hits
           ELSE LEAST(w.hits + EXCLUDED.hits, ${p(3)}::int + EXCLUDED.hits) END
       RETURNING subject, window_start, hits`,
      params: [this.#scope, new Date(now).toISOString(), new Date(now - this.#limit.windowMs).toISOString(), this.#limit.max],
      admitted: (hitsSql) => `${hitsSql} <= ${p(3)}::int`,
      judge: (window) => this.#judge(window, now),
    };
  }

  #judge(window: CountedWindow | undefined, now: number): void {
    if (!window) throw new Error('rate limit: the upsert returned no row');
    if (window.hits <= this.#limit.max) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.window_start.getTime() + this.#limit.windowMs - now) / 1000));
    throw new BillingError('rate_limited', {
      message: `Too many ${this.#what} in a short time. Try again in ${retryAfterSeconds} s.`,
      details: { retryAfterSeconds },
    });
  }
}
