// TopUpController: the add-funds form's payments: the store's one top-up slot, starting and re-running attempts, and
// the outcome events, fired once by the form that ran the attempt.
import type { ReactiveControllerHost } from 'lit';
import { isSameMoney, type Money } from '../../money/money.js';
import type { PaymentProvider } from '../../payments/payment-provider.js';
import type { BillingStore } from '../../store/billing-store.js';
import { BeforePayEvent, FundsAddedEvent, PaymentFailedEvent, type PaymentSourceSummary } from './events.js';
import { TopUpAttempt, type TopUpAttemptSource } from './top-up-attempt.js';
import type { TopUpTiming } from './top-up-timing.js';

/** How long after a top-up the same amount again asks first, unless the dialog says otherwise. */
export const DEFAULT_REPEAT_WINDOW_SECONDS = 600;

export interface TopUpControllerOptions {
  store: () => BillingStore | undefined;
  provider: () => PaymentProvider | undefined;
  timing: () => TopUpTiming;
  locale: () => string;
  /** Where a provider that draws its own 3-D Secure challenge may draw it. */
  challengeContainer: () => HTMLElement | undefined;
}

/** The chosen card for a new attempt: how to charge it, and how the host's `billing-before-pay` names it. */
export interface ChosenSource {
  source: TopUpAttemptSource;
  summary: PaymentSourceSummary;
}

/**
 * Not registered as a ReactiveController: a payment lives in the store and outlives the form (closing, leaving the
 * page), so nothing here follows the host's lifecycle; the host re-renders on each change of an attempt.
 */
export class TopUpController {
  /** Attempts this form ran: only their owner fires the outcome events, once. */
  private readonly owned = new WeakSet<TopUpAttempt>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: TopUpControllerOptions,
  ) {}

  /** The store's top-up (started here or in another dialog), when it is one of ours. */
  get current(): TopUpAttempt | undefined {
    const active = this.options.store()?.activeTopUp;
    return active instanceof TopUpAttempt ? active : undefined;
  }

  get paying(): boolean {
    const attempt = this.current;
    return attempt !== undefined && !attempt.settled;
  }

  /** The store's last succeeded top-up when `amount` repeats it within `windowSeconds` (0 or less: never). */
  repeatOf(amount: Money, windowSeconds: number): { amount: Money; at: number } | undefined {
    const last = this.options.store()?.lastSucceededTopUp;
    // An unreadable window (repeat-window="soon") keeps the default rather than silently turning the question off.
    const seconds = Number.isFinite(windowSeconds) ? windowSeconds : DEFAULT_REPEAT_WINDOW_SECONDS;
    if (!last || seconds <= 0 || !isSameMoney(last.amount, amount)) return undefined;
    return Date.now() - last.at < seconds * 1000 ? last : undefined;
  }

  /** Runs an attempt again with its own key: resumes an interrupted one, or asks the backend about an unknown outcome. */
  rerun(attempt: TopUpAttempt): void {
    this.owned.add(attempt);
    void attempt.run();
  }

  /**
   * Starts a new payment unless the host vetoes it (`billing-before-pay`) or the store's slot is taken. `replacing`
   * is the unconfirmed attempt the person knowingly set aside. True when it started.
   */
  start(amount: Money, chosen: ChosenSource, replacing?: TopUpAttempt): boolean {
    const store = this.options.store();
    if (!store || !this.host.dispatchEvent(new BeforePayEvent(amount, chosen.summary))) return false;
    const attempt = new TopUpAttempt({
      client: store.client,
      provider: this.options.provider(),
      amount,
      source: chosen.source,
      sourceLabel: chosen.summary.label,
      timing: this.options.timing(),
      challengeContainer: this.options.challengeContainer,
      locale: this.options.locale,
      onChange: (changed) => this.onAttemptChange(store, changed),
    });
    if (!store.beginTopUp(attempt, replacing ? { replacingUnknown: replacing } : {})) return false;
    this.rerun(attempt);
    return true;
  }

  private onAttemptChange(store: BillingStore, attempt: TopUpAttempt): void {
    // The store remembers a success (a reopened or second dialog asks before the same amount again) and reads the new balance.
    store.notifyTopUpChanged(attempt);
    this.host.requestUpdate();
    if (!this.owned.has(attempt)) return;
    const topUp = attempt.topUp;
    if (attempt.status === 'succeeded' && topUp?.status === 'succeeded') {
      this.host.dispatchEvent(new FundsAddedEvent(topUp));
    } else if (attempt.status === 'declined' && attempt.failure) {
      this.host.dispatchEvent(
        new PaymentFailedEvent({ amount: attempt.amount, code: attempt.failure.code, message: attempt.failure.message, topUp }),
      );
    }
  }
}

/** Whether a new press of Pay asks for exactly what an interrupted attempt asked: then it resumes, with its key. */
export function sameAttempt(attempt: TopUpAttempt, amount: Money, source: TopUpAttemptSource): boolean {
  if (!isSameMoney(attempt.amount, amount)) return false;
  const previous = attempt.source;
  if (previous.type === 'saved_card') return source.type === 'saved_card' && source.paymentMethodId === previous.paymentMethodId;
  return source.type === 'new_card' && source.cardEntry === previous.cardEntry && source.saveCard === previous.saveCard;
}
