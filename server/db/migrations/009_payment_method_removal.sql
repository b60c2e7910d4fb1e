-- Removing a saved card is a soft delete: the row stays, so top-ups and auto-recharge attempts that were paid with it
-- keep pointing at it (the ledger stays whole), while listPaymentMethods and every new payment ignore it.
-- NULL: the card is saved. A removed card is never the default.
ALTER TABLE payment_methods ADD COLUMN removed_at timestamptz;
