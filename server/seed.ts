// Seeds an account from the same demo data as MockBillingClient (src/seed/seed-data.ts): balance, limits, users, rates, saved test cards and a usage history that adds up.
import {
  SEED_ACCOUNT,
  SEED_RATES,
  SEED_USERS,
  USAGE_TYPE,
  generateSeedHistory,
  scaleSeedAmount,
  seedCards,
} from '../src/seed/seed-data.js';
import type { Database } from './db/database.js';
import { insertAccount } from './accounts.js';
import { accountForToken, hashToken, issueToken } from './auth.js';
import { newId } from './ids.js';
import { postToLedger, type LedgerPosting } from './ledger.js';
import { insertSavedCard } from './payment-methods.js';
import { TestCardProcessor } from './payments/test-card-processor.js';
import { seedRates } from './pricing.js';
import { insertUsageEntries, type NewUsageEntry } from './usage.js';

export interface SeedAccountOptions {
  /** A fixed bearer token (the demo's). When it already names an account, that account is returned untouched. */
  token?: string;
  name?: string;
  /** ISO 4217; amounts scale with its digits as in the mock (seed.ts). Default USD. */
  currency?: string;
  /** Balance today, in minor units; at least 0. Default $42.50 scaled. */
  startingBalance?: number;
  /** Usage entries over the last 90 days. Default 300. */
  usageEntryCount?: number;
  /** How many of the seeded users make calls (1 to 6). Default 6. */
  userCount?: number;
  /** Replaces the seeded users (names are stored verbatim). */
  users?: readonly { id: string; name: string }[];
  /** Seeds the history's random choices. Default 1. */
  seed?: number;
  now?: Date;
  monthlyCapSupported?: boolean;
  /** Save the Visa 4242 (default) and an expired Mastercard as test cards. Default true. */
  testCards?: boolean;
}

export interface SeededAccount {
  accountId: string;
  token: string;
}

/** Every fifth seeded call is a forwarded call, so the ledger has two usage types to filter by. */
const FORWARDED_CALL_EVERY = 5;

export async function seedDemoAccount(db: Database, options: SeedAccountOptions = {}): Promise<SeededAccount> {
  if (options.token !== undefined) {
    const existing = await accountForToken(db, options.token);
    if (existing) return { accountId: existing.accountId, token: options.token };
  }
  const now = options.now ?? new Date();
  const currency = (options.currency ?? SEED_ACCOUNT.currency).toUpperCase();
  const scale = (cents: number) => scaleSeedAmount(cents, currency);
  const startingBalance = options.startingBalance ?? scale(SEED_ACCOUNT.balanceCents);
  if (!Number.isSafeInteger(startingBalance) || startingBalance < 0) throw new RangeError('startingBalance must be a non-negative integer');
  const usageEntryCount = options.usageEntryCount ?? 300;
  const users = options.users ?? SEED_USERS.slice(0, Math.min(Math.max(options.userCount ?? SEED_USERS.length, 1), SEED_USERS.length));
  if (users.length === 0) throw new RangeError('an account needs at least one user');
  const rates = SEED_RATES.map((rate) => ({ ...rate, ratePerMinute: scale(rate.centsPerMinute) }));
  const accountId = newId('acct');

  return db.transaction(async (tx) => {
    if (options.token !== undefined) {
      // Several server processes starting at once on one database: the first seeds the account, the others wait for
      // it here and find it (without the lock, each would insert it and all but one would fail to start).
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`billing seed ${hashToken(options.token)}`]);
      const seeded = await accountForToken(tx, options.token);
      if (seeded) return { accountId: seeded.accountId, token: options.token };
    }
    await insertAccount(tx, {
      id: accountId,
      name: options.name ?? SEED_ACCOUNT.name,
      currency,
      lowBalanceThreshold: scale(SEED_ACCOUNT.lowBalanceThresholdCents),
      topUpMinimum: scale(SEED_ACCOUNT.topUpMinimumCents),
      topUpMaximum: scale(SEED_ACCOUNT.topUpMaximumCents),
      topUpPresets: SEED_ACCOUNT.topUpPresetCents.map(scale),
      monthlyCapSupported: options.monthlyCapSupported ?? true,
      autoRechargeThreshold: scale(SEED_ACCOUNT.autoRechargeThresholdCents),
      autoRechargeAmount: scale(SEED_ACCOUNT.autoRechargeAmountCents),
      at: now,
      // Dev data: a server without dev routes (production) refuses this account and its token.
      devSeeded: true,
    });
    const token = await issueToken(tx, accountId, now, options.token, { devSeeded: true });
    for (const user of users) {
      await tx.query(`INSERT INTO account_users (account_id, id, name) VALUES ($1, $2, $3)`, [accountId, user.id, user.name]);
    }
    await seedRates(tx, currency, now);

    let defaultCardId: string | null = null;
    if (options.testCards ?? true) {
      const cardNumbers: Record<string, string> = { '4242': '4242424242424242', '4444': '5555555555554444' };
      for (const card of seedCards(now)) {
        const stored = await insertSavedCard(
          tx,
          accountId,
          {
            providerPaymentMethodId: TestCardProcessor.savedCardId(cardNumbers[card.last4] ?? '4242424242424242'),
            brand: card.brand,
            last4: card.last4,
            expMonth: card.expMonth,
            expYear: card.expYear,
          },
          { makeDefault: card.isDefault, at: now },
        );
        if (stored.isDefault) defaultCardId = stored.id;
      }
      await tx.query(`UPDATE auto_recharge_settings SET payment_method_id = $2 WHERE account_id = $1`, [accountId, defaultCardId]);
    }

    // The mock's history generator walks back from today's balance; replaying it through the
    // ledger makes every balance_after, and the final balance, come out as it computed.
    const history = generateSeedHistory({
      seed: Math.trunc(options.seed ?? 1),
      count: usageEntryCount,
      nowMs: now.getTime(),
      currency,
      startingBalance,
      ratesPerMinute: rates.map((rate) => rate.ratePerMinute),
    });
    const entries: NewUsageEntry[] = history.usage.map((record) => {
      const rate = rates[record.rateIndex] ?? rates[0];
      const user = users[record.userIndex % users.length] ?? users[0];
      if (!rate || !user) throw new RangeError('seed rate or user missing');
      return {
        id: newId('use'),
        type: record.seq % FORWARDED_CALL_EVERY === FORWARDED_CALL_EVERY - 1 ? 'international_call_forwarding' : USAGE_TYPE.type,
        occurredAt: new Date(record.at),
        userId: user.id,
        destinationCountry: rate.destinationCountry,
        destinationName: rate.destinationName,
        billedSeconds: record.billedSeconds,
        ratePerMinute: rate.ratePerMinute,
        price: record.price,
      };
    });
    await insertUsageEntries(tx, accountId, currency, entries);

    const credited = history.credits.reduce((sum, credit) => sum + credit.amount, 0);
    const spent = history.usage.reduce((sum, record) => sum + record.price, 0);
    const opening = startingBalance - credited + spent;
    const insertSeedTopUp = async (key: string, amount: number, at: Date): Promise<string> => {
      const id = newId('tu');
      await tx.query(
        `INSERT INTO top_ups (id, account_id, idempotency_key, request_fingerprint, kind, amount, currency, payment_method_id,
           status, created_at, settled_at)
         VALUES ($1, $2, $3, '', 'manual', $4, $5, $6, 'succeeded', $7, $7)`,
        [id, accountId, key, amount, currency, defaultCardId, at],
      );
      return id;
    };
    const postings: LedgerPosting[] = [];
    if (opening > 0) {
      const openingAt = new Date((history.ledger[0]?.at ?? now.getTime()) - 3_600_000);
      const id = await insertSeedTopUp('seed-opening-balance', opening, openingAt);
      postings.push({ kind: 'top_up', amount: opening, topUpId: id, at: openingAt });
    }
    for (const record of history.ledger) {
      if (record.kind === 'usage') {
        const entry = entries[record.seq];
        if (!entry) throw new RangeError('seed usage entry missing');
        postings.push({ kind: 'usage', amount: -record.price, usageEntryId: entry.id, at: new Date(record.at) });
      } else {
        const id = await insertSeedTopUp(`seed-${record.topUpId}`, record.amount, new Date(record.at));
        postings.push({ kind: 'top_up', amount: record.amount, topUpId: id, at: new Date(record.at) });
      }
    }
    const posted = await postToLedger(tx, accountId, postings, now);
    let index = 0;
    for (const posting of postings) {
      const balanceAfter = posted.balancesAfter[index++];
      if (posting.kind !== 'usage') await tx.query(`UPDATE top_ups SET balance_after = $2 WHERE id = $1`, [posting.topUpId, balanceAfter]);
    }
    if (posted.balance !== startingBalance) throw new Error(`seeded balance ${posted.balance} is not ${startingBalance}`);
    if (postings.length === 0) await tx.query(`UPDATE accounts SET balance_updated_at = $2 WHERE id = $1`, [accountId, now]);
    return { accountId, token };
  });
}
