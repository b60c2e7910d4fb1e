// Server-to-server routes of the reference server (a service key, not an account token): not BillingClient methods, in openapi.json beside ROUTES.
import * as z from 'zod/mini';
import { isInstantInRange } from './contract-values.js';
import type { RouteSpec } from './routes.js';
import { CurrencyCode, Identifier, MoneySchema } from './schemas.js';

/** Most calls one ingestion request may carry. */
export const MAX_USAGE_BATCH = 1000;

/** One metered call as the metering system reports it once it has ended. */
export const IngestedCallSchema = z.object({
  /** The metering system's id of the call: unique across the server; the same id again records nothing. */
  callId: Identifier,
  accountId: Identifier,
  /** A user of that account (account_users). */
  userId: Identifier,
  /** ISO 3166-1 alpha-2 code of a destination in the account currency's rate table. */
  destinationCountry: z.string().check(z.regex(/^[A-Z]{2}$/, 'destinationCountry is a two-letter country code')),
  /** When the call started: it is priced wholly at the rate in force then. */
  startedAt: z.iso
    .datetime({ offset: true })
    .check(z.refine(isInstantInRange, 'dates must fall between 1970 and 9999'), z.describe('ISO 8601 date-time with Z or an offset.')),
  /** Whole seconds; billed per started minute. */
  durationSeconds: z.int().check(z.gte(0), z.lte(86_400)),
  /** outbound_international_call (default) or international_call_forwarding. */
  type: z.optional(Identifier),
  /** When given, it must be the account's currency: a call metered in another currency is refused, never converted. */
  currency: z.optional(CurrencyCode),
});
export type IngestedCall = z.infer<typeof IngestedCallSchema>;

export const RecordUsageRequestSchema = z.object({
  calls: z.array(IngestedCallSchema).check(z.minLength(1), z.maxLength(MAX_USAGE_BATCH)),
});

/** Why one call of a batch was not recorded; the rest of the batch is unaffected. */
export const USAGE_REFUSALS = [
  'invalid',
  'unknown_account',
  'unknown_user',
  'unknown_type',
  'currency_mismatch',
  'no_rate',
  'starts_in_future',
] as const;

const RecordedCallSchema = z.object({
  /** The call's position in the request's calls. */
  index: z.int(),
  callId: Identifier,
  /** recorded: by this request; duplicate: the call id was already recorded, and this is that first entry. */
  status: z.enum(['recorded', 'duplicate']),
  accountId: Identifier,
  entryId: Identifier,
  price: MoneySchema,
});

const RefusedCallSchema = z.object({
  index: z.int(),
  /** Null when the call had no readable callId. */
  callId: z.nullable(z.string()),
  status: z.literal('refused'),
  reason: z.object({
    code: z.enum(USAGE_REFUSALS),
    message: z.string(),
    /** The field at fault, when one is. */
    field: z.optional(z.string()),
  }),
});

export const RecordUsageResponseSchema = z.object({
  recorded: z.int(),
  duplicates: z.int(),
  refused: z.int(),
  /** One result per call, in the request's order. */
  results: z.array(z.union([RecordedCallSchema, RefusedCallSchema])),
});
export type RecordUsageResponse = z.infer<typeof RecordUsageResponseSchema>;

export interface ServiceRouteSpec extends RouteSpec {
  /** Sent with a service key (serviceKey security scheme), never an account token. */
  readonly auth: 'service';
}

export const SERVICE_ROUTES = {
  recordUsage: {
    operation: 'recordUsage',
    method: 'POST',
    path: '/v1/service/usage',
    status: 200,
    // Per call id: a retried batch answers "duplicate" for what it recorded the first time.
    idempotent: true,
    rateLimited: false,
    auth: 'service',
    body: RecordUsageRequestSchema,
    response: RecordUsageResponseSchema,
  },
} as const satisfies Record<string, ServiceRouteSpec>;
