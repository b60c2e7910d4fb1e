// The REST binding of the BillingClient contract without its schemas (method, path, status, retry rules): what the
// HTTP client needs to send a request. routes.ts adds each route's schemas, which load with the validator.
import { BILLING_ERROR_CODES } from './errors.js';

/** How one BillingClient method travels over HTTP. */
export interface RouteBinding {
  /** The BillingClient method this route serves. */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Hono-style path; `:param` segments are URL-encoded path parameters, each an id (contract-values.ts's ID_PATTERN). */
  readonly path: string;
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

/**
 * Query strings carry UsageQuery/UsageFilters as plain `key=value` pairs (limit as a decimal
 * integer); absent keys are left out, never sent empty. All paths are relative to the base URL,
 * e.g. `https://billing.example.com/api` + `/v1/account`. Every route needs
 * `Authorization: Bearer <token>`; the token names the account.
 */
export const ROUTE_BINDINGS = {
  getAccount: { operation: 'getAccount', method: 'GET', path: '/v1/account', status: 200, idempotent: true, rateLimited: false },
  listPaymentMethods: {
    operation: 'listPaymentMethods',
    method: 'GET',
    path: '/v1/payment-methods',
    status: 200,
    idempotent: true,
    rateLimited: false,
  },
  addPaymentMethod: {
    operation: 'addPaymentMethod',
    method: 'POST',
    path: '/v1/payment-methods',
    status: 201,
    idempotent: false,
    rateLimited: true,
  },
  // Removing a card and choosing the default touch only the account's own rows (no processor call, nothing charged), so
  // they are not rate limited, like saveAutoRecharge; addPaymentMethod is, because each call runs a card check at the processor.
  removePaymentMethod: {
    operation: 'removePaymentMethod',
    method: 'DELETE',
    path: '/v1/payment-methods/:paymentMethodId',
    status: 200,
    idempotent: true,
    rateLimited: false,
  },
  setDefaultPaymentMethod: {
    operation: 'setDefaultPaymentMethod',
    method: 'POST',
    path: '/v1/payment-methods/:paymentMethodId/default',
    status: 200,
    idempotent: true,
    rateLimited: false,
  },
  createTopUp: { operation: 'createTopUp', method: 'POST', path: '/v1/top-ups', status: 201, idempotent: true, rateLimited: true },
  getTopUp: { operation: 'getTopUp', method: 'GET', path: '/v1/top-ups/:topUpId', status: 200, idempotent: true, rateLimited: false },
  // Not GET /v1/top-ups: that is the host's list of unresolved top-ups (host-routes.ts).
  listTopUps: { operation: 'listTopUps', method: 'GET', path: '/v1/top-up-history', status: 200, idempotent: true, rateLimited: false },
  confirmTopUp: {
    operation: 'confirmTopUp',
    method: 'POST',
    path: '/v1/top-ups/:topUpId/confirm',
    status: 200,
    idempotent: true,
    rateLimited: false,
  },
  getAutoRecharge: {
    operation: 'getAutoRecharge',
    method: 'GET',
    path: '/v1/auto-recharge',
    status: 200,
    idempotent: true,
    rateLimited: false,
  },
  saveAutoRecharge: {
    operation: 'saveAutoRecharge',
    method: 'PUT',
    path: '/v1/auto-recharge',
    status: 200,
    idempotent: false,
    rateLimited: false,
  },
  listUsage: { operation: 'listUsage', method: 'GET', path: '/v1/usage', status: 200, idempotent: true, rateLimited: false },
  getUsageSummary: {
    operation: 'getUsageSummary',
    method: 'GET',
    path: '/v1/usage/summary',
    status: 200,
    idempotent: true,
    rateLimited: false,
  },
  getUsageSeries: {
    operation: 'getUsageSeries',
    method: 'GET',
    path: '/v1/usage/series',
    status: 200,
    idempotent: true,
    rateLimited: false,
  },
  getUsageEntry: {
    operation: 'getUsageEntry',
    method: 'GET',
    path: '/v1/usage/entries/:entryId',
    status: 200,
    idempotent: true,
    rateLimited: false,
  },
  listRates: { operation: 'listRates', method: 'GET', path: '/v1/rates', status: 200, idempotent: true, rateLimited: false },
} as const satisfies Record<string, RouteBinding>;

/** A BillingClient method that has a route. */
export type RouteOperation = keyof typeof ROUTE_BINDINGS;

/**
 * Optional push channel (BillingClient.subscribe): `GET /v1/events` answers
 * `text/event-stream`; each `data:` line is one BillingChange as JSON (BillingChangeSchema).
 */
export const EVENTS_PATH = '/v1/events';

/** The names of a path's `:param` segments, in order. */
export function pathParams(route: Pick<RouteBinding, 'path'>): string[] {
  return [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '');
}

/** Fills `:param` segments, URL-encoding each value. */
export function routePath(route: Pick<RouteBinding, 'path'>, params: Record<string, string> = {}): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new RangeError(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
