// Loads the response validator (validator.ts: zod and the schemas, about 11 KB gzipped) on the first request instead
// of with the page, so it downloads while that request is on its way. Nothing reads a response before it.
import { BillingError } from './errors.js';
import { forgetValidator, provideValidator, providedValidator, type Validator } from './validator-slot.js';

export type { Validator };

let importValidator = (): Promise<Validator> => import('./validator.js');
let loading: Promise<Validator> | undefined;

/**
 * The validator, imported once and shared; at once (a resolved promise) when its code has run already. A failed
 * download rejects with a retryable `network` BillingError (the person's connection is the likely cause, and Try again
 * helps), and the next call imports it afresh.
 */
export function loadValidator(): Promise<Validator> {
  if (loading) return loading;
  const ready = providedValidator();
  if (ready) return (loading = Promise.resolve(ready));
  const attempt = importValidator().then(
    (validator) => {
      provideValidator(validator);
      return validator;
    },
    (error: unknown) => {
      if (loading === attempt) loading = undefined;
      throw new BillingError('network', { details: { validator: 'unavailable' }, cause: error });
    },
  );
  // Callers start the download beside a request and may settle without waiting for it (the request failed first).
  attempt.catch(() => undefined);
  loading = attempt;
  return attempt;
}

/** The validator when it has loaded already, for work that must not wait a turn (a change-feed push). */
export { providedValidator as loadedValidator };

/**
 * Swaps what loadValidator imports (a test's failing or slow download) and forgets the loaded one; the function it
 * returns puts the real import back.
 */
export function replaceValidatorImport(replacement: () => Promise<Validator>): () => void {
  const original = importValidator;
  importValidator = replacement;
  loading = undefined;
  forgetValidator();
  return () => {
    importValidator = original;
    loading = undefined;
    forgetValidator();
  };
}
