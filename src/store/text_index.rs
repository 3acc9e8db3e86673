//! SQLite's trigram index of the users' search text (`users_fts`, migration 0012): kept in
//! step by triggers, rebuilt whole after a bulk load and whenever it no longer matches
//! the users' rowids. PostgreSQL's `pg_trgm` index needs none of this: every function is
//! a no-op there.
//!
//! The index is external-content and keyed by the users' rowid, which is not declared
//! (`users.id` is text): SQLite documents that `VACUUM` may renumber such rowids. Every
//! start checks the cheap sign of a renumbering (the index knows a rowid beyond the
//! table's last; renumbering only ever closes gaps) and rebuilds the index then.

use sqlx::AnyConnection;

use super::{dialect_of, Dialect, Result};

/// The insert trigger as migration 0012 creates it; dropped during a bulk load.
const INSERT_TRIGGER: &str = "CREATE TRIGGER IF NOT EXISTS users_fts_insert AFTER INSERT ON users \
     WHEN new.search_text IS NOT NULL BEGIN \
     INSERT INTO users_fts (rowid, search_text) VALUES (new.rowid, new.search_text); END";

async fn scalar(conn: &mut AnyConnection, sql: &str) -> Result<i64> {
    let v: Option<i64> = sqlx::query_scalar(sql).fetch_one(&mut *conn).await?;
    Ok(v.unwrap_or(0))
}

/// Rebuilds the index if a bulk load was cut short (its trigger is missing) or the rowids
/// moved under it. Answers whether it rebuilt. One indexed look each when all is well.
pub async fn repair(conn: &mut AnyConnection) -> Result<bool> {
    if dialect_of(conn) != Dialect::Sqlite {
        return Ok(false);
    }
    let trigger = scalar(
        conn,
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'users_fts_insert'",
    )
    .await?;
    let last_user = scalar(conn, "SELECT MAX(rowid) FROM users").await?;
    let last_indexed = scalar(conn, "SELECT MAX(id) FROM users_fts_docsize").await?;
    if trigger == 1 && last_indexed <= last_user {
        return Ok(false);
    }
    rebuild(conn).await?;
    Ok(true)
}

/// Stops indexing new users one by one, for a bulk load that [`rebuild`]s at its end:
/// indexing a million rows at once is several times faster than row by row. Until then
/// a search does not find the users loaded since.
pub async fn pause(conn: &mut AnyConnection) -> Result<()> {
    if dialect_of(conn) == Dialect::Sqlite {
        sqlx::query("DROP TRIGGER IF EXISTS users_fts_insert")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Indexes every user's text afresh and indexes new users row by row again.
pub async fn rebuild(conn: &mut AnyConnection) -> Result<()> {
    if dialect_of(conn) != Dialect::Sqlite {
        return Ok(());
    }
    sqlx::query("INSERT INTO users_fts (users_fts) VALUES ('rebuild')")
        .execute(&mut *conn)
        .await?;
    sqlx::query(INSERT_TRIGGER).execute(&mut *conn).await?;
    Ok(())
}
