//! Accounts and their seat limits. API tokens are in `tokens`.

use sqlx::{AnyConnection, Row};

use super::{for_update, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRecord {
    pub id: String,
    pub name: String,
    pub created_at: i64,
}

pub async fn insert(conn: &mut AnyConnection, a: &AccountRecord) -> Result<()> {
    sqlx::query("INSERT INTO accounts (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(a.id.clone())
        .bind(a.name.clone())
        .bind(a.created_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn one_by(
    conn: &mut AnyConnection,
    column: &str,
    value: &str,
) -> Result<Option<AccountRecord>> {
    let sql = format!("SELECT id, name, created_at FROM accounts WHERE {column} = $1");
    let row = sqlx::query(&sql)
        .bind(value.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok(AccountRecord {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .transpose()
}

pub async fn by_name(conn: &mut AnyConnection, name: &str) -> Result<Option<AccountRecord>> {
    one_by(conn, "name", name).await
}

pub async fn by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<AccountRecord>> {
    one_by(conn, "id", id).await
}

/// Serialises the changes of one account (seats, last admin) until the transaction ends
/// (SQLite's single writer serialises them already).
pub async fn lock(conn: &mut AnyConnection, account_id: &str) -> Result<bool> {
    let sql = format!("SELECT id FROM accounts WHERE id = $1{}", for_update(conn));
    Ok(sqlx::query(&sql)
        .bind(account_id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// Holds the account against `lock` until the transaction ends, not against other holders:
/// a change that concerns neither seats nor the last admin runs beside the account's
/// others, while seat limits, bulk changes and the changes that do concern them wait for
/// it (and it for them). A no-op on SQLite.
pub async fn share(conn: &mut AnyConnection, account_id: &str) -> Result<()> {
    if super::locks_rows(conn) {
        sqlx::query("SELECT id FROM accounts WHERE id = $1 FOR KEY SHARE")
            .bind(account_id.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Sets a product's seat limit; `None` lifts it.
pub async fn set_seats(
    conn: &mut AnyConnection,
    account_id: &str,
    product: &str,
    seats: Option<u32>,
) -> Result<()> {
    sqlx::query("DELETE FROM seats WHERE account_id = $1 AND product = $2")
        .bind(account_id.to_string())
        .bind(product.to_string())
        .execute(&mut *conn)
        .await?;
    if let Some(n) = seats {
        sqlx::query("INSERT INTO seats (account_id, product, seats) VALUES ($1, $2, $3)")
            .bind(account_id.to_string())
            .bind(product.to_string())
            .bind(n as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The account's products for new users (a licence template), in the order stored.
pub async fn new_user_products(conn: &mut AnyConnection, account_id: &str) -> Result<Vec<String>> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT new_user_products FROM accounts WHERE id = $1")
            .bind(account_id.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    match stored {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| super::StoreError::Corrupt(format!("new_user_products: {e}"))),
        None => Ok(Vec::new()),
    }
}

pub async fn set_new_user_products(
    conn: &mut AnyConnection,
    account_id: &str,
    products: &[String],
) -> Result<()> {
    let json =
        serde_json::to_string(products).map_err(|e| super::StoreError::Corrupt(e.to_string()))?;
    sqlx::query("UPDATE accounts SET new_user_products = $1 WHERE id = $2")
        .bind(json)
        .bind(account_id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
