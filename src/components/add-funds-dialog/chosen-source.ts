// What Pay charges in <billing-add-funds-form>: the new card's entry or the chosen saved card, or why it cannot yet.
import type { PaymentMethod } from '../../client/schemas.js';
import type { AddFundsDialogMessages } from '../../i18n/messages/add-funds-dialog.js';
import { describeCard } from '../../payments/card-brand.js';
import { isCardExpired } from '../../payments/card-expiry.js';
import type { CardEntryController } from '../card-entry-controller.js';
import { NEW_CARD } from './payment-methods-view.js';
import type { ChosenSource } from './top-up-controller.js';

export interface SourceChoice {
  /** A saved card's id, or NEW_CARD. */
  method: string | undefined;
  cardEntry: Pick<CardEntryController, 'entry' | 'status' | 'message'>;
  saveCard: boolean;
  savedCards: readonly PaymentMethod[] | undefined;
  text: Pick<AddFundsDialogMessages, 'loadingCardEntry' | 'newCardSource' | 'chooseCard'>;
}

/** The source to charge, or the words saying why there is none yet (the card entry still loading, no usable card). */
export function chooseSource({ method, cardEntry, saveCard, savedCards, text }: SourceChoice): ChosenSource | { problem: string } {
  if (method === NEW_CARD) {
    const entry = cardEntry.entry;
    if (!entry) return { problem: cardEntry.status === 'unavailable' ? cardEntry.message : text.loadingCardEntry };
    return {
      source: { type: 'new_card', cardEntry: entry, saveCard },
      summary: { type: 'new_card', saveCard, label: text.newCardSource },
    };
  }
  const card = savedCards?.find((candidate) => candidate.id === method);
  if (!card || isCardExpired(card)) return { problem: text.chooseCard };
  return {
    source: { type: 'saved_card', paymentMethodId: card.id },
    summary: { type: 'saved_card', paymentMethodId: card.id, label: describeCard(card) },
  };
}
