// HttpBillingClient: the BillingClient over the REST binding in route-table.ts (fetch, retries, timeouts, zod-checked bodies, SSE change feed).
import type { BillingChangeListener, BillingClient, RequestOptions } from './billing-client.js';
import { BillingError, isAbortError } from './errors.js';
import { abortableDelay, abortReason, backoffDelay, isAborted, raceAbort } from './abort.js';
import { CONNECTION_UNSAVED_MESSAGE, SIGN_IN_UNAVAILABLE_MESSAGE, timeoutMessage, timeoutUnsavedMessage } from '../i18n/messages/errors.js';
import type { ChangeFeedSource } from './change-feed.js';
import { errorFromBody, errorFromStatus, parseRetryAfter } from './http-errors.js';
import { isIdentifier } from './contract-values.js';
import { loadValidator, type Validator } from './load-validator.js';
import { checkResponse, unreadableResponse } from './response-check.js';
import {
  EVENTS_PATH,
  IDEMPOTENCY_HEADER,
  pathParams,
  ROUTE_BINDINGS,
  routePath,
  type RouteBinding,
  type RouteOperation,
} from './route-table.js';
import type { RouteResponse, RouteSpec } from './routes.js';
import type {
  Account,
  AddPaymentMethodRequest,
  AutoRechargeSettings,
  CreateTopUpRequest,
  PaymentMethod,
  Rate,
  SaveAutoRechargeRequest,
  TopUp,
  TopUpHistoryPage,
  TopUpHistoryQuery,
  UsageEntry,
  UsageFilters,
  UsagePage,
  UsageQuery,
  UsageSeries,
  UsageSeriesQuery,
  UsageSummary,
} from './schemas.js';

export interface HttpBillingClientOptions {
  /** e.g. '/api' or 'https://billing.example.com'; the paths of ROUTES are appended. */
  baseUrl: string;
  /** Called before every attempt (and every change-feed connection), e.g. for a bearer token the host refreshes. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Default 'same-origin'. */
  credentials?: RequestCredentials;
  /** Per attempt, until the whole response body has arrived. Default 15000. */
  timeoutMs?: number;
  /** Extra attempts for requests that are safe to repeat (GETs, a top-up with its Idempotency-Key). Default 2. */
  retries?: number;
  /** Injectable for tests and for hosts with their own fetch wrapper. */
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RETRIES = 2;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 8_000;
/** A Retry-After longer than this is reported to the caller instead of waited out inside one call. */
const MAX_RETRY_AFTER_MS = 30_000;

/** Statuses where the same request can succeed a moment later. 500 is left out: it is usually a bug that repeats. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

interface CallInit {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal | undefined;
}

/** The outcome of one attempt that may be tried again. */
class RetryableFailure {
  constructor(
    readonly error: BillingError,
    /** Milliseconds the server asked us to wait (Retry-After), if it did. */
    readonly retryAfterMs: number | null,
  ) {}
}

/** `key=value` pairs for the keys that are present, in a stable (sorted) order. */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    search.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * A BillingClient for the REST binding in `routes.ts`. Every response body is parsed by the
 * route's zod schema; every failure rejects with a BillingError (or the caller's AbortError).
 * The schemas load on the first request (a download that fails rejects it as a retryable `network` error).
 *
 * Repeats: GETs, createTopUp (always with the same Idempotency-Key), removePaymentMethod and
 * setDefaultPaymentMethod (a second time changes nothing more) are tried again after a lost connection, a timeout, 408/429/502/503/504, with exponential backoff and jitter, honouring
 * Retry-After. addPaymentMethod and saveAutoRecharge are sent once: after a failure without an
 * answer nobody can tell whether the server acted, so the person decides (the widgets reload).
 */
export class HttpBillingClient implements BillingClient {
  private readonly baseUrl: string;
  private readonly headersHook: HttpBillingClientOptions['headers'];
  private readonly credentials: RequestCredentials;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: HttpBillingClientOptions) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a plain-JavaScript host may call it with nothing
    if (typeof options?.baseUrl !== 'string') throw new TypeError('HttpBillingClient: baseUrl must be a string');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.headersHook = options.headers;
    this.credentials = options.credentials ?? 'same-origin';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new RangeError('HttpBillingClient: timeoutMs must be a positive number');
    this.retries = options.retries ?? DEFAULT_RETRIES;
    if (!Number.isInteger(this.retries) || this.retries < 0) {
      throw new RangeError('HttpBillingClient: retries must be a non-negative integer');
    }
    const injected = options.fetch;
    // Unbound window.fetch throws "Illegal invocation" in browsers, so the global is called, not stored.
    this.fetchImpl = injected ?? ((input, init) => globalThis.fetch(input, init));
  }

  // ============================================================== BillingClient

  getAccount(options?: RequestOptions): Promise<Account> {
    return this.call('getAccount', { signal: options?.signal });
  }

  listPaymentMethods(options?: RequestOptions): Promise<PaymentMethod[]> {
    return this.call('listPaymentMethods', { signal: options?.signal });
  }

  addPaymentMethod(request: AddPaymentMethodRequest, options?: RequestOptions): Promise<PaymentMethod> {
    return this.call('addPaymentMethod', { body: request, signal: options?.signal });
  }

  removePaymentMethod(paymentMethodId: string, options?: RequestOptions): Promise<PaymentMethod[]> {
    return this.call('removePaymentMethod', { params: { paymentMethodId }, signal: options?.signal });
  }

  setDefaultPaymentMethod(paymentMethodId: string, options?: RequestOptions): Promise<PaymentMethod[]> {
    return this.call('setDefaultPaymentMethod', { params: { paymentMethodId }, signal: options?.signal });
  }

  createTopUp(request: CreateTopUpRequest, options?: RequestOptions): Promise<TopUp> {
    return this.call('createTopUp', {
      body: request,
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a plain-JavaScript host may pass no request; the server then says what is missing
      idempotencyKey: request?.idempotencyKey,
      signal: options?.signal,
    });
  }

  getTopUp(topUpId: string, options?: RequestOptions): Promise<TopUp> {
    return this.call('getTopUp', { params: { topUpId }, signal: options?.signal });
  }

  confirmTopUp(topUpId: string, options?: RequestOptions): Promise<TopUp> {
    return this.call('confirmTopUp', { params: { topUpId }, signal: options?.signal });
  }

  listTopUps(query: TopUpHistoryQuery = {}, options?: RequestOptions): Promise<TopUpHistoryPage> {
    return this.call('listTopUps', { query, signal: options?.signal });
  }

  getAutoRecharge(options?: RequestOptions): Promise<AutoRechargeSettings> {
    return this.call('getAutoRecharge', { signal: options?.signal });
  }

  saveAutoRecharge(request: SaveAutoRechargeRequest, options?: RequestOptions): Promise<AutoRechargeSettings> {
    return this.call('saveAutoRecharge', { body: request, signal: options?.signal });
  }

  listUsage(query: UsageQuery, options?: RequestOptions): Promise<UsagePage> {
    return this.call('listUsage', { query, signal: options?.signal });
  }

  getUsageSummary(filters: UsageFilters, options?: RequestOptions): Promise<UsageSummary> {
    return this.call('getUsageSummary', { query: filters, signal: options?.signal });
  }

  getUsageSeries(query: UsageSeriesQuery, options?: RequestOptions): Promise<UsageSeries> {
    return this.call('getUsageSeries', { query, signal: options?.signal });
  }

  getUsageEntry(entryId: string, options?: RequestOptions): Promise<UsageEntry> {
    return this.call('getUsageEntry', { params: { entryId }, signal: options?.signal });
  }

  listRates(options?: RequestOptions): Promise<Rate[]> {
    return this.call('listRates', { signal: options?.signal });
  }

  /**
   * Server-Sent Events read over fetch (EventSource cannot send an Authorization header).
   * Unreadable events are skipped; a dropped connection is reopened with backoff (or the
   * server's `retry:`), sending Last-Event-ID. Unsubscribing aborts the request and every timer.
   */
  subscribe(listener: BillingChangeListener): () => void {
    const controller = new AbortController();
    const source: ChangeFeedSource = {
      url: this.url(EVENTS_PATH),
      fetch: this.fetchImpl,
      credentials: this.credentials,
      timeoutMs: this.timeoutMs,
      headers: () => this.hostHeaders(),
    };
    void followChangeFeed(source, listener, controller.signal);
    return () => controller.abort();
  }

  // ============================================================== requests

  private url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  private async hostHeaders(): Promise<Record<string, string>> {
    if (!this.headersHook) return {};
    try {
      const headers = await this.headersHook();
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a plain-JavaScript hook may return nothing
      return headers ?? {};
    } catch (error) {
      if (error instanceof BillingError || isAbortError(error)) throw error;
      throw new BillingError('unauthorized', {
        message: SIGN_IN_UNAVAILABLE_MESSAGE,
        messageKey: 'errors.signInUnavailable',
        retryable: true,
        cause: error,
      });
    }
  }

  private async call<K extends RouteOperation>(operation: K, init: CallInit): Promise<RouteResponse<K>> {
    try {
      return (await this.send(operation, init)) as RouteResponse<K>;
    } catch (error) {
      if (error instanceof BillingError || isAbortError(error) || (init.signal?.aborted && error === init.signal.reason)) throw error;
      // Whatever slipped through (a host fetch wrapper's own exception, say) still reaches widgets as a BillingError.
      throw new BillingError('unknown', { cause: error });
    }
  }

  private async send(operation: RouteOperation, init: CallInit): Promise<unknown> {
    const signal = init.signal;
    if (signal?.aborted) throw abortReason(signal);
    const route = ROUTE_BINDINGS[operation];

    for (const name of pathParams(route)) {
      if (!isIdentifier(init.params?.[name])) {
        throw new BillingError('validation', {
          message: `The request was not sent: ${name} must be an id.`,
          // The detail is for the developer; a reader sees the catalog's words for a refused request.
          messageKey: 'errors.validation',
          details: { fieldErrors: { [name]: 'must be 1 to 255 ASCII letters, digits or _ - . :' } },
        });
      }
    }
    // A request the server would refuse is refused here, without a round trip: a change, or a read with a query, waits
    // for the validator to check it. A read without one is sent at once, and the validator downloads beside it.
    const checksRequest = route.method !== 'GET' || init.query !== undefined;
    const checked = checksRequest ? this.checkRequest((await raceAbort(loadValidator(), signal)).ROUTES[operation], init) : {};
    const url = this.url(routePath(route, init.params)) + queryString(checked.query);
    const body = checked.body === undefined ? undefined : JSON.stringify(checked.body);
    const attempts = route.idempotent ? this.retries + 1 : 1;

    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(operation, url, body, init.idempotencyKey, signal);
      if (!(outcome instanceof RetryableFailure)) return outcome;
      const last = attempt + 1 >= attempts;
      if (last || (outcome.retryAfterMs !== null && outcome.retryAfterMs > MAX_RETRY_AFTER_MS)) throw outcome.error;
      await abortableDelay(outcome.retryAfterMs ?? backoffDelay(attempt, BACKOFF_BASE_MS, BACKOFF_CAP_MS), signal);
    }
  }

  private checkRequest(route: RouteSpec, init: CallInit): { query?: Record<string, unknown>; body?: unknown } {
    const result: { query?: Record<string, unknown>; body?: unknown } = {};
    for (const part of ['query', 'body'] as const) {
      const schema = route[part];
      const value = init[part];
      if (!schema) continue;
      const parsed = checkResponse(schema, value ?? (part === 'query' ? {} : undefined));
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.issues) fieldErrors[issue.path || part] ??= issue.message;
        const first = parsed.issues[0];
        throw new BillingError('validation', {
          message: first ? `The request was not sent: ${first.path || part} ${first.message}` : undefined,
          messageKey: 'errors.validation',
          details: { fieldErrors, issues: parsed.issues },
        });
      }
      result[part] = parsed.data as never;
    }
    return result;
  }

  /** One try: the parsed body, a failure worth another try, or a thrown final error. */
  private async attempt(
    operation: RouteOperation,
    url: string,
    body: string | undefined,
    idempotencyKey: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const route: RouteBinding = ROUTE_BINDINGS[operation];
    const loading = loadValidator();
    const hostHeaders = await this.hostHeaders();
    if (signal?.aborted) throw abortReason(signal);
    const headers: Record<string, string> = { Accept: 'application/json', ...hostHeaders };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (idempotencyKey !== undefined) headers[IDEMPOTENCY_HEADER] = idempotencyKey;

    const attemptController = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attemptController.abort(new DOMException('The billing service took too long to answer.', 'TimeoutError'));
    }, this.timeoutMs);
    const forwardAbort = (): void => attemptController.abort(signal ? abortReason(signal) : undefined);
    signal?.addEventListener('abort', forwardAbort, { once: true });

    try {
      let response: Response;
      let text: string;
      try {
        // Raced as well as passed: an injected fetch (or a host's wrapper) may ignore the signal.
        response = await raceAbort(
          this.fetchImpl(url, {
            method: route.method,
            headers,
            credentials: this.credentials,
            signal: attemptController.signal,
            ...(body === undefined ? {} : { body }),
          }),
          attemptController.signal,
        );
        // The timeout covers the body too: a server that sends headers and then stalls is still stuck.
        const bodyText = response.text();
        text = await raceAbort(bodyText, attemptController.signal);
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        const failure = this.connectionFailure(route, timedOut, error);
        if (route.idempotent) return new RetryableFailure(failure, null);
        throw failure;
      }
      let validator: Validator;
      try {
        // Under the same timeout: a download that stalls is reported like a server that does.
        validator = await raceAbort(loading, attemptController.signal);
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        // A validator that did not download is worth another try, like a lost connection: the next try imports it afresh.
        const failure = error instanceof BillingError ? error : this.connectionFailure(route, timedOut, error);
        if (route.idempotent) return new RetryableFailure(failure, null);
        throw failure;
      }
      if (signal?.aborted) throw abortReason(signal);
      return this.readResponse(validator, validator.ROUTES[operation], response, text);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
  }

  /** A try that got no answer: timed out, or the connection failed (a change then may or may not have been saved). */
  private connectionFailure(route: RouteBinding, timedOut: boolean, cause: unknown): BillingError {
    const seconds = Math.round(this.timeoutMs / 100) / 10;
    if (timedOut) {
      return new BillingError('network', {
        message: (route.idempotent ? timeoutMessage : timeoutUnsavedMessage)({ seconds: String(seconds) }),
        messageKey: route.idempotent ? 'errors.timeout' : 'errors.timeoutUnsaved',
        params: { seconds },
        details: { timeoutMs: this.timeoutMs },
        cause,
      });
    }
    return route.idempotent
      ? new BillingError('network', { cause })
      : new BillingError('network', { message: CONNECTION_UNSAVED_MESSAGE, messageKey: 'errors.connectionUnsaved', cause });
  }

  private readResponse(validator: Validator, route: RouteSpec, response: Response, text: string): unknown {
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
    let json: unknown;
    let jsonError: unknown = null;
    try {
      json = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch (error) {
      jsonError = error;
    }
    const errorBody = jsonError === null && json !== undefined ? checkResponse(validator.ErrorBodySchema, json) : null;

    if (status < 200 || status >= 300) {
      const error = errorBody?.success
        ? errorFromBody(errorBody.data, status, retryAfterMs, validator.readAutoRechargeSettings)
        : errorFromStatus(status, retryAfterMs);
      if (route.idempotent && RETRYABLE_STATUSES.has(status) && error.retryable) {
        return new RetryableFailure(error, retryAfterMs);
      }
      throw error;
    }

    // A success status carrying an error body: the server (or a gateway in front of it) says it failed.
    if (errorBody?.success) throw errorFromBody(errorBody.data, status, retryAfterMs, validator.readAutoRechargeSettings);
    if (jsonError !== null || json === undefined) {
      const contentType = response.headers.get('Content-Type') ?? 'no content type';
      const preview = text.slice(0, 80).replace(/\s+/g, ' ').trim();
      throw unreadableResponse(
        [
          {
            path: '',
            code: json === undefined && jsonError === null ? 'empty_body' : 'invalid_json',
            message:
              json === undefined && jsonError === null
                ? `expected a JSON body, got an empty one (${contentType})`
                : `expected JSON, got ${contentType}${preview ? `: "${preview}"` : ''}`,
          },
        ],
        { status },
        jsonError ?? undefined,
      );
    }
    const parsed = checkResponse(route.response, json);
    if (!parsed.success) throw unreadableResponse(parsed.issues, { status }, parsed.cause);
    return parsed.data;
  }
}

/**
 * The feed's reader is fetched with import() when a store first subscribes, keeping it out of the initial load. A
 * failed download is tried again with backoff, as a dropped connection is; only unsubscribing stops it.
 */
async function followChangeFeed(source: ChangeFeedSource, listener: BillingChangeListener, signal: AbortSignal): Promise<void> {
  for (let failures = 0; !signal.aborted; failures += 1) {
    let feed: typeof import('./change-feed.js');
    try {
      feed = await changeFeedLoader.load();
    } catch {
      try {
        await abortableDelay(backoffDelay(failures, FEED_IMPORT_RETRY_BASE_MS, FEED_IMPORT_RETRY_CAP_MS), signal);
      } catch {
        return;
      }
      continue;
    }
    if (!isAborted(signal)) await feed.runChangeFeed(source, listener, signal);
    return;
  }
}

const FEED_IMPORT_RETRY_BASE_MS = 1_000;
const FEED_IMPORT_RETRY_CAP_MS = 30_000;

/** @internal How the feed's reader is fetched; a test replaces it to make the download fail. */
export const changeFeedLoader = { load: (): Promise<typeof import('./change-feed.js')> => import('./change-feed.js') };
