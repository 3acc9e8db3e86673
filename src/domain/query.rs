//! A search over an account's users, as every channel asks it: the API's and the portal's
//! list filters, and SCIM's attribute comparisons. Each edge translates its own syntax into
//! this one type; the store compiles it to SQL. Pure data: no SQL, no HTTP.

use super::{Role, Status};

/// Which users, in which order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserQuery {
    /// `None`: every user that is not deleted; `Deleted` lists only the deleted ones.
    pub status: Option<Status>,
    pub role: Option<Role>,
    /// A product key the user must have.
    pub product: Option<String>,
    /// Free text matched against the email and the name (either order), ignoring case.
    pub text: Option<String>,
    /// Attribute comparisons (SCIM filters), on top of the fields above.
    pub expr: Option<Expr>,
    pub sort: Sort,
    /// Which way `sort` runs (ties by id run the same way).
    pub direction: Direction,
    /// Only users with no use of access (portal sign-in, allowed access check) since this
    /// time, Unix ms; one who never used it counts from their creation.
    pub inactive_since: Option<i64>,
}

impl UserQuery {
    /// The account's users (not deleted) matching `expr`.
    pub fn matching(expr: Expr) -> UserQuery {
        UserQuery {
            expr: Some(expr),
            ..UserQuery::default()
        }
    }

    /// `matching`, with an `active` comparison that every match must pass (the filter's
    /// own, or one and-ed with the rest) taken as the status it is: a user not deleted is
    /// active or suspended. The status is what the lists' indexes and the kept counts
    /// answer; SCIM's `active eq false` as an expression walked the suspended users to
    /// test each row and counted them the same way (0.1 s at a million users).
    pub fn matching_status(expr: Expr) -> UserQuery {
        let mut parts = Vec::new();
        expr.clone().into_conjuncts(&mut parts);
        let actives: Vec<bool> = parts
            .iter()
            .filter_map(|e| match e {
                Expr::Active(a) => Some(*a),
                _ => None,
            })
            .collect();
        let [active] = actives[..] else {
            // None, or several (`active eq true and active eq false` selects nobody,
            // which the expression already says).
            return UserQuery::matching(expr);
        };
        parts.retain(|e| !matches!(e, Expr::Active(_)));
        UserQuery {
            status: Some(match active {
                true => Status::Active,
                false => Status::Suspended,
            }),
            expr: (!parts.is_empty()).then(|| Expr::all_of(parts)),
            ..UserQuery::default()
        }
    }
}

/// The order of a list; ties are broken by id so that paging is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Email,
    /// Last name, then first name.
    Name,
    /// Oldest first.
    Created,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "email" => Some(Sort::Email),
            "name" => Some(Sort::Name),
            "created" => Some(Sort::Created),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Email => "email",
            Sort::Name => "name",
            Sort::Created => "created",
        }
    }
}

/// Which way a list runs: ascending (`sort=name`) or descending (`sort=-name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    Ascending,
    Descending,
}

/// A sort order as a list's `sort` parameter writes it: the key, `-` in front for
/// descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SortOrder {
    pub sort: Sort,
    pub direction: Direction,
}

impl SortOrder {
    pub fn parse(s: &str) -> Option<SortOrder> {
        let (direction, key) = match s.strip_prefix('-') {
            Some(key) => (Direction::Descending, key),
            None => (Direction::Ascending, s),
        };
        Some(SortOrder {
            sort: Sort::parse(key)?,
            direction,
        })
    }

    /// `name` or `-name`: what `parse` reads back.
    pub fn as_param(self) -> String {
        match self.direction {
            Direction::Ascending => self.sort.as_str().to_string(),
            Direction::Descending => format!("-{}", self.sort.as_str()),
        }
    }
}

impl UserQuery {
    /// Whether the filters contradict the rules: a suspended user is a member holding no
    /// product (`Status::derive`), so suspended users with another role or a product
    /// are nobody. The store answers such a query without looking (at a million users,
    /// `status=suspended&product=meeting` read every suspended user: 0.3-0.6 s).
    pub fn selects_nobody(&self) -> bool {
        self.status == Some(Status::Suspended)
            && (self.product.is_some() || self.role.is_some_and(|r| r != Role::Member))
    }

    pub fn order(&self) -> SortOrder {
        SortOrder {
            sort: self.sort,
            direction: self.direction,
        }
    }
}

/// How many users a query selects over all its pages. Counting a million rows per page is
/// what made lists slow, so a list knows the number exactly only when the counts the
/// change path keeps answer it (plain status, role and product filters); otherwise it
/// counts up to a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    Exact(u64),
    /// More than this many (the count stopped there).
    MoreThan(u64),
}

impl Total {
    /// Past this many matches an attribute search stops counting.
    pub const BOUND: u64 = 10_000;
    /// Past this many a free-text search stops: a text in many names ("mar", "smith")
    /// is narrowed by typing more, not by reading a count of tens of thousands, and each
    /// counted match is a row read (at a million users, ten thousand of them took most of
    /// a search's time).
    pub const TEXT_BOUND: u64 = 1_000;

    /// The number a client can rely on: the exact total, or the bound it exceeds.
    pub fn value(self) -> u64 {
        match self {
            Total::Exact(n) | Total::MoreThan(n) => n,
        }
    }

    pub fn is_exact(self) -> bool {
        matches!(self, Total::Exact(_))
    }

    /// Whether any user matches.
    pub fn is_empty(self) -> bool {
        self == Total::Exact(0)
    }

    /// A count that stopped at `counted` when it was limited to `bound + 1` rows.
    pub fn from_bounded(counted: u64, bound: u64) -> Total {
        if counted > bound {
            Total::MoreThan(bound)
        } else {
            Total::Exact(counted)
        }
    }
}

/// Where a page starts: after the user at this position in the query's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The sort value of that user (lower-cased text, or a time in milliseconds).
    pub value: String,
    pub id: String,
}

/// Which page of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageAt {
    /// Keyset paging: from the start, or after a position.
    After(Option<Position>),
    /// Offset paging (SCIM's `startIndex`), 0-based.
    Offset(u64),
}

/// A text attribute a user can be compared on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextAttr {
    /// The SCIM userName (the email unless the identity provider sent another name).
    UserName,
    Email,
    FirstName,
    LastName,
    /// Compared exactly (case matters): an identity provider's own key.
    ExternalId,
    /// Compared exactly.
    Id,
    Locale,
    Role,
}

impl TextAttr {
    /// Whether values are compared as given rather than ignoring case.
    pub fn is_exact(self) -> bool {
        matches!(self, TextAttr::ExternalId | TextAttr::Id)
    }
}

/// A time attribute, compared in milliseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeAttr {
    Created,
    Modified,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    Contains,
    StartsWith,
    EndsWith,
}

/// A comparison of a text attribute with a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextTest {
    Order(Order, String),
    Like(Pattern, String),
}

/// A test on the user's products.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductTest {
    /// The user has at least one product.
    Any,
    /// The user has this product.
    Is(String),
    /// The user has a product whose key matches.
    Like(Pattern, String),
}

/// A boolean expression over a user's attributes. Every variant is well-typed (a time is
/// only ordered, `active` only true or false), so compiling it cannot fail: an edge refuses
/// what does not fit while translating into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Every user.
    All,
    Text(TextAttr, TextTest),
    /// The attribute is set and not empty.
    Present(TextAttr),
    /// The user is (or is not) active, i.e. may sign in.
    Active(bool),
    Time(TimeAttr, Order, i64),
    Product(ProductTest),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

impl Expr {
    pub fn and(a: Expr, b: Expr) -> Expr {
        Expr::And(Box::new(a), Box::new(b))
    }

    pub fn or(a: Expr, b: Expr) -> Expr {
        Expr::Or(Box::new(a), Box::new(b))
    }

    #[allow(clippy::should_implement_trait)]
    pub fn not(a: Expr) -> Expr {
        Expr::Not(Box::new(a))
    }

    pub fn text_eq(attr: TextAttr, value: impl Into<String>) -> Expr {
        Expr::Text(attr, TextTest::Order(Order::Eq, value.into()))
    }

    /// The terms that must all hold (the sides of nested `And`s), in order.
    fn into_conjuncts(self, out: &mut Vec<Expr>) {
        match self {
            Expr::And(a, b) => {
                a.into_conjuncts(out);
                b.into_conjuncts(out);
            }
            other => out.push(other),
        }
    }

    /// The `And` of `parts` in order (`All` for none).
    fn all_of(parts: Vec<Expr>) -> Expr {
        parts.into_iter().reduce(Expr::and).unwrap_or(Expr::All)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suspended_users_hold_no_product_and_no_other_role() {
        use std::collections::BTreeSet;
        let suspended = |role, product: Option<&str>| UserQuery {
            status: Some(Status::Suspended),
            role,
            product: product.map(str::to_string),
            ..UserQuery::default()
        };
        assert!(suspended(None, Some("meeting")).selects_nobody());
        assert!(suspended(Some(Role::Manager), None).selects_nobody());
        assert!(suspended(Some(Role::Admin), None).selects_nobody());
        assert!(!suspended(Some(Role::Member), None).selects_nobody());
        assert!(!suspended(None, None).selects_nobody());
        let active_with_product = UserQuery {
            status: Some(Status::Active),
            product: Some("meeting".into()),
            ..UserQuery::default()
        };
        assert!(!active_with_product.selects_nobody());
        // The rule the shortcut stands on: every role but member, or any product,
        // derives a status other than suspended.
        let meeting: BTreeSet<String> = ["meeting".to_string()].into();
        for role in [Role::Admin, Role::Manager, Role::Member] {
            assert_ne!(Status::derive(role, &meeting, false), Status::Suspended);
        }
        assert_ne!(
            Status::derive(Role::Manager, &BTreeSet::new(), false),
            Status::Suspended
        );
        assert_ne!(
            Status::derive(Role::Admin, &BTreeSet::new(), false),
            Status::Suspended
        );
    }

    #[test]
    fn an_active_comparison_every_match_passes_is_the_status() {
        let name = || Expr::text_eq(TextAttr::UserName, "ann");
        let q = UserQuery::matching_status(Expr::Active(false));
        assert_eq!((q.status, q.expr), (Some(Status::Suspended), None));
        let q = UserQuery::matching_status(Expr::and(name(), Expr::Active(true)));
        assert_eq!((q.status, q.expr), (Some(Status::Active), Some(name())));
        let q = UserQuery::matching_status(Expr::and(
            Expr::and(name(), Expr::Active(false)),
            Expr::Present(TextAttr::UserName),
        ));
        assert_eq!(q.status, Some(Status::Suspended));
        assert_eq!(
            q.expr,
            Some(Expr::and(name(), Expr::Present(TextAttr::UserName)))
        );
        // Not every match passes it: left as it is.
        let either = Expr::or(name(), Expr::Active(false));
        assert_eq!(
            UserQuery::matching_status(either.clone()),
            UserQuery::matching(either)
        );
        let negated = Expr::not(Expr::Active(true));
        assert_eq!(
            UserQuery::matching_status(negated.clone()),
            UserQuery::matching(negated)
        );
        // Two say nobody; the expression says so already.
        let both = Expr::and(Expr::Active(true), Expr::Active(false));
        assert_eq!(
            UserQuery::matching_status(both.clone()),
            UserQuery::matching(both)
        );
    }

    #[test]
    fn sort_names_round_trip() {
        for s in [Sort::Email, Sort::Name, Sort::Created] {
            assert_eq!(Sort::parse(s.as_str()), Some(s));
        }
        assert_eq!(Sort::parse("nope"), None);
    }

    #[test]
    fn a_minus_sorts_descending() {
        let o = SortOrder::parse("-name").unwrap();
        assert_eq!((o.sort, o.direction), (Sort::Name, Direction::Descending));
        assert_eq!(SortOrder::parse(&o.as_param()), Some(o));
        assert_eq!(
            SortOrder::parse("created").unwrap().direction,
            Direction::Ascending
        );
        assert!(SortOrder::parse("--name").is_none() && SortOrder::parse("-").is_none());
    }

    #[test]
    fn a_bounded_count_says_more_than() {
        assert_eq!(Total::from_bounded(3, Total::BOUND), Total::Exact(3));
        assert_eq!(
            Total::from_bounded(10_001, Total::BOUND),
            Total::MoreThan(10_000)
        );
        assert_eq!(
            Total::from_bounded(1_001, Total::TEXT_BOUND),
            Total::MoreThan(1_000)
        );
        assert_eq!(
            Total::from_bounded(1_000, Total::TEXT_BOUND),
            Total::Exact(1_000)
        );
        assert!(Total::Exact(0).is_empty() && !Total::MoreThan(0).is_empty());
    }

    #[test]
    fn only_ids_compare_exactly() {
        assert!(TextAttr::Id.is_exact() && TextAttr::ExternalId.is_exact());
        assert!(!TextAttr::Email.is_exact() && !TextAttr::UserName.is_exact());
    }
}
