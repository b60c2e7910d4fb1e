// The Stripe provider's plumbing: an outlet in the light DOM that renders inside a shadow root, and waiting on Stripe
// with an abort signal and a deadline.
import { cardEntryUnavailableError } from './payment-provider.js';

let outletCount = 0;

/**
 * A light-DOM element that renders inside `container`: for each shadow root between the
 * container and the document, a named <slot> goes in on the inside and the next outlet is
 * appended to that root's host.
 */
export function projectIntoLightDom(container: HTMLElement): { mountPoint: HTMLElement; release: () => void } {
  const created: Element[] = [];
  let mountPoint = container;
  let root = mountPoint.getRootNode();
  while (root instanceof ShadowRoot) {
    outletCount += 1;
    const name = `billing-card-entry-${outletCount}`;
    const slot = document.createElement('slot');
    slot.name = name;
    mountPoint.append(slot);
    const outlet = document.createElement('div');
    outlet.slot = name;
    outlet.className = 'billing-card-entry-outlet';
    root.host.append(outlet);
    created.push(slot, outlet);
    mountPoint = outlet;
    root = outlet.getRootNode();
  }
  return { mountPoint, release: () => created.forEach((node) => node.remove()) };
}

/** Races `promise` against the signal and an optional deadline (which means unavailable). */
export function withAbortAndTimeout<T>(promise: Promise<T>, signal: AbortSignal | undefined, timeoutMs?: number): Promise<T> {
  if (!signal && timeoutMs === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => {
      cleanup();
      reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    const cleanup = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        cleanup();
        reject(cardEntryUnavailableError(new Error(`Stripe did not load within ${timeoutMs} ms.`)));
      }, timeoutMs);
    }
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}
