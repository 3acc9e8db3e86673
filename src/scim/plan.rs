//! What one SCIM write asks of Roster, as the service's actions in the order its rules
//! need them: an edit then a Suspend for `active=false`, a Reactivate then an edit for
//! `active=true`. Pure, so it is tested without a server.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::user::{Desired, EXTRA_KEY};
use crate::domain::Status;
use crate::service::{Action, UserPatch};
use crate::store::users::UserRecord;

/// `users.extra` with the SCIM part replaced (removed when empty).
pub fn extra_with(base: &Map<String, Value>, scim: Map<String, Value>) -> Map<String, Value> {
    let mut extra = base.clone();
    if scim.is_empty() {
        extra.remove(EXTRA_KEY);
    } else {
        extra.insert(EXTRA_KEY.into(), Value::Object(scim));
    }
    extra
}

/// The steps that take `cur` to what the IdP wants, in the order Roster's rules need.
pub fn plan_update(cur: &UserRecord, d: Desired) -> Vec<Action> {
    let products: Option<BTreeSet<String>> = d.products.map(|p| p.into_iter().collect());
    let patch = UserPatch {
        email: Some(d.email).filter(|e| *e != cur.email),
        first_name: Some(d.first_name).filter(|n| *n != cur.first_name),
        last_name: Some(d.last_name).filter(|n| *n != cur.last_name),
        locale: d.locale.filter(|l| *l != cur.locale).map(str::to_string),
        role: d.role.filter(|r| *r != cur.role),
        products: products
            .filter(|p| *p != cur.products)
            .map(|p| p.into_iter().collect()),
        password: d.password,
        external_id: Some(d.external_id).filter(|x| *x != cur.external_id),
        extra: Some(extra_with(&cur.extra, d.scim_extra)).filter(|x| *x != cur.extra),
    };
    let role_after = patch.role.unwrap_or(cur.role);
    let products_after: BTreeSet<String> = match &patch.products {
        Some(p) => p.iter().cloned().collect(),
        None => cur.products.clone(),
    };
    let active_after_edit = Status::derive(role_after, &products_after, false) == Status::Active;
    let edit = if patch_is_empty(&patch) {
        Vec::new()
    } else {
        vec![Action::Update(patch)]
    };
    match d.active {
        // Give back what the user had, then apply what the IdP also changed. A user who
        // was never active has nothing to give back: active=true changes nothing then.
        Some(true) if cur.status == Status::Suspended && cur.memory.is_some() => {
            let mut steps = vec![Action::Reactivate];
            steps.extend(edit);
            steps
        }
        Some(false) if active_after_edit => {
            let mut steps = edit;
            steps.push(Action::Suspend);
            steps
        }
        _ => edit,
    }
}

fn patch_is_empty(p: &UserPatch) -> bool {
    p.email.is_none()
        && p.first_name.is_none()
        && p.last_name.is_none()
        && p.locale.is_none()
        && p.role.is_none()
        && p.products.is_none()
        && p.password.is_none()
        && p.external_id.is_none()
        && p.extra.is_none()
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
