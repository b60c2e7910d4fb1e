-- Usage ingestion (POST /v1/service/usage): server-to-server credentials, separate from the account tokens, and a
-- call id per ingested entry so a retried batch records nothing twice.

-- Service credentials: the sha256 of each key, never the key. dev_seeded marks the published dev key, refused where
-- dev routes are off (as the demo token is).
CREATE TABLE service_credentials (
  key_hash    text PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL,
  dev_seeded  boolean NOT NULL DEFAULT false
);

-- The caller's id of the call an entry records (null for entries recorded otherwise). Unique across the server:
-- concurrent batches carrying the same call id insert it once (INSERT … ON CONFLICT DO NOTHING waits on the
-- index entry of the first), never by a read before the write.
ALTER TABLE usage_entries ADD COLUMN call_id text;
CREATE UNIQUE INDEX usage_entries_call_id ON usage_entries (call_id) WHERE call_id IS NOT NULL;
