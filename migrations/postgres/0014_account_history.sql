-- The account's history, newest first (by id), narrowed by who acted, through which
-- door, or a time range; the per-user listing keeps its index from 0001.
CREATE INDEX audit_account ON audit_events (account_id, id);
CREATE INDEX audit_account_actor ON audit_events (account_id, actor, id);
CREATE INDEX audit_account_channel ON audit_events (account_id, channel, id);
CREATE INDEX audit_account_at ON audit_events (account_id, at);
