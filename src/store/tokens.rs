//! API tokens: only the SHA-256 digest of the secret is stored, with the token's scope,
//! its product binding and its expiry.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub scope: String,
    pub product: Option<String>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

const COLUMNS: &str = "id, account_id, name, scope, product, created_at, expires_at, revoked_at";

fn from_row(r: &AnyRow) -> Result<TokenRecord> {
    Ok(TokenRecord {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        name: r.try_get("name")?,
        scope: r.try_get("scope")?,
        product: r.try_get("product")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

pub async fn insert(conn: &mut AnyConnection, t: &TokenRecord, hash: &str) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO api_tokens ({COLUMNS}, token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    ))
    .bind(t.id.clone())
    .bind(t.account_id.clone())
    .bind(t.name.clone())
    .bind(t.scope.clone())
    .bind(t.product.clone())
    .bind(t.created_at)
    .bind(t.expires_at)
    .bind(t.revoked_at)
    .bind(hash.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The token with this digest, unless revoked or expired at `now`.
pub async fn live_by_hash(
    conn: &mut AnyConnection,
    hash: &str,
    now: i64,
) -> Result<Option<TokenRecord>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL \
         AND (expires_at IS NULL OR expires_at > $2)"
    ))
    .bind(hash.to_string())
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// An account's tokens, newest first (revoked and expired ones included, to be seen).
pub async fn of_account(conn: &mut AnyConnection, account_id: &str) -> Result<Vec<TokenRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE account_id = $1 ORDER BY created_at DESC, id"
    ))
    .bind(account_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<TokenRecord>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Revokes a token of the account; answers false when there is none (or it was already).
pub async fn revoke(
    conn: &mut AnyConnection,
    account_id: &str,
    id: &str,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id.to_string())
    .bind(account_id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
