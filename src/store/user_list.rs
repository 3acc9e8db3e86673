//! Searching an account's users: the one compiler of a `UserQuery` (domain) into SQL, for
//! every channel's list. Filters, free text, attribute expressions, order and paging all
//! meet here, so a change of indexes or paging happens in this module alone.
//!
//! Entry point: [`search`]. Every order has an index `(account_id, key, id)` (migration
//! 0012; since 0020 also holding what a search tests, so that walks read no row) and
//! pages by keyset in either direction; totals come from the counts the change path
//! keeps (`counts`) or from a count that stops at `Total::BOUND` (`TEXT_BOUND` for free
//! text); text of three characters or more is found through a trigram index (FTS5 on
//! SQLite, pg_trgm on PostgreSQL), shorter text as a prefix of the email or the name key.

mod expr;
#[cfg(test)]
mod walk_tests;

use sqlx::AnyConnection;

use super::counts::{self, CountFilter};
use super::users::{from_row, with_products, UserRecord, COLUMNS};
use super::{dialect_of, Dialect, Result};
use crate::domain::fold::{self, fold};
use crate::domain::query::{Direction, PageAt, Position, Sort, Total, UserQuery};
use crate::domain::{Role, Status};

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
    /// The statement walks an order's index (`push_from`): SQLite must not let another
    /// index drive it (see `push_conditions`).
    walks: bool,
    /// SQLite: the suspended users are tested on each row an order's index walks, not
    /// found by their own index (see `Driver::suspended_walk`).
    suspended_walked: bool,
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
    pub total: Total,
    /// With keyset paging, where the next page starts; `None` on the last page.
    pub next: Option<Position>,
}

fn sort_expr(sort: Sort) -> &'static str {
    match sort {
        Sort::Email => "email_lower",
        Sort::Name => "name_key",
        Sort::Created => "created_at",
    }
}

/// The sort value of a user, as a position carries it (the stored key, folded alike).
pub fn position_of(sort: Sort, u: &UserRecord) -> Position {
    let value = match sort {
        Sort::Email => fold(&u.email),
        Sort::Name => fold::name_key(&u.first_name, &u.last_name),
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

/// Trigrams need three characters; a shorter text is looked up as a prefix.
const TRIGRAM: usize = 3;

/// Trigram hits up to which SQLite drives a search from the text's matches rather than
/// by walking the account's sort index: sorting twenty thousand rows costs less than a
/// walk that finds few matches per page (at a million users, `q=Müller` walked the whole
/// account to count its 5,000 matches: a second), while a text in many rows (`q=mar`,
/// 56,000 at a million users) finds its page at once by walking.
const DRIVING_HITS: i64 = 20_000;

/// Users with an email and users with a name starting with a short text, each, past
/// which SQLite finds the text's page by walking the sort index (see `drive_by_matches`).
const PREFIX_WALK_HITS: u64 = 10_000;
// A walked prefix is past the text's count bound on the probe's word alone (`Driver::many`).
const _: () = assert!(PREFIX_WALK_HITS >= Total::TEXT_BOUND);

/// Matches up to which PostgreSQL drives a text's search from them: its probe reads
/// each from the table to recheck it (trigrams find candidates), so it stops at the
/// text's count bound and serves as the count.
const PG_DRIVING_HITS: i64 = Total::TEXT_BOUND as i64;

/// Matches up to which PostgreSQL drives a search of suspended users' text from them
/// (`drive_by_matches`): a walk that tests each match's entry finds a page of a text in
/// one user of fifty in a few milliseconds, and falls short of a rarer one.
const PG_RARE_HITS: i64 = 200;

/// Entries of the sort index a PostgreSQL walk for a text reads, past which its page is
/// found from the matches (`page_sql`): 10-20 ms of index, enough for a text in one
/// user of a thousand spread evenly. Past it the matches drive, each read from the
/// table (two microseconds), which is what the walk saves on common texts.
const PG_WALK_ENTRIES: u32 = 50_000;

/// How a search's text is found, chosen by a probe of its matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Driver {
    /// The text's matches drive the query (see `drive_by_matches`).
    by_matches: bool,
    /// The probe alone showed more users than a count would go to (a short prefix of
    /// many emails and many names, and no other filter): no count is needed.
    many: bool,
    /// What PostgreSQL's probe counted, to the text's count bound, when it counted the
    /// whole query (the text and at most the deleted users' status): the total.
    counted: Option<u64>,
    /// SQLite, suspended users: when there are many (`SUSPENDED_WALKED`), a page walks
    /// at most this many entries of the order's index, reading each user's status from
    /// the row, and a page the walk leaves short (they sort together further on, or it
    /// is the last) is found as few are: from the entries of `users_suspended_by_id`
    /// (migration 0027), sorted. No index holds them in a list's order: such an index
    /// took an entry at a random place for every suspension, a page rewritten per user.
    suspended_walk: Option<u32>,
    /// SQLite, a text its matches drive that is still common enough (one user in a few
    /// hundred) for a walk of the order's index to fill a page sooner than reading and
    /// sorting every match (`q=Smith`: 11,559 matches read and sorted, 37 ms; the newest
    /// fifty found among 4,400 entries of the created order, 3 ms): a page walks at most
    /// this many entries first, testing the text on each, and the matches find the page
    /// the walk leaves short (they sort together further on, or it is the last page).
    text_walk: Option<u32>,
    /// SQLite: the text's trigram matches the probe counted (to `DRIVING_HITS`), in
    /// every account and deleted or not (`text_walk` weighs them against the account).
    hits: Option<u64>,
    /// What the kept counts said of `narrow_filter`, once asked: a page asks to choose
    /// how its users are found (`found_whole`), its count asks again.
    narrow: Option<bool>,
}

/// Suspended users (with the query's role and product, by the kept counts) past which
/// SQLite walks an order's index for them (`Driver::suspended_walk`). Sorting them costs
/// about 0.4 µs each from their index (35 ms for 86,000 at a million users); walking
/// costs the rows between two of them on a page of fifty (a millisecond at one user in
/// eleven): at 20,000 of a million, 8 ms sorted, 2,500 rows walked.
const SUSPENDED_WALKED: u64 = 20_000;

/// The entries of an order's index a page of many suspended users walks before their
/// own index answers instead (`Driver::suspended_walk`): finding the last of them takes
/// a millisecond, and a page of suspended users spread evenly, at the fewest walked,
/// needs 2,550 of them.
const SUSPENDED_WALK_ENTRIES: u32 = 5_000;

/// `SUSPENDED_WALK_ENTRIES` with a text of many matches (not driven by them), tested on
/// each entry of the order's index, which holds it (migration 0020): only the entries
/// that match read their row for the status. At one user in twenty matching and one in
/// ten suspended, a page of fifty needs 10,000 entries (`q=mar`: 3 ms walked, where
/// sorting every suspended match from their own index took 25).
const SUSPENDED_TEXT_WALK_ENTRIES: u32 = 25_000;

/// Offsets past which a page of many suspended users is found from their own index
/// rather than a walk (SCIM's `startIndex`): a walk reads every row before the page.
const SUSPENDED_WALK_OFFSET: u64 = 500;

/// The entries of the order's index a page of a common text walks at most before its
/// matches drive instead (`Driver::text_walk`): at about 0.6 µs an entry, what a walk
/// that falls short costs on top of the matches.
const TEXT_WALK_ENTRIES: u32 = 25_000;

/// How a search's text and status are found (`drive_by_matches`, `suspended_walk`).
async fn plan(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
) -> Result<(Driver, Option<Vec<Position>>)> {
    let (mut driver, matches) = drive_by_matches(conn, account_id, q).await?;
    // An expression leaves far fewer users than the counts say: a walk would fall short
    // and their own index answer after all. So does a text its few matches drive, and a
    // short prefix, whose users sort together (by email, and by name where it starts
    // the email): a walk from elsewhere meets none (`q=jo`: 25,000 entries for nothing).
    let text = search_text(q);
    let many_suspended = dialect_of(conn) == Dialect::Sqlite
        && q.status == Some(Status::Suspended)
        && !driver.by_matches
        && text.is_none_or(|_| trigram_text(q).is_some())
        && q.expr.is_none()
        && counts::count(conn, account_id, &count_filter(q)).await? > SUSPENDED_WALKED;
    let entries = match text {
        Some(_) => SUSPENDED_TEXT_WALK_ENTRIES,
        None => SUSPENDED_WALK_ENTRIES,
    };
    driver.suspended_walk = many_suspended.then_some(entries);
    Ok((driver, matches))
}

/// Users per key a PostgreSQL probe of a short prefix counts to (`suspended_prefix_is_rare`).
const PG_PREFIX_HITS: u64 = 2_000;

/// Entries of `users_suspended` a walk tests in the time it takes to read one match of a
/// prefix from the table and test its status (a heap fetch against a comparison).
const SUSPENDED_ENTRIES_PER_ROW: u64 = 8;

/// PostgreSQL, suspended users and a short prefix: whether the prefix's matches among
/// all the users are few enough that reading each of them (by the email and name
/// indexes) costs less than walking the suspended users' entries, which tests the prefix
/// on each but, for a rare prefix, goes through all of them (`q=qx`: 1 ms by the
/// matches, 75 ms walking 86,000 entries). A common one (`q=jo`: 44,000 users) walks.
async fn suspended_prefix_is_rare(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    prefix: &str,
) -> Result<bool> {
    let mut hits = 0u64;
    for key in ["email_lower", "name_key"] {
        let n = prefix_hits(conn, account_id, key, prefix, PG_PREFIX_HITS).await?;
        if n > PG_PREFIX_HITS {
            return Ok(false);
        }
        hits += n;
    }
    let suspended = counts::count(conn, account_id, &count_filter(q)).await?;
    Ok(suspended > hits * SUSPENDED_ENTRIES_PER_ROW)
}

/// The account's users not deleted whose `key` (`email_lower` or `name_key`) starts with
/// `prefix`, counted to one past `bound`. On SQLite index-only (the partial indexes of
/// users not deleted, by account and key).
async fn prefix_hits(
    conn: &mut AnyConnection,
    account_id: &str,
    key: &str,
    prefix: &str,
    bound: u64,
) -> Result<u64> {
    prefix_hits_of(conn, account_id, (key, ""), prefix, bound).await
}

/// `prefix_hits` among the users `condition` (`NOT_SUSPENDED`, or nothing) selects.
async fn prefix_hits_of(
    conn: &mut AnyConnection,
    account_id: &str,
    (key, condition): (&str, &str),
    prefix: &str,
    bound: u64,
) -> Result<u64> {
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM users WHERE account_id = $1 \
         AND deleted_at IS NULL AND {key} >= $2 AND {key} < $3{condition} LIMIT {}) AS probe",
        bound + 1
    ))
    .bind(account_id.to_string())
    .bind(prefix.to_string())
    .bind(prefix_end(prefix))
    .fetch_one(&mut *conn)
    .await?;
    Ok(n as u64)
}

/// Whether SQLite must look the search's matches up by row (see `push_where`): a short
/// prefix unless both its key ranges are dense (then matches of the other key meet a
/// walk of either order on every page: `q=jo` read and sorted 30,000 rows, 110 ms), a
/// trigram text when it has few enough hits.
///
/// PostgreSQL likewise for a trigram text with few hits (`PG_DRIVING_HITS`), and its
/// walk for more gives way to them when it finds too few (`page_sql`): its planner,
/// which expects matches spread evenly, walked the name index through 600,000 rows to
/// reach the Müllers, who all sort together (1.8 s at a million users).
async fn drive_by_matches(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
) -> Result<(Driver, Option<Vec<Position>>)> {
    let Some(text) = search_text(q) else {
        return Ok((Driver::default(), None));
    };
    let text = fold(text);
    let dialect = dialect_of(conn);
    let matches = |by_matches| Driver {
        by_matches,
        ..Driver::default()
    };
    // No filter but the text, save perhaps a status.
    let others_none =
        q.role.is_none() && q.product.is_none() && q.inactive_since.is_none() && q.expr.is_none();
    let text_alone = others_none && q.status.is_none();
    if text.chars().count() < TRIGRAM {
        if dialect != Dialect::Sqlite {
            let by_matches = q.status == Some(Status::Suspended)
                && q.expr.is_none()
                && suspended_prefix_is_rare(conn, account_id, q, &text).await?;
            // A prefix alone whose emails are more than a count goes to needs no count:
            // the bounded count of `q=jo` read 1,001 of its 44,000 users' rows (11 ms,
            // 40 ms where the planner scanned the table), this probe 1,001 entries of
            // the email order's index (under a millisecond).
            // Active users likewise, told by their absence from the suspended users'
            // entries (`active_by_entries`): the bounded count of `q=jo&status=active`
            // read 26,000 rows (12 ms).
            let among = match active_by_entries(dialect, q) {
                true => NOT_SUSPENDED,
                false => "",
            };
            let many = (text_alone || !among.is_empty())
                && prefix_hits_of(
                    conn,
                    account_id,
                    ("email_lower", among),
                    &text,
                    Total::TEXT_BOUND,
                )
                .await?
                    > Total::TEXT_BOUND;
            return Ok((
                Driver {
                    many,
                    ..matches(by_matches)
                },
                None,
            ));
        }
        for key in ["email_lower", "name_key"] {
            if prefix_hits(conn, account_id, key, &text, PREFIX_WALK_HITS).await?
                <= PREFIX_WALK_HITS
            {
                return Ok((matches(true), None));
            }
        }
        // The probe counted the account's users not deleted: the whole of a query
        // without other filters.
        return Ok((
            Driver {
                many: text_alone,
                ..Driver::default()
            },
            None,
        ));
    }
    if dialect == Dialect::Sqlite {
        let hits: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM (SELECT rowid FROM users_fts WHERE users_fts MATCH $1 \
             LIMIT {}) AS probe",
            DRIVING_HITS + 1
        ))
        .bind(contains_pattern(dialect, &text))
        .fetch_one(&mut *conn)
        .await?;
        return Ok((
            Driver {
                hits: Some(hits as u64),
                ..matches(hits <= DRIVING_HITS)
            },
            None,
        ));
    }
    // Suspended users in email order, found and counted from their entries alone (their
    // own trigram index, or a walk of them): nothing to probe.
    if walks_suspended(q) && suspended_entries_answer(q) {
        return Ok((Driver::default(), None));
    }
    // A role or a product that few users have: all of the text's users among them are
    // found at once for page and count (`pg_finds_all`), which needs no probe.
    let mut asked = Driver::default();
    if pg_finds_all(conn, account_id, q, &mut asked).await? {
        return Ok((asked, None));
    }
    // PostgreSQL: the matches drive when they are few; when they are more, a walk of
    // the sort index finds the page (`push_capped_walk`) unless they sort together
    // further on. The probe reads each match from the table, so it stops at the text's
    // count bound and is the count too when the text is the only filter.
    // The text among the users the list shows (the deleted ones, or those not deleted).
    let probed = UserQuery {
        text: q.text.clone(),
        status: q.status.filter(|s| *s == Status::Deleted),
        ..UserQuery::default()
    };
    // Suspended users and nothing else their entries cannot answer: a walk tests its
    // matches' entries cheaply (and gives way to the matches when it falls short), so
    // only a rare text is driven by its matches; probing a common one's to the count
    // bound cost more than the walk (`status=suspended&q=mar`: 15 ms of 32).
    let driving = match counts_suspended_entries(q) && capped_walk_text(q).is_some() {
        true => PG_RARE_HITS,
        false => PG_DRIVING_HITS,
    };
    // The probe is the whole query when it has no other filter: then it reads the
    // matches' ids and sort keys, and a page of few is cut from them (`search`) instead
    // of finding them all again (`q=maelle.an`: 8.7 ms of 18.7).
    let whole = others_none && q.status == probed.status;
    let mut sql = Sql::default();
    let matched = match whole {
        true => {
            sql.push(&format!("SELECT id, {} AS sort_key", sort_expr(q.sort)));
            push_where(&mut sql, dialect, account_id, &probed, false);
            sql.push(&format!(" LIMIT {}", driving + 1));
            let rows = fetch_rows(conn, &sql).await?;
            Some(positions_of(q.sort, &rows)?)
        }
        false => None,
    };
    let hits = match &matched {
        Some(m) => m.len() as i64,
        None => {
            sql.push("SELECT COUNT(*) FROM (SELECT 1");
            push_where(&mut sql, dialect, account_id, &probed, false);
            sql.push(&format!(" LIMIT {}) AS probe", driving + 1));
            fetch_count(conn, &sql).await?
        }
    };
    let driver = Driver {
        by_matches: hits <= driving,
        counted: whole.then_some(hits as u64),
        ..asked
    };
    Ok((driver, matched.filter(|_| driver.by_matches)))
}

/// The text as one quoted FTS5 phrase: the trigram tokenizer matches it as a substring.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", fold(text).replace('"', "\"\""))
}

/// The condition of a free-text search, folded like the stored text. `account` and
/// `live` (the deleted-or-not test) are the outer query's, repeated where a subquery
/// needs them to reach its index.
fn push_text(
    sql: &mut Sql,
    dialect: Dialect,
    text: &str,
    (account, live): (&str, &str),
    by_matches: bool,
) {
    let text = fold(text);
    if text.chars().count() < TRIGRAM {
        let (lo, hi) = bind_prefix(sql, &text);
        if dialect == Dialect::Sqlite && by_matches {
            // The matching rows by their two key indexes, then sorted: SQLite would
            // otherwise walk the account's whole sort index, testing every row against a
            // prefix that few may have.
            sql.push(&format!(
                " AND users.rowid IN (SELECT rowid FROM users WHERE account_id = {account}{live} \
                 AND email_lower >= {lo} AND email_lower < {hi} \
                 UNION ALL SELECT rowid FROM users WHERE account_id = {account}{live} \
                 AND name_key >= {lo} AND name_key < {hi})"
            ));
        } else {
            // SQLite: `+` keeps the two ranges from becoming a union of index lookups,
            // sorted afterwards, which is what walking was chosen to avoid.
            let plus = if dialect == Dialect::Sqlite { "+" } else { "" };
            sql.push(&format!(
                " AND (({plus}email_lower >= {lo} AND {plus}email_lower < {hi}) \
                 OR ({plus}name_key >= {lo} AND {plus}name_key < {hi}))"
            ));
        }
        return;
    }
    // Walking the sort index too: the matches' row ids, read once into a temporary table,
    // answer for every index entry walked without reading its row (testing each row's own
    // text instead was as fast on a plain walk and three times slower walking a filter's
    // index: `product=meeting&role=manager&q=mar`, 26 -> 90 ms).
    let cond = contains(sql, dialect, &text);
    sql.push(&format!(" AND {cond}"));
}

/// The columns of an entry that holds a user's email, name key and folded search text:
/// SQLite's index `users_suspended_by_id` (the users' own names), PostgreSQL's table
/// `users_suspended` (migration 0026).
const USER_ENTRY: (&str, &str, &str) = ("email_lower", "name_key", "search_text");
const SUSPENDED_ENTRY: (&str, &str, &str) = ("s.email_key", "s.name_key", "s.search_text");

/// A text tested on an entry that holds the email, the name key and the folded search
/// text (`USER_ENTRY`, `SUSPENDED_ENTRY`) rather than on the user's row: a prefix of
/// either key, or a substring of the text.
fn push_entry_text(
    sql: &mut Sql,
    dialect: Dialect,
    (email, name, search): (&str, &str, &str),
    text: &str,
) {
    let text = fold(text);
    if text.chars().count() < TRIGRAM {
        let (lo, hi) = bind_prefix(sql, &text);
        sql.push(&format!(
            " AND (({email} >= {lo} AND {email} < {hi}) \
             OR ({name} >= {lo} AND {name} < {hi}))"
        ));
        return;
    }
    match dialect {
        Dialect::Sqlite => {
            let n = sql.bind(Arg::Str(text));
            sql.push(&format!(" AND instr({search}, {n}) > 0"));
        }
        Dialect::Postgres => {
            let n = sql.bind(Arg::Str(contains_pattern(dialect, &text)));
            sql.push(&format!(" AND {search} LIKE {n} ESCAPE '\\'"));
        }
    }
}

/// Binds the bounds of the keys that start with `prefix`: a range on the keys' byte
/// order (their columns compare in C order) is a prefix test any index can answer.
fn bind_prefix(sql: &mut Sql, prefix: &str) -> (String, String) {
    let lo = sql.bind(Arg::Str(prefix.to_string()));
    let hi = sql.bind(Arg::Str(prefix_end(prefix)));
    (lo, hi)
}

/// Above every key that starts with `prefix` and below the next prefix.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// The status, role and product filters of `q`, as the kept counts answer them.
fn count_filter(q: &UserQuery) -> CountFilter<'_> {
    CountFilter {
        status: q.status,
        role: q.role,
        product: q.product.as_deref(),
    }
}

/// What the dialect's trigram index takes for "the search text contains `folded`".
fn contains_pattern(dialect: Dialect, folded: &str) -> String {
    match dialect {
        Dialect::Sqlite => fts_phrase(folded),
        Dialect::Postgres => format!("%{}%", like_escape(folded)),
    }
}

/// The condition "the user's folded search text contains `folded`" (three characters or
/// more), answered by the trigram index.
fn contains(sql: &mut Sql, dialect: Dialect, folded: &str) -> String {
    let n = sql.bind(Arg::Str(contains_pattern(dialect, folded)));
    match dialect {
        Dialect::Sqlite => {
            format!("users.rowid IN (SELECT rowid FROM users_fts WHERE users_fts MATCH {n})")
        }
        Dialect::Postgres => format!("search_text LIKE {n} ESCAPE '\\'"),
    }
}

/// The start of the test that a user holds a product, open for the product's condition.
/// PostgreSQL reaches a product's holders by their index of `(account_id, product,
/// user_id)` (migration 0012) only when told the account: without it, it read all of
/// `user_products` to find them (`product=hamachi&q=mar` at a million users: 1.1 s, 0.23
/// s with it). SQLite looks each user's products up by the primary key, as it should.
pub(super) fn holds_product(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => {
            "EXISTS (SELECT 1 FROM user_products p WHERE p.user_id = users.id \
             AND p.account_id = users.account_id"
        }
        Dialect::Sqlite => "EXISTS (SELECT 1 FROM user_products p WHERE p.user_id = users.id",
    }
}

/// `FROM users WHERE ...` for the account and the query (no order, no page).
/// `by_matches` (SQLite, see `drive_by_matches`): the search's matches drive the query.
fn push_where(sql: &mut Sql, dialect: Dialect, account_id: &str, q: &UserQuery, by_matches: bool) {
    if suspended_indexed(sql, dialect, q, by_matches) {
        sql.push(" FROM users INDEXED BY users_suspended_by_id WHERE ");
    } else {
        sql.push(" FROM users WHERE ");
    }
    push_conditions(sql, dialect, account_id, q, by_matches);
}

/// Whether SQLite finds the query's suspended users from their own index (migration
/// 0027), named: without statistics, its planner walks the unique index of `(account_id,
/// email_lower)` through every user instead. Not when a text's few matches drive. The
/// entries hold the keys and the text a search tests; other filters read the row.
fn suspended_indexed(sql: &Sql, dialect: Dialect, q: &UserQuery, by_matches: bool) -> bool {
    dialect == Dialect::Sqlite
        && q.status == Some(Status::Suspended)
        && !sql.suspended_walked
        && !by_matches
}

/// The conditions of `push_where`, on the columns of `users`.
fn push_conditions(
    sql: &mut Sql,
    dialect: Dialect,
    account_id: &str,
    q: &UserQuery,
    by_matches: bool,
) {
    let account = sql.bind(Arg::Str(account_id.to_string()));
    // `+` keeps SQLite from driving the search by the account's sort index (the text's
    // subquery of `push_text` drives it instead).
    let column = if by_matches && dialect == Dialect::Sqlite {
        "+account_id"
    } else {
        "account_id"
    };
    sql.push(&format!("{column} = {account}"));
    let sqlite = dialect == Dialect::Sqlite;
    let live = match q.status {
        // `deleted_at IS NOT NULL` says again what the status says: it is the condition
        // of the indexes of deleted users (migration 0023 on PostgreSQL, 0024 on SQLite).
        Some(Status::Deleted) => " AND status = 'deleted' AND deleted_at IS NOT NULL",
        // A suspended user is never deleted: unsaid, SQLite reads their index's entries
        // alone (`suspended_indexed`).
        Some(Status::Suspended) if sqlite && !sql.suspended_walked => "",
        // Spelled out so that the indexes on users not deleted apply.
        _ => " AND deleted_at IS NULL",
    };
    sql.push(live);
    match q.status {
        Some(Status::Active) if active_by_entries(dialect, q) => sql.push(NOT_SUSPENDED),
        Some(Status::Active) => {
            let n = sql.bind(Arg::Str(Status::Active.as_str().to_string()));
            sql.push(&format!(" AND status = {n}"));
        }
        // `+`: tested on the rows an order's index walks (`Driver::suspended_walk`).
        Some(Status::Suspended) if sql.suspended_walked => sql.push(" AND +status = 'suspended'"),
        Some(Status::Suspended) => sql.push(" AND status = 'suspended'"),
        Some(Status::Deleted) | None => {}
    }
    if let Some(role) = q.role {
        let n = sql.bind(Arg::Str(role.as_str().to_string()));
        sql.push(&format!(" AND role = {n}"));
    }
    if let Some(product) = &q.product {
        let n = sql.bind(Arg::Str(product.clone()));
        sql.push(&format!(
            " AND {} AND p.product = {n})",
            holds_product(dialect)
        ));
    }
    if let Some(since) = q.inactive_since {
        let n = sql.bind(Arg::Int(since));
        // The index of last use (migration 0022) counts the inactive users; SQLite would
        // take it for pages too and then sort every match (`inactive=90&sort=name`: 1.1
        // s at a million users), and for counts with a status or role, whose own index
        // is the shorter walk (`inactive=90&role=manager`: 1.1 s, 80 ms by the role's):
        // `+` hides it there.
        let others = q.status.is_some() || q.role.is_some() || q.product.is_some();
        let plus = if dialect == Dialect::Sqlite && (sql.walks || others) {
            "+"
        } else {
            ""
        };
        sql.push(&format!(
            " AND {plus}COALESCE(last_sign_in_at, created_at) < {n}"
        ));
    }
    if let Some(text) = search_text(q) {
        // The text's own subqueries reach the partial indexes of users not deleted.
        let text_live = match q.status {
            Some(Status::Suspended) => " AND deleted_at IS NULL",
            _ => live,
        };
        if suspended_indexed(sql, dialect, q, by_matches) {
            // On the index's entries, as a walk of an order's index tests it.
            push_entry_text(sql, dialect, USER_ENTRY, text);
        } else {
            push_text(sql, dialect, text, (&account, text_live), by_matches);
        }
    }
    if let Some(e) = &q.expr {
        let cond = expr::compile(sql, dialect, e);
        sql.push(" AND ");
        sql.push(&cond);
    }
}

/// PostgreSQL: the user of the row has no entry in `users_suspended`.
const NOT_SUSPENDED: &str = " AND NOT EXISTS (SELECT 1 FROM users_suspended s \
     WHERE s.account = users.account_id AND s.email_key = users.email_lower AND s.user_id = users.id)";

/// Whether PostgreSQL tells active users by the absence of their entry in
/// `users_suspended` (migration 0021) rather than by their row's status: for a short
/// prefix alone, which a walk of an order's index tests on each entry (the index holds
/// both keys, migration 0020). Read from the row, the status took a row per entry walked
/// (`q=jo&status=active`: 30,000 rows for 51 matches, 130 ms at a million users); as an
/// absence it takes a probe per match. Not elsewhere: with a trigram text or another
/// filter the planner drives by that filter's own index and reads the rows anyway, and
/// an anti-join there made it choose worse plans (`status=active&q=Müller` 45 -> 100 ms,
/// `status=active&inactive=90` 15 -> 60).
fn active_by_entries(dialect: Dialect, q: &UserQuery) -> bool {
    dialect == Dialect::Postgres
        && q.status == Some(Status::Active)
        && search_text(q).is_some()
        && trigram_text(q).is_none()
        && q.role.is_none()
        && q.product.is_none()
        && q.inactive_since.is_none()
        && q.expr.is_none()
}

/// Whether a search's statement may keep its plan. PostgreSQL plans a kept statement
/// once for any values after a few runs, and the right plan for a search depends on its
/// values (a text in ten rows or in a hundred thousand): its statements are planned
/// for the values at every run (the unnamed statement).
fn planned_once(dialect: Dialect) -> bool {
    dialect != Dialect::Postgres
}

fn search_text(q: &UserQuery) -> Option<&str> {
    q.text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The statement `text` (the SQL of `sql`, perhaps rewritten by `positional`) with the
/// values of `sql` bound, planned for them on PostgreSQL (`planned_once`).
fn bound<'q>(
    conn: &AnyConnection,
    text: &'q str,
    sql: &Sql,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut query = sqlx::query(text).persistent(planned_once(dialect_of(conn)));
    for a in &sql.args {
        query = match a {
            Arg::Str(s) => query.bind(s.clone()),
            Arg::Int(i) => query.bind(*i),
        };
    }
    query
}

/// The single number a `SELECT COUNT(*) ...` statement answers (a probe, a bounded count).
async fn fetch_count(conn: &mut AnyConnection, sql: &Sql) -> Result<i64> {
    use sqlx::Row;
    let row = bound(conn, &sql.text, sql).fetch_one(&mut *conn).await?;
    Ok(row.try_get(0)?)
}

async fn fetch_users(conn: &mut AnyConnection, sql: &Sql) -> Result<Vec<UserRecord>> {
    let rows = fetch_rows(conn, sql).await?;
    users_of(conn, &rows).await
}

/// The rows of a statement that selects the users' `COLUMNS` (and perhaps more).
async fn fetch_rows(conn: &mut AnyConnection, sql: &Sql) -> Result<Vec<sqlx::any::AnyRow>> {
    // Plain `?` on SQLite where it can (`positional`): a bulk page names a thousand ids.
    let text = super::positional(conn, &sql.text).into_owned();
    Ok(bound(conn, &text, sql).fetch_all(&mut *conn).await?)
}

/// The users of `fetch_rows`, with their products.
async fn users_of(conn: &mut AnyConnection, rows: &[sqlx::any::AnyRow]) -> Result<Vec<UserRecord>> {
    let users = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    with_products(conn, users).await
}

/// How many of the account's users the query matches: exactly from the counts for a
/// plain status, role and product filter, else by counting no further than the bound.
pub async fn total(conn: &mut AnyConnection, account_id: &str, q: &UserQuery) -> Result<Total> {
    if q.selects_nobody() {
        return Ok(Total::Exact(0));
    }
    // Not `plan`: a count never walks for suspended users.
    let (driver, _) = drive_by_matches(conn, account_id, q).await?;
    total_driven(conn, account_id, q, driver).await
}

/// `total`, with the search's driver already chosen (a page has chosen it).
async fn total_driven(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    mut driver: Driver,
) -> Result<Total> {
    if search_text(q).is_none() && q.expr.is_none() && q.inactive_since.is_none() {
        return Ok(Total::Exact(
            counts::count(conn, account_id, &count_filter(q)).await?,
        ));
    }
    if driver.many {
        return Ok(Total::MoreThan(Total::TEXT_BOUND));
    }
    if let Some(counted) = driver.counted {
        return Ok(Total::from_bounded(counted, Total::TEXT_BOUND));
    }
    let dialect = dialect_of(conn);
    // Suspended users with a text that is not rare (a rare one is counted from its few
    // matches), or inactive ones: their entries alone, to the bound (`q=mar`: 18,000 of
    // 86,000 entries tested, where reading each match's row for its status took 23 ms;
    // `inactive=90`: 10,001 rows read, 34-38 ms).
    let entries = suspended_entries_answer(q)
        && !driver.by_matches
        && (search_text(q).is_some() || q.inactive_since.is_some());
    if dialect == Dialect::Postgres && entries {
        let mut sql = Sql::default();
        let account = sql.bind(Arg::Str(account_id.to_string()));
        sql.push(&format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM users_suspended s WHERE s.account = {account}"
        ));
        if let Some(text) = search_text(q) {
            push_entry_text(&mut sql, dialect, SUSPENDED_ENTRY, text);
        }
        push_entry_last_use(&mut sql, q);
        sql.push(&format!(" LIMIT {}) AS bounded", count_bound(q) + 1));
        let counted = fetch_count(conn, &sql).await?;
        return Ok(Total::from_bounded(counted as u64, count_bound(q)));
    }
    let text = search_text(q).is_some();
    let bound = count_bound(q);
    // A walked text with neither status nor role is counted by the same walk: the email
    // order's index holds the search text (migration 0020), so the walk reads no row.
    // Other SQLite texts are counted from their matches, whichever way the page was
    // found: a walk of a status's or role's index reads a row per entry. Unless that
    // filter selects fewer users than the text matches (the deleted ones, a rare role):
    // then those users are the shorter walk, where counting from the text read every
    // one of its matches (`q=mar&status=deleted`: 0.1 s).
    let walked = !driver.by_matches && sqlite_walked_text(dialect, q, true).is_some();
    // The suspended users' index holds the text too: it counts a walked text.
    let suspended = dialect == Dialect::Sqlite && q.status == Some(Status::Suspended);
    let by_matches = !walked
        && (driver.by_matches
            || (text
                && dialect == Dialect::Sqlite
                && !suspended
                && !narrow_filter(conn, account_id, q, &mut driver).await?));
    let mut sql = Sql::default();
    sql.push("SELECT COUNT(*) FROM (SELECT 1 AS one");
    push_from(
        &mut sql,
        dialect,
        account_id,
        q,
        by_matches,
        walked.then_some(Sort::Email),
    );
    sql.push(&format!(" LIMIT {}) AS bounded", bound + 1));
    let counted = fetch_count(conn, &sql).await?;
    Ok(Total::from_bounded(counted as u64, bound))
}

/// PostgreSQL: whether a trigram text with a role or a product that 20,000 users or
/// fewer have (`narrow_filter`; not among the suspended users, whose entries answer) is
/// found whole, page and count from one list of its users (`FoundBy::Filter`): the
/// probe, the page and the count each built the text's trigram bitmap (9 ms for `mar`)
/// and read its users (`product=meeting&role=manager&q=mar`: 15, 32 and 27 ms). Whole,
/// the planner has no order to walk, so a rare text needs no fence either.
async fn pg_finds_all(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    driver: &mut Driver,
) -> Result<bool> {
    let fits = dialect_of(conn) == Dialect::Postgres
        && (q.role.is_some() || q.product.is_some())
        && q.status != Some(Status::Suspended)
        && trigram_text(q).is_some();
    Ok(fits && narrow_filter(conn, account_id, q, driver).await?)
}

/// SQLite: whether `total_driven` counts a common text (not driven by its matches) by
/// walking the index of a filter that selects few users (`narrow_filter`).
async fn counts_walking_a_filter(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    driver: &mut Driver,
) -> Result<bool> {
    // Suspended users have walks of their own (`Driver::suspended_walk`).
    let walked = driver.by_matches
        || q.status == Some(Status::Suspended)
        || trigram_text(q).is_none()
        || sqlite_walked_text(Dialect::Sqlite, q, true).is_some();
    Ok(!walked && narrow_filter(conn, account_id, q, driver).await?)
}

/// SQLite: whether a common text (not driven by its matches) that a walk of the order's
/// index would test on each entry comes with a product few users hold (`narrow_filter`):
/// then its holders are the shorter way (`FoundBy::Holders`).
async fn counts_by_holders(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    driver: &mut Driver,
) -> Result<bool> {
    let holders = !driver.by_matches
        && q.product.is_some()
        && sqlite_walked_text(Dialect::Sqlite, q, true).is_some();
    Ok(holders && narrow_filter(conn, account_id, q, driver).await?)
}

/// Whether the status, role and product filters of `q` alone select at most
/// `DRIVING_HITS` users (fewer than a walked text matches), by the kept counts; read
/// once per driver (`Driver::narrow`).
async fn narrow_filter(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    driver: &mut Driver,
) -> Result<bool> {
    if q.status.is_none() && q.role.is_none() && q.product.is_none() {
        return Ok(false);
    }
    if let Some(narrow) = driver.narrow {
        return Ok(narrow);
    }
    let narrow = counts::count(conn, account_id, &count_filter(q)).await? <= DRIVING_HITS as u64;
    driver.narrow = Some(narrow);
    Ok(narrow)
}

/// One page of the account's users matching `q`, in the query's order and direction
/// (ties by id), at most `limit` of them, and the total over all pages.
pub async fn search(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    at: &PageAt,
    limit: u32,
) -> Result<UserPage> {
    if q.selects_nobody() {
        return Ok(UserPage {
            users: Vec::new(),
            total: Total::Exact(0),
            next: None,
        });
    }
    let (driver, matches) = plan(conn, account_id, q).await?;
    match (matches, at) {
        (Some(matches), PageAt::After(after)) if limit > 0 => {
            page_of_matches(conn, account_id, q, matches, after.as_ref(), limit).await
        }
        _ => search_with(conn, account_id, q, at, limit, driver).await,
    }
}

/// The sort positions of rows that hold a user's `id` and `sort_key`.
fn positions_of(sort: Sort, rows: &[sqlx::any::AnyRow]) -> Result<Vec<Position>> {
    rows.iter().map(|row| position_of_row(sort, row)).collect()
}

/// The sort position of a row that holds a user's `id` and `sort_key`.
fn position_of_row(sort: Sort, row: &sqlx::any::AnyRow) -> Result<Position> {
    use sqlx::Row;
    Ok(Position {
        value: match sort {
            Sort::Created => row.try_get::<i64, _>("sort_key")?.to_string(),
            _ => row.try_get("sort_key")?,
        },
        id: row.try_get("id")?,
    })
}

/// `a` against `b` in `q`'s order and direction: the order's key (a number in the
/// created order; else folded text, compared by bytes as the `C` collation of the
/// stored keys does), then the id (a UUID: its hex digits and dashes order alike under
/// any collation of the database's, as a keyset page compares them).
fn compare_positions(q: &UserQuery, a: &Position, b: &Position) -> std::cmp::Ordering {
    let by_key = match q.sort {
        Sort::Created => created_key(a).cmp(&created_key(b)),
        _ => a.value.cmp(&b.value),
    };
    let ascending = by_key.then_with(|| a.id.cmp(&b.id));
    match q.direction {
        Direction::Ascending => ascending,
        Direction::Descending => ascending.reverse(),
    }
}

/// A page of a text whose every match the probe read with its sort key (PostgreSQL, a
/// text alone, at most its count bound of matches): sorted here, and only the page's
/// users read; all of them are the count.
async fn page_of_matches(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    mut matches: Vec<Position>,
    after: Option<&Position>,
    limit: u32,
) -> Result<UserPage> {
    let total = Total::from_bounded(matches.len() as u64, count_bound(q));
    matches.sort_by(|a, b| compare_positions(q, a, b));
    let mut page: Vec<Position> = matches
        .into_iter()
        .filter(|p| after.is_none_or(|after| compare_positions(q, p, after).is_gt()))
        .take(limit as usize + 1)
        .collect();
    let more = page.len() > limit as usize;
    page.truncate(limit as usize);
    let mut sql = Sql::default();
    let account = sql.bind(Arg::Str(account_id.to_string()));
    let ids = bind_ids(&mut sql, page.iter().map(|p| &p.id));
    sql.push(&format!(
        "SELECT {COLUMNS} FROM users WHERE account_id = {account} AND id IN ({ids})"
    ));
    let mut users = match page.is_empty() {
        true => Vec::new(),
        false => fetch_users(conn, &sql).await?,
    };
    let rank: std::collections::HashMap<&str, usize> = page
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    users.sort_by_key(|u| rank.get(u.id.as_str()).copied().unwrap_or(usize::MAX));
    let next = match more {
        true => page.last().cloned(),
        false => None,
    };
    Ok(UserPage { users, total, next })
}

/// `search` with the way its text is found already chosen. Either way gives the same
/// pages (`walk_tests`); only the cost differs.
async fn search_with(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    at: &PageAt,
    limit: u32,
    mut driver: Driver,
) -> Result<UserPage> {
    if limit == 0 {
        return Ok(UserPage {
            users: Vec::new(),
            total: total_driven(conn, account_id, q, driver).await?,
            next: None,
        });
    }
    let dialect = dialect_of(conn);
    let walked = match (driver.suspended_walk, at) {
        (Some(entries), PageAt::After(after)) if !driver.by_matches => {
            walked_suspended_page(conn, account_id, q, after.as_ref(), limit, entries).await?
        }
        _ => None,
    };
    // Queries whose users are all found first, for both the page and the count.
    let whole = match walked.is_none() && !(dialect == Dialect::Sqlite && driver.by_matches) {
        true => found_whole(conn, account_id, q, at, &mut driver).await?,
        false => None,
    };
    // What a page found from its matches counted of them, all pages over.
    let mut matched = None;
    let mut users = match (walked, whole, at) {
        (Some(users), _, _) => users,
        (None, _, PageAt::After(after)) if dialect == Dialect::Sqlite && driver.by_matches => {
            let walked = match text_walk(conn, account_id, q, driver, limit).await? {
                Some(entries) => {
                    walked_text_page(conn, account_id, q, after.as_ref(), limit, entries).await?
                }
                None => None,
            };
            match walked {
                Some(users) => users,
                None => {
                    let (users, counted) =
                        matched_page(conn, account_id, q, at, limit, FoundBy::Matches).await?;
                    matched = counted;
                    users
                }
            }
        }
        (None, Some(found), _) => {
            let (users, counted) = matched_page(conn, account_id, q, at, limit, found).await?;
            matched = counted;
            users
        }
        (None, None, _) => {
            // No walk of suspended users, or it fell short: their own index finds them
            // (an offset decides for itself, `page_sql`).
            if let PageAt::After(_) = at {
                driver.suspended_walk = None;
            }
            let (sql, capped) = page_sql(dialect, account_id, q, at, limit, driver);
            let mut users = fetch_users(conn, &sql).await?;
            if capped && users.len() <= limit as usize {
                // The walk's entries ran out before its page filled (the text's users
                // sort together further on, or this is the last page): the matches
                // drive instead.
                driver.by_matches = true;
                let (sql, _) = page_sql(dialect, account_id, q, at, limit, driver);
                users = fetch_users(conn, &sql).await?;
            }
            users
        }
    };
    let more = users.len() > limit as usize;
    users.truncate(limit as usize);
    let next = if more {
        users.last().map(|u| position_of(q.sort, u))
    } else {
        None
    };
    // A first page that holds every match is its own count (an identity provider's
    // `userName eq` before each create finds nobody: no count then), and so is a page
    // past an offset that ends short (an empty one says nothing of the users before it).
    let total = match at {
        PageAt::After(None) if !more => Total::Exact(users.len() as u64),
        PageAt::Offset(o) if (*o == 0 || !users.is_empty()) && users.len() < limit as usize => {
            Total::Exact(o + users.len() as u64)
        }
        _ => match matched {
            Some(n) => Total::from_bounded(n, count_bound(q)),
            None => total_driven(conn, account_id, q, driver).await?,
        },
    };
    Ok(UserPage { users, total, next })
}

/// The bound a count of `q` stops at: free text is narrowed by typing more.
fn count_bound(q: &UserQuery) -> u64 {
    match search_text(q) {
        Some(_) => Total::TEXT_BOUND,
        None => Total::BOUND,
    }
}

/// Whether a page's users are all found first, and how (`matched_page`), where the count
/// would read them all anyway:
/// - SQLite, a common text among the few users of a filter: the count walks every one of
///   them, testing the text's matches (its row id list, built for each statement: 56,000
///   ids for `q=mar`), where the page walked the first of them
///   (`product=meeting&role=manager&q=mar`: page 12 ms and count 35 before);
/// - SQLite, a common text among the holders of a product that few hold, with neither
///   status nor role: the walk of the order's index that tests the text on each entry
///   finds the page late and the count at the end of the account (one user in a
///   thousand, `product=hamachi&q=mar`: 49 and 456 ms at a million users);
/// - PostgreSQL, a text with a role or a product few have (`pg_finds_all`);
/// - SQLite, a family name's users (SCIM `name.familyName eq "Müller"`), found by the
///   name order's index and each read from the table for the exact test: every one of
///   them for any page, and again for the count (5,159 rows, 20 ms each).
async fn found_whole(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    at: &PageAt,
    driver: &mut Driver,
) -> Result<Option<FoundBy>> {
    let found = match (dialect_of(conn), at) {
        (Dialect::Sqlite, PageAt::After(_))
            if counts_walking_a_filter(conn, account_id, q, driver).await? =>
        {
            Some(FoundBy::Filter)
        }
        (Dialect::Sqlite, PageAt::After(_))
            if counts_by_holders(conn, account_id, q, driver).await? =>
        {
            Some(FoundBy::Holders)
        }
        (Dialect::Postgres, PageAt::After(_))
            if pg_finds_all(conn, account_id, q, driver).await? =>
        {
            Some(FoundBy::Filter)
        }
        (Dialect::Sqlite, PageAt::Offset(_))
            if search_text(q).is_none() && q.expr.as_ref().is_some_and(expr::within_name_range) =>
        {
            Some(FoundBy::Filter)
        }
        _ => None,
    };
    Ok(found)
}

/// How `matched_page` finds every user of the query.
#[derive(Debug, Clone, Copy)]
enum FoundBy {
    /// From the text's matches (see `drive_by_matches`).
    Matches,
    /// By the index of a filter that selects few users (a role, a family name).
    Filter,
    /// From the holders of the query's product (`counts_by_holders`).
    Holders,
}

/// `FROM users WHERE ...` for a query with a product and a trigram text, the product's
/// holders driving (by `user_products_by_product`), each user's row read by id and its
/// text tested there: `+account_id` and `instr` leave SQLite no other way in.
fn push_holders(sql: &mut Sql, account_id: &str, q: &UserQuery) {
    let rest = UserQuery {
        product: None,
        text: None,
        ..q.clone()
    };
    sql.push(" FROM users WHERE ");
    push_conditions(sql, Dialect::Sqlite, account_id, &rest, true);
    let account = sql.bind(Arg::Str(account_id.to_string()));
    let product = sql.bind(Arg::Str(q.product.clone().unwrap_or_default()));
    let text = sql.bind(Arg::Str(trigram_text(q).unwrap_or_default()));
    sql.push(&format!(
        " AND users.id IN (SELECT user_id FROM user_products WHERE account_id = {account} \
         AND product = {product}) AND instr(search_text, {text}) > 0"
    ));
}

/// A page of a search whose users are all found first (`found`), and how many they are
/// (`None` when the page is empty: nothing to carry the count). Their ids and keys are
/// read once for both, where the page and a separate count each read every match's row
/// (`status=suspended&q=smith`: 11,559 rows, 32 ms each).
async fn matched_page(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    at: &PageAt,
    limit: u32,
    found: FoundBy,
) -> Result<(Vec<UserRecord>, Option<u64>)> {
    use sqlx::Row;
    let order = sort_expr(q.sort);
    let (_, dir) = direction(q);
    let mut sql = Sql::default();
    sql.push(&format!("WITH m AS MATERIALIZED (SELECT id, {order} AS k"));
    let dialect = dialect_of(conn);
    match found {
        FoundBy::Matches => push_from(&mut sql, dialect, account_id, q, true, None),
        FoundBy::Filter => push_from(&mut sql, dialect, account_id, q, false, None),
        FoundBy::Holders => push_holders(&mut sql, account_id, q),
    }
    sql.push(&format!(
        ") SELECT {COLUMNS}, (SELECT COUNT(*) FROM m) AS matched FROM users \
         WHERE id IN (SELECT id FROM m WHERE 1 = 1"
    ));
    let page = match at {
        PageAt::After(after) => {
            if let Some(p) = after {
                push_after_on(&mut sql, q, p, ("k", "id"));
            }
            format!("LIMIT {}", limit as u64 + 1)
        }
        PageAt::Offset(offset) => format!("LIMIT {limit} OFFSET {offset}"),
    };
    sql.push(&format!(
        " ORDER BY k {dir}, id {dir} {page}) ORDER BY {order} {dir}, id {dir}"
    ));
    let rows = fetch_rows(conn, &sql).await?;
    let counted = match rows.first() {
        Some(row) => Some(row.try_get::<i64, _>("matched")? as u64),
        None => None,
    };
    Ok((users_of(conn, &rows).await?, counted))
}

/// The statement of one page (see `search_with`), and whether it is a capped walk
/// (PostgreSQL, a text of many matches), which may end short of a full page before the
/// matches do.
fn page_sql(
    dialect: Dialect,
    account_id: &str,
    q: &UserQuery,
    at: &PageAt,
    limit: u32,
    driver: Driver,
) -> (Sql, bool) {
    let by_matches = driver.by_matches;
    let order = sort_expr(q.sort);
    let (_, dir) = direction(q);
    let mut sql = Sql::default();
    match at {
        PageAt::After(after) => {
            // PostgreSQL, driven by the matches: all of them first (a fence the planner
            // cannot see through), then the page's ids in order, then their rows.
            // Walking, the page's ids and then their rows: the walk reads the sort index
            // alone (each holds the keys a search tests, migrations 0020) where reading
            // the page's columns read the table at every entry walked, matching or not.
            let fenced = by_matches && dialect == Dialect::Postgres;
            let ids_first = !by_matches;
            if ids_first && dialect == Dialect::Postgres {
                if walks_suspended(q) {
                    let capped =
                        push_suspended_walk(&mut sql, account_id, q, after.as_ref(), limit);
                    return (sql, capped);
                }
                if let Some(text) = capped_walk_text(q) {
                    push_capped_walk(&mut sql, account_id, q, &text, after.as_ref(), limit);
                    return (sql, true);
                }
            }
            if fenced {
                sql.push(&format!(
                    "WITH m AS MATERIALIZED (SELECT id, {order} AS sort_key"
                ));
            } else if ids_first {
                sql.push(&format!(
                    "SELECT {COLUMNS} FROM users WHERE id IN (SELECT id"
                ));
            } else {
                sql.push(&format!("SELECT {COLUMNS}"));
            }
            let walk = ids_first.then_some(q.sort);
            push_from(&mut sql, dialect, account_id, q, by_matches, walk);
            if let Some(p) = after {
                push_after(&mut sql, q, p);
            }
            // One more than asked tells whether another page follows.
            if fenced {
                sql.push(&format!(
                    ") SELECT {COLUMNS} FROM users WHERE id IN (SELECT id FROM m \
                     ORDER BY sort_key {dir}, id {dir} LIMIT {})",
                    limit as u64 + 1
                ));
            }
            sql.push(&format!(
                " ORDER BY {order} {dir}, id {dir} LIMIT {}",
                limit as u64 + 1
            ));
            if ids_first {
                sql.push(&format!(") ORDER BY {order} {dir}, id {dir}"));
            }
        }
        PageAt::Offset(offset) => {
            // The offset walks the order's index for ids alone (index-only), and only the
            // page's rows are read; many suspended users near the start, their rows too.
            sql.suspended_walked = driver.suspended_walk.is_some()
                && search_text(q).is_none()
                && *offset < SUSPENDED_WALK_OFFSET;
            sql.push(&format!(
                "SELECT {COLUMNS} FROM users WHERE id IN (SELECT id"
            ));
            // The narrow index of the creation order, whose key is `created_at + 0`
            // (SQLite's migration 0029): the offset steps over a third of the pages.
            let walked = match offset_by_creation(dialect, q) {
                true => {
                    sql.push(" FROM users INDEXED BY users_created_offset WHERE ");
                    push_conditions(&mut sql, dialect, account_id, q, by_matches);
                    "created_at + 0"
                }
                false => {
                    push_where(&mut sql, dialect, account_id, q, by_matches);
                    order
                }
            };
            sql.push(&format!(
                " ORDER BY {walked} {dir}, id {dir} LIMIT {limit} OFFSET {offset}) ORDER BY {order} {dir}, id {dir}"
            ));
        }
    }
    (sql, false)
}

/// Whether an offset's page is found by SQLite's narrow index of the creation order
/// (migration 0029): every user not deleted, in that order (SCIM's `startIndex` without
/// a filter). A filter tests what only the wide indexes or the rows hold.
fn offset_by_creation(dialect: Dialect, q: &UserQuery) -> bool {
    dialect == Dialect::Sqlite
        && q.sort == Sort::Created
        && *q
            == UserQuery {
                sort: q.sort,
                direction: q.direction,
                ..UserQuery::default()
            }
}

/// `push_where`, for a walk in `walk`'s order when it is one (SQLite: the index
/// named, a text tested on the index's entries; see `sqlite_email_walk` and
/// `sqlite_walked_text`).
fn push_from(
    sql: &mut Sql,
    dialect: Dialect,
    account_id: &str,
    q: &UserQuery,
    by_matches: bool,
    walk: Option<Sort>,
) {
    sql.walks = walk.is_some();
    let walked_text = sqlite_walked_text(dialect, q, walk.is_some());
    let without_text;
    let tested = match walked_text {
        Some(_) => {
            without_text = UserQuery {
                text: None,
                ..q.clone()
            };
            &without_text
        }
        None => q,
    };
    match sqlite_email_walk(dialect, q, walk) {
        true => {
            sql.push(" FROM users INDEXED BY users_by_email WHERE ");
            push_conditions(sql, dialect, account_id, tested, by_matches);
        }
        false => push_where(sql, dialect, account_id, tested, by_matches),
    }
    if let Some(text) = walked_text {
        let n = sql.bind(Arg::Str(text));
        sql.push(&format!(" AND instr(search_text, {n}) > 0"));
    }
}

/// Whether a SQLite walk (in `walk`'s order) goes by `users_by_email`, named: the planner,
/// which has no statistics, took the unique index of `(account_id, email_lower)`,
/// which holds neither the name key nor whether the user is deleted, and read a row
/// per entry (`q=jo`: 29,000 rows, 108 ms at a million users). A status or a role has
/// its own index, which the planner takes.
fn sqlite_email_walk(dialect: Dialect, q: &UserQuery, walk: Option<Sort>) -> bool {
    dialect == Dialect::Sqlite
        && walk == Some(Sort::Email)
        && q.status.is_none()
        && q.role.is_none()
}

/// The folded text a SQLite walk tests on each entry of an order's index, which holds
/// the search text (migration 0020): three characters or more, and no status or role,
/// whose indexes hold no text. Elsewhere the walk tests the row ids of the text's FTS
/// matches, a list built for every page (`q=mar`: 56,000 ids, 20 ms).
fn sqlite_walked_text(dialect: Dialect, q: &UserQuery, walks: bool) -> Option<String> {
    let fits = dialect == Dialect::Sqlite && walks && q.status.is_none() && q.role.is_none();
    trigram_text(q).filter(|_| fits)
}

/// The search's text, folded, when it is long enough for the trigram index.
fn trigram_text(q: &UserQuery) -> Option<String> {
    Some(fold(search_text(q)?)).filter(|t| t.chars().count() >= TRIGRAM)
}

/// The folded text of a search PostgreSQL may find by a capped walk (`page_sql`): three
/// characters or more, among the users not deleted (whose sort indexes hold the text),
/// with no filter but a status (and the member role of suspended users). A role or a
/// product makes the page's users rarer than the text's
/// (`q=mar&role=manager&product=meeting`: one user in five hundred, a walk of 50,000
/// entries that fell short, 40 ms): the planner walks or drives by the filter's own
/// index then.
fn capped_walk_text(q: &UserQuery) -> Option<String> {
    // Suspended users are members: the role selects no fewer of them.
    let member_of_suspended = q.status == Some(Status::Suspended) && q.role == Some(Role::Member);
    // Their entries hold when each last used their account, too.
    let fits = q.status != Some(Status::Deleted)
        && (q.role.is_none() || member_of_suspended)
        && q.product.is_none()
        && (q.inactive_since.is_none() || q.status == Some(Status::Suspended))
        && q.expr.is_none();
    trigram_text(q).filter(|_| fits)
}

/// The keyset comparison and the SQL direction of `q`'s order.
fn direction(q: &UserQuery) -> (&'static str, &'static str) {
    match q.direction {
        Direction::Ascending => (">", "ASC"),
        Direction::Descending => ("<", "DESC"),
    }
}

/// ` AND (key, id) > (position)` (`<` descending): where a page starts.
fn push_after(sql: &mut Sql, q: &UserQuery, p: &Position) {
    push_after_on(sql, q, p, (sort_expr(q.sort), "id"));
}

/// `push_after` on other columns holding the order's key and the user's id.
fn push_after_on(sql: &mut Sql, q: &UserQuery, p: &Position, (key, id_column): (&str, &str)) {
    let (value, id) = bind_position(sql, q, p);
    let (op, _) = direction(q);
    sql.push(&format!(" AND ({key}, {id_column}) {op} ({value}, {id})"));
}

/// Binds a position's key (a number in the created order) and id.
fn bind_position(sql: &mut Sql, q: &UserQuery, p: &Position) -> (String, String) {
    let value = if q.sort == Sort::Created {
        sql.bind(Arg::Int(created_key(p)))
    } else {
        sql.bind(Arg::Str(p.value.clone()))
    };
    (value, sql.bind(Arg::Str(p.id.clone())))
}

/// A position's key in the created order: a time in milliseconds (a cursor holding
/// anything else starts before every user).
fn created_key(p: &Position) -> i64 {
    p.value.parse().unwrap_or(i64::MIN)
}

/// Binds each id; answers their placeholders, listed for `IN (...)`.
fn bind_ids<'a>(sql: &mut Sql, ids: impl Iterator<Item = &'a String>) -> String {
    let list: Vec<String> = ids.map(|id| sql.bind(Arg::Str(id.clone()))).collect();
    list.join(", ")
}

/// A PostgreSQL page of a text found by walking the sort index: at most
/// `PG_WALK_ENTRIES` entries, read from the index alone (it holds the search text,
/// migration 0020), their text tested there, and only the users whose text matches
/// joined to their rows for the status.
fn push_capped_walk(
    sql: &mut Sql,
    account_id: &str,
    q: &UserQuery,
    text: &str,
    after: Option<&Position>,
    limit: u32,
) {
    let order = sort_expr(q.sort);
    let (_, dir) = direction(q);
    let account = sql.bind(Arg::Str(account_id.to_string()));
    sql.push(&format!(
        "SELECT {COLUMNS} FROM users WHERE id IN (SELECT walked.id FROM \
         (SELECT id, {order} AS sort_key, email_lower AS email_key, search_text FROM users \
         WHERE account_id = {account} AND deleted_at IS NULL"
    ));
    if let Some(p) = after {
        push_after(sql, q, p);
    }
    sql.push(&format!(
        " ORDER BY {order} {dir}, id {dir} LIMIT {PG_WALK_ENTRIES}) AS walked"
    ));
    // Suspended users and nothing else their entries cannot answer: a match's entry in
    // `users_suspended` says it (a probe of its key), not its row (`q=mar&sort=name`:
    // 800 rows read, 17 of the walk's 21 ms). A subquery with a limit, tested on each
    // match in the walk's order: as `EXISTS` the planner hashed every entry and sorted.
    let by_entry = counts_suspended_entries(q);
    if by_entry {
        sql.push(&format!(
            " WHERE (SELECT true FROM users_suspended s WHERE s.account = {account} \
             AND s.email_key = walked.email_key AND s.user_id = walked.id"
        ));
        push_entry_last_use(sql, q);
        sql.push(" LIMIT 1) AND walked.");
    } else {
        sql.push(" JOIN users ON users.id = walked.id WHERE walked.");
    }
    let cond = contains(sql, Dialect::Postgres, text);
    sql.push(&cond);
    if !by_entry {
        sql.push(" AND ");
        let rest = UserQuery {
            text: None,
            ..q.clone()
        };
        push_conditions(sql, Dialect::Postgres, account_id, &rest, false);
    }
    sql.push(&format!(
        " ORDER BY walked.sort_key {dir}, walked.id {dir} LIMIT {}) \
         ORDER BY {order} {dir}, id {dir}",
        limit as u64 + 1
    ));
}

/// Whether a PostgreSQL page walks the suspended users' table (`push_suspended_walk`):
/// the suspended users in email order, with no text or a short prefix tested on each
/// entry, or a longer text when nothing else needs their rows (`counts_suspended_entries`;
/// with other filters the text's own index finds its users).
fn walks_suspended(q: &UserQuery) -> bool {
    // In name order, a short prefix their entries answer: the entries it matches, sorted
    // (`q=jo&sort=name`: 3,800 of 86,000), where the planner read the 44,000 users the
    // prefix matches among all for their status (135 ms at a million users).
    let short_prefix = search_text(q).is_some() && trigram_text(q).is_none();
    q.status == Some(Status::Suspended)
        && match q.sort {
            Sort::Email => trigram_text(q).is_none() || counts_suspended_entries(q),
            Sort::Name => short_prefix && suspended_entries_answer(q),
            Sort::Created => false,
        }
}

/// A PostgreSQL page of suspended users in email order: a walk of `users_suspended`
/// (migration 0021), which holds them in that order, each joined to its row for the
/// filters its entry cannot answer. The index of users by status that this replaces held
/// the same order. In name order (`walks_suspended`), the entries a short prefix matches,
/// sorted.
/// Answers whether the walk is capped (`page_sql`).
fn push_suspended_walk(
    sql: &mut Sql,
    account_id: &str,
    q: &UserQuery,
    after: Option<&Position>,
    limit: u32,
) -> bool {
    let (_, dir) = direction(q);
    let account = sql.bind(Arg::Str(account_id.to_string()));
    sql.push(&format!(
        "SELECT {COLUMNS} FROM users WHERE id IN (SELECT s.user_id FROM "
    ));
    // Where the entries answer every filter, the walk reads no row: joined to them, the
    // planner read every entry matching `q=jo&inactive=30`, joined each and sorted (110
    // ms at a million users, 8.6 without the join). A long text is then found from the
    // entries' own trigram index when few match (migration 0029), and by the walk when
    // many do, as the planner sees it.
    let entries_alone = suspended_entries_answer(q);
    // A long text with other filters: at most `PG_WALK_ENTRIES` entries in their order,
    // the page falling back to the text's matches when they hold too few. Uncapped, the
    // planner expected few matches, read every entry and sorted (`q=müller`: 86,000
    // entries, 52 ms).
    let capped = trigram_text(q).is_some() && !entries_alone;
    if capped {
        sql.push(&format!(
            "(SELECT * FROM users_suspended WHERE account = {account}"
        ));
        if let Some(p) = after {
            push_after_on(sql, q, p, ("email_key", "user_id"));
        }
        sql.push(&format!(
            " ORDER BY email_key {dir}, user_id {dir} LIMIT {PG_WALK_ENTRIES}) AS"
        ));
    } else {
        sql.push("users_suspended");
    }
    match entries_alone {
        true => sql.push(&format!(" s WHERE s.account = {account}")),
        false => sql.push(&format!(
            " s JOIN users ON users.id = s.user_id WHERE s.account = {account}"
        )),
    }
    // The text on the entry (migration 0026): only the entries that match read a row.
    if let Some(text) = search_text(q) {
        push_entry_text(sql, Dialect::Postgres, SUSPENDED_ENTRY, text);
    }
    push_entry_last_use(sql, q);
    if !entries_alone {
        sql.push(" AND status = 'suspended' AND ");
        let rest = UserQuery {
            status: None,
            text: None,
            ..q.clone()
        };
        push_conditions(sql, Dialect::Postgres, account_id, &rest, false);
    }
    let key = match q.sort {
        Sort::Name => "s.name_key",
        _ => "s.email_key",
    };
    if let Some(p) = after {
        push_after_on(sql, q, p, (key, "s.user_id"));
    }
    let order = sort_expr(q.sort);
    sql.push(&format!(
        " ORDER BY {key} {dir}, s.user_id {dir} LIMIT {}) ORDER BY {order} {dir}, id {dir}",
        limit as u64 + 1
    ));
    capped
}

/// Whether PostgreSQL counts `q` from `users_suspended` alone (and a capped walk tests
/// its matches there): suspended users and a text, and no filter their entries cannot
/// answer. Suspended users are members without
/// products and never deleted (the status says so), so a member role adds nothing and
/// a product or another role selects nobody (`UserQuery::selects_nobody`).
fn counts_suspended_entries(q: &UserQuery) -> bool {
    suspended_entries_answer(q) && search_text(q).is_some()
}

/// The inactivity of `q` tested on a suspended user's entry `s` (migration 0028), as
/// `push_conditions` tests it on the row.
fn push_entry_last_use(sql: &mut Sql, q: &UserQuery) {
    if let Some(since) = q.inactive_since {
        let n = sql.bind(Arg::Int(since));
        sql.push(&format!(" AND s.last_use < {n}"));
    }
}

/// Whether `users_suspended` alone answers which users `q` selects on PostgreSQL: the
/// suspended users, by their text and last use (migrations 0026, 0028), with no other
/// filter a suspended user's entry cannot answer (see `counts_suspended_entries`).
fn suspended_entries_answer(q: &UserQuery) -> bool {
    q.status == Some(Status::Suspended)
        && q.role.is_none_or(|r| r == Role::Member)
        && q.product.is_none()
        && q.expr.is_none()
}

/// A SQLite page of many suspended users (`Driver::suspended_walk`), walking at most
/// `entries` entries of the order's index and reading each one's row for the status and
/// the other filters; `None` when those entries held too few for the page (they sort
/// together further on, or this is the last page). The walk is bounded by the key of
/// its last entry, found first from the index alone: a limit on the walk itself would
/// have SQLite read every entry of it before sorting the page.
async fn walked_suspended_page(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    after: Option<&Position>,
    limit: u32,
    entries: u32,
) -> Result<Option<Vec<UserRecord>>> {
    let order = sort_expr(q.sort);
    let index = sort_index(q.sort);
    let (_, dir) = direction(q);
    let mut sql = Sql::default();
    let account = sql.bind(Arg::Str(account_id.to_string()));
    sql.push(&format!(
        "SELECT {order} AS sort_key, id FROM users INDEXED BY {index} \
         WHERE account_id = {account} AND deleted_at IS NULL"
    ));
    if let Some(p) = after {
        push_after(&mut sql, q, p);
    }
    sql.push(&format!(
        " ORDER BY {order} {dir}, id {dir} LIMIT 1 OFFSET {}",
        entries.saturating_sub(1)
    ));
    let row = bound(conn, &sql.text, &sql)
        .fetch_optional(&mut *conn)
        .await?;
    let last = row.map(|row| position_of_row(q.sort, &row)).transpose()?;
    let mut sql = Sql {
        suspended_walked: true,
        ..Sql::default()
    };
    sql.push(&format!(
        "SELECT {COLUMNS} FROM users WHERE id IN (SELECT id FROM users INDEXED BY {index} WHERE "
    ));
    // The text on the entry, where the index holds it: only the entries that match
    // read their row (a trigram text's matches as a list of row ids took longer to
    // build than the walk).
    let rest = UserQuery {
        text: None,
        ..q.clone()
    };
    push_conditions(&mut sql, Dialect::Sqlite, account_id, &rest, false);
    if let Some(text) = search_text(q) {
        push_entry_text(&mut sql, Dialect::Sqlite, USER_ENTRY, text);
    }
    if let Some(p) = after {
        push_after(&mut sql, q, p);
    }
    if let Some(last) = &last {
        // Up to the walk's last entry, itself included.
        let op = match q.direction {
            Direction::Ascending => "<=",
            Direction::Descending => ">=",
        };
        let (value, id) = bind_position(&mut sql, q, last);
        sql.push(&format!(" AND ({order}, id) {op} ({value}, {id})"));
    }
    sql.push(&format!(
        " ORDER BY {order} {dir}, id {dir} LIMIT {}) ORDER BY {order} {dir}, id {dir}",
        limit as u64 + 1
    ));
    let users = fetch_users(conn, &sql).await?;
    if last.is_some() && users.len() <= limit as usize {
        return Ok(None);
    }
    Ok(Some(users))
}

/// The SQLite index of the users not deleted in `sort`'s order (migration 0020).
fn sort_index(sort: Sort) -> &'static str {
    match sort {
        Sort::Email => "users_by_email",
        Sort::Name => "users_by_name",
        Sort::Created => "users_by_created",
    }
}

/// How many entries a SQLite page of a text its matches drive walks first
/// (`Driver::text_walk`): the driver's own when set (tests), else `TEXT_WALK_ENTRIES`
/// when the text has no other filter and its matches, were they spread evenly over the
/// account's users, would fill the page within half of them.
async fn text_walk(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    driver: Driver,
    limit: u32,
) -> Result<Option<u32>> {
    if !text_walks_first(q) {
        return Ok(None);
    }
    if driver.text_walk.is_some() {
        return Ok(driver.text_walk);
    }
    let Some(hits) = driver.hits else {
        return Ok(None);
    };
    let users = counts::count(conn, account_id, &count_filter(q)).await?;
    let expected = (u64::from(limit) + 1) * users;
    Ok((expected <= hits * u64::from(TEXT_WALK_ENTRIES) / 2).then_some(TEXT_WALK_ENTRIES))
}

/// Whether a text may be walked for before its matches drive (`Driver::text_walk`): a
/// trigram text with no other filter, in the created order. Not in the email or name
/// order, where a name's users sort together (the Smiths' first names, the Müllers'
/// name keys): a walk from elsewhere meets none of them and falls back every time.
fn text_walks_first(q: &UserQuery) -> bool {
    q.sort == Sort::Created
        && q.status.is_none()
        && q.role.is_none()
        && q.product.is_none()
        && q.inactive_since.is_none()
        && q.expr.is_none()
        && trigram_text(q).is_some()
}

/// A SQLite page of a common text in the created order (`Driver::text_walk`): at most
/// `entries` entries of the order's index walked, the text tested on each (the index
/// holds it, migration 0020); `None` when they held too few matches for the page.
///
/// The walk is a subquery with its own limit, read in its order by a scan that stops at
/// the page's last match: only the entries up to it are read (a bound found first, as
/// `walked_suspended_page` finds it, read the cap's entries every time: 3.5 ms for
/// 12,000 where the Smiths' page needed 4,400).
async fn walked_text_page(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    after: Option<&Position>,
    limit: u32,
    entries: u32,
) -> Result<Option<Vec<UserRecord>>> {
    let Some(text) = trigram_text(q) else {
        return Ok(None);
    };
    let order = sort_expr(q.sort);
    let (_, dir) = direction(q);
    let mut sql = Sql::default();
    let account = sql.bind(Arg::Str(account_id.to_string()));
    sql.push(&format!(
        "SELECT {COLUMNS} FROM users WHERE id IN (SELECT id FROM (SELECT id, search_text \
         FROM users INDEXED BY {} WHERE account_id = {account} AND deleted_at IS NULL",
        sort_index(q.sort)
    ));
    if let Some(p) = after {
        push_after(&mut sql, q, p);
    }
    let text = sql.bind(Arg::Str(text));
    sql.push(&format!(
        " ORDER BY {order} {dir}, id {dir} LIMIT {entries}) AS walked \
         WHERE instr(search_text, {text}) > 0 LIMIT {}) ORDER BY {order} {dir}, id {dir}",
        limit as u64 + 1
    ));
    let users = fetch_users(conn, &sql).await?;
    Ok((users.len() > limit as usize).then_some(users))
}

/// Whether `bulk_page` reads the query's users: free text and attribute expressions
/// keep the list's order ([`search`]), where their own indexes drive them.
pub fn walks_by_id(q: &UserQuery) -> bool {
    search_text(q).is_none() && q.expr.is_none()
}

/// A page of the users a bulk change selects by filter, in id order, and the id after
/// which the next page starts (`None` after the last page). A page may hold fewer users
/// than `limit` (even none) before the end. For the queries of [`walks_by_id`].
///
/// Not the list's order: a selection is read whole, and id order is the one its writes
/// want (see `service::bulk`). A product drives the walk through its holders, by the
/// index `(account_id, product, user_id)`; the list's order would probe every user of
/// the account for the product (ten seconds for 100,000 holders among a million).
pub async fn bulk_page(
    conn: &mut AnyConnection,
    account_id: &str,
    q: &UserQuery,
    after: Option<&str>,
    limit: u32,
) -> Result<(Vec<UserRecord>, Option<String>)> {
    debug_assert!(walks_by_id(q));
    if q.selects_nobody() {
        return Ok((Vec::new(), None));
    }
    let dialect = dialect_of(conn);
    let after = after.unwrap_or("");
    let Some(product) = &q.product else {
        let mut sql = Sql::default();
        sql.push(&format!("SELECT {COLUMNS}"));
        push_where(&mut sql, dialect, account_id, q, false);
        let n = sql.bind(Arg::Str(after.to_string()));
        sql.push(&format!(" AND id > {n} ORDER BY id LIMIT {limit}"));
        let users = fetch_users(conn, &sql).await?;
        let next = (users.len() == limit as usize).then(|| users.last().map(|u| u.id.clone()));
        return Ok((users, next.flatten()));
    };
    let holders: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT user_id FROM user_products WHERE account_id = $1 AND product = $2 \
         AND user_id > $3 ORDER BY user_id LIMIT {limit}"
    ))
    .bind(account_id.to_string())
    .bind(product.clone())
    .bind(after.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let next = (holders.len() == limit as usize)
        .then(|| holders.last().cloned())
        .flatten();
    if holders.is_empty() {
        return Ok((Vec::new(), next));
    }
    let mut sql = Sql::default();
    sql.push(&format!("SELECT {COLUMNS}"));
    // The holders drive (`+account_id`), the other filters test them; the product is
    // known already.
    let rest = UserQuery {
        product: None,
        ..q.clone()
    };
    push_where(
        &mut sql,
        dialect,
        account_id,
        &rest,
        dialect == Dialect::Sqlite,
    );
    let ids = bind_ids(&mut sql, holders.iter());
    sql.push(&format!(" AND id IN ({ids}) ORDER BY id"));
    Ok((fetch_users(conn, &sql).await?, next))
}
