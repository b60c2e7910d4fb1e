// How a client reports a response it cannot read: the issues found (never the input itself) in one BillingError shape.
import type * as z from 'zod/mini';
import { BillingError } from './errors.js';
import { UNREADABLE_RESPONSE_MESSAGE } from '../i18n/messages/errors.js';

/** One problem found in a response, without the offending input (it may be large or hostile). */
export interface ResponseIssue {
  path: string;
  code: string;
  message: string;
}

/** The English text of an unreadable response; the widgets show the catalog's wording for it (key `errors.unreadable`). */
export { UNREADABLE_RESPONSE_MESSAGE };

/** `unknown`, retryable, with the issues (and e.g. the HTTP status) in `details`. */
export function unreadableResponse(issues: ResponseIssue[], details: Record<string, unknown> = {}, cause?: unknown): BillingError {
  return new BillingError('unknown', {
    message: UNREADABLE_RESPONSE_MESSAGE,
    messageKey: 'errors.unreadable',
    retryable: true,
    details: { issues, ...details },
    cause,
  });
}

/** Parses with a schema; a refinement that throws (e.g. a currency table that failed to load) is reported like any other issue. */
export function checkResponse<S extends z.ZodMiniType>(
  schema: S,
  raw: unknown,
): { success: true; data: z.infer<S> } | { success: false; issues: ResponseIssue[]; cause?: unknown } {
  try {
    const result = schema.safeParse(raw);
    if (result.success) return { success: true, data: result.data };
    return {
      success: false,
      issues: result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        code: issue.code,
        message: issue.message,
      })),
    };
  } catch (error) {
    return { success: false, issues: [{ path: '', code: 'exception', message: String(error) }], cause: error };
  }
}
