//! One-time links to set a password: issued with an invitation (in the creating change's
//! transaction) or on request ("send a password link"), and used once from the page at
//! `/password/{secret}`. Setting the password is a change like any other: one
//! transaction, the user's version, an audit event.

use super::signals::{Cause, PendingSignal};
use super::users::snapshot;
use super::{lockout, Actor, ChangeTx, Channel, Service, ServiceError};
use crate::auth::{password, token};
use crate::domain::{policy, ActorRole, DomainError, EmailKind, PlannedEmail};
use crate::mail::render::{pending_password_link, render, Recipient, LINK_SECRET};
use crate::signals::plan as signal_plan;
use crate::signals::set::Initiator;
use crate::store::audit::NewAuditEvent;
use crate::store::outbox::OutboxMessage;
use crate::store::password_tokens::{self, PasswordToken};
use crate::store::users::UserRecord;
use crate::store::{accounts, sessions, users};

/// How long a link works: long enough for someone back from a week away.
pub const LINK_VALID_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// The shortest password accepted, in characters, through every channel but the CLI.
pub const MIN_PASSWORD_CHARS: usize = crate::domain::MIN_PASSWORD_CHARS;
/// The prefix of a link's secret, so that one found in a log is recognisable.
const SECRET_PREFIX: &str = "rpt";

/// Whether the user may sign in to the portal: an active manager or admin, not deleted.
/// Only they have a password worth setting.
pub(crate) fn has_portal(u: &UserRecord) -> bool {
    u.deleted_at.is_none() && ActorRole::from_user(u.role, u.status) != ActorRole::None
}

/// An email queued for `user`, ready for the outbox.
pub(super) fn outbox_row(
    account_id: &str,
    user: &UserRecord,
    email: &PlannedEmail,
    rendered: crate::mail::render::Rendered,
    secret: Option<String>,
    now: i64,
) -> OutboxMessage {
    // Only a body that holds the link's placeholder needs the secret.
    let needs_secret = rendered.text.contains(LINK_SECRET) || rendered.html.contains(LINK_SECRET);
    OutboxMessage {
        // Time-ordered: the outbox's key index then grows at its end, where a random key
        // rewrote a page of it per email (a bulk change of a hundred thousand users wrote
        // a hundred thousand pages more). It is the Message-ID too, still unique.
        id: uuid::Uuid::now_v7().to_string(),
        account_id: account_id.to_string(),
        user_id: user.id.clone(),
        kind: email.kind.template().to_string(),
        product: email.product.clone(),
        to_email: user.email.clone(),
        locale: user.locale.clone(),
        subject: rendered.subject,
        body_text: rendered.text,
        body_html: rendered.html,
        attempts: 0,
        created_at: now,
        secret: secret.filter(|_| needs_secret),
    }
}

/// A link that was sent: to whom, and until when it works.
#[derive(Debug, Clone)]
pub struct SentLink {
    pub user: UserRecord,
    pub expires_at: i64,
}

/// Argon2 on a blocking thread: it takes tens of milliseconds of CPU.
async fn hash_off_thread(plain: &str) -> String {
    let plain = plain.to_string();
    match tokio::task::spawn_blocking(move || password::hash(&plain)).await {
        Ok(hash) => hash,
        // Only a panic in the hasher lands here (blocking tasks are not cancelled): it is
        // a bug, and carries on as one.
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

impl Service {
    /// Checks a new password against the rules and hashes it; runs before the change's
    /// transaction opens. The operator at the CLI is trusted with shorter ones (the demo
    /// uses "demo"); people choosing passwords elsewhere are held to the minimum.
    pub(super) async fn hash_new_password(
        &self,
        actor: &Actor,
        plain: Option<&str>,
    ) -> Result<Option<String>, ServiceError> {
        let Some(plain) = plain else {
            return Ok(None);
        };
        if actor.channel != Channel::Cli {
            policy::password_long_enough(plain)?;
        }
        Ok(Some(hash_off_thread(plain).await))
    }

    /// Issues a fresh link for `user` inside the caller's transaction and answers its
    /// secret (for the email, beside its body) and expiry. Older unused links of the user
    /// stop working: only the newest email counts.
    pub(super) async fn issue_password_link(
        &self,
        change: &mut ChangeTx,
        user: &UserRecord,
    ) -> Result<(String, i64), ServiceError> {
        let now = self.clock.now_ms();
        let secret = token::generate(SECRET_PREFIX);
        let conn = change.db();
        password_tokens::delete_expired(conn, now).await?;
        password_tokens::delete_unused_for_user(conn, &user.id).await?;
        let expires_at = now + LINK_VALID_MS;
        password_tokens::insert(
            conn,
            &PasswordToken {
                token_hash: token::digest(&secret),
                user_id: user.id.clone(),
                account_id: user.account_id.clone(),
                created_at: now,
                expires_at,
                used_at: None,
            },
        )
        .await?;
        Ok((secret, expires_at))
    }

    /// "Send a password link": a fresh one-time link by email to a manager or admin, under
    /// the same permission rules as any change to them (a manager cannot reach an admin).
    pub async fn send_password_link(
        &self,
        actor: &Actor,
        user_id: &str,
    ) -> Result<SentLink, ServiceError> {
        policy::may_view(actor.role)?;
        let mut change = self.begin_change().await?;
        let user = users::get_for_update(change.db(), &actor.account_id, user_id)
            .await?
            .ok_or(ServiceError::NotFound("user"))?;
        policy::may_manage(actor.role, Some(user.role), user.role)?;
        if !has_portal(&user) {
            return Err(DomainError::Conflict(
                "only active managers and admins sign in to the portal: this user has no password to set"
                    .into(),
            )
            .into());
        }
        let (secret, expires_at) = self.issue_password_link(&mut change, &user).await?;
        let link = pending_password_link(&self.public_url);
        let now = self.clock.now_ms();
        let account = accounts::by_id(change.db(), &actor.account_id)
            .await?
            .ok_or(ServiceError::NotFound("account"))?;
        let email = PlannedEmail::of(EmailKind::PasswordReset);
        let recipient = Recipient {
            first_name: &user.first_name,
            last_name: &user.last_name,
            locale: &user.locale,
            account: &account.name,
            portal_url: &self.public_url,
            password_link: Some(&link),
        };
        let rendered = render(&email, &recipient, &self.catalog, &[]);
        change.email(outbox_row(
            &actor.account_id,
            &user,
            &email,
            rendered,
            Some(secret),
            now,
        ));
        change.audit(NewAuditEvent {
            account_id: actor.account_id.clone(),
            user_id: user.id.clone(),
            actor: actor.label.clone(),
            channel: actor.channel.as_str().to_string(),
            action: "password_link".into(),
            before: Some(snapshot(&user)),
            after: Some(snapshot(&user)),
            notify: true,
            at: now,
        });
        self.commit(change).await?;
        Ok(SentLink { user, expires_at })
    }

    /// The user a link is for, while it works: unused, unexpired, and its user still an
    /// active manager or admin. `None` for anything else, alike.
    pub async fn password_link_user(
        &self,
        secret: &str,
    ) -> Result<Option<UserRecord>, ServiceError> {
        let mut read = self.read_conn().await?;
        let now = self.clock.now_ms();
        let Some(t) = password_tokens::get(read.conn(), &token::digest(secret)).await? else {
            return Ok(None);
        };
        if !t.usable(now) {
            return Ok(None);
        }
        let user = users::get(read.conn(), &t.account_id, &t.user_id).await?;
        Ok(user.filter(has_portal))
    }

    /// Sets the password of the link's user and uses the link up; `None` (and nothing
    /// changed) when the link does not work (any more). Other sessions of the user end:
    /// whoever knew the old password is signed out.
    pub async fn set_password_with_link(
        &self,
        secret: &str,
        new_password: &str,
    ) -> Result<Option<UserRecord>, ServiceError> {
        policy::password_long_enough(new_password)?;
        // Argon2 takes a while: hash before the transaction, and only for a working link.
        if self.password_link_user(secret).await?.is_none() {
            return Ok(None);
        }
        let hash = hash_off_thread(new_password).await;

        let now = self.clock.now_ms();
        let digest = token::digest(secret);
        let mut change = self.begin_change().await?;
        let conn = change.db();
        // Rows are locked user first, then token: the order a suspension takes them in
        // (user, then the user's tokens), so that the two never wait on each other.
        let Some(t) = password_tokens::get(conn, &digest).await? else {
            return Ok(None);
        };
        let Some(before) = users::get_for_update(conn, &t.account_id, &t.user_id).await? else {
            return Ok(None);
        };
        let t = password_tokens::get_for_update(conn, &digest).await?;
        if !t.is_some_and(|t| t.usable(now)) || !has_portal(&before) {
            return Ok(None);
        }
        if !password_tokens::mark_used(conn, &digest, now).await? {
            return Ok(None);
        }
        password_tokens::delete_unused_for_user(conn, &before.id).await?;
        // A fresh password deserves a fresh start: failed sign-ins before it are forgotten.
        sessions::clear_failures(conn, &lockout::email_key(&before.email)).await?;
        let mut after = before.clone();
        after.password_hash = Some(hash);
        after.version = before.version + 1;
        after.updated_at = now;
        if !users::update(conn, &before, &after).await? {
            return Err(ServiceError::StaleVersion {
                expected: before.version,
                current: before.version + 1,
            });
        }
        sessions::revoke_for_user(conn, &after.id).await?;
        change.audit(NewAuditEvent {
            account_id: after.account_id.clone(),
            user_id: after.id.clone(),
            actor: format!("user:{}", after.email),
            channel: Channel::Portal.as_str().into(),
            action: "set_password".into(),
            before: Some(snapshot(&before)),
            after: Some(snapshot(&after)),
            notify: false,
            at: now,
        });
        change.signal(PendingSignal {
            account_id: after.account_id.clone(),
            user_id: after.id.clone(),
            email: after.email.clone(),
            planned: signal_plan::for_password_set(&after.state()),
            cause: Cause::new(Initiator::User, "password set with a one-time link"),
        });
        change.invalidate(&after.account_id, &after.id);
        self.commit(change).await?;
        Ok(Some(after))
    }
}
