//! Portal sessions: a random secret in an HttpOnly cookie, its digest and a CSRF token in
//! the `sessions` table, idle and absolute expiry, and the `SignedIn` extractor that every
//! page behind sign-in takes.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::page::{error_page, pick_lang, see_other, Frame, Me};
use super::text::Tr;
use crate::app::AppState;
use crate::auth::token;
use crate::domain::ActorRole;
use crate::service::{Actor, Channel};
use crate::store::sessions::{self, SessionRecord};
use crate::store::users::{self, UserRecord};
use crate::store::StoreError;

pub const SESSION_COOKIE: &str = "roster_session";
/// A session unused this long ends.
pub const IDLE_MS: i64 = 30 * 60 * 1000;
/// A session ends this long after sign-in, however busy.
pub const ABSOLUTE_MS: i64 = 12 * 60 * 60 * 1000;
/// Activity is written at most this often, so that reading a page rarely writes.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    Expired,
    /// Valid; `touch` says whether to record the activity now.
    Valid {
        touch: bool,
    },
}

/// Whether a session is still usable at `now` (idle and absolute expiry).
pub fn freshness(s: &SessionRecord, now: i64) -> Freshness {
    if now >= s.expires_at || now - s.last_seen_at >= IDLE_MS {
        Freshness::Expired
    } else {
        Freshness::Valid {
            touch: now - s.last_seen_at >= TOUCH_EVERY_MS,
        }
    }
}

/// Starts a session for a user who just signed in; answers the cookie's secret.
pub async fn start(state: &AppState, user: &UserRecord) -> Result<String, StoreError> {
    let secret = token::generate("rss");
    let now = state.service.now_ms();
    let record = SessionRecord {
        id_hash: token::digest(&secret),
        user_id: user.id.clone(),
        account_id: user.account_id.clone(),
        csrf_token: token::generate("csrf"),
        created_at: now,
        last_seen_at: now,
        expires_at: now + ABSOLUTE_MS,
    };
    let mut tx = state.service.store().begin().await?;
    sessions::delete_expired(tx.conn(), now, now - IDLE_MS).await?;
    sessions::insert(tx.conn(), &record).await?;
    tx.commit().await?;
    Ok(secret)
}

/// Ends the session the request carries, if any.
pub async fn end(state: &AppState, headers: &HeaderMap) -> Result<(), StoreError> {
    if let Some(secret) = cookie(headers, SESSION_COOKIE) {
        let mut tx = state.service.store().begin().await?;
        sessions::delete(tx.conn(), &token::digest(&secret)).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// A signed-in admin or manager, checked on every request: the session exists and is
/// fresh, and the user is still active with portal access.
pub struct SignedIn {
    pub actor: Actor,
    pub user: UserRecord,
    pub csrf: String,
    pub tr: Tr,
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

async fn load(
    state: &AppState,
    secret: &str,
) -> Result<Option<(SessionRecord, UserRecord)>, StoreError> {
    let id_hash = token::digest(secret);
    let mut conn = state.service.store().pool().acquire().await?;
    let Some(session) = sessions::get(&mut conn, &id_hash).await? else {
        return Ok(None);
    };
    let now = state.service.now_ms();
    let touch = match freshness(&session, now) {
        Freshness::Expired => {
            drop(conn);
            let mut tx = state.service.store().begin().await?;
            sessions::delete(tx.conn(), &id_hash).await?;
            tx.commit().await?;
            return Ok(None);
        }
        Freshness::Valid { touch } => touch,
    };
    let user = users::get_anywhere(&mut conn, &session.user_id).await?;
    drop(conn);
    let Some(user) = user.filter(|u| u.account_id == session.account_id) else {
        return Ok(None);
    };
    if touch {
        let mut tx = state.service.store().begin().await?;
        sessions::touch(tx.conn(), &id_hash, now).await?;
        tx.commit().await?;
    }
    Ok(Some((session, user)))
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login(parts));
        };
        let (session, user) = match load(state, &secret).await {
            Ok(Some(found)) => found,
            Ok(None) => return Err(to_login(parts)),
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                let tr = pick_lang(&parts.headers, None);
                let frame = Frame::new(tr, String::new(), "/users".into());
                let message = tr.t("portal-error-internal");
                return Err(error_page(
                    frame,
                    crate::http::limits::failure_status(&e),
                    message,
                ));
            }
        };
        // Demoted to member (or suspended, deleted) since signing in: no more portal.
        let role = ActorRole::from_user(user.role, user.status);
        if role == ActorRole::None {
            let _ = end(state, &parts.headers).await;
            return Err(to_login(parts));
        }
        let tr = pick_lang(&parts.headers, Some(&user.locale));
        Ok(SignedIn {
            actor: Actor {
                account_id: user.account_id.clone(),
                role,
                label: format!("user:{}", user.email),
                user_id: Some(user.id.clone()),
                channel: Channel::Portal,
            },
            csrf: session.csrf_token,
            user,
            tr,
        })
    }
}

/// The refusal for a form whose CSRF token is not this session's; `None` when it is.
pub fn csrf_refusal(me: &SignedIn, posted: Option<&str>) -> Option<Response> {
    match posted {
        Some(t) if super::form::same_secret(t, &me.csrf) => None,
        _ => {
            let frame = me.frame(String::new(), "/users".into(), "");
            let message = me.tr.t("portal-error-csrf");
            Some(error_page(frame, StatusCode::FORBIDDEN, message).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(created: i64, seen: i64) -> SessionRecord {
        SessionRecord {
            id_hash: "h".into(),
            user_id: "u".into(),
            account_id: "a".into(),
            csrf_token: "c".into(),
            created_at: created,
            last_seen_at: seen,
            expires_at: created + ABSOLUTE_MS,
        }
    }

    #[test]
    fn sessions_expire_when_idle_or_old() {
        let s = session(0, 0);
        assert_eq!(freshness(&s, 1000), Freshness::Valid { touch: false });
        assert_eq!(
            freshness(&s, TOUCH_EVERY_MS),
            Freshness::Valid { touch: true }
        );
        assert_eq!(freshness(&s, IDLE_MS), Freshness::Expired);
        // Busy all day long still ends at the absolute limit.
        let busy = session(0, ABSOLUTE_MS - 1000);
        assert_eq!(freshness(&busy, ABSOLUTE_MS), Freshness::Expired);
    }

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
