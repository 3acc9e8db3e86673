//! Portal sessions, stored server-side so that suspension can end them at once, and the
//! failed sign-in counters behind the lockout.

use sqlx::{AnyConnection, Row};

use super::{dialect_of, Dialect, Result};

/// Ends every portal session of the user (suspension, deletion).
pub async fn revoke_for_user(conn: &mut AnyConnection, user_id: &str) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// A session as stored; the cookie holds the secret, the table only its digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id_hash: String,
    pub user_id: String,
    pub account_id: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// Absolute expiry, whatever the activity.
    pub expires_at: i64,
}

pub async fn insert(conn: &mut AnyConnection, s: &SessionRecord) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, account_id, csrf_token, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(s.id_hash.clone())
    .bind(s.user_id.clone())
    .bind(s.account_id.clone())
    .bind(s.csrf_token.clone())
    .bind(s.created_at)
    .bind(s.last_seen_at)
    .bind(s.expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut AnyConnection, id_hash: &str) -> Result<Option<SessionRecord>> {
    let row = sqlx::query(
        "SELECT id_hash, user_id, account_id, csrf_token, created_at, last_seen_at, expires_at \
         FROM sessions WHERE id_hash = $1",
    )
    .bind(id_hash.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(SessionRecord {
            id_hash: r.try_get("id_hash")?,
            user_id: r.try_get("user_id")?,
            account_id: r.try_get("account_id")?,
            csrf_token: r.try_get("csrf_token")?,
            created_at: r.try_get("created_at")?,
            last_seen_at: r.try_get("last_seen_at")?,
            expires_at: r.try_get("expires_at")?,
        })
    })
    .transpose()
}

/// Records activity, which pushes the idle expiry back.
pub async fn touch(conn: &mut AnyConnection, id_hash: &str, now: i64) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
        .bind(now)
        .bind(id_hash.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut AnyConnection, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes sessions past their absolute expiry or idle since before `idle_cutoff`.
pub async fn delete_expired(conn: &mut AnyConnection, now: i64, idle_cutoff: i64) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2")
        .bind(now)
        .bind(idle_cutoff)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Failed sign-ins under one key (`email:...` or `client:...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    pub count: i64,
    pub locked_until: i64,
    pub updated_at: i64,
}

pub async fn failures(conn: &mut AnyConnection, key: &str) -> Result<Failures> {
    let row =
        sqlx::query("SELECT failures, locked_until, updated_at FROM login_failures WHERE key = $1")
            .bind(key.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|r| {
        Ok(Failures {
            count: r.try_get("failures")?,
            locked_until: r.try_get("locked_until")?,
            updated_at: r.try_get("updated_at")?,
        })
    })
    .transpose()
    .map(Option::unwrap_or_default)
}

/// The counter under `key`, locked until the transaction ends. Created (at zero) if
/// absent, in the same statement that locks it, so that two attempts at once cannot both
/// read "no failures yet" (the second waits for the first to commit), and a counter
/// another attempt deletes meanwhile (a right password clears it) is made again rather
/// than found missing: an insert-if-absent and then a locking read had that gap, and a
/// parallel guess fell into it (a 500 under load on PostgreSQL).
pub async fn failures_for_update(
    conn: &mut AnyConnection,
    key: &str,
    now: i64,
) -> Result<Failures> {
    let r = sqlx::query(
        "INSERT INTO login_failures (key, failures, locked_until, updated_at) VALUES ($1, 0, 0, $2) \
         ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures \
         RETURNING failures, locked_until, updated_at",
    )
    .bind(key.to_string())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Failures {
        count: r.try_get("failures")?,
        locked_until: r.try_get("locked_until")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn set_failures(conn: &mut AnyConnection, key: &str, f: Failures) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_failures (key, failures, locked_until, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO UPDATE SET failures = $2, locked_until = $3, updated_at = $4",
    )
    .bind(key.to_string())
    .bind(f.count)
    .bind(f.locked_until)
    .bind(f.updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn clear_failures(conn: &mut AnyConnection, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE key = $1")
        .bind(key.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Drops counters idle since before `cutoff` and no longer locking, so that guessing at many
/// emails does not grow the table for ever.
pub async fn forget_failures_before(
    conn: &mut AnyConnection,
    cutoff: i64,
    now: i64,
) -> Result<u64> {
    // Counters a sign-in holds locked are skipped, not waited for: the sweep never
    // deadlocks with an attempt locking its email's and its client's counters.
    let skip_locked = match dialect_of(conn) {
        Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        Dialect::Sqlite => "",
    };
    let sql = format!(
        "DELETE FROM login_failures WHERE key IN (SELECT key FROM login_failures \
         WHERE updated_at < $1 AND locked_until <= $2{skip_locked})"
    );
    let done = sqlx::query(&sql)
        .bind(cutoff)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
