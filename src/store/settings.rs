//! Settings a server records for the other processes on the same database.

use sqlx::AnyConnection;

use super::Result;

pub const PUBLIC_URL: &str = "public_url";

pub async fn get(conn: &mut AnyConnection, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT value FROM instance_settings WHERE key = $1")
            .bind(key.to_string())
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn put(conn: &mut AnyConnection, key: &str, value: &str, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO instance_settings (key, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key.to_string())
    .bind(value.to_string())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
