// BillingError: the one failure type every BillingClient call rejects with, so widgets can react by code.
import { defaultErrorCodeMessages, type ErrorCode, type MessageParams } from '../i18n/messages/errors.js';

export type { MessageParams };

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
const RETRYABLE_BY_DEFAULT: ReadonlySet<BillingErrorCode> = new Set(['network', 'rate_limited', 'unavailable', 'unknown']);

// The English lives in i18n/ (the bottom layer); an error raised with it carries the key `errors.<code>`.
const DEFAULT_MESSAGES: Readonly<Record<BillingErrorCode, string>> = defaultErrorCodeMessages;
// The catalog's codes and these must be the same set: adding a code here without its English (or the reverse) fails typecheck.
const sameCodes: [BillingErrorCode] extends [ErrorCode] ? ([ErrorCode] extends [BillingErrorCode] ? true : never) : never = true;
// eslint-disable-next-line @typescript-eslint/no-meaningless-void-operator -- marks the compile-time check as used (noUnusedLocals)
void sameCodes;

export interface BillingErrorOptions {
  message?: string;
  /**
   * The catalog key of the library's wording of `message` (`errors.network`, `topUpAttempt.stillConfirming`),
   * so a widget shows it in its own language. Without a `message` it is `errors.<code>`; with only a
   * `message` there is none and the text is shown as sent (a backend's own words).
   */
  messageKey?: string;
  /** The values the keyed message is built from (numbers and amounts are formatted in the reader's locale). */
  params?: MessageParams;
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
  /** The catalog key of the message, when the library worded it; see BillingErrorOptions.messageKey. */
  readonly messageKey: string | undefined;
  /** The values the keyed message is built from. */
  readonly params: MessageParams;

  constructor(code: BillingErrorCode, options: BillingErrorOptions = {}) {
    super(options.message ?? DEFAULT_MESSAGES[code], { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.details = options.details ?? {};
    this.messageKey = options.messageKey ?? (options.message === undefined ? `errors.${code}` : undefined);
    this.params = options.params ?? {};
  }
}

export function isBillingError(value: unknown): value is BillingError {
  return value instanceof BillingError;
}

/** Whether `value` is an object of texts, as `details.fieldErrors` must be to be read: a message per field. */
export function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string')
  );
}

/** The message per field a refusal carries (`details.fieldErrors`), or undefined when it carries none readable. */
export function fieldErrorsOf(error: BillingError): Readonly<Record<string, string>> | undefined {
  const fields = error.details['fieldErrors'];
  return isStringRecord(fields) ? fields : undefined;
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
