//! Bulk changes decided purely: one action for many users, each user going through
//! [`apply_change`] exactly as a single change would. What is particular to bulk is the
//! bookkeeping between users: the seats and the active admins the earlier users of the
//! request took or freed, and, before anything is written, the seats the whole selection
//! asks for compared with the seats left (a shortage refuses the whole request).

use std::collections::{BTreeMap, BTreeSet};

use super::policy::{self, ActorRole};
use super::{apply_change, Catalog, Change, ChangeOutcome, DomainError, Edit, Facts, Memory};
use super::{Role, SeatUsage, Status, UserState};

/// What a bulk request does to each user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    AddProducts(BTreeSet<String>),
    RemoveProducts(BTreeSet<String>),
    SetRole(Role),
    Suspend,
    Reactivate,
    Delete,
    Restore,
}

/// The actions' names, as the API, the CLI and the portal's select carry them.
pub const ACTION_NAMES: [&str; 7] = [
    "add_products",
    "remove_products",
    "set_role",
    "suspend",
    "reactivate",
    "delete",
    "restore",
];

impl BulkAction {
    /// The action `name` with its argument: product keys (already checked against the
    /// catalog) for the product actions, a role for `set_role`.
    pub fn parse(
        name: &str,
        products: BTreeSet<String>,
        role: Option<Role>,
    ) -> Result<BulkAction, DomainError> {
        let needs = |what: &str| DomainError::Invalid {
            field: if what == "role" { "role" } else { "products" },
            message: format!("the action '{name}' needs {what}"),
        };
        Ok(match name {
            "add_products" | "remove_products" if products.is_empty() => {
                return Err(needs("at least one product"))
            }
            "add_products" => BulkAction::AddProducts(products),
            "remove_products" => BulkAction::RemoveProducts(products),
            "set_role" => BulkAction::SetRole(role.ok_or_else(|| needs("role"))?),
            "suspend" => BulkAction::Suspend,
            "reactivate" => BulkAction::Reactivate,
            "delete" => BulkAction::Delete,
            "restore" => BulkAction::Restore,
            other => {
                return Err(DomainError::Invalid {
                    field: "action",
                    message: format!(
                        "unknown action '{other}' (expected one of {})",
                        ACTION_NAMES.join(", ")
                    ),
                })
            }
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            BulkAction::AddProducts(_) => "add_products",
            BulkAction::RemoveProducts(_) => "remove_products",
            BulkAction::SetRole(_) => "set_role",
            BulkAction::Suspend => "suspend",
            BulkAction::Reactivate => "reactivate",
            BulkAction::Delete => "delete",
            BulkAction::Restore => "restore",
        }
    }

    /// The single change this action is for `user`: what one change through the portal or
    /// the API would ask.
    pub fn change_for(&self, user: &UserState) -> Change {
        match self {
            BulkAction::AddProducts(add) => Change::Edit(Edit {
                products: Some(user.products.union(add).cloned().collect()),
                role: None,
            }),
            BulkAction::RemoveProducts(remove) => Change::Edit(Edit {
                products: Some(user.products.difference(remove).cloned().collect()),
                role: None,
            }),
            BulkAction::SetRole(role) => Change::Edit(Edit {
                products: None,
                role: Some(*role),
            }),
            BulkAction::Suspend => Change::Suspend,
            BulkAction::Reactivate => Change::Reactivate,
            BulkAction::Delete => Change::Delete,
            BulkAction::Restore => Change::Restore,
        }
    }

    /// Whether the action can give a user a product they do not hold (and so take a
    /// seat): only then must the whole selection be counted before anything is written.
    pub fn may_take_seats(&self) -> bool {
        matches!(
            self,
            BulkAction::AddProducts(_) | BulkAction::Reactivate | BulkAction::Restore
        )
    }

    /// The user already is where the action leads: unchanged rather than refused (one
    /// Suspend of a suspended user is a conflict; in a selection it is nothing to do).
    fn already_done(&self, user: &UserState) -> bool {
        let status = user.status();
        match self {
            BulkAction::Suspend => status == Status::Suspended,
            BulkAction::Reactivate => status == Status::Active,
            BulkAction::Delete => status == Status::Deleted,
            BulkAction::Restore => status != Status::Deleted,
            _ => false,
        }
    }
}

/// One user of the selection as the planner sees them.
#[derive(Debug, Clone, Copy)]
pub struct BulkUser<'a> {
    pub state: &'a UserState,
    pub memory: Option<&'a Memory>,
    /// Products whose getting-started email the user was ever sent.
    pub started: &'a BTreeSet<String>,
    /// The user is the actor (nobody takes away their own portal access).
    pub is_actor: bool,
}

/// What the planner decided for one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Unchanged,
    Refused(DomainError),
    Changed(Box<ChangeOutcome>),
}

/// Decides the users of one bulk request one after another.
#[derive(Debug, Clone)]
pub struct BulkPlanner<'a> {
    actor: ActorRole,
    catalog: &'a Catalog,
    notify: bool,
    /// The account's seats as the users decided so far leave them.
    seats: BTreeMap<String, SeatUsage>,
    /// Limits as they are; `seats` has them lifted while planning the whole selection.
    limits: BTreeMap<String, SeatUsage>,
    active_admins: u32,
    /// Seats taken per product by the users changed so far.
    taken: BTreeMap<String, u32>,
}

impl<'a> BulkPlanner<'a> {
    /// A planner that applies: each user's seats are checked as a single change would.
    pub fn applying(
        actor: ActorRole,
        catalog: &'a Catalog,
        notify: bool,
        seats: BTreeMap<String, SeatUsage>,
        active_admins: u32,
    ) -> BulkPlanner<'a> {
        BulkPlanner {
            actor,
            catalog,
            notify,
            limits: seats.clone(),
            seats,
            active_admins,
            taken: BTreeMap::new(),
        }
    }

    /// A planner for the whole selection before anything is written: seats are not
    /// checked user by user but in total, by [`BulkPlanner::seat_shortage`].
    pub fn planning(
        actor: ActorRole,
        catalog: &'a Catalog,
        notify: bool,
        seats: BTreeMap<String, SeatUsage>,
        active_admins: u32,
    ) -> BulkPlanner<'a> {
        let lifted = seats
            .iter()
            .map(|(k, u)| (k.clone(), SeatUsage { limit: None, ..*u }))
            .collect();
        BulkPlanner {
            seats: lifted,
            ..BulkPlanner::applying(actor, catalog, notify, seats, active_admins)
        }
    }

    /// Decides one user: the rules of a single change, against what the users before
    /// them in the request left.
    pub fn decide(&mut self, action: &BulkAction, user: BulkUser<'_>) -> Verdict {
        if action.already_done(user.state) {
            return Verdict::Unchanged;
        }
        let change = action.change_for(user.state);
        let facts = Facts {
            actor: self.actor,
            catalog: self.catalog,
            seats: &self.seats,
            active_admins: self.active_admins,
            started: user.started,
            notify: self.notify,
        };
        let outcome = match apply_change(Some((user.state, user.memory)), &change, &facts) {
            Ok(o) => o,
            Err(e) => return Verdict::Refused(e),
        };
        let before_status = user.state.status();
        let after_status = outcome.after.status();
        if let Err(e) = policy::keep_own_access(
            user.is_actor,
            ActorRole::from_user(user.state.role, before_status),
            ActorRole::from_user(outcome.after.role, after_status),
        ) {
            return Verdict::Refused(e);
        }
        if outcome.after == *user.state && outcome.memory.as_ref() == user.memory {
            return Verdict::Unchanged;
        }
        self.account_for(user.state, &outcome);
        Verdict::Changed(Box::new(outcome))
    }

    /// Seats and active admins after the user's change, for the users after them.
    fn account_for(&mut self, before: &UserState, outcome: &ChangeOutcome) {
        let held = |s: &UserState| match s.deleted {
            true => BTreeSet::new(),
            false => s.products.clone(),
        };
        let (was, now) = (held(before), held(&outcome.after));
        for p in now.difference(&was) {
            self.seats.entry(p.clone()).or_default().used += 1;
            *self.taken.entry(p.clone()).or_default() += 1;
        }
        for p in was.difference(&now) {
            if let Some(u) = self.seats.get_mut(p) {
                u.used = u.used.saturating_sub(1);
            }
        }
        let active_admin = |s: &UserState| s.role == Role::Admin && s.status() == Status::Active;
        if active_admin(before) && !active_admin(&outcome.after) {
            self.active_admins = self.active_admins.saturating_sub(1);
        }
    }

    /// The first product whose seats the users decided so far need beyond the seats
    /// left: the whole request is refused, naming it.
    pub fn seat_shortage(&self) -> Result<(), DomainError> {
        for (key, needed) in &self.taken {
            let Some(left) = self.limits.get(key).and_then(SeatUsage::available) else {
                continue;
            };
            if *needed > left {
                return Err(DomainError::SeatsShort {
                    key: key.clone(),
                    name: self.catalog.name_of(key).to_string(),
                    needed: *needed,
                    left,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "bulk_tests.rs"]
mod tests;
