-- The suspended users' entries in name order, so that a short prefix among them (by
-- email or by name, `?status=suspended&q=jo`) reads only the entries it matches, from
-- this index and the table's key, and a page in name order needs no other: they were
-- read whole and sorted (24 ms in email order, 41-46 in name order at a million users;
-- 9-12 with it). Under a second at a million users; a suspension writes one more entry.
CREATE INDEX users_suspended_by_name ON users_suspended (account, name_key, user_id);
