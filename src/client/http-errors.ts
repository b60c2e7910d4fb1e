// How the HTTP client reads a failed answer: Retry-After, the code a bare status stands for, and an error body as a BillingError.
import { BillingError, isStringRecord, type BillingErrorCode } from './errors.js';
import type { ResponseIssue } from './response-check.js';
import type { ErrorBody } from './routes.js';
import type { AutoRechargeSettings } from './schemas.js';

/** Retry-After as delta-seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** The code a bare status stands for, when the body is not a proper error body. */
export function codeForStatus(status: number): BillingErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'validation';
    case 401:
      return 'unauthorized';
    case 402:
      return 'card_declined';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not_found';
    case 408:
      return 'network';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    case 502:
    case 503:
    case 504:
      return 'unavailable';
    default:
      return 'unknown';
  }
}

/**
 * Turns a `{ error: { code, message, details } }` body into a BillingError, keeping only the
 * details widgets act on when they have the shape they are read with (`readSettings` checks a conflict's settings).
 */
export function errorFromBody(
  body: ErrorBody,
  status: number,
  retryAfterMs: number | null,
  readSettings: (value: unknown) => AutoRechargeSettings | undefined,
): BillingError {
  const { code, message, retryable, messageKey, params } = body.error;
  const details: Record<string, unknown> = { ...(body.error.details ?? {}), status };
  if ('fieldErrors' in details && !isStringRecord(details['fieldErrors'])) delete details['fieldErrors'];
  if ('current' in details) {
    const current = readSettings(details['current']);
    // Unreadable settings are dropped rather than passed on: the widget then reads them afresh.
    if (current) details['current'] = current;
    else delete details['current'];
  }
  if (retryAfterMs !== null) details['retryAfterMs'] = retryAfterMs;
  return new BillingError(code, {
    message,
    details,
    ...(retryable === undefined ? {} : { retryable }),
    // The server's key for its own wording, so the widget shows it in the reader's language; none means its own words.
    ...(messageKey === undefined ? {} : { messageKey, params: params ?? {} }),
  });
}

export function errorFromStatus(status: number, retryAfterMs: number | null, issues?: ResponseIssue[]): BillingError {
  const details: Record<string, unknown> = { status };
  if (retryAfterMs !== null) details['retryAfterMs'] = retryAfterMs;
  if (issues) details['issues'] = issues;
  return new BillingError(codeForStatus(status), { details });
}
