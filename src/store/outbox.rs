//! The email outbox: rows written in the change's transaction, drained by the mail worker.

use std::collections::BTreeMap;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{dialect_of, Dialect, Result, Store};

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
    /// The secret of the one-time link the body holds a placeholder for, until the email
    /// is delivered (or the link expired).
    pub secret: Option<String>,
}

const COLUMNS: &str =
    "id, account_id, user_id, kind, product, to_email, locale, subject, body_text, body_html, attempts, created_at, secret";

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
        secret: r.try_get("secret")?,
    })
}

pub async fn insert(conn: &mut AnyConnection, m: &OutboxMessage) -> Result<()> {
    insert_many(conn, std::slice::from_ref(m)).await
}

/// Queues `messages` with one statement per few hundred (a bulk change emails many users).
pub async fn insert_many(conn: &mut AnyConnection, messages: &[OutboxMessage]) -> Result<()> {
    use super::users::{bind_cells, Cell};
    let text = |v: &str| Cell::Text(Some(v.to_string()));
    // 15 values a row: below both stores' bound-parameter limits.
    for chunk in messages.chunks(500) {
        let sql = format!(
            "INSERT INTO outbox ({COLUMNS}, state, next_attempt_at) VALUES {}",
            super::row_placeholders(15, chunk.len())
        );
        let cells = chunk.iter().flat_map(|m| {
            [
                text(&m.id),
                text(&m.account_id),
                text(&m.user_id),
                text(&m.kind),
                Cell::Text(m.product.clone()),
                text(&m.to_email),
                text(&m.locale),
                text(&m.subject),
                text(&m.body_text),
                text(&m.body_html),
                Cell::Int(Some(m.attempts)),
                Cell::Int(Some(m.created_at)),
                Cell::Text(m.secret.clone()),
                text("queued"),
                Cell::Int(Some(m.created_at)),
            ]
        });
        bind_cells(sqlx::query(&sql), cells)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Claims up to `limit` due messages for `lease_ms`: another worker (in this process or
/// another) skips them until the lease runs out. Each claim counts as an attempt, and the
/// new `attempts` value is the claim's fencing token: the outcome is recorded only if the
/// row still carries it, so a worker whose lease ran out cannot overwrite a newer claim.
pub async fn claim_due(
    conn: &mut AnyConnection,
    now: i64,
    lease_ms: i64,
    limit: u32,
) -> Result<Vec<OutboxMessage>> {
    let lock = match dialect_of(conn) {
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
    let mut claimed = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    // RETURNING gives no order; oldest first keeps delivery close to commit order.
    claimed.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    Ok(claimed)
}

/// Records a delivery and erases the link secret the message carried. Answers false when
/// the claim was lost (the lease ran out and another worker claimed the message again),
/// which the caller reports.
pub async fn mark_sent(conn: &mut AnyConnection, id: &str, claim: i64, now: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE outbox SET state = 'sent', sent_at = $1, locked_until = 0, last_error = NULL, secret = NULL \
         WHERE id = $2 AND state = 'queued' AND attempts = $3",
    )
    .bind(now)
    .bind(id.to_string())
    .bind(claim)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A failed attempt: try again at `retry_at`, or give up (`None`) into the dead state.
/// Fenced by the claim like `mark_sent`.
pub async fn mark_failed(
    conn: &mut AnyConnection,
    id: &str,
    claim: i64,
    error: &str,
    retry_at: Option<i64>,
) -> Result<bool> {
    let (state, next) = match retry_at {
        Some(at) => ("queued", at),
        None => ("dead", 0),
    };
    let done = sqlx::query(
        "UPDATE outbox SET state = $1, next_attempt_at = $2, locked_until = 0, last_error = $3 \
         WHERE id = $4 AND state = 'queued' AND attempts = $5",
    )
    .bind(state)
    .bind(next)
    .bind(error.chars().take(500).collect::<String>())
    .bind(id.to_string())
    .bind(claim)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// At start, forgets the leases a killed process left, where one process owns the store
/// (SQLite): its in-flight messages go out at once instead of after their lease. On a
/// shared PostgreSQL the leases may be another live instance's: they are kept.
pub async fn release_stale_leases(conn: &mut AnyConnection) -> Result<u64> {
    if dialect_of(conn) == Dialect::Postgres {
        return Ok(0);
    }
    let done = sqlx::query(
        "UPDATE outbox SET locked_until = 0 WHERE state = 'queued' AND locked_until > 0",
    )
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// `retrying` = queued after at least one failure; the others are the stored state.
const DISPLAY_STATE: &str =
    "CASE WHEN state = 'queued' AND last_error IS NOT NULL THEN 'retrying' ELSE state END";

/// Counts by state (queued, retrying, sent, dead), of one account or of all.
pub async fn status_counts(
    conn: &mut AnyConnection,
    account_id: Option<&str>,
) -> Result<BTreeMap<String, i64>> {
    let sql = format!(
        "SELECT {DISPLAY_STATE} AS s, COUNT(*) AS n FROM outbox \
         WHERE ($1 IS NULL OR account_id = $1) GROUP BY {DISPLAY_STATE}"
    );
    let rows = sqlx::query(&sql)
        .bind(account_id.map(str::to_string))
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

/// A message that failed at least once: dead, or queued for another attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TroubledMessage {
    pub id: String,
    pub account_id: String,
    pub to_email: String,
    pub kind: String,
    pub product: Option<String>,
    /// `retrying` or `dead`.
    pub state: String,
    pub attempts: i64,
    pub last_error: String,
    /// When the next attempt is due (retrying only).
    pub next_attempt_at: Option<i64>,
    pub created_at: i64,
}

/// Dead and retrying messages, newest first, of one account or of all.
pub async fn troubled(
    conn: &mut AnyConnection,
    account_id: Option<&str>,
    limit: u32,
) -> Result<Vec<TroubledMessage>> {
    let sql = format!(
        "SELECT id, account_id, to_email, kind, product, {DISPLAY_STATE} AS s, attempts, last_error, \
         next_attempt_at, created_at FROM outbox \
         WHERE last_error IS NOT NULL AND state <> 'sent' AND ($1 IS NULL OR account_id = $1) \
         ORDER BY created_at DESC, id LIMIT {limit}"
    );
    let rows = sqlx::query(&sql)
        .bind(account_id.map(str::to_string))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let state: String = r.try_get("s")?;
            let next: i64 = r.try_get("next_attempt_at")?;
            Ok(TroubledMessage {
                id: r.try_get("id")?,
                account_id: r.try_get("account_id")?,
                to_email: r.try_get("to_email")?,
                kind: r.try_get("kind")?,
                product: r.try_get("product")?,
                next_attempt_at: (state == "retrying").then_some(next),
                state,
                attempts: r.try_get("attempts")?,
                last_error: r
                    .try_get::<Option<String>, _>("last_error")?
                    .unwrap_or_default(),
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// Puts dead messages (of one account or of all) back in the queue; answers how many.
/// The last error stays, so they show as retrying until delivered.
pub async fn requeue_dead(
    conn: &mut AnyConnection,
    account_id: Option<&str>,
    now: i64,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = $1, locked_until = 0 \
         WHERE state = 'dead' AND ($2 IS NULL OR account_id = $2)",
    )
    .bind(now)
    .bind(account_id.map(str::to_string))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// When the next queued message falls due (or its lease runs out), to sleep until then.
pub async fn next_due(conn: &mut AnyConnection) -> Result<Option<i64>> {
    let v: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(CASE WHEN locked_until > next_attempt_at THEN locked_until ELSE next_attempt_at END) \
         FROM outbox WHERE state = 'queued'",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(v)
}

/// Deletes sent messages older than `before`: their bodies hold personal data and the
/// table would otherwise only grow. Answers how many.
pub async fn delete_sent_before(conn: &mut AnyConnection, before: i64) -> Result<u64> {
    let done = sqlx::query("DELETE FROM outbox WHERE state = 'sent' AND sent_at < $1")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Erases the link secrets of emails queued before `before`: their links have expired,
/// so an email still undelivered then goes out without one (its delivery fails).
pub async fn scrub_secrets_before(conn: &mut AnyConnection, before: i64) -> Result<u64> {
    let done =
        sqlx::query("UPDATE outbox SET secret = NULL WHERE secret IS NOT NULL AND created_at < $1")
            .bind(before)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected())
}

/// Forgets every email of a user purged for good (they hold the address and names).
pub async fn delete_for_user(conn: &mut AnyConnection, user_id: &str) -> Result<u64> {
    let done = sqlx::query("DELETE FROM outbox WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// The emails still to deliver (queued or retrying) and when the oldest was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlog {
    pub depth: i64,
    pub oldest_created_at: Option<i64>,
}

/// The delivery backlog across accounts (for /metrics).
pub async fn backlog(conn: &mut AnyConnection) -> Result<Backlog> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE state = 'queued'",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(Backlog {
        depth: row.try_get("n")?,
        oldest_created_at: row.try_get("oldest")?,
    })
}

/// The outbox as the mail worker sees it: claim, record, sweep; each call its own
/// transaction. The worker holds this and nothing else of the store.
#[derive(Clone)]
pub struct Queue {
    store: Store,
}

impl From<Store> for Queue {
    fn from(store: Store) -> Queue {
        Queue { store }
    }
}

impl Queue {
    /// See `release_stale_leases`.
    pub async fn release_stale_leases(&self) -> Result<u64> {
        let mut tx = self.store.begin().await?;
        let n = release_stale_leases(tx.conn()).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// See `claim_due`.
    pub async fn claim_due(
        &self,
        now: i64,
        lease_ms: i64,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>> {
        let mut tx = self.store.begin().await?;
        let batch = claim_due(tx.conn(), now, lease_ms, limit).await?;
        tx.commit().await?;
        Ok(batch)
    }

    pub async fn next_due(&self) -> Result<Option<i64>> {
        next_due(self.store.read().await?.conn()).await
    }

    /// See `mark_sent`.
    pub async fn mark_sent(&self, id: &str, claim: i64, now: i64) -> Result<bool> {
        let mut tx = self.store.begin().await?;
        let kept = mark_sent(tx.conn(), id, claim, now).await?;
        tx.commit().await?;
        Ok(kept)
    }

    /// See `mark_failed`.
    pub async fn mark_failed(
        &self,
        id: &str,
        claim: i64,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<bool> {
        let mut tx = self.store.begin().await?;
        let kept = mark_failed(tx.conn(), id, claim, error, retry_at).await?;
        tx.commit().await?;
        Ok(kept)
    }

    pub async fn delete_sent_before(&self, before: i64) -> Result<u64> {
        let mut tx = self.store.begin().await?;
        let n = delete_sent_before(tx.conn(), before).await?;
        tx.commit().await?;
        Ok(n)
    }
}
