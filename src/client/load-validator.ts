// Loads the response validator (validator.ts: zod and the schemas, about 11 KB gzipped) on the first request instead
// of with the page, so it downloads while that request is on its way. Nothing reads a response before it.
import { BillingError } from './errors.js';

export type Validator = typeof import('./validator.js');

let importValidator = (): Promise<Validator> => import('./validator.js');
let loading: Promise<Validator> | undefined;
let loaded: Validator | undefined;

/**
 * The validator, imported once and shared. A failed download rejects with a retryable `network` BillingError
 * (the person's connection is the likely cause, and Try again helps), and the next call imports it afresh.
 */
export function loadValidator(): Promise<Validator> {
  if (loading) return loading;
  const attempt = importValidator().then(
    (validator) => {
      loaded = validator;
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

/**
 * Called by validator.ts as it evaluates. A page that loaded the validator's code already (a static import, or a chunk
 * that arrived with another widget's request) then has it at once: import() of an evaluated module still settles a
 * task later, after the first frame, and the first rows waited a frame or more for it.
 */
export function provideValidator(validator: Validator): void {
  if (loaded) return;
  loaded = validator;
  loading = Promise.resolve(validator);
}

/** The validator when it has loaded already, for work that must not wait a turn (a change-feed push). */
export function loadedValidator(): Validator | undefined {
  return loaded;
}

/**
 * Swaps what loadValidator imports (a test's failing or slow download) and forgets the loaded one; the function it
 * returns puts the real import back.
 */
export function replaceValidatorImport(replacement: () => Promise<Validator>): () => void {
  const original = importValidator;
  importValidator = replacement;
  loading = undefined;
  loaded = undefined;
  return () => {
    importValidator = original;
    loading = undefined;
    loaded = undefined;
  };
}
