-- Accounts and tokens made by the dev seed (the demo account, POST /v1/dev/accounts) are marked,
-- so a server started without dev routes (NODE_ENV=production) on the same data refuses them:
-- the demo token is published in this repository and would otherwise read the account and pay
-- with its saved card.
ALTER TABLE accounts ADD COLUMN dev_seeded boolean NOT NULL DEFAULT false;
ALTER TABLE api_tokens ADD COLUMN dev_seeded boolean NOT NULL DEFAULT false;

-- Data seeded before these columns existed. The demo token, by its sha256
-- ('demo_dev_token_not_a_secret'), and every account the seed built: its history starts with the
-- seed's own top-ups (kind 'manual', no request fingerprint, key 'seed-…'), which no request makes.
UPDATE api_tokens SET dev_seeded = true
 WHERE token_hash = 'e33b1a96975b83f70257938ad43bdd32c2d4c04f78ccf02aef0d49c47ea41e32';
UPDATE accounts SET dev_seeded = true
 WHERE id IN (SELECT account_id FROM api_tokens WHERE dev_seeded)
    OR id IN (SELECT account_id FROM top_ups WHERE kind = 'manual' AND request_fingerprint = '' AND idempotency_key LIKE 'seed-%');
UPDATE api_tokens SET dev_seeded = true WHERE account_id IN (SELECT id FROM accounts WHERE dev_seeded);
