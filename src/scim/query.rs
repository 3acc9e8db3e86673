//! SCIM filters (RFC 7644 §3.4.2.2) read into the domain's user query: an allowlist of
//! attributes, each comparison checked for its type. An attribute or an operator outside
//! the allowlist is an error, never a silently wider result.

use super::filter::{AttrPath, CompareOp, Filter, FilterError, Literal};
use crate::domain::query::{Expr, Order, Pattern, ProductTest, TextAttr, TextTest, TimeAttr};

const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

#[derive(Clone, Copy)]
enum Attr {
    Text(TextAttr),
    Active,
    Time(TimeAttr),
    Product,
}

fn attr(path: &AttrPath, prefix: Option<&str>) -> Result<Attr, FilterError> {
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
    Ok(match key.as_str() {
        "username" => Attr::Text(TextAttr::UserName),
        "emails" | "emails.value" => Attr::Text(TextAttr::Email),
        "name.givenname" => Attr::Text(TextAttr::FirstName),
        "name.familyname" => Attr::Text(TextAttr::LastName),
        "externalid" => Attr::Text(TextAttr::ExternalId),
        "id" => Attr::Text(TextAttr::Id),
        "locale" | "preferredlanguage" => Attr::Text(TextAttr::Locale),
        "roles" | "roles.value" => Attr::Text(TextAttr::Role),
        "active" => Attr::Active,
        "meta.created" => Attr::Time(TimeAttr::Created),
        "meta.lastmodified" => Attr::Time(TimeAttr::Modified),
        "entitlements" | "entitlements.value" => Attr::Product,
        _ => return Err(FilterError(format!(
            "filtering on '{key}' is not supported (userName, emails, name.givenName, name.familyName, \
             externalId, id, locale, preferredLanguage, roles, entitlements, active, meta.created, meta.lastModified)"
        ))),
    })
}

fn is_work_or_primary(p: &AttrPath, lit: &Literal) -> bool {
    let name = p.name.to_ascii_lowercase();
    match lit {
        Literal::Str(v) => name == "type" && v.eq_ignore_ascii_case("work"),
        Literal::Bool(b) => name == "primary" && *b,
        _ => false,
    }
}

/// `Ok(order)` for an ordering operator, `Err(pattern)` for a substring one.
fn split_op(op: CompareOp) -> Result<Order, Pattern> {
    match op {
        CompareOp::Eq => Ok(Order::Eq),
        CompareOp::Ne => Ok(Order::Ne),
        CompareOp::Gt => Ok(Order::Gt),
        CompareOp::Ge => Ok(Order::Ge),
        CompareOp::Lt => Ok(Order::Lt),
        CompareOp::Le => Ok(Order::Le),
        CompareOp::Co => Err(Pattern::Contains),
        CompareOp::Sw => Err(Pattern::StartsWith),
        CompareOp::Ew => Err(Pattern::EndsWith),
    }
}

fn expr(f: &Filter, prefix: Option<&str>) -> Result<Expr, FilterError> {
    Ok(match f {
        Filter::And(a, b) => Expr::and(expr(a, prefix)?, expr(b, prefix)?),
        Filter::Or(a, b) => Expr::or(expr(a, prefix)?, expr(b, prefix)?),
        Filter::Not(a) => Expr::not(expr(a, prefix)?),
        Filter::ValuePath(p, inner) => {
            if prefix.is_some() || p.sub.is_some() {
                return Err(FilterError("value filters do not nest".into()));
            }
            expr(inner, Some(&p.name.to_ascii_lowercase()))?
        }
        Filter::Present(p) => match attr(p, prefix)? {
            Attr::Text(t) => Expr::Present(t),
            Attr::Active | Attr::Time(_) => Expr::All,
            Attr::Product => Expr::Product(ProductTest::Any),
        },
        // Roster keeps one address, the user's work and primary one.
        Filter::Compare(p, CompareOp::Eq, lit)
            if prefix == Some("emails") && is_work_or_primary(p, lit) =>
        {
            Expr::All
        }
        Filter::Compare(p, op, lit) => compare(attr(p, prefix)?, *op, lit, p)?,
    })
}

fn compare(a: Attr, op: CompareOp, lit: &Literal, p: &AttrPath) -> Result<Expr, FilterError> {
    let bad = || FilterError(format!("'{}' cannot be compared that way", p.key()));
    match a {
        Attr::Text(t) => {
            let Literal::Str(v) = lit else {
                return Err(bad());
            };
            Ok(Expr::Text(
                t,
                match split_op(op) {
                    Ok(order) => TextTest::Order(order, v.clone()),
                    Err(pattern) => TextTest::Like(pattern, v.clone()),
                },
            ))
        }
        Attr::Active => {
            let want = match lit {
                Literal::Bool(b) => *b,
                Literal::Str(s) if s.eq_ignore_ascii_case("true") => true,
                Literal::Str(s) if s.eq_ignore_ascii_case("false") => false,
                _ => return Err(bad()),
            };
            match op {
                CompareOp::Eq => Ok(Expr::Active(want)),
                CompareOp::Ne => Ok(Expr::Active(!want)),
                _ => Err(bad()),
            }
        }
        Attr::Time(t) => {
            let Literal::Str(v) = lit else {
                return Err(bad());
            };
            let order = split_op(op).map_err(|_| bad())?;
            let at = time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339)
                .map_err(|_| FilterError(format!("'{v}' is not an RFC 3339 date-time")))?;
            Ok(Expr::Time(
                t,
                order,
                (at.unix_timestamp_nanos() / 1_000_000) as i64,
            ))
        }
        Attr::Product => {
            let Literal::Str(v) = lit else {
                return Err(bad());
            };
            match split_op(op) {
                Ok(Order::Eq) => Ok(Expr::Product(ProductTest::Is(v.clone()))),
                Ok(Order::Ne) => Ok(Expr::not(Expr::Product(ProductTest::Is(v.clone())))),
                Ok(_) => Err(bad()),
                Err(pattern) => Ok(Expr::Product(ProductTest::Like(pattern, v.clone()))),
            }
        }
    }
}

/// The domain expression a parsed filter asks for.
pub fn to_expr(f: &Filter) -> Result<Expr, FilterError> {
    expr(f, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::filter::parse;
    use proptest::prelude::*;

    proptest! {
        /// Whatever parses translates or is refused, never panics.
        #[test]
        fn translation_is_total(
            attr in prop::sample::select(vec!["userName", "emails.value", "name.givenName", "externalId",
                "active", "entitlements", "roles.value", "meta.created", "title"]),
            op in prop::sample::select(vec!["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]),
            value in "[a-zA-Z0-9@%_'\\ -]{0,12}",
        ) {
            let text = format!("{attr} {op} \"{value}\" or not ({attr} pr)");
            let f = parse(&text).unwrap();
            let _ = to_expr(&f);
        }
    }

    #[test]
    fn translates_comparisons() {
        let e = to_expr(
            &parse("userName eq \"Bob@X.com\" or not (name.familyName sw \"O'B_\")").unwrap(),
        )
        .unwrap();
        assert_eq!(
            e,
            Expr::or(
                Expr::text_eq(TextAttr::UserName, "Bob@X.com"),
                Expr::not(Expr::Text(
                    TextAttr::LastName,
                    TextTest::Like(Pattern::StartsWith, "O'B_".into())
                ))
            )
        );
    }

    #[test]
    fn maps_entitlements_active_and_dates() {
        let e = to_expr(&parse("entitlements[value eq \"meeting\"] and active eq true and meta.created gt \"2020-01-01T00:00:00Z\"").unwrap()).unwrap();
        assert_eq!(
            e,
            Expr::and(
                Expr::and(
                    Expr::Product(ProductTest::Is("meeting".into())),
                    Expr::Active(true)
                ),
                Expr::Time(TimeAttr::Created, Order::Gt, 1_577_836_800_000)
            )
        );
        assert_eq!(
            to_expr(&parse("active ne \"True\"").unwrap()).unwrap(),
            Expr::Active(false)
        );
    }

    #[test]
    fn entra_matches_on_the_work_email() {
        let e = to_expr(&parse("emails[type eq \"work\"].value eq \"A@B.com\"").unwrap()).unwrap();
        assert_eq!(
            e,
            Expr::and(Expr::All, Expr::text_eq(TextAttr::Email, "A@B.com"))
        );
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
            "entitlements gt \"a\"",
        ] {
            assert!(to_expr(&parse(bad).unwrap()).is_err(), "{bad}");
        }
    }
}
