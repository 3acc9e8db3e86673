//! Creating and changing users: the one change path.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::password::{has_portal, outbox_row};
use super::signals::{Cause, PendingSignal};
use super::{validate, Actor, ChangeTx, Effects, Service, ServiceError};
use crate::domain::change::Facts;
use crate::domain::{
    self, apply_change, policy, ActorRole, Change, ChangeOutcome, Edit, EmailKind,
    NotificationPlan, Role, SeatUsage,
};
use crate::mail::render::{pending_password_link, render, Recipient};
use crate::signals::plan as signal_plan;
use crate::store::audit::NewAuditEvent;
use crate::store::users::{Taken, UserRecord};
use crate::store::{password_tokens, sessions, users, Conn, StoreError};

#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub locale: Option<String>,
    pub role: Option<Role>,
    /// `None` gives the account's products for new users; `Some(vec![])` gives none.
    pub products: Option<Vec<String>>,
    pub password: Option<String>,
    pub external_id: Option<String>,
    pub extra: Map<String, Value>,
}

/// Fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub locale: Option<String>,
    pub role: Option<Role>,
    pub products: Option<Vec<String>>,
    pub password: Option<String>,
    /// `Some(None)` clears it.
    pub external_id: Option<Option<String>>,
    /// Replaces the stored extra attributes.
    pub extra: Option<Map<String, Value>>,
}

// Lives for one request; boxing the patch would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Action {
    Update(UserPatch),
    Suspend,
    Reactivate,
    Delete,
    Restore,
}

/// An action whose new password, if any, is already hashed (argon2 runs before the
/// transaction opens: on SQLite it would hold the one writer lock meanwhile).
pub(super) struct Prepared {
    action: Action,
    password_hash: Option<String>,
}

/// A committed change: the user as now stored and the emails it queued.
#[derive(Debug, Clone)]
pub struct Applied {
    pub user: UserRecord,
    pub plan: NotificationPlan,
    /// False when the request changed nothing (no write, no audit, no email).
    pub changed: bool,
}

/// What a change would do, computed on the same path and rolled back.
#[derive(Debug, Clone)]
pub struct Preview {
    pub user: UserRecord,
    pub emails: Vec<PreviewEmail>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PreviewEmail {
    pub to: String,
    pub kind: &'static str,
    pub product: Option<String>,
    pub subject: String,
}

/// The audit snapshot of a user (never the password hash).
pub(super) fn snapshot(u: &UserRecord) -> Value {
    json!({
        "email": u.email,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "locale": u.locale,
        "role": u.role,
        "products": u.products,
        "status": u.status,
    })
}

impl Service {
    pub async fn create_user(
        &self,
        actor: &Actor,
        mut new: NewUser,
        notify: bool,
    ) -> Result<Applied, ServiceError> {
        let password_hash = self
            .hash_new_password(actor, new.password.as_deref())
            .await?;
        self.name_new_user_products(actor, &mut new).await?;
        let mut change = self.begin_change().await?;
        let applied = self
            .create_in(&mut change, actor, new, password_hash, notify)
            .await?;
        self.commit(change).await?;
        Ok(applied)
    }

    /// Gives a create that names no products the account's products for new users, read
    /// before its change rather than in it: on SQLite every statement in a change holds
    /// the one writer (most creates from an identity provider name none). A change of
    /// them committed in between orders this create before it: a whole create either way.
    pub(super) async fn name_new_user_products(
        &self,
        actor: &Actor,
        new: &mut NewUser,
    ) -> Result<(), ServiceError> {
        if new.products.is_none() {
            let mut read = self.read_conn().await?;
            new.products = Some(self.template_in(read.conn(), &actor.account_id).await?);
        }
        Ok(())
    }

    pub(super) async fn create_in(
        &self,
        change: &mut ChangeTx,
        actor: &Actor,
        new: NewUser,
        password_hash: Option<String>,
        notify: bool,
    ) -> Result<Applied, ServiceError> {
        policy::may_view(actor.role)?;
        let email = validate::email(&new.email)?;
        let first_name = validate::name("first_name", &new.first_name)?;
        let last_name = validate::name("last_name", &new.last_name)?;
        let locale =
            domain::locale::parse(new.locale.as_deref().unwrap_or(domain::locale::DEFAULT))?;
        let asked = new
            .products
            .as_ref()
            .map(|p| self.catalog.parse_keys(p))
            .transpose()?;
        let role = new.role.unwrap_or(Role::Member);
        let external_id = new
            .external_id
            .as_deref()
            .map(validate::external_id)
            .transpose()?;
        let products = match asked {
            Some(p) => p,
            None => {
                let template = self.template_in(change.db(), &actor.account_id).await?;
                self.catalog.parse_keys(&template)?
            }
        };
        let create = Change::Create { role, products };
        self.hold_account_for(change, &actor.account_id, None, Some(&create))
            .await?;
        // A user created without products takes no seat and no admin away: nothing of the
        // account's to read (most creates from an identity provider, two statements of
        // the writer's ten).
        let (seats, active_admins) = match &create {
            Change::Create { products, .. } if products.is_empty() => Default::default(),
            _ => {
                self.decided_against(change, &actor.account_id, None, &create)
                    .await?
            }
        };
        let conn = change.db();
        let started = BTreeSet::new();
        let facts = Facts {
            actor: actor.role,
            catalog: &self.catalog,
            seats: &seats,
            active_admins,
            started: &started,
            notify,
        };
        let outcome = apply_change(None, &create, &facts)?;
        let now = self.clock.now_ms();
        let user = UserRecord {
            // Time-ordered: each index of users by id takes a new user at its end, where
            // a random id wrote a page from anywhere in it (two of them: SCIM creates at a
            // million users on SQLite 1,075/s with random ids, 1,600/s with these).
            id: uuid::Uuid::now_v7().to_string(),
            account_id: actor.account_id.clone(),
            email,
            first_name,
            last_name,
            locale: locale.to_string(),
            role: outcome.after.role,
            products: outcome.after.products.clone(),
            status: outcome.after.status(),
            deleted_at: None,
            version: 1,
            password_hash,
            external_id,
            memory: outcome.memory,
            extra: new.extra,
            created_at: now,
            updated_at: now,
        };
        let inserted = users::insert(conn, &user)
            .await
            .map_err(|e| duplicate_or(e, &user))?;
        if !inserted {
            return Err(email_taken(conn, &user).await?);
        }
        self.record_create(change, actor, &user, &outcome.plan, notify)
            .await?;
        Ok(Applied {
            user,
            plan: outcome.plan,
            changed: true,
        })
    }

    /// Applies one action to an existing user. `expected_version` (If-Match) must be current.
    pub async fn change_user(
        &self,
        actor: &Actor,
        user_id: &str,
        expected_version: Option<i64>,
        action: Action,
        notify: bool,
    ) -> Result<Applied, ServiceError> {
        let action = self.prepare(actor, action).await?;
        let mut change = self.begin_change().await?;
        let applied = self
            .change_in(
                &mut change,
                actor,
                user_id,
                expected_version,
                action,
                notify,
            )
            .await?;
        if applied.changed {
            self.commit(change).await?;
        }
        Ok(applied)
    }

    /// The same path as `change_user`, rolled back: what would be written and emailed.
    pub async fn preview_change(
        &self,
        actor: &Actor,
        user_id: &str,
        expected_version: Option<i64>,
        action: Action,
        notify: bool,
    ) -> Result<Preview, ServiceError> {
        let action = self.prepare(actor, action).await?;
        let mut change = self.begin_change().await?;
        let applied = self
            .change_in(
                &mut change,
                actor,
                user_id,
                expected_version,
                action,
                notify,
            )
            .await?;
        let emails = change
            .emails()
            .iter()
            .map(|m| PreviewEmail {
                to: m.to_email.clone(),
                kind: domain::EmailKind::parse(&m.kind)
                    .map(|k| k.template())
                    .unwrap_or("unknown"),
                product: m.product.clone(),
                subject: m.subject.clone(),
            })
            .collect();
        drop(change); // rolls back
        Ok(Preview {
            user: applied.user,
            emails,
        })
    }

    /// Checks and hashes the new password an action carries, before any transaction.
    pub(super) async fn prepare(
        &self,
        actor: &Actor,
        mut action: Action,
    ) -> Result<Prepared, ServiceError> {
        let password_hash = match &mut action {
            Action::Update(patch) => {
                let plain = patch.password.take();
                self.hash_new_password(actor, plain.as_deref()).await?
            }
            _ => None,
        };
        Ok(Prepared {
            action,
            password_hash,
        })
    }

    pub(super) async fn change_in(
        &self,
        change: &mut ChangeTx,
        actor: &Actor,
        user_id: &str,
        expected_version: Option<i64>,
        prepared: Prepared,
        notify: bool,
    ) -> Result<Applied, ServiceError> {
        policy::may_view(actor.role)?;
        let Prepared {
            action,
            password_hash,
        } = prepared;
        // Parsed before any lock, refused (if at all) in its turn below.
        let rule_change = self.rule_change(&action);
        self.hold_account_for(
            change,
            &actor.account_id,
            Some(user_id),
            rule_change.as_ref().ok(),
        )
        .await?;
        let conn = change.db();
        let before = users::get_for_update(conn, &actor.account_id, user_id)
            .await?
            .ok_or(ServiceError::NotFound("user"))?;
        if let Some(expected) = expected_version {
            if expected != before.version {
                return Err(ServiceError::StaleVersion {
                    expected,
                    current: before.version,
                });
            }
        }
        let mut after = before.clone();
        if let Action::Update(patch) = &action {
            self.apply_profile(&mut after, patch, password_hash)?;
        }
        let rule_change = rule_change?;
        let current = (&before.state(), before.memory.as_ref());
        let (seats, active_admins) = self
            .decided_against(change, &actor.account_id, Some(current), &rule_change)
            .await?;
        let conn = change.db();
        let mut started = users::started_products(conn, &before.id).await?;
        started.extend(change.started_in_change(&before.id));
        let conn = change.db();
        let facts = Facts {
            actor: actor.role,
            catalog: &self.catalog,
            seats: &seats,
            active_admins,
            started: &started,
            notify,
        };
        let outcome = apply_change(
            Some((&before.state(), before.memory.as_ref())),
            &rule_change,
            &facts,
        )?;
        policy::keep_own_access(
            actor.user_id.as_deref() == Some(before.id.as_str()),
            ActorRole::from_user(before.role, before.status),
            ActorRole::from_user(outcome.after.role, outcome.after.status()),
        )?;

        let now = self.clock.now_ms();
        let after = settle(&before, after, &outcome, now);
        if after == before {
            return Ok(Applied {
                user: before,
                plan: outcome.plan,
                changed: false,
            });
        }
        let written = users::update(conn, &before, &after)
            .await
            .map_err(|e| duplicate_or(e, &after))?;
        if !written {
            return Err(ServiceError::StaleVersion {
                expected: before.version,
                current: before.version + 1,
            });
        }
        // Portal sessions and unused links to set a password end, in this transaction,
        // with the access they open (suspended, deleted, demoted below manager) and with
        // the password they were opened with; a later promotion does not revive them.
        if ends_sessions(&before, &after, &outcome) {
            sessions::revoke_for_user(conn, &after.id).await?;
            password_tokens::delete_unused_for_user(conn, &after.id).await?;
        }
        self.record_change(
            change,
            actor,
            rule_change.name(),
            &before,
            &after,
            &outcome,
            notify,
        )
        .await?;
        Ok(Applied {
            user: after,
            plan: outcome.plan,
            changed: true,
        })
    }

    /// The change the rules decide for `action`.
    fn rule_change(&self, action: &Action) -> Result<Change, ServiceError> {
        Ok(match action {
            Action::Update(patch) => Change::Edit(Edit {
                products: patch
                    .products
                    .as_ref()
                    .map(|p| self.catalog.parse_keys(p))
                    .transpose()?,
                role: patch.role,
            }),
            Action::Suspend => Change::Suspend,
            Action::Reactivate => Change::Reactivate,
            Action::Delete => Change::Delete,
            Action::Restore => Change::Restore,
        })
    }

    /// Holds the account, before the user's row is locked, as firmly as the change is
    /// likely to need, judged on the user as they are now (`user_id`; `None`: a create).
    /// Taken before the row lock, in the order bulk changes take theirs, so that neither
    /// waits for the other in a circle; `decided_against` makes it exact once the row is
    /// locked. Where the store locks no rows the change holds everything already.
    async fn hold_account_for(
        &self,
        change: &mut ChangeTx,
        account_id: &str,
        user_id: Option<&str>,
        rule_change: Option<&Change>,
    ) -> Result<(), ServiceError> {
        if change.holds_account_alone() {
            return Ok(());
        }
        let conn = change.db();
        let limited = users::seat_limits(conn, account_id).await?;
        let exclusive = match (rule_change, user_id) {
            (Some(c), None) => domain::concerns(None, c, &limited).any(),
            (Some(c), Some(id)) => match users::get(conn, account_id, id).await? {
                Some(u) => {
                    domain::concerns(Some((&u.state(), u.memory.as_ref())), c, &limited).any()
                }
                None => false,
            },
            (None, _) => false,
        };
        change.hold_account(account_id, exclusive).await?;
        Ok(())
    }

    /// The account's facts a change is decided against, read once the change holds the
    /// account as firmly as what it concerns requires (see `domain::concerns`): the usage
    /// of limited seats, and the count of active admins when it takes one away.
    async fn decided_against(
        &self,
        change: &mut ChangeTx,
        account_id: &str,
        current: Option<(&domain::UserState, Option<&domain::Memory>)>,
        rule_change: &Change,
    ) -> Result<(BTreeMap<String, SeatUsage>, u32), ServiceError> {
        let mut seats = users::limited_seat_usage(change.db(), account_id).await?;
        let limited = seats.keys().cloned().collect();
        let concerns = domain::concerns(current, rule_change, &limited);
        if concerns.any() && change.hold_account(account_id, true).await? {
            // Held alone only now (the user changed since they were judged): read again
            // what may have moved meanwhile.
            seats = users::limited_seat_usage(change.db(), account_id).await?;
        }
        let active_admins = match concerns.last_admin {
            true => users::count_active_admins(change.db(), account_id).await?,
            false => 0,
        };
        Ok((seats, active_admins))
    }

    /// An existing user's change: its audit event, emails, getting-started records,
    /// security events and invalidation, gathered for the change's tail.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn record_change(
        &self,
        change: &mut ChangeTx,
        actor: &Actor,
        action: &str,
        before: &UserRecord,
        after: &UserRecord,
        outcome: &ChangeOutcome,
        notify: bool,
    ) -> Result<(), ServiceError> {
        let account = change
            .account_name_for(&actor.account_id, &outcome.plan)
            .await?;
        let done = Done {
            actor,
            account: &account,
            action,
            notify,
        };
        self.gather_change(&mut change.effects, &done, before, after, outcome);
        Ok(())
    }

    /// [`Service::record_change`] without the transaction: for a bulk change, which
    /// gathers the effects of its next users while the previous ones are written.
    pub(super) fn gather_change(
        &self,
        effects: &mut Effects,
        done: &Done<'_>,
        before: &UserRecord,
        after: &UserRecord,
        outcome: &ChangeOutcome,
    ) {
        // Only a new user is invited (`domain::notification`): no link to issue here.
        debug_assert!(!outcome
            .plan
            .emails
            .iter()
            .any(|e| e.kind == EmailKind::Invitation));
        self.gather_effects(effects, done, Some(before), after, &outcome.plan, None);
        let mut planned = signal_plan::for_change(Some(&before.state()), &outcome.after);
        if after.password_hash != before.password_hash {
            planned.extend(signal_plan::for_password_set(&outcome.after));
        }
        effects.signal(PendingSignal {
            account_id: done.actor.account_id.clone(),
            user_id: after.id.clone(),
            email: after.email.clone(),
            planned,
            cause: Cause::of(done.actor, done.action),
        });
    }

    fn apply_profile(
        &self,
        user: &mut UserRecord,
        patch: &UserPatch,
        password_hash: Option<String>,
    ) -> Result<(), ServiceError> {
        if let Some(e) = &patch.email {
            user.email = validate::email(e)?;
        }
        if let Some(n) = &patch.first_name {
            user.first_name = validate::name("first_name", n)?;
        }
        if let Some(n) = &patch.last_name {
            user.last_name = validate::name("last_name", n)?;
        }
        if let Some(l) = &patch.locale {
            user.locale = domain::locale::parse(l)?.to_string();
        }
        if password_hash.is_some() {
            user.password_hash = password_hash;
        }
        if let Some(x) = &patch.external_id {
            user.external_id = x.as_deref().map(validate::external_id).transpose()?;
        }
        if let Some(extra) = &patch.extra {
            user.extra = extra.clone();
        }
        Ok(())
    }

    /// A new user's audit event and emails (collected for the tail), and their
    /// getting-started records.
    async fn record_create(
        &self,
        change: &mut ChangeTx,
        actor: &Actor,
        after: &UserRecord,
        plan: &NotificationPlan,
        notify: bool,
    ) -> Result<(), ServiceError> {
        // An invitation to someone created without a password carries a one-time link to
        // choose one, issued here so that a rolled-back change leaves neither link nor email.
        let invites = plan.emails.iter().any(|e| e.kind == EmailKind::Invitation);
        let secret = match invites && after.password_hash.is_none() {
            true => Some(self.issue_password_link(change, after).await?.0),
            false => None,
        };
        let account = change.account_name_for(&actor.account_id, plan).await?;
        let done = Done {
            actor,
            account: &account,
            action: "create",
            notify,
        };
        self.gather_effects(&mut change.effects, &done, None, after, plan, secret);
        Ok(())
    }

    /// The audit event, the emails (rendered), the getting-started records and the
    /// invalidation of one user's change.
    fn gather_effects(
        &self,
        effects: &mut Effects,
        done: &Done<'_>,
        before: Option<&UserRecord>,
        after: &UserRecord,
        plan: &NotificationPlan,
        secret: Option<String>,
    ) {
        let now = self.clock.now_ms();
        let actor = done.actor;
        effects.audit(NewAuditEvent {
            account_id: actor.account_id.clone(),
            user_id: after.id.clone(),
            actor: actor.label.clone(),
            channel: actor.channel.as_str().to_string(),
            action: done.action.to_string(),
            before: before.map(snapshot),
            after: Some(snapshot(after)),
            notify: done.notify,
            at: now,
        });
        let link = secret
            .as_ref()
            .map(|_| pending_password_link(&self.public_url));
        let recipient = Recipient {
            first_name: &after.first_name,
            last_name: &after.last_name,
            locale: &after.locale,
            account: done.account,
            portal_url: &self.public_url,
            password_link: link.as_deref(),
        };
        let products: Vec<String> = after.products.iter().cloned().collect();
        for product in plan.getting_started_products() {
            effects.record_started(&after.id, product, now);
        }
        for email in &plan.emails {
            let rendered = render(email, &recipient, &self.catalog, &products);
            effects.email(outbox_row(
                &actor.account_id,
                after,
                email,
                rendered,
                secret.clone(),
                now,
            ));
        }
        effects.invalidate(&actor.account_id, &after.id);
    }
}

/// Who made a change and how, as its effects record it.
pub(super) struct Done<'a> {
    pub actor: &'a Actor,
    /// The account's name (emails carry it).
    pub account: &'a str,
    /// The audit's name for the change (`update`, `suspend`, ...).
    pub action: &'a str,
    pub notify: bool,
}

/// The user as stored after the rules' outcome (`after` carries the profile edits): its
/// role, products, status, memory and deletion time, and the next version, unless the
/// change turns out to change nothing (then `after == before`).
pub(super) fn settle(
    before: &UserRecord,
    mut after: UserRecord,
    outcome: &ChangeOutcome,
    now: i64,
) -> UserRecord {
    after.role = outcome.after.role;
    after.products = outcome.after.products.clone();
    after.status = outcome.after.status();
    after.memory = outcome.memory.clone();
    after.deleted_at = match (outcome.after.deleted, before.deleted_at) {
        (true, Some(at)) => Some(at),
        (true, None) => Some(now),
        (false, _) => None,
    };
    if after != *before {
        after.version = before.version + 1;
        after.updated_at = now;
    }
    after
}

/// Portal sessions and unused links to set a password end, in the change's transaction,
/// with the access they open (suspended, deleted, demoted below manager) and with the
/// password they were opened with; a later promotion does not revive them.
pub(super) fn ends_sessions(
    before: &UserRecord,
    after: &UserRecord,
    outcome: &ChangeOutcome,
) -> bool {
    outcome.revoke_access
        || after.password_hash != before.password_hash
        || (has_portal(before) && !has_portal(after))
}

/// A unique index refused the write: name which one, in words the caller can show.
/// The refusal of a new user whose email the account already has, saying when it is a
/// deleted user's (to restore rather than create).
async fn email_taken(conn: &mut Conn, user: &UserRecord) -> Result<ServiceError, ServiceError> {
    let existing = users::get_by_email(conn, &user.account_id, &user.email).await?;
    let hint = match existing.is_some_and(|u| u.deleted_at.is_some()) {
        true => " (a deleted user; restore them instead)",
        false => "",
    };
    Ok(ServiceError::Duplicate {
        field: "email",
        message: format!("a user with email '{}' already exists{hint}", user.email),
    })
}

fn duplicate_or(e: StoreError, user: &UserRecord) -> ServiceError {
    match users::taken(&e) {
        Some(Taken::Email) => ServiceError::Duplicate {
            field: "email",
            message: format!("a user with email '{}' already exists", user.email),
        },
        Some(Taken::UserName) => {
            let name = user
                .extra
                .get("scim")
                .and_then(|s| s.get("userName"))
                .and_then(Value::as_str)
                .unwrap_or(&user.email);
            ServiceError::Duplicate {
                field: "userName",
                message: format!("userName '{name}' is already taken"),
            }
        }
        None => e.into(),
    }
}
