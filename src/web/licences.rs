//! `/licences`: per product, the seats used and the limit (admins change it), who holds
//! it (a link to the filtered list), and the products given to new users.

use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::form::FormData;
use super::page::{error_page, form_error, render, see_other, Frame};
use super::session::{csrf_refusal, SignedIn};
use super::widgets::{product_boxes, seats_label, ProductBox};
use crate::domain::ActorRole;
use crate::http::AppState;

pub struct LicenceRow {
    pub key: String,
    pub name: String,
    pub used_label: String,
    /// The limit as the input shows it; empty = unlimited.
    pub limit: String,
    pub limit_label: String,
    pub holders_label: String,
    pub holders_link: String,
    pub full: bool,
    pub getting_started: bool,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "web/licences.html")]
struct LicencesPage {
    page: Frame,
    rows: Vec<LicenceRow>,
    can_edit: bool,
    /// The products for new users, one checkbox per product.
    template: Vec<ProductBox>,
    template_names: String,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct LicencesQuery {
    notice: Option<String>,
}

/// What a refused form sent, shown again on its row.
struct Refused {
    key: String,
    value: String,
    message: String,
}

async fn page(
    state: &AppState,
    me: &SignedIn,
    status: StatusCode,
    refused: Option<Refused>,
    notice: Option<String>,
) -> Response {
    let tr = me.tr;
    let frame = me.frame(
        tr.t("portal-licences-title"),
        "/licences".into(),
        "licences",
    );
    let seats = match state.service.products(&me.actor).await {
        Ok(s) => s,
        Err(e) => {
            let fe = form_error(tr, &e);
            return error_page(frame, fe.status, fe.message);
        }
    };
    let template = match state.service.new_user_products(&me.actor).await {
        Ok(t) => t,
        Err(e) => {
            let fe = form_error(tr, &e);
            return error_page(frame, fe.status, fe.message);
        }
    };
    let template_names = seats
        .iter()
        .filter(|p| template.contains(&p.key))
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let rows = seats
        .iter()
        .map(|p| {
            let mine = refused.as_ref().filter(|r| r.key == p.key);
            LicenceRow {
                key: p.key.clone(),
                name: p.name.clone(),
                used_label: seats_label(tr, p),
                limit: match mine {
                    Some(r) => r.value.clone(),
                    None => p.seats.map(|s| s.to_string()).unwrap_or_default(),
                },
                limit_label: match p.seats {
                    Some(s) => tr.n("portal-licences-limit", "seats", s.into()),
                    None => tr.t("portal-licences-unlimited"),
                },
                holders_label: tr.n("portal-licences-holders", "count", p.seats_used.into()),
                holders_link: format!("/users?product={}", p.key),
                full: p.seats_available == Some(0),
                getting_started: p.getting_started_email,
                error: mine.map(|r| r.message.clone()),
            }
        })
        .collect();
    let page = LicencesPage {
        page: frame,
        rows,
        can_edit: me.actor.role == ActorRole::Admin,
        template: product_boxes(tr, &seats, &template, &std::collections::BTreeSet::new()),
        template_names,
        notice,
        error: refused.map(|r| r.message),
    };
    render(status, &page)
}

pub async fn show(
    State(state): State<AppState>,
    me: SignedIn,
    Query(q): Query<LicencesQuery>,
) -> Response {
    let notice = match q.notice.as_deref() {
        Some("seats") => Some(me.tr.t("portal-notice-seats")),
        Some("new-user-products") => Some(me.tr.t("portal-notice-new-user-products")),
        _ => None,
    };
    page(&state, &me, StatusCode::OK, None, notice).await
}

/// A product's seat limit: a whole number, or empty for unlimited.
pub async fn set_seats(
    State(state): State<AppState>,
    me: SignedIn,
    Path(key): Path<String>,
    RawForm(body): RawForm,
) -> Response {
    let form = FormData::parse(&body);
    if let Some(refused) = csrf_refusal(&me, form.get("csrf")) {
        return refused;
    }
    let value = form.get("seats").unwrap_or_default().trim().to_string();
    let seats = if value.is_empty() {
        Ok(None)
    } else {
        value.parse::<u32>().map(Some)
    };
    let seats = match seats {
        Ok(s) => s,
        Err(_) => {
            let message = me.tr.t("portal-error-seats-number");
            let refused = Refused {
                key,
                value,
                message,
            };
            return page(&state, &me, StatusCode::BAD_REQUEST, Some(refused), None).await;
        }
    };
    match state.service.set_seats(&me.actor, &key, seats).await {
        Ok(_) => see_other("/licences?notice=seats"),
        Err(e) => {
            let fe = form_error(me.tr, &e);
            let refused = Refused {
                key,
                value,
                message: fe.message,
            };
            page(&state, &me, fe.status, Some(refused), None).await
        }
    }
}

/// The account's products for new users (admins only; the service refuses others).
pub async fn set_new_user_products(
    State(state): State<AppState>,
    me: SignedIn,
    RawForm(body): RawForm,
) -> Response {
    let form = FormData::parse(&body);
    if let Some(refused) = csrf_refusal(&me, form.get("csrf")) {
        return refused;
    }
    let keys: Vec<String> = form.all("products").into_iter().collect();
    match state.service.set_new_user_products(&me.actor, &keys).await {
        Ok(_) => see_other("/licences?notice=new-user-products"),
        Err(e) => {
            let fe = form_error(me.tr, &e);
            let refused = Refused {
                key: String::new(),
                value: String::new(),
                message: fe.message,
            };
            page(&state, &me, fe.status, Some(refused), None).await
        }
    }
}
