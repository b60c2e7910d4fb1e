// TestCardProcessor: the PaymentProcessor for Stripe's published test cards, with the outcomes of src/payments/test-cards.ts and no network.
//
// Tokens are the widget's `test_card_<number>[_3ds_fail]` (see test-cards.ts). A saved card's
// processor id carries its card number (`test_pm_<number>_<random>`), so the processor needs no
// memory to charge it later, even after a restart. Charges are remembered per idempotency key in
// memory only: that is enough because the top_ups row, unique per (account, key), is what stops
// a second charge; the processor's own replay check is a second line for in-process retries.
// That memory is lost on restart, which is when server/recovery.ts replays an interrupted charge
// with its key: so the payment id is derived from the key and the outcome from the card, and the
// replay is the same payment with the same result (Stripe keeps the key itself for 24 hours).
import { createHash, randomBytes } from 'node:crypto';
import { BillingError } from '../../src/client/errors.js';
import {
  DECLINE_MESSAGES,
  chargeOutcomeFor,
  findTestCard,
  resolveTestCardToken,
  savedTestCardExpiry,
  typedExpiryHasPassed,
  type ResolvedTestCardToken,
  type TestCard,
  type TestCardOutcome,
} from '../../src/payments/test-cards.js';
import type { ChargeRequest, ChargeResult, ChargedCard, PaymentProcessor, SavedCardDetails } from './processor.js';

const SAVED_CARD_PATTERN = /^test_pm_(\d{16})_[a-z0-9]+$/;

interface PendingAuthentication {
  readonly failsAuthentication: boolean;
  readonly card: ChargedCard;
  result: ChargeResult | null;
}

export interface TestCardProcessorOptions {
  /** Source of "now" for saved cards' expiry dates. */
  now?: () => Date;
}

export class TestCardProcessor implements PaymentProcessor {
  readonly name = 'test-cards' as const;
  readonly #now: () => Date;
  readonly #chargesByKey = new Map<string, ChargeResult & { savedCard?: SavedCardDetails }>();
  readonly #awaitingAuthentication = new Map<string, PendingAuthentication>();
  readonly #savedCardOutcomes = new Map<string, TestCardOutcome>();
  #chargeCount = 0;

  constructor(options: TestCardProcessorOptions = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  /** Payments that moved money or started one (one per idempotency key), for tests. */
  get chargeCount(): number {
    return this.#chargeCount;
  }

  /** The processor id a saved test card gets, for seeding accounts with cards directly. */
  static savedCardId(cardNumber: string): string {
    return `test_pm_${cardNumber}_${randomBytes(6).toString('hex')}`;
  }

  /** Test hook: what charging this saved card does from now on (a card that starts declining, say). */
  setSavedCardOutcome(providerPaymentMethodId: string, outcome: TestCardOutcome): void {
    this.#savedCardOutcomes.set(providerPaymentMethodId, outcome);
  }

  async saveCard(providerToken: string): Promise<SavedCardDetails> {
    const resolved = this.#resolve(providerToken);
    const outcome = chargeOutcomeFor(resolved.card.outcome, resolved.failsAuthentication);
    // Saving runs the card through a SetupIntent: a card that would decline, or whose holder
    // fails the bank's challenge, is refused now rather than at the first recharge.
    if (outcome.status === 'declined') throw declined(outcome.declineCode, outcome.message);
    if (outcome.status === 'requires_action' && outcome.authentication === 'fails') {
      throw declined('authentication_failed', DECLINE_MESSAGES.authentication_failed);
    }
    if (typedExpiryHasPassed(resolved, this.#now())) throw declined('expired_card', DECLINE_MESSAGES.expired_card);
    return this.#savedDetails(resolved);
  }

  async charge(request: ChargeRequest): Promise<ChargeResult & { savedCard?: SavedCardDetails }> {
    const previous = this.#chargesByKey.get(request.idempotencyKey);
    if (previous) return previous;
    if ((request.providerPaymentMethodId === undefined) === (request.providerToken === undefined)) {
      throw new BillingError('validation', { message: 'A charge needs exactly one of a saved card or a new card token.' });
    }
    if (!Number.isSafeInteger(request.amount.amount) || request.amount.amount <= 0) {
      throw new BillingError('validation', { message: 'A charge needs a positive whole amount of minor units.' });
    }
    // From the key, not random: a replay after a restart (memory lost) names the same payment.
    const paymentId = `test_pi_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 20)}`;
    let result: ChargeResult & { savedCard?: SavedCardDetails };
    let charged: ChargedCard;

    if (request.providerPaymentMethodId !== undefined) {
      const card = this.#savedCard(request.providerPaymentMethodId);
      charged = { brand: card.brand, last4: card.last4 };
      // Authentication happened when the card was saved, so later charges need none (Stripe documents this for 4000 0025 0000 3155).
      const behaviour =
        this.#savedCardOutcomes.get(request.providerPaymentMethodId) ??
        (card.outcome === 'requires_authentication' ? 'succeeds' : card.outcome);
      const outcome = chargeOutcomeFor(behaviour);
      if (outcome.status === 'succeeded') result = { status: 'succeeded', providerPaymentId: paymentId };
      else if (outcome.status === 'declined') {
        result = { status: 'failed', providerPaymentId: paymentId, declineCode: outcome.declineCode, message: outcome.message };
      } else if (request.offSession) {
        // Off-session nobody is there to answer a challenge.
        result = {
          status: 'failed',
          providerPaymentId: paymentId,
          declineCode: 'authentication_required',
          message: DECLINE_MESSAGES.authentication_required,
        };
      } else {
        result = this.#awaitAuthentication(paymentId, false, charged);
      }
    } else {
      const resolved = this.#resolve(request.providerToken ?? '');
      charged = { brand: resolved.card.brand, last4: resolved.card.last4 };
      const outcome = chargeOutcomeFor(resolved.card.outcome, resolved.failsAuthentication);
      if (outcome.status === 'declined') {
        result = { status: 'failed', providerPaymentId: paymentId, declineCode: outcome.declineCode, message: outcome.message };
      } else {
        result =
          outcome.status === 'succeeded'
            ? { status: 'succeeded', providerPaymentId: paymentId }
            : request.offSession
              ? {
                  status: 'failed',
                  providerPaymentId: paymentId,
                  declineCode: 'authentication_required',
                  message: DECLINE_MESSAGES.authentication_required,
                }
              : this.#awaitAuthentication(paymentId, outcome.authentication === 'fails', charged);
        // Like Stripe, the card comes back with the payment; the server keeps it only once the payment succeeds.
        if (request.saveCard && result.status !== 'failed') result = { ...result, savedCard: this.#savedDetails(resolved) };
      }
    }
    // Like Stripe's PaymentIntent (its payment_method), every answer names the card, declined or not.
    result = { ...result, card: charged };
    this.#chargeCount += 1;
    this.#chargesByKey.set(request.idempotencyKey, result);
    return result;
  }

  async confirm(providerPaymentId: string): Promise<ChargeResult> {
    const pending = this.#awaitingAuthentication.get(providerPaymentId);
    if (!pending) {
      const settled = [...this.#chargesByKey.values()].find((charge) => charge.providerPaymentId === providerPaymentId);
      if (settled) return stripSavedCard(settled);
      throw new BillingError('not_found', { message: `There is no test payment ${providerPaymentId}.` });
    }
    // The widget's TestCardPaymentProvider has "run" the challenge; its result was fixed by the token.
    pending.result ??= pending.failsAuthentication
      ? {
          status: 'failed',
          providerPaymentId,
          declineCode: 'authentication_failed',
          message: DECLINE_MESSAGES.authentication_failed,
          card: pending.card,
        }
      : { status: 'succeeded', providerPaymentId, card: pending.card };
    return pending.result;
  }

  async paymentStatus(providerPaymentId: string): Promise<ChargeResult> {
    const pending = this.#awaitingAuthentication.get(providerPaymentId);
    // Not confirmed yet: the challenge has not been answered, whatever the card would do.
    if (pending && !pending.result) {
      return { status: 'requires_action', providerPaymentId, clientSecret: `${providerPaymentId}_secret`, card: pending.card };
    }
    if (pending?.result) return pending.result;
    const settled = [...this.#chargesByKey.values()].find((charge) => charge.providerPaymentId === providerPaymentId);
    if (settled) return stripSavedCard(settled);
    throw new BillingError('not_found', { message: `There is no test payment ${providerPaymentId}.` });
  }

  #awaitAuthentication(paymentId: string, failsAuthentication: boolean, card: ChargedCard): ChargeResult {
    this.#awaitingAuthentication.set(paymentId, { failsAuthentication, card, result: null });
    return {
      status: 'requires_action',
      providerPaymentId: paymentId,
      clientSecret: `${paymentId}_secret_${randomBytes(8).toString('hex')}`,
    };
  }

  #resolve(providerToken: string): ResolvedTestCardToken {
    const resolved = resolveTestCardToken(providerToken);
    if (!resolved) {
      throw new BillingError('validation', {
        message: 'This billing service accepts test card tokens only, such as test_card_4242424242424242.',
        details: { fieldErrors: { providerToken: 'Not a test card token.' } },
      });
    }
    return resolved;
  }

  #savedCard(providerPaymentMethodId: string): TestCard {
    const number = SAVED_CARD_PATTERN.exec(providerPaymentMethodId)?.[1];
    const card = number ? findTestCard(number) : null;
    if (!card) throw new BillingError('validation', { message: 'That saved card is not a test card.' });
    return card;
  }

  /** The expiry typed with the card when the token carries it (else four years on, as the mock does). */
  #savedDetails(resolved: ResolvedTestCardToken): SavedCardDetails {
    const { card } = resolved;
    return {
      providerPaymentMethodId: TestCardProcessor.savedCardId(card.number),
      brand: card.brand,
      last4: card.last4,
      ...savedTestCardExpiry(resolved, this.#now()),
    };
  }
}

function declined(declineCode: string, message: string): BillingError {
  return new BillingError('card_declined', { message, details: { declineCode } });
}

function stripSavedCard(result: ChargeResult & { savedCard?: SavedCardDetails }): ChargeResult {
  const { savedCard: _card, ...charge } = result;
  return charge;
}
