-- SCIM pages by offset in creation order (`startIndex`): an offset steps over every
-- entry before it, and the creation order's index (0020) holds each user's keys and
-- search text: `startIndex=500000` stepped over 100 MB of it, 88 ms at a million users,
-- 51 ms through this narrow one. Its key is `created_at + 0` so that SQLite's planner,
-- which has no statistics and takes the smaller of two indexes, never walks it for a
-- search that tests the text on the wide one's entries: only the offset names it
-- (store::user_list, `offset_by_creation`). PostgreSQL has had its own since its 0020.
CREATE INDEX users_created_offset ON users (account_id, created_at + 0, id)
    WHERE deleted_at IS NULL;
