-- API tokens get a scope (admin, scim, access, events), may be bound to one product and
-- may expire. Tokens made before this keep acting as admins, without expiry.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE api_tokens ADD COLUMN product TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
CREATE INDEX api_tokens_account ON api_tokens (account_id, created_at);
