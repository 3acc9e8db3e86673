-- The suspended users by id instead of in email order. Each suspension put an entry at a
-- random place of `users_status_email` (by email), so a bulk suspension of 107,000 users
-- of a million rewrote a page of it per user: a quarter of its time. A bulk change
-- writes its users in id order, so their entries here are neighbours. Lists of few
-- suspended users, or of suspended users matching a text, read this index (it holds
-- what a search tests) and sort them, 0.4 µs a user; lists of many walk the order's
-- index and test each row (`user_list::SUSPENDED_WALKED`). The deleted users have their
-- own indexes (0024, 0026).
DROP INDEX users_status_email;
CREATE INDEX users_suspended_by_id
    ON users (account_id, id, email_lower, name_key, created_at, search_text)
    WHERE status = 'suspended';
