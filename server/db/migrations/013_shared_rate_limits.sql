-- Rate limits every server process on this database shares: one fixed window per scope ('top_ups',
-- 'card_saves') and subject (the account), counted by one INSERT … ON CONFLICT DO UPDATE per request
-- (server/rate-limits.ts), so N processes behind a load balancer allow the limit once, not N times.
-- hits stops at max + 1 (a client hammering a closed window rewrites the row, it does not grow it).
-- Updates change no indexed column, so with room left on each page (fillfactor) they stay HOT:
-- no index write, and the page's dead versions are pruned without waiting for vacuum.
CREATE TABLE rate_limit_windows (
  scope         text NOT NULL,
  subject       text NOT NULL,
  window_start  timestamptz NOT NULL,
  hits          integer NOT NULL CHECK (hits >= 0),
  PRIMARY KEY (scope, subject)
) WITH (fillfactor = 70);
