//! `/users`: search, filters, sortable columns, keyset paging both ways ("1–25 of N"), a
//! page size, the deleted users with Restore, the bulk-selection form and the export link.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::page::{error_page, form_error, render, Frame};
use super::session::SignedIn;
use super::widgets::Choice;
use crate::domain::query::{Direction, PageAt, Position, Sort, SortOrder, Total, UserQuery};
use crate::domain::{ActorRole, Role, Status};
use crate::http::paging::{decode_cursor, encode_cursor, ListFilters};
use crate::http::AppState;
use crate::store::user_list::position_of;
use crate::store::users::UserRecord;

const PAGE_SIZES: [u32; 3] = [25, 50, 100];
const INACTIVE_DAYS: [u32; 3] = [30, 60, 90];
/// The bulk actions, as `POST /users/bulk` and the API name them.
const BULK_ACTIONS: [&str; 7] = [
    "add_products",
    "remove_products",
    "set_role",
    "suspend",
    "reactivate",
    "delete",
    "restore",
];

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListParams {
    q: Option<String>,
    status: Option<String>,
    role: Option<String>,
    product: Option<String>,
    inactive: Option<String>,
    sort: Option<String>,
    size: Option<String>,
    /// The page after this position (next).
    cursor: Option<String>,
    /// The page before this position (previous), in the reversed order's cursor.
    before: Option<String>,
    /// The 1-based rank of the page's first row, for "26–50 of N". Carried by the
    /// links, so a hand-edited value is only believed where nothing contradicts it.
    start: Option<String>,
    notice: Option<String>,
}

/// The parameters that select users (not the page): carried by every link of the list,
/// the export link and the bulk form.
const FILTERS: [&str; 5] = ["q", "status", "role", "product", "inactive"];

impl ListParams {
    fn value(&self, k: &str) -> Option<&str> {
        let v = match k {
            "q" => &self.q,
            "status" => &self.status,
            "role" => &self.role,
            "product" => &self.product,
            "inactive" => &self.inactive,
            "sort" => &self.sort,
            "size" => &self.size,
            _ => &None,
        };
        v.as_deref().filter(|v| !v.is_empty())
    }

    /// Forgets a filter the service refused, keeping the others.
    fn drop_field(&mut self, field: &str) -> bool {
        let slot = match field {
            "status" => &mut self.status,
            "role" => &mut self.role,
            "product" => &mut self.product,
            "inactive" => &mut self.inactive,
            "sort" => &mut self.sort,
            "cursor" | "before" => {
                self.cursor = None;
                self.before = None;
                self.start = None;
                return true;
            }
            _ => return false,
        };
        slot.take().is_some()
    }

    fn size(&self) -> u32 {
        self.value("size")
            .and_then(|s| s.parse().ok())
            .filter(|s| PAGE_SIZES.contains(s))
            .unwrap_or(PAGE_SIZES[0])
    }

    /// `PATH?filters[&sort][&size][&extra]`.
    fn link(&self, path: &str, keys: &[&str], extra: &[(&str, String)]) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for k in keys {
            if let Some(v) = self.value(k) {
                s.append_pair(k, v);
            }
        }
        for (k, v) in extra {
            s.append_pair(k, v);
        }
        let query = s.finish();
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        }
    }

    /// The list with the same filters, sort and size, and these page parameters.
    fn list_link(&self, extra: &[(&str, String)]) -> String {
        let keys = [FILTERS.as_slice(), &["sort", "size"]].concat();
        self.link("/users", &keys, extra)
    }
}

pub struct UserRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub status: &'static str,
    pub status_label: String,
    pub products: String,
    pub version: i64,
    pub days_left: Option<i64>,
    /// A manager may not restore an admin.
    pub may_restore: bool,
    /// Last portal sign-in or allowed access check: (RFC 3339, as shown without script).
    pub last_sign_in: Option<(String, String)>,
    /// When the user was added: (RFC 3339, as shown without script).
    pub created: (String, String),
}

/// A column header: a link sorting by it, the other way when it is the current sort.
pub struct SortHeader {
    pub label: String,
    pub link: String,
    /// `ascending`, `descending` or `none`, for `aria-sort`.
    pub aria: &'static str,
    pub key: &'static str,
}

/// A product checkbox of the bulk form.
pub struct BulkProduct {
    pub key: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "web/users.html")]
struct ListPage {
    page: Frame,
    rows: Vec<UserRow>,
    total_label: String,
    range_label: String,
    q: String,
    statuses: Vec<Choice>,
    roles: Vec<Choice>,
    products: Vec<Choice>,
    inactivity: Vec<Choice>,
    sizes: Vec<Choice>,
    sorts: Vec<Choice>,
    headers: Vec<SortHeader>,
    deleted_view: bool,
    next_link: Option<String>,
    prev_link: Option<String>,
    export_link: String,
    error: Option<String>,
    notice: Option<String>,
    /// The current filters, as hidden fields of the bulk form.
    filter_fields: Vec<(&'static str, String)>,
    /// "Select all N matching this filter"; absent when the filter is one the bulk
    /// request cannot carry (inactivity), so that it never selects more than shown.
    select_all_label: Option<String>,
    bulk_actions: Vec<Choice>,
    bulk_products: Vec<BulkProduct>,
    bulk_roles: Vec<Choice>,
}

fn choices(options: Vec<(String, String)>, current: &str) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == current,
            value,
            label,
        })
        .collect()
}

fn row(state: &AppState, me: &SignedIn, u: &UserRecord) -> UserRow {
    let catalog = state.service.catalog();
    UserRow {
        id: u.id.clone(),
        name: format!("{} {}", u.first_name, u.last_name),
        email: u.email.clone(),
        role: me.tr.role(u.role),
        status: u.status.as_str(),
        status_label: me.tr.status(u.status),
        products: u
            .products
            .iter()
            .map(|k| catalog.name_of(k))
            .collect::<Vec<_>>()
            .join(", "),
        version: u.version,
        days_left: u.deleted_at.map(|at| state.service.days_before_purge(at)),
        may_restore: me.actor.role == ActorRole::Admin || u.role != Role::Admin,
        last_sign_in: None,
        created: {
            let (shown, iso) = super::history::when(u.created_at);
            (iso, shown)
        },
    }
}

fn flipped(o: SortOrder) -> SortOrder {
    SortOrder {
        direction: match o.direction {
            Direction::Ascending => Direction::Descending,
            Direction::Descending => Direction::Ascending,
        },
        ..o
    }
}

/// The query's filters read from the parameters. A filter the service refuses (a
/// hand-edited address, a stale cursor) is dropped and named; the others still apply.
fn read_query(
    state: &AppState,
    p: &mut ListParams,
) -> (
    UserQuery,
    Option<Position>,
    Option<Position>,
    Option<String>,
) {
    let mut refused = None;
    for _ in 0..8 {
        let filters = ListFilters {
            status: p.status.clone(),
            role: p.role.clone(),
            product: p.product.clone(),
            q: p.q.clone(),
            sort: p.sort.clone(),
            cursor: p.cursor.clone(),
            inactive: p.inactive.clone(),
        };
        let read = filters
            .to_query(state.service.catalog())
            .and_then(|(q, after)| {
                let before = p
                    .before
                    .as_deref()
                    .filter(|b| !b.is_empty())
                    .map(|b| decode_cursor(flipped(q.order()), b))
                    .transpose()?;
                Ok((q, after, before))
            });
        match read {
            Ok((q, after, before)) => return (q, after, before, refused),
            Err(e) => {
                let field = e.field.as_deref().unwrap_or("").to_string();
                refused.get_or_insert(field.clone());
                if !p.drop_field(&field) {
                    break;
                }
            }
        }
    }
    (UserQuery::default(), None, None, refused)
}

/// The rank of a page's first row. The link's `start` is only a hint (anyone can edit a
/// URL): the first page starts at 1, the last one of an exactly counted list ends at the
/// total, and a page in between starts after the first page and ends within the total.
fn page_rank(
    hint: Option<&str>,
    more_before: bool,
    more_after: bool,
    len: u64,
    total: Total,
) -> u64 {
    if !more_before {
        return 1;
    }
    let hint = hint.and_then(|s| s.trim().parse::<u64>().ok()).unwrap_or(2);
    match total {
        Total::Exact(n) if !more_after => n.saturating_sub(len).saturating_add(1).max(2),
        Total::Exact(n) => hint.clamp(2, n.saturating_sub(len).max(2)),
        Total::MoreThan(_) => hint.max(2),
    }
}

pub async fn list(
    State(state): State<AppState>,
    me: SignedIn,
    Query(mut p): Query<ListParams>,
) -> Response {
    let tr = me.tr;
    let deleted_view = p.status.as_deref() == Some("deleted");
    let here = p.list_link(&[]);
    let title = if deleted_view {
        tr.t("portal-deleted-title")
    } else {
        tr.t("portal-users-title")
    };
    let frame = me.frame(title, here, if deleted_view { "deleted" } else { "users" });
    let (query, after, before, refused) = read_query(&state, &mut p);
    let error = refused.map(|field| {
        let name = tr.t(&format!("portal-filter-name-{field}"));
        tr.t1("portal-error-filter-named", "field", name)
    });
    let size = p.size();
    let order = query.order();
    // Going back: the reversed order after the page's first row, read back to front.
    let backwards = before.is_some();
    let (asked, at) = match before {
        Some(b) => (
            UserQuery {
                direction: flipped(order).direction,
                ..query.clone()
            },
            Some(b),
        ),
        None => (query.clone(), after.clone()),
    };
    let found = state
        .service
        .search_users(&me.actor, &asked, &PageAt::After(at), size)
        .await;
    let mut page = match found {
        Ok(page) => page,
        Err(e) => {
            let fe = form_error(tr, &e);
            return error_page(frame, fe.status, fe.message);
        }
    };
    let (more_before, more_after) = if backwards {
        page.users.reverse();
        (page.next.is_some(), true)
    } else {
        (after.is_some(), page.next.is_some())
    };
    let users = page.users;
    let start = page_rank(
        p.start.as_deref(),
        more_before,
        more_after,
        users.len() as u64,
        page.total,
    );
    let end = start + users.len() as u64 - u64::from(!users.is_empty());
    let next_link = more_after.then(|| users.last()).flatten().map(|u| {
        let at = position_of(order.sort, u);
        p.list_link(&[
            ("cursor", encode_cursor(order, &at)),
            ("start", (end + 1).to_string()),
        ])
    });
    let prev_link = more_before.then(|| {
        let back = start.saturating_sub(u64::from(size)).max(1);
        match users.first() {
            // Back to the top: the first page has no cursor.
            Some(u) if back > 1 => {
                let at = position_of(order.sort, u);
                p.list_link(&[
                    ("before", encode_cursor(flipped(order), &at)),
                    ("start", back.to_string()),
                ])
            }
            _ => p.list_link(&[]),
        }
    });
    // One query for the page's last sign-ins; the list still shows if it fails.
    let ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
    let last = state
        .service
        .last_uses(&me.actor, &ids)
        .await
        .unwrap_or_default();
    let rows = users
        .iter()
        .map(|u| UserRow {
            last_sign_in: last.get(&u.id).map(|at| {
                let (shown, iso) = super::history::when(*at);
                (iso, shown)
            }),
            ..row(&state, &me, u)
        })
        .collect();

    let total = page.total;
    let count = |n: u64| n.to_string();
    let range_label = match (users.is_empty(), total) {
        (true, _) => String::new(),
        (false, Total::Exact(n)) => tr.with(
            "portal-range",
            &[
                ("from", crate::i18n::Arg::Text(&count(start))),
                ("to", crate::i18n::Arg::Text(&count(end))),
                ("total", crate::i18n::Arg::Text(&count(n))),
            ],
        ),
        (false, Total::MoreThan(n)) => tr.with(
            "portal-range-more",
            &[
                ("from", crate::i18n::Arg::Text(&count(start))),
                ("to", crate::i18n::Arg::Text(&count(end))),
                ("total", crate::i18n::Arg::Text(&count(n))),
            ],
        ),
    };
    let select_all_label = p.value("inactive").is_none().then(|| match total {
        Total::Exact(n) => tr.n("portal-bulk-select-all", "count", n as i64),
        Total::MoreThan(n) => tr.n("portal-bulk-select-all-more", "count", n as i64),
    });

    let catalog = state.service.catalog();
    let mut statuses = vec![(String::new(), tr.t("portal-filter-any-status"))];
    statuses.extend(
        [Status::Active, Status::Suspended, Status::Deleted]
            .map(|s| (s.as_str().to_string(), tr.status(s))),
    );
    let mut roles = vec![(String::new(), tr.t("portal-filter-any-role"))];
    roles.extend(Role::ALL.map(|r| (r.as_str().to_string(), tr.role(r))));
    let mut products = vec![(String::new(), tr.t("portal-filter-any-product"))];
    products.extend(
        catalog
            .products()
            .iter()
            .map(|p| (p.key.clone(), p.name.clone())),
    );
    let mut inactivity = vec![(String::new(), tr.t("portal-inactive-any"))];
    inactivity.extend(INACTIVE_DAYS.map(|d| {
        (
            d.to_string(),
            tr.n("portal-inactive-days", "days", d.into()),
        )
    }));
    // The same orders as the column headers, for phones where the list is cards.
    let sorts = [Sort::Email, Sort::Name, Sort::Created]
        .into_iter()
        .flat_map(|sort| {
            let label = tr.t(&format!("portal-sort-{}", sort.as_str()));
            [(Direction::Ascending, "↑"), (Direction::Descending, "↓")].map(|(direction, arrow)| {
                let o = SortOrder { sort, direction };
                (o.as_param(), format!("{label} {arrow}"))
            })
        })
        .collect();
    let sizes = PAGE_SIZES.map(|s| (s.to_string(), s.to_string())).to_vec();
    let headers = [
        (Sort::Name, "portal-col-name"),
        (Sort::Email, "portal-col-email"),
        (Sort::Created, "portal-sort-created"),
    ]
    .map(|(sort, label)| {
        let current = order.sort == sort;
        let next = SortOrder {
            sort,
            direction: if current && order.direction == Direction::Ascending {
                Direction::Descending
            } else {
                Direction::Ascending
            },
        };
        let mut without_sort = p.clone();
        without_sort.sort = Some(next.as_param());
        SortHeader {
            label: tr.t(label),
            link: without_sort.list_link(&[]),
            aria: match (current, order.direction) {
                (false, _) => "none",
                (true, Direction::Ascending) => "ascending",
                (true, Direction::Descending) => "descending",
            },
            key: sort.as_str(),
        }
    })
    .into();
    // The role filter travels as `filter_role`: `role` is the role `set_role` gives.
    let filter_fields = [
        ("status", "status"),
        ("role", "filter_role"),
        ("product", "product"),
        ("q", "q"),
    ]
    .into_iter()
    .filter_map(|(k, name)| p.value(k).map(|v| (name, v.to_string())))
    .collect();
    let admin = me.actor.role == ActorRole::Admin;
    let bulk_actions = BULK_ACTIONS
        .iter()
        .map(|a| (a.to_string(), tr.t(&format!("portal-bulk-{a}"))))
        .collect();
    // No role until one is chosen, so that another action never sends one.
    let mut bulk_roles = vec![(String::new(), "—".to_string())];
    bulk_roles.extend(
        Role::ALL
            .into_iter()
            .filter(|r| *r != Role::Admin || admin)
            .map(|r| (r.as_str().to_string(), tr.role(r))),
    );
    let notice = match p.notice.as_deref() {
        Some("deleted") => Some(tr.t("portal-notice-deleted")),
        Some("restored") => Some(tr.t("portal-notice-restored")),
        _ => None,
    };
    let page = ListPage {
        page: frame,
        rows,
        total_label: match total {
            Total::Exact(n) => tr.t1("portal-users-count", "count", n),
            Total::MoreThan(n) => tr.t1("portal-users-count-more", "count", n),
        },
        range_label,
        q: p.q.clone().unwrap_or_default(),
        statuses: choices(statuses, p.value("status").unwrap_or("")),
        roles: choices(roles, p.value("role").unwrap_or("")),
        products: choices(products, p.value("product").unwrap_or("")),
        inactivity: choices(inactivity, p.value("inactive").unwrap_or("")),
        sizes: choices(sizes, &size.to_string()),
        sorts: choices(sorts, &order.as_param()),
        headers,
        deleted_view,
        next_link,
        prev_link,
        export_link: p.link(
            "/users/export",
            &[FILTERS.as_slice(), &["sort"]].concat(),
            &[],
        ),
        error,
        notice,
        filter_fields,
        select_all_label,
        bulk_actions: choices(bulk_actions, ""),
        bulk_products: catalog
            .products()
            .iter()
            .map(|p| BulkProduct {
                key: p.key.clone(),
                name: p.name.clone(),
            })
            .collect(),
        bulk_roles: choices(bulk_roles, ""),
    };
    let status = if page.error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render(status, &page)
}

/// `/users/export`: the users the list's filters select, every page, as CSV that imports.
pub async fn export(
    State(state): State<AppState>,
    me: SignedIn,
    Query(p): Query<ListParams>,
) -> Response {
    use crate::http::export::{csv_download, user_record, USER_COLUMNS};
    use axum::response::IntoResponse;
    let filters = ListFilters {
        status: p.status,
        role: p.role,
        product: p.product,
        q: p.q,
        sort: p.sort,
        cursor: None,
        inactive: p.inactive,
    };
    let query = match filters.to_query(state.service.catalog()) {
        Ok((query, _)) => query,
        Err(e) => return (StatusCode::BAD_REQUEST, e.message).into_response(),
    };
    match state.service.export_users(&me.actor, &query) {
        Ok(chunks) => csv_download("users.csv", &USER_COLUMNS, chunks, user_record),
        Err(e) => {
            let fe = form_error(me.tr, &e);
            (fe.status, fe.message).into_response()
        }
    }
}

#[cfg(test)]
mod rank_tests {
    use super::*;

    #[test]
    fn the_first_page_starts_at_one_whatever_the_link_says() {
        assert_eq!(
            page_rank(Some("900"), false, true, 25, Total::Exact(100)),
            1
        );
    }

    #[test]
    fn the_last_page_ends_at_the_total() {
        assert_eq!(
            page_rank(Some("999999"), true, false, 10, Total::Exact(60)),
            51
        );
        assert_eq!(page_rank(None, true, false, 25, Total::Exact(50)), 26);
    }

    #[test]
    fn a_page_in_between_stays_within_the_list() {
        assert_eq!(page_rank(Some("26"), true, true, 25, Total::Exact(100)), 26);
        assert_eq!(
            page_rank(Some("999999"), true, true, 25, Total::Exact(100)),
            75
        );
        assert_eq!(page_rank(Some("0"), true, true, 25, Total::Exact(100)), 2);
        assert_eq!(page_rank(Some("abc"), true, true, 25, Total::Exact(100)), 2);
        assert_eq!(
            page_rank(Some("20000"), true, true, 25, Total::MoreThan(10_000)),
            20000
        );
    }
}
