-- One-time links to set a password (invitation, "send a password link"). The email carries
-- the secret; the table keeps only its SHA-256 digest, so a copy of the database opens no
-- account. A used link keeps its row (used_at) until it expires, then it is swept.
CREATE TABLE password_tokens (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX password_tokens_user ON password_tokens (user_id);
CREATE INDEX password_tokens_expiry ON password_tokens (expires_at);
