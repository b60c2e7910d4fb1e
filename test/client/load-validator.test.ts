// The validator (zod and the schemas) loads on the first request: a download that fails or stalls is a retryable
// BillingError, never a hang and never a response let through unchecked.
import { expect } from '@open-wc/testing';
import { BillingError } from '../../src/client/errors.js';
import { HttpBillingClient } from '../../src/client/http-client.js';
import { loadedValidator, loadValidator, replaceValidatorImport, type Validator } from '../../src/client/load-validator.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import type { BillingChange } from '../../src/client/schemas.js';
import { withValidation } from '../../src/client/validated-client.js';
import { provideValidator } from '../../src/client/validator-slot.js';
import * as validatorModule from '../../src/client/validator.js';
import { readyClient } from '../../stories/fixtures.js';
import { billingErrorOf } from '../helpers/rejection.js';

// Read before any test swaps the import: the static import above evaluated validator.ts.
const providedAtEvaluation = loadedValidator();
const realImport = (): Promise<Validator> => import('../../src/client/validator.js');
const failedDownload = (): Promise<Validator> => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

/** An import that fails `failures` times, then loads; counts its calls. */
function flakyImport(failures: number): (() => Promise<Validator>) & { calls: number } {
  const load = Object.assign(
    (): Promise<Validator> => {
      load.calls += 1;
      return load.calls <= failures ? failedDownload() : realImport();
    },
    { calls: 0 },
  );
  return load;
}

function expectValidatorUnavailable(error: BillingError): void {
  expect(error.code).to.equal('network');
  expect(error.retryable).to.equal(true);
  expect(error.messageKey).to.equal('errors.network');
  expect(error.details['validator']).to.equal('unavailable');
}

const mock = new MockBillingClient();
const account = await mock.getAccount();
const settings = await mock.getAutoRecharge();

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** A fetch answering every call with `body`, counting the calls. */
function answering(body: unknown): typeof fetch & { calls: number } {
  const impl = Object.assign(
    (): Promise<Response> => {
      impl.calls += 1;
      return Promise.resolve(json(body));
    },
    { calls: 0 },
  );
  return impl;
}

describe('the validator, loaded on the first request', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('reports a failed download as a retryable network BillingError, and imports afresh on the next call', async () => {
    const load = flakyImport(1);
    restore = replaceValidatorImport(load);
    expectValidatorUnavailable(await billingErrorOf(loadValidator()));
    const validator = await loadValidator();
    expect(validator.ROUTES.getAccount.path).to.equal('/v1/account');
    await loadValidator();
    expect(load.calls).to.equal(2);
  });

  it('has the validator at once when its code has run already, without waiting for import() to settle', async () => {
    // Compared by identity: a failing diff of the schema graph would take the runner minutes to print.
    expect(providedAtEvaluation?.ROUTES === validatorModule.ROUTES, 'validator.ts handed itself over as it evaluated').to.equal(true);
    // An import that never settles: the code evaluated another way (a static import, another chunk) is what answers.
    restore = replaceValidatorImport(() => new Promise<Validator>(() => undefined));
    provideValidator(validatorModule);
    const host = readyClient();
    const read = withValidation(host).getAccount();
    const settled = await Promise.race([read, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1000))]);
    expect(settled).to.have.property('id', (await host.getAccount()).id);
  });

  describe('withValidation', () => {
    it('rejects a read whose validator did not download, rather than resolving with the unchecked answer', async () => {
      restore = replaceValidatorImport(failedDownload);
      expectValidatorUnavailable(await billingErrorOf(withValidation(readyClient()).getAccount()));
    });

    it('does not send a change to the host when the validator did not download', async () => {
      restore = replaceValidatorImport(failedDownload);
      const host = readyClient();
      let sent = 0;
      host.saveAutoRecharge = (request) => {
        sent += 1;
        return mock.saveAutoRecharge(request);
      };
      const error = await billingErrorOf(withValidation(host).saveAutoRecharge({ ...settings, expectedVersion: settings.version }));
      expectValidatorUnavailable(error);
      expect(sent).to.equal(0);
    });

    it('holds change-feed pushes until the validator is here, then delivers the readable ones in order', async () => {
      let finish: () => void = () => {};
      restore = replaceValidatorImport(() => new Promise<void>((resolve) => (finish = resolve)).then(realImport));
      const host = readyClient();
      const received: BillingChange[] = [];
      const originalWarn = console.warn;
      console.warn = () => {};
      try {
        const unsubscribe = withValidation(host).subscribe!((change) => received.push(change));
        host.push({ type: 'usage' });
        host.push({ type: 'mystery' });
        host.push({ type: 'account' });
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(received).to.deep.equal([]);
        finish();
        await loadValidator();
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(received).to.deep.equal([{ type: 'usage' }, { type: 'account' }]);
        unsubscribe();
      } finally {
        console.warn = originalWarn;
      }
    });
  });

  describe('HttpBillingClient', () => {
    it('tries a read again when the validator did not download, importing it afresh', async () => {
      const load = flakyImport(1);
      restore = replaceValidatorImport(load);
      const fetchImpl = answering(account);
      const http = new HttpBillingClient({ baseUrl: '/api', fetch: fetchImpl });
      expect(await http.getAccount()).to.deep.equal(account);
      expect(load.calls).to.equal(2);
      expect(fetchImpl.calls).to.equal(2);
    });

    it('rejects a read with a retryable network error once its tries are spent, never with the unchecked answer', async () => {
      restore = replaceValidatorImport(failedDownload);
      const http = new HttpBillingClient({ baseUrl: '/api', fetch: answering(account), retries: 1 });
      expectValidatorUnavailable(await billingErrorOf(http.getAccount()));
    });

    it('does not send a change when the validator did not download', async () => {
      restore = replaceValidatorImport(failedDownload);
      const fetchImpl = answering(settings);
      const http = new HttpBillingClient({ baseUrl: '/api', fetch: fetchImpl });
      expectValidatorUnavailable(await billingErrorOf(http.saveAutoRecharge({ ...settings, expectedVersion: settings.version })));
      expect(fetchImpl.calls).to.equal(0);
    });

    it('times a stalled download out like a server that does not answer', async () => {
      restore = replaceValidatorImport(() => new Promise<Validator>(() => {}));
      const http = new HttpBillingClient({ baseUrl: '/api', fetch: answering(account), timeoutMs: 60, retries: 0 });
      const error = await billingErrorOf(http.getAccount());
      expect(error.code).to.equal('network');
      expect(error.messageKey).to.equal('errors.timeout');
      expect(error.retryable).to.equal(true);
    });
  });
});
