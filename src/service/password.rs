//! One-time links to set a password: issued with an invitation (in the creating change's
//! transaction) or on request ("send a password link"), and used once from the page at
//! `/password/{secret}`. Setting the password is a change like any other: one
//! transaction, the user's version, an audit event.

use super::users::snapshot;
use super::{Actor, Channel, Service, ServiceError};
use crate::auth::{password, token};
use crate::domain::{policy, ActorRole, DomainError, EmailKind, PlannedEmail};
use crate::mail::render::{render, Recipient};
use crate::store::outbox::OutboxMessage;
use crate::store::password_tokens::{self, PasswordToken};
use crate::store::users::UserRecord;
use crate::store::{accounts, audit, outbox, sessions, users, Tx};

/// How long a link works: long enough for someone back from a week away.
pub const LINK_VALID_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// The shortest password accepted, in characters (the API's rule too).
pub const MIN_PASSWORD_CHARS: usize = 8;
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
    now: i64,
) -> OutboxMessage {
    OutboxMessage {
        id: uuid::Uuid::new_v4().to_string(),
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
    }
}

/// A link that was sent: to whom, and until when it works.
#[derive(Debug, Clone)]
pub struct SentLink {
    pub user: UserRecord,
    pub expires_at: i64,
}

impl Service {
    /// Issues a fresh link for `user` inside the caller's transaction and answers it. Older
    /// unused links of the user stop working: only the newest email counts.
    pub(super) async fn issue_password_link(
        &self,
        tx: &mut Tx,
        user: &UserRecord,
    ) -> Result<(String, i64), ServiceError> {
        let now = self.clock.now_ms();
        let secret = token::generate(SECRET_PREFIX);
        let conn = tx.conn();
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
        Ok((format!("{}/password/{secret}", self.public_url), expires_at))
    }

    /// "Send a password link": a fresh one-time link by email to a manager or admin, under
    /// the same permission rules as any change to them (a manager cannot reach an admin).
    pub async fn send_password_link(
        &self,
        actor: &Actor,
        user_id: &str,
    ) -> Result<SentLink, ServiceError> {
        policy::may_view(actor.role)?;
        let mut tx = self.store.begin().await?;
        let user = users::get(
            tx.conn(),
            &actor.account_id,
            user_id,
            self.store.for_update(),
        )
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
        let (link, expires_at) = self.issue_password_link(&mut tx, &user).await?;
        let now = self.clock.now_ms();
        let conn = tx.conn();
        let account = accounts::by_id(conn, &actor.account_id)
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
        outbox::insert(
            conn,
            &outbox_row(&actor.account_id, &user, &email, rendered, now),
        )
        .await?;
        audit::insert(
            conn,
            audit::NewAuditEvent {
                account_id: &actor.account_id,
                user_id: &user.id,
                actor: &actor.label,
                channel: actor.channel.as_str(),
                action: "password_link",
                before: Some(snapshot(&user)),
                after: Some(snapshot(&user)),
                notify: true,
                at: now,
            },
        )
        .await?;
        tx.commit().await?;
        self.mail_wake.notify_one();
        tracing::info!(user = %user.id, actor = %actor.label, "password link sent");
        Ok(SentLink { user, expires_at })
    }

    /// The user a link is for, while it works: unused, unexpired, and its user still an
    /// active manager or admin. `None` for anything else, alike.
    pub async fn password_link_user(
        &self,
        secret: &str,
    ) -> Result<Option<UserRecord>, ServiceError> {
        let mut conn = self.read_conn().await?;
        let now = self.clock.now_ms();
        let Some(t) = password_tokens::get(&mut conn, &token::digest(secret), "").await? else {
            return Ok(None);
        };
        if !t.usable(now) {
            return Ok(None);
        }
        let user = users::get(&mut conn, &t.account_id, &t.user_id, "").await?;
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
        if new_password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(ServiceError::invalid(
                "password",
                format!("the password must have at least {MIN_PASSWORD_CHARS} characters"),
            ));
        }
        // Argon2 takes a while: hash before the transaction, and only for a working link.
        if self.password_link_user(secret).await?.is_none() {
            return Ok(None);
        }
        let plain = new_password.to_string();
        let hash = match tokio::task::spawn_blocking(move || password::hash(&plain)).await {
            Ok(hash) => hash,
            // Only a panic in the hasher lands here (blocking tasks are not cancelled): it
            // is a bug, and carries on as one.
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };

        let now = self.clock.now_ms();
        let digest = token::digest(secret);
        let mut tx = self.store.begin().await?;
        let conn = tx.conn();
        let lock = self.store.for_update();
        // Rows are locked user first, then token: the order a suspension takes them in
        // (user, then the user's tokens), so that the two never wait on each other.
        let Some(t) = password_tokens::get(conn, &digest, "").await? else {
            return Ok(None);
        };
        let Some(before) = users::get(conn, &t.account_id, &t.user_id, lock).await? else {
            return Ok(None);
        };
        let t = password_tokens::get(conn, &digest, lock).await?;
        if !t.is_some_and(|t| t.usable(now)) || !has_portal(&before) {
            return Ok(None);
        }
        if !password_tokens::mark_used(conn, &digest, now).await? {
            return Ok(None);
        }
        password_tokens::delete_unused_for_user(conn, &before.id).await?;
        let mut after = before.clone();
        after.password_hash = Some(hash);
        after.version = before.version + 1;
        after.updated_at = now;
        if !users::update(conn, &after, before.version).await? {
            return Err(ServiceError::StaleVersion {
                expected: before.version,
                current: before.version + 1,
            });
        }
        sessions::revoke_for_user(conn, &after.id).await?;
        audit::insert(
            conn,
            audit::NewAuditEvent {
                account_id: &after.account_id,
                user_id: &after.id,
                actor: &format!("user:{}", after.email),
                channel: Channel::Portal.as_str(),
                action: "set_password",
                before: Some(snapshot(&before)),
                after: Some(snapshot(&after)),
                notify: false,
                at: now,
            },
        )
        .await?;
        self.invalidation
            .publish_in(&mut tx, &after.account_id, &after.id)
            .await?;
        tx.commit().await?;
        self.invalidation.published(&after.id);
        tracing::info!(user = %after.id, "password set through a one-time link");
        Ok(Some(after))
    }
}
