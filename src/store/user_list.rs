//! Listing an account's users: filters, search, sorting and keyset paging.

use sqlx::AnyConnection;

use super::users::{from_row, with_products, UserRecord, COLUMNS};
use super::Result;
use crate::domain::{Role, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Email,
    Name,
    Created,
}

impl SortKey {
    pub fn parse(s: &str) -> Option<SortKey> {
        match s {
            "email" => Some(SortKey::Email),
            "name" => Some(SortKey::Name),
            "created" => Some(SortKey::Created),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Email => "email",
            SortKey::Name => "name",
            SortKey::Created => "created",
        }
    }
    fn expr(self) -> &'static str {
        match self {
            SortKey::Email => "email_lower",
            SortKey::Name => "lower(last_name || ' ' || first_name)",
            SortKey::Created => "created_at",
        }
    }
    /// The sort value of a user, as the cursor carries it.
    pub fn value_of(self, u: &UserRecord) -> String {
        match self {
            SortKey::Email => u.email.to_lowercase(),
            SortKey::Name => format!("{} {}", u.last_name, u.first_name).to_lowercase(),
            SortKey::Created => u.created_at.to_string(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub status: Option<Status>,
    pub role: Option<Role>,
    pub product: Option<String>,
    pub q: Option<String>,
    pub sort: SortKey,
    /// Keyset position: (sort value, id) of the last user of the previous page.
    pub after: Option<(String, String)>,
}

fn push_filters(f: &UserFilter, sql: &mut String, args: &mut Vec<String>) {
    match f.status {
        Some(Status::Deleted) => sql.push_str(" AND deleted_at IS NOT NULL"),
        Some(s) => {
            args.push(s.as_str().to_string());
            sql.push_str(&format!(" AND status = ${}", args.len()));
        }
        None => sql.push_str(" AND deleted_at IS NULL"),
    }
    if let Some(role) = f.role {
        args.push(role.as_str().to_string());
        sql.push_str(&format!(" AND role = ${}", args.len()));
    }
    if let Some(product) = &f.product {
        args.push(product.clone());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM user_products p WHERE p.user_id = users.id AND p.product = ${})",
            args.len()
        ));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let escaped = q
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        args.push(format!("%{escaped}%"));
        let n = args.len();
        sql.push_str(&format!(
            " AND (email_lower LIKE ${n} ESCAPE '\\' OR lower(first_name || ' ' || last_name) LIKE ${n} ESCAPE '\\' \
             OR lower(last_name || ' ' || first_name) LIKE ${n} ESCAPE '\\')"
        ));
    }
}

/// One page of the account's users, in keyset order; asks for `limit` rows.
pub async fn list(
    conn: &mut AnyConnection,
    account_id: &str,
    f: &UserFilter,
    limit: u32,
) -> Result<Vec<UserRecord>> {
    let mut args = vec![account_id.to_string()];
    let mut sql = format!("SELECT {COLUMNS} FROM users WHERE account_id = $1");
    push_filters(f, &mut sql, &mut args);
    let expr = f.sort.expr();
    let created = f.sort == SortKey::Created;
    let mut after_num = None;
    if let Some((value, id)) = &f.after {
        if created {
            after_num = Some(value.parse::<i64>().unwrap_or(i64::MIN));
            args.push(id.clone());
            let n = args.len();
            sql.push_str(&format!(
                " AND (created_at > $PLACEHOLDER OR (created_at = $PLACEHOLDER AND id > ${n}))"
            ));
        } else {
            args.push(value.clone());
            args.push(id.clone());
            let (a, b) = (args.len() - 1, args.len());
            sql.push_str(&format!(
                " AND ({expr} > ${a} OR ({expr} = ${a} AND id > ${b}))"
            ));
        }
    }
    sql.push_str(&format!(" ORDER BY {expr}, id LIMIT {limit}"));
    // Integers bind after the strings so the string placeholders above stay in order.
    if after_num.is_some() {
        sql = sql.replace("$PLACEHOLDER", &format!("${}", args.len() + 1));
    }
    let mut q = sqlx::query(&sql);
    for a in &args {
        q = q.bind(a.clone());
    }
    if let Some(n) = after_num {
        q = q.bind(n);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let users = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    with_products(conn, users).await
}

/// How many users the filter matches (ignoring the page position).
pub async fn count(conn: &mut AnyConnection, account_id: &str, f: &UserFilter) -> Result<u64> {
    let mut args = vec![account_id.to_string()];
    let mut sql = "SELECT COUNT(*) FROM users WHERE account_id = $1".to_string();
    push_filters(f, &mut sql, &mut args);
    let mut q = sqlx::query_scalar::<_, i64>(&sql);
    for a in &args {
        q = q.bind(a.clone());
    }
    Ok(q.fetch_one(&mut *conn).await? as u64)
}
