-- Accounts, users, products, seats, audit, outbox, tokens and sessions.
CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    email         TEXT NOT NULL,
    email_lower   TEXT NOT NULL,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    locale        TEXT NOT NULL,
    role          TEXT NOT NULL,
    status        TEXT NOT NULL,
    deleted_at    INTEGER,
    version       INTEGER NOT NULL,
    password_hash TEXT,
    external_id   TEXT,
    memory        TEXT,
    extra         TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (account_id, email_lower)
);
CREATE INDEX users_account_status ON users (account_id, status, id);
CREATE INDEX users_account_role ON users (account_id, role, id);
CREATE INDEX users_deleted ON users (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE user_products (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id  TEXT NOT NULL,
    product     TEXT NOT NULL,
    PRIMARY KEY (user_id, product)
);
CREATE INDEX user_products_account ON user_products (account_id, product);

CREATE TABLE getting_started_sent (
    user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    product   TEXT NOT NULL,
    sent_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, product)
);

CREATE TABLE seats (
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    product     TEXT NOT NULL,
    seats       INTEGER NOT NULL,
    PRIMARY KEY (account_id, product)
);

CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    actor       TEXT NOT NULL,
    channel     TEXT NOT NULL,
    action      TEXT NOT NULL,
    before      TEXT,
    after       TEXT,
    notify      INTEGER NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX audit_user ON audit_events (account_id, user_id, id);

CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    product         TEXT,
    to_email        TEXT NOT NULL,
    locale          TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    locked_until    INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id    TEXT NOT NULL,
    csrf_token    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
