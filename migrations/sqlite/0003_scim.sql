-- SCIM: the userName an identity provider chose, when it is not the email (kept by the
-- service in users.extra), as a derived column so that `userName eq "..."` is indexed
-- and unique per account. Generated from data the one change path writes: nothing else
-- has to keep it in step.
ALTER TABLE users ADD COLUMN scim_user_name TEXT
    GENERATED ALWAYS AS (lower(COALESCE(json_extract(extra, '$.scim.userName'), email))) VIRTUAL;
CREATE UNIQUE INDEX users_scim_user_name ON users (account_id, scim_user_name);
CREATE INDEX users_external_id ON users (account_id, external_id);
