// Top-up limits: pure functions on integer minor units of the account currency (no DOM, no Intl, no words).
// The widgets, MockBillingClient and the reference server all ask these; each turns the codes into its own words.

/** The smallest and largest single payment an account accepts, in minor units. */
export interface TopUpBounds {
  minimum: number;
  maximum: number;
}

/** Why a top-up amount is refused, with the limit it broke. */
export type TopUpAmountProblem =
  | { field: 'amount'; code: 'below_minimum'; minimum: number }
  | { field: 'amount'; code: 'above_maximum'; maximum: number }
  | { field: 'amount'; code: 'not_positive' };

/** True when `amount` lies within the bounds, both ends included. */
export function isWithinTopUpBounds(amount: number, bounds: TopUpBounds): boolean {
  return amount >= bounds.minimum && amount <= bounds.maximum;
}

/**
 * Checks one payment's amount against the account's limits: below the minimum first, then above the
 * maximum, then zero (only reachable when the minimum is zero). `null` when the amount is accepted.
 */
export function checkTopUpAmount(amount: number, bounds: TopUpBounds): TopUpAmountProblem | null {
  if (amount < bounds.minimum) return { field: 'amount', code: 'below_minimum', minimum: bounds.minimum };
  if (amount > bounds.maximum) return { field: 'amount', code: 'above_maximum', maximum: bounds.maximum };
  if (amount <= 0) return { field: 'amount', code: 'not_positive' };
  return null;
}
