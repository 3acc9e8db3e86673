//! Attribute expressions (`domain::query::Expr`) as SQL conditions over `users`: every
//! value bound, strings compared ignoring case through the folded key columns (or
//! `lower(...)` where no key is stored), ids exactly, LIKE
//! wildcards escaped. Every expression compiles: the domain type admits only well-typed
//! comparisons, so an edge refuses the rest before it gets here.

use super::{holds_product, like_escape, Arg, Dialect, Sql};
use crate::domain::query::{Expr, Order, Pattern, ProductTest, TextAttr, TextTest, TimeAttr};

/// The column of a text attribute and whether it already holds lower case.
fn text_column(attr: TextAttr) -> (&'static str, bool) {
    match attr {
        TextAttr::UserName => ("user_name_key", true),
        TextAttr::Email => ("email_lower", true),
        // The two names folded, cut from the name key ("last first", folded in Rust):
        // SQLite's lower() folds ASCII only. Folding keeps a name's length in characters
        // (bar a few letters such as the Turkish İ), so the cut falls between the two.
        TextAttr::FirstName => (
            "substr(name_key, length(name_key) - length(first_name) + 1)",
            true,
        ),
        TextAttr::LastName => ("substr(name_key, 1, length(last_name))", true),
        TextAttr::ExternalId => ("COALESCE(external_id, '')", false),
        TextAttr::Id => ("id", false),
        TextAttr::Locale => ("locale", true),
        TextAttr::Role => ("role", true),
    }
}

fn time_column(attr: TimeAttr) -> &'static str {
    match attr {
        TimeAttr::Created => "created_at",
        TimeAttr::Modified => "updated_at",
    }
}

fn sql_op(op: Order) -> &'static str {
    match op {
        Order::Eq => "=",
        Order::Ne => "<>",
        Order::Gt => ">",
        Order::Ge => ">=",
        Order::Lt => "<",
        Order::Le => "<=",
    }
}

fn like_pattern(p: Pattern, v: &str) -> String {
    let e = like_escape(v);
    match p {
        Pattern::Contains => format!("%{e}%"),
        Pattern::StartsWith => format!("{e}%"),
        Pattern::EndsWith => format!("%{e}"),
    }
}

/// The folded start every name key matching `test` on the family name has (the key is
/// "last first", folded): for equality and starts-with, the only tests a range answers.
fn family_name_prefix(attr: TextAttr, test: &TextTest) -> Option<String> {
    if attr != TextAttr::LastName {
        return None;
    }
    let v = match test {
        TextTest::Order(Order::Eq, v) | TextTest::Like(Pattern::StartsWith, v) => v,
        _ => return None,
    };
    let prefix = crate::domain::fold::fold(v);
    (!prefix.is_empty()).then_some(prefix)
}

/// Whether every user `e` selects has a name key in a family name's range (see
/// `family_name_prefix`): its users are found by that range, whatever the order.
pub(super) fn within_name_range(e: &Expr) -> bool {
    match e {
        Expr::Text(attr, test) => family_name_prefix(*attr, test).is_some(),
        Expr::And(a, b) => within_name_range(a) || within_name_range(b),
        _ => false,
    }
}

/// The folded text every user matching `test` on the given name has in their search
/// text, when it is long enough for the trigram index.
fn given_name_text(attr: TextAttr, test: &TextTest) -> Option<String> {
    if attr != TextAttr::FirstName {
        return None;
    }
    let v = match test {
        TextTest::Order(Order::Eq, v) | TextTest::Like(_, v) => v,
        _ => return None,
    };
    let text = crate::domain::fold::fold(v);
    (text.chars().count() >= super::TRIGRAM).then_some(text)
}

/// The condition for `e`, binding its values into `sql`.
pub(super) fn compile(sql: &mut Sql, d: Dialect, e: &Expr) -> String {
    match e {
        Expr::All => "(1 = 1)".into(),
        Expr::And(a, b) => format!("({} AND {})", compile(sql, d, a), compile(sql, d, b)),
        Expr::Or(a, b) => format!("({} OR {})", compile(sql, d, a), compile(sql, d, b)),
        Expr::Not(a) => format!("(NOT {})", compile(sql, d, a)),
        Expr::Present(attr) => {
            let c = match attr {
                TextAttr::FirstName => "first_name",
                TextAttr::LastName => "last_name",
                _ => text_column(*attr).0,
            };
            format!("({c} IS NOT NULL AND {c} <> '')")
        }
        Expr::Text(attr, test) => {
            let (c, lowered) = text_column(*attr);
            let (lhs, fold): (String, bool) = if attr.is_exact() {
                (c.to_string(), false)
            } else if lowered {
                (c.to_string(), true)
            } else {
                (format!("lower({c})"), true)
            };
            let value = |v: &str| {
                if fold {
                    crate::domain::fold::fold(v)
                } else {
                    v.to_string()
                }
            };
            let cond = match test {
                TextTest::Order(op, v) => {
                    let n = sql.bind(Arg::Str(value(v)));
                    format!("({lhs} {} {n})", sql_op(*op))
                }
                TextTest::Like(p, v) => {
                    let n = sql.bind(Arg::Str(like_pattern(*p, &value(v))));
                    format!("({lhs} LIKE {n} ESCAPE '\\')")
                }
            };
            // The same test, narrowed by a condition every match meets that an index
            // answers (at a million users a SCIM name filter walked every user, seconds).
            // True wherever the test is, even under NOT: it holds whenever the test does.
            if let Some(prefix) = family_name_prefix(*attr, test) {
                // The name key ("last first") starts with the family name.
                let (lo, hi) = super::bind_prefix(sql, &prefix);
                format!("({cond} AND name_key >= {lo} AND name_key < {hi})")
            } else if let Some(text) = given_name_text(*attr, test) {
                // "first last" is a line of the folded search text.
                format!("({cond} AND {})", super::contains(sql, d, &text))
            } else {
                cond
            }
        }
        Expr::Active(true) => "(status = 'active')".into(),
        Expr::Active(false) => "(status <> 'active')".into(),
        Expr::Time(attr, op, ms) => {
            let n = sql.bind(Arg::Int(*ms));
            format!("({} {} {n})", time_column(*attr), sql_op(*op))
        }
        Expr::Product(ProductTest::Any) => format!("{})", holds_product(d)),
        Expr::Product(ProductTest::Is(key)) => {
            let n = sql.bind(Arg::Str(key.clone()));
            format!("({} AND p.product = {n}))", holds_product(d))
        }
        Expr::Product(ProductTest::Like(p, v)) => {
            let n = sql.bind(Arg::Str(like_pattern(*p, v)));
            format!("({} AND p.product LIKE {n} ESCAPE '\\'))", holds_product(d))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn compiled(e: &Expr) -> (String, Vec<Arg>) {
        let mut sql = Sql::default();
        // `$1` is the account in a real query.
        sql.bind(Arg::Str("account".into()));
        let text = compile(&mut sql, Dialect::Postgres, e);
        (text, sql.args.split_off(1))
    }

    fn text_attr() -> impl Strategy<Value = TextAttr> {
        prop::sample::select(vec![
            TextAttr::UserName,
            TextAttr::Email,
            TextAttr::FirstName,
            TextAttr::LastName,
            TextAttr::ExternalId,
            TextAttr::Id,
            TextAttr::Locale,
            TextAttr::Role,
        ])
    }

    fn leaf() -> impl Strategy<Value = Expr> {
        let value = "[a-zA-Z0-9@%_'\\\\ -]{0,12}";
        prop_oneof![
            (text_attr(), value).prop_map(|(a, v)| Expr::Text(a, TextTest::Order(Order::Eq, v))),
            (text_attr(), value)
                .prop_map(|(a, v)| Expr::Text(a, TextTest::Like(Pattern::Contains, v))),
            text_attr().prop_map(Expr::Present),
            any::<bool>().prop_map(Expr::Active),
            any::<i64>().prop_map(|t| Expr::Time(TimeAttr::Created, Order::Gt, t)),
            value.prop_map(|v| Expr::Product(ProductTest::Like(Pattern::EndsWith, v))),
            value.prop_map(|v| Expr::Product(ProductTest::Is(v))),
        ]
    }

    fn expr() -> impl Strategy<Value = Expr> {
        leaf().prop_recursive(4, 16, 2, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::and(a, b)),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::or(a, b)),
                inner.prop_map(Expr::not),
            ]
        })
    }

    proptest! {
        /// Whatever the expression, no value reaches the SQL text: every one is bound.
        #[test]
        fn every_value_is_bound(e in expr()) {
            let (sql, args) = compiled(&e);
            prop_assert!(!sql.contains('%'), "a pattern reached the SQL text: {}", sql);
            prop_assert!(!sql.contains('@'), "a value reached the SQL text: {}", sql);
            prop_assert_eq!(sql.matches('$').count(), args.len());
        }
    }

    #[test]
    fn compiles_with_bound_values_only() {
        let e = Expr::or(
            Expr::text_eq(TextAttr::UserName, "Bob@X.com"),
            Expr::not(Expr::Text(
                TextAttr::LastName,
                TextTest::Like(Pattern::StartsWith, "O'B_".into()),
            )),
        );
        let (sql, args) = compiled(&e);
        assert_eq!(
            sql,
            "((user_name_key = $2) OR (NOT ((substr(name_key, 1, length(last_name)) LIKE $3 ESCAPE '\\') AND name_key >= $4 AND name_key < $5)))"
        );
        assert_eq!(
            args,
            vec![
                Arg::Str("bob@x.com".into()),
                Arg::Str("o'b\\_%".into()),
                Arg::Str("o'b_".into()),
                Arg::Str(format!("o'b_{}", char::MAX)),
            ]
        );
    }

    #[test]
    fn ids_compare_exactly() {
        let (sql, args) = compiled(&Expr::text_eq(TextAttr::ExternalId, "AbC"));
        assert_eq!(sql, "(COALESCE(external_id, '') = $2)");
        assert_eq!(args, vec![Arg::Str("AbC".into())]);
    }

    #[test]
    fn products_active_and_times() {
        let e = Expr::and(
            Expr::and(
                Expr::Product(ProductTest::Is("meeting".into())),
                Expr::Active(true),
            ),
            Expr::Time(TimeAttr::Created, Order::Gt, 1_577_836_800_000),
        );
        let (sql, args) = compiled(&e);
        assert!(sql.contains(
            "EXISTS (SELECT 1 FROM user_products p WHERE p.user_id = users.id \
             AND p.account_id = users.account_id AND p.product = $2)"
        ));
        assert!(sql.contains("(status = 'active')"));
        assert!(sql.contains("(created_at > $3)"));
        assert_eq!(args[1], Arg::Int(1_577_836_800_000));
    }
}
