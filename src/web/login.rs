//! Sign-in, sign-out and the language switcher.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, RawForm, State};
use axum::http::{header, Extensions, HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::form::FormData;
use super::page::{error_page, pick_lang, render, see_other, Frame, LANG_COOKIE};
use super::session::{self, set_cookie, SESSION_COOKIE};
use super::text::Tr;
use crate::app::AppState;
use crate::domain::locale;
use crate::http::metrics::SignInOutcome;
use crate::service::sessions::SignIn;

#[derive(Template)]
#[template(path = "web/login.html")]
struct LoginPage {
    page: Frame,
    email: String,
    next: String,
    refused: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    /// `password-set`, after a one-time link was used.
    notice: Option<String>,
}

/// A path on this site: no scheme, no `//host`, no backslash or control tricks.
fn local_path(n: &str) -> bool {
    n.starts_with('/')
        && !n.starts_with("//")
        && !n.contains('\\')
        && !n.chars().any(char::is_control)
}

/// Where to go after signing in: a local page other than sign-in itself.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if local_path(n) && !n.starts_with("/login") && !n.starts_with("/logout") => {
            n.to_string()
        }
        _ => "/users".to_string(),
    }
}

fn login_page(
    tr: Tr,
    status: StatusCode,
    email: String,
    next: String,
    refused: Option<String>,
    notice: Option<String>,
) -> Response {
    let here = format!(
        "/login?next={}",
        form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
    );
    let page = Frame::new(tr, tr.t("portal-login-title"), here);
    render(
        status,
        &LoginPage {
            page,
            email,
            next,
            refused,
            notice,
        },
    )
}

pub async fn show(headers: HeaderMap, Query(q): Query<NextQuery>) -> Response {
    let tr = pick_lang(&headers, None);
    let notice =
        (q.notice.as_deref() == Some("password-set")).then(|| tr.t("portal-notice-password-set"));
    login_page(
        tr,
        StatusCode::OK,
        String::new(),
        safe_next(q.next.as_deref()),
        None,
        notice,
    )
}

/// The client's address: the one the edge resolved (behind a trusted proxy, from
/// `X-Forwarded-For`), else the TCP peer when the server provides it.
fn client_of(ext: &Extensions) -> Option<String> {
    ext.get::<crate::http::proxy::ClientIp>()
        .map(|c| c.0.to_string())
        .or_else(|| {
            ext.get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip().to_string())
        })
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    ext: Extensions,
    RawForm(body): RawForm,
) -> Response {
    let form = FormData::parse(&body);
    let email = form.get("email").unwrap_or("").trim().to_string();
    let password = form.get("password").unwrap_or("");
    let next = safe_next(form.get("next"));
    let tr = pick_lang(&headers, None);
    let client = client_of(&ext);
    let previous = session::cookie(&headers, SESSION_COOKIE);
    // The typed email stays out of the log: it may be a password typed in the wrong box.
    match state
        .service
        .sign_in(&email, password, client.as_deref(), previous.as_deref())
        .await
    {
        Ok(SignIn::Admitted { secret, user_id }) => {
            state.metrics.sign_in(SignInOutcome::Admitted);
            tracing::info!(user = %user_id, "portal sign-in");
            let mut res = see_other(&next);
            let cookie = set_cookie(
                SESSION_COOKIE,
                &secret,
                session::ABSOLUTE_MS / 1000,
                state.settings.secure_cookies,
            );
            res.headers_mut().append(header::SET_COOKIE, cookie);
            res
        }
        Ok(SignIn::Refused) => {
            state.metrics.sign_in(SignInOutcome::Refused);
            tracing::info!("portal sign-in refused");
            let message = tr.t("portal-login-refused");
            login_page(
                tr,
                StatusCode::UNAUTHORIZED,
                email,
                next,
                Some(message),
                None,
            )
        }
        Ok(SignIn::Locked {
            retry_in_ms: left_ms,
        }) => {
            state.metrics.sign_in(SignInOutcome::LockedOut);
            tracing::warn!("portal sign-in locked out");
            let minutes = (left_ms + 59_999) / 60_000;
            let message = tr.t1("portal-login-locked", "minutes", minutes);
            let status = StatusCode::TOO_MANY_REQUESTS;
            login_page(tr, status, email, next, Some(message), None)
        }
        Err(e) => {
            tracing::error!(error = %e, "sign-in failed");
            let frame = Frame::new(tr, String::new(), "/login".into());
            let message = tr.t("portal-error-internal");
            error_page(frame, crate::http::status_of(&e), message)
        }
    }
}

/// Signs out. Needs the session's CSRF token so another site cannot sign people out.
pub async fn logout(
    State(state): State<AppState>,
    me: session::SignedIn,
    headers: HeaderMap,
    RawForm(body): RawForm,
) -> Response {
    let form = FormData::parse(&body);
    if let Some(refused) = session::csrf_refusal(&me, form.get("csrf")) {
        return refused;
    }
    if let Err(e) = session::end(&state, &headers).await {
        tracing::error!(error = %e, "sign-out failed");
    }
    let mut res = see_other("/login");
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.settings.secure_cookies),
    );
    res
}

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
    next: Option<String>,
}

/// The language switcher: remembers the choice in a cookie and goes back.
pub async fn switch_lang(State(state): State<AppState>, Query(q): Query<LangQuery>) -> Response {
    let next = match q.next.as_deref() {
        Some(n) if local_path(n) => n.to_string(),
        _ => "/users".to_string(),
    };
    let mut res = see_other(&next);
    if let Some(lang) = q.lang.as_deref().and_then(|l| locale::parse(l).ok()) {
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(
                LANG_COOKIE,
                lang,
                365 * 24 * 3600,
                state.settings.secure_cookies,
            ),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn redirects_only_to_local_paths() {
        assert_eq!(safe_next(Some("/users/42?x=1")), "/users/42?x=1");
        for bad in [
            "https://evil.test/",
            "//evil.test",
            "/\\evil.test",
            "evil",
            "/login",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(bad)), "/users", "{bad}");
        }
        assert_eq!(safe_next(None), "/users");
    }
}
