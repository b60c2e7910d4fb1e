// Target-balance auto-recharge on the reference server (PGlite, or PostgreSQL with DATABASE_URL): a debit that crosses
// the threshold recharges to exactly the target, concurrent debits start one recharge sized under the lock, the monthly
// cap shortens it, usage ingestion does the same, bad targets are refused by field, and a client without mode keeps
// the fixed recharge.
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { toSafeInteger } from '../../server/db/integers.js';
import { createServiceCredential } from '../../server/service-credentials.js';
import { SERVICE_ROUTES } from '../../src/client/service-routes.js';
import { errorOf, fieldErrorsOf, fixturePerSuite, ROUTES } from './billing-server.fixture.js';
import { assertBalanceIsLedgerSum, ingestionAccount, ingestionCall } from './usage-ingest.fixture.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('target-balance auto-recharge (server)', () => {
  const f = fixturePerSuite();

  /** Saves auto-recharge on in target mode with the default card: below $10.00, back up to `target`. */
  async function enableTarget(token: string, target: number, options: { monthlyCap?: number } = {}) {
    const current = (await f().call(ROUTES.getAutoRecharge, token)).body;
    const saved = await f().call(ROUTES.saveAutoRecharge, token, {
      body: {
        enabled: true,
        mode: 'target',
        thresholdAmount: usd(1000),
        rechargeAmount: current.rechargeAmount,
        targetBalance: usd(target),
        paymentMethodId: current.paymentMethodId,
        monthlyCap: options.monthlyCap === undefined ? null : usd(options.monthlyCap),
        expectedVersion: current.version,
      },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    return saved.body;
  }

  const debit = (token: string, durationSeconds = 60) =>
    f().raw('POST', '/v1/dev/usage', token, { body: { calls: [{ destinationCountry: 'AE', durationSeconds }] } });

  async function balanceOf(token: string): Promise<number> {
    return (await f().call(ROUTES.getAccount, token)).body.balance.amount;
  }

  async function ledgerOf(accountId: string) {
    const rows = await f().db.query<{ kind: string; amount: unknown; balance_after: unknown }>(
      `SELECT kind, amount, balance_after FROM ledger_entries WHERE account_id = $1 ORDER BY id`,
      [accountId],
    );
    return rows.rows.map((row) => ({
      kind: row.kind,
      amount: toSafeInteger(row.amount, 'amount'),
      balanceAfter: toSafeInteger(row.balance_after, 'balance_after'),
    }));
  }

  it('a debit that crosses the threshold recharges to exactly the target, and the attempt records what was charged', async () => {
    const { token, accountId } = await f().newAccount({ startingBalance: 1000, usageEntryCount: 0 });
    const saved = await enableTarget(token, 5000);
    assert.equal(saved.mode, 'target');
    assert.deepEqual(saved.targetBalance, usd(5000));
    assert.deepEqual(saved.recentAttempts, [], 'at $10.00 exactly nothing is due yet');
    const charges = f().processor.chargeCount;
    assert.equal((await debit(token)).status, 201); // $10.00 − $0.45 = $9.55: back up to $50.00 is $40.45
    assert.equal(f().processor.chargeCount, charges + 1);
    assert.equal(await balanceOf(token), 5000);
    const settings = (await f().call(ROUTES.getAutoRecharge, token)).body;
    assert.deepEqual(
      settings.recentAttempts.map((a) => [a.outcome, a.amount.amount, a.targetBalance?.amount, a.limitedBy]),
      [['succeeded', 4045, 5000, null]],
    );
    const account = (await f().call(ROUTES.getAccount, token)).body;
    assert.equal(account.autoRecharge.mode, 'target');
    assert.deepEqual(account.autoRecharge.targetBalance, usd(5000));
    assert.deepEqual(
      (await ledgerOf(accountId)).filter((e) => e.kind === 'auto_recharge').map((e) => e.amount),
      [4045],
    );
    await assertBalanceIsLedgerSum(f().db, accountId);
  });

  it('saving target mode on below the threshold charges the gap at once, from a negative balance too', async () => {
    const { token } = await f().newAccount({ startingBalance: 0, usageEntryCount: 0 });
    assert.equal((await debit(token, 600)).status, 201); // 10 minutes × $0.45: −$4.50
    const saved = await enableTarget(token, 2500);
    assert.deepEqual(
      saved.recentAttempts.map((a) => [a.outcome, a.amount.amount]),
      [['succeeded', 2950]],
    );
    assert.equal(await balanceOf(token), 2500);
  });

  it('20 concurrent debits start one recharge, sized on the balance under the lock: the books agree', async () => {
    const { token, accountId } = await f().newAccount({ startingBalance: 1100, usageEntryCount: 0 });
    await enableTarget(token, 5000);
    const charges = f().processor.chargeCount;
    const answers = await Promise.all(Array.from({ length: 20 }, () => debit(token)));
    for (const answer of answers) assert.equal(answer.status, 201);
    assert.equal(f().processor.chargeCount, charges + 1);
    const ledger = await ledgerOf(accountId);
    const recharges = ledger.filter((e) => e.kind === 'auto_recharge');
    assert.equal(recharges.length, 1);
    // The recharge was decided in the transaction of the debit that first went below $10.00, on its balance_after.
    const crossing = ledger.find((e) => e.kind === 'usage' && e.balanceAfter < 1000);
    assert.ok(crossing);
    const recharged = 5000 - crossing.balanceAfter;
    assert.deepEqual(
      recharges.map((e) => e.amount),
      [recharged],
    );
    assert.equal(await balanceOf(token), 1100 - 20 * 45 + recharged);
    await assertBalanceIsLedgerSum(f().db, accountId);
  });

  it('the monthly cap shortens a recharge to what is left of it, then skips once too little is left', async () => {
    const { token, accountId } = await f().newAccount({ startingBalance: 1000, usageEntryCount: 0 });
    await enableTarget(token, 5000, { monthlyCap: 3000 });
    assert.equal((await debit(token)).status, 201); // $9.55: the gap is $40.45, the cap leaves $30.00
    assert.equal(await balanceOf(token), 955 + 3000);
    assert.equal((await debit(token, 3600)).status, 201); // 60 min × $0.45 = $27.00 → $12.55
    assert.equal((await debit(token, 600)).status, 201); // $4.50 → $8.05: the cap has nothing left
    const settings = (await f().call(ROUTES.getAutoRecharge, token)).body;
    assert.deepEqual(
      settings.recentAttempts.map((a) => [a.outcome, a.amount.amount, a.limitedBy]),
      [
        ['skipped', 4195, null],
        ['succeeded', 3000, 'monthly_cap'],
      ],
    );
    assert.equal(settings.recentAttempts[0]?.failureReason?.code, 'monthly_cap');
    assert.equal(settings.enabled, true, 'a skip is not a failure');
    assert.equal(await balanceOf(token), 805);
    await assertBalanceIsLedgerSum(f().db, accountId);
  });

  it('usage ingestion recharges a crossing account to its target', async () => {
    const { accountId, token, userId } = await ingestionAccount(f(), 3000);
    await enableTarget(token, 6000);
    const key = await createServiceCredential(f().db, `test-${randomUUID()}`);
    const calls = Array.from({ length: 4 }, () => ingestionCall(f(), accountId, userId, { durationSeconds: 250 * 60 }));
    // 4 × 250 minutes to Germany at 3 cents: $30.00, from $30.00 to $0.00; back up to $60.00.
    const answer = await f().raw('POST', SERVICE_ROUTES.recordUsage.path, key, { body: { calls } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(await balanceOf(token), 6000);
    const settings = (await f().call(ROUTES.getAutoRecharge, token)).body;
    assert.deepEqual(
      settings.recentAttempts.map((a) => [a.outcome, a.amount.amount]),
      [['succeeded', 6000]],
    );
    await assertBalanceIsLedgerSum(f().db, accountId);
  });

  it('refuses a target at or below the threshold, or none, by field with its key', async () => {
    const { token } = await f().newAccount({ startingBalance: 5000, usageEntryCount: 0 });
    const current = (await f().call(ROUTES.getAutoRecharge, token)).body;
    const base = {
      enabled: true,
      mode: 'target',
      thresholdAmount: usd(1000),
      rechargeAmount: usd(5000),
      paymentMethodId: current.paymentMethodId,
      monthlyCap: null,
      expectedVersion: current.version,
    };
    const low = await f().call(ROUTES.saveAutoRecharge, token, { body: { ...base, targetBalance: usd(1000) } });
    assert.equal(low.status, 422);
    assert.equal(errorOf(low).messageKey, 'problems.targetNotAboveThreshold');
    assert.equal(fieldErrorsOf(low)['targetBalance'], 'The target balance must be more than the threshold ($10.00).');
    const none = await f().call(ROUTES.saveAutoRecharge, token, { body: { ...base, targetBalance: null } });
    assert.equal(none.status, 422);
    assert.equal(errorOf(none).code, 'validation');
    const after = (await f().call(ROUTES.getAutoRecharge, token)).body;
    assert.equal(after.version, current.version, 'nothing saved');
  });

  it('a client without mode saves a fixed recharge and keeps the stored target for switching back', async () => {
    const { token, accountId } = await f().newAccount({ startingBalance: 1000, usageEntryCount: 0 });
    const target = await enableTarget(token, 5000);
    const old = await f().call(ROUTES.saveAutoRecharge, token, {
      body: {
        enabled: true,
        thresholdAmount: usd(1000),
        rechargeAmount: usd(2000),
        paymentMethodId: target.paymentMethodId,
        monthlyCap: null,
        expectedVersion: target.version,
      },
    });
    assert.equal(old.status, 200, JSON.stringify(old.body));
    assert.equal(old.body.mode, 'fixed');
    assert.deepEqual(old.body.targetBalance, usd(5000));
    assert.equal((await debit(token)).status, 201);
    assert.equal(await balanceOf(token), 955 + 2000);
    assert.deepEqual(
      (await ledgerOf(accountId)).filter((e) => e.kind === 'auto_recharge').map((e) => e.amount),
      [2000],
    );
    const attempt = (await f().call(ROUTES.getAutoRecharge, token)).body.recentAttempts[0];
    assert.equal(attempt?.targetBalance, undefined, 'a fixed recharge carries no target, as from a backend without target mode');
  });
});
