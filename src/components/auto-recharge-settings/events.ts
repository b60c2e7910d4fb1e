// Events fired by <auto-recharge-settings>: one class per event, typed, bubbling out of shadow roots.
import type { AutoRechargeSettings } from '../../client/schemas.js';

/** New auto-recharge settings were saved (including turning it off). */
export class AutoRechargeSavedEvent extends Event {
  static readonly eventName = 'billing-auto-recharge-saved' as const;

  /** The settings as the backend stored them, with their new version. */
  readonly settings: AutoRechargeSettings;

  constructor(settings: AutoRechargeSettings) {
    super(AutoRechargeSavedEvent.eventName, { bubbles: true, composed: true });
    this.settings = settings;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'billing-auto-recharge-saved': AutoRechargeSavedEvent;
  }
}
