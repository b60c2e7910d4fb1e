// The message interface of <auto-recharge-settings>: in i18n/, the bottom layer, so the catalog never imports a widget or provider.
// The English defaults stay with the element or provider that speaks them.

/** Every string <auto-recharge-settings> shows or speaks; set `messages` to replace any of them. Amounts arrive formatted. */
export interface AutoRechargeSettingsMessages {
  heading: string;
  description: string;
  switchLabel: string;
  on: string;
  off: string;
  loading: string;
  retry: string;
  thresholdLabel: string;
  thresholdHint: (minimum: string, maximum: string) => string;
  rechargeLabel: string;
  rechargeHint: (minimum: string, maximum: string) => string;
  cardLegend: string;
  cardExpires: (expiry: string) => string;
  cardExpired: (expiry: string) => string;
  cardDefault: string;
  noCards: string;
  addCard: string;
  addCardTitle: string;
  saveCard: string;
  savingCard: string;
  cancel: string;
  cardAdded: (card: string) => string;
  capToggle: string;
  capLabel: string;
  capHint: string;
  summaryOn: (thresholdAmount: string, rechargeAmount: string, card: string) => string;
  summaryCap: (monthlyCap: string) => string;
  summaryOff: string;
  summaryIncomplete: string;
  /** The amounts and card are fine but the ticked monthly cap is empty or refused. */
  summaryCapIncomplete: string;
  chargeNowWarning: (balance: string, thresholdAmount: string, rechargeAmount: string, card: string) => string;
  problemRequired: string;
  problemNotANumber: string;
  problemNegative: string;
  problemTooManyDecimals: (currency: string, digits: number) => string;
  problemNotPositive: string;
  problemOutsideLimits: (field: string, minimum: string, maximum: string) => string;
  problemCardRequired: string;
  problemCardMissing: string;
  problemCardExpired: (card: string, expiry: string) => string;
  problemCapBelowRecharge: (rechargeAmount: string) => string;
  save: string;
  saving: string;
  discard: string;
  unsaved: string;
  savedOn: string;
  savedOff: string;
  turningOff: string;
  saveFailed: string;
  conflictTitle: string;
  conflictBody: string;
  conflictTheirs: string;
  conflictYours: string;
  keepMine: string;
  useTheirs: string;
  conflictStatus: string;
  disabledTitle: string;
  disabledFix: string;
  recentHeading: string;
  recentEmpty: string;
  recentTime: string;
  recentAmount: string;
  recentCard: string;
  recentOutcome: string;
  outcomeSucceeded: string;
  outcomeFailed: string;
  outcomeSkipped: string;
  removedCard: string;
  noCard: string;
  testMode: string;
}
