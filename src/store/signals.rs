//! The Shared Signals transmitter's keys and streams. The event queue is in `signal_events`.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::Result;

/// The key that signs now: (kid, private key as stored).
pub async fn current_key(conn: &mut AnyConnection) -> Result<Option<(String, String)>> {
    let row = sqlx::query(
        "SELECT kid, private_pkcs8 FROM ssf_keys WHERE slot = 'current' AND private_pkcs8 IS NOT NULL",
    )
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| Ok((r.try_get("kid")?, r.try_get("private_pkcs8")?)))
        .transpose()
}

/// Makes a key the current one. Fails with a unique violation when another instance
/// created one first; the caller then reads that one.
pub async fn insert_current_key(
    conn: &mut AnyConnection,
    kid: &str,
    private_pkcs8: &str,
    public_jwk: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO ssf_keys (kid, slot, private_pkcs8, public_jwk, created_at) \
         VALUES ($1, 'current', $2, $3, $4)",
    )
    .bind(kid.to_string())
    .bind(private_pkcs8.to_string())
    .bind(public_jwk.to_string())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Retires the current key: it signs no more (its private half is erased) and stays
/// published until `publish_until`. Answers its kid, if there was one.
pub async fn retire_current_key(
    conn: &mut AnyConnection,
    now: i64,
    publish_until: i64,
) -> Result<Option<String>> {
    let kid: Option<String> = sqlx::query_scalar("SELECT kid FROM ssf_keys WHERE slot = 'current'")
        .fetch_optional(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE ssf_keys SET slot = NULL, private_pkcs8 = NULL, retired_at = $1, publish_until = $2 \
         WHERE slot = 'current'",
    )
    .bind(now)
    .bind(publish_until)
    .execute(&mut *conn)
    .await?;
    Ok(kid)
}

/// The public keys of the JWKS: the current one, then retired ones still published.
pub async fn published_keys(conn: &mut AnyConnection, now: i64) -> Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT public_jwk FROM ssf_keys WHERE slot = 'current' OR publish_until > $1 \
         ORDER BY CASE WHEN slot = 'current' THEN 0 ELSE 1 END, created_at DESC",
    )
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok(r.try_get("public_jwk")?)).collect()
}

/// Retired keys past their publication: nothing can verify with them any more.
pub async fn delete_expired_keys(conn: &mut AnyConnection, now: i64) -> Result<u64> {
    let done = sqlx::query("DELETE FROM ssf_keys WHERE slot IS NULL AND publish_until <= $1")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// A receiver's event stream as stored. Its Debug form hides the push authorization.
#[derive(Clone, PartialEq, Eq)]
pub struct StreamRecord {
    pub id: String,
    pub account_id: String,
    pub product: Option<String>,
    pub aud: String,
    pub method: String,
    pub endpoint_url: Option<String>,
    pub authorization_header: Option<String>,
    /// JSON arrays of event type URIs.
    pub events_requested: String,
    pub events_delivered: String,
    pub description: Option<String>,
    pub subject_format: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl std::fmt::Debug for StreamRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamRecord")
            .field("id", &self.id)
            .field("account_id", &self.account_id)
            .field("product", &self.product)
            .field("aud", &self.aud)
            .field("method", &self.method)
            .field("endpoint_url", &self.endpoint_url)
            .field(
                "authorization_header",
                &self.authorization_header.as_ref().map(|_| "[redacted]"),
            )
            .field("events_requested", &self.events_requested)
            .field("events_delivered", &self.events_delivered)
            .field("description", &self.description)
            .field("subject_format", &self.subject_format)
            .field("status", &self.status)
            .field("status_reason", &self.status_reason)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

const STREAM_COLUMNS: &str = "id, account_id, product, aud, method, endpoint_url, authorization_header, \
     events_requested, events_delivered, description, subject_format, status, status_reason, created_at, updated_at";

fn stream_from_row(r: &AnyRow) -> Result<StreamRecord> {
    Ok(StreamRecord {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        product: r.try_get("product")?,
        aud: r.try_get("aud")?,
        method: r.try_get("method")?,
        endpoint_url: r.try_get("endpoint_url")?,
        authorization_header: r.try_get("authorization_header")?,
        events_requested: r.try_get("events_requested")?,
        events_delivered: r.try_get("events_delivered")?,
        description: r.try_get("description")?,
        subject_format: r.try_get("subject_format")?,
        status: r.try_get("status")?,
        status_reason: r.try_get("status_reason")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn insert_stream(conn: &mut AnyConnection, s: &StreamRecord) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO ssf_streams ({STREAM_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    ))
    .bind(s.id.clone())
    .bind(s.account_id.clone())
    .bind(s.product.clone())
    .bind(s.aud.clone())
    .bind(s.method.clone())
    .bind(s.endpoint_url.clone())
    .bind(s.authorization_header.clone())
    .bind(s.events_requested.clone())
    .bind(s.events_delivered.clone())
    .bind(s.description.clone())
    .bind(s.subject_format.clone())
    .bind(s.status.clone())
    .bind(s.status_reason.clone())
    .bind(s.created_at)
    .bind(s.updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Writes every field a receiver or the status endpoint may change.
pub async fn update_stream(conn: &mut AnyConnection, s: &StreamRecord) -> Result<()> {
    sqlx::query(
        "UPDATE ssf_streams SET method = $1, endpoint_url = $2, authorization_header = $3, \
         events_requested = $4, events_delivered = $5, description = $6, subject_format = $7, \
         status = $8, status_reason = $9, updated_at = $10 WHERE id = $11",
    )
    .bind(s.method.clone())
    .bind(s.endpoint_url.clone())
    .bind(s.authorization_header.clone())
    .bind(s.events_requested.clone())
    .bind(s.events_delivered.clone())
    .bind(s.description.clone())
    .bind(s.subject_format.clone())
    .bind(s.status.clone())
    .bind(s.status_reason.clone())
    .bind(s.updated_at)
    .bind(s.id.clone())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The streams a receiver sees: its account's, and with a product-bound credential only
/// those bound to that product. `lock` takes them `FOR UPDATE` inside a change.
pub async fn streams_of(
    conn: &mut AnyConnection,
    account_id: &str,
    product: Option<&str>,
    stream_id: Option<&str>,
    lock: bool,
) -> Result<Vec<StreamRecord>> {
    let lock = if lock { super::for_update(conn) } else { "" };
    let sql = format!(
        "SELECT {STREAM_COLUMNS} FROM ssf_streams WHERE account_id = $1 \
         AND ($2 IS NULL OR product = $2) AND ($3 IS NULL OR id = $3) ORDER BY created_at, id{lock}"
    );
    let rows = sqlx::query(&sql)
        .bind(account_id.to_string())
        .bind(product.map(str::to_string))
        .bind(stream_id.map(str::to_string))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(stream_from_row).collect()
}

/// Streams by id, whatever their account (the delivery worker's view).
pub async fn streams_by_ids(conn: &mut AnyConnection, ids: &[String]) -> Result<Vec<StreamRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {STREAM_COLUMNS} FROM ssf_streams WHERE id IN ({})",
        super::placeholders(1, ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id.clone());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter().map(stream_from_row).collect()
}

pub async fn delete_stream(conn: &mut AnyConnection, account_id: &str, id: &str) -> Result<bool> {
    sqlx::query("DELETE FROM ssf_events WHERE stream_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM ssf_streams WHERE id = $1 AND account_id = $2")
        .bind(id.to_string())
        .bind(account_id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A stream that hears a change: id, bound product, events delivered (JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    pub id: String,
    pub product: Option<String>,
    pub events_delivered: String,
}

/// The streams of an account that take events now: enabled ones, and paused ones (which
/// hold their events until enabled again). Disabled streams take none.
pub async fn listeners(conn: &mut AnyConnection, account_id: &str) -> Result<Vec<Listener>> {
    let rows = sqlx::query(
        "SELECT id, product, events_delivered FROM ssf_streams \
         WHERE account_id = $1 AND status IN ('enabled', 'paused')",
    )
    .bind(account_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Listener {
                id: r.try_get("id")?,
                product: r.try_get("product")?,
                events_delivered: r.try_get("events_delivered")?,
            })
        })
        .collect()
}

/// A deleted user about to be purged, as the products knew them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaving {
    pub user_id: String,
    pub email: String,
    /// The products they had when deleted (kept for a restore).
    pub products: std::collections::BTreeSet<String>,
}

/// The users `users::purge_deleted_before(cutoff)` is about to delete, locked so that a
/// restore cannot slip in between.
pub async fn purge_subjects(conn: &mut AnyConnection, cutoff: i64) -> Result<Vec<Leaving>> {
    let lock = super::for_update(conn);
    let rows = sqlx::query(&format!(
        "SELECT id, email FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1 ORDER BY id{lock}"
    ))
    .bind(cutoff)
    .fetch_all(&mut *conn)
    .await?;
    let mut leaving = Vec::with_capacity(rows.len());
    for r in &rows {
        let user_id: String = r.try_get("id")?;
        let products =
            sqlx::query_scalar::<_, String>("SELECT product FROM user_products WHERE user_id = $1")
                .bind(user_id.clone())
                .fetch_all(&mut *conn)
                .await?;
        leaving.push(Leaving {
            user_id,
            email: r.try_get("email")?,
            products: products.into_iter().collect(),
        });
    }
    Ok(leaving)
}
