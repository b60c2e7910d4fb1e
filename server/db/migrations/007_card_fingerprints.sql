-- The processor's fingerprint of a saved card's number (Stripe's card.fingerprint; NULL for test
-- cards and cards saved before this column): saving the same card again returns the saved one
-- instead of a duplicate (server/payment-methods.ts findSameCard).
ALTER TABLE payment_methods ADD COLUMN fingerprint text;
