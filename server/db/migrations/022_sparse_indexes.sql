-- Indexes that held an entry for every row, though only rows with a value are ever looked up by them. Each entry is
-- written on every insert and on every update that cannot be HOT (the settlement of a top-up), WAL record and all:
-- 3 per top-up (claim and credit), 1 per recorded call. Partial indexes keep the same lookups and guarantees
-- (NULLs never conflict in a unique index) without writing those entries.
--
-- ledger_entries: a row is a top-up's credit or a call's debit (the CHECK in 001), never both, so one of its two
-- unique columns is always NULL.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_top_up_id_key;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_usage_entry_id_key;
CREATE UNIQUE INDEX ledger_entries_top_up_id_key ON ledger_entries (top_up_id) WHERE top_up_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_entries_usage_entry_id_key ON ledger_entries (usage_entry_id) WHERE usage_entry_id IS NOT NULL;

-- top_ups: the processor's payment id is unknown when a top-up is claimed, and a webhook or a check looks a top-up up
-- by it only once known. The processor idempotency key is looked up only for a top-up whose payment id is still
-- unknown (matching a webhook for a charge whose answer was lost: server/top-up-settlement.ts).
DROP INDEX top_ups_provider_payment;
CREATE INDEX top_ups_provider_payment ON top_ups (provider_payment_id) WHERE provider_payment_id IS NOT NULL;
DROP INDEX top_ups_processor_idempotency_key;
CREATE INDEX top_ups_processor_idempotency_key ON top_ups (processor_idempotency_key) WHERE provider_payment_id IS NULL;
