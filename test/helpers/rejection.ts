// What a promise rejects with, for tests that check failures: the test fails if it resolves instead.
import { expect } from '@open-wc/testing';
import { BillingError } from '../../src/client/errors.js';

/** The reason `promise` rejects with; throws when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** The BillingError `promise` rejects with; fails when it resolves or rejects with anything else. */
export async function billingErrorOf(promise: Promise<unknown>): Promise<BillingError> {
  const error = await rejectionOf(promise);
  expect(error, String(error)).to.be.instanceOf(BillingError);
  return error as BillingError;
}
