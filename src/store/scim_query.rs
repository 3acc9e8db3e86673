//! SCIM list queries: a parsed filter becomes a SQL condition over an allowlist of
//! attributes, with every value bound (`$N`, strings and integers only), strings compared
//! case-insensitively through `lower(...)` and LIKE wildcards escaped. An attribute or an
//! operator outside the allowlist is an error, never a silently wider result.

use sqlx::AnyConnection;

use super::users::{from_row, with_products, UserRecord, COLUMNS};
use super::Result;
use crate::scim::filter::{AttrPath, CompareOp, Filter, FilterError, Literal};

const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// A bound value.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Int(i64),
}

/// A SQL condition over `users` and its arguments, numbered from `$2` (`$1` is the account).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub sql: String,
    pub args: Vec<Arg>,
}

#[derive(Clone, Copy)]
enum Column {
    /// A text column; `lowered` when the column already holds lower case.
    Text {
        expr: &'static str,
        lowered: bool,
        exact: bool,
    },
    Active,
    Time(&'static str),
    Product,
}

fn column(path: &AttrPath, prefix: Option<&str>) -> std::result::Result<Column, FilterError> {
    if let Some(urn) = &path.urn {
        if !urn.eq_ignore_ascii_case(USER_SCHEMA) {
            return Err(FilterError(format!("filtering on {urn} is not supported")));
        }
    }
    let key = match prefix {
        Some(p) if path.sub.is_none() => format!("{p}.{}", path.name.to_ascii_lowercase()),
        Some(_) => {
            return Err(FilterError(
                "a value filter names sub-attributes only".into(),
            ))
        }
        None => path.key(),
    };
    let text = |expr, lowered, exact| {
        Ok(Column::Text {
            expr,
            lowered,
            exact,
        })
    };
    match key.as_str() {
        "username" => text("scim_user_name", true, false),
        "emails" | "emails.value" => text("email_lower", true, false),
        "name.givenname" => text("first_name", false, false),
        "name.familyname" => text("last_name", false, false),
        "externalid" => text("COALESCE(external_id, '')", false, true),
        "id" => text("id", false, true),
        "locale" | "preferredlanguage" => text("locale", true, false),
        "roles" | "roles.value" => text("role", true, false),
        "active" => Ok(Column::Active),
        "meta.created" => Ok(Column::Time("created_at")),
        "meta.lastmodified" => Ok(Column::Time("updated_at")),
        "entitlements" | "entitlements.value" => Ok(Column::Product),
        _ => Err(FilterError(format!(
            "filtering on '{key}' is not supported (userName, emails, name.givenName, name.familyName, \
             externalId, id, locale, preferredLanguage, roles, entitlements, active, meta.created, meta.lastModified)"
        ))),
    }
}

fn is_work_or_primary(p: &AttrPath, lit: &Literal) -> bool {
    let name = p.name.to_ascii_lowercase();
    match lit {
        Literal::Str(v) => name == "type" && v.eq_ignore_ascii_case("work"),
        Literal::Bool(b) => name == "primary" && *b,
        _ => false,
    }
}

fn like_pattern(op: CompareOp, v: &str) -> String {
    let e = v
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    match op {
        CompareOp::Co => format!("%{e}%"),
        CompareOp::Sw => format!("{e}%"),
        _ => format!("%{e}"),
    }
}

fn sql_op(op: CompareOp) -> &'static str {
    match op {
        CompareOp::Eq => "=",
        CompareOp::Ne => "<>",
        CompareOp::Gt => ">",
        CompareOp::Ge => ">=",
        CompareOp::Lt => "<",
        CompareOp::Le => "<=",
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => "LIKE",
    }
}

struct Builder {
    args: Vec<Arg>,
}

impl Builder {
    fn bind(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len() + 1)
    }

    fn filter(
        &mut self,
        f: &Filter,
        prefix: Option<&str>,
    ) -> std::result::Result<String, FilterError> {
        Ok(match f {
            Filter::And(a, b) => format!(
                "({} AND {})",
                self.filter(a, prefix)?,
                self.filter(b, prefix)?
            ),
            Filter::Or(a, b) => format!(
                "({} OR {})",
                self.filter(a, prefix)?,
                self.filter(b, prefix)?
            ),
            Filter::Not(a) => format!("(NOT {})", self.filter(a, prefix)?),
            Filter::ValuePath(p, inner) => {
                if prefix.is_some() || p.sub.is_some() {
                    return Err(FilterError("value filters do not nest".into()));
                }
                self.filter(inner, Some(&p.name.to_ascii_lowercase()))?
            }
            Filter::Present(p) => match column(p, prefix)? {
                Column::Text { expr, .. } => format!("({expr} IS NOT NULL AND {expr} <> '')"),
                Column::Active | Column::Time(_) => "(1 = 1)".into(),
                Column::Product => {
                    "EXISTS (SELECT 1 FROM user_products p WHERE p.user_id = users.id)".into()
                }
            },
            // Roster keeps one address, the user's work and primary one.
            Filter::Compare(p, CompareOp::Eq, lit)
                if prefix == Some("emails") && is_work_or_primary(p, lit) =>
            {
                "(1 = 1)".into()
            }
            Filter::Compare(p, op, lit) => self.compare(column(p, prefix)?, *op, lit, p)?,
        })
    }

    fn compare(
        &mut self,
        col: Column,
        op: CompareOp,
        lit: &Literal,
        p: &AttrPath,
    ) -> std::result::Result<String, FilterError> {
        let bad = || FilterError(format!("'{}' cannot be compared that way", p.key()));
        let like = matches!(op, CompareOp::Co | CompareOp::Sw | CompareOp::Ew);
        match col {
            Column::Text {
                expr,
                lowered,
                exact,
            } => {
                let Literal::Str(v) = lit else {
                    return Err(bad());
                };
                let (lhs, v) = match (exact, lowered) {
                    (true, _) => (expr.to_string(), v.clone()),
                    (false, true) => (expr.to_string(), v.to_lowercase()),
                    (false, false) => (format!("lower({expr})"), v.to_lowercase()),
                };
                if like {
                    let n = self.bind(Arg::Str(like_pattern(op, &v)));
                    Ok(format!("({lhs} LIKE {n} ESCAPE '\\')"))
                } else {
                    let n = self.bind(Arg::Str(v));
                    Ok(format!("({lhs} {} {n})", sql_op(op)))
                }
            }
            Column::Active => {
                let want = match lit {
                    Literal::Bool(b) => *b,
                    Literal::Str(s) if s.eq_ignore_ascii_case("true") => true,
                    Literal::Str(s) if s.eq_ignore_ascii_case("false") => false,
                    _ => return Err(bad()),
                };
                let positive = match op {
                    CompareOp::Eq => want,
                    CompareOp::Ne => !want,
                    _ => return Err(bad()),
                };
                Ok(if positive {
                    "(status = 'active')"
                } else {
                    "(status <> 'active')"
                }
                .into())
            }
            Column::Time(c) => {
                let Literal::Str(v) = lit else {
                    return Err(bad());
                };
                if like {
                    return Err(bad());
                }
                let t =
                    time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339)
                        .map_err(|_| FilterError(format!("'{v}' is not an RFC 3339 date-time")))?;
                let ms = (t.unix_timestamp_nanos() / 1_000_000) as i64;
                let n = self.bind(Arg::Int(ms));
                Ok(format!("({c} {} {n})", sql_op(op)))
            }
            Column::Product => {
                let Literal::Str(v) = lit else {
                    return Err(bad());
                };
                let (cond, negate) = match op {
                    CompareOp::Eq => (
                        format!("p.product = {}", self.bind(Arg::Str(v.clone()))),
                        false,
                    ),
                    CompareOp::Ne => (
                        format!("p.product = {}", self.bind(Arg::Str(v.clone()))),
                        true,
                    ),
                    _ if like => {
                        let n = self.bind(Arg::Str(like_pattern(op, v)));
                        (format!("p.product LIKE {n} ESCAPE '\\'"), false)
                    }
                    _ => return Err(bad()),
                };
                let not = if negate { "NOT " } else { "" };
                Ok(format!(
                    "({not}EXISTS (SELECT 1 FROM user_products p WHERE p.user_id = users.id AND {cond}))"
                ))
            }
        }
    }
}

/// Translates a filter; the condition's placeholders start at `$2`.
pub fn translate(f: &Filter) -> std::result::Result<Condition, FilterError> {
    let mut b = Builder { args: Vec::new() };
    let sql = b.filter(f, None)?;
    Ok(Condition { sql, args: b.args })
}

fn query_sql(select: &str, c: Option<&Condition>) -> String {
    let mut sql =
        format!("SELECT {select} FROM users WHERE account_id = $1 AND deleted_at IS NULL");
    if let Some(c) = c {
        sql.push_str(" AND ");
        sql.push_str(&c.sql);
    }
    sql
}

/// One page of the account's (not deleted) users matching `c`, oldest first.
pub async fn page(
    conn: &mut AnyConnection,
    account_id: &str,
    c: Option<&Condition>,
    offset: u64,
    limit: u32,
) -> Result<Vec<UserRecord>> {
    let mut sql = query_sql(COLUMNS, c);
    sql.push_str(&format!(
        " ORDER BY created_at, id LIMIT {limit} OFFSET {offset}"
    ));
    let mut q = sqlx::query(&sql).bind(account_id.to_string());
    for a in c.map(|c| c.args.as_slice()).unwrap_or_default() {
        q = match a {
            Arg::Str(s) => q.bind(s.clone()),
            Arg::Int(i) => q.bind(*i),
        };
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let users = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    with_products(conn, users).await
}

/// How many of the account's users match `c`.
pub async fn count(
    conn: &mut AnyConnection,
    account_id: &str,
    c: Option<&Condition>,
) -> Result<u64> {
    let sql = query_sql("COUNT(*)", c);
    let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(account_id.to_string());
    for a in c.map(|c| c.args.as_slice()).unwrap_or_default() {
        q = match a {
            Arg::Str(s) => q.bind(s.clone()),
            Arg::Int(i) => q.bind(*i),
        };
    }
    Ok(q.fetch_one(&mut *conn).await? as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::filter::parse;
    use proptest::prelude::*;

    proptest! {
        /// Whatever parses translates or is refused, never panics, and binds every value.
        #[test]
        fn translation_is_total_and_binds_values(
            attr in prop::sample::select(vec!["userName", "emails.value", "name.givenName", "externalId",
                "active", "entitlements", "roles.value", "meta.created", "title"]),
            op in prop::sample::select(vec!["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]),
            value in "[a-zA-Z0-9@%_'\\ -]{0,12}",
        ) {
            let text = format!("{attr} {op} \"{value}\" or not ({attr} pr)");
            let f = parse(&text).unwrap();
            if let Ok(c) = translate(&f) {
                prop_assert!(!c.sql.contains('%'), "a pattern reached the SQL text: {}", c.sql);
                prop_assert_eq!(c.sql.matches('$').count(), c.args.len());
            }
        }
    }

    #[test]
    fn translates_with_bound_values_only() {
        let c = translate(
            &parse("userName eq \"Bob@X.com\" or not (name.familyName sw \"O'B_\")").unwrap(),
        )
        .unwrap();
        assert_eq!(
            c.sql,
            "((scim_user_name = $2) OR (NOT (lower(last_name) LIKE $3 ESCAPE '\\')))"
        );
        assert_eq!(
            c.args,
            vec![Arg::Str("bob@x.com".into()), Arg::Str("o'b\\_%".into())]
        );
    }

    #[test]
    fn maps_entitlements_active_and_dates() {
        let c = translate(&parse("entitlements[value eq \"meeting\"] and active eq true and meta.created gt \"2020-01-01T00:00:00Z\"").unwrap()).unwrap();
        assert!(c.sql.contains(
            "EXISTS (SELECT 1 FROM user_products p WHERE p.user_id = users.id AND p.product = $2)"
        ));
        assert!(c.sql.contains("(status = 'active')"));
        assert_eq!(c.args[1], Arg::Int(1_577_836_800_000));
    }

    #[test]
    fn entra_matches_on_the_work_email() {
        let c =
            translate(&parse("emails[type eq \"work\"].value eq \"A@B.com\"").unwrap()).unwrap();
        assert_eq!(c.sql, "((1 = 1) AND (email_lower = $2))");
    }

    #[test]
    fn refuses_what_is_not_allowlisted() {
        for bad in [
            "password eq \"x\"",
            "title eq \"x\"",
            "active gt true",
            "userName eq 3",
            "meta.created co \"2020\"",
            "urn:x:y:attr eq \"1\"",
            "emails[type eq \"home\"]",
        ] {
            assert!(translate(&parse(bad).unwrap()).is_err(), "{bad}");
        }
    }
}
