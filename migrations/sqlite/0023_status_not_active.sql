-- The users by status in email order, without the active ones. A change of status
-- moved an active user's entry from one end of this index to the other: two pages
-- rewritten per user, in email order, so scattered. A bulk suspension of a thousand
-- users wrote 2,400 of its 5,000 pages here. Lists of active users (nine in ten) walk
-- the sort indexes and test the status on the row; the suspended and the deleted keep
-- this index, which SQLite uses for a query that spells its condition
-- (`user_list::push_conditions`), as SCIM's `active eq false` does.
DROP INDEX users_status_email;
CREATE INDEX users_status_email ON users (account_id, status, email_lower, id, name_key)
    WHERE status <> 'active';
