// Fault injection for MockBillingClient: simulated latency, queued errors (failNext) and lost responses
// (dropNextResponse), so tests and stories reach the paths a real backend only takes by accident.
import type { BillingClient, RequestOptions } from '../billing-client.js';
import { BillingError, type BillingErrorCode } from '../errors.js';
import { simulatedLatency } from './clock.js';

/** Every BillingClient method the fault-injection hooks can target. */
export type BillingClientMethodName = Exclude<keyof BillingClient, 'subscribe'>;

interface PendingFault {
  remaining: number;
  readonly code: BillingErrorCode;
  readonly message: string | undefined;
}

export class MockFaults {
  private latencyMs = 0;
  private readonly pendingFaults = new Map<BillingClientMethodName, PendingFault[]>();
  private readonly droppedResponses = new Map<BillingClientMethodName, number>();

  setLatency(milliseconds: number): void {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError('MockBillingClient: latency must be a non-negative number of milliseconds');
    }
    this.latencyMs = milliseconds;
  }

  failNext(method: BillingClientMethodName, count: number, code: BillingErrorCode, message?: string): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('MockBillingClient.failNext: count must be a positive integer');
    const queue = this.pendingFaults.get(method) ?? [];
    queue.push({ remaining: count, code, message });
    this.pendingFaults.set(method, queue);
  }

  dropNextResponse(method: BillingClientMethodName): void {
    this.droppedResponses.set(method, (this.droppedResponses.get(method) ?? 0) + 1);
  }

  /** One call as the network would carry it: latency, then a queued fault or `apply`, then perhaps a lost response. */
  async run<T>(method: BillingClientMethodName, options: RequestOptions | undefined, apply: () => T): Promise<T> {
    // The request "reaches the server" after the latency: an abort before then changes nothing.
    await simulatedLatency(this.latencyMs, options?.signal);
    const fault = this.takeFault(method);
    if (fault) throw fault;
    const result = apply();
    if (this.takeDroppedResponse(method)) {
      // The stock network text, as a real lost response gives (fetch's TypeError): widgets show it in their language.
      throw new BillingError('network');
    }
    return result;
  }

  private takeFault(method: BillingClientMethodName): BillingError | null {
    const queue = this.pendingFaults.get(method);
    const fault = queue?.[0];
    if (!queue || !fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) queue.shift();
    return new BillingError(fault.code, fault.message === undefined ? {} : { message: fault.message });
  }

  private takeDroppedResponse(method: BillingClientMethodName): boolean {
    const pending = this.droppedResponses.get(method) ?? 0;
    if (pending <= 0) return false;
    this.droppedResponses.set(method, pending - 1);
    return true;
  }
}
