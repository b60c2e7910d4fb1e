// Group commit: requests that arrive together are written in one statement (one round trip, one commit for all of
// them), and each is answered with its own outcome. The one scheduler for the top-up claim and its settlement
// (top-up-groups.ts) and for usage ingestion (usage-ingest-queue.ts).
import type { Database } from './db/database.js';

/**
 * One item's outcome within a group: its value (or a promise of it, for an item answered once work of its own that
 * follows the commit is done: a usage request waits for its accounts' recharges), or the error that only it gets.
 */
export type GroupOutcome<Result> = { ok: true; value: Result | PromiseLike<Result> } | { ok: false; error: unknown };

/**
 * Writes in flight at once per queue. PGlite runs one statement at a time, so a second would only wait there, unshared.
 * On PostgreSQL a second overlaps one group's commit flush with the next group's statement: on this 2-core machine,
 * 8 single-call usage senders reached 1,088–1,206 calls/s with two (0.40–0.64 of the floor), 761–1,260 with one
 * (0.36–0.56). Concurrent groups lock their accounts in id order, so cannot deadlock.
 */
export const writersOn = (db: Pick<Database, 'kind'>): number => (db.kind === 'postgres' ? 2 : 1);

/** How many of the oldest waiting items make the next group (at least 1): the default caps a group at 256 items. */
export type GroupSize<Item> = (waiting: readonly Item[]) => number;

const DEFAULT_MAX_GROUP = 256;

interface Waiting<Item, Result> {
  item: Item;
  resolve: (value: Result | PromiseLike<Result>) => void;
  reject: (error: unknown) => void;
}

/**
 * A write starts at the end of the event-loop turn in which its first item arrived (setImmediate: no delay when idle,
 * but the requests whose bytes came in the same turn join it: on PGlite, whose statements run on this thread, only
 * those can); whoever arrives while every writer is busy waits for the next write, together. `write` answers one
 * outcome per item, in order. When it throws, nothing of the group was written (one statement, atomic): each item is
 * then written alone, in arrival order, so only a faulty one fails. So `write` must not throw once its group is
 * committed: it answers every item's error as an outcome instead.
 */
export class GroupCommit<Item, Result> {
  private readonly waiting: Array<Waiting<Item, Result>> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: (items: readonly Item[]) => Promise<ReadonlyArray<GroupOutcome<Result>>>,
    private readonly writers: number,
    private readonly groupSize: GroupSize<Item> = (waiting) => Math.min(waiting.length, DEFAULT_MAX_GROUP),
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.writers || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < this.writers && this.waiting.length > 0) {
        this.inFlight += 1;
        void this.run(this.take()).finally(() => {
          this.inFlight -= 1;
          this.schedule();
        });
      }
    });
  }

  /** The oldest items, as many as the group size allows (always at least one). */
  private take(): Array<Waiting<Item, Result>> {
    const size = this.groupSize(this.waiting.map((waiting) => waiting.item));
    return this.waiting.splice(0, Math.max(1, size));
  }

  private async run(group: ReadonlyArray<Waiting<Item, Result>>): Promise<void> {
    let outcomes: ReadonlyArray<GroupOutcome<Result>>;
    try {
      outcomes = await this.write(group.map((waiting) => waiting.item));
      if (outcomes.length !== group.length) throw new Error(`group commit: ${outcomes.length} outcomes for ${group.length} items`);
    } catch (error) {
      if (group.length === 1) group[0]?.reject(error);
      else for (const waiting of group) await this.run([waiting]);
      return;
    }
    group.forEach((waiting, index) => {
      const outcome = outcomes[index] as GroupOutcome<Result>;
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }
}
