// Every English word <credit-balance> shows, in one object, for the public entry and the catalog tests: its own
// (shell-messages.ts) and its forecast's (forecast-view.ts, which loads on demand).
import type { CreditBalanceMessages } from '../../i18n/messages/credit-balance.js';
import { forecastEnglish } from './forecast-view.js';
import { defaultCreditBalanceShellMessages } from './shell-messages.js';

export const defaultCreditBalanceMessages: CreditBalanceMessages = { ...defaultCreditBalanceShellMessages, ...forecastEnglish };
