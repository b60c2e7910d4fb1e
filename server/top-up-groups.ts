// Group commit for top-ups (group-commit.ts): the claims of top-ups started at the same moment are inserted by one
// statement, and the credits of those that succeeded are posted by one statement, so N concurrent top-ups share two
// commits instead of making 2N. Each request still gets its own answer: its own row, its own rate-limit verdict.
// Statements take their rows as arrays (unnest), so their text is the same for any group and is prepared once.
import type { Database } from './db/database.js';
import { GroupCommit, writersOn, type GroupOutcome } from './group-commit.js';
import type { ChargedCard, ChargeRequest } from './payments/processor.js';
import type { FixedWindowRateLimiter } from './rate-limits.js';
import {
  CHARGE_REQUEST_COLUMNS,
  CLAIMED_TOP_UP_COLUMNS,
  PUBLIC_TOP_UP_COLUMNS,
  chargeRequestValues,
  type ClaimedTopUp,
  type PublicTopUpRow,
  type TopUpRow,
} from './top-up-rows.js';

/** A new manual top-up to claim: its row as the claim stores it, with the charge request (server/recovery.ts). */
export interface NewClaim {
  id: string;
  accountId: string;
  idempotencyKey: string;
  fingerprint: string;
  amount: number;
  currency: string;
  paymentMethodId: string | null;
  createdAt: Date;
  charge: ChargeRequest;
}

export type ClaimLimiter = Pick<FixedWindowRateLimiter, 'countingGroup'>;

const CLAIM_SOURCE = `SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[],
    $8::timestamptz[], $9::text[], $10::text[], $11::text[], $12::boolean[], $13::boolean[]) WITH ORDINALITY
    AS r(id, account_id, idempotency_key, request_fingerprint, amount, currency, payment_method_id, created_at,
      processor_idempotency_key, charge_provider_payment_method_id, charge_provider_token, charge_save_card, charge_off_session, ord)`;

/**
 * One statement for the group: drops the keys already claimed (a replay: neither counted nor claimed), counts the
 * rest against their account's limit (the k-th new payment of an account in the group is its window's count + k),
 * and inserts the claims admitted. A row per new payment: its count, and its claim unless refused or claimed by a
 * concurrent twin first (ON CONFLICT DO NOTHING: then none). Rows go in account order, as the settlement locks them.
 */
/**
 * The same for one request, with scalar parameters in the same order: without the arrays and window functions it
 * plans and runs in about half the time (PGlite above all), and one alone is common (one at a time, or PGlite's groups).
 */
const CLAIM_ONE_SOURCE = `SELECT $1::text AS id, $2::text AS account_id, $3::text AS idempotency_key, $4::text AS request_fingerprint,
    $5::bigint AS amount, $6::text AS currency, $7::text AS payment_method_id, $8::timestamptz AS created_at,
    $9::text AS processor_idempotency_key, $10::text AS charge_provider_payment_method_id, $11::text AS charge_provider_token,
    $12::boolean AS charge_save_card, $13::boolean AS charge_off_session, 1 AS k, 1 AS n
  WHERE NOT EXISTS (SELECT 1 FROM top_ups t WHERE t.account_id = $2::text AND t.idempotency_key = $3::text)`;

/**
 * What a claim returns of its row (ClaimedTopUp); the rest is known, having just been inserted. Whole rows from the
 * claim and the credit cost this thread 0.17–0.50 ms more per group of 8 (pg parses every column returned), which at
 * 8 at a time is on the path of every request.
 */
const CLAIMED_COLUMNS = CLAIMED_TOP_UP_COLUMNS.join(', ');

function claimSql(rate: ReturnType<ClaimLimiter['countingGroup']> | undefined, one: boolean): string {
  const counting = rate
    ? `counted AS (${rate.sql('(SELECT account_id AS subject, max(n)::int AS n FROM fresh GROUP BY account_id)')}),
     admitted AS (SELECT f.*, c.window_start AS counted_window_start, (c.hits - f.n + f.k)::int AS counted_hits
       FROM fresh f JOIN counted c ON c.subject = f.account_id)`
    : `admitted AS (SELECT f.*, NULL::timestamptz AS counted_window_start, NULL::int AS counted_hits FROM fresh f)`;
  const fresh = one
    ? `fresh AS (${CLAIM_ONE_SOURCE})`
    : `req AS (${CLAIM_SOURCE}),
     fresh AS (
       SELECT r.*, row_number() OVER (PARTITION BY r.account_id ORDER BY r.ord) AS k, count(*) OVER (PARTITION BY r.account_id) AS n
       FROM req r WHERE NOT EXISTS (SELECT 1 FROM top_ups t WHERE t.account_id = r.account_id AND t.idempotency_key = r.idempotency_key))`;
  return `WITH ${fresh},
     ${counting},
     claimed AS (
       INSERT INTO top_ups (id, account_id, idempotency_key, request_fingerprint, kind, amount, currency, payment_method_id, status,
         created_at, ${CHARGE_REQUEST_COLUMNS})
       SELECT id, account_id, idempotency_key, request_fingerprint, 'manual', amount, currency, payment_method_id, 'charging',
         created_at, ${CHARGE_REQUEST_COLUMNS}
       FROM admitted ${rate ? `WHERE ${rate.admitted('counted_hits')}` : ''} ORDER BY account_id, idempotency_key
       ON CONFLICT (account_id, idempotency_key) DO NOTHING RETURNING ${CLAIMED_COLUMNS})
     SELECT a.id AS request_id, a.counted_window_start, a.counted_hits, claimed.* FROM admitted a LEFT JOIN claimed ON claimed.id = a.id`;
}

type ClaimedRow = Partial<ClaimedTopUp> & { request_id: string; counted_window_start: Date | null; counted_hits: number | null };

/** Claims a group: per item its row, null when the key is already claimed (answer as a replay), or rate_limited. */
async function claimGroup(
  db: Database,
  limiter: ClaimLimiter | undefined,
  claims: readonly NewClaim[],
): Promise<Array<GroupOutcome<ClaimedTopUp | null>>> {
  // A key sent twice in one group is claimed for the first only; the twin finds its row and answers as its replay.
  const firsts = new Map<string, NewClaim>();
  for (const claim of claims) {
    const pair = `${claim.accountId}\n${claim.idempotencyKey}`;
    if (!firsts.has(pair)) firsts.set(pair, claim);
  }
  const sent = [...firsts.values()];
  const columns: unknown[][] = Array.from({ length: 13 }, () => []);
  for (const claim of sent) {
    const values = [
      claim.id,
      claim.accountId,
      claim.idempotencyKey,
      claim.fingerprint,
      claim.amount,
      claim.currency,
      claim.paymentMethodId,
      claim.createdAt.toISOString(),
      ...chargeRequestValues(claim.charge),
    ];
    values.forEach((value, column) => columns[column]?.push(value));
  }
  const rate = limiter?.countingGroup(14);
  const one = sent.length === 1;
  const values = one ? columns.map((column) => column[0]) : columns;
  const result = await db.query<ClaimedRow>(claimSql(rate, one), [...values, ...(rate?.params ?? [])], {
    name: `top_up_claim${one ? '_one' : ''}${rate ? '_counted' : ''}`,
  });
  const byRequest = new Map(result.rows.map((row) => [row.request_id, row]));
  return claims.map((claim): GroupOutcome<ClaimedTopUp | null> => {
    if (firsts.get(`${claim.accountId}\n${claim.idempotencyKey}`) !== claim) return { ok: true, value: null };
    const found = byRequest.get(claim.id);
    if (!found) return { ok: true, value: null };
    if (rate) {
      try {
        rate.judge({ window_start: found.counted_window_start as Date, hits: Number(found.counted_hits) });
      } catch (error) {
        return { ok: false, error };
      }
    }
    if (!found.id) return { ok: true, value: null };
    const { request_id: _request, counted_window_start: _start, counted_hits: _hits, ...row } = found;
    return { ok: true, value: row as ClaimedTopUp };
  });
}

/** A manual top-up the processor answered succeeded, with no card to save. */
export interface SucceededCharge {
  row: Pick<TopUpRow, 'id' | 'account_id'>;
  at: Date;
  providerPaymentId: string | null;
  /** The new card the processor charged, written with the outcome (a saved card is named by payment_method_id). */
  card: ChargedCard | null;
}

/** A credited top-up as the credit statements return it: what its answer and the change feed need. */
export type CreditedRow = PublicTopUpRow & Pick<TopUpRow, 'account_id'> & { account_currency: string };

/** The credited row's columns (of top_ups t) for RETURNING: what the answer needs, not the whole row (see CLAIMED_COLUMNS). */
const CREDITED_COLUMNS = ['account_id', ...PUBLIC_TOP_UP_COLUMNS].map((column) => `t.${column}`).join(', ');

/**
 * One statement, without BEGIN and COMMIT, for the group: locks the accounts (in id order, before any top-up, as every
 * settlement does), then the top-ups still unsettled (FOR UPDATE reads each as last committed: one another call settled
 * meanwhile is left out), moves them to succeeded with their running balance (top-ups of one account in id order),
 * posts their credits in that order and sets each balance once. An account whose balance would pass 2^53 is left out
 * whole; what is left out is answered null, and the caller's transaction then answers the row as it stands or refuses.
 */
const CREDIT_SQL = `WITH req AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $5::text[], $6::text[])
      AS r(id, provider_payment_id, at, card_brand, card_last4)),
  locked AS (SELECT id, balance, currency FROM accounts WHERE id = ANY($4::text[]) ORDER BY id FOR UPDATE),
  todo AS (
    SELECT t.id, t.account_id, t.amount, r.provider_payment_id, r.at, r.card_brand, r.card_last4 FROM top_ups t JOIN req r ON r.id = t.id
    WHERE (SELECT count(*) FROM locked) > 0 AND t.status <> 'succeeded' AND t.kind = 'manual' AND t.pending_saved_card IS NULL
    FOR UPDATE OF t),
  debits AS (
    SELECT d.*, l.currency, l.balance + SUM(d.amount) OVER (PARTITION BY d.account_id ORDER BY d.id ROWS UNBOUNDED PRECEDING) AS balance_after,
      l.balance + SUM(d.amount) OVER (PARTITION BY d.account_id) AS account_after
    FROM todo d JOIN locked l ON l.id = d.account_id),
  safe AS (SELECT * FROM debits WHERE account_after <= ${Number.MAX_SAFE_INTEGER}),
  won AS (
    UPDATE top_ups t SET status = 'succeeded', client_secret = NULL, failure_code = NULL, failure_message = NULL, settled_at = s.at,
      balance_after = s.balance_after::bigint, provider_payment_id = COALESCE(s.provider_payment_id, t.provider_payment_id),
      charge_provider_token = NULL, charged_card_brand = COALESCE(s.card_brand, t.charged_card_brand),
      charged_card_last4 = COALESCE(s.card_last4, t.charged_card_last4)
    FROM safe s WHERE t.id = s.id RETURNING ${CREDITED_COLUMNS}, s.currency AS account_currency),
  credit AS (
    INSERT INTO ledger_entries (account_id, kind, amount, balance_after, currency, top_up_id, at)
    SELECT account_id, 'top_up', amount, balance_after::bigint, currency, id, at FROM safe ORDER BY account_id, id),
  balance AS (
    UPDATE accounts a SET balance = s.account_after::bigint, balance_updated_at = s.at
    FROM (SELECT account_id, max(account_after) AS account_after, max(at) AS at FROM safe GROUP BY account_id) s
    WHERE a.id = s.account_id)
  SELECT * FROM won`;

/** The same for one top-up: it locks the account row first (the CTE the update joins), as the group's statement does. */
const CREDIT_ONE_SQL = `WITH account AS (SELECT id, balance, currency FROM accounts WHERE id = $2 FOR UPDATE),
  won AS (
    UPDATE top_ups t SET status = 'succeeded', client_secret = NULL, failure_code = NULL, failure_message = NULL,
      settled_at = $3::timestamptz, balance_after = account.balance + t.amount,
      provider_payment_id = COALESCE($4, t.provider_payment_id), charge_provider_token = NULL,
      charged_card_brand = COALESCE($5, t.charged_card_brand), charged_card_last4 = COALESCE($6, t.charged_card_last4)
    FROM account
    WHERE t.id = $1 AND t.account_id = account.id AND t.status <> 'succeeded' AND t.kind = 'manual'
      AND t.pending_saved_card IS NULL AND account.balance + t.amount <= ${Number.MAX_SAFE_INTEGER}
    RETURNING ${CREDITED_COLUMNS}, account.currency AS account_currency),
  credit AS (
    INSERT INTO ledger_entries (account_id, kind, amount, balance_after, currency, top_up_id, at)
    SELECT account_id, 'top_up', amount, balance_after, account_currency, id, $3 FROM won),
  balance AS (UPDATE accounts SET balance = won.balance_after, balance_updated_at = $3 FROM won WHERE accounts.id = won.account_id)
  SELECT * FROM won`;

async function creditGroup(db: Database, charges: readonly SucceededCharge[]): Promise<Array<GroupOutcome<CreditedRow | null>>> {
  const [only] = charges;
  if (only && charges.length === 1) {
    const result = await db.query<CreditedRow>(
      CREDIT_ONE_SQL,
      [only.row.id, only.row.account_id, only.at.toISOString(), only.providerPaymentId, only.card?.brand ?? null, only.card?.last4 ?? null],
      { name: 'top_up_credit_one' },
    );
    return [{ ok: true, value: result.rows[0] ?? null }];
  }
  const accountIds = [...new Set(charges.map((charge) => charge.row.account_id))].sort();
  const result = await db.query<CreditedRow>(
    CREDIT_SQL,
    [
      charges.map((charge) => charge.row.id),
      charges.map((charge) => charge.providerPaymentId),
      charges.map((charge) => charge.at.toISOString()),
      accountIds,
      charges.map((charge) => charge.card?.brand ?? null),
      charges.map((charge) => charge.card?.last4 ?? null),
    ],
    { name: 'top_up_credit' },
  );
  const byId = new Map(result.rows.map((row) => [row.id, row]));
  return charges.map((charge) => ({ ok: true, value: byId.get(charge.row.id) ?? null }));
}

interface Queues {
  claims: Map<ClaimLimiter | undefined, GroupCommit<NewClaim, ClaimedTopUp | null>>;
  credits: GroupCommit<SucceededCharge, CreditedRow | null>;
}

const queues = new WeakMap<Database, Queues>();

function queuesOf(db: Database): Queues {
  let found = queues.get(db);
  if (!found) {
    found = { claims: new Map(), credits: new GroupCommit((charges) => creditGroup(db, charges), writersOn(db)) };
    queues.set(db, found);
  }
  return found;
}

/**
 * Claims a new top-up, in a statement shared with the claims made at the same moment: its row, or null when the key
 * is already claimed (then read it and answer as a replay); throws rate_limited (claiming nothing) over the limit.
 */
export function claimTopUp(db: Database, limiter: ClaimLimiter | undefined, claim: NewClaim): Promise<ClaimedTopUp | null> {
  const { claims } = queuesOf(db);
  let queue = claims.get(limiter);
  if (!queue) {
    queue = new GroupCommit((group) => claimGroup(db, limiter, group), writersOn(db));
    claims.set(limiter, queue);
  }
  return queue.submit(claim);
}

/**
 * Settles a manual top-up that succeeded with no card to save and credits its balance, in a statement shared with the
 * credits made at the same moment. Null when it did not move the top-up (another call settled it, a card is waiting
 * to be saved, or the balance would pass 2^53): the caller's transaction handles it.
 */
export function creditSucceeded(db: Database, charge: SucceededCharge): Promise<CreditedRow | null> {
  return queuesOf(db).credits.submit(charge);
}
