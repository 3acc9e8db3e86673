-- The deleted users in the list's orders. The sort indexes hold only the users not
-- deleted, so `?status=deleted&sort=-created` (or `sort=name`) read every deleted user of
-- the account and sorted them: 220 ms at a million users; in email order the account's
-- unique index of emails was walked, testing each user's status. Users are deleted one at a
-- time or in bulk changes far rarer than suspensions; these small indexes cost those
-- alone. The condition is on `deleted_at`, which other indexes' conditions name already,
-- so a suspension still updates its row in place (migration 0021); lists of deleted users
-- spell it (`user_list::push_conditions`).
CREATE INDEX users_deleted_by_email ON users (account_id, email_lower, id)
    WHERE deleted_at IS NOT NULL;
CREATE INDEX users_deleted_by_created ON users (account_id, created_at, id)
    WHERE deleted_at IS NOT NULL;
CREATE INDEX users_deleted_by_name ON users (account_id, name_key, id)
    WHERE deleted_at IS NOT NULL;
