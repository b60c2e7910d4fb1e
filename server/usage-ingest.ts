// Usage ingestion (POST /v1/service/usage): batches of up to 1,000 metered calls from a service, each priced at the rate
// in force when it started, recorded once per call id, debited in one transaction per batch (or per group of concurrent
// batches) with few round trips.
import type { Hono } from 'hono';
import * as z from 'zod/mini';
import { IngestedCallSchema, MAX_USAGE_BATCH, SERVICE_ROUTES, type RecordUsageResponse } from '../src/client/service-routes.js';
import { billedSecondsFor, callPrice, rateInForce, type RateStep } from '../src/rules/pricing.js';
import { USAGE_TYPE } from '../src/seed/seed-data.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';
import { refuseLargeBodies } from './body-limit.js';
import { invalidRequest, validationError } from './errors.js';
import { newId } from './ids.js';
import { requireServiceCredential } from './service-credentials.js';
import type { TopUpContext } from './top-up-rows.js';
import { recordPriced, type PricedCall } from './usage-ingest-queue.js';
import { USAGE_TYPES } from './usage.js';

/** 1,000 calls of long ids take about 450 KB of JSON; the other routes keep their 64 KB cap. */
export const MAX_INGEST_BODY_BYTES = 1024 * 1024;
/** A call may start a little ahead of this server's clock (the meter's clock runs ahead); further is refused. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

type Result = RecordUsageResponse['results'][number];
type Refusal = Extract<Result, { status: 'refused' }>['reason'];

/** What one query reads for a batch: the accounts' currencies, the users named, and the rate history of the destinations named. */
interface BatchContext {
  accounts: Map<string, string>;
  users: Set<string>;
  rates: Map<string, (RateStep & { name: string })[]>;
}

const userKey = (accountId: string, userId: string): string => `${accountId}\u0000${userId}`;
const rateKey = (currency: string, country: string): string => `${currency}\u0000${country}`;

/** How long a destination's rate history is reused: a rate row takes effect for ingestion within this of being written. */
export const RATE_CACHE_MS = 5_000;
const CACHE_LIMIT = 100_000;

/**
 * What earlier batches read, per database: an account's currency (never changes), the users found
 * (users are never removed) and each destination's rate history for RATE_CACHE_MS. A batch whose
 * accounts, users and destinations are all known reads nothing; otherwise it reads everything it
 * names, in one query. Unknown accounts and users are never remembered.
 */
class ContextCache {
  readonly accounts = new Map<string, string>();
  readonly users = new Set<string>();
  readonly rates = new Map<string, { until: number; steps: (RateStep & { name: string })[] }>();

  lookup(calls: readonly { accountId: string; userId: string; destinationCountry: string }[], now: number): BatchContext | null {
    const context: BatchContext = { accounts: new Map(), users: new Set(), rates: new Map() };
    for (const call of calls) {
      const currency = this.accounts.get(call.accountId);
      const user = userKey(call.accountId, call.userId);
      if (currency === undefined || !this.users.has(user)) return null;
      const key = rateKey(currency, call.destinationCountry);
      const rates = this.rates.get(key);
      if (!rates || rates.until <= now) return null;
      context.accounts.set(call.accountId, currency);
      context.users.add(user);
      context.rates.set(key, rates.steps);
    }
    return context;
  }

  remember(context: BatchContext, countries: readonly string[], now: number): void {
    if (this.accounts.size > CACHE_LIMIT || this.users.size > CACHE_LIMIT || this.rates.size > CACHE_LIMIT) {
      this.accounts.clear();
      this.users.clear();
      this.rates.clear();
    }
    for (const [id, currency] of context.accounts) this.accounts.set(id, currency);
    for (const user of context.users) this.users.add(user);
    // A destination asked for with no rate is remembered as none, for as long as a rate is.
    for (const currency of new Set(context.accounts.values())) {
      for (const country of countries) {
        const key = rateKey(currency, country);
        this.rates.set(key, { until: now + RATE_CACHE_MS, steps: context.rates.get(key) ?? [] });
      }
    }
  }
}

const caches = new WeakMap<Queryable, ContextCache>();

async function readBatchContext(
  q: Queryable,
  calls: readonly { accountId: string; userId: string; destinationCountry: string }[],
  now: number,
): Promise<BatchContext> {
  let cache = caches.get(q);
  if (!cache) {
    cache = new ContextCache();
    caches.set(q, cache);
  }
  const known = cache.lookup(calls, now);
  if (known) return known;
  const read = await readBatchContextFrom(q, calls);
  cache.remember(read, [...new Set(calls.map((call) => call.destinationCountry))], now);
  return read;
}

async function readBatchContextFrom(
  q: Queryable,
  calls: readonly { accountId: string; userId: string; destinationCountry: string }[],
): Promise<BatchContext> {
  const accountIds = [...new Set(calls.map((call) => call.accountId))];
  const countries = [...new Set(calls.map((call) => call.destinationCountry))];
  const result = await q.query<{
    data: { accounts: [string, string][]; users: [string, string][]; rates: [string, string, string, string, number][] };
  }>(
    `SELECT json_build_object(
       'accounts', (SELECT COALESCE(json_agg(json_build_array(id, currency)), '[]') FROM accounts WHERE id = ANY($1::text[])),
       'users', (SELECT COALESCE(json_agg(json_build_array(account_id, id)), '[]') FROM account_users
                 WHERE (account_id, id) IN (SELECT * FROM unnest($2::text[], $3::text[]))),
       'rates', (SELECT COALESCE(json_agg(json_build_array(currency, destination_country, destination_name, rate_per_minute::text,
                   ceil(extract(epoch FROM effective_from) * 1000))), '[]') FROM rates
                 WHERE currency IN (SELECT currency FROM accounts WHERE id = ANY($1::text[])) AND destination_country = ANY($4::text[]))
     ) AS data`,
    [accountIds, calls.map((call) => call.accountId), calls.map((call) => call.userId), countries],
  );
  const data = result.rows[0]?.data ?? { accounts: [], users: [], rates: [] };
  const rates = new Map<string, (RateStep & { name: string })[]>();
  for (const [currency, country, name, rate, from] of data.rates) {
    const key = rateKey(currency, country);
    const steps = rates.get(key) ?? [];
    steps.push({ name, ratePerMinute: toSafeInteger(rate, 'rates.rate_per_minute'), effectiveFrom: from });
    rates.set(key, steps);
  }
  return {
    accounts: new Map(data.accounts),
    users: new Set(data.users.map(([accountId, userId]) => userKey(accountId, userId))),
    rates,
  };
}

function refusal(code: Refusal['code'], message: string, field?: string): Refusal {
  return { code, message, ...(field !== undefined ? { field } : {}) };
}

/**
 * Records a batch: each call checked on its own (a bad one is refused with its reason, the others
 * go on), priced at the rate in force at its start, inserted once per call id, and debited from
 * its account in one transaction (shared with the requests that arrive while a write is in flight:
 * usage-ingest-queue.ts). A batch that takes an account's balance from at or above its
 * auto-recharge threshold to below it starts one recharge; a retried batch records nothing, so
 * moves no balance and starts none.
 */
export async function ingestUsage(ctx: TopUpContext, rawCalls: readonly unknown[]): Promise<RecordUsageResponse> {
  const now = ctx.now();
  const results: (Result | undefined)[] = new Array<Result | undefined>(rawCalls.length);
  const refuse = (index: number, callId: string | null, reason: Refusal): void => {
    results[index] = { index, callId, status: 'refused', reason };
  };

  // Field checks, then a repeat of a call id inside the batch answers as its first occurrence.
  const parsed: { index: number; call: z.infer<typeof IngestedCallSchema>; startedAt: Date }[] = [];
  const firstOfCallId = new Map<string, number>();
  const repeats: { index: number; first: number }[] = [];
  rawCalls.forEach((raw, index) => {
    const rawId = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['callId'] : undefined;
    const readableId = typeof rawId === 'string' && rawId.length <= 255 ? rawId : null;
    const checked = IngestedCallSchema.safeParse(raw);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
      refuse(index, readableId, refusal('invalid', `${field ?? 'call'}: ${issue?.message ?? 'not valid'}`.slice(0, 500), field));
      return;
    }
    const call = checked.data;
    const first = firstOfCallId.get(call.callId);
    if (first !== undefined) {
      repeats.push({ index, first });
      return;
    }
    firstOfCallId.set(call.callId, index);
    const type = call.type ?? USAGE_TYPE.type;
    if (!(type in USAGE_TYPES)) {
      refuse(index, call.callId, refusal('unknown_type', `Unknown usage type ${type}.`, 'type'));
      return;
    }
    const startedAt = new Date(call.startedAt);
    if (startedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
      refuse(
        index,
        call.callId,
        refusal('starts_in_future', 'The call starts more than 5 minutes after this server’s clock.', 'startedAt'),
      );
      return;
    }
    parsed.push({ index, call: { ...call, type }, startedAt });
  });

  const context =
    parsed.length > 0
      ? await readBatchContext(
          ctx.db,
          parsed.map(({ call }) => call),
          now.getTime(),
        )
      : null;
  const priced: PricedCall[] = [];
  for (const { index, call, startedAt } of parsed) {
    const currency = context?.accounts.get(call.accountId);
    if (currency === undefined) {
      refuse(index, call.callId, refusal('unknown_account', `There is no account ${call.accountId}.`, 'accountId'));
      continue;
    }
    if (call.currency !== undefined && call.currency !== currency) {
      refuse(
        index,
        call.callId,
        refusal('currency_mismatch', `Account ${call.accountId} is billed in ${currency}, not ${call.currency}.`, 'currency'),
      );
      continue;
    }
    if (!context?.users.has(userKey(call.accountId, call.userId))) {
      refuse(index, call.callId, refusal('unknown_user', `There is no user ${call.userId} on account ${call.accountId}.`, 'userId'));
      continue;
    }
    const { current } = rateInForce(context.rates.get(rateKey(currency, call.destinationCountry)) ?? [], startedAt.getTime());
    if (!current) {
      refuse(
        index,
        call.callId,
        refusal(
          'no_rate',
          `There is no ${currency} rate for ${call.destinationCountry} in force at ${call.startedAt}.`,
          'destinationCountry',
        ),
      );
      continue;
    }
    const billedSeconds = billedSecondsFor(call.durationSeconds);
    priced.push({
      index,
      callId: call.callId,
      id: newId('use'),
      accountId: call.accountId,
      currency,
      type: call.type ?? USAGE_TYPE.type,
      occurredAt: startedAt,
      userId: call.userId,
      destinationCountry: call.destinationCountry,
      destinationName: current.name,
      billedSeconds,
      ratePerMinute: current.ratePerMinute,
      price: callPrice(current.ratePerMinute, billedSeconds),
    });
  }

  const recorded = priced.length > 0 ? await recordPriced(ctx, priced, now) : new Set<string>();
  for (const call of priced) {
    if (recorded.has(call.id)) {
      results[call.index] = {
        index: call.index,
        callId: call.callId,
        status: 'recorded',
        accountId: call.accountId,
        entryId: call.id,
        price: { amount: call.price, currency: call.currency },
      };
    }
  }
  // Calls whose id was recorded before (or by a concurrent batch): the first entry is the answer.
  const duplicates = priced.filter((call) => !recorded.has(call.id));
  if (duplicates.length > 0) {
    const originals = await ctx.db.query<{ id: string; account_id: string; call_id: string; price: unknown; currency: string }>(
      `SELECT id, account_id, call_id, price, currency FROM usage_entries WHERE call_id = ANY($1::text[])`,
      [duplicates.map((call) => call.callId)],
    );
    const byCallId = new Map(originals.rows.map((row) => [row.call_id, row]));
    for (const call of duplicates) {
      const original = byCallId.get(call.callId);
      if (!original) throw new Error(`call ${call.callId} was neither inserted nor found`);
      results[call.index] = {
        index: call.index,
        callId: call.callId,
        status: 'duplicate',
        accountId: original.account_id,
        entryId: original.id,
        price: { amount: toSafeInteger(original.price, 'usage_entries.price'), currency: original.currency },
      };
    }
  }
  for (const { index, first } of repeats) {
    const answer = results[first];
    if (!answer) throw new Error('a repeated call id has no first answer');
    results[index] = answer.status === 'refused' ? { ...answer, index } : { ...answer, index, status: 'duplicate' };
  }

  const done = results.map((result) => {
    if (!result) throw new Error('a call has no answer');
    return result;
  });
  return {
    recorded: done.filter((result) => result.status === 'recorded').length,
    duplicates: done.filter((result) => result.status === 'duplicate').length,
    refused: done.filter((result) => result.status === 'refused').length,
    results: done,
  };
}

const BatchEnvelopeSchema = z.object({
  calls: z.array(z.unknown()).check(z.minLength(1), z.maxLength(MAX_USAGE_BATCH, `at most ${MAX_USAGE_BATCH} calls per request`)),
});

/**
 * Mounts POST /v1/service/usage with its own body cap and service-key auth. Call it before the
 * app-wide 64 KB cap is registered: Hono runs handlers in registration order, and this one answers.
 */
export function mountUsageIngestion(app: Hono, ctx: TopUpContext, options: { acceptDevCredentials: boolean }): void {
  const route = SERVICE_ROUTES.recordUsage;
  app.post(
    route.path,
    refuseLargeBodies(MAX_INGEST_BODY_BYTES),
    requireServiceCredential(ctx.db, { acceptDevCredentials: options.acceptDevCredentials, now: () => ctx.now().getTime() }),
    async (c) => {
      const text = await c.req.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw validationError('The request body is not valid JSON.', { body: 'Not valid JSON.' });
      }
      // The envelope is checked whole (1,001 calls is refused); each call on its own, so a bad one loses no other.
      const envelope = BatchEnvelopeSchema.safeParse(body);
      if (!envelope.success) throw invalidRequest(envelope.error.issues);
      return c.json(await ingestUsage(ctx, envelope.data.calls), route.status);
    },
  );
}
