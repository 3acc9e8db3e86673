//! Sign-in, sign-out and the language switcher.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, RawForm, State};
use axum::http::{header, Extensions, HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::form::FormData;
use super::lockout;
use super::page::{error_page, pick_lang, render, see_other, Frame, LANG_COOKIE};
use super::session::{self, set_cookie, SESSION_COOKIE};
use super::text::Tr;
use crate::app::AppState;
use crate::auth::password;
use crate::domain::{locale, ActorRole};
use crate::http::metrics::SignIn;
use crate::store::users::{self, UserRecord};
use crate::store::StoreError;

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

/// The user the credentials open the portal to, if any. Every path verifies one argon2
/// hash at least, so that timing does not tell whether the email exists.
async fn authenticate(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<Option<UserRecord>, StoreError> {
    let candidates = {
        let mut conn = state.service.store().pool().acquire().await?;
        users::find_by_email_everywhere(&mut conn, email.trim()).await?
    };
    let password = password.to_string();
    let found = tokio::task::spawn_blocking(move || {
        let mut verified = None;
        let mut checked = false;
        for user in candidates {
            if let Some(hash) = &user.password_hash {
                checked = true;
                if verified.is_none() && password::verify(&password, hash) {
                    verified = Some(user);
                }
            }
        }
        if !checked {
            password::verify(&password, password::dummy_hash());
        }
        verified
    })
    .await
    .unwrap_or(None);
    // Members, suspended and deleted users have no portal: refused like a wrong password.
    Ok(found.filter(|u| {
        u.deleted_at.is_none() && ActorRole::from_user(u.role, u.status) != ActorRole::None
    }))
}

/// How a sign-in attempt ended.
enum Attempt {
    /// Signed in: the new session's secret.
    Admitted(String),
    /// Wrong password, unknown email, member, suspended or deleted: all alike.
    Refused,
    /// Too many failures lately; milliseconds left.
    Locked(i64),
}

async fn attempt(
    state: &AppState,
    email: &str,
    password: &str,
    keys: &[(String, i64)],
) -> Result<Attempt, StoreError> {
    let store = state.service.store();
    let now = state.service.now_ms();
    if let Some(left) = lockout::check(store, keys, now).await? {
        return Ok(Attempt::Locked(left));
    }
    match authenticate(state, email, password).await? {
        Some(user) => {
            lockout::record_success(store, email).await?;
            Ok(Attempt::Admitted(session::start(state, &user).await?))
        }
        None => {
            lockout::record_failure(store, keys, now).await?;
            Ok(Attempt::Refused)
        }
    }
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
    let keys = lockout::keys(&email, client_of(&ext).as_deref());
    match attempt(&state, &email, password, &keys).await {
        Ok(Attempt::Admitted(secret)) => {
            state.metrics.sign_in(SignIn::Admitted);
            tracing::info!(email = %email, "portal sign-in");
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
        Ok(Attempt::Refused) => {
            state.metrics.sign_in(SignIn::Refused);
            tracing::info!(email = %email, "portal sign-in refused");
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
        Ok(Attempt::Locked(left_ms)) => {
            state.metrics.sign_in(SignIn::LockedOut);
            tracing::warn!(email = %email, "portal sign-in locked out");
            let minutes = (left_ms + 59_999) / 60_000;
            let message = tr.t1("portal-login-locked", "minutes", minutes);
            let status = StatusCode::TOO_MANY_REQUESTS;
            login_page(tr, status, email, next, Some(message), None)
        }
        Err(e) => {
            tracing::error!(error = %e, "sign-in failed");
            let frame = Frame::new(tr, String::new(), "/login".into());
            let message = tr.t("portal-error-internal");
            error_page(frame, crate::http::limits::failure_status(&e), message)
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
