// BillingError: the one failure type every BillingClient call rejects with, so widgets can react by code.
import { defaultErrorCodeMessages, type ErrorCode } from '../i18n/messages/errors.js';

export const BILLING_ERROR_CODES = [
  'network',
  'unauthorized',
  'forbidden',
  'not_found',
  'validation',
  'conflict',
  'card_declined',
  'authentication_required',
  'rate_limited',
  'unavailable',
  'unknown',
] as const;

export type BillingErrorCode = (typeof BILLING_ERROR_CODES)[number];

/** Codes where trying the same request again can succeed without the person changing anything. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<BillingErrorCode> = new Set([
  'network',
  'rate_limited',
  'unavailable',
  'unknown',
]);

// The English lives in i18n/ (the bottom layer), where the catalog matches it back to a code to translate it.
const DEFAULT_MESSAGES: Readonly<Record<BillingErrorCode, string>> = defaultErrorCodeMessages;
// The catalog's codes and these must be the same set: adding a code here without its English (or the reverse) fails typecheck.
const sameCodes: [BillingErrorCode] extends [ErrorCode] ? ([ErrorCode] extends [BillingErrorCode] ? true : never) : never = true;
void sameCodes;

export interface BillingErrorOptions {
  message?: string;
  retryable?: boolean;
  /** Machine-readable detail, e.g. a card decline code or the current settings on a conflict. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class BillingError extends Error {
  override readonly name = 'BillingError';
  readonly code: BillingErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: BillingErrorCode, options: BillingErrorOptions = {}) {
    super(options.message ?? DEFAULT_MESSAGES[code], { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.details = options.details ?? {};
  }
}

export function isBillingError(value: unknown): value is BillingError {
  return value instanceof BillingError;
}

export function isAbortError(value: unknown): boolean {
  return value instanceof DOMException && value.name === 'AbortError';
}

/**
 * Turns anything a host's client threw into a BillingError, so a widget never shows a raw
 * exception. Check isAbortError first: an abort is not a failure and must not be converted.
 */
export function toBillingError(value: unknown): BillingError {
  if (value instanceof BillingError) return value;
  if (value instanceof TypeError) {
    // fetch() rejects with a TypeError when the network is down or CORS blocks the request.
    return new BillingError('network', { cause: value });
  }
  return new BillingError('unknown', { cause: value });
}

/** Rejects with an AbortError if the signal is already aborted. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}
