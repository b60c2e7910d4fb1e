// Turns failures into the contract's error body (ErrorBodySchema) and status (ERROR_STATUS), never leaking a stack.
import type { Context } from 'hono';
import { BillingError } from '../src/client/errors.js';
import { ERROR_STATUS, type ErrorBody } from '../src/client/routes.js';
import type { WordedProblem } from '../src/rules/api-messages.js';

/** A 422 with per-field messages, the shape the widgets' forms read (details.fieldErrors). */
export function validationError(
  message: string,
  fieldErrors: Record<string, string> = {},
  details: Record<string, unknown> = {},
): BillingError {
  return new BillingError('validation', { message, details: { ...details, fieldErrors } });
}

/** A 422 for a rule's refusal: its English, and the key and values the widget words it by in the reader's language. */
export function problemError(
  problem: WordedProblem,
  fieldErrors: Record<string, string> = {},
  details: Record<string, unknown> = {},
): BillingError {
  const { message, messageKey, params } = problem;
  return new BillingError('validation', { message, messageKey, params, details: { ...details, fieldErrors } });
}

export function notFound(message: string): BillingError {
  return new BillingError('not_found', { message });
}

interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * zod issues keyed by their top-level field (amount, source, idempotencyKey …), first message per
 * field; the full path is kept in the message so nested problems stay findable.
 */
export function fieldErrorsOf(issues: readonly IssueLike[]): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'body';
    const where = issue.path.length > 1 ? `${issue.path.map(String).join('.')}: ` : '';
    fieldErrors[field] ??= `${where}${issue.message}`.slice(0, 500);
  }
  return fieldErrors;
}

export function invalidRequest(issues: readonly IssueLike[]): BillingError {
  const fieldErrors = fieldErrorsOf(issues);
  const first = Object.values(fieldErrors)[0] ?? 'The request is not valid.';
  return validationError(`Some details were not accepted: ${first}`.slice(0, 500), fieldErrors);
}

export function errorBody(error: BillingError): ErrorBody {
  const details = Object.keys(error.details).length > 0 ? error.details : undefined;
  return {
    error: {
      code: error.code,
      message: error.message.slice(0, 500),
      retryable: error.retryable,
      ...(details ? { details } : {}),
      // The library's own wording goes with its key, so the widget shows it in the reader's language.
      ...(error.messageKey ? { messageKey: error.messageKey } : {}),
      ...(Object.keys(error.params).length > 0 ? { params: error.params } : {}),
    },
  };
}

/** The response for anything a handler threw: BillingErrors as themselves, the rest as a bare 500. */
export function errorResponse(c: Context, thrown: unknown, headers: Record<string, string> = {}): Response {
  const error = thrown instanceof BillingError ? thrown : new BillingError('unknown', { cause: thrown });
  if (!(thrown instanceof BillingError)) console.error('billing server: unexpected error', thrown);
  return c.json(errorBody(error), ERROR_STATUS[error.code], headers);
}
