// The error a usage backend earns by breaking the cursor contract, so the list stops with "Try again" instead of looping or showing rows twice.
import { BillingError } from '../../client/errors.js';

/**
 * `repeated_cursor`: a nextCursor already seen in this query (walking on would read the same rows again, forever).
 * `uneven_page`: a page of another size than asked for that still says more follow (rows after it have no fixed place).
 */
export type UsagePagingFault = 'repeated_cursor' | 'uneven_page';

const MESSAGES: Record<UsagePagingFault, string> = {
  repeated_cursor: 'The usage service sent a page it had already sent, so reading stopped before the end.',
  uneven_page: 'The usage service sent a page of the wrong size, so reading stopped before the end.',
};

/** Rejected by the pager and the CSV export; `details.usagePaging` names the fault, so code without this class can read it. */
export class UsagePagingError extends BillingError {
  readonly fault: UsagePagingFault;

  constructor(fault: UsagePagingFault) {
    // Retryable: "Try again" reads the query again from its first page, which a backend that hiccuped may answer right.
    super('unknown', { message: MESSAGES[fault], retryable: true, details: { usagePaging: fault } });
    this.fault = fault;
  }
}

/** The paging fault an error stands for, if any (reads `details`, so it also works on a copy). */
export function usagePagingFault(error: BillingError | undefined): UsagePagingFault | undefined {
  const fault = error?.details['usagePaging'];
  return fault === 'repeated_cursor' || fault === 'uneven_page' ? fault : undefined;
}
