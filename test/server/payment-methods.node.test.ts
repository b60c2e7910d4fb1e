// The reference server's card removal and default (PGlite, and PostgreSQL when DATABASE_URL is set): soft delete with the
// ledger kept, the default passed on, auto-recharge turned off and not charged, isolation, hostile ids, the change feed.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import type { BillingChange } from '../../src/client/schemas.js';
import { changeFeedFor } from '../../server/change-feed.js';
import { toSafeInteger } from '../../server/db/integers.js';
import { enableAutoRecharge, errorOf, openFixture, ROUTES, topUpBody, type BillingServerFixture } from './billing-server.fixture.js';

const MASTERCARD = 'test_card_5555555555554444';

let keyCount = 0;
const freshKey = () => `cards-${process.pid}-${++keyCount}-${Math.random().toString(36).slice(2)}`;

describe('reference server: removing a card and choosing the default', () => {
  let f: BillingServerFixture;
  before(async () => {
    f = await openFixture();
  });
  after(async () => {
    await f.close();
  });

  const cards = async (token: string) => (await f.call(ROUTES.listPaymentMethods, token)).body;
  const remove = (token: string, paymentMethodId: string) => f.call(ROUTES.removePaymentMethod, token, { params: { paymentMethodId } });
  const makeDefault = (token: string, paymentMethodId: string) =>
    f.call(ROUTES.setDefaultPaymentMethod, token, { params: { paymentMethodId } });
  const addCard = async (token: string, providerToken: string, makeDefault = false) => {
    const answer = await f.call(ROUTES.addPaymentMethod, token, { body: { providerToken, makeDefault } });
    assert.ok(answer.status === 201 || answer.status === 200, JSON.stringify(answer.body));
    return answer.body;
  };

  async function ledgerAddsUp(accountId: string, token: string): Promise<void> {
    const rows = await f.db.query<{ amount: unknown; balance_after: unknown }>(
      `SELECT amount, balance_after FROM ledger_entries WHERE account_id = $1 ORDER BY id`,
      [accountId],
    );
    let running = 0;
    for (const row of rows.rows) {
      running += toSafeInteger(row.amount, 'amount');
      assert.equal(toSafeInteger(row.balance_after, 'balance_after'), running);
    }
    assert.equal(running, (await f.call(ROUTES.getAccount, token)).body.balance.amount);
  }

  it('keeps the row of a card a top-up used (removed_at set), lists it no more, and the ledger still adds up', async () => {
    const { token, accountId } = await f.newAccount({ usageEntryCount: 20 });
    const card = await addCard(token, MASTERCARD);
    const body = topUpBody(2000, { paymentMethodId: card.id }, freshKey());
    const topUp = await f.call(ROUTES.createTopUp, token, { body, headers: { 'Idempotency-Key': body.idempotencyKey } });
    assert.equal(topUp.status, 201, JSON.stringify(topUp.body));

    const answer = await remove(token, card.id);
    assert.equal(answer.status, 200);
    assert.ok(!answer.body.some((listed) => listed.id === card.id));
    assert.deepEqual(answer.body, await cards(token));
    const row = await f.db.query<{ removed_at: Date | null; is_default: boolean }>(
      `SELECT removed_at, is_default FROM payment_methods WHERE id = $1`,
      [card.id],
    );
    const stored = row.rows[0];
    assert.ok(stored?.removed_at, 'the row stays, marked removed');
    assert.equal(stored.is_default, false);
    const history = await f.call(ROUTES.getTopUp, token, { params: { topUpId: topUp.body.id } });
    assert.equal(history.body.paymentMethodId, card.id, 'the top-up keeps its card');
    await ledgerAddsUp(accountId, token);

    // A retried DELETE answers the current cards; saving the same card again saves it afresh, under a new id.
    assert.deepEqual((await remove(token, card.id)).body, answer.body);
    const again = await addCard(token, MASTERCARD);
    assert.notEqual(again.id, card.id);
  });

  it('passes the default to the most recently saved card left, and refuses a removed card as the default (404)', async () => {
    const { token } = await f.newAccount({ usageEntryCount: 0 });
    const newest = await addCard(token, MASTERCARD);
    const preferred = (await cards(token)).find((card) => card.isDefault);
    assert.ok(preferred && preferred.id !== newest.id);
    const answer = await remove(token, preferred.id);
    assert.deepEqual(
      answer.body.filter((card) => card.isDefault).map((card) => card.id),
      [newest.id],
    );
    assert.equal(answer.body[0]?.id, newest.id, 'the default is listed first');
    const refused = await makeDefault(token, preferred.id);
    assert.equal(refused.status, 404);
    assert.equal(errorOf(refused).code, 'not_found');
  });

  it('makes no expired card the default: removing the default with only an expired card left leaves none', async () => {
    const { token } = await f.newAccount({ usageEntryCount: 0 });
    const before = await cards(token);
    const preferred = before.find((card) => card.isDefault);
    assert.ok(preferred && before.some((card) => card.last4 === '4444' && !card.isDefault), 'seeded: a default and an expired card');
    const answer = await remove(token, preferred.id);
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.body.map((card) => [card.last4, card.isDefault]),
      [['4444', false]],
    );
  });

  it('turns auto-recharge off when its card goes, so a later low balance charges nothing', async () => {
    const { token, accountId } = await f.newAccount({ startingBalance: 1100, usageEntryCount: 0 });
    const saved = await enableAutoRecharge(f, token);
    assert.ok(saved.paymentMethodId);
    const changes: BillingChange[] = [];
    const unsubscribe = changeFeedFor(f.db).subscribe(accountId, (change) => changes.push(change));
    try {
      assert.equal((await remove(token, saved.paymentMethodId)).status, 200);
    } finally {
      unsubscribe();
    }
    assert.deepEqual(
      changes.map((change) => change.type),
      ['auto_recharge', 'payment_methods'],
    );
    const after = (await f.call(ROUTES.getAutoRecharge, token)).body;
    assert.equal(after.enabled, false);
    assert.equal(after.paymentMethodId, null);
    assert.equal(after.version, saved.version + 1);
    assert.equal(after.disabledCause?.code, 'payment_method_removed');
    assert.deepEqual(after.disabledCause.params, { card: 'Visa ••4242' });
    assert.match(after.disabledReason ?? '', /Visa ••4242, the card it charged, was removed/);

    const chargesBefore = f.processor.chargeCount;
    const debit = await f.raw('POST', '/v1/dev/usage', token, { body: { calls: [{ destinationCountry: 'AE', durationSeconds: 600 }] } });
    assert.equal(debit.status, 201);
    assert.equal(f.processor.chargeCount, chargesBefore, 'no automatic recharge after its card was removed');
  });

  it('lets auto-recharge that was off forget the card without a cause, and a new version', async () => {
    const { token } = await f.newAccount({ usageEntryCount: 0 });
    const before = (await f.call(ROUTES.getAutoRecharge, token)).body;
    assert.equal(before.enabled, false);
    assert.ok(before.paymentMethodId);
    await remove(token, before.paymentMethodId);
    const after = (await f.call(ROUTES.getAutoRecharge, token)).body;
    assert.deepEqual([after.enabled, after.paymentMethodId, after.disabledCause ?? null], [false, null, null]);
    assert.equal(after.version, before.version + 1);
  });

  it('does not reach another account’s card (404, nothing changes) nor an id never saved', async () => {
    const owner = await f.newAccount({ usageEntryCount: 0 });
    const other = await f.newAccount({ usageEntryCount: 0 });
    const ownerCards = await cards(owner.token);
    const card = ownerCards[0];
    assert.ok(card);
    for (const answer of [
      await remove(other.token, card.id),
      await makeDefault(other.token, card.id),
      await remove(other.token, 'pm_never'),
    ]) {
      assert.equal(answer.status, 404);
      assert.equal(errorOf(answer).code, 'not_found');
    }
    assert.deepEqual(await cards(owner.token), ownerCards);
  });

  it('keeps exactly one default when the default is removed while another card is made the default', async () => {
    const { token } = await f.newAccount({ usageEntryCount: 0 });
    const added = await addCard(token, MASTERCARD);
    const current = (await cards(token)).find((card) => card.isDefault);
    assert.ok(current);
    const answers = await Promise.all([remove(token, current.id), makeDefault(token, added.id)]);
    for (const answer of answers) assert.ok(answer.status === 200 || answer.status === 404, JSON.stringify(answer.body));
    const left = await cards(token);
    assert.equal(left.filter((card) => card.isDefault).length, 1, JSON.stringify(left));
  });

  it('pushes payment_methods when a top-up saves its new card, so other tabs list it', async () => {
    const { token, accountId } = await f.newAccount({ usageEntryCount: 0 });
    const changes: BillingChange[] = [];
    const unsubscribe = changeFeedFor(f.db).subscribe(accountId, (change) => changes.push(change));
    try {
      const body = topUpBody(2000, { providerToken: MASTERCARD, saveCard: true }, freshKey());
      const answer = await f.call(ROUTES.createTopUp, token, { body, headers: { 'Idempotency-Key': body.idempotencyKey } });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
    } finally {
      unsubscribe();
    }
    assert.ok(
      changes.some((change) => change.type === 'payment_methods'),
      JSON.stringify(changes),
    );
  });

  it('refuses a hostile path id with 422 before reading anything', async () => {
    const { token } = await f.newAccount({ usageEntryCount: 0 });
    const before = await cards(token);
    for (const path of ['/v1/payment-methods/pm_%00', `/v1/payment-methods/${'p'.repeat(256)}`, '/v1/payment-methods/%3Cb%3E']) {
      const answer = await f.raw('DELETE', path, token);
      assert.equal(answer.status, 422, `${path}: ${answer.status}`);
      assert.equal(errorOf(answer).code, 'validation');
      assert.equal((await f.raw('POST', `${path}/default`, token)).status, 422);
    }
    assert.deepEqual(await cards(token), before);
  });
});
