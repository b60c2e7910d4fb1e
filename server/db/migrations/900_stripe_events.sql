-- Stripe webhook deliveries already handled: Stripe delivers at least once, so an event id seen
-- here is acknowledged without settling its payment again (settleTopUp is idempotent too).
CREATE TABLE stripe_events (
  event_id             text PRIMARY KEY,
  type                 text NOT NULL,
  provider_payment_id  text,
  received_at          timestamptz NOT NULL DEFAULT now()
);
