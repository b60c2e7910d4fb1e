-- The top-up history (listTopUps) reads an account's top-ups newest first and resumes after (created_at, id).
CREATE INDEX top_ups_history ON top_ups (account_id, created_at DESC, id DESC);
