//! The portal's side of sessions: the HttpOnly cookie carrying the session's secret, and
//! the `SignedIn` extractor every page behind sign-in takes. Whether a session is live,
//! and who it acts as, is the service's decision (`service::sessions`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::page::{error_page, pick_lang, see_other, Frame, Me};
use super::text::Tr;
use crate::app::AppState;
use crate::service::sessions::Session;
use crate::service::{Actor, ServiceError};
use crate::store::users::UserRecord;

pub use crate::service::sessions::ABSOLUTE_MS;

pub const SESSION_COOKIE: &str = "roster_session";

/// The value of cookie `name` in the request, if any.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value; `max_age` 0 removes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age_s: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_s}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Ends the session the request carries, if any.
pub async fn end(state: &AppState, headers: &HeaderMap) -> Result<(), ServiceError> {
    match cookie(headers, SESSION_COOKIE) {
        Some(secret) => state.service.sign_out(&secret).await,
        None => Ok(()),
    }
}

/// A signed-in admin or manager, checked on every request: the session exists and is
/// fresh, and the user is still active with portal access.
pub struct SignedIn {
    pub actor: Actor,
    pub user: UserRecord,
    pub csrf: String,
    pub tr: Tr,
    session: Session,
}

impl SignedIn {
    /// The page frame for this person.
    pub fn frame(&self, title: String, here: String, nav: &'static str) -> Frame {
        let mut frame = Frame::new(self.tr, title, here);
        frame.me = Some(Me {
            email: self.user.email.clone(),
            role: self.tr.role(self.user.role),
        });
        frame.csrf = self.csrf.clone();
        frame.nav = nav;
        frame
    }
}

/// Where to send someone who must sign in first, coming back here afterwards.
fn to_login(parts: &Parts) -> Response {
    let back = if parts.method == Method::GET {
        parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/users")
    } else {
        "/users"
    };
    let next: String = form_urlencoded::byte_serialize(back.as_bytes()).collect();
    see_other(&format!("/login?next={next}"))
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login(parts));
        };
        let session = match state.service.session(&secret).await {
            Ok(Some(found)) => found,
            Ok(None) => return Err(to_login(parts)),
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                let tr = pick_lang(&parts.headers, None);
                let frame = Frame::new(tr, String::new(), "/users".into());
                let message = tr.t("portal-error-internal");
                return Err(error_page(frame, crate::http::status_of(&e), message));
            }
        };
        let Session { actor, user, .. } = session.clone();
        let tr = pick_lang(&parts.headers, Some(&user.locale));
        Ok(SignedIn {
            actor,
            csrf: session.csrf().to_string(),
            user,
            session,
            tr,
        })
    }
}

/// The refusal for a form whose CSRF token is not this session's; `None` when it is.
pub fn csrf_refusal(me: &SignedIn, posted: Option<&str>) -> Option<Response> {
    if me.session.csrf_matches(posted) {
        return None;
    }
    let frame = me.frame(String::new(), "/users".into(), "");
    let message = me.tr.t("portal-error-csrf");
    Some(error_page(frame, StatusCode::FORBIDDEN, message).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_named_cookie() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; roster_session=rss_x; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("rss_x"));
        assert_eq!(cookie(&h, "c"), None);
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_when_asked() {
        let c = set_cookie("n", "v", 60, true);
        let c = c.to_str().unwrap();
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"));
        assert!(!set_cookie("n", "v", 60, false)
            .to_str()
            .unwrap()
            .contains("Secure"));
    }
}
