-- When someone last used their access: a portal sign-in or an allowed access check by a
-- product. Written at most once an hour per user, so the hot path rarely writes.
ALTER TABLE users ADD COLUMN last_sign_in_at BIGINT;
CREATE INDEX users_last_sign_in ON users (account_id, last_sign_in_at);
