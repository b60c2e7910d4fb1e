-- Usage reads for accounts whose calls spread over many users. The per-user rollups of 011 hardly
-- compress there (1,000 users: about one rollup row per three entries), so reads without a user
-- filter take their counts and sums from a rollup per account x UTC day x type, kept in the same
-- statement as the per-user one (usageInsertCtes). Reads with a user filter, and the users list,
-- go through the per-user rollups by user.
CREATE TABLE usage_daily_type_rollups (
  account_id      text NOT NULL REFERENCES accounts (id),
  day             date NOT NULL,          -- the UTC day of occurred_at
  type            text NOT NULL,
  type_label      text NOT NULL,          -- MAX(type_label) over the day's entries of this type
  entry_count     bigint NOT NULL CHECK (entry_count >= 0),
  billed_seconds  bigint NOT NULL CHECK (billed_seconds >= 0),
  spend           bigint NOT NULL CHECK (spend >= 0),
  PRIMARY KEY (account_id, day, type)
);

-- One user's rollups in day order (the user filter), and "has this user any call in these days" (the users list).
CREATE INDEX usage_daily_rollups_by_user ON usage_daily_rollups (account_id, user_id, day);

-- backfill: also run by bench/usage-reads.ts after it seeds entries in bulk (after 011's).
INSERT INTO usage_daily_type_rollups (account_id, day, type, type_label, entry_count, billed_seconds, spend)
SELECT account_id, day, type, MAX(type_label), SUM(entry_count), SUM(billed_seconds), SUM(spend)
FROM usage_daily_rollups
GROUP BY account_id, day, type
ON CONFLICT (account_id, day, type) DO UPDATE SET
  type_label = EXCLUDED.type_label,
  entry_count = EXCLUDED.entry_count,
  billed_seconds = EXCLUDED.billed_seconds,
  spend = EXCLUDED.spend;
