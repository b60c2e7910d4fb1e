// Where the validator is once its code has run: validator.ts puts itself here as it evaluates, load-validator.ts when
// its import settles. A module of its own, so the validator (which load-validator imports) need not import it back.
import type { ErrorBodySchema, ROUTES } from './routes.js';
import type { AutoRechargeSettings, BillingChangeSchema } from './schemas.js';

/** What validator.ts exports. */
export interface Validator {
  ROUTES: typeof ROUTES;
  ErrorBodySchema: typeof ErrorBodySchema;
  BillingChangeSchema: typeof BillingChangeSchema;
  readAutoRechargeSettings: (value: unknown) => AutoRechargeSettings | undefined;
}

let current: Validator | undefined;

/**
 * Called by validator.ts as it evaluates. A page that ran the validator's code already (a static import, or the chunk
 * that came with another widget's request) then has it at once: import() of an evaluated module still settles a task
 * later, after the first frame, and the table's first rows waited that long for it.
 */
export function provideValidator(validator: Validator): void {
  current ??= validator;
}

/** The validator when its code has run, else undefined. */
export function providedValidator(): Validator | undefined {
  return current;
}

/** Forgets it (a test swapping the import). */
export function forgetValidator(): void {
  current = undefined;
}
