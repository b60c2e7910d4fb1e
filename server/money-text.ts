// Amounts written out for people in server messages ("$10.00"); for display only, never for arithmetic.
import { formatMoney } from '../src/money/money.js';

export function describeMoney(amount: number, currency: string): string {
  return formatMoney({ amount, currency }, 'en-US');
}
