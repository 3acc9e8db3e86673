-- Shared Signals (SSF 1.0): the transmitter's signing keys, the receivers' event streams
-- and the queue of Security Event Tokens, written in the change's transaction and drained
-- by the delivery worker (push) or by the receiver (poll).

-- ES256 signing keys. `slot = 'current'` marks the one key that signs (unique, so two
-- instances starting at once cannot both create one); a rotated key loses its private
-- half and stays in the JWKS until `publish_until`, for SETs signed just before.
CREATE TABLE ssf_keys (
    kid            TEXT PRIMARY KEY,
    slot           TEXT UNIQUE,
    private_pkcs8  TEXT,
    public_jwk     TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    retired_at     INTEGER,
    publish_until  INTEGER
);

-- One stream per receiver subscription. It covers its account, or with `product` only the
-- users of that product. `events_requested` and `events_delivered` are JSON arrays.
CREATE TABLE ssf_streams (
    id                    TEXT PRIMARY KEY,
    account_id            TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    product               TEXT,
    aud                   TEXT NOT NULL,
    method                TEXT NOT NULL,
    endpoint_url          TEXT,
    authorization_header  TEXT,
    events_requested      TEXT NOT NULL,
    events_delivered      TEXT NOT NULL,
    description           TEXT,
    subject_format        TEXT NOT NULL,
    status                TEXT NOT NULL,
    status_reason         TEXT,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX ssf_streams_account ON ssf_streams (account_id, product);

-- One row per event and stream. The SET is signed when it leaves (push or poll), so the
-- row keeps what the claims are built from; `email` is kept because the user may be
-- purged before the event goes out. `attempts` is the claim's fencing token as in the
-- mail outbox. States: queued, delivered (pushed and accepted, or acknowledged by a
-- poll), dead (given up, or refused by the receiver; `roster events retry` requeues).
CREATE TABLE ssf_events (
    id               TEXT PRIMARY KEY,
    stream_id        TEXT NOT NULL REFERENCES ssf_streams(id) ON DELETE CASCADE,
    account_id       TEXT NOT NULL,
    user_id          TEXT,
    email            TEXT,
    event_type       TEXT NOT NULL,
    event_body       TEXT NOT NULL,
    txn              TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    locked_until     INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    delivered_at     INTEGER
);
CREATE INDEX ssf_events_due ON ssf_events (state, next_attempt_at);
CREATE INDEX ssf_events_stream ON ssf_events (stream_id, state, created_at);
