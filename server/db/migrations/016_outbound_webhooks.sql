-- Outbound webhooks (server/webhooks.ts): a transactional outbox. The triggers below write one row per event in the
-- very transaction that changed the money, so an event exists exactly when its change committed: a crash can neither
-- lose one nor invent one, and a restart delivers what was pending. The delivery worker claims due rows, POSTs them
-- signed to the host's URL (BILLING_WEBHOOK_URL) and marks them delivered, or schedules a retry.
--
-- Cost on the write paths: each trigger has a WHEN clause, so a row that is no event (every usage debit that leaves
-- the balance above the low-balance line, a top-up moving to 'charging' or 'processing') never calls a function.
-- The clause is a few comparisons on the row already in hand; an event is one INSERT into this table, which has no
-- foreign key and two small indexes. No NOTIFY: it would make every notifying commit queue on one cluster-wide lock
-- (server/change-feed-postgres.ts says more); the worker polls the partial index of due rows instead.
--
-- createdAt comes from the changed row's own timestamp (settled_at, updated_at, balance_updated_at), which the server
-- writes from its clock, not from the database's now().
CREATE TABLE webhook_events (
  id               text PRIMARY KEY DEFAULT 'evt_' || replace(gen_random_uuid()::text, '-', ''),
  seq              bigint GENERATED ALWAYS AS IDENTITY,
  type             text NOT NULL,
  account_id       text NOT NULL,
  -- The payload's data object: accountId and the event's fields, money as { amount, currency }.
  data             jsonb NOT NULL,
  created_at       timestamptz NOT NULL,
  -- 'failed': given up (attempts used up, or older than the delivery window before its first attempt).
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  -- When the worker may take it next. '-infinity' (new): at once, whatever the clock. A claim moves it a lease ahead,
  -- so a worker that dies mid-delivery leaves the row to be taken again when the lease runs out.
  next_attempt_at  timestamptz NOT NULL DEFAULT '-infinity',
  -- The claiming worker's token: only it records the outcome of its attempt.
  claim            text,
  last_attempt_at  timestamptz,
  -- The HTTP status of the last attempt, or NULL when it got none (timeout, refused connection).
  last_status      integer,
  last_error       text,
  delivered_at     timestamptz
);
CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at, seq) WHERE status = 'pending';
CREATE INDEX webhook_events_finished ON webhook_events (created_at) WHERE status <> 'pending';

-- top_up.succeeded / top_up.failed: a manual top-up reaching its final state. Automatic ones are auto_recharge.*.
CREATE FUNCTION top_ups_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_events (type, account_id, created_at, data)
  VALUES ('top_up.' || NEW.status, NEW.account_id, COALESCE(NEW.settled_at, now()),
    CASE NEW.status WHEN 'succeeded' THEN jsonb_build_object(
      'accountId', NEW.account_id,
      'topUpId', NEW.id,
      'amount', jsonb_build_object('amount', NEW.amount, 'currency', NEW.currency),
      'balanceAfter', jsonb_build_object('amount', NEW.balance_after, 'currency', NEW.currency),
      'paymentMethodId', NEW.payment_method_id)
    ELSE jsonb_build_object(
      'accountId', NEW.account_id,
      'topUpId', NEW.id,
      'amount', jsonb_build_object('amount', NEW.amount, 'currency', NEW.currency),
      'paymentMethodId', NEW.payment_method_id,
      'failure', jsonb_build_object('code', NEW.failure_code, 'message', NEW.failure_message)) END);
  RETURN NULL;
END;
$$;
CREATE TRIGGER top_ups_webhook AFTER UPDATE OF status ON top_ups FOR EACH ROW
  WHEN (NEW.kind = 'manual' AND NEW.status IN ('succeeded', 'failed') AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION top_ups_webhook();

-- auto_recharge.succeeded / auto_recharge.failed: a pending attempt's outcome. A decline is stored as text on the
-- attempt and its code on the attempt's top-up (settled earlier in the same transaction), as readAutoRecharge reads it.
CREATE FUNCTION auto_recharge_attempts_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_currency text;
  v_settled_at timestamptz;
  v_balance_after bigint;
  v_decline_code text;
BEGIN
  SELECT a.currency INTO v_currency FROM accounts a WHERE a.id = NEW.account_id;
  IF NEW.top_up_id IS NOT NULL THEN
    SELECT t.settled_at, t.balance_after, t.failure_code INTO v_settled_at, v_balance_after, v_decline_code
      FROM top_ups t WHERE t.id = NEW.top_up_id;
  END IF;
  INSERT INTO webhook_events (type, account_id, created_at, data)
  VALUES ('auto_recharge.' || NEW.outcome, NEW.account_id, COALESCE(v_settled_at, NEW.at),
    CASE NEW.outcome WHEN 'succeeded' THEN jsonb_build_object(
      'accountId', NEW.account_id,
      'attemptId', NEW.id,
      'topUpId', NEW.top_up_id,
      'amount', jsonb_build_object('amount', NEW.amount, 'currency', v_currency),
      'balanceAfter', jsonb_build_object('amount', v_balance_after, 'currency', v_currency),
      'paymentMethodId', NEW.payment_method_id)
    ELSE jsonb_build_object(
      'accountId', NEW.account_id,
      'attemptId', NEW.id,
      'topUpId', NEW.top_up_id,
      'amount', jsonb_build_object('amount', NEW.amount, 'currency', v_currency),
      'paymentMethodId', NEW.payment_method_id,
      'reason', CASE
        WHEN NEW.failure_code IS NOT NULL
          THEN jsonb_build_object('code', NEW.failure_code, 'params', COALESCE(NEW.failure_params, '{}'::jsonb))
        WHEN v_decline_code IS NOT NULL THEN jsonb_build_object('code', v_decline_code, 'params', '{}'::jsonb)
        ELSE 'null'::jsonb END,
      'message', NEW.failure_message) END);
  RETURN NULL;
END;
$$;
CREATE TRIGGER auto_recharge_attempts_webhook AFTER UPDATE OF outcome ON auto_recharge_attempts FOR EACH ROW
  WHEN (OLD.outcome = 'pending' AND NEW.outcome IN ('succeeded', 'failed'))
  EXECUTE FUNCTION auto_recharge_attempts_webhook();

-- auto_recharge.disabled: the server turned auto-recharge off itself (repeated failures, its card removed), which is
-- when it records a reason. A person switching it off is not an event: the host's own page did that.
CREATE FUNCTION auto_recharge_settings_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_events (type, account_id, created_at, data)
  VALUES ('auto_recharge.disabled', NEW.account_id, NEW.updated_at, jsonb_build_object(
    'accountId', NEW.account_id,
    'reason', CASE WHEN NEW.disabled_code IS NULL THEN 'null'::jsonb
      ELSE jsonb_build_object('code', NEW.disabled_code, 'params', COALESCE(NEW.disabled_params, '{}'::jsonb)) END,
    'message', NEW.disabled_reason));
  RETURN NULL;
END;
$$;
CREATE TRIGGER auto_recharge_settings_webhook AFTER UPDATE OF enabled ON auto_recharge_settings FOR EACH ROW
  WHEN (OLD.enabled AND NOT NEW.enabled AND NEW.disabled_reason IS NOT NULL)
  EXECUTE FUNCTION auto_recharge_settings_webhook();

-- balance.low: the balance crossing below the account's low-balance threshold (accounts.low_balance_threshold, the
-- Account.lowBalanceThreshold the widgets warn at), once per crossing: it fires again only after the balance has been
-- back at or above the threshold. Every usage debit updates the balance; the WHEN clause keeps those that do not cross
-- at two comparisons.
CREATE FUNCTION accounts_balance_low_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_events (type, account_id, created_at, data)
  VALUES ('balance.low', NEW.id, NEW.balance_updated_at, jsonb_build_object(
    'accountId', NEW.id,
    'balance', jsonb_build_object('amount', NEW.balance, 'currency', NEW.currency),
    'lowBalanceThreshold', jsonb_build_object('amount', NEW.low_balance_threshold, 'currency', NEW.currency)));
  RETURN NULL;
END;
$$;
CREATE TRIGGER accounts_balance_low_webhook AFTER UPDATE OF balance ON accounts FOR EACH ROW
  WHEN (OLD.balance >= OLD.low_balance_threshold AND NEW.balance < NEW.low_balance_threshold)
  EXECUTE FUNCTION accounts_balance_low_webhook();
