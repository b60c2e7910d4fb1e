-- Why an automatic recharge was skipped or failed, and why the server turned auto-recharge off, as a code and the
-- values of its sentence (AutoRechargeAttempt.failureReason, AutoRechargeSettings.disabledCause), beside the English
-- text: the widgets word the code in the reader's language. NULL for rows written before these columns (the text stays).
ALTER TABLE auto_recharge_attempts ADD COLUMN failure_code text;
ALTER TABLE auto_recharge_attempts ADD COLUMN failure_params jsonb;
ALTER TABLE auto_recharge_settings ADD COLUMN disabled_code text;
ALTER TABLE auto_recharge_settings ADD COLUMN disabled_params jsonb;
