-- Secrets the server makes for itself, one per name, kept with the data so every process on this
-- database (and the next start) uses the same one. 'usage_cursor' signs usage page cursors
-- (HMAC-SHA256) unless BILLING_CURSOR_SECRET is set.
CREATE TABLE server_secrets (
  name        text PRIMARY KEY,
  secret      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
