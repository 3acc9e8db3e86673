-- PostgreSQL instances hear each other's changes through NOTIFY (store::changes); the
-- change log of migration 0019 is SQLite's way, for other processes on the same file.
SELECT 1;
