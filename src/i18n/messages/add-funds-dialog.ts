// The message interface of <add-funds-dialog>: in i18n/, the bottom layer, so the catalog never imports a widget or provider.
// The English defaults stay with the element or provider that speaks them.

/** Every string <add-funds-dialog> shows or speaks; set `messages` to replace any of them. */
export interface AddFundsDialogMessages {
  title: string;
  close: string;
  testMode: string;
  loading: string;
  retry: string;
  amountLegend: string;
  customAmount: string;
  amountLimits: (minimum: string, maximum: string) => string;
  amountRequired: string;
  amountBelowMinimum: (minimum: string) => string;
  amountAboveMaximum: (maximum: string) => string;
  amountNotANumber: string;
  amountExponent: string;
  amountNegative: string;
  amountTooManyDecimals: (currency: string, digits: number) => string;
  currentBalance: (balance: string) => string;
  newBalance: (balance: string) => string;
  methodLegend: string;
  loadingCards: string;
  cardsError: string;
  cardLabel: (brand: string, last4: string) => string;
  /** `expiry`: the month and year, written as the locale writes them ("12/2029"). */
  expires: (expiry: string) => string;
  expired: string;
  defaultCard: string;
  newCard: string;
  /** A new card in a sentence, before the payment provider names it: "Paying $50.00 with a new card…". */
  newCardSource: string;
  saveCard: string;
  loadingCardEntry: string;
  chooseCard: string;
  pay: (amount: string) => string;
  payDisabled: string;
  processing: string;
  cancel: string;
  /** Replaces Cancel while a payment is in flight: closing does not stop it. */
  closeWhilePaying: string;
  statusSubmitting: (amount: string, card: string) => string;
  statusAuthenticating: string;
  statusConfirming: string;
  statusProcessing: string;
  /** After Escape while paying; `close` is the label of the button that closes the dialog (`closeWhilePaying`). */
  stillProcessing: (close: string) => string;
  declinedTitle: string;
  declinedHint: string;
  interruptedTitle: string;
  interruptedHint: string;
  unconfirmedTitle: (amount: string) => string;
  unconfirmedHint: string;
  checkAgain: string;
  checking: string;
  payDifferently: string;
  payDifferentlyWarning: (amount: string) => string;
  payDifferentlyConfirm: string;
  payDifferentlyBack: string;
  /**
   * Before a second top-up of the same amount soon after one succeeded: `when` is a relative time from
   * Intl.RelativeTimeFormat ("1 minute ago", "vor 3 Minuten").
   */
  repeatQuestion: (amount: string, when: string) => string;
  /** Pays the repeated amount after that question. */
  repeatConfirm: (amount: string) => string;
  /** Back to the form from that question, nothing charged. */
  repeatBack: string;
  earlierUnconfirmed: (amount: string, card: string) => string;
  earlierSucceeded: (amount: string) => string;
  earlierFailed: (amount: string) => string;
  successTitle: string;
  successBody: (amount: string, card: string) => string;
  successBalance: string;
  done: string;
  /** The payment form's code could not be downloaded (offline, or the file is gone); "Try again" fetches it again. */
  flowUnavailable: string;
  /** Opened before the payment form's code arrived (a slow first download). */
  loadingForm: string;
}

/**
 * The keys the dialog's frame shows itself (title bar, and the form's code loading or failing); their English loads with
 * the element. Every other key is only shown by <billing-add-funds-form>, so its English arrives with that part's code.
 */
export type AddFundsDialogShellKey = 'title' | 'close' | 'closeWhilePaying' | 'testMode' | 'retry' | 'loadingForm' | 'flowUnavailable';
export type AddFundsDialogShellMessages = Pick<AddFundsDialogMessages, AddFundsDialogShellKey>;
/** The words only the payment form shows (a key added to the interface lands here unless the frame needs it). */
export type AddFundsFormMessages = Omit<AddFundsDialogMessages, AddFundsDialogShellKey>;
