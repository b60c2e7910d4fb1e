// The mock's time index over its usage records: while the store keeps them in time order, a date range is one run of
// sequence numbers found by binary search, and its count, spend and users come from running totals, so listUsage by
// date and getUsageSummary answer without visiting every entry (a table's first load made two passes over them).
import type { UsageRecord } from './seed.js';
import type { MockStore } from './store.js';

/** Entries in one order, by position: a page's rows are read from it and its cursor is found in it by bisection. */
export interface UsageOrder {
  readonly length: number;
  seqAt(position: number): number;
}

/** A copy of `array` with room for `capacity` elements (the same array when it has room already). */
function withRoom<T extends Float64Array | Uint32Array>(array: T, capacity: number, make: (size: number) => T): T {
  if (capacity <= array.length) return array;
  const bigger = make(Math.max(capacity, array.length * 2));
  bigger.set(array);
  return bigger;
}

const float64s = (size: number) => new Float64Array(size);
const uint32s = (size: number) => new Uint32Array(size);

/** One user's records in time order, with what they spent before each. */
class UserRun {
  count = 0;
  seqs = new Uint32Array(0);
  /** spendBefore[i]: the prices of seqs[0..i) added up; one more element than the records. */
  spendBefore = new Float64Array(1);

  reserve(count: number): void {
    this.seqs = withRoom(this.seqs, count, uint32s);
    this.spendBefore = withRoom(this.spendBefore, count + 1, float64s);
  }

  /** Where `seq` would go among this user's records. */
  position(seq: number): number {
    const seqs = this.seqs;
    return lowerBound(0, this.count, seq, (position) => seqs[position] ?? 0);
  }
}

/** First position in [low, high) whose value is not below `target` (high when none). */
function lowerBound(low: number, high: number, target: number, valueAt: (position: number) => number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (valueAt(middle) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class UsageTimeIndex {
  /** spendBefore[seq]: the prices of every record before `seq`, added up (whole minor units: exact in a double). */
  private spendBefore = new Float64Array(1);
  private readonly users: UserRun[] = [];
  /** Records taken in so far: the store only appends, so the index follows by reading the new ones. */
  private indexed = 0;

  /** Indexes the seeded history at once, as a backend's index exists before its first query; recorded usage follows. */
  constructor(private readonly store: MockStore) {
    this.sync();
  }

  /** Whether the index can answer: only while the records are in (at, seq) order. */
  get usable(): boolean {
    return this.store.usageInTimeOrder;
  }

  /** The seqs [start, end) of the records with fromMs ≤ at < toMs (null: no bound on that side). */
  range(fromMs: number | null, toMs: number | null): { start: number; end: number } {
    const usage = this.sync();
    const atOf = (seq: number) => usage[seq]?.at ?? Number.POSITIVE_INFINITY;
    const start = fromMs === null ? 0 : lowerBound(0, usage.length, fromMs, atOf);
    const end = toMs === null ? usage.length : lowerBound(start, usage.length, toMs, atOf);
    return { start, end };
  }

  /** The prices of records [start, end) added up. */
  spend(start: number, end: number): number {
    this.sync();
    return (this.spendBefore[end] ?? 0) - (this.spendBefore[start] ?? 0);
  }

  /** Users with at least one record in [start, end), by index. */
  usersIn(start: number, end: number): number[] {
    this.sync();
    const found: number[] = [];
    this.users.forEach((run, userIndex) => {
      const first = run.position(start);
      if (first < run.count && (run.seqs[first] ?? end) < end) found.push(userIndex);
    });
    return found;
  }

  /** One user's records in [start, end): how many and what they cost. */
  userTotals(userIndex: number, start: number, end: number): { count: number; spend: number } {
    this.sync();
    const run = this.users[userIndex];
    if (!run) return { count: 0, spend: 0 };
    const first = run.position(start);
    const last = run.position(end);
    return { count: last - first, spend: (run.spendBefore[last] ?? 0) - (run.spendBefore[first] ?? 0) };
  }

  /** Records [start, end), or one user's among them (-1: everyone's), oldest first. */
  order(start: number, end: number, userIndex: number): UsageOrder {
    this.sync();
    if (userIndex === -1) return { length: Math.max(0, end - start), seqAt: (position) => start + position };
    const run = this.users[userIndex];
    if (!run) return { length: 0, seqAt: () => 0 };
    const first = run.position(start);
    const last = run.position(end);
    const seqs = run.seqs;
    return { length: last - first, seqAt: (position) => seqs[first + position] ?? 0 };
  }

  /** Takes in the records added since the last read (nothing to do when none were); returns the store's records. */
  private sync(): readonly UsageRecord[] {
    const usage = this.store.usage;
    const from = this.indexed;
    if (from === usage.length) return usage;
    // Room first, so the loop below only writes into typed arrays (100,000 records: a millisecond or two).
    const added: number[] = [];
    for (let seq = from; seq < usage.length; seq++) {
      const userIndex = usage[seq]?.userIndex;
      if (userIndex !== undefined) added[userIndex] = (added[userIndex] ?? 0) + 1;
    }
    added.forEach((count, userIndex) => {
      const run = (this.users[userIndex] ??= new UserRun());
      run.reserve(run.count + count);
    });
    const spendBefore = (this.spendBefore = withRoom(this.spendBefore, usage.length + 1, float64s));
    for (let seq = from; seq < usage.length; seq++) {
      const record = usage[seq];
      const price = record?.price ?? 0;
      spendBefore[seq + 1] = (spendBefore[seq] ?? 0) + price;
      const run = record && this.users[record.userIndex];
      if (!run) continue;
      run.spendBefore[run.count + 1] = (run.spendBefore[run.count] ?? 0) + price;
      run.seqs[run.count] = seq;
      run.count += 1;
    }
    this.indexed = usage.length;
    return usage;
  }
}
