-- Recovery of payments interrupted by a crash (server/recovery.ts). A top-up is claimed
-- ('charging') before the processor is called; if the process dies before the answer is applied,
-- the sweep calls the processor again with the very same request and idempotency key, so these
-- columns keep that request on the row from the moment it is claimed.
ALTER TABLE top_ups
  -- The key the processor was given (Stripe replays the original PaymentIntent for it).
  ADD COLUMN processor_idempotency_key  text,
  -- Exactly one of a saved card (the processor's id for it) or a new card's provider token.
  ADD COLUMN charge_provider_payment_method_id  text,
  ADD COLUMN charge_provider_token  text,
  ADD COLUMN charge_save_card  boolean,
  ADD COLUMN charge_off_session  boolean,
  -- Set by a recovery sweep when it takes the row over (a lease, so two sweeps never drive it together).
  ADD COLUMN recovery_started_at  timestamptz,
  ADD COLUMN recovery_attempts  integer NOT NULL DEFAULT 0;

-- The sweep's query: claimed rows by age. Small, since rows leave 'charging' within seconds.
CREATE INDEX top_ups_charging ON top_ups (created_at) WHERE status = 'charging';
CREATE INDEX auto_recharge_attempts_pending ON auto_recharge_attempts (at) WHERE outcome = 'pending';
