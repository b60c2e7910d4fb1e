// Accounts: reading the public Account (balance, limits, auto-recharge summary) and creating one.
import type { Account } from '../src/client/schemas.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger, toSafeIntegerArray, toSafeIntegerOrNull } from './db/integers.js';
import { notFound } from './errors.js';

/** The account columns the domain modules need, as numbers. */
export interface AccountRecord {
  id: string;
  name: string;
  currency: string;
  balance: number;
  balanceUpdatedAt: Date;
  lowBalanceThreshold: number;
  topUpMinimum: number;
  topUpMaximum: number;
  topUpPresets: number[];
  monthlyCapSupported: boolean;
}

/** An accounts row as the driver returns it (SELECT a.*). */
export interface AccountRow {
  id: string;
  name: string;
  currency: string;
  balance: unknown;
  balance_updated_at: Date;
  low_balance_threshold: unknown;
  top_up_minimum: unknown;
  top_up_maximum: unknown;
  top_up_presets: unknown;
  monthly_cap_supported: boolean;
}

export function accountRecordOf(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    balance: toSafeInteger(row.balance, 'accounts.balance'),
    balanceUpdatedAt: row.balance_updated_at,
    lowBalanceThreshold: toSafeInteger(row.low_balance_threshold, 'accounts.low_balance_threshold'),
    topUpMinimum: toSafeInteger(row.top_up_minimum, 'accounts.top_up_minimum'),
    topUpMaximum: toSafeInteger(row.top_up_maximum, 'accounts.top_up_maximum'),
    topUpPresets: toSafeIntegerArray(row.top_up_presets, 'accounts.top_up_presets'),
    monthlyCapSupported: row.monthly_cap_supported,
  };
}

/** Reads the account; pass `{ lock: true }` inside a transaction to hold its row (every balance change does). */
export async function findAccount(q: Queryable, accountId: string, options: { lock?: boolean } = {}): Promise<AccountRecord> {
  const result = await q.query<AccountRow>(`SELECT * FROM accounts WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [accountId]);
  const row = result.rows[0];
  if (!row) throw notFound('There is no such account.');
  return accountRecordOf(row);
}

export async function readAccount(q: Queryable, accountId: string): Promise<Account> {
  const account = await findAccount(q, accountId);
  const settings = await q.query<{
    enabled: boolean;
    threshold_amount: unknown;
    recharge_amount: unknown;
    mode: 'fixed' | 'target';
    target_balance: unknown;
    payment_method_id: string | null;
  }>(
    `SELECT enabled, threshold_amount, recharge_amount, mode, target_balance, payment_method_id FROM auto_recharge_settings WHERE account_id = $1`,
    [accountId],
  );
  const autoRecharge = settings.rows[0];
  const money = (amount: number) => ({ amount, currency: account.currency });
  const targetBalance = toSafeIntegerOrNull(autoRecharge?.target_balance, 'target_balance');
  return {
    id: account.id,
    name: account.name,
    currency: account.currency,
    balance: money(account.balance),
    lowBalanceThreshold: money(account.lowBalanceThreshold),
    topUpLimits: {
      minimum: money(account.topUpMinimum),
      maximum: money(account.topUpMaximum),
      presets: account.topUpPresets.map(money),
    },
    balanceUpdatedAt: account.balanceUpdatedAt.toISOString(),
    autoRecharge: {
      enabled: autoRecharge?.enabled ?? false,
      thresholdAmount: money(toSafeIntegerOrNull(autoRecharge?.threshold_amount, 'threshold_amount') ?? 0),
      rechargeAmount: money(toSafeIntegerOrNull(autoRecharge?.recharge_amount, 'recharge_amount') ?? 0),
      mode: autoRecharge?.mode ?? 'fixed',
      targetBalance: targetBalance === null ? null : money(targetBalance),
      paymentMethodId: autoRecharge?.payment_method_id ?? null,
    },
  };
}

export interface NewAccount {
  id: string;
  name: string;
  currency: string;
  lowBalanceThreshold: number;
  topUpMinimum: number;
  topUpMaximum: number;
  topUpPresets: readonly number[];
  monthlyCapSupported: boolean;
  /** Auto-recharge starts off with these amounts filled in. */
  autoRechargeThreshold: number;
  autoRechargeAmount: number;
  at: Date;
  /** Made by the dev seed: refused by a server without dev routes (see requireAccount). */
  devSeeded?: boolean;
}

/** Inserts an account at balance zero (money arrives through the ledger) with its auto-recharge row. */
export async function insertAccount(tx: Queryable, account: NewAccount): Promise<void> {
  await tx.query(
    `INSERT INTO accounts (id, name, currency, balance, balance_updated_at, low_balance_threshold,
       top_up_minimum, top_up_maximum, top_up_presets, monthly_cap_supported, created_at, dev_seeded)
     VALUES ($1, $2, $3, 0, $4, $5, $6, $7, $8, $9, $4, $10)`,
    [
      account.id,
      account.name,
      account.currency,
      account.at,
      account.lowBalanceThreshold,
      account.topUpMinimum,
      account.topUpMaximum,
      [...account.topUpPresets],
      account.monthlyCapSupported,
      account.devSeeded === true,
    ],
  );
  await tx.query(
    `INSERT INTO auto_recharge_settings (account_id, enabled, threshold_amount, recharge_amount, payment_method_id,
       monthly_cap, version, disabled_reason, consecutive_failures, updated_at)
     VALUES ($1, false, $2, $3, NULL, NULL, 1, NULL, 0, $4)`,
    [account.id, account.autoRechargeThreshold, account.autoRechargeAmount, account.at],
  );
}
