//! The per-account counts of users by status, role and product (`user_counts`), kept by
//! the store's own user writes in the change's transaction. Lists answer their totals and
//! the service its seat and last-admin checks from these few rows instead of counting a
//! million users.
//!
//! A row with product `''` counts users with that status and role; a row with a product
//! key counts those of them holding the product.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{AnyConnection, Row};

use super::users::Cell as Value;
use super::{placeholders, row_placeholders, rows_if_user, Result, Script};
use crate::domain::{Role, Status};

/// What a user contributes to the counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub status: Status,
    pub role: Role,
    pub products: BTreeSet<String>,
}

/// One cell of the counts: (status, role, product or '').
type Cell = (String, String, String);

fn cells(c: &Counted) -> impl Iterator<Item = Cell> + '_ {
    let (s, r) = (c.status.as_str(), c.role.as_str());
    std::iter::once(String::new())
        .chain(c.products.iter().cloned())
        .map(move |p| (s.to_string(), r.to_string(), p))
}

/// Moves one user from `before` to `after` in the counts (`None`: absent), in `script`;
/// with `only_if_user`, only if that user exists when the script gets there.
pub(crate) fn record(
    script: &mut Script,
    account_id: &str,
    before: Option<&Counted>,
    after: Option<&Counted>,
    only_if_user: Option<&str>,
) {
    let mut delta: BTreeMap<Cell, i64> = BTreeMap::new();
    for c in before.into_iter().flat_map(cells) {
        *delta.entry(c).or_default() -= 1;
    }
    for c in after.into_iter().flat_map(cells) {
        *delta.entry(c).or_default() += 1;
    }
    apply(script, account_id, delta, only_if_user);
}

/// Moves many users of one account at once (a bulk change): one write per cell.
pub(crate) fn record_many(
    script: &mut Script,
    account_id: &str,
    moves: impl IntoIterator<Item = (Counted, Counted)>,
) {
    let mut delta: BTreeMap<Cell, i64> = BTreeMap::new();
    for (before, after) in moves {
        for c in cells(&before) {
            *delta.entry(c).or_default() -= 1;
        }
        for c in cells(&after) {
            *delta.entry(c).or_default() += 1;
        }
    }
    apply(script, account_id, delta, None);
}

/// Adds new users to the counts at once (the bulk path): one write per cell.
pub(crate) fn add_new<'a>(
    script: &mut Script,
    users: impl IntoIterator<Item = (&'a str, Counted)>,
) {
    let mut by_account: BTreeMap<&str, BTreeMap<Cell, i64>> = BTreeMap::new();
    for (account, c) in users {
        let delta = by_account.entry(account).or_default();
        for cell in cells(&c) {
            *delta.entry(cell).or_default() += 1;
        }
    }
    for (account, delta) in by_account {
        apply(script, account, delta, None);
    }
}

/// Adds `delta` to the cells with one statement (a bulk chunk moves a thousand users
/// across some thirty cells: a statement per cell was as many round trips), its rows in
/// key order so that two transactions never wait on each other's cells in opposite
/// orders.
fn apply(
    script: &mut Script,
    account_id: &str,
    delta: BTreeMap<Cell, i64>,
    only_if_user: Option<&str>,
) {
    let moved: Vec<(Cell, i64)> = delta.into_iter().filter(|(_, n)| *n != 0).collect();
    if moved.is_empty() {
        return;
    }
    // Five values a row, and at most a few hundred cells (statuses × roles × products).
    let rows = match only_if_user {
        Some(_) => rows_if_user(5, moved.len()),
        None => format!("VALUES {}", row_placeholders(5, moved.len())),
    };
    let sql = format!(
        "INSERT INTO user_counts (account_id, status, role, product, n) {rows} \
         ON CONFLICT (account_id, status, role, product) DO UPDATE SET n = user_counts.n + excluded.n"
    );
    let mut cells: Vec<Value> = moved
        .into_iter()
        .flat_map(|((status, role, product), n)| {
            [
                Value::Text(Some(account_id.to_string())),
                Value::Text(Some(status)),
                Value::Text(Some(role)),
                Value::Text(Some(product)),
                Value::Int(Some(n)),
            ]
        })
        .collect();
    cells.extend(only_if_user.map(|id| Value::Text(Some(id.to_string()))));
    script.push(sql, cells);
}

/// Takes the users `where_users` selects (a condition on `users u`, binding `$1..`) out
/// of the counts, before they are removed: one grouped query per kind of cell.
pub(crate) async fn forget_where(
    conn: &mut AnyConnection,
    where_users: &str,
    bind: i64,
) -> Result<()> {
    let users = format!(
        "SELECT u.account_id AS account_id, u.status AS status, u.role AS role, '' AS product, COUNT(*) AS n \
         FROM users u WHERE {where_users} GROUP BY u.account_id, u.status, u.role"
    );
    // The users first, then their products: left to itself, SQLite (without statistics)
    // walked every product row of every user to find the few purged (16 s at start-up
    // with a million users).
    let products = format!(
        "WITH u AS MATERIALIZED (SELECT u.id, u.account_id, u.status, u.role FROM users u \
         WHERE {where_users}) \
         SELECT u.account_id AS account_id, u.status AS status, u.role AS role, p.product AS product, COUNT(*) AS n \
         FROM u JOIN user_products p ON p.user_id = u.id \
         GROUP BY u.account_id, u.status, u.role, p.product"
    );
    let mut by_account: BTreeMap<String, BTreeMap<Cell, i64>> = BTreeMap::new();
    for sql in [users, products] {
        for row in sqlx::query(&sql).bind(bind).fetch_all(&mut *conn).await? {
            let n: i64 = row.try_get("n")?;
            by_account
                .entry(row.try_get("account_id")?)
                .or_default()
                .insert(
                    (
                        row.try_get("status")?,
                        row.try_get("role")?,
                        row.try_get("product")?,
                    ),
                    -n,
                );
        }
    }
    let mut script = Script::new(conn);
    for (account, delta) in by_account {
        apply(&mut script, &account, delta, None);
    }
    script.run(conn).await
}

/// Which users a count asks about: any of the statuses (none given: every one but
/// deleted), optionally one role and one product.
#[derive(Debug, Clone, Default)]
pub struct CountFilter<'a> {
    pub status: Option<Status>,
    pub role: Option<Role>,
    pub product: Option<&'a str>,
}

/// How many users of the account the filter selects.
pub async fn count(conn: &mut AnyConnection, account_id: &str, f: &CountFilter<'_>) -> Result<u64> {
    let statuses: Vec<&str> = match f.status {
        Some(s) => vec![s.as_str()],
        None => vec![Status::Active.as_str(), Status::Suspended.as_str()],
    };
    let mut sql = format!(
        "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM user_counts WHERE account_id = $1 AND product = $2 AND status IN ({})",
        placeholders(3, statuses.len())
    );
    if f.role.is_some() {
        sql.push_str(&format!(" AND role = ${}", 3 + statuses.len()));
    }
    let mut q = sqlx::query_scalar::<_, i64>(&sql)
        .bind(account_id.to_string())
        .bind(f.product.unwrap_or("").to_string());
    for s in statuses {
        q = q.bind(s.to_string());
    }
    if let Some(r) = f.role {
        q = q.bind(r.as_str().to_string());
    }
    Ok(q.fetch_one(&mut *conn).await?.max(0) as u64)
}

/// Users holding each product, deleted ones aside (they hold no seat).
pub async fn seats_used(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<BTreeMap<String, u64>> {
    let rows = sqlx::query(
        "SELECT product, CAST(SUM(n) AS BIGINT) AS used FROM user_counts \
         WHERE account_id = $1 AND product <> '' AND status <> 'deleted' GROUP BY product",
    )
    .bind(account_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let used: i64 = r.try_get("used")?;
            Ok((r.try_get("product")?, used.max(0) as u64))
        })
        .collect()
}
