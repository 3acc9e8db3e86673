//! Many users' changes in one transaction (bulk changes): the users of a chunk read and
//! locked with one statement, written back with one multi-row `UPDATE ... FROM (VALUES
//! ...)`, their products replaced and their access revoked with one statement each. The
//! rows are decided by the service exactly as single changes are; this module only
//! writes them in fewer round trips.

use std::collections::{BTreeSet, HashMap};

use sqlx::{AnyConnection, Row};

use super::users::{bind_cells, from_row, with_products, Cell, UserRecord, COLUMNS};
use super::{counts, for_update, placeholders, positional, row_placeholders, Result};

/// Rows per statement: below both stores' bound-parameter limits.
const ROWS_PER_STATEMENT: usize = 1_000;

/// Binds `ids` after `first` values already bound.
fn bind_texts<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    values: &[String],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    bind_cells(q, values.iter().map(|v| Cell::Text(Some(v.clone()))))
}

/// The users of the account among `ids` (others are simply absent), with their products,
/// locked until the transaction ends when `lock` (a change reads them so).
pub async fn users_by_ids(
    conn: &mut AnyConnection,
    account_id: &str,
    ids: &[String],
    lock: bool,
) -> Result<Vec<UserRecord>> {
    let mut users = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let lock = if lock { for_update(conn) } else { "" };
        // By id alone, the account checked here: with `account_id` in the statement both
        // stores walked the account's whole part of an index that starts with it (SQLite
        // for want of statistics, PostgreSQL to AND it with the ids), a chunk took
        // seconds at 100,000 users and ten times that at a million. Locking (apply pass)
        // is only ever asked for ids this account's selection found.
        let sql = format!(
            "SELECT {COLUMNS} FROM users WHERE id IN ({}){lock}",
            placeholders(1, chunk.len())
        );
        let sql = positional(conn, &sql);
        let rows = bind_texts(sqlx::query(&sql), chunk)
            .fetch_all(&mut *conn)
            .await?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let u = from_row(row)?;
            if u.account_id == account_id {
                found.push(u);
            }
        }
        users.extend(with_products(conn, found).await?);
    }
    // In the order asked for: the store answers an `IN` list in index order, and a bulk
    // change decides its users in turn (the last admin is the one named last).
    let order: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| (id.as_str(), n))
        .collect();
    users.sort_by_key(|u| order.get(u.id.as_str()).copied());
    Ok(users)
}

/// Products whose getting-started email each of `user_ids` was ever sent.
pub async fn started_products(
    conn: &mut AnyConnection,
    user_ids: &[String],
) -> Result<HashMap<String, BTreeSet<String>>> {
    let mut started: HashMap<String, BTreeSet<String>> = HashMap::new();
    for chunk in user_ids.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "SELECT user_id, product FROM getting_started_sent WHERE user_id IN ({})",
            placeholders(1, chunk.len())
        );
        let sql = positional(conn, &sql);
        for row in bind_texts(sqlx::query(&sql), chunk)
            .fetch_all(&mut *conn)
            .await?
        {
            started
                .entry(row.try_get("user_id")?)
                .or_default()
                .insert(row.try_get("product")?);
        }
    }
    Ok(started)
}

/// Writes the rules' part of each user (role, status, deletion, memory, version) and
/// their products, if the row is still at the version `before` had, and moves them in
/// the account's counts. Answers how many rows were written; fewer than asked means
/// someone was faster (the caller then rolls back).
pub async fn update_users(
    conn: &mut AnyConnection,
    account_id: &str,
    changed: &[(&UserRecord, &UserRecord)],
) -> Result<u64> {
    let mut written = 0;
    counts::record_many(
        conn,
        account_id,
        changed.iter().map(|(b, a)| (b.counted(), a.counted())),
    )
    .await?;
    for chunk in changed.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "UPDATE users SET role = v.column2, status = v.column3, deleted_at = v.column4, \
             version = v.column5, memory = v.column6, updated_at = v.column7 \
             FROM (VALUES {}) AS v \
             WHERE users.id = v.column1 AND users.version = v.column8 AND users.account_id = ${}",
            row_placeholders(8, chunk.len()),
            8 * chunk.len() + 1
        );
        let cells = chunk.iter().flat_map(|(before, u)| {
            [
                Cell::Text(Some(u.id.clone())),
                Cell::Text(Some(u.role.as_str().to_string())),
                Cell::Text(Some(u.status.as_str().to_string())),
                Cell::Int(u.deleted_at),
                Cell::Int(Some(u.version)),
                Cell::Text(
                    u.memory
                        .as_ref()
                        .map(|m| serde_json::to_string(m).expect("serializable")),
                ),
                Cell::Int(Some(u.updated_at)),
                Cell::Int(Some(before.version)),
            ]
        });
        let sql = positional(conn, &sql);
        let done = bind_cells(sqlx::query(&sql), cells)
            .bind(account_id.to_string())
            .execute(&mut *conn)
            .await?;
        written += done.rows_affected();
        let ids: Vec<String> = chunk.iter().map(|(_, u)| u.id.clone()).collect();
        let sql = format!(
            "DELETE FROM user_products WHERE user_id IN ({})",
            placeholders(1, ids.len())
        );
        let sql = positional(conn, &sql);
        bind_texts(sqlx::query(&sql), &ids)
            .execute(&mut *conn)
            .await?;
        let users: Vec<&UserRecord> = chunk.iter().map(|(_, u)| *u).collect();
        insert_products(conn, &users).await?;
    }
    Ok(written)
}

/// Writes every product of `users` (rows of `user_products`), many rows per statement:
/// the bulk changes and the bulk path of new users (`store::bulk_load`).
pub async fn insert_products(conn: &mut AnyConnection, users: &[&UserRecord]) -> Result<()> {
    let rows: Vec<[Cell; 3]> = users
        .iter()
        .flat_map(|u| {
            u.products.iter().map(|p| {
                [
                    Cell::Text(Some(u.id.clone())),
                    Cell::Text(Some(u.account_id.clone())),
                    Cell::Text(Some(p.clone())),
                ]
            })
        })
        .collect();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO user_products (user_id, account_id, product) VALUES {}",
            row_placeholders(3, chunk.len())
        );
        let sql = positional(conn, &sql);
        bind_cells(sqlx::query(&sql), chunk.iter().flatten().cloned())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Ends the portal sessions and the unused password links of `user_ids` (they lost the
/// access those opened).
pub async fn revoke_access(conn: &mut AnyConnection, user_ids: &[String]) -> Result<()> {
    for chunk in user_ids.chunks(ROWS_PER_STATEMENT) {
        let list = placeholders(1, chunk.len());
        let sessions = format!("DELETE FROM sessions WHERE user_id IN ({list})");
        let sessions = positional(conn, &sessions);
        bind_texts(sqlx::query(&sessions), chunk)
            .execute(&mut *conn)
            .await?;
        let links =
            format!("DELETE FROM password_tokens WHERE used_at IS NULL AND user_id IN ({list})");
        let links = positional(conn, &links);
        bind_texts(sqlx::query(&links), chunk)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Records getting-started emails as sent: (user id, product, when).
pub async fn record_started(
    conn: &mut AnyConnection,
    rows: &[(String, String, i64)],
) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO getting_started_sent (user_id, product, sent_at) VALUES {} ON CONFLICT DO NOTHING",
            row_placeholders(3, chunk.len())
        );
        let cells = chunk.iter().flat_map(|(u, p, at)| {
            [
                Cell::Text(Some(u.clone())),
                Cell::Text(Some(p.clone())),
                Cell::Int(Some(*at)),
            ]
        });
        let sql = positional(conn, &sql);
        bind_cells(sqlx::query(&sql), cells)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
