// The auto-recharge form's state: the settings it edits against, the person's draft, what they touched, and saving
// with optimistic concurrency (a conflict keeps both versions until the person chooses).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { fieldErrorsOf, isAbortError, toBillingError, type BillingError } from '../../client/errors.js';
import { loadValidator } from '../../client/load-validator.js';
import type { Account, AutoRechargeSettings, PaymentMethod } from '../../client/schemas.js';
import { localizeErrorMessage } from '../../i18n/localize.js';
import type { AutoRechargeSettingsMessages } from '../../i18n/messages/auto-recharge-settings.js';
import type { BillingStore } from '../../store/billing-store.js';
import { AutoRechargeSavedEvent } from './events.js';
import {
  draftFrom,
  isDraftChanged,
  validateDraft,
  valuesOf,
  type AutoRechargeDraft,
  type AutoRechargeField,
  type AutoRechargeValues,
  type ValidationContext,
} from './validation.js';

export interface Conflict {
  theirs: AutoRechargeSettings;
  mine: AutoRechargeValues;
}

export type MoneyField = 'thresholdAmount' | 'rechargeAmount' | 'targetBalance' | 'monthlyCap';

export interface AutoRechargeDraftOptions {
  store: () => BillingStore | undefined;
  locale: () => string;
  text: () => AutoRechargeSettingsMessages;
  /** Says something in the element's live region ('' clears it). */
  announce: (message: string) => void;
  /** Moves focus to the element's part of that name after the next render. */
  focusPart: (name: string) => void;
}

const ALL_FIELDS: readonly AutoRechargeField[] = ['thresholdAmount', 'rechargeAmount', 'targetBalance', 'paymentMethodId', 'monthlyCap'];
const DRAFT_TEXT: Record<MoneyField, 'thresholdText' | 'rechargeText' | 'targetText' | 'capText'> = {
  thresholdAmount: 'thresholdText',
  rechargeAmount: 'rechargeText',
  targetBalance: 'targetText',
  monthlyCap: 'capText',
};

/**
 * Holds the draft of `<auto-recharge-settings>` and saves it through the store. Its fields are the element's state:
 * every change requests a host update; the element reads them to render and calls the methods from its handlers.
 */
export class AutoRechargeDraftController implements ReactiveController {
  /** The settings the form edits against: their version is what Save sends as expectedVersion. */
  base?: AutoRechargeSettings;
  draft?: AutoRechargeDraft;
  /** Fields the person changed or left: only their problems show before a save is attempted. */
  touched: ReadonlySet<AutoRechargeField> = new Set();
  saving: 'save' | 'off' | null = null;
  saveError?: BillingError;
  serverProblems: Partial<Record<AutoRechargeField, string>> = {};
  conflict?: Conflict;
  savedNotice = '';

  /** The last store value seen, to notice a newer one. */
  private seenSettings?: AutoRechargeSettings;
  private readonly aborts = new Set<AbortController>();

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly options: AutoRechargeDraftOptions,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const store = this.options.store();
    if (!store) return;
    if (store.autoRecharge.status === 'idle') void store.loadAutoRecharge();
    if (store.paymentMethods.status === 'idle') void store.loadPaymentMethods();
    const latest = store.autoRecharge.value;
    if (latest && latest !== this.seenSettings) {
      this.seenSettings = latest;
      // Someone's newer settings replace the form only while it holds no edits of its own;
      // otherwise the form keeps the version it read, and Save reports the conflict.
      const pristine = !this.base || !this.draft || !this.isChanged(this.draft, this.base);
      if (!this.saving && !this.conflict && pristine && (!this.base || latest.version >= this.base.version)) {
        // A newer version than the one saved here (the backend turned it off, another tab saved): "saved" is old news.
        if (this.base && latest.version > this.base.version) this.savedNotice = '';
        this.adopt(latest);
      }
    }
  }

  hostDisconnected(): void {
    for (const controller of this.aborts) controller.abort();
    this.aborts.clear();
    this.saving = null;
  }

  /** What the draft is checked against. */
  context(account: Account, paymentMethods: readonly PaymentMethod[], settings: AutoRechargeSettings): ValidationContext {
    return {
      currency: account.currency,
      locale: this.options.locale(),
      limits: account.topUpLimits,
      paymentMethods,
      monthlyCapSupported: settings.monthlyCapSupported,
      balance: account.balance,
      now: new Date(),
      saved: settings,
      spentThisMonth: rechargedThisMonth(settings, new Date()),
    };
  }

  touch(field: AutoRechargeField): void {
    if (this.touched.has(field)) return;
    this.touched = new Set([...this.touched, field]);
    this.host.requestUpdate();
  }

  edit(changes: Partial<AutoRechargeDraft>, field?: AutoRechargeField): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, ...changes };
    this.savedNotice = '';
    this.saveError = undefined;
    if (field) {
      this.touch(field);
      if (this.serverProblems[field]) this.serverProblems = { ...this.serverProblems, [field]: undefined };
    }
    this.host.requestUpdate();
  }

  editAmount(field: MoneyField, value: string): void {
    this.edit({ [DRAFT_TEXT[field]]: value }, field);
  }

  discard(): void {
    if (this.base) this.adopt(this.base);
    this.saveError = undefined;
  }

  /** The switch: on only edits the draft; off saves at once when the saved settings are on. */
  toggle(): void {
    const base = this.base;
    const draft = this.draft;
    if (!base || !draft || this.saving) return;
    if (!draft.enabled) {
      // Back on with the last values; nothing is charged until the person saves.
      this.edit({ enabled: true });
      return;
    }
    if (base.enabled) {
      // Off takes effect at once: stopping charges needs no confirmation.
      this.adopt(base);
      void this.save({ ...valuesOf(base), enabled: false }, base.version, 'off');
    } else {
      this.edit({ enabled: false });
    }
  }

  /** Saves a valid, changed draft; an invalid one shows every field's problem. */
  submit(account: Account, paymentMethods: readonly PaymentMethod[]): void {
    if (!this.base || !this.draft || this.saving || this.conflict) return;
    const context = this.context(account, paymentMethods, this.base);
    const validation = validateDraft(this.draft, context);
    if (!validation.values) {
      this.touched = new Set(ALL_FIELDS);
      this.host.requestUpdate();
      return;
    }
    if (!isDraftChanged(this.draft, this.base, context)) return;
    void this.save(validation.values, this.base.version, 'save');
  }

  keepMine(): void {
    const conflict = this.conflict;
    if (!conflict || this.saving) return;
    // Saved against their version: the person saw it and chose theirs to be replaced.
    this.base = conflict.theirs;
    void this.save(conflict.mine, conflict.theirs.version, 'save');
  }

  useTheirs(): void {
    const conflict = this.conflict;
    if (!conflict) return;
    this.conflict = undefined;
    this.adopt(conflict.theirs);
    this.options.focusPart('switch');
  }

  private adopt(settings: AutoRechargeSettings): void {
    this.base = settings;
    this.draft = draftFrom(settings, this.options.locale());
    this.touched = new Set(this.refusedFields(this.draft, settings));
    this.serverProblems = {};
    this.host.requestUpdate();
  }

  /**
   * Settings that are on but that the rules refuse (a backend that stored a target at or below the threshold): their
   * fields show why at once, so the person sees what to fix instead of a Save that stays off.
   */
  private refusedFields(draft: AutoRechargeDraft, settings: AutoRechargeSettings): AutoRechargeField[] {
    const store = this.options.store();
    const account = store?.account.value;
    if (!settings.enabled || !account) return [];
    const validation = validateDraft(draft, this.context(account, store.paymentMethods.value ?? [], settings));
    // The amounts only: the card keeps its own rules (it may not be listed yet, and a gone card has its banner).
    return (Object.keys(validation.problems) as AutoRechargeField[]).filter((field) => field !== 'paymentMethodId');
  }

  private isChanged(draft: AutoRechargeDraft, base: AutoRechargeSettings): boolean {
    const store = this.options.store();
    const account = store?.account.value;
    if (!account) return false;
    return isDraftChanged(draft, base, this.context(account, store.paymentMethods.value ?? [], base));
  }

  private async save(values: AutoRechargeValues, expectedVersion: number, kind: 'save' | 'off'): Promise<void> {
    const store = this.options.store();
    if (!store) return;
    const controller = new AbortController();
    this.aborts.add(controller);
    this.saving = kind;
    this.saveError = undefined;
    this.savedNotice = '';
    this.options.announce('');
    this.serverProblems = {};
    this.host.requestUpdate();
    try {
      // The store has every widget on it (the balance badge, other forms) read the new settings.
      const saved = await store.saveAutoRecharge({ ...values, expectedVersion }, { signal: controller.signal });
      const hadConflict = this.conflict !== undefined;
      this.conflict = undefined;
      this.adopt(saved);
      this.seenSettings = undefined;
      const message = saved.enabled ? this.options.text().savedOn : this.options.text().savedOff;
      this.savedNotice = message;
      this.options.announce(message);
      this.host.dispatchEvent(new AutoRechargeSavedEvent(saved));
      if (hadConflict) this.options.focusPart('switch');
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) return;
      const billingError = toBillingError(error);
      const fieldErrors = fieldErrorsOf(billingError);
      if (billingError.code === 'conflict') {
        const theirs = await theirSettings(billingError, store);
        // Abandoned while the settings were read (the element left the page).
        if (!this.aborts.has(controller)) return;
        if (theirs) this.conflict = { theirs, mine: values };
        else this.saveError = billingError;
      } else if (billingError.code === 'validation' && fieldErrors) {
        // A backend's field texts are its English; the one that is the error's own message may carry a catalog key.
        const worded = localizeErrorMessage(billingError, this.options.locale());
        this.serverProblems = Object.fromEntries(
          Object.entries(fieldErrors).map(([field, text]) => [field, text === billingError.message ? worded : text]),
        );
        this.saveError = billingError;
      } else {
        this.saveError = billingError;
      }
    } finally {
      this.aborts.delete(controller);
      if (!controller.signal.aborted) this.saving = null;
      this.host.requestUpdate();
    }
  }
}

/**
 * Their settings after a conflict: from the error's details when readable, else as the store read them afresh
 * before the save rejected (undefined when that read failed too).
 */
async function theirSettings(error: BillingError, store: BillingStore): Promise<AutoRechargeSettings | undefined> {
  const current = error.details['current'];
  // The validator loaded with the save's own request; should it fail now, the store's fresh read is the answer.
  const settings = current === undefined ? undefined : (await loadValidator().catch(() => undefined))?.readAutoRechargeSettings(current);
  if (settings) return settings;
  const latest = store.autoRecharge;
  return latest.status === 'ready' && !latest.refreshError ? latest.value : undefined;
}

/** Succeeded automatic recharges listed for the calendar month (UTC, as the backends count the cap) of `now`. */
function rechargedThisMonth(settings: AutoRechargeSettings, now: Date): number {
  const month = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();
  return settings.recentAttempts
    .filter((attempt) => attempt.outcome === 'succeeded' && month(new Date(attempt.at)) === month(now))
    .reduce((total, attempt) => total + attempt.amount.amount, 0);
}
