//! Many users' changes in one transaction (bulk changes): the users of a chunk read and
//! locked with one statement, written back with one multi-row `UPDATE ... FROM (VALUES
//! ...)`, their products replaced and their access revoked with one statement each. The
//! rows are decided by the service exactly as single changes are; this module only
//! writes them in fewer round trips.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::{AnyConnection, Row};

use super::users::{bind_cells, from_row, with_products, Cell, UserRecord, COLUMNS};
use super::{
    counts, for_update, placeholders, positional, row_placeholders, rows_if_user, Result, Script,
};

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
///
/// Only what changed is written: SQLite updates every index that names a column the
/// statement sets (and every partial index whose condition does), PostgreSQL rewrites
/// fewer pages, and at a million users a suspension that also set `role` and
/// `deleted_at` to their old values touched nine indexes where two changed. So rows are
/// grouped by the columns they change, one statement per group, and products are
/// deleted and inserted one row per product gained or lost.
pub async fn update_users(
    conn: &mut AnyConnection,
    account_id: &str,
    changed: &[(&UserRecord, &UserRecord)],
) -> Result<u64> {
    let mut shapes: BTreeMap<Changes, Vec<(&UserRecord, &UserRecord)>> = BTreeMap::new();
    for &(before, after) in changed {
        shapes
            .entry(Changes::of(before, after))
            .or_default()
            .push((before, after));
    }
    let mut written = 0;
    for (shape, rows) in &shapes {
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            written += update_shape(conn, account_id, *shape, chunk).await?;
        }
    }
    // The products and the counts follow in one script (one hand-off on SQLite).
    let mut rest = Script::new(conn);
    write_product_changes(&mut rest, changed);
    counts::record_many(
        &mut rest,
        account_id,
        changed.iter().map(|(b, a)| (b.counted(), a.counted())),
    );
    rest.run(conn).await?;
    Ok(written)
}

/// Which of the indexed columns a user's change sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Changes {
    role: bool,
    status: bool,
    deleted_at: bool,
}

impl Changes {
    fn of(before: &UserRecord, after: &UserRecord) -> Changes {
        Changes {
            role: before.role != after.role,
            status: before.status != after.status,
            deleted_at: before.deleted_at != after.deleted_at,
        }
    }
}

async fn update_shape(
    conn: &mut AnyConnection,
    account_id: &str,
    shape: Changes,
    chunk: &[(&UserRecord, &UserRecord)],
) -> Result<u64> {
    // v.column1 is the id, then the columns set, then the version the row must still
    // have. Each column once, with the value it takes, so names and values stay in step.
    type Value = fn(&UserRecord) -> Cell;
    let columns: [(&str, bool, Value); 6] = [
        ("role", shape.role, |u| {
            Cell::Text(Some(u.role.as_str().to_string()))
        }),
        ("status", shape.status, |u| {
            Cell::Text(Some(u.status.as_str().to_string()))
        }),
        ("deleted_at", shape.deleted_at, |u| Cell::Int(u.deleted_at)),
        ("version", true, |u| Cell::Int(Some(u.version))),
        ("memory", true, |u| {
            Cell::Text(
                u.memory
                    .as_ref()
                    .map(|m| serde_json::to_string(m).expect("serializable")),
            )
        }),
        ("updated_at", true, |u| Cell::Int(Some(u.updated_at))),
    ];
    let set: Vec<(&str, Value)> = columns
        .into_iter()
        .filter(|(_, on, _)| *on)
        .map(|(name, _, value)| (name, value))
        .collect();
    let width = set.len() + 2;
    let sql = format!(
        "UPDATE users SET {} FROM (VALUES {}) AS v \
         WHERE users.id = v.column1 AND users.version = v.column{width} AND users.account_id = ${}",
        set.iter()
            .enumerate()
            .map(|(n, (name, _))| format!("{name} = v.column{}", n + 2))
            .collect::<Vec<_>>()
            .join(", "),
        row_placeholders(width, chunk.len()),
        width * chunk.len() + 1
    );
    let cells = chunk.iter().flat_map(|(before, u)| {
        std::iter::once(Cell::Text(Some(u.id.clone())))
            .chain(set.iter().map(|(_, value)| value(u)))
            .chain(std::iter::once(Cell::Int(Some(before.version))))
    });
    let sql = positional(conn, &sql);
    let done = bind_cells(sqlx::query(&sql), cells)
        .bind(account_id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// The rows of `user_products` the changes remove and add, and no others.
pub(crate) fn write_product_changes(script: &mut Script, changed: &[(&UserRecord, &UserRecord)]) {
    let mut lost: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    // Users left without any product (suspended, deleted): all their rows go, found by
    // the key's first column, one statement for the chunk instead of one per product.
    let mut lost_all = Vec::new();
    let mut gained = Vec::new();
    for (before, after) in changed {
        if after.products.is_empty() && !before.products.is_empty() {
            lost_all.push(after.id.clone());
        } else {
            for p in before.products.difference(&after.products) {
                lost.entry(p.as_str()).or_default().push(after.id.clone());
            }
        }
        for p in after.products.difference(&before.products) {
            gained.push([
                Cell::Text(Some(after.id.clone())),
                Cell::Text(Some(after.account_id.clone())),
                Cell::Text(Some(p.clone())),
            ]);
        }
    }
    let texts = |ids: &[String]| ids.iter().map(|v| Cell::Text(Some(v.clone()))).collect();
    for chunk in lost_all.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "DELETE FROM user_products WHERE user_id IN ({})",
            placeholders(1, chunk.len())
        );
        script.push(sql, texts(chunk));
    }
    // By product, so that each statement finds its rows by the primary key.
    for (product, ids) in &lost {
        for chunk in ids.chunks(ROWS_PER_STATEMENT) {
            let sql = format!(
                "DELETE FROM user_products WHERE product = $1 AND user_id IN ({})",
                placeholders(2, chunk.len())
            );
            let mut cells: Vec<Cell> = vec![Cell::Text(Some(product.to_string()))];
            cells.extend(texts(chunk));
            script.push(sql, cells);
        }
    }
    insert_product_rows(script, &gained, None);
}

/// Writes every product of `users` (rows of `user_products`), many rows per statement:
/// the bulk path of new users (`store::bulk_load`).
pub(crate) fn insert_products(
    script: &mut Script,
    users: &[&UserRecord],
    only_if_user: Option<&str>,
) {
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
    insert_product_rows(script, &rows, only_if_user);
}

/// Rows of `user_products`: (user id, account id, product); with `only_if_user`, only if
/// that user exists when the script gets there (`rows_if_user`).
fn insert_product_rows(script: &mut Script, rows: &[[Cell; 3]], only_if_user: Option<&str>) {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let source = match only_if_user {
            Some(_) => rows_if_user(3, chunk.len()),
            None => format!("VALUES {}", row_placeholders(3, chunk.len())),
        };
        let sql = format!("INSERT INTO user_products (user_id, account_id, product) {source}");
        let mut cells: Vec<Cell> = chunk.iter().flatten().cloned().collect();
        cells.extend(only_if_user.map(|id| Cell::Text(Some(id.to_string()))));
        script.push(sql, cells);
    }
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
pub(crate) fn record_started(script: &mut Script, rows: &[(String, String, i64)]) {
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
        script.push(sql, cells.collect());
    }
}
