-- Target-balance auto-recharge: a recharge brings the balance back up to target_balance instead of adding
-- recharge_amount. Existing rows stay fixed (their behaviour before this column existed); target_balance is kept
-- while in fixed mode so switching back restores it. An attempt records the target it set out to reach and what
-- made it smaller than the gap (its amount is what was actually charged).
ALTER TABLE auto_recharge_settings ADD COLUMN mode text NOT NULL DEFAULT 'fixed' CHECK (mode IN ('fixed', 'target'));
ALTER TABLE auto_recharge_settings ADD COLUMN target_balance bigint CHECK (target_balance >= 0);
ALTER TABLE auto_recharge_settings ADD CONSTRAINT auto_recharge_target_needs_balance
  CHECK (mode = 'fixed' OR target_balance IS NOT NULL);
ALTER TABLE auto_recharge_attempts ADD COLUMN target_balance bigint;
ALTER TABLE auto_recharge_attempts ADD COLUMN limited_by text CHECK (limited_by IN ('monthly_cap', 'maximum'));
