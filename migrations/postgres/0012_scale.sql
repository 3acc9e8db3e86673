-- Scale: counts kept by the change path, keys folded in Rust, an index for each list
-- order, and a trigram index for text search.

-- How many users of an account have a status and a role (product ''), and of those how
-- many hold each product: every plain list filter and the seat usage add up these rows
-- instead of counting users. Written by the store in the transaction of each user write.
CREATE TABLE user_counts (
    account_id  TEXT NOT NULL,
    status      TEXT NOT NULL,
    role        TEXT NOT NULL,
    product     TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (account_id, status, role, product)
);
INSERT INTO user_counts (account_id, status, role, product, n)
    SELECT account_id, status, role, '', COUNT(*) FROM users GROUP BY account_id, status, role;
INSERT INTO user_counts (account_id, status, role, product, n)
    SELECT u.account_id, u.status, u.role, p.product, COUNT(*)
    FROM user_products p JOIN users u ON u.id = p.user_id
    GROUP BY u.account_id, u.status, u.role, p.product;

-- Folded by domain::fold on every write; rows written before this migration have NULL
-- keys until the store's refold pass at start fills them. Byte order ("C") on every key,
-- as on SQLite, so both stores page alike and a prefix range can use the index.
ALTER TABLE users ALTER COLUMN email_lower TYPE TEXT COLLATE "C";
ALTER TABLE users ADD COLUMN user_name_key TEXT COLLATE "C";
ALTER TABLE users ADD COLUMN name_key TEXT COLLATE "C";
ALTER TABLE users ADD COLUMN search_text TEXT;
DROP INDEX users_scim_user_name;
CREATE UNIQUE INDEX users_user_name_key ON users (account_id, user_name_key);
CREATE INDEX users_unfolded ON users (id) WHERE name_key IS NULL;

-- Sign-in looks an email up across accounts.
CREATE INDEX users_email_key ON users (email_lower);

-- One index per list order, account first, ties by id; the lists of deleted users are
-- small and use users_status_email.
CREATE INDEX users_by_email ON users (account_id, email_lower, id) WHERE deleted_at IS NULL;
CREATE INDEX users_by_name ON users (account_id, name_key, id) WHERE deleted_at IS NULL;
CREATE INDEX users_by_created ON users (account_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX users_role_email ON users (account_id, role, email_lower, id) WHERE deleted_at IS NULL;
CREATE INDEX users_status_email ON users (account_id, status, email_lower, id);
DROP INDEX users_account_status;
DROP INDEX users_account_role;
CREATE INDEX user_products_by_product ON user_products (account_id, product, user_id);
DROP INDEX user_products_account;

-- Substring search: trigrams of search_text. The extension lives in `public` whatever the
-- search_path (tests give each run its own schema), and its operator class is named there.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE INDEX users_search_trgm ON users USING gin (search_text public.gin_trgm_ops);
