// The stored top-up: its row, the charge request kept on it from the claim on (so a crash can be recovered), the
// processor idempotency key derived from it, its public shape, and the lookup by id that answers 404 across accounts.
import { createHash } from 'node:crypto';
import type { TopUp } from '../src/client/schemas.js';
import type { Database, Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import type { ChargeRequest, PaymentProcessor, SavedCardDetails } from './payments/processor.js';
import { notFound } from './errors.js';

export interface TopUpContext {
  db: Database;
  processor: PaymentProcessor;
  now: () => Date;
}

type StoredStatus = 'charging' | 'processing' | 'requires_action' | 'succeeded' | 'failed';

export interface TopUpRow {
  id: string;
  account_id: string;
  idempotency_key: string;
  request_fingerprint: string;
  kind: 'manual' | 'auto_recharge';
  amount: unknown;
  currency: string;
  payment_method_id: string | null;
  status: StoredStatus;
  provider_payment_id: string | null;
  client_secret: string | null;
  failure_code: string | null;
  failure_message: string | null;
  balance_after: unknown;
  pending_saved_card: SavedCardDetails | string | null;
  created_at: Date;
  // The charge request as sent to the processor, kept from the claim on so a crash can be recovered (002_payment_recovery.sql).
  processor_idempotency_key: string | null;
  charge_provider_payment_method_id: string | null;
  charge_provider_token: string | null;
  charge_save_card: boolean | null;
  charge_off_session: boolean | null;
  recovery_started_at: Date | null;
  recovery_attempts: number;
  // 005_unknown_charge_outcomes.sql: the claiming request got no usable answer (the processor may have charged).
  outcome_unknown_at: Date | null;
  // 005_unknown_charge_outcomes.sql: a sweep could no longer replay it; listed for a person to check.
  unresolved_at: Date | null;
}

/** The columns (after id … status, created_at) that store a claimed top-up's charge request; see chargeRequestOf. */
export const CHARGE_REQUEST_COLUMNS =
  'processor_idempotency_key, charge_provider_payment_method_id, charge_provider_token, charge_save_card, charge_off_session';

/** Values for CHARGE_REQUEST_COLUMNS, in order. */
export function chargeRequestValues(request: ChargeRequest): unknown[] {
  return [
    request.idempotencyKey,
    request.providerPaymentMethodId ?? null,
    request.providerToken ?? null,
    request.saveCard ?? null,
    request.offSession,
  ];
}

/**
 * The charge request a claimed top-up sent (or was about to send) to the processor, rebuilt from
 * its row: same amount, card and idempotency key, so sending it again replays the first payment.
 * Null when the row does not hold enough to rebuild it (claimed before 002_payment_recovery.sql
 * with a new card's token, which was never stored).
 */
export function chargeRequestOf(row: TopUpRow, savedCardProviderId?: string | null): ChargeRequest | null {
  const offSession = row.charge_off_session ?? row.kind === 'auto_recharge';
  const idempotencyKey =
    row.processor_idempotency_key ??
    (row.kind === 'auto_recharge' ? row.idempotency_key : processorIdempotencyKey(row.account_id, row.idempotency_key));
  const amount = { amount: toSafeInteger(row.amount, 'top_ups.amount'), currency: row.currency };
  if (row.charge_provider_token !== null) {
    return { amount, idempotencyKey, offSession, providerToken: row.charge_provider_token, saveCard: row.charge_save_card ?? false };
  }
  const providerPaymentMethodId = row.charge_provider_payment_method_id ?? savedCardProviderId ?? null;
  if (providerPaymentMethodId === null) return null;
  return { amount, idempotencyKey, offSession, providerPaymentMethodId };
}

/**
 * The key the processor sees: derived from (account, key) so two accounts using the same key never
 * share a payment, stable so a retry after a lost processor answer replays there too, and within
 * Stripe's 255-character limit.
 */
export function processorIdempotencyKey(accountId: string, idempotencyKey: string): string {
  return `topup_${createHash('sha256').update(`${accountId}\n${idempotencyKey}`).digest('hex')}`;
}

/** The columns publicTopUp reads: a statement that answers a request returns these, not the whole row. */
export const PUBLIC_TOP_UP_COLUMNS = [
  'id',
  'amount',
  'currency',
  'idempotency_key',
  'payment_method_id',
  'created_at',
  'status',
  'balance_after',
  'client_secret',
  'failure_code',
  'failure_message',
] as const;

export type PublicTopUpRow = Pick<TopUpRow, (typeof PUBLIC_TOP_UP_COLUMNS)[number]>;

/** What applying the processor's answer needs of a claimed top-up (top-ups.ts, top-up-settlement.ts), and the key. */
export const CLAIMED_TOP_UP_COLUMNS = ['id', 'account_id', 'idempotency_key', 'kind', 'payment_method_id'] as const;

export type ClaimedTopUp = Pick<TopUpRow, (typeof CLAIMED_TOP_UP_COLUMNS)[number]>;

export function publicTopUp(row: PublicTopUpRow): TopUp {
  const base = {
    id: row.id,
    amount: { amount: toSafeInteger(row.amount, 'top_ups.amount'), currency: row.currency },
    idempotencyKey: row.idempotency_key,
    paymentMethodId: row.payment_method_id,
    createdAt: row.created_at.toISOString(),
  };
  switch (row.status) {
    case 'succeeded':
      return {
        ...base,
        status: 'succeeded',
        balanceAfter: { amount: toSafeInteger(row.balance_after, 'top_ups.balance_after'), currency: row.currency },
      };
    case 'requires_action':
      return {
        ...base,
        status: 'requires_action',
        nextAction: { type: 'three_d_secure', clientSecret: row.client_secret ?? `${row.id}_secret` },
      };
    case 'failed':
      return {
        ...base,
        status: 'failed',
        failure: { code: row.failure_code ?? 'generic_decline', message: row.failure_message ?? 'Your card was declined.' },
      };
    case 'charging':
    case 'processing':
      // 'charging' is the claimed row while the processor is called: to the widget it is in progress.
      return { ...base, status: 'processing' };
  }
}

/** The account's top-up, or 404: another account's id answers exactly like an id that does not exist. */
export async function findTopUp(q: Queryable, accountId: string, topUpId: string): Promise<TopUpRow> {
  const result = await q.query<TopUpRow>(`SELECT * FROM top_ups WHERE account_id = $1 AND id = $2`, [accountId, topUpId]);
  const row = result.rows[0];
  if (!row) throw notFound(`There is no top-up ${topUpId}.`);
  return row;
}
