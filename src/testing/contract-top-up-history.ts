// The contract kit's checks of listTopUps (optional in the contract): new top-ups listed first with their amount,
// kind and status, a declined one with its code, exact paging by cursor at a small limit, a cursor it never made refused,
// and a skipped entry only as an automatic recharge with its reason and no payment.
import type { BillingClient } from '../client/billing-client.js';
import { AccountSchema, TopUpHistoryPageSchema, type TopUpHistoryEntry, type TopUpHistoryPage } from '../client/schemas.js';
import { assert, assertEqual, rejectsWith, valid } from './contract-assertions.js';
import { TEST_CARD, createTopUp, newCardTopUp, settled } from './contract-client.js';

type ListTopUps = NonNullable<BillingClient['listTopUps']>;

function listTopUpsOf(client: BillingClient): ListTopUps {
  const list = client.listTopUps?.bind(client);
  assert(
    typeof list === 'function',
    'listTopUps is missing: implement it, or pass { topUpHistory: false } to runBillingClientContract for a backend without a top-up history',
  );
  return list;
}

async function page(list: ListTopUps, query: { cursor?: string; limit?: number }): Promise<TopUpHistoryPage> {
  const answer = valid(TopUpHistoryPageSchema, await list(query), 'listTopUps');
  for (const entry of answer.topUps) {
    // Skipped means held back before any charge: only automatic recharge does that, and nothing was paid to print.
    if (entry.status !== 'skipped') continue;
    assert(entry.kind === 'auto_recharge', `listTopUps: ${entry.id} is skipped but not an automatic recharge`);
    assert(!entry.paymentId, `listTopUps: ${entry.id} is skipped yet has a payment id`);
    assert(entry.failure, `listTopUps: ${entry.id} is skipped without saying why (failure)`);
  }
  return answer;
}

/** Every top-up, following nextCursor at `limit` a page (at most `maxPages` pages). */
async function everyTopUp(list: ListTopUps, limit: number, maxPages: number): Promise<TopUpHistoryEntry[]> {
  const all: TopUpHistoryEntry[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < maxPages; pages++) {
    const answer = await page(list, { limit, ...(cursor === null ? {} : { cursor }) });
    assert(answer.topUps.length <= limit, `listTopUps answered ${answer.topUps.length} top-ups at limit ${limit}`);
    all.push(...answer.topUps);
    if (answer.nextCursor === null) return all;
    assert(answer.nextCursor !== cursor, `listTopUps answered the same nextCursor twice: ${answer.nextCursor}`);
    cursor = answer.nextCursor;
  }
  throw new Error(`listTopUps gave more than ${maxPages} pages at limit ${limit}`);
}

/** Registers the checks; `fresh` gives a client on a fresh account, as every test of the kit takes one. */
export function topUpHistoryChecks(it: (name: string, test: () => Promise<void>) => unknown, fresh: () => Promise<BillingClient>): void {
  it('listTopUps lists new top-ups first, newest first, with amount, kind and status; a declined one with its code', async () => {
    const client = await fresh();
    const list = listTopUpsOf(client);
    const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
    const paid = await settled(client, await createTopUp(client, newCardTopUp(account, TEST_CARD.succeeds)));
    const declined = await createTopUp(client, newCardTopUp(account, TEST_CARD.insufficientFunds));
    const [first, second] = (await page(list, { limit: 10 })).topUps;
    // Made in the same millisecond, their order is the backend's tie-break on id; otherwise the declined one is newer.
    const sameInstant = first !== undefined && second !== undefined && first.createdAt === second.createdAt;
    assertEqual(
      sameInstant ? [first.id, second.id].sort() : [first?.id, second?.id],
      sameInstant ? [declined.id, paid.id].sort() : [declined.id, paid.id],
      'the newest two top-ups listed, newest first',
    );
    if (sameInstant) assert(first.id > second.id, 'top-ups made in the same instant are listed by id, descending');
    const listedPaid = first?.id === paid.id ? first : second;
    const listedDeclined = first?.id === declined.id ? first : second;
    assertEqual(
      [listedPaid?.amount, listedPaid?.kind, listedPaid?.status],
      [paid.amount, 'manual', 'succeeded'],
      'the paid top-up as listed',
    );
    assertEqual([listedDeclined?.status, listedDeclined?.failure?.code], ['failed', 'insufficient_funds'], 'the declined top-up as listed');
  });

  it('listTopUps pages exactly by cursor (limit 2): the same top-ups as one page, none twice; a cursor it never made is refused', async () => {
    const client = await fresh();
    const list = listTopUpsOf(client);
    const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
    for (let index = 0; index < 3; index++) await settled(client, await createTopUp(client, newCardTopUp(account, TEST_CARD.succeeds)));
    const whole = await everyTopUp(list, 100, 50);
    assert(whole.length >= 3, `listTopUps listed ${whole.length} top-ups after three were made`);
    const paged = await everyTopUp(list, 2, 200);
    assertEqual(
      paged.map((entry) => entry.id),
      whole.map((entry) => entry.id),
      'top-ups paged two at a time',
    );
    for (let index = 1; index < whole.length; index++) {
      const [newer, older] = [whole[index - 1], whole[index]];
      assert(newer && older && Date.parse(newer.createdAt) >= Date.parse(older.createdAt), 'listTopUps must list newest first');
    }
    await rejectsWith(list({ cursor: 'not-a-cursor-this-backend-made' }), 'validation', 'listTopUps with a cursor it never made');
  });
}
