// Saved cards: listing, saving one through the PaymentProcessor (no charge, no duplicates), removing one (a soft delete),
// choosing the default, and the expiry rule.
import type { BillingChange, PaymentMethod } from '../src/client/schemas.js';
import { defaultAfterRemoval, isCardExpiredUtc } from '../src/rules/card-rules.js';
import type { Queryable } from './db/database.js';
import type { PaymentProcessor, SavedCardDetails } from './payments/processor.js';
import { findAccount } from './accounts.js';
import { autoRechargeAfterCardRemoved } from './auto-recharge-attempts.js';
import { notFound } from './errors.js';
import { newId } from './ids.js';

export interface StoredCard extends PaymentMethod {
  providerPaymentMethodId: string;
}

interface CardRow {
  id: string;
  provider_payment_method_id: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  is_default: boolean;
  fingerprint: string | null;
  removed_at: Date | null;
}

function storedCardOf(row: CardRow): StoredCard {
  return {
    id: row.id,
    type: 'card',
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    isDefault: row.is_default,
    providerPaymentMethodId: row.provider_payment_method_id,
  };
}

export function publicPaymentMethod(card: StoredCard): PaymentMethod {
  const { providerPaymentMethodId: _hidden, ...method } = card;
  return method;
}

/** Default card first, then in the order they were saved; expired cards included, removed ones not. */
export async function listPaymentMethods(q: Queryable, accountId: string): Promise<StoredCard[]> {
  const result = await q.query<CardRow>(
    `SELECT * FROM payment_methods WHERE account_id = $1 AND removed_at IS NULL ORDER BY is_default DESC, seq`,
    [accountId],
  );
  return result.rows.map(storedCardOf);
}

/** The account's saved card with this id, or null: a removed card, or another account's, is as absent as a made-up id. */
export async function findPaymentMethod(q: Queryable, accountId: string, paymentMethodId: string): Promise<StoredCard | null> {
  const result = await q.query<CardRow>(`SELECT * FROM payment_methods WHERE account_id = $1 AND id = $2 AND removed_at IS NULL`, [
    accountId,
    paymentMethodId,
  ]);
  const row = result.rows[0];
  return row ? storedCardOf(row) : null;
}

/** A card is good through the last day of its expiry month (UTC). */
export function isExpired(card: { expMonth: number; expYear: number }, now: Date): boolean {
  return isCardExpiredUtc(card, now);
}

/**
 * The account's card that `details` describes again, if any: the same expiry and, where the
 * processor gives fingerprints (Stripe: one per card number) on both, the same fingerprint;
 * otherwise the same brand and last 4.
 */
async function findSameCard(tx: Queryable, accountId: string, details: SavedCardDetails): Promise<CardRow | null> {
  const result = await tx.query<CardRow>(
    `SELECT * FROM payment_methods
      WHERE account_id = $1 AND exp_month = $2 AND exp_year = $3 AND removed_at IS NULL
        AND CASE WHEN $4::text IS NOT NULL AND fingerprint IS NOT NULL THEN fingerprint = $4::text
                 ELSE brand = $5 AND last4 = $6 END
      ORDER BY seq LIMIT 1`,
    [accountId, details.expMonth, details.expYear, details.fingerprint ?? null, details.brand, details.last4],
  );
  return result.rows[0] ?? null;
}

/**
 * Records a card the processor saved. It becomes the default when asked, or when the account has
 * none. A card already saved (findSameCard) is not saved twice: that card is returned, made the
 * default only when asked, with `created: false`.
 */
export async function storeSavedCard(
  tx: Queryable,
  accountId: string,
  details: SavedCardDetails,
  options: { makeDefault: boolean; at: Date; id?: string },
): Promise<{ card: StoredCard; created: boolean }> {
  // Under the account lock, so two cards saved at once cannot both become the default (nor the same card be saved twice).
  await findAccount(tx, accountId, { lock: true });
  const same = await findSameCard(tx, accountId, details);
  if (same) {
    if (options.makeDefault && !same.is_default) {
      await tx.query(`UPDATE payment_methods SET is_default = (id = $2) WHERE account_id = $1 AND (is_default OR id = $2)`, [
        accountId,
        same.id,
      ]);
      same.is_default = true;
    }
    return { card: storedCardOf(same), created: false };
  }
  const hasDefault = await tx.query(`SELECT 1 FROM payment_methods WHERE account_id = $1 AND is_default AND removed_at IS NULL`, [
    accountId,
  ]);
  const isDefault = options.makeDefault || hasDefault.rows.length === 0;
  if (isDefault) await tx.query(`UPDATE payment_methods SET is_default = false WHERE account_id = $1 AND is_default`, [accountId]);
  const result = await tx.query<CardRow>(
    `INSERT INTO payment_methods (id, account_id, provider_payment_method_id, brand, last4, exp_month, exp_year, is_default, created_at, fingerprint)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [
      options.id ?? newId('pm'),
      accountId,
      details.providerPaymentMethodId,
      details.brand,
      details.last4,
      details.expMonth,
      details.expYear,
      isDefault,
      options.at,
      details.fingerprint ?? null,
    ],
  );
  const row = result.rows[0];
  if (!row) throw new Error('payment method insert returned no row');
  return { card: storedCardOf(row), created: true };
}

/** storeSavedCard's card, whether new or already saved (a top-up's "save this card"). */
export async function insertSavedCard(
  tx: Queryable,
  accountId: string,
  details: SavedCardDetails,
  options: { makeDefault: boolean; at: Date; id?: string },
): Promise<StoredCard> {
  return (await storeSavedCard(tx, accountId, details, options)).card;
}

/**
 * addPaymentMethod: the processor saves the card (a card that would decline is refused there), then
 * it is stored, or the same card already saved is returned (`created: false`).
 */
export async function addPaymentMethod(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  processor: PaymentProcessor,
  accountId: string,
  request: { providerToken: string; makeDefault?: boolean | undefined },
  at: Date,
): Promise<{ card: StoredCard; created: boolean }> {
  const details = await processor.saveCard(request.providerToken);
  return db.transaction((tx) => storeSavedCard(tx, accountId, details, { makeDefault: request.makeDefault === true, at }));
}

type Transactional = { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> };

/** What a change to the saved cards answers: the cards, and the changes to publish once it committed. */
export interface CardsChange {
  cards: StoredCard[];
  changes: BillingChange[];
}

/**
 * removePaymentMethod: marks the card removed (the row stays for the top-ups that used it). The default passes to the
 * most recently saved unexpired card left; auto-recharge that charged the card turns off. A card this account already removed
 * answers the current cards again (a retried DELETE); an id it never had is not_found.
 */
export async function removePaymentMethod(db: Transactional, accountId: string, paymentMethodId: string, at: Date): Promise<CardsChange> {
  return db.transaction(async (tx) => {
    // Under the account lock, as saving is, so a removal and a save cannot both pick the default.
    await findAccount(tx, accountId, { lock: true });
    const result = await tx.query<CardRow>(`SELECT * FROM payment_methods WHERE account_id = $1 AND id = $2`, [accountId, paymentMethodId]);
    const row = result.rows[0];
    if (!row) throw notFound(`There is no saved card ${paymentMethodId}.`);
    const changes: BillingChange[] = [];
    if (row.removed_at === null) {
      await tx.query(`UPDATE payment_methods SET removed_at = $3, is_default = false WHERE account_id = $1 AND id = $2`, [
        accountId,
        paymentMethodId,
        at,
      ]);
      const remaining = await tx.query<CardRow>(`SELECT * FROM payment_methods WHERE account_id = $1 AND removed_at IS NULL ORDER BY seq`, [
        accountId,
      ]);
      const nextDefault = defaultAfterRemoval(storedCardOf(row), remaining.rows.map(storedCardOf), at);
      if (nextDefault) await tx.query(`UPDATE payment_methods SET is_default = true WHERE id = $1`, [nextDefault.id]);
      changes.push(...(await autoRechargeAfterCardRemoved(tx, accountId, storedCardOf(row), at)), { type: 'payment_methods' });
    }
    return { cards: await listPaymentMethods(tx, accountId), changes };
  });
}

/**
 * Forgets removed cards at the processor: the account's (after a removal) or, without accountId, every account's (the
 * recovery sweep's retry). A card another account still has saved under the same processor id is left attached. A
 * failure leaves the card for the next sweep and is returned, never thrown: the removal itself has already happened.
 */
export async function detachRemovedCards(
  db: Queryable,
  processor: PaymentProcessor,
  at: Date,
  accountId?: string,
): Promise<{ detached: number; failed: Array<{ id: string; error: unknown }> }> {
  const outcome = { detached: 0, failed: [] as Array<{ id: string; error: unknown }> };
  const detach = processor.detachCard?.bind(processor);
  if (!detach) return outcome;
  const pending = await db.query<{ id: string; provider_payment_method_id: string }>(
    `SELECT pm.id, pm.provider_payment_method_id FROM payment_methods pm
     WHERE pm.removed_at IS NOT NULL AND pm.processor_detached_at IS NULL AND ($1::text IS NULL OR pm.account_id = $1)
       AND NOT EXISTS (SELECT 1 FROM payment_methods kept
                       WHERE kept.provider_payment_method_id = pm.provider_payment_method_id AND kept.removed_at IS NULL)
     ORDER BY pm.removed_at LIMIT 100`,
    [accountId ?? null],
  );
  for (const card of pending.rows) {
    try {
      await detach(card.provider_payment_method_id);
      await db.query(`UPDATE payment_methods SET processor_detached_at = $2 WHERE id = $1`, [card.id, at]);
      outcome.detached += 1;
    } catch (error) {
      outcome.failed.push({ id: card.id, error });
    }
  }
  return outcome;
}

/** setDefaultPaymentMethod: makes a saved card the default; asking again changes nothing. A removed or unknown id is not_found. */
export async function setDefaultPaymentMethod(db: Transactional, accountId: string, paymentMethodId: string): Promise<CardsChange> {
  return db.transaction(async (tx) => {
    await findAccount(tx, accountId, { lock: true });
    const card = await findPaymentMethod(tx, accountId, paymentMethodId);
    if (!card) throw notFound(`There is no saved card ${paymentMethodId}.`);
    const changes: BillingChange[] = [];
    if (!card.isDefault) {
      await tx.query(
        `UPDATE payment_methods SET is_default = (id = $2) WHERE account_id = $1 AND removed_at IS NULL AND (is_default OR id = $2)`,
        [accountId, paymentMethodId],
      );
      changes.push({ type: 'payment_methods' });
    }
    return { cards: await listPaymentMethods(tx, accountId), changes };
  });
}
