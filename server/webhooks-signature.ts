// The outbound webhooks' signature: HMAC-SHA256 over `<timestamp>.<raw body>` with the host's secret, sent as
// `Billing-Signature: t=<unix seconds>,v1=<hex>` (Stripe's scheme). The timestamp is inside what is signed, so a
// receiver that refuses old timestamps refuses a captured request replayed later; the event id (in the body and in
// Billing-Event-Id) is what it deduplicates on, since a retry is signed afresh with a new timestamp.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'Billing-Signature';
export const WEBHOOK_EVENT_ID_HEADER = 'Billing-Event-Id';
export const WEBHOOK_EVENT_TYPE_HEADER = 'Billing-Event-Type';
/** How far a signature's timestamp may be from the receiver's clock, either way, by default: 5 minutes. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The hex HMAC-SHA256 of `${timestamp}.${body}`. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The Billing-Signature header for a body sent at `at`. */
export function signWebhookPayload(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${webhookSignature(secret, timestamp, body)}`;
}

export interface VerifyWebhookOptions {
  /** Accepted distance between the signature's timestamp and now, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The receiver's clock. Default the current time. */
  now?: Date;
}

/**
 * True when `header` (Billing-Signature) signs `body` (the raw request body, exactly as received: not re-serialised
 * JSON) with `secret`, and its timestamp is within the tolerance of now. Several v1 entries are allowed (one per
 * secret while a secret is being rotated); one match is enough. Comparisons take constant time.
 */
export function verifyWebhookSignature(
  body: string,
  header: string | null | undefined,
  secret: string,
  options: VerifyWebhookOptions = {},
): boolean {
  if (!header || !secret) return false;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body), 'hex');
  return signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
}
