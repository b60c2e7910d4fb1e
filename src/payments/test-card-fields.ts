// The test-card form's fields: formatting as a person types, the caret kept in place, the Luhn check and each field's problem.
import type { TestCardEntryMessages } from '../i18n/messages/test-card-entry.js';
import { findTestCard } from './test-cards.js';

export type FieldName = 'number' | 'expiry' | 'cvc';

export const FIELD_ORDER: readonly FieldName[] = ['number', 'expiry', 'cvc'];
export const FIELD_IDS: Record<FieldName, string> = { number: 'card-number', expiry: 'card-expiry', cvc: 'card-cvc' };

export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

export function formatCardNumber(value: string): string {
  return (
    digitsOf(value)
      .slice(0, 16)
      .match(/.{1,4}/g)
      ?.join(' ') ?? ''
  );
}

function formatExpiry(value: string): string {
  // Browser autofill may write MM/YYYY: keep the last two digits of the year.
  const parts = value.split(/\D+/).filter(Boolean);
  let digits = parts.length === 2 && parts[1]?.length === 4 ? `${parts[0]}${parts[1].slice(2)}` : digitsOf(value);
  // "4" can only be April: write it as 04 so the person types the year next.
  if (/^[2-9]$/.test(digits)) digits = `0${digits}`;
  digits = digits.slice(0, 4);
  return digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
}

function formatCvc(value: string): string {
  return digitsOf(value).slice(0, 4);
}

export const FORMATTERS: Record<FieldName, (value: string) => string> = {
  number: formatCardNumber,
  expiry: formatExpiry,
  cvc: formatCvc,
};

export function isFullLength(name: FieldName, value: string): boolean {
  const length = digitsOf(value).length;
  return name === 'number' ? length === 16 : name === 'expiry' ? length === 4 : false;
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function fieldError(name: FieldName, value: string, text: TestCardEntryMessages): string | null {
  const digits = digitsOf(value);
  switch (name) {
    case 'number':
      if (digits.length === 0) return text.numberRequired;
      if (digits.length < 16) return text.numberIncomplete;
      if (!passesLuhn(digits)) return text.numberInvalid;
      if (!findTestCard(digits)) return text.numberNotTestCard;
      return null;
    case 'expiry': {
      if (digits.length === 0) return text.expiryRequired;
      if (digits.length < 4) return text.expiryIncomplete;
      const month = Number(digits.slice(0, 2));
      if (month < 1 || month > 12) return text.expiryMonth;
      const year = 2000 + Number(digits.slice(2, 4));
      const today = new Date();
      // A card is valid through the last day of its expiry month.
      if (year * 12 + month < today.getFullYear() * 12 + today.getMonth() + 1) {
        return text.expiryPast;
      }
      if (year > today.getFullYear() + 20) return text.expiryTooFar;
      return null;
    }
    case 'cvc':
      if (digits.length === 0) return text.cvcRequired;
      if (digits.length !== 3) return text.cvcInvalid;
      return null;
  }
}

/** Rewrites the value without throwing the caret to the end when editing mid-number. */
export function keepCaretOnReformat(input: HTMLInputElement, formatted: string): void {
  const caret = input.selectionStart ?? input.value.length;
  // A digit the formatter added (the 0 of "04") sits before the caret too.
  const added = Math.max(0, digitsOf(formatted).length - digitsOf(input.value).length);
  const digitsBefore = digitsOf(input.value.slice(0, caret)).length + added;
  input.value = formatted;
  let position = 0;
  for (let seen = 0; position < formatted.length && seen < digitsBefore; position += 1) {
    if (/\d/.test(formatted.charAt(position))) seen += 1;
  }
  if (input.matches(':focus')) input.setSelectionRange(position, position);
}
