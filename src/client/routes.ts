// The REST binding of the BillingClient contract: one table read by HttpBillingClient, the reference server and the OpenAPI generator.
import * as z from 'zod/mini';
import { BILLING_ERROR_CODES } from './errors.js';
import {
  AccountSchema,
  AddPaymentMethodRequestSchema,
  AutoRechargeSettingsSchema,
  CreateTopUpRequestSchema,
  Identifier,
  MessageParamsSchema,
  PaymentMethodListSchema,
  PaymentMethodSchema,
  RateListSchema,
  SaveAutoRechargeRequestSchema,
  TopUpSchema,
  UsageEntrySchema,
  UsageFiltersSchema,
  UsagePageSchema,
  UsageQuerySchema,
  UsageSummarySchema,
} from './schemas.js';

/**
 * Every error response, whatever the status, has this body. `code` is a BillingErrorCode;
 * `details` carries e.g. `fieldErrors` (validation) or `current` (conflict: the newer settings).
 */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(BILLING_ERROR_CODES),
    message: z.string().check(z.maxLength(500)),
    retryable: z.optional(z.boolean()),
    details: z.optional(z.record(z.string(), z.unknown())),
    /** The catalog key of the library's wording of `message` (errors.conflict), for the widget to show in its language. */
    messageKey: z.optional(z.string().check(z.regex(/^[A-Za-z]+\.[A-Za-z0-9_]{1,60}$/))),
    params: z.optional(MessageParamsSchema),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** The HTTP status each error code is sent with. */
export const ERROR_STATUS = {
  validation: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  card_declined: 402,
  authentication_required: 402,
  rate_limited: 429,
  unavailable: 503,
  network: 502,
  unknown: 500,
} as const satisfies Record<(typeof BILLING_ERROR_CODES)[number], number>;

/** Header carrying a top-up's idempotency key; it must equal the body's `idempotencyKey`. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** A route of the contract. Its prose for openapi.json (tag, summary, description) is in scripts/openapi-docs.ts, out of the client bundle. */
export interface RouteSpec {
  /** The BillingClient method this route serves. */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Hono-style path; `:param` segments are URL-encoded path parameters. */
  readonly path: string;
  /** One schema per `:param` of the path (ids: Identifier); the server refuses any other value with 422 before it reads anything. */
  readonly params?: Readonly<Record<string, z.ZodMiniType<string>>>;
  readonly query?: z.ZodMiniType;
  readonly body?: z.ZodMiniType;
  readonly response: z.ZodMiniType;
  /** Success status. */
  readonly status: 200 | 201;
  /** True when the request may be retried as is (GETs; a top-up POST only with the same Idempotency-Key). */
  readonly idempotent: boolean;
  /**
   * True when the server limits how often an account may call this route and may answer 429
   * rate_limited with Retry-After. False routes are never rate limited: the contract lists 429
   * on exactly the true ones.
   */
  readonly rateLimited: boolean;
}

/**
 * Query strings carry UsageQuery/UsageFilters as plain `key=value` pairs (limit as a decimal
 * integer); absent keys are left out, never sent empty. All paths are relative to the base URL,
 * e.g. `https://billing.example.com/api` + `/v1/account`. Every route needs
 * `Authorization: Bearer <token>`; the token names the account.
 */
export const ROUTES = {
  getAccount: {
    operation: 'getAccount',
    method: 'GET',
    path: '/v1/account',
    status: 200,
    idempotent: true,
    rateLimited: false,
    response: AccountSchema,
  },
  listPaymentMethods: {
    operation: 'listPaymentMethods',
    method: 'GET',
    path: '/v1/payment-methods',
    status: 200,
    idempotent: true,
    rateLimited: false,
    response: PaymentMethodListSchema,
  },
  addPaymentMethod: {
    operation: 'addPaymentMethod',
    method: 'POST',
    path: '/v1/payment-methods',
    status: 201,
    idempotent: false,
    rateLimited: true,
    body: AddPaymentMethodRequestSchema,
    response: PaymentMethodSchema,
  },
  createTopUp: {
    operation: 'createTopUp',
    method: 'POST',
    path: '/v1/top-ups',
    status: 201,
    idempotent: true,
    rateLimited: true,
    body: CreateTopUpRequestSchema,
    response: TopUpSchema,
  },
  getTopUp: {
    operation: 'getTopUp',
    method: 'GET',
    path: '/v1/top-ups/:topUpId',
    status: 200,
    idempotent: true,
    rateLimited: false,
    params: { topUpId: Identifier },
    response: TopUpSchema,
  },
  confirmTopUp: {
    operation: 'confirmTopUp',
    method: 'POST',
    path: '/v1/top-ups/:topUpId/confirm',
    status: 200,
    idempotent: true,
    rateLimited: false,
    params: { topUpId: Identifier },
    response: TopUpSchema,
  },
  getAutoRecharge: {
    operation: 'getAutoRecharge',
    method: 'GET',
    path: '/v1/auto-recharge',
    status: 200,
    idempotent: true,
    rateLimited: false,
    response: AutoRechargeSettingsSchema,
  },
  saveAutoRecharge: {
    operation: 'saveAutoRecharge',
    method: 'PUT',
    path: '/v1/auto-recharge',
    status: 200,
    idempotent: false,
    rateLimited: false,
    body: SaveAutoRechargeRequestSchema,
    response: AutoRechargeSettingsSchema,
  },
  listUsage: {
    operation: 'listUsage',
    method: 'GET',
    path: '/v1/usage',
    status: 200,
    idempotent: true,
    rateLimited: false,
    query: UsageQuerySchema,
    response: UsagePageSchema,
  },
  getUsageSummary: {
    operation: 'getUsageSummary',
    method: 'GET',
    path: '/v1/usage/summary',
    status: 200,
    idempotent: true,
    rateLimited: false,
    query: UsageFiltersSchema,
    response: UsageSummarySchema,
  },
  getUsageEntry: {
    operation: 'getUsageEntry',
    method: 'GET',
    path: '/v1/usage/entries/:entryId',
    status: 200,
    idempotent: true,
    rateLimited: false,
    params: { entryId: Identifier },
    response: UsageEntrySchema,
  },
  listRates: {
    operation: 'listRates',
    method: 'GET',
    path: '/v1/rates',
    status: 200,
    idempotent: true,
    rateLimited: false,
    response: RateListSchema,
  },
} as const satisfies Record<string, RouteSpec>;

/**
 * Optional push channel (BillingClient.subscribe): `GET /v1/events` answers
 * `text/event-stream`; each `data:` line is one BillingChange as JSON (BillingChangeSchema).
 */
export const EVENTS_PATH = '/v1/events';

/** Fills `:param` segments, URL-encoding each value. */
export function routePath(route: RouteSpec, params: Record<string, string> = {}): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new RangeError(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
