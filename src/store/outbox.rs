//! The email outbox: rows written in the change's transaction, drained by the mail worker.

use std::collections::BTreeMap;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{Dialect, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    /// Also the stable Message-ID's local part: a retry is recognisably the same message.
    pub id: String,
    pub account_id: String,
    pub user_id: String,
    pub kind: String,
    pub product: Option<String>,
    pub to_email: String,
    pub locale: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attempts: i64,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, account_id, user_id, kind, product, to_email, locale, subject, body_text, body_html, attempts, created_at";

fn from_row(r: &AnyRow) -> Result<OutboxMessage> {
    Ok(OutboxMessage {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        user_id: r.try_get("user_id")?,
        kind: r.try_get("kind")?,
        product: r.try_get("product")?,
        to_email: r.try_get("to_email")?,
        locale: r.try_get("locale")?,
        subject: r.try_get("subject")?,
        body_text: r.try_get("body_text")?,
        body_html: r.try_get("body_html")?,
        attempts: r.try_get("attempts")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn insert(conn: &mut AnyConnection, m: &OutboxMessage) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO outbox ({COLUMNS}, state, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'queued', $12)"
    ))
    .bind(m.id.clone())
    .bind(m.account_id.clone())
    .bind(m.user_id.clone())
    .bind(m.kind.clone())
    .bind(m.product.clone())
    .bind(m.to_email.clone())
    .bind(m.locale.clone())
    .bind(m.subject.clone())
    .bind(m.body_text.clone())
    .bind(m.body_html.clone())
    .bind(m.attempts)
    .bind(m.created_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Claims up to `limit` due messages for `lease_ms`: another worker (in this process or
/// another) skips them until the lease runs out. Each claim counts as an attempt.
pub async fn claim_due(
    conn: &mut AnyConnection,
    dialect: Dialect,
    now: i64,
    lease_ms: i64,
    limit: u32,
) -> Result<Vec<OutboxMessage>> {
    let lock = match dialect {
        Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        Dialect::Sqlite => "",
    };
    let sql = format!(
        "UPDATE outbox SET locked_until = $1, attempts = attempts + 1 WHERE id IN (\
           SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= $2 AND locked_until <= $2 \
           ORDER BY next_attempt_at, id LIMIT {limit}{lock}) RETURNING {COLUMNS}"
    );
    let rows = sqlx::query(&sql)
        .bind(now + lease_ms)
        .bind(now)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn mark_sent(conn: &mut AnyConnection, id: &str, now: i64) -> Result<()> {
    sqlx::query("UPDATE outbox SET state = 'sent', sent_at = $1, locked_until = 0, last_error = NULL WHERE id = $2")
        .bind(now)
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A failed attempt: try again at `retry_at`, or give up (`None`) into the dead state.
pub async fn mark_failed(
    conn: &mut AnyConnection,
    id: &str,
    error: &str,
    retry_at: Option<i64>,
) -> Result<()> {
    let (state, next) = match retry_at {
        Some(at) => ("queued", at),
        None => ("dead", 0),
    };
    sqlx::query("UPDATE outbox SET state = $1, next_attempt_at = $2, locked_until = 0, last_error = $3 WHERE id = $4")
        .bind(state)
        .bind(next)
        .bind(error.chars().take(500).collect::<String>())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Counts by state; `retrying` are queued messages that already failed once.
pub async fn status_counts(conn: &mut AnyConnection) -> Result<BTreeMap<String, i64>> {
    let rows = sqlx::query(
        "SELECT CASE WHEN state = 'queued' AND last_error IS NOT NULL THEN 'retrying' ELSE state END AS s, \
         COUNT(*) AS n FROM outbox GROUP BY CASE WHEN state = 'queued' AND last_error IS NOT NULL THEN 'retrying' ELSE state END",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut counts: BTreeMap<String, i64> = ["queued", "retrying", "sent", "dead"]
        .iter()
        .map(|s| (s.to_string(), 0))
        .collect();
    for r in rows {
        counts.insert(r.try_get("s")?, r.try_get("n")?);
    }
    Ok(counts)
}

/// Puts dead messages back in the queue; answers how many.
pub async fn requeue_dead(conn: &mut AnyConnection, now: i64) -> Result<u64> {
    let done = sqlx::query("UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = $1 WHERE state = 'dead'")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// When the next queued message falls due, to sleep until then.
pub async fn next_due(conn: &mut AnyConnection) -> Result<Option<i64>> {
    let v: Option<i64> = sqlx::query_scalar("SELECT MIN(CASE WHEN locked_until > next_attempt_at THEN locked_until ELSE next_attempt_at END) FROM outbox WHERE state = 'queued'")
        .fetch_one(&mut *conn)
        .await?;
    Ok(v)
}
