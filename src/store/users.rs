//! Users and their products.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::counts::{self, CountFilter, Counted};
use super::{batch, dialect_of, for_update, placeholders, Dialect, Result, Script, StoreError};
use crate::domain::fold::{self, fold};
use crate::domain::{Memory, Role, SeatUsage, Status, UserState};

/// A user as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    pub id: String,
    pub account_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub locale: String,
    pub role: Role,
    pub products: BTreeSet<String>,
    pub status: Status,
    pub deleted_at: Option<i64>,
    pub version: i64,
    pub password_hash: Option<String>,
    pub external_id: Option<String>,
    pub memory: Option<Memory>,
    /// Attributes kept for other channels (SCIM enterprise extension, ...), a JSON object.
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl UserRecord {
    /// The SCIM userName: the identity provider's own when it sent one, else the email.
    pub fn user_name(&self) -> &str {
        self.extra
            .get("scim")
            .and_then(|s| s.get("userName"))
            .and_then(serde_json::Value::as_str)
            .unwrap_or(&self.email)
    }

    pub(crate) fn counted(&self) -> Counted {
        Counted {
            status: self.status,
            role: self.role,
            products: self.products.clone(),
        }
    }

    pub fn state(&self) -> UserState {
        UserState {
            role: self.role,
            products: self.products.clone(),
            deleted: self.deleted_at.is_some(),
        }
    }
}

/// The columns derived from a user's fields by `domain::fold`: written with every row so
/// that lookups, orders and searches compare folded values on both stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    pub email_key: String,
    pub user_name_key: String,
    pub name_key: String,
    pub search_text: String,
}

impl Keys {
    pub fn of(u: &UserRecord) -> Keys {
        Keys {
            email_key: fold(&u.email),
            user_name_key: fold(u.user_name()),
            name_key: fold::name_key(&u.first_name, &u.last_name),
            search_text: fold::search_text(&u.email, &u.first_name, &u.last_name),
        }
    }
}

pub(crate) const COLUMNS: &str =
    "id, account_id, email, first_name, last_name, locale, role, status, deleted_at, \
     version, password_hash, external_id, memory, extra, created_at, updated_at";

pub(crate) fn from_row(row: &AnyRow) -> Result<UserRecord> {
    let role: String = row.try_get("role")?;
    let status: String = row.try_get("status")?;
    let memory: Option<String> = row.try_get("memory")?;
    let extra: Option<String> = row.try_get("extra")?;
    Ok(UserRecord {
        id: row.try_get("id")?,
        account_id: row.try_get("account_id")?,
        email: row.try_get("email")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        locale: row.try_get("locale")?,
        role: role
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("role '{role}'")))?,
        products: BTreeSet::new(),
        status: Status::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status '{status}'")))?,
        deleted_at: row.try_get("deleted_at")?,
        version: row.try_get("version")?,
        password_hash: row.try_get("password_hash")?,
        external_id: row.try_get("external_id")?,
        memory: memory
            .map(|m| serde_json::from_str(&m))
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("memory: {e}")))?,
        extra: match extra {
            Some(e) => {
                serde_json::from_str(&e).map_err(|e| StoreError::Corrupt(format!("extra: {e}")))?
            }
            None => serde_json::Map::new(),
        },
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub(crate) async fn with_products(
    conn: &mut AnyConnection,
    mut users: Vec<UserRecord>,
) -> Result<Vec<UserRecord>> {
    if users.is_empty() {
        return Ok(users);
    }
    let sql = format!(
        "SELECT user_id, product FROM user_products WHERE user_id IN ({})",
        placeholders(1, users.len())
    );
    let sql = super::positional(conn, &sql);
    let mut q = sqlx::query(&sql);
    for u in &users {
        q = q.bind(u.id.clone());
    }
    let mut by_user: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in q.fetch_all(&mut *conn).await? {
        by_user
            .entry(row.try_get("user_id")?)
            .or_default()
            .insert(row.try_get("product")?);
    }
    for u in &mut users {
        u.products = by_user.remove(&u.id).unwrap_or_default();
    }
    Ok(users)
}

async fn fetch_one_where(
    conn: &mut AnyConnection,
    clause: &str,
    a: &str,
    b: &str,
    lock: Lock,
) -> Result<Option<UserRecord>> {
    let lock = match lock {
        Lock::None => "",
        Lock::ForUpdate => for_update(conn),
    };
    let sql = format!("SELECT {COLUMNS} FROM users WHERE account_id = $1 AND {clause}{lock}");
    let row = sqlx::query(&sql)
        .bind(a.to_string())
        .bind(b.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(with_products(conn, vec![from_row(&row)?]).await?.pop()),
        None => Ok(None),
    }
}

#[derive(Clone, Copy)]
enum Lock {
    None,
    ForUpdate,
}

/// A user of the account by id.
pub async fn get(
    conn: &mut AnyConnection,
    account_id: &str,
    id: &str,
) -> Result<Option<UserRecord>> {
    fetch_one_where(conn, "id = $2", account_id, id, Lock::None).await
}

/// A user of the account by id, locked until the change's transaction ends.
pub async fn get_for_update(
    conn: &mut AnyConnection,
    account_id: &str,
    id: &str,
) -> Result<Option<UserRecord>> {
    fetch_one_where(conn, "id = $2", account_id, id, Lock::ForUpdate).await
}

pub async fn get_by_email(
    conn: &mut AnyConnection,
    account_id: &str,
    email: &str,
) -> Result<Option<UserRecord>> {
    fetch_one_where(
        conn,
        "email_lower = $2",
        account_id,
        &fold(email),
        Lock::None,
    )
    .await
}

/// Users with this email in any account (sign-in asks by email alone).
pub async fn find_by_email_everywhere(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Vec<UserRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email_lower = $1");
    let rows = sqlx::query(&sql)
        .bind(fold(email))
        .fetch_all(&mut *conn)
        .await?;
    let users = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    with_products(conn, users).await
}

/// A user by id in any account (sessions know the user, then check the account).
pub async fn get_anywhere(conn: &mut AnyConnection, id: &str) -> Result<Option<UserRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(with_products(conn, vec![from_row(&row)?]).await?.pop()),
        None => Ok(None),
    }
}

fn json_or_null<T: serde::Serialize>(v: &Option<T>) -> Option<String> {
    v.as_ref()
        .map(|v| serde_json::to_string(v).expect("serializable"))
}

/// The columns a new user's row is written with, in the order of [`row_values`]. The one
/// list for a single insert and the bulk path (`store::bulk_load`), so a derived column
/// added here is written by both.
pub(crate) const INSERT_COLUMNS: &str =
    "id, account_id, email, first_name, last_name, locale, role, status, deleted_at, \
     version, password_hash, external_id, memory, extra, created_at, updated_at, email_lower, \
     user_name_key, name_key, search_text";

/// One bound value of a row.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
}

/// The values of [`INSERT_COLUMNS`] for `u`.
pub(crate) fn row_values(u: &UserRecord) -> Vec<Cell> {
    use Cell::{Int, Text};
    let keys = Keys::of(u);
    vec![
        Text(Some(u.id.clone())),
        Text(Some(u.account_id.clone())),
        Text(Some(u.email.clone())),
        Text(Some(u.first_name.clone())),
        Text(Some(u.last_name.clone())),
        Text(Some(u.locale.clone())),
        Text(Some(u.role.as_str().to_string())),
        Text(Some(u.status.as_str().to_string())),
        Int(u.deleted_at),
        Int(Some(u.version)),
        Text(u.password_hash.clone()),
        Text(u.external_id.clone()),
        Text(json_or_null(&u.memory)),
        Text(Some(serde_json::Value::Object(u.extra.clone()).to_string())),
        Int(Some(u.created_at)),
        Int(Some(u.updated_at)),
        Text(Some(keys.email_key)),
        Text(Some(keys.user_name_key)),
        Text(Some(keys.name_key)),
        Text(Some(keys.search_text)),
    ]
}

/// Binds `cells` in order.
pub(crate) fn bind_cells<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    cells: impl IntoIterator<Item = Cell>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for c in cells {
        q = match c {
            Cell::Text(v) => q.bind(v),
            Cell::Int(v) => q.bind(v),
        };
    }
    q
}

/// Writes a new user, their products and their place in the counts; false, writing
/// nothing, when the account already has a user with that email (deleted ones included).
/// The unique key decides, so no look-up comes first, and the transaction stays usable on
/// PostgreSQL too (to say who has it). One script: on SQLite one hand-off for all of it.
pub async fn insert(conn: &mut AnyConnection, u: &UserRecord) -> Result<bool> {
    let values = row_values(u);
    let mut script = Script::new(conn);
    script.push(
        format!(
            "INSERT INTO users ({INSERT_COLUMNS}) VALUES ({}) \
             ON CONFLICT (account_id, email_lower) DO NOTHING RETURNING 1",
            placeholders(1, values.len())
        ),
        values,
    );
    // The user's id is new: the rest comes to nothing where the insert did.
    let only_if = Some(u.id.as_str());
    batch::insert_products(&mut script, &[u], only_if);
    counts::record(
        &mut script,
        &u.account_id,
        None,
        Some(&u.counted()),
        only_if,
    );
    script.run_after_first(conn).await
}

/// Writes `after` over `before`, the user as the change read it in this transaction
/// (locked there: nothing else writes the row until it ends), with the products gained and
/// lost and the move in the counts. False when the row is no longer at `before`'s
/// version; then the caller rolls the change back (on SQLite the products and counts were
/// written with the row's statement, in one script).
pub async fn update(
    conn: &mut AnyConnection,
    before: &UserRecord,
    after: &UserRecord,
) -> Result<bool> {
    // Every column the insert writes but those a user keeps for life, with the values
    // `row_values` gives them: the two name each column once.
    const KEPT: [&str; 3] = ["id", "account_id", "created_at"];
    let (set, mut cells): (Vec<String>, Vec<Cell>) = INSERT_COLUMNS
        .split(',')
        .map(str::trim)
        .zip(row_values(after))
        .filter(|(column, _)| !KEPT.contains(column))
        .enumerate()
        .map(|(n, (column, value))| (format!("{column} = ${}", n + 1), value))
        .unzip();
    let n = cells.len();
    cells.extend([
        Cell::Text(Some(after.id.clone())),
        Cell::Text(Some(after.account_id.clone())),
        Cell::Int(Some(before.version)),
    ]);
    let mut script = Script::new(conn);
    script.push(
        format!(
            "UPDATE users SET {} WHERE id = ${} AND account_id = ${} AND version = ${} RETURNING 1",
            set.join(", "),
            n + 1,
            n + 2,
            n + 3
        ),
        cells,
    );
    batch::write_product_changes(&mut script, &[(before, after)]);
    counts::record(
        &mut script,
        &after.account_id,
        Some(&before.counted()),
        Some(&after.counted()),
        None,
    );
    script.run_after_first(conn).await
}

/// Seats used per product (deleted users hold none) and the limits set.
pub async fn seat_usage(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<BTreeMap<String, SeatUsage>> {
    seat_usage_where(conn, account_id, false).await
}

/// Like `seat_usage`, for the products that have a limit only: what a change must check.
/// Most accounts limit few products, so most changes count nothing.
pub async fn limited_seat_usage(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<BTreeMap<String, SeatUsage>> {
    seat_usage_where(conn, account_id, true).await
}

/// The products the account limits.
pub async fn seat_limits(conn: &mut AnyConnection, account_id: &str) -> Result<BTreeSet<String>> {
    Ok(
        sqlx::query_scalar::<_, String>("SELECT product FROM seats WHERE account_id = $1")
            .bind(account_id.to_string())
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect(),
    )
}

async fn seat_usage_where(
    conn: &mut AnyConnection,
    account_id: &str,
    limited_only: bool,
) -> Result<BTreeMap<String, SeatUsage>> {
    let mut usage: BTreeMap<String, SeatUsage> = BTreeMap::new();
    let rows = sqlx::query("SELECT product, seats FROM seats WHERE account_id = $1")
        .bind(account_id.to_string())
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let seats: i64 = row.try_get("seats")?;
        usage.entry(row.try_get("product")?).or_default().limit = Some(seats as u32);
    }
    if limited_only && usage.is_empty() {
        return Ok(usage);
    }
    for (product, used) in counts::seats_used(conn, account_id).await? {
        if limited_only && !usage.contains_key(&product) {
            continue;
        }
        usage.entry(product).or_default().used = used as u32;
    }
    Ok(usage)
}

pub async fn count_active_admins(conn: &mut AnyConnection, account_id: &str) -> Result<u32> {
    let filter = CountFilter {
        status: Some(Status::Active),
        role: Some(Role::Admin),
        product: None,
    };
    Ok(counts::count(conn, account_id, &filter).await? as u32)
}

pub async fn started_products(conn: &mut AnyConnection, user_id: &str) -> Result<BTreeSet<String>> {
    let rows = sqlx::query("SELECT product FROM getting_started_sent WHERE user_id = $1")
        .bind(user_id.to_string())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok(r.try_get("product")?)).collect()
}

pub async fn record_started(
    conn: &mut AnyConnection,
    user_id: &str,
    product: &str,
    at: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO getting_started_sent (user_id, product, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(user_id.to_string())
        .bind(product.to_string())
        .bind(at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes for good the users deleted before `cutoff`; answers the purged (account, user) pairs.
pub async fn purge_deleted_before(
    conn: &mut AnyConnection,
    cutoff: i64,
) -> Result<Vec<(String, String)>> {
    counts::forget_where(
        conn,
        "u.deleted_at IS NOT NULL AND u.deleted_at < $1",
        cutoff,
    )
    .await?;
    let rows = sqlx::query("DELETE FROM users WHERE deleted_at IS NOT NULL AND deleted_at < $1 RETURNING account_id, id")
        .bind(cutoff)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("account_id")?, r.try_get("id")?)))
        .collect()
}

/// Which uniqueness rule of users a refused write broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// One email per account.
    Email,
    /// One SCIM userName per account.
    UserName,
}

/// The rule a unique violation broke, if the error is one on users.
pub fn taken(e: &StoreError) -> Option<Taken> {
    let StoreError::Database(sqlx::Error::Database(db)) = e else {
        return None;
    };
    if !db.is_unique_violation() {
        return None;
    }
    // PostgreSQL names the constraint; SQLite names the columns in its message.
    let what = format!("{} {}", db.constraint().unwrap_or(""), db.message());
    if what.contains("user_name_key") {
        Some(Taken::UserName)
    } else if what.contains("email") {
        Some(Taken::Email)
    } else {
        None
    }
}

/// What the access check needs to know of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessFacts {
    pub user_id: String,
    pub email_lower: String,
    pub status: Status,
    pub products: BTreeSet<String>,
}

/// The access facts of a user of the account, found by id or (`by_email`) by lowercased
/// email: one query, for the hot path.
pub async fn access_facts(
    conn: &mut AnyConnection,
    account_id: &str,
    key: &str,
    by_email: bool,
) -> Result<Option<AccessFacts>> {
    let column = if by_email { "email_lower" } else { "id" };
    let sql = format!(
        "SELECT u.id AS id, u.email_lower AS email_lower, u.status AS status, p.product AS product \
         FROM users u LEFT JOIN user_products p ON p.user_id = u.id WHERE u.account_id = $1 AND u.{column} = $2"
    );
    let rows = sqlx::query(&sql)
        .bind(account_id.to_string())
        .bind(key.to_string())
        .fetch_all(&mut *conn)
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let status: String = first.try_get("status")?;
    let mut facts = AccessFacts {
        user_id: first.try_get("id")?,
        email_lower: first.try_get("email_lower")?,
        status: Status::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status '{status}'")))?,
        products: BTreeSet::new(),
    };
    for r in &rows {
        if let Some(p) = r.try_get::<Option<String>, _>("product")? {
            facts.products.insert(p);
        }
    }
    Ok(Some(facts))
}

/// Fills the folded keys of up to `batch` rows written before they existed (migration
/// 0012), in one statement; answers how many it filled. SQL cannot fold as Rust does, so
/// the store runs this at start until it answers 0.
pub(crate) async fn refold_batch(conn: &mut AnyConnection, batch: usize) -> Result<usize> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE name_key IS NULL LIMIT {}",
        batch.max(1)
    );
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let users = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    let values = (0..users.len())
        .map(|i| format!("({})", placeholders(i * 5 + 1, 5)))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "WITH k(id, email_key, user_name_key, name_key, search_text) AS (VALUES {values}) \
         UPDATE users SET email_lower = k.email_key, user_name_key = k.user_name_key, \
         name_key = k.name_key, search_text = k.search_text FROM k WHERE users.id = k.id"
    );
    let mut q = sqlx::query(&sql);
    for u in &users {
        let keys = Keys::of(u);
        q = q
            .bind(u.id.clone())
            .bind(keys.email_key)
            .bind(keys.user_name_key)
            .bind(keys.name_key)
            .bind(keys.search_text);
    }
    q.execute(&mut *conn).await?;
    Ok(users.len())
}

/// SQLite: whether the account holds an eighth of all the users or more (by the kept
/// counts), so that reading the whole table in its own order costs less than finding the
/// account's rows by an index, one random read each (a million users: 0.5 s scanned,
/// 3-7 s by the index, which the planner, without statistics, takes).
async fn holds_most(conn: &mut AnyConnection, account_id: &str) -> Result<bool> {
    let (account, all): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN account_id = $1 THEN n ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM user_counts WHERE product = ''",
    )
    .bind(account_id.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(account.saturating_mul(8) >= all)
}

/// One user as the access snapshot holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRow {
    pub user_id: String,
    pub email_lower: String,
    pub status: Status,
    pub last_use: Option<i64>,
}

/// Every user of the account (deleted ones included) and then every (user, product) pair,
/// streamed to the callbacks rather than held: a million rows load without a copy.
pub async fn stream_access(
    conn: &mut AnyConnection,
    account_id: &str,
    mut user: impl FnMut(AccessRow),
    mut product: impl FnMut(&str, &str),
) -> Result<()> {
    use futures_util::TryStreamExt;
    let from = match dialect_of(conn) == Dialect::Sqlite && holds_most(conn, account_id).await? {
        true => "users NOT INDEXED",
        false => "users",
    };
    {
        let sql = format!(
            "SELECT id, email_lower, status, last_sign_in_at FROM {from} WHERE account_id = $1"
        );
        let mut rows = sqlx::query(&sql)
            .bind(account_id.to_string())
            .fetch(&mut *conn);
        while let Some(r) = rows.try_next().await? {
            let status: String = r.try_get("status")?;
            user(AccessRow {
                user_id: r.try_get("id")?,
                email_lower: r.try_get("email_lower")?,
                status: Status::parse(&status)
                    .ok_or_else(|| StoreError::Corrupt(format!("status '{status}'")))?,
                last_use: r.try_get("last_sign_in_at")?,
            });
        }
    }
    let mut rows = sqlx::query("SELECT user_id, product FROM user_products WHERE account_id = $1")
        .bind(account_id.to_string())
        .fetch(&mut *conn);
    while let Some(r) = rows.try_next().await? {
        let (u, p): (String, String) = (r.try_get("user_id")?, r.try_get("product")?);
        product(&u, &p);
    }
    Ok(())
}
