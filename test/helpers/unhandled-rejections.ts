// Fails a test that leaves an unhandled promise rejection behind (a widget or the store must never throw into the host page).
import { expect } from '@open-wc/testing';

/**
 * Registers beforeEach/afterEach in the calling describe: listens for unhandled rejections during each
 * test, runs `cleanup` (fixtures, subscriptions), lets pending promises settle, then expects none.
 */
export function failOnUnhandledRejections(cleanup: () => void | Promise<void> = () => {}): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (event: PromiseRejectionEvent): void => {
    unhandled.push(event.reason);
  };

  beforeEach(() => {
    unhandled.length = 0;
    window.addEventListener('unhandledrejection', onUnhandled);
  });

  afterEach(async () => {
    await cleanup();
    // Chromium reports a rejection in a task of its own, queued after the microtask checkpoint that left it
    // unhandled; a zero-delay timer can run before it (a rejection in the test's last tick went unseen), so wait a little longer.
    await new Promise((resolve) => setTimeout(resolve, 10));
    window.removeEventListener('unhandledrejection', onUnhandled);
    expect(unhandled, 'unhandled promise rejections').to.deep.equal([]);
  });
}
