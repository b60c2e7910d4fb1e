-- Charges whose outcome is unknown (server/top-ups.ts, server/recovery.ts). The processor may have
-- charged the card while its answer was lost (a connection dropped after Stripe confirmed the
-- PaymentIntent): such a top-up keeps its claimed row ('charging') instead of releasing it, and is
-- settled by a client retry with its key, the recovery sweep (both replay the charge with the same
-- processor idempotency key, which returns the original payment) or the processor's webhook.
ALTER TABLE top_ups
  -- When the request that claimed the row got no usable answer from the processor. A replay of
  -- the request may then re-drive the charge at once instead of waiting for the first request.
  ADD COLUMN outcome_unknown_at  timestamptz,
  -- When a sweep gave up replaying a 'charging' row (older than the processor's idempotency
  -- window, or its request cannot be rebuilt): listed by GET /v1/top-ups?status=unresolved for a
  -- person to check at the processor. A webhook for the payment still settles it.
  ADD COLUMN unresolved_at  timestamptz;

-- The webhook finds a top-up whose PaymentIntent id was never stored by the key the processor
-- was given (Stripe: PaymentIntent metadata.idempotency_key).
CREATE INDEX top_ups_processor_idempotency_key ON top_ups (processor_idempotency_key);
CREATE INDEX top_ups_unresolved ON top_ups (account_id, created_at) WHERE unresolved_at IS NOT NULL;
