-- A removed card is also forgotten at the processor (Stripe: the PaymentMethod detached from its Customer), so nothing can
-- charge it again. NULL on a removed card: not yet confirmed by the processor; the removal tries at once and the
-- recovery sweep tries again. Cards removed before this column existed are NULL too, so the sweep forgets them as well.
ALTER TABLE payment_methods ADD COLUMN processor_detached_at timestamptz;
CREATE INDEX payment_methods_awaiting_detach ON payment_methods (removed_at)
  WHERE removed_at IS NOT NULL AND processor_detached_at IS NULL;
