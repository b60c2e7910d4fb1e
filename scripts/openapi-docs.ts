// The prose of openapi.json: its tags and each operation's tag, summary and description, in one table beside the generator (the client bundle carries none of it).
import type { HOST_ROUTES } from '../src/client/host-routes.js';
import type { ROUTES } from '../src/client/routes.js';
import type { SERVICE_ROUTES } from '../src/client/service-routes.js';

/** Tags in the order a reader meets them; only the ones some operation uses are written. */
export const TAGS = [
  { name: 'Account', description: 'The account the bearer token names: balance, currency and top-up limits.' },
  {
    name: 'Payment methods',
    description: "The account's saved cards. Card details go to the PaymentProvider (Stripe); this API only ever sees its token.",
  },
  { name: 'Top-ups', description: 'Adding funds to the balance with a saved or new card: idempotent, and 3-D Secure aware.' },
  { name: 'Auto-recharge', description: 'Automatic top-ups when the balance falls below a threshold, with an optional monthly cap.' },
  { name: 'Usage', description: 'What was spent: itemised usage entries, paged, and totals per usage type.' },
  { name: 'Rates', description: 'The published per-minute prices that usage is charged at.' },
  { name: 'Events', description: 'A push channel telling the widgets which part of the account changed, so they refresh it.' },
  {
    name: 'Host',
    description:
      "For the host application's own back office, not the widgets: top-ups whose outcome only the payment processor can settle.",
  },
  {
    name: 'Usage ingestion',
    description:
      'Server to server, with a service key: the metering system reports ended calls in batches, and each is priced, recorded once and debited.',
  },
] as const;

export type TagName = (typeof TAGS)[number]['name'];

export interface OperationDocs {
  readonly tag: TagName;
  /** A short title (a few words, no full stop), as API reference tools show it in their menus. */
  readonly summary: string;
  /** What the route does, as the reference server does it (CommonMark). */
  readonly description: string;
  /** When the route also answers 200 for a repeated request: what that 200 means. */
  readonly replayResponse?: string;
}

/** The change feed (EVENTS_PATH) is documented by the generator itself, under this operationId. */
export const SUBSCRIBE_OPERATION = 'subscribe';

export type DocumentedOperation = keyof typeof ROUTES | keyof typeof HOST_ROUTES | keyof typeof SERVICE_ROUTES | typeof SUBSCRIBE_OPERATION;

export const OPERATION_DOCS: Readonly<Record<DocumentedOperation, OperationDocs>> = {
  getAccount: {
    tag: 'Account',
    summary: 'Get the account',
    description:
      'The account the bearer token names: its name, currency, balance (negative when usage overdrew it) and when the balance last changed, the low-balance threshold, the top-up limits and presets, and a summary of the auto-recharge settings. Every amount is in the account currency.',
  },
  listPaymentMethods: {
    tag: 'Payment methods',
    summary: 'List saved cards',
    description:
      "The account's saved cards, the default card first and then in the order they were saved. Expired cards are listed too, so a person can see why a card cannot be used and replace it.",
  },
  addPaymentMethod: {
    tag: 'Payment methods',
    summary: 'Save a card',
    description:
      'Saves a card from a PaymentProvider token (a tokenized card or a confirmed SetupIntent) without charging it. The processor checks the card first; a card it refuses is a 402 card_declined. The card becomes the default when `makeDefault` is true or when the account has no card yet. Saving the same card again (same expiry, and the same fingerprint where the processor gives one) stores nothing new and answers 200 with the card already saved. Every attempt, declined ones included, counts towards a per-account limit (429 with Retry-After).',
    replayResponse: 'The card was already saved: that card, made the default only if `makeDefault` asked for it.',
  },
  removePaymentMethod: {
    tag: 'Payment methods',
    summary: 'Remove a saved card',
    description:
      'Takes a card off the account and answers with the cards left, the default flagged. Removing the default card makes the most recently saved remaining card the default. Removing the card auto-recharge charges turns auto-recharge off (`enabled` false, no card, `disabledCause.code` `payment_method_removed`, a new `version`) instead of moving the charges to another card. Top-ups already paid with the card keep it in their history; a removed card can no longer pay a top-up or an automatic recharge (422). Removing a card the account already removed answers 200 with the current cards, so a retry after a lost response is harmless; an id the account never had is a 404.',
  },
  setDefaultPaymentMethod: {
    tag: 'Payment methods',
    summary: 'Make a saved card the default',
    description:
      "Makes one of the account's saved cards the default and answers with the cards, the default flagged. Asking again changes nothing. Auto-recharge keeps the card it was set up with. A removed card, or an id the account never had, is a 404.",
  },
  createTopUp: {
    tag: 'Top-ups',
    summary: 'Start a top-up',
    description:
      "Charges a saved or a new card and credits the balance when the payment succeeds. The Idempotency-Key header must equal the body's `idempotencyKey` (422 otherwise): only the first request with a key charges, and every later or concurrent request with it waits for and answers that same top-up with status 200, never charging again. Reusing a key for a different amount or card is a 409 conflict. The amount must be in the account currency and inside the account's top-up limits (422 with details). A decline, an expired saved card included, is a top-up with status `failed` and a `failure.code`, not an error; a card that needs 3-D Secure answers `requires_action` with what the PaymentProvider needs, followed by confirmTopUp. When the processor gives no usable answer the top-up stays claimed: a 503 says so, and a retry with the same key settles it without a second charge. New top-ups (not replays) count towards a per-account limit (429 with Retry-After).",
    replayResponse: 'A replay of an earlier request with the same Idempotency-Key: the first top-up, not charged again.',
  },
  getTopUp: {
    tag: 'Top-ups',
    summary: 'Get a top-up',
    description:
      "Reads one of the account's top-ups, e.g. to poll one that is `processing` or to recover after a lost response. A top-up still processing at the processor is asked about once more and settled (crediting the balance once) if it has finished; when the processor cannot be reached, the stored state is returned. Another account's top-up id answers 404, as an unknown id does.",
  },
  listTopUps: {
    tag: 'Top-ups',
    summary: 'List top-ups',
    description:
      "The account's manual and automatic top-ups, newest first (by `createdAt`, then `id`, descending), in pages of `limit` (1 to 100, default 20), for the top-up history and its receipts. Each has its amount, kind (`manual` or `auto_recharge`), status (`succeeded`, `pending` while it is being charged or waits for 3-D Secure, or `failed` with the decline code and text), the card's brand and last four digits (null when the card was never saved), the processor's payment id, and an optional tax line (`tax`: a label and an amount) for the receipt, which this server leaves null and a host's backend may fill. Follow `nextCursor` (null on the last page): cursors are signed for the account and keyed on the last top-up listed, so top-ups made while someone pages never shift one into a duplicate or a gap; a cursor this server did not make for this account is a 422. Another account's top-ups are never listed.",
  },
  confirmTopUp: {
    tag: 'Top-ups',
    summary: 'Confirm a top-up after 3-D Secure',
    description:
      'Call after the PaymentProvider finished strong customer authentication for a `requires_action` top-up: the server asks the processor how the payment ended and settles it, crediting the balance exactly once. A top-up in any other state, or one still waiting for authentication, is returned unchanged, so confirming twice is harmless.',
  },
  listUnresolvedTopUps: {
    tag: 'Host',
    summary: 'List top-ups with an unknown outcome',
    description:
      "For the host, not the widgets: the account's top-ups whose outcome is unknown (the processor may have charged the card while its answer was lost) and that the server stopped retrying after 23 hours, inside Stripe's 24-hour idempotency window. The widgets see them as `processing`. Check each at the processor by `processorIdempotencyKey`; Stripe's `payment_intent.succeeded` or `payment_intent.payment_failed` webhook for it (resent from the dashboard if need be) settles it, crediting once, and takes it off this list. `status=unresolved` is the only filter.",
  },
  recordUsage: {
    tag: 'Usage ingestion',
    summary: 'Record metered calls',
    description:
      "Server to server: send `Authorization: Bearer <service key>` (account tokens are refused with 401). Up to 1,000 ended calls per request (1,001 is a 422 for the whole request, as is a body that is not JSON or has no `calls`); the body may be up to 1 MiB. Each call is checked on its own and answered in `results`, in the request's order: `recorded` (with its usage entry id and price), `duplicate` (its `callId` was recorded before, by an earlier request or a concurrent one: the answer is that first entry, and nothing is debited again) or `refused` with a `reason` (`invalid`, `unknown_account`, `unknown_user`, `unknown_type`, `currency_mismatch`, `no_rate`, `starts_in_future`). A refused call never stops the others: send it again, fixed, under the same or a new `callId`. A call is priced wholly at the rate in force when it started (`startedAt`), per started minute, and debited from its account's balance, which may go below zero. A request that takes an account's balance from at or above its auto-recharge threshold to below it starts one automatic recharge; a retried request records nothing, so starts none. The answer is 200 whenever the request itself was read, whatever became of each call; retry a request that got no answer as it was.",
  },
  getAutoRecharge: {
    tag: 'Auto-recharge',
    summary: 'Get the auto-recharge settings',
    description:
      'Whether auto-recharge is on, its threshold, recharge amount, card and monthly cap, why the server turned it off if it did (e.g. after repeated failures), the latest finished attempts (succeeded, failed, or skipped because of the monthly cap), and the `version` to send back as `expectedVersion` when saving.',
  },
  saveAutoRecharge: {
    tag: 'Auto-recharge',
    summary: 'Save the auto-recharge settings',
    description:
      'Replaces the settings. A stale `expectedVersion` is a 409 conflict whose `details.current` holds the newer settings. Amounts must be in the account currency; turning it on needs a recharge amount and threshold inside the top-up limits and a saved, unexpired card (422 with a message per field otherwise), while settings saved off are kept for later and need not be usable yet. A monthly cap needs an account that supports one and may not be below the recharge amount. Changing the card or turning it back on starts the failure count afresh. Saving it on while the balance is already below the threshold starts a recharge at once.',
  },
  listUsage: {
    tag: 'Usage',
    summary: 'List usage entries',
    description:
      'One page of usage entries matching the filters (`from` inclusive, `to` exclusive, type, user), in the chosen order (newest first by default), with the count of all matching entries and an opaque `nextCursor` for the next page (null on the last). Paging is by sort key, so entries recorded while someone pages never shift an entry into a duplicate or a gap. A cursor is signed for the account, filters and sort it was made with; any other use is refused with 422.',
  },
  getUsageSummary: {
    tag: 'Usage',
    summary: 'Summarise usage per type',
    description:
      'The count and total spend per usage type, the overall total, and the users seen, for exactly the filters listUsage takes, so the summary and the itemised list always agree. Users come from the period and type filters only, so the user filter keeps offering every user.',
  },
  getUsageSeries: {
    tag: 'Usage',
    summary: 'Spend over time',
    description:
      "Spend and count per calendar day (or clock hour) in the given IANA time zone, for getUsageSummary's filters over [from, to): every bucket from the one holding `from` to the one holding the last instant before `to`, oldest first, zeros included, each starting at local midnight (or the top of a local hour), so a DST day is 23 or 25 hours long. The points sum to the summary's total. At most 400 days of day buckets or 192 hours of hour buckets; a longer range, a `to` not after `from` or an unknown zone is refused with 422.",
  },
  getUsageEntry: {
    tag: 'Usage',
    summary: 'Get a usage entry',
    description: "One usage entry of the account by id; another account's entry answers 404, as an unknown id does.",
  },
  listRates: {
    tag: 'Rates',
    summary: 'List rates',
    description:
      "The per-minute rate for each destination country, in the account currency, ordered by destination name. A call is billed per started minute at its destination's rate.",
  },
  subscribe: {
    tag: 'Events',
    summary: 'Subscribe to account changes',
    description:
      "A Server-Sent Events stream that stays open. Each event's `data:` is one BillingChange as JSON; a client refreshes what it names (the balance change carries the new balance). Comment lines (`: heartbeat`) keep proxies from closing an idle stream. Read it with fetch streaming so the bearer token can be sent, and reconnect with backoff; a client sends Last-Event-ID when the server gave event ids (the reference server sends none, so a reconnecting client refreshes everything). A 204 means this account has no change feed: do not reconnect.",
  },
};
