// Settling a top-up: applying what the processor answered, and settleTopUp, which moves a top-up to its final state
// and credits the balance exactly once however often and however concurrently it is called (confirm, getTopUp, the
// Stripe webhook, the recovery sweep all end here), then publishes the changes.
import type { BillingChange, TopUp } from '../src/client/schemas.js';
import { offSessionAuthenticationFailure } from '../src/rules/api-messages.js';
import type { Database, Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import type { ChargeResult, ChargedCard, SavedCardDetails } from './payments/processor.js';
import { findAccount } from './accounts.js';
import { recordAttemptFailed, recordAttemptSucceeded } from './auto-recharge-attempts.js';
import { changeFeedFor } from './change-feed.js';
import { notFound } from './errors.js';
import { insertSavedCard } from './payment-methods.js';
import { creditSucceeded } from './top-up-groups.js';
import { findTopUp, publicTopUp, type ClaimedTopUp, type TopUpContext, type TopUpRow } from './top-up-rows.js';

/** Records what the processor said about a claimed top-up, crediting the balance when it succeeded. */
export async function applyChargeResult(
  ctx: TopUpContext,
  row: ClaimedTopUp,
  result: ChargeResult & { savedCard?: SavedCardDetails },
): Promise<TopUp> {
  const at = ctx.now();
  const card = recordableCard(result.card);
  if (result.status === 'succeeded' && !result.savedCard && row.kind === 'manual') {
    // The common case in one statement without BEGIN and COMMIT, shared with the top-ups settling at the same moment; a
    // new card's brand and last digits go in the same statement (a saved card is named by payment_method_id already).
    const credited = await creditSucceeded(ctx.db, {
      row,
      at,
      providerPaymentId: result.providerPaymentId,
      card: row.payment_method_id === null ? card : null,
    });
    if (credited) {
      const balance = toSafeInteger(credited.balance_after, 'top_ups.balance_after');
      publishAll(ctx.db, row.account_id, [
        { type: 'balance', balance: { amount: balance, currency: credited.account_currency }, at: at.toISOString() },
      ]);
      return publicTopUp(credited);
    }
  }
  const changes: BillingChange[] = [];
  const payment: PaymentRecord = { providerPaymentId: result.providerPaymentId, savedCard: result.savedCard ?? null, card };
  const updated = await ctx.db.transaction(async (tx) => {
    switch (result.status) {
      case 'succeeded':
        // The payment's id and card are stored by the statement that settles it (one round trip less).
        return settleInTransaction(tx, row.id, 'succeeded', at, changes, { accountId: row.account_id, payment });
      case 'failed':
        return settleInTransaction(tx, row.id, { failed: { code: result.declineCode, message: result.message } }, at, changes, {
          accountId: row.account_id,
          payment,
        });
      case 'requires_action': {
        if (row.kind === 'auto_recharge') {
          // Off-session nobody can answer the bank's challenge.
          return settleInTransaction(tx, row.id, { failed: offSessionAuthenticationFailure() }, at, changes, {
            accountId: row.account_id,
            payment,
          });
        }
        await recordPayment(tx, row.id, payment);
        const next = await tx.query<TopUpRow>(
          `UPDATE top_ups SET status = 'requires_action', client_secret = $2 WHERE id = $1 AND status = 'charging' RETURNING *`,
          [row.id, result.clientSecret],
        );
        return next.rows[0] ?? (await findTopUp(tx, row.account_id, row.id));
      }
      case 'processing': {
        await recordPayment(tx, row.id, payment);
        const next = await tx.query<TopUpRow>(
          `UPDATE top_ups SET status = 'processing' WHERE id = $1 AND status IN ('charging', 'requires_action') RETURNING *`,
          [row.id],
        );
        return next.rows[0] ?? (await findTopUp(tx, row.account_id, row.id));
      }
    }
  });
  publishAll(ctx.db, row.account_id, changes);
  return publicTopUp(updated);
}

/**
 * What the processor's answer adds to a claimed row: its payment id, a new card to save once the payment succeeds, and
 * the card it charged (kept whatever the outcome, so the history names a new card that was not saved or was declined).
 */
interface PaymentRecord {
  providerPaymentId: string | null;
  savedCard: SavedCardDetails | null;
  card: ChargedCard | null;
}

/**
 * The processor's card as the top_ups columns hold it (020_top_up_card.sql), or null: a processor's odd answer (no
 * digits, a brand of a page's length) is left unrecorded rather than refused by the columns' checks, which would lose
 * the outcome written in the same statement.
 */
function recordableCard(card: ChargedCard | null | undefined): ChargedCard | null {
  if (!card || typeof card.brand !== 'string' || typeof card.last4 !== 'string') return null;
  const brand = card.brand.trim();
  return brand.length >= 1 && brand.length <= 40 && /^\d{4}$/.test(card.last4) ? { brand, last4: card.last4 } : null;
}

/** The processor's payment id, the card it returned, and the claim's card token dropped (it has been used), whatever the status. */
async function recordPayment(tx: Queryable, topUpId: string, payment: PaymentRecord): Promise<TopUpRow | undefined> {
  const updated = await tx.query<TopUpRow>(
    `UPDATE top_ups SET provider_payment_id = COALESCE($2, provider_payment_id),
       pending_saved_card = COALESCE($3::jsonb, pending_saved_card), charge_provider_token = NULL,
       charged_card_brand = COALESCE($4, charged_card_brand), charged_card_last4 = COALESCE($5, charged_card_last4)
     WHERE id = $1 RETURNING *`,
    [
      topUpId,
      payment.providerPaymentId,
      payment.savedCard ? JSON.stringify(payment.savedCard) : null,
      payment.card?.brand ?? null,
      payment.card?.last4 ?? null,
    ],
  );
  return updated.rows[0];
}

export type SettleOutcome = 'succeeded' | { failed: { code: string; message: string } };

export type SettleTarget = (
  | { topUpId: string }
  | {
      providerPaymentId: string;
      /**
       * The idempotency key the processor was given (Stripe: PaymentIntent metadata.idempotency_key).
       * Finds the top-up when the processor's answer, and with it the payment id, never arrived;
       * the payment id is then stored on it.
       */
      processorIdempotencyKey?: string;
    }
) & {
  outcome: SettleOutcome;
  /** When it settled; default now. */
  at?: Date;
  /** The card the processor says it charged, when its answer names one (kept on the top-up with the outcome). */
  card?: ChargedCard | null;
};

export interface SettledTopUp {
  accountId: string;
  topUp: TopUp;
  /** True only for the one call that moved the top-up to this outcome (and, on success, credited the balance). */
  changed: boolean;
}

/**
 * Moves a top-up to its final state; the Stripe webhook and confirmTopUp both end here. Credits
 * the balance exactly once however often and however concurrently it is called: the status
 * changes with a conditional UPDATE … WHERE status <> 'succeeded' RETURNING, and only the call
 * that got the row back posts the ledger entry (ledger_entries.top_up_id is UNIQUE as well).
 * A failure never overwrites a success. Returns null when no top-up matches.
 */
export async function settleTopUp(db: Database, target: SettleTarget): Promise<SettledTopUp | null> {
  const at = target.at ?? new Date();
  const changes: BillingChange[] = [];
  const settled = await db.transaction(async (tx) => {
    const found =
      'topUpId' in target
        ? await tx.query<{ id: string; account_id: string }>(`SELECT id, account_id FROM top_ups WHERE id = $1`, [target.topUpId])
        : await tx.query<{ id: string; account_id: string }>(`SELECT id, account_id FROM top_ups WHERE provider_payment_id = $1`, [
            target.providerPaymentId,
          ]);
    let match = found.rows[0];
    if (!match && 'providerPaymentId' in target && target.processorIdempotencyKey) {
      const byKey = await tx.query<{ id: string; account_id: string }>(
        `SELECT id, account_id FROM top_ups WHERE processor_idempotency_key = $1 AND provider_payment_id IS NULL LIMIT 2`,
        [target.processorIdempotencyKey],
      );
      // One top-up per processor key; two would be a key reused across accounts: settle neither.
      if (byKey.rows.length === 1) {
        match = byKey.rows[0];
        // Lock order everywhere: the account row first, then the rows that hang off it.
        if (match) await findAccount(tx, match.account_id, { lock: true });
        await tx.query(`UPDATE top_ups SET provider_payment_id = $2 WHERE id = $1 AND provider_payment_id IS NULL`, [
          match?.id,
          target.providerPaymentId,
        ]);
      }
    }
    if (!match) return null;
    // Whether this call moved it, kept apart from the changes, which say what browsers should read again.
    const moved = { value: false };
    const row = await settleInTransaction(tx, match.id, target.outcome, at, changes, {
      accountId: match.account_id,
      moved,
      card: recordableCard(target.card),
    });
    return { accountId: match.account_id, topUp: publicTopUp(row), changed: moved.value };
  });
  if (settled) publishAll(db, settled.accountId, changes);
  return settled;
}

interface SettleOptions {
  /** The top-up's account, when the caller knows it (saves reading it). */
  accountId?: string;
  /** Set to true when this call is the one that moved the top-up to its outcome. */
  moved?: { value: boolean };
  /** The processor's answer to store on the row (applyChargeResult), in the same statement as the outcome. */
  payment?: PaymentRecord;
  /** The card charged, from an answer that brings nothing else to store (settleTopUp's); payment.card otherwise. */
  card?: ChargedCard | null;
}

async function settleInTransaction(
  tx: Queryable,
  topUpId: string,
  outcome: SettleOutcome,
  at: Date,
  changes: BillingChange[],
  options: SettleOptions = {},
): Promise<TopUpRow> {
  const accountId =
    options.accountId ??
    (await tx.query<{ account_id: string }>(`SELECT account_id FROM top_ups WHERE id = $1`, [topUpId])).rows[0]?.account_id;
  if (!accountId) throw notFound(`There is no top-up ${topUpId}.`);
  // Lock order everywhere: account row first, then the rows that hang off it. Under this lock the
  // balance read here is the one the credit adds to.
  const account = await findAccount(tx, accountId, { lock: true });
  const { payment } = options;
  const card = payment?.card ?? options.card ?? null;
  // When the outcome was already reached (another call won), the payment is still recorded, and the row is answered as it stands.
  const unchanged = async (): Promise<TopUpRow> =>
    (payment && (await recordPayment(tx, topUpId, payment))) || findTopUp(tx, accountId, topUpId);

  if (outcome === 'succeeded') {
    // One statement moves the top-up (conditionally: only one call ever gets the row back), posts
    // its ledger credit and sets the balance. ledger_entries.top_up_id is UNIQUE as well.
    const won = await tx.query<TopUpRow>(
      `WITH won AS (
         UPDATE top_ups SET status = 'succeeded', client_secret = NULL, failure_code = NULL, failure_message = NULL, settled_at = $2::timestamptz,
           balance_after = $3::bigint + amount,
           provider_payment_id = COALESCE($4, provider_payment_id),
           pending_saved_card = COALESCE($5::jsonb, pending_saved_card),
           charge_provider_token = CASE WHEN $6 THEN NULL ELSE charge_provider_token END,
           charged_card_brand = COALESCE($8, charged_card_brand), charged_card_last4 = COALESCE($9, charged_card_last4)
         WHERE id = $1 AND status <> 'succeeded' RETURNING *),
       credit AS (
         INSERT INTO ledger_entries (account_id, kind, amount, balance_after, currency, top_up_id, at)
         SELECT account_id, CASE kind WHEN 'auto_recharge' THEN 'auto_recharge' ELSE 'top_up' END, amount, balance_after, $7::text, id, $2 FROM won),
       balance AS (
         UPDATE accounts SET balance = won.balance_after, balance_updated_at = $2 FROM won WHERE accounts.id = won.account_id)
       SELECT * FROM won`,
      [
        topUpId,
        at,
        account.balance,
        payment?.providerPaymentId ?? null,
        payment?.savedCard ? JSON.stringify(payment.savedCard) : null,
        payment !== undefined,
        account.currency,
        card?.brand ?? null,
        card?.last4 ?? null,
      ],
    );
    const row = won.rows[0];
    if (!row) return unchanged();
    if (options.moved) options.moved.value = true;
    // A balance beyond 2^53 cannot be represented exactly: refused, and the transaction rolls back.
    const balance = toSafeInteger(row.balance_after, 'top_ups.balance_after');
    changes.push({ type: 'balance', balance: { amount: balance, currency: account.currency }, at: at.toISOString() });

    let final = row;
    const pendingCard =
      typeof row.pending_saved_card === 'string' ? (JSON.parse(row.pending_saved_card) as SavedCardDetails) : row.pending_saved_card;
    if (pendingCard) {
      const paymentMethodId = (await insertSavedCard(tx, accountId, pendingCard, { makeDefault: false, at })).id;
      changes.unshift({ type: 'account' }, { type: 'payment_methods' });
      const carded = await tx.query<TopUpRow>(
        `UPDATE top_ups SET payment_method_id = $2, pending_saved_card = NULL WHERE id = $1 RETURNING *`,
        [topUpId, paymentMethodId],
      );
      final = carded.rows[0] ?? row;
    }
    if (row.kind === 'auto_recharge' && (await recordAttemptSucceeded(tx, accountId, topUpId))) changes.push({ type: 'auto_recharge' });
    return final;
  }

  const failed = await tx.query<TopUpRow>(
    `UPDATE top_ups SET status = 'failed', failure_code = $2, failure_message = $3, client_secret = NULL,
       pending_saved_card = NULL, settled_at = $4, provider_payment_id = COALESCE($5, provider_payment_id),
       charge_provider_token = CASE WHEN $6 THEN NULL ELSE charge_provider_token END,
       charged_card_brand = COALESCE($7, charged_card_brand), charged_card_last4 = COALESCE($8, charged_card_last4)
     WHERE id = $1 AND status NOT IN ('succeeded', 'failed') RETURNING *`,
    [
      topUpId,
      outcome.failed.code.slice(0, 80),
      outcome.failed.message.slice(0, 500),
      at,
      payment?.providerPaymentId ?? null,
      payment !== undefined,
      card?.brand ?? null,
      card?.last4 ?? null,
    ],
  );
  const row = failed.rows[0];
  if (!row) return unchanged();
  if (options.moved) options.moved.value = true;
  if (row.kind === 'auto_recharge') {
    await recordAttemptFailed(tx, accountId, { topUpId }, outcome.failed.message, at);
    changes.push({ type: 'auto_recharge' });
  } else {
    // Another browser's history lists the failed payment too: no balance change will tell it to read again.
    changes.push({ type: 'top_ups' });
  }
  return row;
}

function publishAll(db: Database, accountId: string, changes: readonly BillingChange[]): void {
  const feed = changeFeedFor(db);
  for (const change of changes) feed.publish(accountId, change);
}
