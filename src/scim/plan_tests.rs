use std::collections::BTreeSet;

use serde_json::Map;

use super::*;
use crate::domain::{Memory, Role};

fn member(products: &[&str]) -> UserRecord {
    let products: BTreeSet<String> = products.iter().map(|p| p.to_string()).collect();
    UserRecord {
        id: "u".into(),
        account_id: "a".into(),
        email: "a@b.com".into(),
        first_name: "A".into(),
        last_name: "B".into(),
        locale: "en".into(),
        role: Role::Member,
        status: Status::derive(Role::Member, &products, false),
        products,
        deleted_at: None,
        version: 1,
        password_hash: None,
        external_id: None,
        memory: None,
        extra: Map::new(),
        created_at: 0,
        updated_at: 0,
    }
}

fn same_as(u: &UserRecord) -> Desired {
    Desired {
        email: u.email.clone(),
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
        ..Desired::default()
    }
}

#[test]
fn nothing_asked_nothing_done() {
    let u = member(&["meeting"]);
    assert!(plan_update(&u, same_as(&u)).is_empty());
}

#[test]
fn deactivating_edits_first_then_suspends() {
    let u = member(&["meeting"]);
    let d = Desired {
        active: Some(false),
        first_name: "Zoe".into(),
        ..same_as(&u)
    };
    let steps = plan_update(&u, d);
    assert!(
        matches!(steps.as_slice(), [Action::Update(p), Action::Suspend] if p.first_name.as_deref() == Some("Zoe"))
    );
    // Already suspended: nothing to do.
    let s = member(&[]);
    let d = Desired {
        active: Some(false),
        ..same_as(&s)
    };
    assert!(plan_update(&s, d).is_empty());
}

#[test]
fn reactivating_gives_back_then_edits() {
    let mut u = member(&[]);
    u.memory = Some(Memory {
        role: Role::Member,
        products: BTreeSet::from(["meeting".to_string()]),
    });
    let d = Desired {
        active: Some(true),
        ..same_as(&u)
    };
    assert!(matches!(
        plan_update(&u, d).as_slice(),
        [Action::Reactivate]
    ));
    // Never active: nothing to give back, so active=true alone changes nothing.
    let never = member(&[]);
    let d = Desired {
        active: Some(true),
        ..same_as(&never)
    };
    assert!(plan_update(&never, d).is_empty());
}

#[test]
fn products_and_role_change_only_when_they_differ() {
    let u = member(&["meeting"]);
    let d = Desired {
        products: Some(vec!["meeting".into()]),
        role: Some(Role::Member),
        ..same_as(&u)
    };
    assert!(plan_update(&u, d).is_empty());
    let d = Desired {
        products: Some(vec!["rescue".into()]),
        ..same_as(&u)
    };
    assert!(
        matches!(plan_update(&u, d).as_slice(), [Action::Update(p)] if p.products == Some(vec!["rescue".to_string()]))
    );
}
