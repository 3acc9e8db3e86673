-- Portal sign-in: failed attempts per email and per client, for lockout with backoff.
CREATE TABLE login_failures (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    locked_until  INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- Expired sessions are swept by expiry.
CREATE INDEX sessions_expiry ON sessions (expires_at);
