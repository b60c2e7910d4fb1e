-- auto_recharge.skipped: a recharge the monthly cap held back. No card was charged and nothing failed, yet the balance
-- stays below the threshold until the month turns or the cap is raised, which is what a host wants to hear. The
-- attempt is inserted already 'skipped' (server/auto-recharge.ts), so this fires on INSERT, where the
-- succeeded/failed events fire on the pending attempt's UPDATE.
CREATE FUNCTION auto_recharge_skipped_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_currency text;
BEGIN
  SELECT a.currency INTO v_currency FROM accounts a WHERE a.id = NEW.account_id;
  INSERT INTO webhook_events (type, account_id, created_at, data)
  VALUES ('auto_recharge.skipped', NEW.account_id, NEW.at, jsonb_build_object(
    'accountId', NEW.account_id,
    'attemptId', NEW.id,
    'amount', jsonb_build_object('amount', NEW.amount, 'currency', v_currency),
    'paymentMethodId', NEW.payment_method_id,
    'reason', CASE WHEN NEW.failure_code IS NULL THEN 'null'::jsonb
      ELSE jsonb_build_object('code', NEW.failure_code, 'params', COALESCE(NEW.failure_params, '{}'::jsonb)) END,
    'message', NEW.failure_message));
  RETURN NULL;
END;
$$;
CREATE TRIGGER auto_recharge_skipped_webhook AFTER INSERT ON auto_recharge_attempts FOR EACH ROW
  WHEN (NEW.outcome = 'skipped')
  EXECUTE FUNCTION auto_recharge_skipped_webhook();
