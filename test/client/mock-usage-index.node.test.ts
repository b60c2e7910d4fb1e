// MockBillingClient's time index (src/client/mock/usage-index.ts) answers listUsage by date and getUsageSummary exactly
// as a full scan does: checked against the price-sorted listing (a filtered scan of every entry) for random ranges,
// users and types, after usage is appended, and after the clock moves back (the records leave time order).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/client/mock/clock.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { SEED_USERS, usageSeqFromId } from '../../src/client/mock/seed.js';
import type { UsageEntry, UsageFilters, UsageQuery } from '../../src/client/schemas.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;

/** A small deterministic PRNG, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function everyPage(client: MockBillingClient, query: UsageQuery): Promise<{ entries: UsageEntry[]; totalCount: number }> {
  const entries: UsageEntry[] = [];
  let cursor: string | null | undefined;
  let totalCount = -1;
  do {
    const page = await client.listUsage({ ...query, cursor });
    entries.push(...page.entries);
    totalCount = page.totalCount;
    cursor = page.nextCursor;
  } while (cursor);
  return { entries, totalCount };
}

const seqOf = (entry: UsageEntry): number => usageSeqFromId(entry.id) ?? -1;
const byTime = (a: UsageEntry, b: UsageEntry): number => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || seqOf(a) - seqOf(b);

/** Filters drawn around the ledger's span: open ends, bounds on an entry's exact instant, empty and reversed ranges. */
function randomFilters(next: () => number, instants: readonly number[]): UsageFilters {
  const instant = (): number => {
    const pick = next();
    if (pick < 0.4) return instants[Math.floor(next() * instants.length)] ?? NOW;
    return NOW - 95 * DAY + Math.floor(next() * 100 * DAY);
  };
  const filters: UsageFilters = {};
  if (next() < 0.8) filters.from = new Date(instant()).toISOString();
  if (next() < 0.8) filters.to = new Date(instant()).toISOString();
  const user = next();
  if (user < 0.5) filters.userId = SEED_USERS[Math.floor(next() * SEED_USERS.length)]?.id;
  else if (user < 0.55) filters.userId = 'usr_nobody';
  const type = next();
  if (type < 0.1) filters.type = 'sms';
  else if (type < 0.3) filters.type = 'outbound_international_call';
  return filters;
}

async function agreesWithScan(client: MockBillingClient, filters: UsageFilters, limit: number): Promise<void> {
  const label = JSON.stringify(filters);
  const scanned = await everyPage(client, { ...filters, sort: 'price_asc', limit: 500 });
  const oldestFirst = [...scanned.entries].sort(byTime);

  const summary = await client.getUsageSummary(filters);
  const total = scanned.entries.reduce((sum, entry) => sum + entry.price.amount, 0);
  assert.equal(summary.total.amount, total, label);
  assert.equal(
    summary.types.reduce((sum, type) => sum + type.count, 0),
    scanned.entries.length,
    label,
  );
  // Users come from the period and type alone: everyone who called then, whichever user is filtered.
  const { userId: _ignored, ...withoutUser } = filters;
  const callers = new Set(
    (await everyPage(client, { ...withoutUser, sort: 'price_asc', limit: 500 })).entries.map((entry) => entry.user.id),
  );
  assert.deepEqual(new Set(summary.users.map((user) => user.id)), callers, label);

  const ascending = await everyPage(client, { ...filters, sort: 'date_asc', limit });
  assert.deepEqual(
    ascending.entries.map((entry) => entry.id),
    oldestFirst.map((entry) => entry.id),
    label,
  );
  assert.equal(ascending.totalCount, scanned.entries.length, label);
  const descending = await everyPage(client, { ...filters, sort: 'date_desc', limit });
  assert.deepEqual(
    descending.entries.map((entry) => entry.id),
    oldestFirst.map((entry) => entry.id).reverse(),
    label,
  );
}

describe('MockBillingClient time index', () => {
  it('lists by date and sums exactly as a scan, for random ranges, users and types, as usage is appended', async () => {
    const clock = new ManualClock(NOW);
    const client = new MockBillingClient({ seed: 5, usageEntryCount: 2_000, clock: clock.now });
    const next = random(16);
    const instants = (await everyPage(client, { sort: 'date_asc', limit: 500 })).entries.map((entry) => Date.parse(entry.occurredAt));
    for (let round = 0; round < 60; round++) {
      await agreesWithScan(client, randomFilters(next, instants), [7, 100, 500][round % 3] ?? 100);
      if (round % 10 === 9) {
        // Several calls at one instant: ties in time are ordered by id.
        clock.advance(Math.floor(next() * 120_000));
        client.simulateUsage(1 + Math.floor(next() * 5));
        instants.push(clock.now().getTime());
      }
    }
  });

  it('still answers exactly once the clock moves back and the records leave time order', async () => {
    const clock = new ManualClock(NOW);
    const client = new MockBillingClient({ seed: 9, usageEntryCount: 400, clock: clock.now });
    await client.getUsageSummary({});
    clock.set(NOW - 30 * DAY);
    client.simulateUsage(6);
    clock.set(NOW + 60_000);
    client.simulateUsage(3);
    const next = random(3);
    const instants = [NOW - 30 * DAY, NOW + 60_000, NOW - 10 * DAY];
    for (let round = 0; round < 20; round++) await agreesWithScan(client, randomFilters(next, instants), 50);
    const all = await client.getUsageSummary({});
    assert.equal(all.types[0]?.count, 409);
  });
});
