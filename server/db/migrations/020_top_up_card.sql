-- The card a top-up was charged with, as the processor answered (ChargeResult.card), written by the statement that
-- records the outcome. A saved card is named by payment_method_id already; these name a new card that was not saved,
-- or was declined, which the history and receipt would otherwise have to call "Card not recorded". Rows from before
-- this migration keep NULL, and that honest wording.
ALTER TABLE top_ups ADD COLUMN charged_card_brand text CHECK (char_length(charged_card_brand) BETWEEN 1 AND 40);
ALTER TABLE top_ups ADD COLUMN charged_card_last4 text CHECK (charged_card_last4 ~ '^[0-9]{4}$');
ALTER TABLE top_ups ADD CONSTRAINT top_ups_charged_card_whole CHECK ((charged_card_brand IS NULL) = (charged_card_last4 IS NULL));

-- The top-up history (listTopUps) lists an automatic recharge that failed or was skipped before any card was charged
-- (no card, an expired card, the monthly cap) beside the top-ups, in one keyset order on (at, id).
CREATE INDEX auto_recharge_attempts_uncharged ON auto_recharge_attempts (account_id, at DESC, id DESC)
  WHERE top_up_id IS NULL AND outcome IN ('failed', 'skipped');
