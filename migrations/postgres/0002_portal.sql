-- Portal sign-in: failed attempts per email and per client, for lockout with backoff.
CREATE TABLE login_failures (
    key           TEXT PRIMARY KEY,
    failures      BIGINT NOT NULL,
    locked_until  BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- Expired sessions are swept by expiry.
CREATE INDEX sessions_expiry ON sessions (expires_at);
