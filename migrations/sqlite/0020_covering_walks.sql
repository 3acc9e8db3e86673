-- A search walks the list's order and tests each user (store::user_list): a short
-- prefix on the email and the name key, a longer text on the search text. With those
-- in each order's index, and the walk asking for ids alone, it reads index entries
-- instead of rows: at a million users `q=jo` walked 29,000 rows in 108 ms, and a text's
-- walk tested the row ids of its FTS matches, a list built anew for every page.
DROP INDEX users_by_email;
DROP INDEX users_by_name;
DROP INDEX users_by_created;
DROP INDEX users_status_email;
CREATE INDEX users_by_email ON users (account_id, email_lower, id, name_key, search_text)
    WHERE deleted_at IS NULL;
CREATE INDEX users_by_name ON users (account_id, name_key, id, email_lower, search_text)
    WHERE deleted_at IS NULL;
CREATE INDEX users_by_created
    ON users (account_id, created_at, id, email_lower, name_key, search_text)
    WHERE deleted_at IS NULL;
CREATE INDEX users_status_email ON users (account_id, status, email_lower, id, name_key);
