// The test-card provider's simulated 3-D Secure challenge: a private element <billing-test-card-challenge>, drawn in
// the widget's card-entry box or, with none, in a modal dialog like Stripe's.
import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { throwIfAborted } from '../client/errors.js';
import { localeDirection } from '../i18n/catalog.js';
import { challengeStyles } from './test-card.styles.js';
import type { TestCardEntry } from './test-card-entry.js';
import { messagesFor } from './test-card-words.js';

export class TestCardChallengeElement extends LitElement {
  static override styles = challengeStyles;

  @property({ attribute: false })
  locale = 'en';

  /** In a modal dialog over the page, rather than in place. */
  @property({ type: Boolean })
  modal = false;

  /** Called with the person's choice; closing the modal counts as failing. */
  onChoice?: (passed: boolean) => void;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale')) {
      this.lang = this.locale;
      this.dir = localeDirection(this.locale);
    }
  }

  protected override firstUpdated(): void {
    if (this.modal) this.renderRoot.querySelector('dialog')?.showModal();
    // Moving focus into the panel is what tells a screen reader the page changed under it.
    this.renderRoot.querySelector<HTMLButtonElement>('.button--primary')?.focus();
  }

  /** Closes the modal, if it is one. */
  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  protected override render(): TemplateResult {
    const text = messagesFor(this.locale);
    const panel = html`
      <p class="badge">${text.testMode}</p>
      <p class="title" id="challenge-title">${text.challengeTitle}</p>
      <p class="text" id="challenge-text">${text.challengeText}</p>
      <div class="actions">
        <button type="button" class="button button--primary" @click=${() => this.onChoice?.(true)}>${text.challengeComplete}</button>
        <button type="button" class="button button--secondary" @click=${() => this.onChoice?.(false)}>${text.challengeFail}</button>
      </div>
    `;
    return this.modal
      ? html`<dialog
          class="challenge"
          aria-labelledby="challenge-title"
          aria-describedby="challenge-text"
          @cancel=${(event: Event) => {
            event.preventDefault();
            this.onChoice?.(false);
          }}
        >
          ${panel}
        </dialog>`
      : html`<section class="challenge" role="group" aria-labelledby="challenge-title" aria-describedby="challenge-text">
          ${panel}
        </section>`;
  }
}

const TAG = 'billing-test-card-challenge';
// Private to the provider: defined when this module loads, once however many copies load it.
if (!customElements.get(TAG)) customElements.define(TAG, TestCardChallengeElement);

/**
 * Draws "Your bank wants to confirm this payment" in `target` (or, with none, in a modal dialog like Stripe's), over
 * the form `obscured` when it is in the same box, and resolves with the person's choice. Closing it counts as failing.
 */
export function runChallenge(
  target: HTMLElement | null,
  obscured: TestCardEntry | null,
  locale: string,
  signal?: AbortSignal,
): Promise<boolean> {
  throwIfAborted(signal);
  const challenge = new TestCardChallengeElement();
  challenge.className = TAG;
  challenge.locale = locale;
  challenge.modal = target === null;
  const previousFocus = deepActiveElement();

  return new Promise<boolean>((resolve, reject) => {
    let finished = false;
    const finish = (outcome: boolean | Error): void => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      challenge.close();
      challenge.remove();
      if (obscured) {
        obscured.obscured = false;
        obscured.challengeAbort = null;
      }
      if (previousFocus?.isConnected) previousFocus.focus({ preventScroll: true });
      if (typeof outcome === 'boolean') resolve(outcome);
      else reject(outcome);
    };
    const onAbort = (): void => {
      const reason: unknown = signal?.reason;
      finish(reason instanceof Error ? reason : new DOMException('Aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (obscured) {
      const formGone = new AbortController();
      formGone.signal.addEventListener('abort', () => finish(false), { once: true });
      obscured.challengeAbort = formGone;
      obscured.obscured = true;
    }
    challenge.onChoice = finish;
    (target ?? document.body).append(challenge);
  });
}

function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}
