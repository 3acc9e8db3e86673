-- An email's text is deleted with its row by the code that deletes rows (the sweep of
-- delivered emails, a user's purge), not by a foreign key: PostgreSQL checked the key of
-- every text inserted with a query of its own that also locked the email's row (a log
-- record each), and a bulk change queues a hundred thousand: the suspension of 107,460 of
-- 1,000,000 users took 9.0-9.7 s without the check against 9.6-10.3 s with it.
ALTER TABLE outbox_bodies DROP CONSTRAINT outbox_bodies_id_fkey;
-- Texts a deletion left behind before this (none, while the key held).
DELETE FROM outbox_bodies b WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.id = b.id);
