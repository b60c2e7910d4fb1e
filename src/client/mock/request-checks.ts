// How the mock refuses a request it cannot read: the BillingErrors for a bad field, an unreadable amount,
// a token that is not a test card, and a declined card, worded as the reference server words them.
import type { WordedProblem } from '../../rules/api-messages.js';
import { BillingError } from '../errors.js';
import type { Money } from '../../money/money.js';
import { resolveTestCardToken, type ResolvedTestCardToken } from '../../payments/test-cards.js';

export function validationError(message: string, details: Record<string, unknown> = {}): BillingError {
  return new BillingError('validation', { message, details });
}

/** A rule's refusal: its English, and the key and values the widget words it by in the reader's language. */
export function problemError(problem: WordedProblem, details: Record<string, unknown> = {}): BillingError {
  const { message, messageKey, params } = problem;
  return new BillingError('validation', { message, messageKey, params, details });
}

export function declinedError(declineCode: string, message: string): BillingError {
  return new BillingError('card_declined', { message, details: { declineCode } });
}

/** Checks a Money from a request: integer minor units in the account currency. */
export function checkMoney(value: Money | undefined, field: string, currency: string): number {
  if (!value || typeof value.amount !== 'number' || !Number.isSafeInteger(value.amount) || value.amount < 0) {
    throw validationError(`${field} must be a whole, non-negative number of minor units.`, { field });
  }
  if (value.currency !== currency) {
    throw validationError(`Amounts for this account are in ${currency}.`, { field });
  }
  return value.amount;
}

export function resolveToken(providerToken: string): ResolvedTestCardToken {
  const resolved = resolveTestCardToken(providerToken);
  if (!resolved) {
    throw validationError('The mock billing service accepts test card tokens only, such as test_card_4242424242424242.', {
      field: 'providerToken',
    });
  }
  return resolved;
}
