-- Usage rollups per UTC hour, split into its four quarter-hours, in place of the daily ones of 011 and 015. The spend
-- series buckets by another zone's days or hours, whose edges fall on UTC quarter-hours in every zone in use today
-- (+05:30, +05:45, DST): quarters add up to any such bucket exactly, where UTC days cannot be cut at a local midnight.
-- The summary takes whole UTC hours and reads the entries of its two partial edge hours. Still two upserts per insert
-- (usageInsertCtes): per account x hour x type x user, and per account x hour x type for reads without a user filter.
-- count_MM and spend_MM are the entries whose occurred_at falls in the quarter starting MM minutes past the hour.
CREATE TABLE usage_hourly_rollups (
  account_id      text NOT NULL REFERENCES accounts (id),
  user_id         text NOT NULL,
  hour            timestamptz NOT NULL,   -- the UTC hour of occurred_at
  type            text NOT NULL,
  -- The greatest type_label among the hour's entries of this type, as MAX(type_label) over the entries gives.
  type_label      text NOT NULL,
  billed_seconds  bigint NOT NULL CHECK (billed_seconds >= 0),
  count_00        bigint NOT NULL CHECK (count_00 >= 0),
  count_15        bigint NOT NULL CHECK (count_15 >= 0),
  count_30        bigint NOT NULL CHECK (count_30 >= 0),
  count_45        bigint NOT NULL CHECK (count_45 >= 0),
  spend_00        bigint NOT NULL CHECK (spend_00 >= 0),
  spend_15        bigint NOT NULL CHECK (spend_15 >= 0),
  spend_30        bigint NOT NULL CHECK (spend_30 >= 0),
  spend_45        bigint NOT NULL CHECK (spend_45 >= 0),
  -- User first: reads with a user filter, and the users list's "has this user any call in these hours", are one range.
  PRIMARY KEY (account_id, user_id, hour, type)
);

CREATE TABLE usage_hourly_type_rollups (
  account_id      text NOT NULL REFERENCES accounts (id),
  hour            timestamptz NOT NULL,   -- the UTC hour of occurred_at
  type            text NOT NULL,
  type_label      text NOT NULL,          -- MAX(type_label) over the hour's entries of this type
  billed_seconds  bigint NOT NULL CHECK (billed_seconds >= 0),
  count_00        bigint NOT NULL CHECK (count_00 >= 0),
  count_15        bigint NOT NULL CHECK (count_15 >= 0),
  count_30        bigint NOT NULL CHECK (count_30 >= 0),
  count_45        bigint NOT NULL CHECK (count_45 >= 0),
  spend_00        bigint NOT NULL CHECK (spend_00 >= 0),
  spend_15        bigint NOT NULL CHECK (spend_15 >= 0),
  spend_30        bigint NOT NULL CHECK (spend_30 >= 0),
  spend_45        bigint NOT NULL CHECK (spend_45 >= 0),
  PRIMARY KEY (account_id, hour, type)
);

DROP TABLE usage_daily_type_rollups;
DROP TABLE usage_daily_rollups;

-- backfill: also run by bench/usage-reads.ts after it seeds entries in bulk. The quarter of an entry is its UTC minute
-- divided by 15.
INSERT INTO usage_hourly_rollups (account_id, user_id, hour, type, type_label, billed_seconds,
  count_00, count_15, count_30, count_45, spend_00, spend_15, spend_30, spend_45)
SELECT account_id, user_id, hour, type, MAX(type_label), SUM(billed_seconds),
  COUNT(*) FILTER (WHERE quarter = 0), COUNT(*) FILTER (WHERE quarter = 1),
  COUNT(*) FILTER (WHERE quarter = 2), COUNT(*) FILTER (WHERE quarter = 3),
  COALESCE(SUM(price) FILTER (WHERE quarter = 0), 0), COALESCE(SUM(price) FILTER (WHERE quarter = 1), 0),
  COALESCE(SUM(price) FILTER (WHERE quarter = 2), 0), COALESCE(SUM(price) FILTER (WHERE quarter = 3), 0)
FROM (
  SELECT account_id, user_id, date_bin('1 hour', occurred_at, timestamptz 'epoch') AS hour, type, type_label, billed_seconds, price,
    extract(minute FROM occurred_at AT TIME ZONE 'UTC')::int / 15 AS quarter
  FROM usage_entries
) e
GROUP BY account_id, user_id, hour, type
ON CONFLICT (account_id, user_id, hour, type) DO UPDATE SET
  type_label = EXCLUDED.type_label, billed_seconds = EXCLUDED.billed_seconds,
  count_00 = EXCLUDED.count_00, count_15 = EXCLUDED.count_15, count_30 = EXCLUDED.count_30, count_45 = EXCLUDED.count_45,
  spend_00 = EXCLUDED.spend_00, spend_15 = EXCLUDED.spend_15, spend_30 = EXCLUDED.spend_30, spend_45 = EXCLUDED.spend_45;

INSERT INTO usage_hourly_type_rollups (account_id, hour, type, type_label, billed_seconds,
  count_00, count_15, count_30, count_45, spend_00, spend_15, spend_30, spend_45)
SELECT account_id, hour, type, MAX(type_label), SUM(billed_seconds), SUM(count_00), SUM(count_15), SUM(count_30), SUM(count_45),
  SUM(spend_00), SUM(spend_15), SUM(spend_30), SUM(spend_45)
FROM usage_hourly_rollups
GROUP BY account_id, hour, type
ON CONFLICT (account_id, hour, type) DO UPDATE SET
  type_label = EXCLUDED.type_label, billed_seconds = EXCLUDED.billed_seconds,
  count_00 = EXCLUDED.count_00, count_15 = EXCLUDED.count_15, count_30 = EXCLUDED.count_30, count_45 = EXCLUDED.count_45,
  spend_00 = EXCLUDED.spend_00, spend_15 = EXCLUDED.spend_15, spend_30 = EXCLUDED.spend_30, spend_45 = EXCLUDED.spend_45;
