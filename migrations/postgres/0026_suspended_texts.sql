-- The suspended users' table holds what a search tests (the name key and the folded
-- search text), so that a list of suspended users with a text tests it on each entry
-- and reads only the rows that match: no index of `users` holds the status (0021), and
-- joining each entry to its row to test the text read 30,000 rows for `q=jo` (0.1-0.2 s
-- at a million users). Suspended users are members without products and never deleted:
-- a count of those with a text needs nothing else from their rows.
ALTER TABLE users_suspended
    ADD COLUMN name_key    TEXT COLLATE "C",
    ADD COLUMN search_text TEXT;
UPDATE users_suspended s SET name_key = u.name_key, search_text = u.search_text
    FROM users u WHERE u.id = s.user_id;

CREATE OR REPLACE FUNCTION users_suspended_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO users_suspended (account, email_key, user_id, name_key, search_text)
        SELECT account_id, email_lower, id, name_key, search_text
        FROM new_rows WHERE status = 'suspended';
    RETURN NULL;
END $$;

-- As 0021's, and a suspended user whose name or text changed is written again (an
-- edit of a suspended user's names, or their keys filled in at start by `refold`).
CREATE OR REPLACE FUNCTION users_suspended_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM users_suspended s USING old_rows o, new_rows n
        WHERE n.id = o.id AND o.status = 'suspended'
          AND (n.status, n.email_lower, n.account_id, n.name_key, n.search_text)
              IS DISTINCT FROM (o.status, o.email_lower, o.account_id, o.name_key, o.search_text)
          AND s.account = o.account_id AND s.email_key = o.email_lower AND s.user_id = o.id;
    INSERT INTO users_suspended (account, email_key, user_id, name_key, search_text)
        SELECT n.account_id, n.email_lower, n.id, n.name_key, n.search_text
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.status = 'suspended'
          AND (n.status, n.email_lower, n.account_id, n.name_key, n.search_text)
              IS DISTINCT FROM (o.status, o.email_lower, o.account_id, o.name_key, o.search_text);
    RETURN NULL;
END $$;
