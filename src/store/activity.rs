//! When users last used their access (a portal sign-in or an allowed access check), and
//! the people and tokens behind audit actors, as the portal shows them.

use std::collections::HashMap;

use sqlx::{AnyConnection, Row};

use super::{placeholders, Result};

/// Records a use of access at `at`, unless one was recorded after `unless_after` already
/// (another instance, a moment ago). Not a change of the user: no version, no audit.
pub async fn record_use(
    conn: &mut AnyConnection,
    user_id: &str,
    at: i64,
    unless_after: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE users SET last_sign_in_at = $2 \
         WHERE id = $1 AND (last_sign_in_at IS NULL OR last_sign_in_at < $3)",
    )
    .bind(user_id.to_string())
    .bind(at)
    .bind(unless_after)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// `record_use` for many users at once, a few hundred per statement.
pub async fn record_uses(
    conn: &mut AnyConnection,
    user_ids: &[String],
    at: i64,
    unless_after: i64,
) -> Result<()> {
    for chunk in user_ids.chunks(500) {
        let sql = format!(
            "UPDATE users SET last_sign_in_at = $1 \
             WHERE id IN ({}) AND (last_sign_in_at IS NULL OR last_sign_in_at < $2)",
            placeholders(3, chunk.len())
        );
        let mut q = sqlx::query(&sql).bind(at).bind(unless_after);
        for id in chunk {
            q = q.bind(id.clone());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The last use of access of these users of the account (those who never signed in are
/// absent). One query for a whole page of users.
pub async fn last_uses(
    conn: &mut AnyConnection,
    account_id: &str,
    ids: &[String],
) -> Result<HashMap<String, i64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // By primary key alone: with the account and sign-in in the condition, SQLite walks
    // the (account, last sign-in) index over every user who ever signed in instead.
    let sql = format!(
        "SELECT id, account_id, last_sign_in_at FROM users WHERE id IN ({})",
        placeholders(1, ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(id.clone());
    }
    let mut uses = HashMap::new();
    for r in q.fetch_all(&mut *conn).await? {
        let account: String = r.try_get("account_id")?;
        let at: Option<i64> = r.try_get("last_sign_in_at")?;
        if let (true, Some(at)) = (account == account_id, at) {
            uses.insert(r.try_get("id")?, at);
        }
    }
    Ok(uses)
}

/// First and last names of the account's users with these (lowercased) emails.
pub async fn names_by_email(
    conn: &mut AnyConnection,
    account_id: &str,
    emails_lower: &[String],
) -> Result<HashMap<String, (String, String)>> {
    if emails_lower.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT email_lower, first_name, last_name FROM users WHERE account_id = $1 \
         AND email_lower IN ({})",
        placeholders(2, emails_lower.len())
    );
    let mut q = sqlx::query(&sql).bind(account_id.to_string());
    for e in emails_lower {
        q = q.bind(e.clone());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("email_lower")?,
                (r.try_get("first_name")?, r.try_get("last_name")?),
            ))
        })
        .collect()
}

/// The names of the account's API tokens with these ids (revoked ones included).
pub async fn token_names(
    conn: &mut AnyConnection,
    account_id: &str,
    ids: &[String],
) -> Result<HashMap<String, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT id, name FROM api_tokens WHERE account_id = $1 AND id IN ({})",
        placeholders(2, ids.len())
    );
    let mut q = sqlx::query(&sql).bind(account_id.to_string());
    for id in ids {
        q = q.bind(id.clone());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect()
}
