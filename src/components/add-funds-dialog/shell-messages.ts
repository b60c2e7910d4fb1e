// The English of the words <add-funds-dialog>'s frame shows itself (title bar, the form's code loading or failing): eager
// and small. The payment form's English (messages.ts) loads with the form's code.
import type { AddFundsDialogShellMessages } from '../../i18n/messages/add-funds-dialog.js';

export const defaultAddFundsDialogShellMessages: AddFundsDialogShellMessages = {
  title: 'Add funds',
  close: 'Close',
  closeWhilePaying: 'Close — the payment continues',
  testMode: 'Test mode',
  retry: 'Try again',
  loadingForm: 'Loading the payment form…',
  flowUnavailable: "The payment form couldn't load. Check your connection and try again.",
};
