//! Portal sessions, stored server-side so that suspension can end them at once.

use sqlx::AnyConnection;

use super::Result;

/// Ends every portal session of the user (suspension, deletion).
pub async fn revoke_for_user(conn: &mut AnyConnection, user_id: &str) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}
