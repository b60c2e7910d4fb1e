// The REST binding of the BillingClient contract with its schemas: one table read by the reference server, the OpenAPI
// generator and (loaded on the first request, with the validator) HttpBillingClient.
import * as z from 'zod/mini';
import { BILLING_ERROR_CODES } from './errors.js';
import { ROUTE_BINDINGS, type RouteBinding, type RouteOperation } from './route-table.js';
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
  TopUpHistoryPageSchema,
  TopUpHistoryQuerySchema,
  TopUpSchema,
  UsageEntrySchema,
  UsageFiltersSchema,
  UsagePageSchema,
  UsageQuerySchema,
  UsageSeriesQuerySchema,
  UsageSeriesSchema,
  UsageSummarySchema,
} from './schemas.js';

export { ERROR_STATUS, EVENTS_PATH, IDEMPOTENCY_HEADER, routePath } from './route-table.js';

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

/** A route of the contract. Its prose for openapi.json (tag, summary, description) is in scripts/openapi-docs.ts, out of the client bundle. */
export interface RouteSpec extends RouteBinding {
  /** One schema per `:param` of the path (ids: Identifier); the server refuses any other value with 422 before it reads anything. */
  readonly params?: Readonly<Record<string, z.ZodMiniType<string>>>;
  readonly query?: z.ZodMiniType;
  readonly body?: z.ZodMiniType;
  readonly response: z.ZodMiniType;
}

/** Each route of ROUTE_BINDINGS with its schemas: what the server checks and openapi.json states. */
export const ROUTES = {
  getAccount: { ...ROUTE_BINDINGS.getAccount, response: AccountSchema },
  listPaymentMethods: { ...ROUTE_BINDINGS.listPaymentMethods, response: PaymentMethodListSchema },
  addPaymentMethod: { ...ROUTE_BINDINGS.addPaymentMethod, body: AddPaymentMethodRequestSchema, response: PaymentMethodSchema },
  removePaymentMethod: {
    ...ROUTE_BINDINGS.removePaymentMethod,
    params: { paymentMethodId: Identifier },
    response: PaymentMethodListSchema,
  },
  setDefaultPaymentMethod: {
    ...ROUTE_BINDINGS.setDefaultPaymentMethod,
    params: { paymentMethodId: Identifier },
    response: PaymentMethodListSchema,
  },
  createTopUp: { ...ROUTE_BINDINGS.createTopUp, body: CreateTopUpRequestSchema, response: TopUpSchema },
  getTopUp: { ...ROUTE_BINDINGS.getTopUp, params: { topUpId: Identifier }, response: TopUpSchema },
  listTopUps: { ...ROUTE_BINDINGS.listTopUps, query: TopUpHistoryQuerySchema, response: TopUpHistoryPageSchema },
  confirmTopUp: { ...ROUTE_BINDINGS.confirmTopUp, params: { topUpId: Identifier }, response: TopUpSchema },
  getAutoRecharge: { ...ROUTE_BINDINGS.getAutoRecharge, response: AutoRechargeSettingsSchema },
  saveAutoRecharge: { ...ROUTE_BINDINGS.saveAutoRecharge, body: SaveAutoRechargeRequestSchema, response: AutoRechargeSettingsSchema },
  listUsage: { ...ROUTE_BINDINGS.listUsage, query: UsageQuerySchema, response: UsagePageSchema },
  getUsageSummary: { ...ROUTE_BINDINGS.getUsageSummary, query: UsageFiltersSchema, response: UsageSummarySchema },
  getUsageSeries: { ...ROUTE_BINDINGS.getUsageSeries, query: UsageSeriesQuerySchema, response: UsageSeriesSchema },
  getUsageEntry: { ...ROUTE_BINDINGS.getUsageEntry, params: { entryId: Identifier }, response: UsageEntrySchema },
  listRates: { ...ROUTE_BINDINGS.listRates, response: RateListSchema },
} as const satisfies Record<RouteOperation, RouteSpec>;

/** What a route's response parses to. */
export type RouteResponse<K extends RouteOperation> = z.infer<(typeof ROUTES)[K]['response']>;
