-- Top-ups the processor answered 'processing' are settled by its webhook (Stripe's
-- payment_intent.succeeded / payment_failed). If that webhook is lost for good, the recovery sweep
-- (server/recovery.ts) asks the processor about the payment itself once the row is old enough.
ALTER TABLE top_ups
  -- When a sweep last asked the processor about this 'processing' top-up. A lease (two sweeps do
  -- not ask at once) and a back-off: a payment that is legitimately slow (a bank debit can take
  -- days) is asked about every few minutes, not on every sweep.
  ADD COLUMN processing_checked_at  timestamptz;

-- The sweep's query: processing rows by age. Small, since rows leave 'processing' when settled.
CREATE INDEX top_ups_processing ON top_ups (created_at) WHERE status = 'processing';
