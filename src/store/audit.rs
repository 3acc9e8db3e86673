//! Audit events, written in the change's transaction.

use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::users::Cell;
use super::{Result, Script, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    pub id: i64,
    pub user_id: String,
    pub actor: String,
    pub channel: String,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub notify: bool,
    /// Unix milliseconds.
    pub at: i64,
}

#[derive(Debug, Clone)]
pub struct NewAuditEvent {
    pub account_id: String,
    pub user_id: String,
    pub actor: String,
    pub channel: String,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub notify: bool,
    pub at: i64,
}

const INSERT_COLUMNS: &str =
    "account_id, user_id, actor, channel, action, before, after, notify, at, batch_id";
const PER_ROW: usize = 10;

/// Writes `events` with one statement per few hundred rows: a change of many users (bulk,
/// the generator) pays one round trip per chunk instead of one per event. The events of one
/// bulk request share its `batch_id`.
pub(crate) fn insert_many(script: &mut Script, events: &[NewAuditEvent], batch_id: Option<&str>) {
    // Below both stores' bound-parameter limits (SQLite 32,766, PostgreSQL 65,535), and
    // few enough that binding stays cheap: sqlx finds each `$N` of a SQLite statement by
    // name, so binding a statement costs the square of its parameters.
    for chunk in events.chunks(100) {
        let sql = format!(
            "INSERT INTO audit_events ({INSERT_COLUMNS}) VALUES {}",
            super::row_placeholders(PER_ROW, chunk.len())
        );
        let text = |v: &str| Cell::Text(Some(v.to_string()));
        let cells = chunk
            .iter()
            .flat_map(|e| {
                [
                    text(&e.account_id),
                    text(&e.user_id),
                    text(&e.actor),
                    text(&e.channel),
                    text(&e.action),
                    Cell::Text(e.before.as_ref().map(|v| v.to_string())),
                    Cell::Text(e.after.as_ref().map(|v| v.to_string())),
                    Cell::Int(Some(e.notify as i64)),
                    Cell::Int(Some(e.at)),
                    Cell::Text(batch_id.map(str::to_string)),
                ]
            })
            .collect();
        script.push(sql, cells);
    }
}

/// Which of an account's events: each field set narrows the list. Times are Unix
/// milliseconds, both ends included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub user_id: Option<String>,
    /// The actor label as recorded (`user:EMAIL`, `token:ID`, `cli`, `system`).
    pub actor: Option<String>,
    pub channel: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
}

/// The account's events the filter selects, newest first (by id); `before_id` pages
/// further back. At most `limit`.
pub async fn list(
    conn: &mut AnyConnection,
    account_id: &str,
    filter: &AuditFilter,
    before_id: Option<i64>,
    limit: u32,
) -> Result<Vec<AuditEvent>> {
    let id = before_id.unwrap_or(i64::MAX);
    select(conn, account_id, filter, ("<", id, "DESC"), limit).await
}

/// The events the filter selects just newer than `after_id`, newest first: the page
/// before one that starts below `after_id`.
pub async fn newer(
    conn: &mut AnyConnection,
    account_id: &str,
    filter: &AuditFilter,
    after_id: i64,
    limit: u32,
) -> Result<Vec<AuditEvent>> {
    let mut events = select(conn, account_id, filter, (">", after_id, "ASC"), limit).await?;
    events.reverse();
    Ok(events)
}

/// The events past `id` in the direction given: (`<` or `>`, id, `DESC` or `ASC`).
async fn select(
    conn: &mut AnyConnection,
    account_id: &str,
    filter: &AuditFilter,
    (op, id, order): (&str, i64, &str),
    limit: u32,
) -> Result<Vec<AuditEvent>> {
    let mut sql = format!(
        "SELECT id, user_id, actor, channel, action, before, after, notify, at FROM audit_events \
         WHERE account_id = $1 AND id {op} $2"
    );
    let mut texts = Vec::new();
    let mut n = 2;
    for (column, value) in [
        ("user_id", &filter.user_id),
        ("actor", &filter.actor),
        ("channel", &filter.channel),
    ] {
        if let Some(v) = value {
            n += 1;
            sql.push_str(&format!(" AND {column} = ${n}"));
            texts.push(v.clone());
        }
    }
    let mut times = Vec::new();
    for (cond, value) in [("at >=", filter.since), ("at <=", filter.until)] {
        if let Some(v) = value {
            n += 1;
            sql.push_str(&format!(" AND {cond} ${n}"));
            times.push(v);
        }
    }
    sql.push_str(&format!(" ORDER BY id {order} LIMIT {limit}"));
    let mut q = sqlx::query(&sql).bind(account_id.to_string()).bind(id);
    for t in texts {
        q = q.bind(t);
    }
    for t in times {
        q = q.bind(t);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let json = |s: Option<String>| -> Result<Option<serde_json::Value>> {
        s.map(|s| serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("audit: {e}"))))
            .transpose()
    };
    rows.into_iter()
        .map(|r| {
            let notify: i64 = r.try_get("notify")?;
            Ok(AuditEvent {
                id: r.try_get("id")?,
                user_id: r.try_get("user_id")?,
                actor: r.try_get("actor")?,
                channel: r.try_get("channel")?,
                action: r.try_get("action")?,
                before: json(r.try_get("before")?)?,
                after: json(r.try_get("after")?)?,
                notify: notify != 0,
                at: r.try_get("at")?,
            })
        })
        .collect()
}

/// A user's events, newest first; `before_id` pages further back.
pub async fn for_user(
    conn: &mut AnyConnection,
    account_id: &str,
    user_id: &str,
    before_id: Option<i64>,
    limit: u32,
) -> Result<Vec<AuditEvent>> {
    let filter = AuditFilter {
        user_id: Some(user_id.to_string()),
        ..AuditFilter::default()
    };
    list(conn, account_id, &filter, before_id, limit).await
}
