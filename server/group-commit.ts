// Group commit: requests that arrive together are written in one statement (one round trip, one commit for all of
// them), and each is answered with its own outcome. Used for the top-up claim and its settlement (top-up-groups.ts).
import type { Database } from './db/database.js';

/** One item's outcome within a group: its value, or the error that only it gets (a rate limit, say). */
export type GroupOutcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

/**
 * Writes in flight at once per queue. PGlite runs one statement at a time, so a second would only wait there, unshared;
 * on PostgreSQL a second overlaps one group's commit flush with the next group's statement (as usage-ingest-queue.ts).
 */
export const writersOn = (db: Pick<Database, 'kind'>): number => (db.kind === 'postgres' ? 2 : 1);

interface Waiting<Item, Result> {
  item: Item;
  resolve: (value: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * A write starts at the end of the event-loop turn in which its first item arrived (setImmediate: no delay when idle,
 * but the requests whose bytes came in the same turn join it); whoever arrives while every writer is busy waits for
 * the next write, together. `write` answers one outcome per item, in order. When it throws, nothing of the group was
 * written (one statement, atomic): each item is then written alone, in arrival order, so only a faulty one fails.
 */
export class GroupCommit<Item, Result> {
  private readonly waiting: Array<Waiting<Item, Result>> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: (items: readonly Item[]) => Promise<ReadonlyArray<GroupOutcome<Result>>>,
    private readonly writers: number,
    private readonly maxGroup = 256,
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
        void this.run(this.waiting.splice(0, this.maxGroup)).finally(() => {
          this.inFlight -= 1;
          this.schedule();
        });
      }
    });
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
