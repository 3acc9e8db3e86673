//! What every portal page shares: the frame (language, signed-in user, CSRF token), the
//! rendering of templates, and service errors turned into messages beside their field.

use askama::Template;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::session::cookie;
use super::text::{Tr, LANGUAGES};
use crate::domain::{locale, DomainError};
use crate::service::ServiceError;

/// The cookie the language switcher sets.
pub const LANG_COOKIE: &str = "roster_lang";

/// The signed-in person, as the header shows them.
#[derive(Debug, Clone)]
pub struct Me {
    pub email: String,
    pub role: String,
}

#[derive(Debug, Clone)]
pub struct LangChoice {
    pub code: &'static str,
    pub name: &'static str,
    pub selected: bool,
}

/// The frame around every page.
#[derive(Debug, Clone)]
pub struct Frame {
    pub tr: Tr,
    pub title: String,
    pub me: Option<Me>,
    /// The session's CSRF token (empty on the sign-in page, which checks the origin instead).
    pub csrf: String,
    /// Where the language switcher comes back to.
    pub here: String,
    /// Which navigation entry is current: `users`, `deleted` or empty.
    pub nav: &'static str,
    pub langs: Vec<LangChoice>,
}

impl Frame {
    pub fn new(tr: Tr, title: String, here: String) -> Frame {
        let langs = LANGUAGES
            .iter()
            .map(|(code, name)| LangChoice {
                code,
                name,
                selected: *code == tr.lang,
            })
            .collect();
        Frame {
            tr,
            title,
            me: None,
            csrf: String::new(),
            here,
            nav: "",
            langs,
        }
    }
}

/// The page's language: the switcher's choice, else the signed-in user's own locale, else
/// what the browser asks for, else English.
pub fn pick_lang(headers: &HeaderMap, user_locale: Option<&str>) -> Tr {
    let chosen = cookie(headers, LANG_COOKIE).and_then(|c| locale::parse(&c).ok());
    let from_user = user_locale.and_then(|l| locale::parse(l).ok());
    let from_browser = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(locale::negotiate);
    Tr::new(
        chosen
            .or(from_user)
            .or(from_browser)
            .unwrap_or(locale::DEFAULT),
    )
}

/// Renders a template; a rendering failure is logged and becomes a bare 500.
pub fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => {
            let mut res = (status, axum::response::Html(html)).into_response();
            // Pages hold personal data and CSRF tokens: never cached.
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// `303 See Other`: after a POST the browser GETs the result, so reloading never re-posts.
pub fn see_other(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// A page that only says what went wrong.
#[derive(Template)]
#[template(path = "web/error.html")]
pub struct ErrorPage {
    pub page: Frame,
    pub message: String,
}

pub fn error_page(mut frame: Frame, status: StatusCode, message: String) -> Response {
    frame.title = frame.tr.t("portal-error-title");
    render(
        status,
        &ErrorPage {
            page: frame,
            message,
        },
    )
}

/// A refused change, ready to show beside its field.
#[derive(Debug, Clone)]
pub struct FormError {
    pub status: StatusCode,
    /// `products`, `role`, or `None` for the page as a whole.
    pub field: Option<&'static str>,
    pub message: String,
    pub stale: bool,
}

/// Maps a service error once, in the page's language. Internal detail stays in the log.
pub fn form_error(tr: Tr, e: &ServiceError) -> FormError {
    let status = crate::http::status_of(e);
    let (field, message) = match e {
        ServiceError::Rule(d) => (
            d.field(),
            match d {
                DomainError::SeatsExhausted { name, seats, .. } => tr.t2(
                    "portal-error-seats",
                    ("product", name),
                    ("seats", &seats.to_string()),
                ),
                DomainError::SeatsShort {
                    name, needed, left, ..
                } => tr.with(
                    "bulk-error-seats-short",
                    &[
                        ("product", crate::i18n::Arg::Text(name)),
                        ("needed", crate::i18n::Arg::Number(i64::from(*needed))),
                        ("left", crate::i18n::Arg::Number(i64::from(*left))),
                    ],
                ),
                DomainError::LastAdmin(_) => tr.t("portal-error-last-admin"),
                DomainError::Forbidden(why) if why == crate::domain::policy::OWN_ACCESS => {
                    tr.t("portal-error-own-access")
                }
                DomainError::Forbidden(_) => tr.t("portal-error-forbidden"),
                DomainError::NothingToRestore => tr.t("portal-error-nothing-to-give-back"),
                DomainError::Conflict(_) => tr.t("portal-error-conflict"),
                DomainError::UnknownProduct(_)
                | DomainError::UnknownRole(_)
                | DomainError::UnknownLocale(_)
                | DomainError::PasswordTooShort { .. }
                | DomainError::Invalid { .. } => tr.t("portal-error-invalid"),
            },
        ),
        ServiceError::StaleVersion { .. } => (None, tr.t("portal-error-stale")),
        ServiceError::NotFound(_) => (None, tr.t("portal-error-not-found")),
        // The portal knows one identifier, the email; SQLite may report its clash through
        // the SCIM userName index (the email, unless an identity provider chose another).
        ServiceError::Duplicate { .. } => (Some("email"), tr.t("portal-error-email-taken")),
        ServiceError::Invalid { field, .. } => (
            Some(*field),
            match *field {
                "email" => tr.t("portal-error-invalid-email"),
                "first_name" | "last_name" => tr.t("portal-error-invalid-name"),
                _ => tr.t("portal-error-invalid"),
            },
        ),
        ServiceError::Store(inner) => {
            tracing::error!(error = %inner, "internal error");
            (None, tr.t("portal-error-internal"))
        }
    };
    FormError {
        status,
        field,
        message,
        stale: matches!(e, ServiceError::StaleVersion { .. }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_errors_become_localized_messages_beside_their_field() {
        let tr = Tr::new("fr");
        let seats = ServiceError::Rule(DomainError::SeatsExhausted {
            key: "webinar".into(),
            name: "GoTo Webinar".into(),
            seats: 2,
        });
        let e = form_error(tr, &seats);
        assert_eq!(e.status, StatusCode::CONFLICT);
        assert_eq!(e.field, Some("products"));
        assert!(e.message.contains("GoTo Webinar") && e.message.contains('2'));
        let stale = form_error(
            tr,
            &ServiceError::StaleVersion {
                expected: 1,
                current: 2,
            },
        );
        assert!(stale.stale && stale.status == StatusCode::PRECONDITION_FAILED);
        // The one conflict worth its own words; it must keep matching the rule's text.
        let never = crate::domain::change::apply_change(
            Some((
                &crate::domain::UserState {
                    role: crate::domain::Role::Member,
                    products: Default::default(),
                    deleted: false,
                },
                None,
            )),
            &crate::domain::Change::Reactivate,
            &crate::domain::Facts {
                actor: crate::domain::ActorRole::Admin,
                catalog: &crate::domain::Catalog::default_suite(),
                seats: &Default::default(),
                active_admins: 1,
                started: &Default::default(),
                notify: true,
            },
        )
        .unwrap_err();
        let e = form_error(tr, &never.into());
        assert_eq!(e.message, tr.t("portal-error-nothing-to-give-back"));
    }
}
