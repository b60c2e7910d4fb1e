// The contract kit's checks of listUsage's optional `offset`: a backend that echoes it must answer the page that walking
// the cursors reaches (every sort, a filter, at and past the end), and its nextCursor must read on from there. A backend
// that does not echo it ignores the parameter (the widgets walk instead), and these checks say so and pass.
import type { BillingClient } from '../client/billing-client.js';
import { USAGE_SORTS, UsagePageSchema, type UsageEntry, type UsageFilters, type UsagePage, type UsageSort } from '../client/schemas.js';
import { assert, assertEqual, describeValue, rejectsWith, valid } from './contract-assertions.js';
import { allUsage } from './contract-client.js';

async function pageAt(client: BillingClient, filters: UsageFilters, sort: UsageSort, offset: number, limit: number): Promise<UsagePage> {
  return valid(UsagePageSchema, await client.listUsage({ ...filters, sort, offset, limit }), 'listUsage by offset');
}

const idsOf = (entries: readonly UsageEntry[]): string[] => entries.map((entry) => entry.id);

export function usageOffsetChecks(
  it: (name: string, test: () => Promise<void>) => unknown,
  fresh: () => Promise<BillingClient>,
  maxPages: number,
): void {
  it('listUsage by offset (when the backend echoes offset): the page walking reaches, in every sort, and its nextCursor reads on', async () => {
    const client = await fresh();
    const probe = await pageAt(client, {}, 'date_desc', 1, 1);
    if (probe.offset === undefined) return; // The backend ignores offset: walking is the only way, and that is checked above.
    assertEqual(probe.offset, 1, 'listUsage echoes the offset it was asked for');
    for (const sort of USAGE_SORTS) {
      const walked = (await allUsage(client, {}, sort, maxPages)).entries;
      const total = walked.length;
      for (const [offset, limit] of [
        [0, 10],
        [7, 10],
        [Math.floor(total / 2), 10],
        [Math.max(0, total - 3), 10],
        [total, 10],
        [total + 5, 10],
      ] as const) {
        const where = `listUsage(${describeValue({ sort, offset, limit })}) of ${total} entries`;
        const page = await pageAt(client, {}, sort, offset, limit);
        assertEqual(page.offset, offset, `${where}: offset echoed`);
        assertEqual(page.totalCount, total, `${where}: totalCount`);
        assertEqual(idsOf(page.entries), idsOf(walked.slice(offset, offset + limit)), `${where}: the entries walking reaches there`);
        if (offset + limit >= total) {
          assertEqual(page.nextCursor, null, `${where}: no nextCursor at the end`);
          continue;
        }
        assert(page.nextCursor !== null, `${where}: a nextCursor while entries follow`);
        const next = valid(UsagePageSchema, await client.listUsage({ sort, cursor: page.nextCursor, limit }), 'listUsage after an offset');
        assertEqual(idsOf(next.entries), idsOf(walked.slice(offset + limit, offset + 2 * limit)), `${where}: its nextCursor reads on`);
      }
    }
  });

  it('listUsage by offset (when echoed) honours the filters, and an offset with a cursor is refused', async () => {
    const client = await fresh();
    const probe = await pageAt(client, {}, 'date_desc', 0, 1);
    if (probe.offset === undefined) return;
    const all = await allUsage(client, {}, 'date_asc', maxPages);
    const type = all.entries[0]?.type;
    const from = all.entries[Math.floor(all.entries.length / 5)]?.occurredAt;
    assert(type !== undefined && from !== undefined, 'usage entries to filter');
    const filters: UsageFilters = { type, from };
    const walked = (await allUsage(client, filters, 'date_desc', maxPages)).entries;
    const offset = Math.floor(walked.length / 3);
    const page = await pageAt(client, filters, 'date_desc', offset, 5);
    assertEqual(idsOf(page.entries), idsOf(walked.slice(offset, offset + 5)), `listUsage(${describeValue({ ...filters, offset })})`);
    const first = valid(UsagePageSchema, await client.listUsage({ limit: 2 }), 'listUsage');
    if (first.nextCursor !== null) {
      await rejectsWith(client.listUsage({ offset: 3, cursor: first.nextCursor }), 'validation', 'listUsage with offset and cursor');
    }
  });
}
