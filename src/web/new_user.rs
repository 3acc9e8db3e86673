//! `/users/new`: adding a user in the portal, with the emails it will send shown before
//! saving. The products for new users are ticked from the start.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{RawForm, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::form::FormData;
use super::page::{error_page, form_error, render, see_other, FormError, Frame};
use super::session::{csrf_refusal, SignedIn};
use super::widgets::{
    language_choices, preview_lines, product_boxes, role_radios, Choice, ProductBox, RoleRadio,
};
use crate::domain::{Role, Status};
use crate::http::AppState;
use crate::service::{NewUser, ServiceError};

#[derive(Template)]
#[template(path = "web/new_user.html")]
struct NewUserPage {
    page: Frame,
    email: String,
    first_name: String,
    last_name: String,
    languages: Vec<Choice>,
    roles: Vec<RoleRadio>,
    products: Vec<ProductBox>,
    no_notify: bool,
    email_error: Option<String>,
    first_name_error: Option<String>,
    last_name_error: Option<String>,
    products_error: Option<String>,
    role_error: Option<String>,
    /// Every refusal atop the form too.
    page_error: Option<String>,
    preview: Option<Vec<String>>,
}

/// What the form holds (empty on first display).
#[derive(Default)]
struct Input {
    email: String,
    first_name: String,
    last_name: String,
    locale: String,
    role: Option<Role>,
    products: Option<BTreeSet<String>>,
    no_notify: bool,
}

impl Input {
    fn from_form(form: &FormData) -> Input {
        Input {
            email: form.get("email").unwrap_or_default().trim().to_string(),
            first_name: form.get("first_name").unwrap_or_default().to_string(),
            last_name: form.get("last_name").unwrap_or_default().to_string(),
            locale: form.get("locale").unwrap_or_default().to_string(),
            role: form.get("role").and_then(|r| r.parse().ok()),
            products: Some(form.all("products").into_iter().collect()),
            no_notify: form.ticked("do_not_notify"),
        }
    }

    fn new_user(&self) -> NewUser {
        NewUser {
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            locale: Some(self.locale.clone()).filter(|l| !l.is_empty()),
            role: self.role,
            products: self.products.as_ref().map(|p| p.iter().cloned().collect()),
            ..NewUser::default()
        }
    }
}

async fn page(
    state: &AppState,
    me: &SignedIn,
    status: StatusCode,
    input: Input,
    error: Option<FormError>,
    preview: Option<Vec<String>>,
) -> Response {
    let tr = me.tr;
    let frame = me.frame(tr.t("portal-new-title"), "/users/new".into(), "users");
    let seats = match state.service.products(&me.actor).await {
        Ok(s) => s,
        Err(e) => {
            let fe = form_error(tr, &e);
            return error_page(frame, fe.status, fe.message);
        }
    };
    let template = match input.products.clone() {
        Some(chosen) => chosen,
        None => match new_user_products(state, me).await {
            Ok(t) => t,
            Err(e) => {
                let fe = form_error(tr, &e);
                return error_page(frame, fe.status, fe.message);
            }
        },
    };
    let role = input.role.unwrap_or(Role::Member);
    let field_error = |f: &str| {
        error
            .as_ref()
            .filter(|e| e.field == Some(f))
            .map(|e| e.message.clone())
    };
    let locale = if input.locale.is_empty() {
        tr.lang.to_string()
    } else {
        input.locale.clone()
    };
    let page = NewUserPage {
        email_error: field_error("email"),
        first_name_error: field_error("first_name"),
        last_name_error: field_error("last_name"),
        products_error: field_error("products"),
        role_error: field_error("role"),
        page_error: error.as_ref().map(|e| e.message.clone()),
        products: product_boxes(tr, &seats, &template, &BTreeSet::new()),
        roles: role_radios(tr, me.actor.role, role),
        languages: language_choices(&locale),
        email: input.email,
        first_name: input.first_name,
        last_name: input.last_name,
        no_notify: input.no_notify,
        preview,
        page: frame,
    };
    render(status, &page)
}

/// The account's products for new users, ticked on a blank form.
async fn new_user_products(
    state: &AppState,
    me: &SignedIn,
) -> Result<BTreeSet<String>, ServiceError> {
    state.service.new_user_products(&me.actor).await
}

pub async fn show(State(state): State<AppState>, me: SignedIn) -> Response {
    page(&state, &me, StatusCode::OK, Input::default(), None, None).await
}

pub async fn submit(
    State(state): State<AppState>,
    me: SignedIn,
    RawForm(body): RawForm,
) -> Response {
    let form = FormData::parse(&body);
    if let Some(refused) = csrf_refusal(&me, form.get("csrf")) {
        return refused;
    }
    let input = Input::from_form(&form);
    let notify = !input.no_notify;
    if form.get("role").is_some() && input.role.is_none() {
        let e = form_error(
            me.tr,
            &crate::domain::DomainError::UnknownRole(String::new()).into(),
        );
        return page(&state, &me, e.status, input, Some(e), None).await;
    }
    if form.get("intent") == Some("preview") {
        return match state
            .service
            .preview_create(&me.actor, input.new_user(), notify)
            .await
        {
            Ok(p) => {
                let mut lines = preview_lines(me.tr, &p.emails);
                if p.user.status == Status::Suspended {
                    lines.insert(0, me.tr.t("portal-new-suspended-note"));
                }
                page(&state, &me, StatusCode::OK, input, None, Some(lines)).await
            }
            Err(e) => {
                let fe = form_error(me.tr, &e);
                page(&state, &me, fe.status, input, Some(fe), None).await
            }
        };
    }
    match state
        .service
        .create_user(&me.actor, input.new_user(), notify)
        .await
    {
        Ok(applied) => see_other(&format!("/users/{}?notice=created", applied.user.id)),
        Err(e) => {
            let fe = form_error(me.tr, &e);
            page(&state, &me, fe.status, input, Some(fe), None).await
        }
    }
}
