-- A search for a common text walks the list's order and tests each user's search text
-- (store::user_list). With the text in the order's index that walk reads the index
-- alone: at a million users `q=smith` tested 33,000 rows in 136 ms reading each row
-- from the table, and 21 ms (cold) reading index entries. A short prefix is tested on
-- the email and the name key, so each order's index holds the other's key too (`q=jo`
-- walked 30,000 rows: 777 ms cold).
DROP INDEX users_by_email;
DROP INDEX users_by_name;
DROP INDEX users_by_created;
CREATE INDEX users_by_email ON users (account_id, email_lower, id)
    INCLUDE (name_key, search_text) WHERE deleted_at IS NULL;
CREATE INDEX users_by_name ON users (account_id, name_key, id)
    INCLUDE (email_lower, search_text) WHERE deleted_at IS NULL;
CREATE INDEX users_by_created ON users (account_id, created_at, id)
    INCLUDE (email_lower, name_key, search_text) WHERE deleted_at IS NULL;
-- SCIM pages by offset in creation order: an offset reads every entry before it, and
-- through the wide index above `startIndex=500000` took 200 ms instead of 60.
CREATE INDEX users_created_offset ON users (account_id, created_at, id)
    WHERE deleted_at IS NULL;
