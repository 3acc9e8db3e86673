-- The suspended users' table holds when each last used their account (their last
-- sign-in, or their creation), so that a count of inactive suspended users
-- (`?status=suspended&inactive=90`) tests each entry instead of reading each row: up to
-- 10,001 rows, 34-38 ms at a million users. A suspended user cannot sign in, so their
-- entry does not move while they stay suspended (SQLite's index holds it since 0028).
ALTER TABLE users_suspended ADD COLUMN last_use BIGINT;
UPDATE users_suspended s SET last_use = COALESCE(u.last_sign_in_at, u.created_at)
    FROM users u WHERE u.id = s.user_id;

CREATE OR REPLACE FUNCTION users_suspended_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO users_suspended (account, email_key, user_id, name_key, search_text, last_use)
        SELECT account_id, email_lower, id, name_key, search_text,
               COALESCE(last_sign_in_at, created_at)
        FROM new_rows WHERE status = 'suspended';
    RETURN NULL;
END $$;

-- As 0026's, and a suspended user whose last use moved is written again.
CREATE OR REPLACE FUNCTION users_suspended_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM users_suspended s USING old_rows o, new_rows n
        WHERE n.id = o.id AND o.status = 'suspended'
          AND (n.status, n.email_lower, n.account_id, n.name_key, n.search_text,
               COALESCE(n.last_sign_in_at, n.created_at))
              IS DISTINCT FROM (o.status, o.email_lower, o.account_id, o.name_key, o.search_text,
                                COALESCE(o.last_sign_in_at, o.created_at))
          AND s.account = o.account_id AND s.email_key = o.email_lower AND s.user_id = o.id;
    INSERT INTO users_suspended (account, email_key, user_id, name_key, search_text, last_use)
        SELECT n.account_id, n.email_lower, n.id, n.name_key, n.search_text,
               COALESCE(n.last_sign_in_at, n.created_at)
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.status = 'suspended'
          AND (n.status, n.email_lower, n.account_id, n.name_key, n.search_text,
               COALESCE(n.last_sign_in_at, n.created_at))
              IS DISTINCT FROM (o.status, o.email_lower, o.account_id, o.name_key, o.search_text,
                                COALESCE(o.last_sign_in_at, o.created_at));
    RETURN NULL;
END $$;
