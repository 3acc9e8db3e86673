//! Portal sign-in and sessions: the password checked (with the lockout), a random
//! secret for the browser's cookie with its digest and a CSRF token stored, idle and
//! absolute expiry, and on every request the check that the person still has the portal.

use super::password::has_portal;
use super::{lockout, Actor, Channel, Service, ServiceError};
use crate::auth::{password, token};
use crate::domain::ActorRole;
use crate::store::sessions::{self, SessionRecord};
use crate::store::users::{self, UserRecord};

/// A session unused this long ends.
pub const IDLE_MS: i64 = 30 * 60 * 1000;
/// A session ends this long after sign-in, however busy.
pub const ABSOLUTE_MS: i64 = 12 * 60 * 60 * 1000;
/// Activity is written at most this often, so that reading a page rarely writes.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

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

/// How a sign-in attempt ended.
#[derive(Debug)]
pub enum SignIn {
    /// Signed in: the new session's secret, for the cookie.
    Admitted { secret: String, user_id: String },
    /// Wrong password, unknown email, member, suspended or deleted: all alike.
    Refused,
    /// Too many failures lately; milliseconds left.
    Locked { retry_in_ms: i64 },
}

/// A live session: who is signed in, acting as whom.
#[derive(Debug, Clone)]
pub struct Session {
    pub actor: Actor,
    pub user: UserRecord,
    csrf: String,
}

impl Session {
    /// The token the session's forms carry.
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// Whether a posted form carries this session's CSRF token (compared in constant
    /// time).
    pub fn csrf_matches(&self, posted: Option<&str>) -> bool {
        posted.is_some_and(|p| token::same_secret(p, &self.csrf))
    }
}

impl Service {
    /// Signs in with an email and a password; `client` is the address the attempt came
    /// from, for the per-client lockout.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: Option<&str>,
    ) -> Result<SignIn, ServiceError> {
        let keys = lockout::keys(email, client);
        let now = self.clock.now_ms();
        if let Some(left) = self.locked_for(&keys, now).await? {
            return Ok(SignIn::Locked { retry_in_ms: left });
        }
        match self.authenticate(email, password).await? {
            Some(user) => {
                self.record_success(email).await?;
                let secret = self.start_session(&user).await?;
                Ok(SignIn::Admitted {
                    secret,
                    user_id: user.id,
                })
            }
            None => {
                self.record_failure(&keys, now).await?;
                Ok(SignIn::Refused)
            }
        }
    }

    /// The user the credentials open the portal to, if any. Every path verifies one
    /// argon2 hash at least, so that timing does not tell whether the email exists.
    async fn authenticate(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Option<UserRecord>, ServiceError> {
        let candidates = {
            let mut read = self.read_conn().await?;
            users::find_by_email_everywhere(read.conn(), email.trim()).await?
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
        Ok(found.filter(has_portal))
    }

    /// Starts a session for a user who just signed in; answers the cookie's secret.
    async fn start_session(&self, user: &UserRecord) -> Result<String, ServiceError> {
        let secret = token::generate("rss");
        let now = self.clock.now_ms();
        let record = SessionRecord {
            id_hash: token::digest(&secret),
            user_id: user.id.clone(),
            account_id: user.account_id.clone(),
            csrf_token: token::generate("csrf"),
            created_at: now,
            last_seen_at: now,
            expires_at: now + ABSOLUTE_MS,
        };
        let mut change = self.begin_change().await?;
        sessions::delete_expired(change.db(), now, now - IDLE_MS).await?;
        sessions::insert(change.db(), &record).await?;
        self.commit(change).await?;
        Ok(secret)
    }

    /// The session a cookie's secret opens, checked now: it exists and is fresh, and its
    /// user still has the portal. A session that fails the check ends.
    pub async fn session(&self, secret: &str) -> Result<Option<Session>, ServiceError> {
        let id_hash = token::digest(secret);
        let now = self.clock.now_ms();
        let (session, user) = {
            let mut read = self.read_conn().await?;
            let Some(session) = sessions::get(read.conn(), &id_hash).await? else {
                return Ok(None);
            };
            let user = match freshness(&session, now) {
                Freshness::Expired => None,
                Freshness::Valid { .. } => users::get_anywhere(read.conn(), &session.user_id)
                    .await?
                    .filter(|u| u.account_id == session.account_id),
            };
            (session, user)
        };
        let Some(user) = user else {
            if freshness(&session, now) == Freshness::Expired {
                self.end_session(&id_hash).await?;
            }
            return Ok(None);
        };
        // Demoted to member (or suspended, deleted) since signing in: no more portal.
        let role = ActorRole::from_user(user.role, user.status);
        if role == ActorRole::None {
            self.end_session(&id_hash).await?;
            return Ok(None);
        }
        if freshness(&session, now) == (Freshness::Valid { touch: true }) {
            let mut change = self.begin_change().await?;
            sessions::touch(change.db(), &id_hash, now).await?;
            self.commit(change).await?;
        }
        Ok(Some(Session {
            actor: Actor {
                account_id: user.account_id.clone(),
                role,
                label: format!("user:{}", user.email),
                user_id: Some(user.id.clone()),
                channel: Channel::Portal,
            },
            csrf: session.csrf_token,
            user,
        }))
    }

    /// Ends the session of this cookie secret (signing out).
    pub async fn sign_out(&self, secret: &str) -> Result<(), ServiceError> {
        self.end_session(&token::digest(secret)).await
    }

    async fn end_session(&self, id_hash: &str) -> Result<(), ServiceError> {
        let mut change = self.begin_change().await?;
        sessions::delete(change.db(), id_hash).await?;
        self.commit(change).await
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
}
