-- What a running server knows that the CLI, run elsewhere on the same database, must
-- agree with: the portal's public address, for the links of the emails an import sends.
CREATE TABLE instance_settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
