//! `/users/{id}`: the user page with its details, Products and Roles panels, the actions
//! and the audit history. Also re-rendered by the forms after a refusal or a preview.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::history::{self, AuditLine};
use super::page::{error_page, form_error, render, FormError};
use super::session::SignedIn;
use super::text::LANGUAGES;
use super::widgets::{
    full_name, gives_back, language_choices, preview_lines, product_boxes, role_radios, Choice,
    ProductBox, RoleRadio,
};
use crate::domain::{policy, Role, Status};
use crate::http::AppState;
use crate::i18n::Arg;
use crate::service::users::PreviewEmail;
use crate::store::users::UserRecord;

/// The details form as submitted, shown again after a refusal.
#[derive(Default, Clone)]
pub struct ProfileInput {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub locale: String,
}

/// What a form submitted, shown again after a refusal or a preview.
#[derive(Default)]
pub struct Submitted {
    pub products: Option<BTreeSet<String>>,
    pub role: Option<Role>,
    pub no_notify_products: bool,
    pub no_notify_role: bool,
    /// The panel the form came from: `products`, `role`, `profile` or `actions`.
    pub panel: &'static str,
    pub error: Option<FormError>,
    pub preview: Option<Vec<PreviewEmail>>,
    /// What saving would do to the user's access ("suspends Charlotte…").
    pub consequence: Option<String>,
    pub profile: Option<ProfileInput>,
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
    pub open_profile: bool,
    pub profile: ProfileInput,
    pub languages: Vec<Choice>,
    pub email_error: Option<String>,
    pub first_name_error: Option<String>,
    pub last_name_error: Option<String>,
    pub products_error: Option<String>,
    pub role_error: Option<String>,
    /// Every refusal, atop the page too: on a phone the field may be far below.
    pub page_error: Option<String>,
    pub preview_products: Option<Vec<String>>,
    pub preview_role: Option<Vec<String>>,
    pub consequence_products: Option<String>,
    pub consequence_role: Option<String>,
    pub notice: Option<String>,
    /// The signed-in person looking at themselves: they cannot end their own access.
    pub is_self: bool,
    pub can_suspend: bool,
    pub can_reactivate: bool,
    /// What Reactivate gives back ("Manager · GoTo Meeting, Rescue").
    pub gives_back: Option<String>,
    /// Suspended and never active: Reactivate has nothing to give back.
    pub nothing_to_give_back: bool,
    pub can_delete: bool,
    pub can_restore: bool,
    /// A manager or admin this person may manage: a fresh link to set a password.
    pub can_send_link: bool,
    /// "Delete Charlotte Dubois? … restorable for 30 days."
    pub delete_confirm: String,
    pub audit: Vec<AuditLine>,
}

#[derive(Deserialize)]
pub struct PageQuery {
    notice: Option<String>,
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
    let audit = history::lines(state, me, &events).await?;
    let deleted = user.deleted_at.is_some();
    let is_self = me.user.id == user.id;
    // A manager sees admins read-only; nobody edits a deleted user before restoring them.
    let may_manage = policy::may_manage(me.actor.role, Some(user.role), user.role).is_ok();
    let can_edit = may_manage && !deleted;
    let read_only = (!may_manage).then(|| tr.t("portal-read-only-admin"));
    let stale = sub.error.as_ref().is_some_and(|e| e.stale);
    // After a conflict, show what is stored now, not what the stale form held.
    let chosen = if stale { None } else { sub.products.clone() };
    let chosen = chosen.unwrap_or_else(|| user.products.clone());
    let products = product_boxes(tr, &seats, &chosen, &user.products);
    let role_now = if stale {
        user.role
    } else {
        sub.role.unwrap_or(user.role)
    };
    let mut roles = role_radios(tr, me.actor.role, role_now);
    if is_self {
        // Member would end one's own portal access: offered greyed, with the reason.
        for r in roles
            .iter_mut()
            .filter(|r| r.value == Role::Member.as_str())
        {
            r.disabled = true;
        }
    }
    // A refusal shows beside its field, else in the panel whose form was sent; a conflict
    // or a refused action (suspend, delete...) only atop the page.
    let target = sub.error.as_ref().map(|e| match e.field {
        _ if e.stale || sub.panel == "actions" => "page",
        Some(f @ ("products" | "role" | "email" | "first_name" | "last_name")) => f,
        _ if matches!(sub.panel, "products" | "role") => sub.panel,
        _ => "page",
    });
    let message_for = |place: &str| {
        sub.error
            .as_ref()
            .filter(|_| target == Some(place))
            .map(|e| e.message.clone())
    };
    let lines = sub.preview.as_ref().map(|emails| preview_lines(tr, emails));
    let language = LANGUAGES
        .iter()
        .find(|(c, _)| *c == user.locale)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| user.locale.clone());
    let profile = match (&sub.profile, stale) {
        (Some(p), false) => p.clone(),
        _ => ProfileInput {
            email: user.email.clone(),
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            locale: user.locale.clone(),
        },
    };
    let suspended = user.status == Status::Suspended;
    let back = gives_back(tr, state.service.catalog(), user).filter(|_| suspended);
    Ok(UserPage {
        page: me.frame(
            full_name(user),
            format!("/users/{}", user.id),
            if deleted { "deleted" } else { "users" },
        ),
        id: user.id.clone(),
        name: full_name(user),
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
        open_profile: sub.panel == "profile" && !stale,
        languages: language_choices(&profile.locale),
        profile,
        email_error: message_for("email"),
        first_name_error: message_for("first_name"),
        last_name_error: message_for("last_name"),
        products_error: message_for("products"),
        role_error: message_for("role"),
        page_error: sub.error.as_ref().map(|e| e.message.clone()),
        preview_products: lines.clone().filter(|_| sub.panel == "products"),
        preview_role: lines.filter(|_| sub.panel == "role"),
        consequence_products: sub.consequence.clone().filter(|_| sub.panel == "products"),
        consequence_role: sub.consequence.clone().filter(|_| sub.panel == "role"),
        notice,
        is_self,
        can_suspend: can_edit && !is_self && user.status == Status::Active,
        can_reactivate: can_edit && suspended && back.is_some(),
        nothing_to_give_back: can_edit && suspended && back.is_none(),
        gives_back: back,
        can_delete: can_edit && !is_self,
        can_restore: may_manage && deleted,
        can_send_link: can_edit && crate::service::password::has_portal(user),
        delete_confirm: tr.with(
            "portal-delete-confirm",
            &[
                ("name", Arg::Text(&full_name(user))),
                ("days", Arg::Number(state.service.retention_days().into())),
            ],
        ),
        audit,
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
        "saved" | "suspended" | "reactivated" | "restored" | "password-link" | "created" => {
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
