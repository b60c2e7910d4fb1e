// The contract kit's assertions: no chai or node:assert, so the kit runs under any test runner, and each failure
// carries what was expected and what came back. Errors are recognised by shape, not class (see isBillingErrorLike).
import type * as z from 'zod/mini';
import type { BillingErrorCode } from '../client/errors.js';

/** Thrown by the kit's assertions; carries what was expected and what came back. */
export class ContractAssertionError extends Error {
  override readonly name = 'ContractAssertionError';
  constructor(
    message: string,
    readonly actual?: unknown,
    readonly expected?: unknown,
  ) {
    super(message);
  }
}

export function describeValue(value: unknown): string {
  try {
    // undefined for undefined, a function or a symbol, though the DOM library types it string.
    const text = JSON.stringify(value) as string | undefined;
    return text === undefined ? String(value) : text.length > 400 ? `${text.slice(0, 400)}…` : text;
  } catch {
    return String(value);
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ContractAssertionError(message);
}

/** Structural equality for JSON-like values (what every BillingClient returns). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const leftKeys = Object.keys(left).filter((key) => left[key] !== undefined);
  const rightKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && deepEqual(left[key], right[key]));
}

export function assertEqual(actual: unknown, expected: unknown, message: string): void {
  if (!deepEqual(actual, expected)) {
    throw new ContractAssertionError(
      `${message}\n  expected: ${describeValue(expected)}\n  actual:   ${describeValue(actual)}`,
      actual,
      expected,
    );
  }
}

/** The value, parsed by its schema: a client must only ever resolve with data that passes them. */
export function valid<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
    throw new ContractAssertionError(`${what} returned data that fails its schema:\n  ${issues.join('\n  ')}`, value);
  }
  return result.data;
}

export interface BillingErrorLike {
  name: string;
  code: BillingErrorCode;
  message: string;
  retryable: boolean;
  details: Record<string, unknown>;
}

// Duck-typed: the client and the kit may come from different bundles, each with its own BillingError class.
function isBillingErrorLike(value: unknown): value is BillingErrorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'BillingError' &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { details?: unknown }).details === 'object'
  );
}

export async function rejectsWith(promise: Promise<unknown>, code: BillingErrorCode, what: string): Promise<BillingErrorLike> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    if (!isBillingErrorLike(error)) {
      throw new ContractAssertionError(
        `${what} must reject with a BillingError "${code}", but threw ${describeValue(String(error))}`,
        error,
      );
    }
    if (error.code !== code) {
      throw new ContractAssertionError(`${what} must reject with code "${code}", got "${error.code}": ${error.message}`, error.code, code);
    }
    return error;
  }
  throw new ContractAssertionError(
    `${what} must reject with a BillingError "${code}", but resolved with ${describeValue(outcome)}`,
    outcome,
  );
}
