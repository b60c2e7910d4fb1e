// AddCardController: "Add a card" without a charge, for every widget that offers it (auto-recharge, payment methods):
// the provider's card entry in setup mode, tokenized and saved through the store.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbortError } from '../client/errors.js';
import type { PaymentMethod } from '../client/schemas.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import type { BillingStore } from '../store/billing-store.js';
import { CardEntryController } from './card-entry-controller.js';

export interface AddCardOptions {
  provider: () => PaymentProvider | undefined;
  locale: () => string;
  store: () => BillingStore | undefined;
  /** A failure's words in the element's language. */
  errorMessage: (error: unknown) => string;
  /** The card was saved and every list of cards on the store holds it. */
  onAdded: (card: PaymentMethod) => void;
  /** Moves focus to the element's part of that name after the next render. */
  focusPart: (name: string) => void;
}

/**
 * "Add a card": opens the provider's card entry (mode `setup`), saves the tokenized card through the store without
 * charging it, and closes. `step` is `closed` (the button), `entry` (the card entry with Save card) or `saving`.
 */
export class AddCardController implements ReactiveController {
  step: 'closed' | 'entry' | 'saving' = 'closed';
  /** Why the card entry could not load, or the card could not be saved; shown under the button or the entry. */
  error = '';
  readonly cardEntry: CardEntryController;
  private readonly aborts = new Set<AbortController>();

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
    private readonly options: AddCardOptions,
  ) {
    host.addController(this);
    this.cardEntry = new CardEntryController(host, {
      mode: 'setup',
      provider: options.provider,
      locale: options.locale,
      unavailableMessage: options.errorMessage,
    });
  }

  hostDisconnected(): void {
    for (const controller of this.aborts) controller.abort();
    this.aborts.clear();
    this.step = 'closed';
  }

  /** Shows the card entry, mounted in the `card-entry` part, and focuses it once a person can type. */
  async open(currency: string): Promise<void> {
    this.error = '';
    this.step = 'entry';
    this.host.requestUpdate();
    await this.host.updateComplete;
    const container = this.host.renderRoot.querySelector<HTMLElement>('[part~="card-entry"]');
    if (!container) return;
    const entry = await this.cardEntry.mount(container, { currency });
    if (entry) {
      entry.focus();
    } else if (this.cardEntry.status === 'unavailable') {
      const message = this.cardEntry.message;
      this.close();
      this.error = message;
    }
  }

  async save(): Promise<void> {
    const entry = this.cardEntry.entry;
    const store = this.options.store();
    if (!entry || !store || this.step !== 'entry') return;
    this.step = 'saving';
    this.error = '';
    this.host.requestUpdate();
    const controller = new AbortController();
    this.aborts.add(controller);
    try {
      const token = await entry.tokenize({ signal: controller.signal, saveCard: true });
      if (!token.ok) {
        this.error = token.message;
        this.step = 'entry';
        return;
      }
      const card = await store.addPaymentMethod({ providerToken: token.providerToken }, { signal: controller.signal });
      if (controller.signal.aborted) return;
      this.close();
      this.options.onAdded(card);
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) return;
      this.error = this.options.errorMessage(error);
      this.step = 'entry';
    } finally {
      this.aborts.delete(controller);
      this.host.requestUpdate();
    }
  }

  cancel(): void {
    this.close();
    this.options.focusPart('add-card-button');
  }

  private close(): void {
    this.cardEntry.destroy();
    this.step = 'closed';
    this.host.requestUpdate();
  }
}
