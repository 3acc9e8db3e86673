//! The queue of security events: one row per event and stream, written in the change's
//! transaction, claimed with a lease by the push worker (several instances on one
//! PostgreSQL deliver each row once) or handed to a polling receiver until acknowledged.

use std::collections::BTreeMap;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::queue::{self, LeasedTable, QueueRow, DISPLAY_STATE};
use super::signals::{streams_by_ids, StreamRecord};
use super::users::Cell;
use super::{Result, Script};

/// The push delivery method (RFC 8935); polled streams (RFC 8936) are never claimed.
pub const PUSH: &str = "urn:ietf:rfc:8935";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// Also the SET's `jti`.
    pub id: String,
    pub stream_id: String,
    pub account_id: String,
    pub user_id: Option<String>,
    pub email: Option<String>,
    /// `EventType::name`.
    pub event_type: String,
    /// The event object (JSON).
    pub event_body: String,
    pub txn: String,
    /// After a claim: the claim's fencing token.
    pub attempts: i64,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, stream_id, account_id, user_id, email, event_type, event_body, txn, attempts, created_at";

fn from_row(r: &AnyRow) -> Result<EventRow> {
    Ok(EventRow {
        id: r.try_get("id")?,
        stream_id: r.try_get("stream_id")?,
        account_id: r.try_get("account_id")?,
        user_id: r.try_get("user_id")?,
        email: r.try_get("email")?,
        event_type: r.try_get("event_type")?,
        event_body: r.try_get("event_body")?,
        txn: r.try_get("txn")?,
        attempts: r.try_get("attempts")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn insert(conn: &mut AnyConnection, e: &EventRow) -> Result<()> {
    let mut script = Script::new(conn);
    insert_many(&mut script, std::slice::from_ref(e));
    script.run(conn).await
}

/// Queues `events` with one statement per few hundred (a bulk change signals many users).
pub(crate) fn insert_many(script: &mut Script, events: &[EventRow]) {
    let text = |v: &str| Cell::Text(Some(v.to_string()));
    queue::insert_queued(script, &TABLE, 1_000, events, |e| {
        let cells = vec![
            text(&e.id),
            text(&e.stream_id),
            text(&e.account_id),
            Cell::Text(e.user_id.clone()),
            Cell::Text(e.email.clone()),
            text(&e.event_type),
            text(&e.event_body),
            text(&e.txn),
            // Not yet attempted.
            Cell::Int(Some(0)),
            Cell::Int(Some(e.created_at)),
        ];
        (cells, e.created_at)
    });
}

/// The push queue (`queue`): events of enabled push streams; polled ones are never claimed.
pub const TABLE: LeasedTable = LeasedTable {
    table: "ssf_events",
    source: "ssf_events q JOIN ssf_streams s ON s.id = q.stream_id",
    // `s.method` is PUSH (a test below holds the two together).
    claimable: " AND s.method = 'urn:ietf:rfc:8935' AND s.status = 'enabled'",
    columns: COLUMNS,
    done: "delivered",
    done_at: "delivered_at",
    on_done: "",
    details: None,
};

impl QueueRow for EventRow {
    const TABLE: &'static LeasedTable = &TABLE;
    fn id(&self) -> &str {
        &self.id
    }
    fn claim(&self) -> i64 {
        self.attempts
    }
}

/// The push worker's view of the queue.
pub type Queue = queue::Queue<EventRow>;

impl Queue {
    /// Claims due push events (see `queue::claim_due`) with their streams.
    pub async fn claim_with_streams(
        &self,
        now: i64,
        lease_ms: i64,
        limit: u32,
    ) -> Result<Vec<(EventRow, StreamRecord)>> {
        let mut tx = self.store().begin().await?;
        let batch = queue::claim_due(tx.conn(), &TABLE, now, lease_ms, limit)
            .await?
            .iter()
            .map(from_row)
            .collect::<Result<Vec<_>>>()?;
        let mut ids: Vec<String> = batch.iter().map(|e| e.stream_id.clone()).collect();
        ids.sort();
        ids.dedup();
        let streams = streams_by_ids(tx.conn(), &ids).await?;
        tx.commit().await?;
        Ok(batch
            .into_iter()
            .filter_map(|e| {
                let s = streams.iter().find(|s| s.id == e.stream_id)?.clone();
                Some((e, s))
            })
            .collect())
    }
}

/// The oldest events a polling receiver has not acknowledged, up to `limit`.
pub async fn pending(
    conn: &mut AnyConnection,
    stream_id: &str,
    limit: u32,
) -> Result<Vec<EventRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM ssf_events WHERE stream_id = $1 AND state = 'queued' \
         ORDER BY created_at, id LIMIT {limit}"
    ))
    .bind(stream_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// A polling receiver acknowledged these events (RFC 8936 `ack`); unknown ids are ignored.
pub async fn acknowledge(
    conn: &mut AnyConnection,
    stream_id: &str,
    ids: &[String],
    now: i64,
) -> Result<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "UPDATE ssf_events SET state = 'delivered', delivered_at = $1, last_error = NULL \
         WHERE stream_id = $2 AND state = 'queued' AND id IN ({})",
        super::placeholders(3, ids.len())
    );
    let mut query = sqlx::query(&sql).bind(now).bind(stream_id.to_string());
    for id in ids {
        query = query.bind(id.clone());
    }
    Ok(query.execute(&mut *conn).await?.rows_affected())
}

/// A polling receiver could not process an event (RFC 8936 `setErrs`): it is not sent
/// again unless an operator requeues it.
pub async fn refused_by_receiver(
    conn: &mut AnyConnection,
    stream_id: &str,
    id: &str,
    error: &str,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE ssf_events SET state = 'dead', last_error = $1 \
         WHERE stream_id = $2 AND id = $3 AND state = 'queued'",
    )
    .bind(error.chars().take(500).collect::<String>())
    .bind(stream_id.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// A disabled stream holds nothing (SSF 1.0 §8.1.2).
pub async fn drop_queued(conn: &mut AnyConnection, stream_id: &str) -> Result<u64> {
    let done = sqlx::query("DELETE FROM ssf_events WHERE stream_id = $1 AND state = 'queued'")
        .bind(stream_id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Counts by state (queued, retrying, delivered, dead), of one account or of all.
pub async fn status_counts(
    conn: &mut AnyConnection,
    account_id: Option<&str>,
) -> Result<BTreeMap<String, i64>> {
    queue::status_counts(conn, &TABLE, account_id).await
}

/// An event that failed at least once: dead, or queued for another attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TroubledEvent {
    pub id: String,
    pub stream_id: String,
    pub account_id: String,
    pub event_type: String,
    pub email: Option<String>,
    /// `retrying` or `dead`.
    pub state: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: i64,
}

/// Dead and retrying events, newest first, of one account or of all.
pub async fn troubled(
    conn: &mut AnyConnection,
    account_id: Option<&str>,
    limit: u32,
) -> Result<Vec<TroubledEvent>> {
    let sql = format!(
        "SELECT id, stream_id, account_id, event_type, email, {DISPLAY_STATE} AS s, attempts, last_error, \
         created_at FROM ssf_events \
         WHERE last_error IS NOT NULL AND state <> 'delivered' AND ($1 IS NULL OR account_id = $1) \
         ORDER BY created_at DESC, id LIMIT {limit}"
    );
    let rows = sqlx::query(&sql)
        .bind(account_id.map(str::to_string))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(TroubledEvent {
                id: r.try_get("id")?,
                stream_id: r.try_get("stream_id")?,
                account_id: r.try_get("account_id")?,
                event_type: r.try_get("event_type")?,
                email: r.try_get("email")?,
                state: r.try_get("s")?,
                attempts: r.try_get("attempts")?,
                last_error: r
                    .try_get::<Option<String>, _>("last_error")?
                    .unwrap_or_default(),
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// Puts dead events (of one account or of all) back in the queue; answers how many.
pub async fn requeue_dead(
    conn: &mut AnyConnection,
    account_id: Option<&str>,
    now: i64,
) -> Result<u64> {
    queue::requeue_dead(conn, &TABLE, account_id, now).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_push_streams_are_claimed() {
        assert!(super::TABLE
            .claimable
            .contains(&format!("s.method = '{}'", super::PUSH)));
    }
}
