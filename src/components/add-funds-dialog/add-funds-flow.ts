// The payment flow of <add-funds-dialog>, loaded with import() when the dialog is about to open (or the browser is
// idle): its rendering, amount checks, card entry, paying, checking again and focus. The element (the eager shell in
// add-funds-dialog.ts) keeps the public API and every piece of state; these functions read and write it on `host`.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { isAbortError, isBillingError } from '../../client/errors.js';
import type { Account } from '../../client/schemas.js';
import {
  addMoney,
  currencyDigits,
  formatMoney,
  isSameMoney,
  moneyInputPlaceholder,
  parseMoney,
  type Money,
  type MoneyParseFailure,
} from '../../money/money.js';
import { cardBrandName as brandName, describeCard } from '../../payments/card-brand.js';
import { isCardExpired } from '../../payments/card-expiry.js';
import { appearanceFromTokens } from '../../payments/appearance.js';
import { CARD_ENTRY_UNAVAILABLE_MESSAGE } from '../../payments/payment-provider.js';
import type { BillingStore } from '../../store/billing-store.js';
// Type only: the element imports this module, never the other way round at run time.
import type { AddFundsDialog } from './add-funds-dialog.js';
import { addFundsDialogStyles } from './add-funds-dialog.styles.js';
import { BeforePayEvent, FundsAddedEvent, PaymentFailedEvent, type PaymentSourceSummary } from './events.js';
import { icon } from './icons.js';
import { TopUpAttempt, type TopUpAttemptSource } from './top-up-attempt.js';
import { checkTopUpAmount } from '../../rules/top-up-rules.js';

/** @internal The dialog's own stylesheet, adopted by the element on top of its static styles once this module has loaded. */
export const styles = addFundsDialogStyles;

const NEW_CARD = 'new';

/** Keeps an amount's own direction inside a sentence of the other direction. */
function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

type AmountCheck = { ok: true; money: Money } | { ok: false; message: string };

/** The store's top-up (started here or in another dialog), when it is one of ours. */
function currentAttempt(host: AddFundsDialog): TopUpAttempt | undefined {
  const active = host.store?.activeTopUp;
  return active instanceof TopUpAttempt ? active : undefined;
}

function isPaying(host: AddFundsDialog): boolean {
  const attempt = currentAttempt(host);
  return attempt !== undefined && !attempt.settled;
}

function format(host: AddFundsDialog, money: Money): string {
  return formatMoney(money, host.resolvedLocale);
}

// Built once per locale: the repeat question is drawn on every update while it shows.
const relativeTimeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** "1 minute ago", "vor 3 Minuten": never "now" or "0 minutes", which would not read as a past payment. */
function timeAgo(locale: string, at: number): string {
  let format = relativeTimeFormats.get(locale);
  if (!format) relativeTimeFormats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  const minutes = Math.max(1, Math.round((Date.now() - at) / 60_000));
  if (minutes < 60) return format.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  return hours < 48 ? format.format(-hours, 'hour') : format.format(-Math.round(hours / 24), 'day');
}

// ------------------------------------------------------------------ lifecycle

/** @internal The element's willUpdate() once this module has loaded. */
export function willUpdate(host: AddFundsDialog, changed: PropertyValues<AddFundsDialog>): void {
  if (changed.has('paymentProvider') && host.mountedProvider !== host.paymentProvider) {
    host.destroyCardEntry();
    if (host.selectedMethod === NEW_CARD && !host.paymentProvider) host.selectedMethod = undefined;
  }
  const account = host.billing.account.value;
  if (account && host.presetAmount === undefined && host.customText === '') {
    const presets = account.topUpLimits.presets;
    host.presetAmount = presets[Math.min(1, presets.length - 1)]?.amount;
  }
  if (host.selectedMethod === undefined) {
    const methods = host.store?.paymentMethods.value;
    if (methods) {
      const usable = methods.filter((card) => !isCardExpired(card));
      host.selectedMethod =
        usable.find((card) => card.isDefault)?.id ?? usable[0]?.id ?? (host.paymentProvider ? NEW_CARD : undefined);
    }
  }
}

/** @internal The element's updated() once this module has loaded: opens, closes and focuses the native dialog. */
export function updated(host: AddFundsDialog, changed: PropertyValues<AddFundsDialog>): void {
  const dialog = dialogElement(host);
  if (dialog && changed.has('open')) {
    if (host.open && !dialog.open && host.isConnected) openDialog(host, dialog);
    else if (!host.open && dialog.open) {
      dialog.close();
      // After this update, not inside it: tidying up changes state.
      void Promise.resolve().then(() => afterClose(host));
    }
  }
  if (cardEntryStranded(host)) {
    // After this update, not inside it: destroying changes state (and lets the next update mount anew).
    void Promise.resolve().then(() => {
      if (cardEntryStranded(host)) host.destroyCardEntry();
    });
  }
  if (host.open && host.selectedMethod === NEW_CARD && host.cardEntryStatus === 'idle') {
    // After this update, not inside it: mounting changes state.
    void Promise.resolve().then(() => mountCardEntry(host));
  }
  if (host.cardEntry && host.cardEntryLocale !== host.resolvedLocale) {
    host.cardEntryLocale = host.resolvedLocale;
    host.cardEntry.update({ locale: host.cardEntryLocale });
  }

  // Moves focus to what changed, so keyboard and screen-reader users land on the outcome.
  const status = currentAttempt(host)?.status;
  if (status !== host.lastShownStatus) {
    host.lastShownStatus = status;
    if (host.open && status === 'succeeded') focusPart(host, 'done-button');
    else if (host.open && (status === 'declined' || status === 'interrupted')) focusPart(host, 'error');
    else if (host.open && isPaying(host)) focusPart(host, 'status');
  }
  // Read as a plain map: the old value of each state that changed.
  const changedState = changed as Map<PropertyKey, unknown>;
  if (changedState.has('payDifferentlyAsked') && host.open) {
    if (host.payDifferentlyAsked) focusPart(host, 'pay-differently-warning');
    else if (changedState.get('payDifferentlyAsked') === true && !host.setAside && !isPaying(host)) focusPart(host, 'check-again-button');
  }
  if (changedState.has('setAside') && host.setAside && host.open) focusFirstField(host);
  // The question, not its "Add another" button: an Enter still repeating must not answer it.
  if (changedState.has('repeatAsked') && host.open) {
    if (host.repeatAsked) focusPart(host, 'repeat-warning');
    else if (changedState.get('repeatAsked') !== undefined && !isPaying(host)) focusAmount(host);
  }
  // On a short screen the card form opens below the fold: bring it up when picked, and again once it has loaded.
  const picked = changedState.has('selectedMethod') && changedState.get('selectedMethod') !== undefined;
  const loaded = changedState.has('cardEntryStatus') && host.cardEntryStatus !== 'idle';
  if (host.open && host.selectedMethod === NEW_CARD && (picked || loaded)) revealNewCard(host);
}

function revealNewCard(host: AddFundsDialog): void {
  const newCard = host.renderRoot.querySelector<HTMLElement>('.new-card');
  if (!newCard || newCard.hidden) return;
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  newCard.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: reduceMotion ? 'auto' : 'smooth' });
}

function dialogElement(host: AddFundsDialog): HTMLDialogElement | null {
  return host.renderRoot.querySelector('dialog');
}

function openDialog(host: AddFundsDialog, dialog: HTMLDialogElement): void {
  host.rememberOpener();
  dialog.showModal();
  // A payment that settled while the dialog was closed is shown now; otherwise start at the amount.
  const attempt = currentAttempt(host);
  if (attempt?.status === 'succeeded') focusPart(host, 'done-button');
  else if (isPaying(host)) focusPart(host, 'status');
  else if (showsUnconfirmed(host)) focusPart(host, 'error');
  else focusFirstField(host);
}

function focusFirstField(host: AddFundsDialog): void {
  const field =
    host.renderRoot.querySelector<HTMLElement>('input[name="preset"]:checked') ??
    host.renderRoot.querySelector<HTMLElement>('input[name="preset"], [part~="custom-amount"]');
  (field ?? host.renderRoot.querySelector<HTMLElement>('[part~="close-button"]'))?.focus();
}

/** Back at the amount a person chose: the typed one, else the checked preset. */
function focusAmount(host: AddFundsDialog): void {
  if (host.customText.trim() !== '') focusPart(host, 'custom-amount');
  else focusFirstField(host);
}

function focusPart(host: AddFundsDialog, name: string): void {
  host.renderRoot.querySelector<HTMLElement>(`[part~="${name}"]`)?.focus();
}

/** The native dialog closed by itself (Escape): follow it. Closing through `open` is handled in updated(). */
function onDialogClose(host: AddFundsDialog): void {
  if (!host.open || dialogElement(host)?.open) return;
  host.open = false;
  afterClose(host);
}

function afterClose(host: AddFundsDialog): void {
  host.escapeNotice = false;
  // Setting a payment aside lasts until a new one starts or the dialog closes: reopening shows it again.
  host.payDifferentlyAsked = false;
  host.setAside = undefined;
  host.repeatAsked = undefined;
  const store = host.store;
  // Earlier payments whose outcome a check has since learned were seen: forget them.
  for (const earlier of store?.unconfirmedTopUps ?? []) {
    if (earlier.settled && !earlier.outcomeUnknown) store?.clearTopUp(earlier);
  }
  const attempt = currentAttempt(host);
  // The outcome was seen: the next opening starts a fresh payment. An unsettled one keeps going.
  if (attempt && (attempt.status === 'succeeded' || attempt.status === 'declined')) {
    host.store?.clearTopUp(attempt);
    if (attempt.status === 'succeeded') resetForm(host);
  }
  const opener = host.opener;
  host.opener = null;
  if (opener?.isConnected) opener.focus();
}

function onDialogKeydown(host: AddFundsDialog, event: KeyboardEvent): void {
  // Stops Escape before the browser's close request, which it may not let us cancel.
  if (event.key === 'Escape' && isPaying(host)) {
    event.preventDefault();
    host.escapeNotice = true;
  }
}

function onDialogCancel(host: AddFundsDialog, event: Event): void {
  // Escape: a payment in flight must not look abandoned; say so instead of vanishing.
  if (isPaying(host)) {
    event.preventDefault();
    host.escapeNotice = true;
  }
}

function resetForm(host: AddFundsDialog): void {
  host.presetAmount = undefined;
  host.customText = '';
  host.showAmountError = false;
  host.formError = '';
}

// ------------------------------------------------------------------ amount

function checkAmount(host: AddFundsDialog, account: Account): AmountCheck {
  const text = host.text;
  const { minimum, maximum } = account.topUpLimits;
  let money: Money;
  if (host.customText.trim() !== '') {
    const parsed = parseMoney(host.customText, account.currency, host.resolvedLocale);
    if (!parsed.ok) return { ok: false, message: parseProblem(host, parsed.reason, parsed.message, account) };
    money = parsed.money;
  } else if (host.presetAmount !== undefined) {
    money = { amount: host.presetAmount, currency: account.currency };
  } else {
    return { ok: false, message: text.amountRequired };
  }
  const problem = checkTopUpAmount(money.amount, { minimum: minimum.amount, maximum: maximum.amount });
  if (problem?.code === 'above_maximum') return { ok: false, message: text.amountAboveMaximum(isolate(format(host, maximum))) };
  // Below the minimum, or zero where the minimum is zero: both are said as "the minimum is …".
  if (problem) return { ok: false, message: text.amountBelowMinimum(isolate(format(host, minimum))) };
  return { ok: true, money };
}

/** money.ts explains a refusal in English; the widget says it in its own language. */
function parseProblem(host: AddFundsDialog, reason: MoneyParseFailure, english: string, account: Account): string {
  const text = host.text;
  switch (reason) {
    case 'empty':
      return text.amountRequired;
    case 'not_a_number':
      return text.amountNotANumber;
    case 'exponent':
      return text.amountExponent;
    case 'negative':
      return text.amountNegative;
    case 'too_many_decimals':
      return text.amountTooManyDecimals(account.currency, currencyDigits(account.currency));
    case 'too_large':
      return text.amountAboveMaximum(isolate(format(host, account.topUpLimits.maximum)));
    default:
      return english;
  }
}

function onPreset(host: AddFundsDialog, amount: number): void {
  host.presetAmount = amount;
  host.customText = '';
  host.showAmountError = false;
  onEdit(host);
}

function onCustomInput(host: AddFundsDialog, event: Event): void {
  host.customText = (event.target as HTMLInputElement).value;
  if (host.customText.trim() !== '') host.presetAmount = undefined;
  onEdit(host);
}

function onCustomBlur(host: AddFundsDialog): void {
  if (host.customText.trim() !== '') host.showAmountError = true;
}

// ------------------------------------------------------------------ payment method

function onMethod(host: AddFundsDialog, id: string): void {
  host.selectedMethod = id;
  onEdit(host);
}

/** Any edit means a new attempt (and a new idempotency key) next time: forget a declined or interrupted one. */
function onEdit(host: AddFundsDialog): void {
  host.formError = '';
  const attempt = currentAttempt(host);
  if (attempt?.settled && attempt.status !== 'succeeded') host.store?.clearTopUp(attempt);
  const account = host.billing.account.value;
  const check = account ? checkAmount(host, account) : undefined;
  if (check?.ok) host.cardEntry?.update({ amount: check.money });
}

/** The card-entry box on screen now, if the form is. */
function renderedCardEntryContainer(host: AddFundsDialog): HTMLElement | null {
  return host.renderRoot.querySelector<HTMLElement>('[part~="card-entry"]');
}

/**
 * A card entry (or its loading or failure) no one can see any more: its box was replaced when the
 * form was drawn anew, or the dialog closed. Kept while the running payment may still tokenize with it.
 */
function cardEntryStranded(host: AddFundsDialog): boolean {
  if (host.cardEntryStatus === 'idle') return false;
  const attempt = currentAttempt(host);
  const inUse = attempt !== undefined && !attempt.settled && attempt.source.type === 'new_card' && attempt.source.cardEntry === host.cardEntry;
  return !inUse && (!host.open || host.cardEntryContainer !== renderedCardEntryContainer(host));
}

async function mountCardEntry(host: AddFundsDialog): Promise<void> {
  const provider = host.paymentProvider;
  const account = host.billing.account.value;
  const container = renderedCardEntryContainer(host);
  // Two updates may each have asked for a mount: one card entry per dialog.
  if (!provider || !account || !container || host.cardEntryStatus !== 'idle') return;
  host.cardEntryStatus = 'loading';
  host.mountedProvider = provider;
  host.cardEntryContainer = container;
  const abort = new AbortController();
  host.cardEntryAbort = abort;
  const check = checkAmount(host, account);
  const locale = host.resolvedLocale;
  try {
    const entry = await provider.mountCardEntry(container, {
      mode: 'payment',
      amount: check.ok ? check.money : account.topUpLimits.minimum,
      currency: account.currency,
      locale,
      appearance: appearanceFromTokens(container),
      signal: abort.signal,
    });
    if (abort.signal.aborted) {
      entry.destroy();
      return;
    }
    host.cardEntry = entry;
    host.cardEntryLocale = locale;
    entry.onChange(() => onEdit(host));
    host.cardEntryStatus = 'ready';
  } catch (error) {
    if (isAbortError(error) || abort.signal.aborted) return;
    host.cardEntryStatus = 'unavailable';
    host.cardEntryMessage = host.localize.knownText(isBillingError(error) ? host.localize.errorMessage(error) : CARD_ENTRY_UNAVAILABLE_MESSAGE);
  }
}

// ------------------------------------------------------------------ paying

function onSubmit(host: AddFundsDialog, event: Event): void {
  event.preventDefault();
  pay(host);
}

/**
 * Enter pays from the amount field (and Pay) only. In a form the browser also submits on Enter in a preset
 * or card radio or the "save" checkbox: after one payment, an Enter still repeating closes the success view,
 * reopens the dialog from "Add funds" with focus on a preset, and would pay again from there.
 */
function onFormKeydown(host: AddFundsDialog, event: KeyboardEvent): void {
  if (event.key !== 'Enter' || event.isComposing) return;
  const target = event.composedPath()[0];
  if (target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox')) event.preventDefault();
}

function pay(host: AddFundsDialog, options: { repeatConfirmed?: boolean } = {}): void {
  const store = host.store;
  const account = host.billing.account.value;
  if (!store || !account) return;
  // One top-up at a time per store: a double click, Enter held down or a second dialog lands here.
  if (isPaying(host)) return;
  // Only "Add another" answers the repeat question.
  if (host.repeatAsked && !options.repeatConfirmed) return;
  host.escapeNotice = false;

  const check = checkAmount(host, account);
  if (!check.ok) {
    host.showAmountError = true;
    host.updateComplete.then(() => focusPart(host, host.customText.trim() === '' ? 'preset' : 'custom-amount'));
    return;
  }
  const chosen = chosenSource(host);
  if (!chosen) return;
  // The same amount again just after it went through: ask first (a held Enter, a second tab, a slip).
  if (!options.repeatConfirmed) {
    const repeated = repeatedTopUp(host, check.money);
    if (repeated) {
      host.repeatAsked = repeated;
      return;
    }
  }
  host.repeatAsked = undefined;

  // The same amount and card after an interruption: the same attempt, the same key.
  const previous = currentAttempt(host);
  if (previous?.status === 'interrupted' && sameAttempt(host, previous, check.money, chosen.source)) {
    host.ownAttempts.add(previous);
    void previous.run();
    return;
  }
  // Never a new key while the last payment may have charged, unless the person chose to, warned.
  if (previous?.outcomeUnknown && host.setAside !== previous) {
    checkAgain(host, previous);
    return;
  }

  if (!host.dispatchEvent(new BeforePayEvent(check.money, chosen.summary))) return;
  const attempt = new TopUpAttempt({
    client: store.client,
    provider: host.paymentProvider,
    amount: check.money,
    source: chosen.source,
    sourceLabel: chosen.summary.label,
    timing: host.timing,
    challengeContainer: () => host.renderRoot.querySelector<HTMLElement>('[part~="challenge"]') ?? undefined,
    locale: () => host.resolvedLocale,
    onChange: (changed) => onAttemptChange(host, store, changed),
  });
  if (!store.beginTopUp(attempt, previous?.outcomeUnknown ? { replacingUnknown: previous } : {})) return;
  host.setAside = undefined;
  host.ownAttempts.add(attempt);
  void attempt.run();
}

const DEFAULT_REPEAT_WINDOW_SECONDS = 600;

/** The store's last succeeded top-up when `amount` repeats it within the dialog's `repeatWindow`. */
function repeatedTopUp(host: AddFundsDialog, amount: Money): { amount: Money; at: number } | undefined {
  const last = host.store?.lastSucceededTopUp;
  // An unreadable window (repeat-window="soon") keeps the default rather than silently turning the question off.
  const windowMs = (Number.isFinite(host.repeatWindow) ? Math.max(0, host.repeatWindow) : DEFAULT_REPEAT_WINDOW_SECONDS) * 1000;
  if (!last || windowMs === 0) return undefined;
  if (!isSameMoney(last.amount, amount)) return undefined;
  return Date.now() - last.at < windowMs ? last : undefined;
}

/** Asks the backend again about an attempt whose outcome is unknown: same key, same request, so it replays the first result. */
function checkAgain(host: AddFundsDialog, attempt: TopUpAttempt): void {
  host.payDifferentlyAsked = false;
  if (attempt === host.setAside) host.setAside = undefined;
  host.ownAttempts.add(attempt);
  void attempt.run();
}

function onCheckAgain(host: AddFundsDialog, event: Event): void {
  event.preventDefault();
  const attempt = currentAttempt(host);
  if (attempt && !isPaying(host)) checkAgain(host, attempt);
}

function onPayDifferently(host: AddFundsDialog): void {
  host.payDifferentlyAsked = true;
}

function onPayDifferentlyConfirmed(host: AddFundsDialog): void {
  host.payDifferentlyAsked = false;
  host.setAside = currentAttempt(host);
}

/** The current attempt may have charged and the person has not set it aside: only checking it is offered. */
function showsUnconfirmed(host: AddFundsDialog): boolean {
  const attempt = currentAttempt(host);
  return attempt !== undefined && attempt.outcomeUnknown && attempt !== host.setAside;
}

function chosenSource(host: AddFundsDialog): { source: TopUpAttemptSource; summary: PaymentSourceSummary } | null {
  const text = host.text;
  const method = host.selectedMethod;
  if (method === NEW_CARD) {
    if (!host.cardEntry) {
      host.formError = host.cardEntryStatus === 'unavailable' ? host.cardEntryMessage : text.loadingCardEntry;
      return null;
    }
    return {
      source: { type: 'new_card', cardEntry: host.cardEntry, saveCard: host.saveCard },
      summary: { type: 'new_card', saveCard: host.saveCard, label: text.newCardSource },
    };
  }
  const card = host.store?.paymentMethods.value?.find((candidate) => candidate.id === method);
  if (!card || isCardExpired(card)) {
    host.formError = text.chooseCard;
    return null;
  }
  return {
    source: { type: 'saved_card', paymentMethodId: card.id },
    summary: { type: 'saved_card', paymentMethodId: card.id, label: describeCard(card) },
  };
}

function sameAttempt(host: AddFundsDialog, attempt: TopUpAttempt, amount: Money, source: TopUpAttemptSource): boolean {
  if (!isSameMoney(attempt.amount, amount)) return false;
  const previous = attempt.source;
  if (previous.type === 'saved_card') return source.type === 'saved_card' && source.paymentMethodId === previous.paymentMethodId;
  return source.type === 'new_card' && source.cardEntry === previous.cardEntry && source.saveCard === previous.saveCard;
}

function onAttemptChange(host: AddFundsDialog, store: BillingStore, attempt: TopUpAttempt): void {
  // The store also remembers a success there, so a reopened or second dialog asks before the same amount again.
  store.notifyTopUpChanged(attempt);
  host.requestUpdate();
  if (!host.ownAttempts.has(attempt)) return;
  const topUp = attempt.topUp;
  if (attempt.status === 'succeeded' && topUp?.status === 'succeeded') {
    // Every widget on the store (each <credit-balance>) shows the new balance without a reload.
    void store.notifyMutation();
    host.dispatchEvent(new FundsAddedEvent(topUp));
  } else if (attempt.status === 'declined' && attempt.failure) {
    host.dispatchEvent(
      new PaymentFailedEvent({ amount: attempt.amount, code: attempt.failure.code, message: attempt.failure.message, topUp }),
    );
  }
}

function onRetryLoad(host: AddFundsDialog): void {
  const store = host.store;
  if (!store) return;
  // Once loaded, focus goes where a person continues: the amount after the account, the card after the saved cards.
  host.focusAfterRetry(
    host.billing.account.status === 'error'
      ? ['[part~="retry-button"]', 'input[name="preset"]:checked', '[part~="custom-amount"]']
      : ['[part~="retry-button"]', 'input[name="method"]:checked', '[part~="method"] input'],
  );
  if (host.billing.account.status === 'error') void store.loadAccount();
  if (store.paymentMethods.status === 'error') void store.loadPaymentMethods();
}

// ------------------------------------------------------------------ rendering

/** @internal The whole dialog; the element's render() calls it once this module has loaded. */
export function render(host: AddFundsDialog): TemplateResult {
  const text = host.text;
  const account = host.billing.account;
  const attempt = currentAttempt(host);
  // While a payment runs, closing (× too) says that the payment carries on.
  const paying = isPaying(host);
  let body: TemplateResult;
  if (attempt?.status === 'succeeded') body = renderSuccess(host, attempt);
  else if (attempt && showsUnconfirmed(host)) body = renderUnconfirmed(host, attempt);
  else if (account.value) body = renderForm(host, account.value);
  else if (account.status === 'error' && account.error) body = renderLoadError(host, host.localize.errorMessage(account.error));
  else body = html`<p part="loading" class="loading" role="status" aria-busy="true">${text.loading}</p>`;

  return html`<dialog
    part="dialog"
    class="dialog"
    aria-labelledby="title"
    @close=${() => onDialogClose(host)}
    @cancel=${(event: Event) => onDialogCancel(host, event)}
    @keydown=${(event: KeyboardEvent) => onDialogKeydown(host, event)}
  >
    <div part="base" class="panel">
      <div part="header" class="header">
        <h2 part="title" class="title" id="title">${text.title}</h2>
        ${host.paymentProvider?.testMode ? html`<span part="test-mode" class="test-mode">${text.testMode}</span>` : nothing}
        <button
          type="button"
          part="close-button"
          class="close"
          aria-label=${paying ? text.closeWhilePaying : text.close}
          title=${paying ? text.closeWhilePaying : nothing}
          @click=${() => host.close()}
        >
          ${icon('close')}
        </button>
      </div>
      ${body}
    </div>
  </dialog>`;
}

function renderLoadError(host: AddFundsDialog, message: string): TemplateResult {
  return html`<div class="body">
    <div part="error" class="notice notice--danger" role="alert" tabindex="-1">
      ${icon('error')}<span>${message}</span>
    </div>
    <button type="button" part="retry-button" class="button button--secondary" @click=${() => onRetryLoad(host)}>${host.text.retry}</button>
  </div>`;
}

function renderForm(host: AddFundsDialog, account: Account): TemplateResult {
  const text = host.text;
  const attempt = currentAttempt(host);
  const paying = isPaying(host);
  const check = checkAmount(host, account);
  const amountError = host.showAmountError && !check.ok ? check.message : '';
  const { minimum, maximum, presets } = account.topUpLimits;
  const payLabel = paying ? text.processing : check.ok ? text.pay(format(host, check.money)) : text.payDisabled;
  let preview = text.currentBalance(isolate(format(host, account.balance)));
  if (check.ok) {
    try {
      preview = text.newBalance(isolate(format(host, addMoney(account.balance, check.money))));
    } catch {
      // A balance in another currency than the limits cannot be summed; the current balance still shows.
    }
  }

  const repeat = host.repeatAsked;
  // The form stays as it was while a payment runs or the repeat question waits for an answer.
  const frozen = paying || repeat !== undefined;

  return html`<form
    class="form"
    novalidate
    @submit=${(event: Event) => onSubmit(host, event)}
    @keydown=${(event: KeyboardEvent) => onFormKeydown(host, event)}
  >
    <div class="body">
      ${renderEarlierPayments(host)}
      <fieldset class="group" ?disabled=${frozen}>
        <legend part="legend" class="legend">${text.amountLegend}</legend>
        <div class="presets">
          ${presets.map(
            (preset) => html`<label part="preset-chip" class="chip">
              <input
                type="radio"
                name="preset"
                part="preset"
                .checked=${live(host.customText.trim() === '' && host.presetAmount === preset.amount)}
                @change=${() => onPreset(host, preset.amount)}
              />
              <span>${format(host, preset)}</span>
            </label>`,
          )}
        </div>
        <div class="field">
          <label for="custom-amount" part="label" class="field-label">${text.customAmount}</label>
          <input
            id="custom-amount"
            part="custom-amount"
            class="input ${amountError ? 'input--invalid' : ''}"
            type="text"
            inputmode="decimal"
            autocomplete="off"
            placeholder=${moneyInputPlaceholder(account.currency, host.resolvedLocale)}
            aria-invalid=${amountError ? 'true' : 'false'}
            aria-describedby=${amountError ? 'amount-limits amount-error' : 'amount-limits'}
            .value=${live(host.customText)}
            @input=${(event: Event) => onCustomInput(host, event)}
            @blur=${() => onCustomBlur(host)}
          />
          <p part="hint" class="hint" id="amount-limits">
            ${text.amountLimits(isolate(format(host, minimum)), isolate(format(host, maximum)))}
          </p>
          ${amountError
            ? html`<p part="amount-error" class="field-error" id="amount-error">${icon('error')}<span>${amountError}</span></p>`
            : nothing}
        </div>
        <p part="preview" class="preview" aria-live="polite">${preview}</p>
      </fieldset>

      <fieldset class="group" ?disabled=${frozen}>
        <legend part="legend" class="legend">${text.methodLegend}</legend>
        ${renderMethods(host)}
      </fieldset>

      <div part="challenge" class="challenge"></div>

      ${attempt && paying
        ? html`<p part="status" class="notice notice--neutral" role="status" tabindex="-1">
            <span class="spinner" aria-hidden="true"></span>
            <span>${statusText(host, attempt)}${host.escapeNotice
                ? html`<br /><strong>${text.stillProcessing(text.closeWhilePaying)}</strong>`
                : nothing}</span>
          </p>`
        : nothing}
      ${repeat && !paying
        ? html`<div part="repeat-warning" class="notice notice--warning" role="alert" tabindex="-1">
            ${icon('error')}<span>${text.repeatQuestion(isolate(format(host, repeat.amount)), timeAgo(host.resolvedLocale, repeat.at))}</span>
          </div>`
        : nothing}
      ${attempt?.status === 'declined' && attempt.failure
        ? html`<div part="error" class="notice notice--danger" role="alert" tabindex="-1">
            ${icon('error')}
            ${attempt.failure.code === 'invalid_card_details'
              ? html`<span>${attempt.failure.message}</span>`
              : html`<span><strong>${text.declinedTitle}</strong> ${host.localize.declineMessage(attempt.failure)} ${text.declinedHint}</span>`}
          </div>`
        : nothing}
      ${attempt?.status === 'interrupted' && !attempt.outcomeUnknown
        ? html`<div part="error" class="notice notice--danger" role="alert" tabindex="-1">
            ${icon('error')}
            <span
              ><strong>${text.interruptedTitle}</strong> ${attempt.error ? host.localize.errorMessage(attempt.error) : ''}
              ${attempt.error?.retryable !== false ? text.interruptedHint : nothing}</span
            >
          </div>`
        : nothing}
      ${host.formError
        ? html`<div part="error" class="notice notice--danger" role="alert">${icon('error')}<span>${host.formError}</span></div>`
        : nothing}
    </div>
    <div part="footer" class="footer">
      ${repeat && !paying
        ? html`<button type="button" part="repeat-back-button" class="button button--secondary" @click=${() => (host.repeatAsked = undefined)}>
              ${text.repeatBack}
            </button>
            <button type="button" part="repeat-confirm-button" class="button button--primary" @click=${() => pay(host, { repeatConfirmed: true })}>
              ${text.repeatConfirm(isolate(format(host, repeat.amount)))}
            </button>`
        : html`${paying
              ? // Nothing here stops a payment: the way out says that it carries on.
                renderCloseWhilePaying(host)
              : html`<button type="button" part="cancel-button" class="button button--secondary" @click=${() => host.close()}>${text.cancel}</button>`}
            <button type="submit" part="pay-button" class="button button--primary pay" ?disabled=${paying} aria-busy=${paying ? 'true' : 'false'}>
              ${paying ? html`<span class="spinner" aria-hidden="true"></span>` : icon('lock')}${payLabel}
            </button>`}
    </div>
  </form>`;
}

function renderCloseWhilePaying(host: AddFundsDialog): TemplateResult {
  return html`<button type="button" part="close-while-paying-button" class="button button--secondary" @click=${() => host.close()}>
    ${host.text.closeWhilePaying}
  </button>`;
}

function statusText(host: AddFundsDialog, attempt: TopUpAttempt): string {
  const text = host.text;
  switch (attempt.status) {
    case 'authenticating':
      return text.statusAuthenticating;
    case 'confirming':
      return text.statusConfirming;
    case 'processing':
      return text.statusProcessing;
    default:
      return text.statusSubmitting(isolate(format(host, attempt.amount)), attempt.sourceLabel);
  }
}

function renderMethods(host: AddFundsDialog): TemplateResult {
  const text = host.text;
  const methods = host.store?.paymentMethods;
  let cards: TemplateResult | typeof nothing = nothing;
  if (methods?.value) {
    cards = html`${methods.value.map((card) => {
      const expired = isCardExpired(card);
      const month = String(card.expMonth).padStart(2, '0');
      const year = String(card.expYear % 100).padStart(2, '0');
      return html`<label class="method ${expired ? 'method--expired' : ''}" part="method">
        <input
          type="radio"
          name="method"
          .checked=${live(host.selectedMethod === card.id)}
          ?disabled=${expired}
          @change=${() => onMethod(host, card.id)}
        />
        <span class="method-icon">${icon('card')}</span>
        <span class="method-text">
          <span class="method-name">${text.cardLabel(brandName(card.brand), card.last4)}</span>
          <span class="method-meta">${text.expires(month, year)}</span>
        </span>
        ${expired
          ? html`<span part="tag" class="tag tag--danger">${text.expired}</span>`
          : card.isDefault
            ? html`<span part="tag" class="tag">${text.defaultCard}</span>`
            : nothing}
      </label>`;
    })}`;
  } else if (methods?.status === 'error') {
    cards = html`<p class="notice notice--danger">
      ${icon('error')}<span
        >${text.cardsError}
        <button type="button" part="retry-button" class="button button--link" @click=${() => onRetryLoad(host)}>${text.retry}</button></span
      >
    </p>`;
  } else {
    cards = html`<p class="hint" aria-busy="true">${text.loadingCards}</p>`;
  }
  const newSelected = host.selectedMethod === NEW_CARD;
  return html`<div class="methods">
    ${cards}
    ${host.paymentProvider
      ? html`<label class="method" part="method">
            <input type="radio" name="method" .checked=${live(newSelected)} @change=${() => onMethod(host, NEW_CARD)} />
            <span class="method-icon">${icon('card')}</span>
            <span class="method-text"><span class="method-name">${text.newCard}</span></span>
          </label>
          <div part="new-card" class="new-card" ?hidden=${!newSelected}>
            <div part="card-entry" class="card-entry"></div>
            ${host.cardEntryStatus === 'loading' ? html`<p class="hint">${text.loadingCardEntry}</p>` : nothing}
            ${host.cardEntryStatus === 'unavailable'
              ? html`<p part="card-entry-error" class="notice notice--warning" role="alert">
                  ${icon('error')}<span>${host.cardEntryMessage}</span>
                </p>`
              : nothing}
            ${host.cardEntryStatus === 'ready'
              ? html`<label part="save-card" class="checkbox">
                  <input
                    type="checkbox"
                    .checked=${live(host.saveCard)}
                    @change=${(event: Event) => {
                      host.saveCard = (event.target as HTMLInputElement).checked;
                      onEdit(host);
                    }}
                  />
                  <span>${text.saveCard}</span>
                </label>`
              : nothing}
          </div>`
      : nothing}
  </div>`;
}

/**
 * The payment whose outcome is unknown, frozen: its amount and card, "Check again" (the same key),
 * and a new payment only after a warning that the first may have gone through.
 */
function renderUnconfirmed(host: AddFundsDialog, attempt: TopUpAttempt): TemplateResult {
  const text = host.text;
  const checking = !attempt.settled;
  const amount = isolate(format(host, attempt.amount));
  const asked = host.payDifferentlyAsked && !checking;
  return html`<form class="form" novalidate @submit=${(event: Event) => onCheckAgain(host, event)}>
    <div class="body" part="unconfirmed">
      <div part="error" class="notice notice--warning" role="alert" tabindex="-1">
        ${icon('error')}
        <span
          ><strong>${text.unconfirmedTitle(amount)}</strong> ${text.unconfirmedHint}
          ${!checking && attempt.error ? host.localize.errorMessage(attempt.error) : nothing}</span
        >
      </div>
      <dl class="preview">
        <div><dt>${text.amountLegend}</dt><dd>${format(host, attempt.amount)}</dd></div>
        <div><dt>${text.methodLegend}</dt><dd>${attempt.sourceLabel}</dd></div>
      </dl>
      <div part="challenge" class="challenge"></div>
      ${checking
        ? html`<p part="status" class="notice notice--neutral" role="status" tabindex="-1">
            <span class="spinner" aria-hidden="true"></span>
            <span>${attempt.status === 'submitting' ? text.checking : statusText(host, attempt)}${host.escapeNotice
                ? html`<br /><strong>${text.stillProcessing(text.closeWhilePaying)}</strong>`
                : nothing}</span>
          </p>`
        : nothing}
      ${asked
        ? html`<div part="pay-differently-warning" class="notice notice--danger" role="alert" tabindex="-1">
            ${icon('error')}<span>${text.payDifferentlyWarning(amount)}</span>
          </div>`
        : nothing}
    </div>
    <div part="footer" class="footer">
      ${asked
        ? html`<button type="button" part="pay-differently-back-button" class="button button--secondary" @click=${() => (host.payDifferentlyAsked = false)}>
              ${text.payDifferentlyBack}
            </button>
            <button type="button" part="pay-differently-confirm-button" class="button button--secondary" @click=${() => onPayDifferentlyConfirmed(host)}>
              ${text.payDifferentlyConfirm}
            </button>`
        : html`${checking
              ? renderCloseWhilePaying(host)
              : html`<button type="button" part="pay-differently-button" class="button button--secondary" @click=${() => onPayDifferently(host)}>
                  ${text.payDifferently}
                </button>`}
            <button type="submit" part="check-again-button" class="button button--primary" ?disabled=${checking} aria-busy=${checking ? 'true' : 'false'}>
              ${checking ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${text.checkAgain}
            </button>`}
    </div>
  </form>`;
}

/** Payments set aside while their outcome was unknown: still offered a check, or told how they ended. */
function renderEarlierPayments(host: AddFundsDialog): TemplateResult | typeof nothing {
  const store = host.store;
  const attempt = currentAttempt(host);
  const earlier = [...(store?.unconfirmedTopUps ?? [])];
  // Set aside but not replaced yet: it is still the store's current attempt.
  if (attempt && attempt === host.setAside) earlier.push(attempt);
  const attempts = earlier.filter((candidate): candidate is TopUpAttempt => candidate instanceof TopUpAttempt);
  if (attempts.length === 0) return nothing;
  const text = host.text;
  return html`${attempts.map((earlierAttempt) => {
    const amount = isolate(format(host, earlierAttempt.amount));
    if (earlierAttempt.status === 'succeeded') {
      return html`<p part="earlier-payment" class="notice notice--success" role="status">${icon('check')}<span>${text.earlierSucceeded(amount)}</span></p>`;
    }
    if (earlierAttempt.status === 'declined') {
      return html`<p part="earlier-payment" class="notice notice--neutral" role="status">${icon('error')}<span>${text.earlierFailed(amount)}</span></p>`;
    }
    const checking = !earlierAttempt.settled;
    // Once another payment replaced it, only a read of a top-up the backend named: replaying its
    // create could charge it now, on top of the payment made instead.
    const checkable = earlierAttempt === currentAttempt(host) || earlierAttempt.topUp !== undefined;
    return html`<div part="earlier-payment" class="notice notice--warning">
      ${checking ? html`<span class="spinner" aria-hidden="true"></span>` : icon('error')}
      <span
        >${text.earlierUnconfirmed(amount, earlierAttempt.sourceLabel)}
        ${checkable
          ? html`<button
              type="button"
              part="check-again-button"
              class="button button--link"
              ?disabled=${checking}
              @click=${() => checkAgain(host, earlierAttempt)}
            >
              ${checking ? text.checking : text.checkAgain}
            </button>`
          : nothing}</span
      >
    </div>`;
  })}`;
}

/**
 * The card a succeeded top-up charged: as the attempt knows it (a saved card, or a new card the provider named),
 * else the saved card the backend recorded it on (a new card saved with the payment), else "a new card".
 */
function chargedCardLabel(host: AddFundsDialog, attempt: TopUpAttempt): string {
  if (attempt.source.type === 'saved_card' || attempt.newCard) return attempt.sourceLabel;
  const id = attempt.topUp?.paymentMethodId;
  const saved = id ? host.store?.paymentMethods.value?.find((card) => card.id === id) : undefined;
  return saved ? describeCard(saved) : attempt.sourceLabel;
}

function renderSuccess(host: AddFundsDialog, attempt: TopUpAttempt): TemplateResult {
  const text = host.text;
  const balanceAfter = attempt.balanceAfter;
  return html`<div part="success" class="success">
    ${renderEarlierPayments(host)}
    <span class="success-icon">${icon('check')}</span>
    <h3 class="success-title">${text.successTitle}</h3>
    <p class="success-body" role="status">${text.successBody(isolate(format(host, attempt.amount)), chargedCardLabel(host, attempt))}</p>
    ${balanceAfter
      ? html`<div part="success-balance" class="success-balance">
          <span class="success-balance-label">${text.successBalance}</span>
          <span class="success-balance-amount">${format(host, balanceAfter)}</span>
        </div>`
      : nothing}
    <button type="button" part="done-button" class="button button--primary done" @click=${() => host.close()}>${text.done}</button>
  </div>`;
}
