-- Usage reads at millions of entries per account. Counts and sums come from a daily rollup per
-- account x UTC day x type x user, kept in the same transaction as each usage insert; a read adds an
-- exact count of the entries in the partial UTC days at its from/to edges (an index range).
CREATE TABLE usage_daily_rollups (
  account_id      text NOT NULL REFERENCES accounts (id),
  day             date NOT NULL,          -- the UTC day of occurred_at
  type            text NOT NULL,
  user_id         text NOT NULL,
  -- The greatest type_label among the day's entries of this type, as MAX(type_label) over the entries gives.
  type_label      text NOT NULL,
  entry_count     bigint NOT NULL CHECK (entry_count >= 0),
  billed_seconds  bigint NOT NULL CHECK (billed_seconds >= 0),
  spend           bigint NOT NULL CHECK (spend >= 0),
  PRIMARY KEY (account_id, day, type, user_id)
);

-- Pages by date (keyset on occurred_at, id); the INCLUDE columns let the edge-day counts read the
-- index alone.
CREATE INDEX usage_entries_by_date_covering ON usage_entries (account_id, occurred_at, id) INCLUDE (type, user_id, price, billed_seconds);
DROP INDEX usage_entries_by_date;
-- Pages filtered by user, or by type, in date order.
CREATE INDEX usage_entries_by_user ON usage_entries (account_id, user_id, occurred_at, id);
CREATE INDEX usage_entries_by_type ON usage_entries (account_id, type, occurred_at, id);

-- backfill: also run by bench/usage-reads.ts after it seeds entries in bulk.
INSERT INTO usage_daily_rollups (account_id, day, type, user_id, type_label, entry_count, billed_seconds, spend)
SELECT account_id, (occurred_at AT TIME ZONE 'UTC')::date, type, user_id, MAX(type_label), COUNT(*), SUM(billed_seconds), SUM(price)
FROM usage_entries
GROUP BY account_id, (occurred_at AT TIME ZONE 'UTC')::date, type, user_id
ON CONFLICT (account_id, day, type, user_id) DO UPDATE SET
  type_label = EXCLUDED.type_label,
  entry_count = EXCLUDED.entry_count,
  billed_seconds = EXCLUDED.billed_seconds,
  spend = EXCLUDED.spend;
