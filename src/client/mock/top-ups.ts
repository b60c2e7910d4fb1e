// The mock's card payments: starting a top-up (idempotent per key), 3-D Secure confirmation, polling a
// payment still processing, and the capture that charges the card and credits the balance.
import { BillingError } from '../errors.js';
import type { CreateTopUpRequest, TopUp } from '../schemas.js';
import { DECLINE_MESSAGES, chargeOutcomeFor, type TestCardChargeOutcome } from '../../payments/test-cards.js';
import { describeCard } from '../../payments/card-brand.js';
import { cardMissingProblem, topUpAmountProblem } from '../../rules/api-messages.js';
import { checkTopUpAmount } from '../../rules/top-up-rules.js';
import { checkMoney, problemError, resolveToken, validationError } from './request-checks.js';
import type { MockStore, TopUpRecord } from './store.js';

export class MockTopUps {
  constructor(
    private readonly store: MockStore,
    /** How many polls a successful manual top-up answers "processing" before "succeeded". */
    private readonly processingPolls: number,
  ) {}

  create(request: CreateTopUpRequest): TopUp {
    const { store } = this;
    const key = request.idempotencyKey;
    if (typeof key !== 'string' || key.length < 8 || key.length > 255) {
      throw validationError('idempotencyKey must be 8 to 255 characters.', { field: 'idempotencyKey' });
    }
    const source = request.source;
    // A JavaScript caller may leave the amount out; the fingerprint is taken before it is checked.
    const received: { amount?: { amount?: unknown; currency?: unknown } } = request;
    const requestFingerprint = JSON.stringify([
      received.amount?.amount,
      received.amount?.currency,
      source.type,
      source.type === 'saved_card' ? source.paymentMethodId : source.providerToken,
      source.type === 'new_card' ? source.saveCard : null,
    ]);
    const existingId = store.topUpIdsByKey.get(key);
    const existing = existingId === undefined ? undefined : store.topUps.get(existingId);
    if (existing) {
      if (existing.requestFingerprint !== requestFingerprint) {
        throw new BillingError('conflict', {
          message: 'This payment was already started with a different amount or card. Start a new payment to change it.',
          details: { topUpId: existing.id },
        });
      }
      // A replay (double click, retry after a lost response) gets the same top-up, never a second charge.
      return this.topUpOf(existing);
    }

    const amount = checkMoney(request.amount, 'amount', store.currency);
    const amountProblem = checkTopUpAmount(amount, { minimum: store.topUpMinimum, maximum: store.topUpMaximum });
    if (amountProblem) {
      const problem = topUpAmountProblem(amountProblem, store.currency, (value) => store.describeMoney(value));
      switch (amountProblem.code) {
        case 'below_minimum':
          throw problemError(problem, { field: 'amount', limit: 'minimum', minimum: store.money(amountProblem.minimum) });
        case 'above_maximum':
          throw problemError(problem, { field: 'amount', limit: 'maximum', maximum: store.money(amountProblem.maximum) });
        case 'not_positive':
          throw problemError(problem, { field: 'amount' });
      }
    }

    let outcome: TestCardChargeOutcome;
    let paymentMethodId: string | null = null;
    let pendingNewCard: TopUpRecord['pendingNewCard'] = null;
    let chargedCard: TopUpRecord['chargedCard'] = null;
    if (source.type === 'saved_card') {
      const card = store.findCard(source.paymentMethodId);
      if (!card) {
        throw problemError(cardMissingProblem(), { field: 'paymentMethodId' });
      }
      paymentMethodId = card.id;
      chargedCard = { brand: card.brand, last4: card.last4 };
      // An expired card is declined like any other card, as a failed top-up, as the server does.
      outcome = store.isExpired(card)
        ? {
            status: 'declined',
            declineCode: 'expired_card',
            message: `${describeCard(card)} expired at the end of ${String(card.expMonth).padStart(2, '0')}/${card.expYear}. Choose another card or add a new one.`,
          }
        : chargeOutcomeFor(card.behaviour);
      // A JavaScript caller may send any other type of source: it is refused below, as the server refuses it.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    } else if (source.type === 'new_card') {
      const resolved = resolveToken(source.providerToken);
      outcome = chargeOutcomeFor(resolved.card.outcome, resolved.failsAuthentication);
      pendingNewCard = { card: resolved.card, expiry: resolved.expiry, saveCard: source.saveCard };
      chargedCard = { brand: resolved.card.brand, last4: resolved.card.last4 };
    } else {
      throw validationError('Choose a saved card or enter a new one.', { field: 'source' });
    }

    const record = store.newTopUpRecord({ amount, idempotencyKey: key, requestFingerprint, kind: 'manual', paymentMethodId });
    record.pendingNewCard = pendingNewCard;
    record.chargedCard = chargedCard;
    store.topUpIdsByKey.set(key, record.id);

    switch (outcome.status) {
      case 'succeeded':
        this.capture(record);
        break;
      case 'requires_action':
        record.status = 'requires_action';
        record.authenticationFails = outcome.authentication === 'fails';
        record.clientSecret = `${record.id}_secret_${Math.floor(store.random() * 2 ** 32).toString(36)}`;
        break;
      case 'declined':
        this.fail(record, { code: outcome.declineCode, message: outcome.message });
        break;
    }
    return this.topUpOf(record);
  }

  /** A payment's state now; one still processing counts down its polls, then settles. */
  poll(topUpId: string): TopUp {
    const record = this.find(topUpId);
    if (record.status === 'processing') {
      if (record.processingPollsLeft > 0) record.processingPollsLeft -= 1;
      else this.store.settle(record);
    }
    return this.topUpOf(record);
  }

  confirm(topUpId: string): TopUp {
    const record = this.find(topUpId);
    // Confirming anything but a top-up waiting for authentication is a harmless repeat: report its state.
    if (record.status !== 'requires_action') return this.topUpOf(record);
    record.clientSecret = null;
    if (record.authenticationFails) {
      this.fail(record, { code: 'authentication_failed', message: DECLINE_MESSAGES.authentication_failed });
    } else {
      this.capture(record);
    }
    return this.topUpOf(record);
  }

  /** The payment failed: nothing charged, no card saved. Another tab's history hears of it, as from the server. */
  private fail(record: TopUpRecord, failure: NonNullable<TopUpRecord['failure']>): void {
    record.status = 'failed';
    record.failure = failure;
    record.pendingNewCard = null;
    this.store.emit({ type: 'top_ups' });
  }

  /** The card is charged now; the balance is credited now, or after the configured processing polls. */
  capture(record: TopUpRecord): void {
    const { store } = this;
    if (record.pendingNewCard?.saveCard) {
      record.paymentMethodId = store.saveCard(record.pendingNewCard.card, false, record.pendingNewCard.expiry).id;
      store.emit({ type: 'account' });
      store.emit({ type: 'payment_methods' });
    }
    record.pendingNewCard = null;
    store.logCharge(record);
    if (record.kind === 'manual' && this.processingPolls > 0) {
      record.status = 'processing';
      record.processingPollsLeft = this.processingPolls;
    } else {
      store.settle(record);
    }
  }

  private find(topUpId: string): TopUpRecord {
    const record = this.store.topUps.get(topUpId);
    if (!record) throw new BillingError('not_found', { message: `There is no top-up ${topUpId}.` });
    return record;
  }

  private topUpOf(record: TopUpRecord): TopUp {
    const { store } = this;
    const base = {
      id: record.id,
      amount: store.money(record.amount),
      idempotencyKey: record.idempotencyKey,
      paymentMethodId: record.paymentMethodId,
      createdAt: new Date(record.createdAt).toISOString(),
    };
    switch (record.status) {
      case 'succeeded':
        return { ...base, status: 'succeeded', balanceAfter: store.money(record.balanceAfter ?? store.balance) };
      case 'processing':
        return { ...base, status: 'processing' };
      case 'requires_action':
        return {
          ...base,
          status: 'requires_action',
          nextAction: { type: 'three_d_secure', clientSecret: record.clientSecret ?? `${record.id}_secret` },
        };
      case 'failed':
        return {
          ...base,
          status: 'failed',
          failure: { ...(record.failure ?? { code: 'generic_decline', message: DECLINE_MESSAGES.generic_decline }) },
        };
    }
  }
}
