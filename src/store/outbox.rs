//! The email outbox: rows written in the change's transaction, drained by the mail worker.

use std::collections::{BTreeMap, HashMap};

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::queue::{self, LeasedTable, QueueRow, DISPLAY_STATE};
use super::users::{bind_cells, Cell};
use super::{placeholders, row_placeholders, Result, Script, StoreError};

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

/// The delivery side of a message. Its text is in `outbox_bodies`; the migrations that
/// moved it there (SQLite 0025, PostgreSQL 0024) say why.
const COLUMNS: &str =
    "id, account_id, user_id, kind, product, to_email, locale, attempts, created_at, secret";

/// A claimed row, its text still to be read (`Queue::claim_messages`).
fn from_row(r: &AnyRow) -> Result<OutboxMessage> {
    Ok(OutboxMessage {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        user_id: r.try_get("user_id")?,
        kind: r.try_get("kind")?,
        product: r.try_get("product")?,
        to_email: r.try_get("to_email")?,
        locale: r.try_get("locale")?,
        subject: String::new(),
        body_text: String::new(),
        body_html: String::new(),
        attempts: r.try_get("attempts")?,
        created_at: r.try_get("created_at")?,
        secret: r.try_get("secret")?,
    })
}

pub async fn insert(conn: &mut AnyConnection, m: &OutboxMessage) -> Result<()> {
    let mut script = Script::new(conn);
    insert_many(&mut script, std::slice::from_ref(m));
    script.run(conn).await
}

/// Queues `messages` with one statement per few hundred (a bulk change emails many users).
pub(crate) fn insert_many(script: &mut Script, messages: &[OutboxMessage]) {
    let text = |v: &str| Cell::Text(Some(v.to_string()));
    // 12 values a row: below both stores' bound-parameter limits.
    queue::insert_queued(script, &TABLE, 500, messages, |m| {
        let cells = vec![
            text(&m.id),
            text(&m.account_id),
            text(&m.user_id),
            text(&m.kind),
            Cell::Text(m.product.clone()),
            text(&m.to_email),
            text(&m.locale),
            Cell::Int(Some(m.attempts)),
            Cell::Int(Some(m.created_at)),
            Cell::Text(m.secret.clone()),
        ];
        (cells, m.created_at)
    });
    // After their rows, which they reference. 4 values a row.
    for part in messages.chunks(500) {
        let sql = format!(
            "INSERT INTO outbox_bodies (id, subject, body_text, body_html) VALUES {}",
            row_placeholders(4, part.len())
        );
        let cells = part
            .iter()
            .flat_map(|m| [&m.id, &m.subject, &m.body_text, &m.body_html].map(|v| text(v)))
            .collect();
        script.push(sql, cells);
    }
}

/// The outbox as a leased queue (`queue`): claimed by the mail worker.
pub const TABLE: LeasedTable = LeasedTable {
    table: "outbox",
    source: "outbox q",
    claimable: "",
    columns: COLUMNS,
    done: "sent",
    done_at: "sent_at",
    // A delivered email's one-time link secret is of no more use to anyone.
    on_done: ", secret = NULL",
    details: Some("outbox_bodies"),
};

impl QueueRow for OutboxMessage {
    const TABLE: &'static LeasedTable = &TABLE;
    fn id(&self) -> &str {
        &self.id
    }
    fn claim(&self) -> i64 {
        self.attempts
    }
}

/// The outbox as the mail worker sees it.
pub type Queue = queue::Queue<OutboxMessage>;

impl Queue {
    /// Claims due messages (see `queue::claim_due`) with their text.
    pub async fn claim_messages(
        &self,
        now: i64,
        lease_ms: i64,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>> {
        let mut tx = self.store().begin().await?;
        let mut batch = queue::claim_due(tx.conn(), &TABLE, now, lease_ms, limit)
            .await?
            .iter()
            .map(from_row)
            .collect::<Result<Vec<_>>>()?;
        if !batch.is_empty() {
            let sql = format!(
                "SELECT id, subject, body_text, body_html FROM outbox_bodies WHERE id IN ({})",
                placeholders(1, batch.len())
            );
            let sql = super::positional(tx.conn(), &sql);
            let ids = batch.iter().map(|m| Cell::Text(Some(m.id.clone())));
            let mut bodies: HashMap<String, AnyRow> = HashMap::new();
            for row in bind_cells(sqlx::query(&sql), ids)
                .fetch_all(tx.conn())
                .await?
            {
                bodies.insert(row.try_get("id")?, row);
            }
            for m in &mut batch {
                // Written with its row in one transaction, and deleted only with it.
                let row = bodies.get(&m.id).ok_or_else(|| {
                    StoreError::Corrupt(format!("the email {} has no text", m.id))
                })?;
                m.subject = row.try_get("subject")?;
                m.body_text = row.try_get("body_text")?;
                m.body_html = row.try_get("body_html")?;
            }
        }
        tx.commit().await?;
        Ok(batch)
    }
}

/// Counts by state (queued, retrying, sent, dead), of one account or of all.
pub async fn status_counts(
    conn: &mut AnyConnection,
    account_id: Option<&str>,
) -> Result<BTreeMap<String, i64>> {
    queue::status_counts(conn, &TABLE, account_id).await
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
pub async fn requeue_dead(
    conn: &mut AnyConnection,
    account_id: Option<&str>,
    now: i64,
) -> Result<u64> {
    queue::requeue_dead(conn, &TABLE, account_id, now).await
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
    // Their texts first: no foreign key deletes them (PostgreSQL migration 0027).
    sqlx::query("DELETE FROM outbox_bodies WHERE id IN (SELECT id FROM outbox WHERE user_id = $1)")
        .bind(user_id.to_string())
        .execute(&mut *conn)
        .await?;
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
