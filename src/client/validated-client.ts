// withValidation: wraps a host's BillingClient so every response is checked against the zod schemas before a widget reads it.
import type * as z from 'zod/mini';
import type { BillingChangeListener, BillingClient, RequestOptions } from './billing-client.js';
import { BillingError, isAbortError, toBillingError } from './errors.js';
import { abortReason, raceAbort } from './abort.js';
import { loadedValidator, loadValidator, type Validator } from './load-validator.js';
import { checkResponse, unreadableResponse, type ResponseIssue } from './response-check.js';
import { ROUTE_BINDINGS, type RouteOperation } from './route-table.js';
import type { RouteResponse } from './routes.js';
import type { BillingChange } from './schemas.js';

// Wrapping twice would parse every response twice; BillingStore.for() and hosts may both wrap.
const validatedClients = new WeakSet<BillingClient>();

function parse<S extends z.ZodMiniType>(schema: S, raw: unknown): z.infer<S> {
  const result = checkResponse(schema, raw);
  if (result.success) return result.data;
  throw unreadableResponse(result.issues, {}, result.cause);
}

/** Every { amount, currency } object inside a parsed response, with where it was found. */
function collectMoney(value: unknown, path: string, found: Array<{ path: string; currency: string }>): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => collectMoney(item, path ? `${path}.${index}` : String(index), found));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record['amount'] === 'number' && typeof record['currency'] === 'string') {
    found.push({ path, currency: record['currency'] });
    return;
  }
  for (const [key, child] of Object.entries(record)) collectMoney(child, path ? `${path}.${key}` : key, found);
}

function currencyIssues(value: unknown, accountCurrency: string | undefined): ResponseIssue[] {
  if (!accountCurrency) return [];
  const found: Array<{ path: string; currency: string }> = [];
  collectMoney(value, '', found);
  return found
    .filter((money) => money.currency !== accountCurrency)
    .map((money) => ({
      path: money.path,
      code: 'currency_mismatch',
      message: `amount is in ${money.currency}, the account is in ${accountCurrency}`,
    }));
}

/**
 * Returns a BillingClient that behaves like `client` but only ever resolves with data that
 * passed the schemas (and is in the account's currency), and only ever rejects with a
 * BillingError or an AbortError.
 */
export function withValidation(client: BillingClient): BillingClient {
  if (validatedClients.has(client)) return client;

  // Learned from getAccount; later responses whose amounts use another currency are refused.
  let accountCurrency: string | undefined;

  async function call<K extends RouteOperation>(
    operation: K,
    options: RequestOptions | undefined,
    request: () => Promise<unknown>,
  ): Promise<RouteResponse<K>> {
    const signal = options?.signal;
    if (signal?.aborted) throw abortReason(signal);
    // A read goes to the host while the validator downloads. A change waits for it: were the download to fail after
    // the host had saved, nobody could tell the person whether it was saved.
    const loading = loadValidator();
    if (ROUTE_BINDINGS[operation].method !== 'GET' && !loadedValidator()) await raceAbort(loading, signal);
    let raw: unknown;
    try {
      // The async wrapper turns a host method that throws synchronously into a rejection.
      raw = await raceAbort((async () => request())(), signal);
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      if (isAbortError(error)) throw error;
      throw toBillingError(error);
    }
    // A host client that ignored the signal may still resolve; the caller has moved on.
    if (signal?.aborted) throw abortReason(signal);
    const { ROUTES } = await raceAbort(loading, signal);
    const parsed = parse(ROUTES[operation].response, raw) as RouteResponse<K>;
    const mismatches = operation === 'getAccount' ? [] : currencyIssues(parsed, accountCurrency);
    if (mismatches.length > 0) throw unreadableResponse(mismatches);
    return parsed;
  }

  const validated: BillingClient = {
    async getAccount(options) {
      const account = await call('getAccount', options, () => client.getAccount(options));
      accountCurrency = account.currency;
      return account;
    },
    listPaymentMethods: (options) => call('listPaymentMethods', options, () => client.listPaymentMethods(options)),
    addPaymentMethod: (request, options) => call('addPaymentMethod', options, () => client.addPaymentMethod(request, options)),
    removePaymentMethod: (paymentMethodId, options) =>
      call('removePaymentMethod', options, () => client.removePaymentMethod(paymentMethodId, options)),
    setDefaultPaymentMethod: (paymentMethodId, options) =>
      call('setDefaultPaymentMethod', options, () => client.setDefaultPaymentMethod(paymentMethodId, options)),
    createTopUp: (request, options) => call('createTopUp', options, () => client.createTopUp(request, options)),
    getTopUp: (topUpId, options) => call('getTopUp', options, () => client.getTopUp(topUpId, options)),
    confirmTopUp: (topUpId, options) => call('confirmTopUp', options, () => client.confirmTopUp(topUpId, options)),
    getAutoRecharge: (options) => call('getAutoRecharge', options, () => client.getAutoRecharge(options)),
    saveAutoRecharge: (request, options) => call('saveAutoRecharge', options, () => client.saveAutoRecharge(request, options)),
    listUsage: (query, options) => call('listUsage', options, () => client.listUsage(query, options)),
    getUsageSummary: (filters, options) => call('getUsageSummary', options, () => client.getUsageSummary(filters, options)),
    getUsageEntry: (entryId, options) => call('getUsageEntry', options, () => client.getUsageEntry(entryId, options)),
    listRates: (options) => call('listRates', options, () => client.listRates(options)),
  };

  // Optional in the contract: a host client without it gets a validated client without it, so <billing-history> can tell.
  const hostListTopUps = client.listTopUps?.bind(client);
  if (hostListTopUps) {
    validated.listTopUps = (query, options) => call('listTopUps', options, () => hostListTopUps(query, options));
  }

  const hostSeries = client.getUsageSeries?.bind(client);
  if (hostSeries) validated.getUsageSeries = (query, options) => call('getUsageSeries', options, () => hostSeries(query, options));

  const hostSubscribe = client.subscribe?.bind(client);
  if (hostSubscribe) {
    validated.subscribe = (listener: BillingChangeListener) => {
      let active = true;
      const deliver = (validator: Validator, change: unknown): void => {
        // A host feed that keeps pushing after unsubscribe must not reach a widget that has gone.
        if (!active) return;
        let accepted: BillingChange;
        try {
          accepted = parse(validator.BillingChangeSchema, change);
          if (accepted.type === 'balance') {
            const mismatches = currencyIssues(accepted, accountCurrency);
            if (mismatches.length > 0) throw unreadableResponse(mismatches);
          }
        } catch (error) {
          // Dropped rather than thrown: the push came from the host's channel, not from a call a widget awaits.
          console.warn('[billing-widgets] dropped an unreadable change-feed push', error instanceof BillingError ? error.details : error);
          return;
        }
        listener(accepted);
      };
      // Pushes that arrive before the validator wait for it in order; once it is here (and none wait), each is delivered at once.
      let waiting: Promise<void> | undefined;
      const unsubscribe = hostSubscribe((change: unknown) => {
        if (!active) return;
        const validator = loadedValidator();
        if (validator && !waiting) {
          deliver(validator, change);
          return;
        }
        const next = async (): Promise<void> => {
          let loaded: Validator;
          try {
            loaded = await loadValidator();
          } catch (error) {
            console.warn('[billing-widgets] dropped a change-feed push: its validator did not load', error);
            return;
          }
          deliver(loaded, change);
        };
        // A listener that throws must not stop the pushes behind it.
        const delivered = (waiting ?? Promise.resolve()).then(next, next);
        waiting = delivered;
        void delivered.finally(() => {
          if (waiting === delivered) waiting = undefined;
        });
      });
      return () => {
        if (!active) return;
        active = false;
        if (typeof unsubscribe === 'function') unsubscribe();
      };
    };
  }

  validatedClients.add(validated);
  return validated;
}

/** True for a client returned by withValidation. */
export function isValidatedClient(client: BillingClient): boolean {
  return validatedClients.has(client);
}
