// POST /v1/webhooks/stripe: verifies Stripe's signature on the raw body and settles top-ups from PaymentIntent events, once per event.
//
// Stripe delivers at least once and in any order. Two guards make a redelivery harmless:
// settleTopUp credits a top-up exactly once whatever calls it (the ledger has one row per
// top-up), and every handled event id is recorded in stripe_events (primary key), so a repeat
// is acknowledged without touching the top-up at all.
import type { Hono } from 'hono';
import type Stripe from 'stripe';
import type { Database } from '../db/database.js';
import { refuseLargeBodies } from '../body-limit.js';
import { settleTopUp } from '../top-up-settlement.js';
import { chargedCard } from './stripe-processor.js';

export const STRIPE_WEBHOOK_PATH = '/v1/webhooks/stripe';

/** Stripe's own events larger than this are not ours (its payloads are a few kB). */
const MAX_BODY_BYTES = 512 * 1024;

/** The part of `stripe.webhooks` used here; the real object satisfies it. */
export interface StripeWebhookVerifier {
  constructEventAsync(payload: string | Uint8Array, header: string | string[] | Uint8Array, secret: string): Promise<Stripe.Event>;
}

export interface StripeWebhookOptions {
  db: Database;
  webhooks: StripeWebhookVerifier;
  /** whsec_… from the Stripe dashboard or `stripe listen`. */
  secret: string;
  /** Where failures to settle are reported; console.error by default. */
  log?: (message: string, error?: unknown) => void;
}

export type WebhookOutcome = 'settled' | 'unchanged' | 'duplicate' | 'ignored' | 'unknown_payment' | 'not_yet_known';

export function mountStripeWebhook(app: Hono, options: StripeWebhookOptions): void {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`billing server: ${message}`, error ?? ''));

  // The limit is checked while the body streams in (a chunked body has no Content-Length to check first).
  app.post(STRIPE_WEBHOOK_PATH, refuseLargeBodies(MAX_BODY_BYTES), async (c) => {
    const signature = c.req.header('stripe-signature');
    if (!signature) return c.json({ error: { code: 'validation', message: 'Missing Stripe-Signature header.' } }, 400);

    // The signature covers the exact bytes Stripe sent: read them before anything parses JSON.
    const raw = new Uint8Array(await c.req.arrayBuffer());

    let event: Stripe.Event;
    try {
      event = await options.webhooks.constructEventAsync(raw, signature, options.secret);
    } catch {
      return c.json({ error: { code: 'validation', message: 'The Stripe signature does not match this payload.' } }, 400);
    }
    // Signed is not well-formed: a 4xx tells the sender the event itself is wrong, where a 500 would ask for it again.
    const malformed = malformedEventReason(event);
    if (malformed) return c.json({ error: { code: 'validation', message: `The event is malformed: ${malformed}.` } }, 400);

    try {
      const outcome = await handleStripeEvent(options.db, event);
      if (outcome === 'not_yet_known') {
        // Tagged as ours, yet no top-up has its id or key (a row claimed before 002_payment_recovery.sql,
        // or another server's database): a non-2xx makes Stripe deliver again, for up to three days.
        return c.json({ error: { code: 'unavailable', message: 'This payment is not recorded yet; Stripe will retry.' } }, 503);
      }
      return c.json({ received: true, outcome });
    } catch (error) {
      // Anything but 2xx makes Stripe deliver again later, which is what a failed settle needs.
      log(`Stripe event ${event.id} (${event.type}) could not be handled`, error);
      return c.json({ error: { code: 'unavailable', message: 'The event could not be handled; Stripe will retry.' } }, 500);
    }
  });
}

/** Applies one verified event; exported for tests that bypass the HTTP layer. */
export async function handleStripeEvent(db: Database, event: Stripe.Event): Promise<WebhookOutcome> {
  const seen = await db.query(`SELECT 1 FROM stripe_events WHERE event_id = $1`, [event.id]);
  if (seen.rows.length > 0) return 'duplicate';

  let outcome: WebhookOutcome = 'ignored';
  let providerPaymentId: string | null = null;
  if (
    event.type === 'payment_intent.succeeded' ||
    event.type === 'payment_intent.payment_failed' ||
    event.type === 'payment_intent.canceled'
  ) {
    const paymentIntent = event.data.object;
    providerPaymentId = paymentIntent.id;
    const lastError = paymentIntent.last_payment_error;
    // By the PaymentIntent id, or, when the charge's answer was lost and the id never stored, by
    // the processor key in its metadata (the claimed row keeps that key from the start).
    const processorIdempotencyKey = isOurPaymentIntent(paymentIntent.metadata) ? paymentIntent.metadata.idempotency_key : undefined;
    const settled = await settleTopUp(db, {
      providerPaymentId,
      ...(processorIdempotencyKey ? { processorIdempotencyKey } : {}),
      outcome:
        event.type === 'payment_intent.succeeded'
          ? 'succeeded'
          : {
              failed: {
                code:
                  lastError?.decline_code ?? lastError?.code ?? (event.type === 'payment_intent.canceled' ? 'canceled' : 'card_declined'),
                message: lastError?.message ?? 'Your card was declined.',
              },
            },
      // An event's PaymentIntent is not expanded, but a failed one carries its attempt's PaymentMethod (last_payment_error).
      card: chargedCard(paymentIntent),
    });
    // 'unchanged': the top-up had already settled (confirm after 3-D Secure, or an earlier event).
    outcome = settled ? (settled.changed ? 'settled' : 'unchanged') : 'unknown_payment';
    // Ours (the processor tags every PaymentIntent it creates) but matched by neither id nor key:
    // leave the event unrecorded so a redelivery can settle it. Without our tag it is someone else's.
    if (!settled && isOurPaymentIntent(paymentIntent.metadata)) return 'not_yet_known';
  }

  // Recorded after settling: if this insert is lost, the redelivery settles again, which is a no-op.
  const recorded = await db.query(
    `INSERT INTO stripe_events (event_id, type, provider_payment_id) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING`,
    [event.id, event.type, providerPaymentId],
  );
  // Two deliveries raced past the SELECT; settleTopUp made one of them a no-op. The one that settled says so, whichever
  // recorded the event first.
  if (recorded.affectedRows === 0 && outcome !== 'settled') return 'duplicate';
  return outcome;
}

/** Why a verified event lacks what handleStripeEvent reads (`data: null`, say), or null when it has it. */
export function malformedEventReason(event: unknown): string | null {
  if (typeof event !== 'object' || event === null) return 'not a JSON object';
  const { id, type, data } = event as { id?: unknown; type?: unknown; data?: unknown };
  if (typeof id !== 'string' || id === '') return 'no id';
  if (typeof type !== 'string' || type === '') return 'no type';
  const object = typeof data === 'object' && data !== null ? (data as { object?: unknown }).object : undefined;
  if (typeof object !== 'object' || object === null) return 'data.object is missing';
  if (type.startsWith('payment_intent.') && typeof (object as { id?: unknown }).id !== 'string') return 'the PaymentIntent has no id';
  return null;
}

/** The StripeProcessor puts `kind` and `idempotency_key` on every PaymentIntent it creates. */
function isOurPaymentIntent(metadata: Stripe.Metadata | null | undefined): boolean {
  return Boolean(metadata?.idempotency_key) && (metadata?.kind === 'top_up' || metadata?.kind === 'auto_recharge');
}
