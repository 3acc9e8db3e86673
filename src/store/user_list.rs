//! Searching an account's users: the one compiler of a `UserQuery` (domain) into SQL, for
//! every channel's list. Filters, free text, attribute expressions, order and paging all
//! meet here, so a change of indexes or paging happens in this module alone.
//!
//! Entry point: [`search`].

mod expr;

use sqlx::AnyConnection;

use super::users::{from_row, with_products, UserRecord, COLUMNS};
use super::Result;
use crate::domain::query::{PageAt, Position, Sort, UserQuery};
use crate::domain::Status;

/// A bound value.
#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Str(String),
    Int(i64),
}

/// SQL text under construction with its bound values, numbered `$1`, `$2`, ... in order.
#[derive(Debug, Default)]
struct Sql {
    text: String,
    args: Vec<Arg>,
}

impl Sql {
    /// Binds a value; answers its placeholder.
    fn bind(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len())
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
}

/// One page of a search and how many users match over all pages.
#[derive(Debug, Clone)]
pub struct UserPage {
    pub users: Vec<UserRecord>,
    pub total: u64,
    /// With keyset paging, where the next page starts; `None` on the last page.
    pub next: Option<Position>,
}

fn sort_expr(sort: Sort) -> &'static str {
    match sort {
        Sort::Email => "email_lower",
        Sort::Name => "lower(last_name || ' ' || first_name)",
        Sort::Created => "created_at",
    }
}

/// The sort value of a user, as a position carries it.
fn position_of(sort: Sort, u: &UserRecord) -> Position {
    let value = match sort {
        Sort::Email => u.email.to_lowercase(),
        Sort::Name => format!("{} {}", u.last_name, u.first_name).to_lowercase(),
        Sort::Created => u.created_at.to_string(),
    };
    Position {
        value,
        id: u.id.clone(),
    }
}

/// Escapes LIKE's wildcards; patterns are written with `ESCAPE '\'`.
fn like_escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// `FROM users WHERE ...` for the account and the query (no order, no page).
fn push_where(sql: &mut Sql, account_id: &str, q: &UserQuery) {
    let account = sql.bind(Arg::Str(account_id.to_string()));
    sql.push(&format!(" FROM users WHERE account_id = {account}"));
    match q.status {
        Some(Status::Deleted) => sql.push(" AND deleted_at IS NOT NULL"),
        Some(s) => {
            let n = sql.bind(Arg::Str(s.as_str().to_string()));
            sql.push(&format!(" AND status = {n}"));
        }
        None => sql.push(" AND deleted_at IS NULL"),
    }
    if let Some(role) = q.role {
        let n = sql.bind(Arg::Str(role.as_str().to_string()));
        sql.push(&format!(" AND role = {n}"));
    }
    if let Some(product) = &q.product {
        let n = sql.bind(Arg::Str(product.clone()));
        sql.push(&format!(
            " AND EXISTS (SELECT 1 FROM user_products p WHERE p.user_id = users.id AND p.product = {n})"
        ));
    }
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let n = sql.bind(Arg::Str(format!("%{}%", like_escape(&text.to_lowercase()))));
        sql.push(&format!(
            " AND (email_lower LIKE {n} ESCAPE '\\' OR lower(first_name || ' ' || last_name) LIKE {n} ESCAPE '\\' \
             OR lower(last_name || ' ' || first_name) LIKE {n} ESCAPE '\\')"
        ));
    }
    if let Some(e) = &q.expr {
        let cond = expr::compile(sql, e);
        sql.push(" AND ");
        sql.push(&cond);
    }
}

async fn fetch_users(conn: &mut AnyConnection, sql: &Sql) -> Result<Vec<UserRecord>> {
    let mut query = sqlx::query(&sql.text);
    for a in &sql.args {
        query = match a {
            Arg::Str(s) => query.bind(s.clone()),
            Arg::Int(i) => query.bind(*i),
        };
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let users = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    with_products(conn, users).await
}

/// How many of the account's users the query matches.
pub async fn count(conn: &mut AnyConnection, account_id: &str, q: &UserQuery) -> Result<u64> {
    let mut sql = Sql::default();
    sql.push("SELECT COUNT(*)");
    push_where(&mut sql, account_id, q);
    let mut query = sqlx::query_scalar::<_, i64>(&sql.text);
    for a in &sql.args {
        query = match a {
            Arg::Str(s) => query.bind(s.clone()),
            Arg::Int(i) => query.bind(*i),
        };
    }
    Ok(query.fetch_one(&mut *conn).await? as u64)
}

/// One page of the account's users matching `q`, in the query's order (ties by id), at
/// most `limit` of them, and the total over all pages.
pub async fn search(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    at: &PageAt,
    limit: u32,
) -> Result<UserPage> {
    let total = count(conn, account_id, q).await?;
    if limit == 0 {
        return Ok(UserPage {
            users: Vec::new(),
            total,
            next: None,
        });
    }
    let mut sql = Sql::default();
    sql.push(&format!("SELECT {COLUMNS}"));
    push_where(&mut sql, account_id, q);
    let order = sort_expr(q.sort);
    match at {
        PageAt::After(after) => {
            if let Some(p) = after {
                let value = if q.sort == Sort::Created {
                    sql.bind(Arg::Int(p.value.parse::<i64>().unwrap_or(i64::MIN)))
                } else {
                    sql.bind(Arg::Str(p.value.clone()))
                };
                let id = sql.bind(Arg::Str(p.id.clone()));
                sql.push(&format!(
                    " AND ({order} > {value} OR ({order} = {value} AND id > {id}))"
                ));
            }
            // One more than asked tells whether another page follows.
            sql.push(&format!(" ORDER BY {order}, id LIMIT {}", limit as u64 + 1));
        }
        PageAt::Offset(offset) => {
            sql.push(&format!(
                " ORDER BY {order}, id LIMIT {limit} OFFSET {offset}"
            ));
        }
    }
    let mut users = fetch_users(conn, &sql).await?;
    let more = users.len() > limit as usize;
    users.truncate(limit as usize);
    let next = if more {
        users.last().map(|u| position_of(q.sort, u))
    } else {
        None
    };
    Ok(UserPage { users, total, next })
}
