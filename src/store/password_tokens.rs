//! One-time links to set a password. The secret travels in the email only; rows are keyed
//! by its digest (`auth::token::digest`).

use sqlx::{AnyConnection, Row};

use super::{for_update, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordToken {
    pub token_hash: String,
    pub user_id: String,
    pub account_id: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

impl PasswordToken {
    /// Unused and not expired at `now`.
    pub fn usable(&self, now: i64) -> bool {
        self.used_at.is_none() && now < self.expires_at
    }
}

pub async fn insert(conn: &mut AnyConnection, t: &PasswordToken) -> Result<()> {
    sqlx::query(
        "INSERT INTO password_tokens (token_hash, user_id, account_id, created_at, expires_at, used_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(t.token_hash.clone())
    .bind(t.user_id.clone())
    .bind(t.account_id.clone())
    .bind(t.created_at)
    .bind(t.expires_at)
    .bind(t.used_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The token with this digest.
pub async fn get(conn: &mut AnyConnection, token_hash: &str) -> Result<Option<PasswordToken>> {
    get_locking(conn, token_hash, "").await
}

/// The token with this digest, locked until the transaction ends (about to use it).
pub async fn get_for_update(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<PasswordToken>> {
    let lock = for_update(conn);
    get_locking(conn, token_hash, lock).await
}

async fn get_locking(
    conn: &mut AnyConnection,
    token_hash: &str,
    lock: &str,
) -> Result<Option<PasswordToken>> {
    let sql = format!(
        "SELECT token_hash, user_id, account_id, created_at, expires_at, used_at \
         FROM password_tokens WHERE token_hash = $1{lock}"
    );
    let row = sqlx::query(&sql)
        .bind(token_hash.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok(PasswordToken {
            token_hash: r.try_get("token_hash")?,
            user_id: r.try_get("user_id")?,
            account_id: r.try_get("account_id")?,
            created_at: r.try_get("created_at")?,
            expires_at: r.try_get("expires_at")?,
            used_at: r.try_get("used_at")?,
        })
    })
    .transpose()
}

/// Marks the token used; false when it already was (a second request raced this one).
pub async fn mark_used(conn: &mut AnyConnection, token_hash: &str, now: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE password_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(token_hash.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the user's unused tokens: on suspension, deletion or loss of portal access, and
/// when a newer link or a new password makes the older links pointless.
pub async fn delete_unused_for_user(conn: &mut AnyConnection, user_id: &str) -> Result<u64> {
    let done = sqlx::query("DELETE FROM password_tokens WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Sweeps expired tokens, used or not, so that the table does not grow for ever.
pub async fn delete_expired(conn: &mut AnyConnection, now: i64) -> Result<u64> {
    let done = sqlx::query("DELETE FROM password_tokens WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::PasswordToken;

    #[test]
    fn a_token_is_usable_once_and_until_it_expires() {
        let t = PasswordToken {
            token_hash: "h".into(),
            user_id: "u".into(),
            account_id: "a".into(),
            created_at: 0,
            expires_at: 100,
            used_at: None,
        };
        assert!(t.usable(99));
        assert!(!t.usable(100));
        let used = PasswordToken {
            used_at: Some(5),
            ..t
        };
        assert!(!used.usable(10));
    }
}
