//! `/users`: search, filters, sorting, cursor paging and the deleted users with Restore.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::page::{error_page, form_error, render, Frame};
use super::session::SignedIn;
use crate::domain::query::{PageAt, Total, UserQuery};
use crate::domain::{ActorRole, Role, Status};
use crate::http::paging::{encode_cursor, ListFilters};
use crate::http::AppState;
use crate::store::users::UserRecord;

const PAGE_SIZE: u32 = 25;

#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    q: Option<String>,
    status: Option<String>,
    role: Option<String>,
    product: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
    notice: Option<String>,
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
}

/// One `<option>` of a filter.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "web/users.html")]
struct ListPage {
    page: Frame,
    rows: Vec<UserRow>,
    total_label: String,
    q: String,
    statuses: Vec<Choice>,
    roles: Vec<Choice>,
    products: Vec<Choice>,
    sorts: Vec<Choice>,
    deleted_view: bool,
    next_link: Option<String>,
    first_link: Option<String>,
    error: Option<String>,
    notice: Option<String>,
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

/// The list's address with these filters and, optionally, a cursor.
fn list_link(p: &ListParams, cursor: Option<&str>) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("q", &p.q),
        ("status", &p.status),
        ("role", &p.role),
        ("product", &p.product),
        ("sort", &p.sort),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            s.append_pair(k, v);
        }
    }
    if let Some(c) = cursor {
        s.append_pair("cursor", c);
    }
    let query = s.finish();
    if query.is_empty() {
        "/users".to_string()
    } else {
        format!("/users?{query}")
    }
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
    }
}

pub async fn list(
    State(state): State<AppState>,
    me: SignedIn,
    Query(p): Query<ListParams>,
) -> Response {
    let tr = me.tr;
    let deleted_view = p.status.as_deref() == Some("deleted");
    let here = list_link(&p, p.cursor.as_deref());
    let title = if deleted_view {
        tr.t("portal-deleted-title")
    } else {
        tr.t("portal-users-title")
    };
    let frame = me.frame(title, here, if deleted_view { "deleted" } else { "users" });
    let filters = ListFilters {
        status: p.status.clone(),
        role: p.role.clone(),
        product: p.product.clone(),
        q: p.q.clone(),
        sort: p.sort.clone(),
        cursor: p.cursor.clone(),
    };
    let ((query, after), error) = match filters.to_query(state.service.catalog()) {
        Ok(q) => (q, None),
        // A bad filter (hand-edited address): show everything, say why.
        Err(_) => (
            (UserQuery::default(), None),
            Some(tr.t("portal-error-filter")),
        ),
    };
    let found = state
        .service
        .search_users(&me.actor, &query, &PageAt::After(after), PAGE_SIZE)
        .await;
    let page = match found {
        Ok(page) => page,
        Err(e) => {
            let fe = form_error(tr, &e);
            return error_page(frame, fe.status, fe.message);
        }
    };
    let next_link = page
        .next
        .map(|at| list_link(&p, Some(&encode_cursor(query.order(), &at))));
    let total = page.total;
    let users = page.users;
    let first_link = p.cursor.is_some().then(|| list_link(&p, None));
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

    let mut statuses = vec![(String::new(), tr.t("portal-filter-any-status"))];
    statuses.extend(
        [Status::Active, Status::Suspended, Status::Deleted]
            .map(|s| (s.as_str().to_string(), tr.status(s))),
    );
    let mut roles = vec![(String::new(), tr.t("portal-filter-any-role"))];
    roles.extend(Role::ALL.map(|r| (r.as_str().to_string(), tr.role(r))));
    let mut products = vec![(String::new(), tr.t("portal-filter-any-product"))];
    products.extend(
        state
            .service
            .catalog()
            .products()
            .iter()
            .map(|p| (p.key.clone(), p.name.clone())),
    );
    let sorts = ["email", "name", "created"]
        .map(|s| (s.to_string(), tr.t(&format!("portal-sort-{s}"))))
        .to_vec();
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
        q: p.q.clone().unwrap_or_default(),
        statuses: choices(statuses, p.status.as_deref().unwrap_or("")),
        roles: choices(roles, p.role.as_deref().unwrap_or("")),
        products: choices(products, p.product.as_deref().unwrap_or("")),
        sorts: choices(sorts, p.sort.as_deref().unwrap_or("email")),
        deleted_view,
        next_link,
        first_link,
        error,
        notice,
    };
    let status = if page.error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render(status, &page)
}
