//! The bulk path for many new users at once (`roster demo --users N`): multi-row inserts
//! of the same rows `users::insert` writes, a few hundred per statement, so a million
//! users load in minutes on either store. It writes rows, not changes: the caller (the
//! service) decides what they are and writes their audit events beside them.

use sqlx::AnyConnection;

use super::users::{bind_cells, row_values, Cell, UserRecord, INSERT_COLUMNS};
use super::{batch, row_placeholders, Result, Script};

/// A new user and when they last used their access (`None`: never).
#[derive(Debug, Clone)]
pub struct LoadedUser {
    pub user: UserRecord,
    pub last_used_at: Option<i64>,
    /// Products whose getting-started email the user already had, and when.
    pub started: Vec<(String, i64)>,
}

/// Rows per statement. Few enough parameters that binding stays cheap: sqlx finds each
/// `$N` of a SQLite statement by name, a walk of the statement's parameter list, so a
/// statement's binding costs the square of its parameters (500 rows of 21 took ~70% of
/// the generator's time).
const USERS_PER_STATEMENT: usize = 50;

/// Inserts `users` with their products, in the caller's transaction.
pub async fn insert_users(conn: &mut AnyConnection, users: &[LoadedUser]) -> Result<()> {
    let width = INSERT_COLUMNS.split(',').count() + 1;
    for chunk in users.chunks(USERS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO users ({INSERT_COLUMNS}, last_sign_in_at) VALUES {}",
            row_placeholders(width, chunk.len())
        );
        let cells = chunk.iter().flat_map(|l| {
            let mut row = row_values(&l.user);
            row.push(Cell::Int(l.last_used_at));
            row
        });
        bind_cells(sqlx::query(&sql), cells)
            .execute(&mut *conn)
            .await?;
    }
    let mut script = Script::new(conn);
    super::counts::add_new(
        &mut script,
        users
            .iter()
            .map(|l| (l.user.account_id.as_str(), l.user.counted())),
    );
    let new: Vec<&UserRecord> = users.iter().map(|l| &l.user).collect();
    batch::insert_products(&mut script, &new, None);
    let started: Vec<(String, String, i64)> = users
        .iter()
        .flat_map(|l| {
            l.started
                .iter()
                .map(|(p, at)| (l.user.id.clone(), p.clone(), *at))
        })
        .collect();
    batch::record_started(&mut script, &started);
    script.run(conn).await?;
    Ok(())
}

/// The account's users, deleted ones included (a count for the operator's tool, once).
pub async fn user_count(conn: &mut AnyConnection, account_id: &str) -> Result<u64> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE account_id = $1")
        .bind(account_id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    Ok(n as u64)
}
