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
  /** The legend of the choice between the two ways a recharge is sized. */
  modeLegend: string;
  /** Adds the same amount every time. */
  modeFixed: string;
  /** Adds what brings the balance back up to a target balance. */
  modeTarget: string;
  /** The target balance field's label. */
  targetLabel: string;
  targetHint: (maximum: string) => string;
  /** The conflict table's value for a target-mode recharge. */
  upToTarget: (targetBalance: string) => string;
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
  /** In target mode the cap shortens a recharge rather than skipping it. */
  capHintTarget: string;
  summaryOn: (thresholdAmount: string, rechargeAmount: string, card: string) => string;
  summaryTarget: (thresholdAmount: string, targetBalance: string, card: string) => string;
  summaryCap: (monthlyCap: string) => string;
  summaryOff: string;
  summaryIncomplete: string;
  /** The amounts and card are fine but the ticked monthly cap is empty or refused. */
  summaryCapIncomplete: string;
  chargeNowWarning: (balance: string, thresholdAmount: string, rechargeAmount: string, card: string) => string;
  /** Target mode: `amount` is what is charged, `after` the balance it leaves (the target, unless a limit changes it). */
  chargeNowTarget: (balance: string, thresholdAmount: string, amount: string, after: string, card: string) => string;
  /** Follows a charge-now warning when the balance after the charge is still below the threshold. */
  chargeNowStillBelow: (after: string, thresholdAmount: string) => string;
  /** Follows a target-mode warning whose charge the monthly cap shortened. */
  chargeNowCapLimited: (monthlyCap: string) => string;
  /** Follows a target-mode warning whose charge is the largest single payment. */
  chargeNowMaximumLimited: (maximum: string) => string;
  /** Below the threshold, but what is left of this month's cap is too little for a recharge: nothing is charged. */
  chargeNowCapReached: (balance: string, thresholdAmount: string, monthlyCap: string) => string;
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
  problemTargetNotAboveThreshold: (thresholdAmount: string) => string;
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
  /** Beside a target-mode attempt's amount: the balance it set out to reach. */
  attemptTarget: (targetBalance: string) => string;
  /** Beside a target-mode attempt the monthly cap shortened. */
  attemptCapLimited: string;
  /** Beside a target-mode attempt cut to the largest single payment. */
  attemptMaximumLimited: string;
  removedCard: string;
  noCard: string;
  testMode: string;
}
