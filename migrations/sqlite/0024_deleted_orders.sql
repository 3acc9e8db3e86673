-- The deleted users in the list's other orders. The sort indexes hold only the users not
-- deleted, so `?status=deleted&sort=-created` (or `sort=name`) read every deleted user of
-- the account and sorted them: 70 ms at a million users. Users are deleted one at a time
-- or in bulk changes far rarer than suspensions; these small indexes cost those alone.
-- Lists of deleted users spell their condition (`user_list::push_conditions`).
CREATE INDEX users_deleted_by_created ON users (account_id, created_at, id)
    WHERE deleted_at IS NOT NULL;
CREATE INDEX users_deleted_by_name ON users (account_id, name_key, id)
    WHERE deleted_at IS NOT NULL;
