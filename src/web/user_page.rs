//! `/users/{id}`: the user page with its Products and Roles panels, the actions and the
//! audit history. Also re-rendered by the forms after a refusal or a preview.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;

use super::page::{error_page, form_error, render, FormError};
use super::session::SignedIn;
use super::text::{Tr, LANGUAGES};
use crate::domain::{policy, ActorRole, Role, Status};
use crate::http::AppState;
use crate::service::users::PreviewEmail;
use crate::store::audit::AuditEvent;
use crate::store::users::UserRecord;

pub struct ProductBox {
    pub key: String,
    pub name: String,
    pub checked: bool,
    pub seats: String,
    pub getting_started: bool,
    /// No seat left for someone who does not hold it yet.
    pub full: bool,
}

pub struct RoleRadio {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

pub struct AuditLine {
    pub at: String,
    pub actor: String,
    pub channel: String,
    pub action: String,
    pub detail: String,
    pub notified: String,
}

/// What a form submitted, shown again after a refusal or a preview.
#[derive(Default)]
pub struct Submitted {
    pub products: Option<BTreeSet<String>>,
    pub role: Option<Role>,
    pub no_notify_products: bool,
    pub no_notify_role: bool,
    /// The panel the form came from: `products` or `role`.
    pub panel: &'static str,
    pub error: Option<FormError>,
    pub preview: Option<Vec<PreviewEmail>>,
    pub version: Option<i64>,
}

#[derive(Template)]
#[template(path = "web/user.html")]
pub struct UserPage {
    pub page: super::page::Frame,
    pub id: String,
    pub name: String,
    pub initials: String,
    pub email: String,
    pub language: String,
    pub role_label: String,
    pub status: &'static str,
    pub status_label: String,
    pub version: i64,
    pub days_left: Option<i64>,
    pub can_edit: bool,
    pub read_only: Option<String>,
    pub held: String,
    pub products: Vec<ProductBox>,
    pub roles: Vec<RoleRadio>,
    pub no_notify_products: bool,
    pub no_notify_role: bool,
    pub open_products: bool,
    pub open_role: bool,
    pub products_error: Option<String>,
    pub role_error: Option<String>,
    pub page_error: Option<String>,
    pub preview_products: Option<Vec<String>>,
    pub preview_role: Option<Vec<String>>,
    pub notice: Option<String>,
    pub can_suspend: bool,
    pub can_reactivate: bool,
    pub can_delete: bool,
    pub can_restore: bool,
    /// A manager or admin this person may manage: a fresh link to set a password.
    pub can_send_link: bool,
    pub audit: Vec<AuditLine>,
}

#[derive(Deserialize)]
pub struct PageQuery {
    notice: Option<String>,
}

/// `2026-11-26 07:10 UTC` for a Unix time in milliseconds.
fn when(ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

fn preview_lines(tr: Tr, emails: &[PreviewEmail]) -> Vec<String> {
    // The subject is shown as the recipient will read it, in their own language.
    emails
        .iter()
        .map(|e| {
            let key = format!("portal-email-{}", e.kind.replace('_', "-"));
            tr.t2(&key, ("to", &e.to), ("subject", &e.subject))
        })
        .collect()
}

fn audit_line(tr: Tr, state: &AppState, e: &AuditEvent) -> AuditLine {
    let catalog = state.service.catalog();
    let field = |v: &Option<Value>, k: &str| v.as_ref().and_then(|v| v.get(k)).cloned();
    let mut detail = Vec::new();
    let keys = |v: Option<Value>| -> BTreeSet<String> {
        v.and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default()
    };
    let (before, after) = (
        keys(field(&e.before, "products")),
        keys(field(&e.after, "products")),
    );
    let added: Vec<_> = after
        .difference(&before)
        .map(|k| format!("+{}", catalog.name_of(k)))
        .collect();
    let removed: Vec<_> = before
        .difference(&after)
        .map(|k| format!("−{}", catalog.name_of(k)))
        .collect();
    if !added.is_empty() || !removed.is_empty() {
        let list = [added, removed].concat().join(" ");
        detail.push(tr.t1("portal-audit-products", "list", list));
    }
    let text = |v: Option<Value>| v.and_then(|v| v.as_str().map(str::to_string));
    for (k, label) in [
        ("role", "portal-audit-role"),
        ("status", "portal-audit-status"),
    ] {
        let (b, a) = (text(field(&e.before, k)), text(field(&e.after, k)));
        if e.before.is_none() {
            // A creation: the role it starts with; its status follows from it.
            if let (Some(role), "role") = (a.as_deref().and_then(|r| r.parse::<Role>().ok()), k) {
                detail.push(tr.t1("portal-audit-role-new", "new", tr.role(role)));
            }
            continue;
        }
        if b != a {
            let show = |s: Option<String>| match (k, s) {
                ("role", Some(r)) => r.parse::<Role>().map(|r| tr.role(r)).unwrap_or(r),
                ("status", Some(s)) => Status::parse(&s).map(|s| tr.status(s)).unwrap_or(s),
                (_, s) => s.unwrap_or_else(|| "—".into()),
            };
            detail.push(tr.t2(label, ("old", &show(b)), ("new", &show(a))));
        }
    }
    let action_key = format!("portal-action-{}", e.action);
    AuditLine {
        at: when(e.at),
        actor: e.actor.clone(),
        channel: e.channel.clone(),
        action: if crate::i18n::has("en", &action_key) {
            tr.t(&action_key)
        } else {
            e.action.clone()
        },
        detail: detail.join("; "),
        notified: if e.notify {
            tr.t("portal-yes")
        } else {
            tr.t("portal-no")
        },
    }
}

/// Builds the page for `user` as `me` sees it, with what a form submitted, if anything.
pub async fn build(
    state: &AppState,
    me: &SignedIn,
    user: &UserRecord,
    sub: Submitted,
    notice: Option<String>,
) -> Result<UserPage, crate::service::ServiceError> {
    let tr = me.tr;
    let seats = state.service.products(&me.actor).await?;
    let events = state
        .service
        .audit_of(&me.actor, &user.id, None, 50)
        .await?;
    let deleted = user.deleted_at.is_some();
    // A manager sees admins read-only; nobody edits a deleted user before restoring them.
    let may_manage = policy::may_manage(me.actor.role, Some(user.role), user.role).is_ok();
    let can_edit = may_manage && !deleted;
    let read_only = (!may_manage).then(|| tr.t("portal-read-only-admin"));
    let stale = sub.error.as_ref().is_some_and(|e| e.stale);
    // After a conflict, show what is stored now, not what the stale form held.
    let chosen = if stale { None } else { sub.products.clone() };
    let chosen = chosen.unwrap_or_else(|| user.products.clone());
    let products = seats
        .iter()
        .map(|p| {
            let holds = user.products.contains(&p.key);
            ProductBox {
                checked: chosen.contains(&p.key),
                seats: match (p.seats, p.seats_available) {
                    (Some(total), Some(_)) => tr.t2(
                        "portal-seats-limited",
                        ("used", &p.seats_used.to_string()),
                        ("total", &total.to_string()),
                    ),
                    _ => tr.t1("portal-seats-unlimited", "used", p.seats_used),
                },
                getting_started: p.getting_started_email,
                full: !holds && p.seats_available == Some(0),
                key: p.key.clone(),
                name: p.name.clone(),
            }
        })
        .collect();
    let role_now = if stale {
        user.role
    } else {
        sub.role.unwrap_or(user.role)
    };
    let roles = Role::ALL
        .into_iter()
        // A manager never sees the Admin choice.
        .filter(|r| *r != Role::Admin || me.actor.role == ActorRole::Admin)
        .map(|r| RoleRadio {
            value: r.as_str(),
            label: tr.role(r),
            checked: r == role_now,
        })
        .collect();
    // A refusal shows beside its field (the Products or the Roles panel), else in the panel
    // whose form was sent; a conflict, or a refused action (suspend...), atop the page.
    let target = sub.error.as_ref().map(|e| match e.field {
        _ if e.stale => "page",
        Some("products") => "products",
        Some("role") => "role",
        _ if matches!(sub.panel, "products" | "role") => sub.panel,
        _ => "page",
    });
    let message_for = |place: &str| {
        sub.error
            .as_ref()
            .filter(|_| target == Some(place))
            .map(|e| e.message.clone())
    };
    let products_error = message_for("products");
    let role_error = message_for("role");
    let page_error = message_for("page");
    let lines = sub.preview.as_ref().map(|emails| preview_lines(tr, emails));
    let language = LANGUAGES
        .iter()
        .find(|(c, _)| *c == user.locale)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| user.locale.clone());
    Ok(UserPage {
        page: me.frame(
            format!("{} {}", user.first_name, user.last_name),
            format!("/users/{}", user.id),
            if deleted { "deleted" } else { "users" },
        ),
        id: user.id.clone(),
        name: format!("{} {}", user.first_name, user.last_name),
        initials: [&user.first_name, &user.last_name]
            .iter()
            .filter_map(|n| n.chars().next())
            .collect(),
        email: user.email.clone(),
        language,
        role_label: tr.role(user.role),
        status: user.status.as_str(),
        status_label: tr.status(user.status),
        version: if stale {
            user.version
        } else {
            sub.version.unwrap_or(user.version)
        },
        days_left: user
            .deleted_at
            .map(|at| state.service.days_before_purge(at)),
        can_edit,
        read_only,
        held: if user.products.is_empty() {
            tr.t("portal-no-products")
        } else {
            user.products
                .iter()
                .map(|k| state.service.catalog().name_of(k))
                .collect::<Vec<_>>()
                .join(", ")
        },
        products,
        roles,
        no_notify_products: sub.no_notify_products && !stale,
        no_notify_role: sub.no_notify_role && !stale,
        open_products: sub.panel == "products" && !stale,
        open_role: sub.panel == "role" && !stale,
        products_error,
        role_error,
        page_error,
        preview_products: lines.clone().filter(|_| sub.panel == "products"),
        preview_role: lines.filter(|_| sub.panel == "role"),
        notice,
        can_suspend: can_edit && user.status == Status::Active,
        can_reactivate: can_edit && user.status == Status::Suspended,
        can_delete: can_edit,
        can_restore: may_manage && deleted,
        can_send_link: can_edit && crate::service::password::has_portal(user),
        audit: events.iter().map(|e| audit_line(tr, state, e)).collect(),
    })
}

/// Renders the page, or the error page when even that fails.
pub async fn respond(
    state: &AppState,
    me: &SignedIn,
    user_id: &str,
    status: StatusCode,
    sub: Submitted,
    notice: Option<String>,
) -> Response {
    let tr = me.tr;
    let frame = || {
        me.frame(
            tr.t("portal-error-title"),
            format!("/users/{user_id}"),
            "users",
        )
    };
    let user = match state.service.get_user(&me.actor, user_id).await {
        Ok(u) => u,
        Err(e) => {
            let fe = form_error(tr, &e);
            return error_page(frame(), fe.status, fe.message);
        }
    };
    match build(state, me, &user, sub, notice).await {
        Ok(page) => render(status, &page),
        Err(e) => {
            let fe = form_error(tr, &e);
            error_page(frame(), fe.status, fe.message)
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    me: SignedIn,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let notice = q.notice.as_deref().and_then(|n| match n {
        "saved" | "suspended" | "reactivated" | "restored" | "password-link" => {
            Some(me.tr.t(&format!("portal-notice-{n}")))
        }
        _ => None,
    });
    respond(
        &state,
        &me,
        &id,
        StatusCode::OK,
        Submitted::default(),
        notice,
    )
    .await
}
