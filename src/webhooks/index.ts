// billing-widgets/webhooks: what a host's receiver needs to check the reference server's outbound webhooks. Web Crypto
// only (no Node built-ins), so the same import runs in Node 20+, Deno, Bun and edge workers.

/** The signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, one v1 per secret while rotating. */
export const WEBHOOK_SIGNATURE_HEADER = 'Billing-Signature';
/** The event's id, the same on every attempt: what a receiver deduplicates on. */
export const WEBHOOK_EVENT_ID_HEADER = 'Billing-Event-Id';
export const WEBHOOK_EVENT_TYPE_HEADER = 'Billing-Event-Type';
/** How far a signature's timestamp may be from the receiver's clock, either way, by default: 5 minutes. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export interface VerifyWebhookOptions {
  /** Accepted distance between the signature's timestamp and now, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The receiver's clock. Default the current time. */
  now?: Date;
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

/**
 * Resolves true when `header` (Billing-Signature) signs `body` with `secret` and its timestamp is within the tolerance
 * of now. `body` must be the raw request body exactly as received (`await request.text()`), never re-serialised JSON.
 * Several v1 entries are allowed (one per secret while a secret is rotated); one match is enough. The comparison is
 * Web Crypto's HMAC verify, which takes constant time.
 */
export async function verifyWebhookSignature(
  body: string,
  header: string | null | undefined,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<boolean> {
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
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const signed = encoder.encode(`${timestamp}.${body}`);
  for (const signature of signatures) {
    if (await crypto.subtle.verify('HMAC', key, hexBytes(signature), signed)) return true;
  }
  return false;
}
