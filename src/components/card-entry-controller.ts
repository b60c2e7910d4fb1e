// CardEntryController: one PaymentProvider card entry's life in an element (mount, abort, locale, destroy).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbortError } from '../client/errors.js';
import type { Money } from '../money/money.js';
import type { CardEntry, CardEntryState, PaymentProvider } from '../payments/payment-provider.js';

/**
 * `idle`: nothing mounted; `loading`: the provider is drawing it; `ready`: a person can type;
 * `unavailable`: the provider could not load it (see `message`).
 */
export type CardEntryStatus = 'idle' | 'loading' | 'ready' | 'unavailable';

export interface CardEntryControllerOptions {
  /** `payment` pays a top-up now (give `amount` to mount); `setup` saves a card without charging it. */
  mode: 'payment' | 'setup';
  /** Read at each mount: the provider the host has now. */
  provider: () => PaymentProvider | undefined;
  /** The host's locale; a change reaches a mounted entry after the host's next update. */
  locale: () => string;
  /** Each change of the entry's completeness or error. */
  onChange?: (state: CardEntryState) => void;
  /** The words shown when the provider cannot load its card entry, in the host's language. */
  unavailableMessage: (error: unknown) => string;
}

export interface CardEntryMountOptions {
  /** ISO 4217. */
  currency: string;
  /** Required in `payment` mode. */
  amount?: Money;
  /**
   * The host already draws this entry as loading: it derives that from asking for one, in the render that drew the
   * container, and mounts from `updated()`. So 'loading' requests no second update; every later state does.
   */
  drawnAsLoading?: boolean;
}

/**
 * Owns one card entry at a time for its host: mounts it in a container the host rendered, passes the
 * host's locale on to it, and destroys it when asked or when the host leaves the page. Every status
 * change requests a host update, so a host renders from `status` and `message` alone.
 */
export class CardEntryController implements ReactiveController {
  status: CardEntryStatus = 'idle';
  /** Why the card entry is unavailable, in the host's language; empty otherwise. */
  message = '';
  /** The mounted card entry while `ready`. */
  entry?: CardEntry;
  /** Where the current (or loading) card entry is drawn: a host compares it with what it renders now. */
  container?: HTMLElement;
  /** The provider that drew the current (or loading) card entry. */
  provider?: PaymentProvider;

  private abort?: AbortController;
  private pending?: Promise<CardEntry | undefined>;
  /** The locale the mounted entry speaks. */
  private entryLocale?: string;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: CardEntryControllerOptions,
  ) {
    host.addController(this);
  }

  /**
   * Mounts the provider's card entry in `container` (connected to the document). One at a time: while
   * one is loading or ready, this returns it rather than mounting a second; after `unavailable`, call
   * `destroy()` to try again. Resolves with the entry, or undefined when there is no provider, the
   * provider failed, or `destroy()` came first.
   */
  mount(container: HTMLElement, options: CardEntryMountOptions): Promise<CardEntry | undefined> {
    if (this.status !== 'idle') return this.pending ?? Promise.resolve(this.entry);
    const provider = this.options.provider();
    if (!provider) return Promise.resolve(undefined);
    const abort = new AbortController();
    this.abort = abort;
    this.provider = provider;
    this.container = container;
    this.setStatus('loading', !options.drawnAsLoading);
    const pending = this.load(provider, container, options, abort.signal);
    this.pending = pending;
    return pending;
  }

  /** Passes a new amount or theme on to the mounted entry. */
  update(changes: { amount?: Money }): void {
    this.entry?.update(changes);
  }

  focus(): void {
    this.entry?.focus();
  }

  /**
   * Aborts a mount in flight, removes the entry from the page and goes back to `idle`. `unseen`: the host shows no card
   * entry now (a closed dialog), so going back to idle needs no update of it.
   */
  destroy(options: { unseen?: boolean } = {}): void {
    this.abort?.abort();
    this.abort = undefined;
    this.pending = undefined;
    this.entry?.destroy();
    this.entry = undefined;
    this.entryLocale = undefined;
    this.container = undefined;
    this.provider = undefined;
    this.message = '';
    this.setStatus('idle', !options.unseen);
  }

  hostUpdated(): void {
    const locale = this.options.locale();
    if (this.entry && this.entryLocale !== locale) {
      this.entryLocale = locale;
      this.entry.update({ locale });
    }
  }

  hostDisconnected(): void {
    this.destroy();
  }

  private async load(
    provider: PaymentProvider,
    container: HTMLElement,
    options: CardEntryMountOptions,
    signal: AbortSignal,
  ): Promise<CardEntry | undefined> {
    const locale = this.options.locale();
    try {
      // Only a card entry needs the theme read for the provider's iframe: a page that never mounts one never loads it.
      const { appearanceFromTokens } = await import('../payments/appearance.js');
      signal.throwIfAborted();
      const entry = await provider.mountCardEntry(container, {
        mode: this.options.mode,
        currency: options.currency,
        amount: options.amount,
        locale,
        appearance: appearanceFromTokens(container),
        signal,
      });
      if (signal.aborted) {
        entry.destroy();
        return undefined;
      }
      const onChange = this.options.onChange;
      if (onChange) entry.onChange(onChange);
      this.entry = entry;
      this.entryLocale = locale;
      this.pending = undefined;
      this.setStatus('ready');
      // The host's locale may have changed while the provider loaded.
      this.hostUpdated();
      return entry;
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return undefined;
      this.pending = undefined;
      this.message = this.options.unavailableMessage(error);
      this.setStatus('unavailable');
      return undefined;
    }
  }

  private setStatus(status: CardEntryStatus, redraw = true): void {
    this.status = status;
    if (redraw) this.host.requestUpdate();
  }
}
