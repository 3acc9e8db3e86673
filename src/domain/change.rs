//! One change to one user, decided purely: the state before, the change asked for and the
//! facts of the account go in; the state after, the suspension memory and the emails come out.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::notification::{self, NotificationPlan};
use super::policy::{self, ActorRole};
use super::seats::{self, SeatUsage};
use super::{Catalog, DomainError, Role, Status};

/// The part of a user the rules act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserState {
    pub role: Role,
    pub products: BTreeSet<String>,
    pub deleted: bool,
}

impl UserState {
    pub fn status(&self) -> Status {
        Status::derive(self.role, &self.products, self.deleted)
    }

    fn is_active_admin(&self) -> bool {
        self.role == Role::Admin && self.status() == Status::Active
    }
}

/// What the user had just before they became suspended; Reactivate gives it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    pub role: Role,
    pub products: BTreeSet<String>,
}

/// An edit of role and/or products; `None` leaves that part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edit {
    pub products: Option<BTreeSet<String>>,
    pub role: Option<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Create {
        role: Role,
        products: BTreeSet<String>,
    },
    Edit(Edit),
    Suspend,
    Reactivate,
    Delete,
    Restore,
}

impl Change {
    pub fn name(&self) -> &'static str {
        match self {
            Change::Create { .. } => "create",
            Change::Edit(_) => "update",
            Change::Suspend => "suspend",
            Change::Reactivate => "reactivate",
            Change::Delete => "delete",
            Change::Restore => "restore",
        }
    }
}

/// The facts of the account a change is decided against, read in the change's transaction.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub actor: ActorRole,
    pub catalog: &'a Catalog,
    pub seats: &'a BTreeMap<String, SeatUsage>,
    /// Active admins of the account, the changed user included.
    pub active_admins: u32,
    /// Products whose getting-started email this user was ever sent.
    pub started: &'a BTreeSet<String>,
    pub notify: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeOutcome {
    pub after: UserState,
    pub memory: Option<Memory>,
    pub plan: NotificationPlan,
    /// The user just lost access: end their sessions and tokens now.
    pub revoke_access: bool,
}

/// Decides one change. `current` is the user and their suspension memory, `None` on create.
pub fn apply_change(
    current: Option<(&UserState, Option<&Memory>)>,
    change: &Change,
    facts: &Facts<'_>,
) -> Result<ChangeOutcome, DomainError> {
    let before = current.map(|(u, _)| u);
    let memory = current.and_then(|(_, m)| m);
    let after = next_state(before, memory, change)?;

    // A suspended admin is still an admin to protect: their remembered role counts.
    let guarded = before.map(|b| memory.map_or(b.role, |m| b.role.max(m.role)));
    policy::may_manage(facts.actor, guarded, after.role)?;

    if let Some(before) = before {
        let action = match change {
            Change::Delete => "deleted",
            Change::Suspend => "suspended",
            _ if after.role != Role::Admin => "demoted",
            _ => "suspended",
        };
        policy::keep_last_admin(
            before.is_active_admin(),
            after.is_active_admin(),
            facts.active_admins,
            action,
        )?;
    }

    // Seats are taken by users who are not deleted; a restored user takes theirs again.
    let held = match before {
        Some(b) if !b.deleted => b.products.clone(),
        _ => BTreeSet::new(),
    };
    if !after.deleted {
        let added: BTreeSet<String> = after.products.difference(&held).cloned().collect();
        seats::check_seats(&added, facts.seats, facts.catalog)?;
    }

    let before_status = before.map(UserState::status);
    let after_status = after.status();
    let memory = match (before_status, after_status) {
        (Some(Status::Active), Status::Suspended) => before.map(|b| Memory {
            role: b.role,
            products: b.products.clone(),
        }),
        (_, Status::Active) => None,
        _ => memory.cloned(),
    };
    let plan = if after.deleted || before.is_some_and(|b| b.deleted) {
        // Deleting or restoring changes no product nor role: nothing to announce.
        NotificationPlan::default()
    } else {
        notification::plan(before, &after, facts.notify, facts.started, facts.catalog)
    };
    let revoke_access =
        before_status.is_some_and(|s| s == Status::Active) && after_status != Status::Active;
    Ok(ChangeOutcome {
        after,
        memory,
        plan,
        revoke_access,
    })
}

/// Which facts of the account a change is decided against, beyond the user's own row:
/// the seats of limited products it gives, the count of active admins when it takes one
/// away. A change concerning neither cannot break a rule whatever the others of the
/// account do meanwhile, so it need not wait for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Concerns {
    pub seats: bool,
    pub last_admin: bool,
}

impl Concerns {
    pub fn any(self) -> bool {
        self.seats || self.last_admin
    }
}

/// What `change` concerns when applied to `current` (`None`: a create) in an account
/// whose `limited` products have seat limits. A change the rules refuse concerns nothing.
pub fn concerns(
    current: Option<(&UserState, Option<&Memory>)>,
    change: &Change,
    limited: &BTreeSet<String>,
) -> Concerns {
    let before = current.map(|(u, _)| u);
    let Ok(after) = next_state(before, current.and_then(|(_, m)| m), change) else {
        return Concerns::default();
    };
    let held = match before {
        Some(b) if !b.deleted => Some(&b.products),
        _ => None,
    };
    Concerns {
        seats: !after.deleted
            && after
                .products
                .iter()
                .any(|p| limited.contains(p) && !held.is_some_and(|h| h.contains(p))),
        last_admin: before.is_some_and(UserState::is_active_admin) && !after.is_active_admin(),
    }
}

fn next_state(
    before: Option<&UserState>,
    memory: Option<&Memory>,
    change: &Change,
) -> Result<UserState, DomainError> {
    let Some(before) = before else {
        return match change {
            Change::Create { role, products } => Ok(UserState {
                role: *role,
                products: products.clone(),
                deleted: false,
            }),
            _ => Err(DomainError::Conflict("no such user".into())),
        };
    };
    let status = before.status();
    if status == Status::Deleted && !matches!(change, Change::Restore) {
        return Err(DomainError::Conflict(
            "the user is deleted; restore them first".into(),
        ));
    }
    match change {
        Change::Create { .. } => Err(DomainError::Conflict("the user already exists".into())),
        Change::Edit(edit) => Ok(UserState {
            role: edit.role.unwrap_or(before.role),
            products: edit
                .products
                .clone()
                .unwrap_or_else(|| before.products.clone()),
            deleted: false,
        }),
        Change::Suspend => {
            if status == Status::Suspended {
                return Err(DomainError::Conflict(
                    "the user is already suspended".into(),
                ));
            }
            Ok(UserState {
                role: Role::Member,
                products: BTreeSet::new(),
                deleted: false,
            })
        }
        Change::Reactivate => {
            if status != Status::Suspended {
                return Err(DomainError::Conflict("the user is not suspended".into()));
            }
            let memory = memory.ok_or(DomainError::NothingToRestore)?;
            Ok(UserState {
                role: memory.role,
                products: memory.products.clone(),
                deleted: false,
            })
        }
        Change::Delete => Ok(UserState {
            deleted: true,
            ..before.clone()
        }),
        Change::Restore => {
            if status != Status::Deleted {
                return Err(DomainError::Conflict("the user is not deleted".into()));
            }
            Ok(UserState {
                deleted: false,
                ..before.clone()
            })
        }
    }
}

#[cfg(test)]
#[path = "change_tests.rs"]
pub(crate) mod tests;
