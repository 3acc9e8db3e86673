//! The forms of the user page. Each one becomes one change handed to the service: the
//! portal never writes users itself.

use axum::extract::{Path, RawForm, State};
use axum::response::Response;

use super::form::FormData;
use super::page::{form_error, see_other};
use super::session::{csrf_refusal, SignedIn};
use super::user_page::{respond, Submitted};
use crate::domain::Role;
use crate::http::AppState;
use crate::service::{Action, UserPatch};

/// Save, or only tell which emails a save would send.
fn is_preview(form: &FormData) -> bool {
    form.get("intent") == Some("preview")
}

async fn edit(
    state: AppState,
    me: SignedIn,
    id: String,
    form: FormData,
    panel: &'static str,
) -> Response {
    if let Some(refused) = csrf_refusal(&me, form.get("csrf")) {
        return refused;
    }
    let no_notify = form.ticked("do_not_notify");
    let mut sub = Submitted {
        panel,
        version: form.version(),
        no_notify_products: panel == "products" && no_notify,
        no_notify_role: panel == "role" && no_notify,
        ..Submitted::default()
    };
    let mut patch = UserPatch::default();
    if panel == "products" {
        let keys = form.all("products");
        sub.products = Some(keys.iter().cloned().collect());
        patch.products = Some(keys);
    } else {
        match form.get("role").map(str::parse::<Role>) {
            Some(Ok(role)) => {
                sub.role = Some(role);
                patch.role = Some(role);
            }
            Some(Err(e)) => {
                sub.error = Some(form_error(me.tr, &e.into()));
                let status = sub.error.as_ref().map(|e| e.status).unwrap_or_default();
                return respond(&state, &me, &id, status, sub, None).await;
            }
            // No radio chosen: nothing to change.
            None => return see_other(&format!("/users/{id}")),
        }
    }
    let action = Action::Update(patch);
    if is_preview(&form) {
        match state
            .service
            .preview_change(&me.actor, &id, form.version(), action, !no_notify)
            .await
        {
            Ok(preview) => sub.preview = Some(preview.emails),
            Err(e) => sub.error = Some(form_error(me.tr, &e)),
        }
        let status = sub.error.as_ref().map(|e| e.status).unwrap_or_default();
        return respond(&state, &me, &id, status, sub, None).await;
    }
    match state
        .service
        .change_user(&me.actor, &id, form.expected_version(), action, !no_notify)
        .await
    {
        Ok(_) => see_other(&format!("/users/{id}?notice=saved")),
        Err(e) => {
            let fe = form_error(me.tr, &e);
            let status = fe.status;
            sub.error = Some(fe);
            respond(&state, &me, &id, status, sub, None).await
        }
    }
}

pub async fn products(
    State(state): State<AppState>,
    me: SignedIn,
    Path(id): Path<String>,
    RawForm(body): RawForm,
) -> Response {
    edit(state, me, id, FormData::parse(&body), "products").await
}

pub async fn role(
    State(state): State<AppState>,
    me: SignedIn,
    Path(id): Path<String>,
    RawForm(body): RawForm,
) -> Response {
    edit(state, me, id, FormData::parse(&body), "role").await
}

/// Suspend, reactivate, delete, restore: one button each, with the user's version and the
/// same do-not-notify choice as the panels.
async fn act(
    state: AppState,
    me: SignedIn,
    id: String,
    body: &[u8],
    action: Action,
    done: &str,
) -> Response {
    let form = FormData::parse(body);
    if let Some(refused) = csrf_refusal(&me, form.get("csrf")) {
        return refused;
    }
    match state
        .service
        .change_user(
            &me.actor,
            &id,
            form.expected_version(),
            action,
            !form.ticked("do_not_notify"),
        )
        .await
    {
        Ok(_) if done == "deleted" => see_other("/users?notice=deleted"),
        Ok(_) if form.get("from") == Some("list") => {
            see_other("/users?status=deleted&notice=restored")
        }
        Ok(_) => see_other(&format!("/users/{id}?notice={done}")),
        Err(e) => {
            let fe = form_error(me.tr, &e);
            let status = fe.status;
            let sub = Submitted {
                panel: "actions",
                error: Some(fe),
                ..Submitted::default()
            };
            respond(&state, &me, &id, status, sub, None).await
        }
    }
}

pub async fn suspend(
    State(state): State<AppState>,
    me: SignedIn,
    Path(id): Path<String>,
    RawForm(body): RawForm,
) -> Response {
    act(state, me, id, &body, Action::Suspend, "suspended").await
}

pub async fn reactivate(
    State(state): State<AppState>,
    me: SignedIn,
    Path(id): Path<String>,
    RawForm(body): RawForm,
) -> Response {
    act(state, me, id, &body, Action::Reactivate, "reactivated").await
}

pub async fn delete(
    State(state): State<AppState>,
    me: SignedIn,
    Path(id): Path<String>,
    RawForm(body): RawForm,
) -> Response {
    act(state, me, id, &body, Action::Delete, "deleted").await
}

pub async fn restore(
    State(state): State<AppState>,
    me: SignedIn,
    Path(id): Path<String>,
    RawForm(body): RawForm,
) -> Response {
    act(state, me, id, &body, Action::Restore, "restored").await
}

/// "Send a password link": a fresh one-time link by email, under the rules of any change.
pub async fn password_link(
    State(state): State<AppState>,
    me: SignedIn,
    Path(id): Path<String>,
    RawForm(body): RawForm,
) -> Response {
    let form = FormData::parse(&body);
    if let Some(refused) = csrf_refusal(&me, form.get("csrf")) {
        return refused;
    }
    match state.service.send_password_link(&me.actor, &id).await {
        Ok(_) => see_other(&format!("/users/{id}?notice=password-link")),
        Err(e) => {
            let fe = form_error(me.tr, &e);
            let status = fe.status;
            let sub = Submitted {
                panel: "actions",
                error: Some(fe),
                ..Submitted::default()
            };
            respond(&state, &me, &id, status, sub, None).await
        }
    }
}
