-- Rate history: a row per (currency, country, effective_from), so a scheduled change is stored ahead and a call is
-- priced at the rate in force when it started. Rows written before this migration apply since the epoch.
-- dialing_prefix ("+234") is published with the rate when known.
ALTER TABLE rates ADD COLUMN effective_from timestamptz NOT NULL DEFAULT '1970-01-01T00:00:00Z';
ALTER TABLE rates ALTER COLUMN effective_from DROP DEFAULT;
ALTER TABLE rates ADD COLUMN dialing_prefix text;
ALTER TABLE rates DROP CONSTRAINT rates_pkey;
ALTER TABLE rates ADD PRIMARY KEY (currency, destination_country, effective_from);
