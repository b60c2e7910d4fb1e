-- The billing schema: accounts and their tokens, saved cards, top-ups, the append-only ledger,
-- auto-recharge settings and attempts, priced usage, and the rate table. Money is bigint minor units.

CREATE TABLE accounts (
  id                     text PRIMARY KEY,
  name                   text NOT NULL,
  currency               text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  balance                bigint NOT NULL,
  balance_updated_at     timestamptz NOT NULL,
  low_balance_threshold  bigint NOT NULL CHECK (low_balance_threshold >= 0),
  top_up_minimum         bigint NOT NULL CHECK (top_up_minimum >= 0),
  top_up_maximum         bigint NOT NULL CHECK (top_up_maximum >= top_up_minimum),
  top_up_presets         bigint[] NOT NULL DEFAULT '{}',
  monthly_cap_supported  boolean NOT NULL DEFAULT true,
  created_at             timestamptz NOT NULL
);

CREATE TABLE api_tokens (
  token_hash  text PRIMARY KEY,            -- sha256 hex of the bearer token; the token itself is never stored
  account_id  text NOT NULL REFERENCES accounts (id),
  created_at  timestamptz NOT NULL
);

CREATE TABLE account_users (
  account_id  text NOT NULL REFERENCES accounts (id),
  id          text NOT NULL,
  name        text NOT NULL,
  PRIMARY KEY (account_id, id)
);

CREATE TABLE payment_methods (
  id                          text PRIMARY KEY,
  seq                         bigint GENERATED ALWAYS AS IDENTITY,
  account_id                  text NOT NULL REFERENCES accounts (id),
  provider_payment_method_id  text NOT NULL,
  brand                       text NOT NULL,
  last4                       text NOT NULL,
  exp_month                   integer NOT NULL,
  exp_year                    integer NOT NULL,
  is_default                  boolean NOT NULL,
  created_at                  timestamptz NOT NULL
);
CREATE INDEX payment_methods_account ON payment_methods (account_id, seq);

CREATE TABLE top_ups (
  id                   text PRIMARY KEY,
  account_id           text NOT NULL REFERENCES accounts (id),
  idempotency_key      text NOT NULL,
  -- The first request's amount and source, to tell a replay from a key reused for another payment.
  request_fingerprint  text NOT NULL,
  kind                 text NOT NULL CHECK (kind IN ('manual', 'auto_recharge')),
  amount               bigint NOT NULL CHECK (amount > 0),
  currency             text NOT NULL,
  payment_method_id    text REFERENCES payment_methods (id),
  -- 'charging': the row is claimed and the processor is being called; shown as 'processing'.
  status               text NOT NULL CHECK (status IN ('charging', 'processing', 'requires_action', 'succeeded', 'failed')),
  provider_payment_id  text,
  client_secret        text,
  failure_code         text,
  failure_message      text,
  balance_after        bigint,
  -- A new card to save once the payment goes through (after 3-D Secure), as the processor described it.
  pending_saved_card   jsonb,
  created_at           timestamptz NOT NULL,
  settled_at           timestamptz,
  UNIQUE (account_id, idempotency_key)
);
CREATE INDEX top_ups_provider_payment ON top_ups (provider_payment_id);

CREATE TABLE usage_entries (
  id                   text PRIMARY KEY,
  account_id           text NOT NULL REFERENCES accounts (id),
  type                 text NOT NULL,
  type_label           text NOT NULL,
  occurred_at          timestamptz NOT NULL,
  user_id              text NOT NULL,
  destination_country  text NOT NULL,
  destination_name     text NOT NULL,
  billed_seconds       integer NOT NULL CHECK (billed_seconds >= 0),
  rate_per_minute      bigint NOT NULL CHECK (rate_per_minute >= 0),
  price                bigint NOT NULL CHECK (price >= 0),
  currency             text NOT NULL,
  FOREIGN KEY (account_id, user_id) REFERENCES account_users (account_id, id)
);
CREATE INDEX usage_entries_by_date ON usage_entries (account_id, occurred_at, id);
CREATE INDEX usage_entries_by_price ON usage_entries (account_id, price, occurred_at, id);

-- Append-only: the code only ever INSERTs here, and the trigger below refuses anything else.
CREATE TABLE ledger_entries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id      text NOT NULL REFERENCES accounts (id),
  kind            text NOT NULL CHECK (kind IN ('top_up', 'usage', 'auto_recharge')),
  amount          bigint NOT NULL,
  balance_after   bigint NOT NULL,
  currency        text NOT NULL,
  top_up_id       text UNIQUE REFERENCES top_ups (id),        -- one credit per top-up, whatever calls settle
  usage_entry_id  text UNIQUE REFERENCES usage_entries (id),
  at              timestamptz NOT NULL,
  CHECK ((top_up_id IS NULL) <> (usage_entry_id IS NULL))
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, id);

CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only';
END;
$$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

CREATE TABLE auto_recharge_settings (
  account_id            text PRIMARY KEY REFERENCES accounts (id),
  enabled               boolean NOT NULL,
  threshold_amount      bigint NOT NULL CHECK (threshold_amount >= 0),
  recharge_amount       bigint NOT NULL CHECK (recharge_amount >= 0),
  payment_method_id     text REFERENCES payment_methods (id),
  monthly_cap           bigint CHECK (monthly_cap >= 0),
  version               integer NOT NULL,
  disabled_reason       text,
  consecutive_failures  integer NOT NULL DEFAULT 0,
  updated_at            timestamptz NOT NULL
);

CREATE TABLE auto_recharge_attempts (
  id                 text PRIMARY KEY,
  seq                bigint GENERATED ALWAYS AS IDENTITY,
  account_id         text NOT NULL REFERENCES accounts (id),
  at                 timestamptz NOT NULL,
  amount             bigint NOT NULL,
  payment_method_id  text,
  -- 'pending': decided and being charged; at most one per account (index below).
  outcome            text NOT NULL CHECK (outcome IN ('pending', 'succeeded', 'failed', 'skipped')),
  failure_message    text,
  top_up_id          text REFERENCES top_ups (id)
);
CREATE INDEX auto_recharge_attempts_account ON auto_recharge_attempts (account_id, seq);
CREATE UNIQUE INDEX auto_recharge_attempts_one_pending ON auto_recharge_attempts (account_id) WHERE outcome = 'pending';

CREATE TABLE rates (
  currency             text NOT NULL,
  destination_country  text NOT NULL,
  destination_name     text NOT NULL,
  rate_per_minute      bigint NOT NULL CHECK (rate_per_minute >= 0),
  PRIMARY KEY (currency, destination_country)
);
