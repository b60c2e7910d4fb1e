// Time for the mock client: an injectable clock, a hand-driven clock for tests, and abortable simulated latency.
import { abortableDelay, abortReason } from '../abort.js';

/** Returns the current instant; the mock reads time only through this, so tests can fix and move it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * A clock that only moves when told to. Pass `clock.now` as the mock's `clock` option.
 * `now` is an arrow property so it can be handed over without binding.
 */
export class ManualClock {
  private currentMs: number;

  constructor(start: Date | string | number) {
    this.currentMs = new Date(start).getTime();
    if (Number.isNaN(this.currentMs)) throw new RangeError(`ManualClock: invalid start ${String(start)}`);
  }

  readonly now: Clock = () => new Date(this.currentMs);

  advance(milliseconds: number): void {
    this.currentMs += milliseconds;
  }

  set(instant: Date | string | number): void {
    const ms = new Date(instant).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`ManualClock: invalid instant ${String(instant)}`);
    this.currentMs = ms;
  }
}

/**
 * Waits `milliseconds` of simulated network time, rejecting as soon as the signal aborts.
 * Zero still yields once, so every call stays asynchronous like a real request.
 */
export function simulatedLatency(milliseconds: number, signal?: AbortSignal): Promise<void> {
  if (milliseconds > 0) return abortableDelay(milliseconds, signal);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) reject(abortReason(signal));
    else queueMicrotask(() => (signal?.aborted ? reject(abortReason(signal)) : resolve()));
  });
}
