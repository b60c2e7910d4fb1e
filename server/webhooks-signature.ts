// The outbound webhooks' signature: HMAC-SHA256 over `<timestamp>.<raw body>` with the host's secret, sent as
// `Billing-Signature: t=<unix seconds>,v1=<hex>` (Stripe's scheme). The timestamp is inside what is signed, so a
// receiver that refuses old timestamps refuses a captured request replayed later; the event id (in the body and in
// Billing-Event-Id) is what it deduplicates on, since a retry is signed afresh with a new timestamp. Receivers check it
// with billing-widgets/webhooks (src/webhooks/index.ts).
import { createHmac } from 'node:crypto';

export { WEBHOOK_EVENT_ID_HEADER, WEBHOOK_EVENT_TYPE_HEADER, WEBHOOK_SIGNATURE_HEADER } from '../src/webhooks/index.js';

/** The hex HMAC-SHA256 of `${timestamp}.${body}`. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The Billing-Signature header for a body sent at `at`. */
export function signWebhookPayload(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${webhookSignature(secret, timestamp, body)}`;
}
