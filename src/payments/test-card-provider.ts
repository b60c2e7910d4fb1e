// TestCardPaymentProvider: a card form of its own for Stripe's published test cards, and a simulated 3-D Secure challenge, for the demo, stories and tests.
import { abortableDelay } from '../client/abort.js';
import { throwIfAborted } from '../client/errors.js';
import { loadLocaleMessages, needsLocaleMessages } from '../i18n/catalog.js';
import {
  cardEntryUnavailableError,
  type CardEntry,
  type HandleNextActionOptions,
  type MountCardEntryOptions,
  type NextAction,
  type NextActionResult,
  type PaymentProvider,
} from './payment-provider.js';
import { runChallenge } from './test-card-challenge.js';
import { TestCardEntry } from './test-card-entry.js';
import { DECLINE_MESSAGES } from './test-cards.js';
import { localeAround } from './test-card-words.js';

export type { TestCardEntryMessages } from '../i18n/messages/test-card-entry.js';
export { defaultTestCardEntryMessages } from './test-card-words.js';

export interface TestCardPaymentProviderOptions {
  /** Makes mountCardEntry reject as Stripe does when it cannot load (the "unavailable" story). */
  unavailable?: boolean;
  /** Skips the challenge panel and ends 3-D Secure this way (tests, stories). */
  autoCompleteChallenge?: 'succeed' | 'fail';
  /** Simulated network time for mounting, tokenizing and an auto-completed challenge. */
  latencyMs?: number;
}

const AUTHENTICATION_FAILED: NextActionResult = {
  ok: false,
  code: 'authentication_failed',
  message: DECLINE_MESSAGES.authentication_failed,
};

/**
 * Accepts only the cards in `TEST_CARDS` and tokenizes them as `test_card_<digits>`. These are
 * public test numbers, so the token may carry them; nothing else leaves the form.
 */
export class TestCardPaymentProvider implements PaymentProvider {
  readonly id = 'test-cards';
  readonly testMode = true;

  readonly #options: TestCardPaymentProviderOptions;
  /** Live entries, newest last: a challenge without a container is drawn in the newest. */
  readonly #entries: TestCardEntry[] = [];

  constructor(options: TestCardPaymentProviderOptions = {}) {
    this.#options = options;
  }

  async mountCardEntry(container: HTMLElement, options: MountCardEntryOptions): Promise<CardEntry> {
    throwIfAborted(options.signal);
    await abortableDelay(this.#options.latencyMs ?? 0, options.signal);
    if (this.#options.unavailable) throw cardEntryUnavailableError(new Error('TestCardPaymentProvider({ unavailable: true })'));
    const locale = options.locale ?? localeAround(container);
    // The language's catalog, fetched like the widgets' (never rejects: English if it cannot load).
    if (needsLocaleMessages(locale)) {
      await loadLocaleMessages(locale);
      throwIfAborted(options.signal);
    }
    const entry = new TestCardEntry(container, locale, this.#options.latencyMs ?? 0, () => {
      this.#entries.splice(this.#entries.indexOf(entry), 1);
    });
    this.#entries.push(entry);
    // A person can type once the form has drawn itself.
    await entry.element.updateComplete;
    if (options.signal?.aborted) {
      entry.destroy();
      throwIfAborted(options.signal);
    }
    return entry;
  }

  async handleNextAction(nextAction: NextAction, options: HandleNextActionOptions = {}): Promise<NextActionResult> {
    throwIfAborted(options.signal);
    if (!nextAction.clientSecret) return AUTHENTICATION_FAILED;

    const automatic = this.#options.autoCompleteChallenge;
    if (automatic) {
      await abortableDelay(this.#options.latencyMs ?? 0, options.signal);
      return automatic === 'succeed' ? { ok: true } : AUTHENTICATION_FAILED;
    }

    const connected = this.#entries.filter((entry) => entry.container.isConnected);
    const target = options.container ?? connected.at(-1)?.container ?? null;
    // The form under the challenge is hidden, as Stripe's modal hides the page.
    const obscured = connected.find((entry) => entry.container === target) ?? null;
    // Asked for, else the form's it is drawn over (or one in the same widget), else the page's.
    const sameWidget = target ? connected.find((entry) => entry.container.getRootNode() === target.getRootNode()) : undefined;
    const locale = options.locale ?? (obscured ?? sameWidget)?.locale ?? localeAround(target);
    if (needsLocaleMessages(locale)) {
      await loadLocaleMessages(locale);
      throwIfAborted(options.signal);
    }
    const passed = await runChallenge(target, obscured, locale, options.signal);
    return passed ? { ok: true } : AUTHENTICATION_FAILED;
  }
}
