-- What a change committed, for the other processes on the same file (a `roster serve`
-- hears what the CLI changed). One row per committed change, written in its transaction:
-- the keys it invalidates (user ids, `token:ID`), one per line. A server checks
-- `PRAGMA data_version` before trusting its caches and reads the rows past the last one
-- it applied; `seq` grows by one per change, so a pruned stretch shows as a gap.
CREATE TABLE change_log (
    seq   INTEGER PRIMARY KEY,
    keys  TEXT NOT NULL
);
