-- New users are indexed for search once per commit rather than one by one (see
-- store::group_commit): FTS5 writes what it holds to disk at every savepoint, and each
-- change of a group is one, so each new user became a segment of its own that the index
-- then merged again and again (a third of the server's time for SCIM creates at a
-- million users). The insert trigger notes the new user's rowid; the commit of their
-- group indexes the noted users and forgets them, in the same transaction.
CREATE TABLE users_fts_pending (user_rowid INTEGER PRIMARY KEY);

DROP TRIGGER users_fts_insert;
CREATE TRIGGER users_fts_insert AFTER INSERT ON users WHEN new.search_text IS NOT NULL BEGIN
    INSERT OR IGNORE INTO users_fts_pending (user_rowid) VALUES (new.rowid);
END;

-- A user not yet indexed has nothing to forget: the commit indexes their text as it is
-- then. Every change writes the whole row, the search text included: an unchanged text
-- is left alone (each change of a user's products deleted and wrote their trigrams).
DROP TRIGGER users_fts_update;
CREATE TRIGGER users_fts_update AFTER UPDATE OF search_text ON users
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_text)
        SELECT 'delete', old.rowid, old.search_text
        WHERE old.search_text IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM users_fts_pending WHERE user_rowid = old.rowid);
    INSERT INTO users_fts (rowid, search_text)
        SELECT new.rowid, new.search_text
        WHERE new.search_text IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM users_fts_pending WHERE user_rowid = new.rowid);
END;

DROP TRIGGER users_fts_delete;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users WHEN old.search_text IS NOT NULL BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_text)
        SELECT 'delete', old.rowid, old.search_text
        WHERE NOT EXISTS (SELECT 1 FROM users_fts_pending WHERE user_rowid = old.rowid);
    DELETE FROM users_fts_pending WHERE user_rowid = old.rowid;
END;
