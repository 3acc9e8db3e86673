//! `/password/{secret}`: the page a one-time link (invitation, "send a password link")
//! opens. No session here: the secret in the address is the credential, and since it is
//! also the form's address, a form forged on another site cannot know it (the Origin check
//! of every portal POST refuses cross-site posts too). Setting the password goes through
//! the service, which uses the link up.

use askama::Template;
use axum::extract::{Path, RawForm, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

use super::form::FormData;
use super::page::{error_page, pick_lang, render, see_other, Frame};
use super::text::Tr;
use crate::app::AppState;
use crate::domain::{DomainError, MIN_PASSWORD_CHARS};
use crate::service::ServiceError;

#[derive(Template)]
#[template(path = "web/password.html")]
struct PasswordPage {
    page: Frame,
    secret: String,
    /// The link's user; `None` when the link does not work (any more).
    email: Option<String>,
    min_chars: usize,
    /// `password` or `confirm`: where the error shows.
    field: &'static str,
    error: Option<String>,
}

/// The page, never cached, and never telling its address (the secret) to another site.
fn respond(tr: Tr, status: StatusCode, mut page: PasswordPage) -> Response {
    page.page = Frame::new(
        tr,
        tr.t(match page.email {
            Some(_) => "portal-password-title",
            None => "portal-password-gone-title",
        }),
        format!("/password/{}", page.secret),
    );
    let mut res = render(status, &page);
    // `same-origin`, not `no-referrer`: under `no-referrer` a browser posts the form with
    // `Origin: null`, which the portal's cross-site check rightly refuses.
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    res
}

fn page(secret: &str, email: Option<String>) -> PasswordPage {
    PasswordPage {
        page: Frame::new(Tr::new("en"), String::new(), String::new()),
        // Only a well-formed secret goes back into the page; anything else is not a link.
        secret: if secret
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            secret.to_string()
        } else {
            String::new()
        },
        email,
        min_chars: MIN_PASSWORD_CHARS,
        field: "",
        error: None,
    }
}

/// Unknown, used, expired, or its user no longer a manager or admin: one and the same page.
fn gone(headers: &HeaderMap, secret: &str) -> Response {
    respond(
        pick_lang(headers, None),
        StatusCode::GONE,
        page(secret, None),
    )
}

fn internal(headers: &HeaderMap, e: &ServiceError) -> Response {
    tracing::error!(error = %e, "password link failed");
    let tr = pick_lang(headers, None);
    let message = tr.t("portal-error-internal");
    error_page(
        Frame::new(tr, String::new(), "/login".into()),
        crate::http::status_of(e),
        message,
    )
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(secret): Path<String>,
) -> Response {
    match state.service.password_link_user(&secret).await {
        Ok(Some(user)) => {
            let tr = pick_lang(&headers, Some(&user.locale));
            respond(tr, StatusCode::OK, page(&secret, Some(user.email)))
        }
        Ok(None) => gone(&headers, &secret),
        Err(e) => internal(&headers, &e),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(secret): Path<String>,
    RawForm(body): RawForm,
) -> Response {
    let form = FormData::parse(&body);
    let password = form.get("password").unwrap_or("");
    let user = match state.service.password_link_user(&secret).await {
        Ok(Some(user)) => user,
        Ok(None) => return gone(&headers, &secret),
        Err(e) => return internal(&headers, &e),
    };
    let tr = pick_lang(&headers, Some(&user.locale));
    let refuse = |field: &'static str, key: &str| {
        let mut p = page(&secret, Some(user.email.clone()));
        p.field = field;
        p.error = Some(tr.t1(key, "count", MIN_PASSWORD_CHARS));
        respond(tr, StatusCode::UNPROCESSABLE_ENTITY, p)
    };
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return refuse("password", "portal-password-too-short");
    }
    if form.get("confirm") != Some(password) {
        return refuse("confirm", "portal-password-mismatch");
    }
    match state
        .service
        .set_password_with_link(&secret, password)
        .await
    {
        Ok(Some(_)) => see_other("/login?notice=password-set"),
        Ok(None) => gone(&headers, &secret),
        Err(ServiceError::Rule(DomainError::PasswordTooShort { .. })) => {
            refuse("password", "portal-password-too-short")
        }
        Err(e) => internal(&headers, &e),
    }
}
