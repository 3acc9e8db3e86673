use proptest::prelude::*;

use super::*;
use crate::domain::EmailKind;

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

fn user(role: Role, products: &[&str]) -> UserState {
    UserState {
        role,
        products: set(products),
        deleted: false,
    }
}

struct World {
    catalog: Catalog,
    seats: BTreeMap<String, SeatUsage>,
    started: BTreeSet<String>,
}

impl World {
    fn new() -> World {
        World {
            catalog: Catalog::default_suite(),
            seats: BTreeMap::new(),
            started: BTreeSet::new(),
        }
    }
    fn facts(&self, actor: ActorRole, notify: bool) -> Facts<'_> {
        Facts {
            actor,
            catalog: &self.catalog,
            seats: &self.seats,
            active_admins: 2,
            started: &self.started,
            notify,
        }
    }
}

fn edit(products: Option<&[&str]>, role: Option<Role>) -> Change {
    Change::Edit(Edit {
        products: products.map(set),
        role,
    })
}

#[test]
fn the_seed_workflow_suspends_by_editing_and_reactivate_gives_back_the_state_before() {
    let w = World::new();
    let facts = w.facts(ActorRole::Admin, true);
    let start = user(Role::Manager, &["meeting", "rescue"]);

    // Untick every product: still a manager, so still active.
    let step1 = apply_change(Some((&start, None)), &edit(Some(&[]), None), &facts).unwrap();
    assert_eq!(step1.after.status(), Status::Active);
    assert_eq!(step1.plan.emails.len(), 1);
    assert_eq!(step1.plan.emails[0].kind, EmailKind::ProductsChanged);

    // Then make them a member, without notifying: suspended, no email, access revoked.
    let quiet = w.facts(ActorRole::Admin, false);
    let step2 = apply_change(
        Some((&step1.after, None)),
        &edit(None, Some(Role::Member)),
        &quiet,
    )
    .unwrap();
    assert_eq!(step2.after.status(), Status::Suspended);
    assert!(step2.plan.emails.is_empty());
    assert!(step2.revoke_access);
    let memory = step2
        .memory
        .clone()
        .expect("the state before the suspending edit is remembered");
    assert_eq!(
        memory,
        Memory {
            role: Role::Manager,
            products: set(&[])
        }
    );

    let back = apply_change(
        Some((&step2.after, Some(&memory))),
        &Change::Reactivate,
        &facts,
    )
    .unwrap();
    assert_eq!(back.after, user(Role::Manager, &[]));
    assert_eq!(back.memory, None);
}

#[test]
fn suspend_then_reactivate_restores_products_and_role() {
    let w = World::new();
    let facts = w.facts(ActorRole::Admin, true);
    let start = user(Role::Manager, &["meeting", "rescue"]);
    let suspended = apply_change(Some((&start, None)), &Change::Suspend, &facts).unwrap();
    assert_eq!(suspended.after.status(), Status::Suspended);
    assert!(suspended.revoke_access);
    let kinds: Vec<_> = suspended.plan.emails.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EmailKind::ProductsChanged, EmailKind::RoleChanged]);

    let mem = suspended.memory.as_ref();
    let back = apply_change(Some((&suspended.after, mem)), &Change::Reactivate, &facts).unwrap();
    assert_eq!(back.after, start);
}

#[test]
fn reactivating_a_user_who_was_never_active_is_a_conflict() {
    let w = World::new();
    let never = user(Role::Member, &[]);
    let err = apply_change(
        Some((&never, None)),
        &Change::Reactivate,
        &w.facts(ActorRole::Admin, true),
    )
    .unwrap_err();
    assert_eq!(err, DomainError::NothingToRestore);
    assert!(err.to_string().contains("never active"));
}

#[test]
fn suspending_twice_or_reactivating_an_active_user_is_a_conflict() {
    let w = World::new();
    let f = w.facts(ActorRole::Admin, true);
    assert!(matches!(
        apply_change(Some((&user(Role::Member, &[]), None)), &Change::Suspend, &f),
        Err(DomainError::Conflict(_))
    ));
    assert!(matches!(
        apply_change(
            Some((&user(Role::Member, &["pro"]), None)),
            &Change::Reactivate,
            &f
        ),
        Err(DomainError::Conflict(_))
    ));
}

#[test]
fn reactivate_is_refused_when_the_seats_are_gone() {
    let mut w = World::new();
    w.seats.insert(
        "meeting".into(),
        SeatUsage {
            used: 3,
            limit: Some(3),
        },
    );
    let f = w.facts(ActorRole::Admin, true);
    let memory = Memory {
        role: Role::Member,
        products: set(&["meeting"]),
    };
    let err = apply_change(
        Some((&user(Role::Member, &[]), Some(&memory))),
        &Change::Reactivate,
        &f,
    )
    .unwrap_err();
    assert!(
        matches!(err, DomainError::SeatsExhausted { ref key, seats: 3, .. } if key == "meeting")
    );
}

#[test]
fn delete_and_restore_keep_products_and_role_and_restore_retakes_seats() {
    let mut w = World::new();
    let start = user(Role::Manager, &["meeting"]);
    let f = w.facts(ActorRole::Manager, true);
    let deleted = apply_change(Some((&start, None)), &Change::Delete, &f).unwrap();
    assert_eq!(deleted.after.status(), Status::Deleted);
    assert!(deleted.revoke_access);
    assert!(deleted.plan.emails.is_empty());
    assert!(matches!(
        apply_change(
            Some((&deleted.after, None)),
            &edit(Some(&["pro"]), None),
            &f
        ),
        Err(DomainError::Conflict(_))
    ));

    let restored = apply_change(Some((&deleted.after, None)), &Change::Restore, &f).unwrap();
    assert_eq!(restored.after, start);

    w.seats.insert(
        "meeting".into(),
        SeatUsage {
            used: 1,
            limit: Some(1),
        },
    );
    let f = w.facts(ActorRole::Admin, true);
    assert!(matches!(
        apply_change(Some((&deleted.after, None)), &Change::Restore, &f),
        Err(DomainError::SeatsExhausted { .. })
    ));
}

#[test]
fn a_manager_cannot_touch_an_admin_nor_grant_admin() {
    let w = World::new();
    let f = w.facts(ActorRole::Manager, true);
    let admin = user(Role::Admin, &["meeting"]);
    for change in [Change::Suspend, Change::Delete, edit(Some(&[]), None)] {
        assert!(matches!(
            apply_change(Some((&admin, None)), &change, &f),
            Err(DomainError::Forbidden(_))
        ));
    }
    let member = user(Role::Member, &["meeting"]);
    assert!(matches!(
        apply_change(Some((&member, None)), &edit(None, Some(Role::Admin)), &f),
        Err(DomainError::Forbidden(_))
    ));
    assert!(apply_change(Some((&member, None)), &edit(None, Some(Role::Manager)), &f).is_ok());
}

#[test]
fn a_manager_cannot_touch_a_suspended_admin_either() {
    let w = World::new();
    let f = w.facts(ActorRole::Manager, true);
    let suspended = user(Role::Member, &[]);
    let memory = Memory {
        role: Role::Admin,
        products: set(&["meeting"]),
    };
    for change in [
        edit(Some(&["rescue"]), None),
        Change::Delete,
        Change::Reactivate,
    ] {
        assert!(
            matches!(
                apply_change(Some((&suspended, Some(&memory))), &change, &f),
                Err(DomainError::Forbidden(_))
            ),
            "{change:?}"
        );
    }
    let admin = w.facts(ActorRole::Admin, true);
    assert!(apply_change(
        Some((&suspended, Some(&memory))),
        &Change::Reactivate,
        &admin
    )
    .is_ok());
}

#[test]
fn the_last_active_admin_cannot_be_demoted_suspended_or_deleted() {
    let w = World::new();
    let f = Facts {
        active_admins: 1,
        ..w.facts(ActorRole::Admin, true)
    };
    let admin = user(Role::Admin, &[]);
    for (change, word) in [
        (edit(None, Some(Role::Manager)), "demoted"),
        (Change::Suspend, "suspended"),
        (Change::Delete, "deleted"),
    ] {
        assert_eq!(
            apply_change(Some((&admin, None)), &change, &f),
            Err(DomainError::LastAdmin(word))
        );
    }
    // Taking the last admin's products away keeps them an active admin: allowed.
    assert!(apply_change(
        Some((&user(Role::Admin, &["pro"]), None)),
        &edit(Some(&[]), None),
        &f
    )
    .is_ok());
}

#[test]
fn giving_a_product_beyond_the_seats_names_the_product_but_keeping_one_is_fine() {
    let mut w = World::new();
    w.seats.insert(
        "webinar".into(),
        SeatUsage {
            used: 2,
            limit: Some(2),
        },
    );
    let f = w.facts(ActorRole::Admin, true);
    let err = apply_change(
        Some((&user(Role::Member, &["pro"]), None)),
        &edit(Some(&["pro", "webinar"]), None),
        &f,
    )
    .unwrap_err();
    assert!(err.to_string().contains("GoTo Webinar"));
    // A holder of one of the two seats keeps it through an unrelated edit.
    assert!(apply_change(
        Some((&user(Role::Member, &["webinar"]), None)),
        &edit(Some(&["webinar", "pro"]), None),
        &f
    )
    .is_ok());
}

/// Any role (the bulk rules' properties use it too).
pub(crate) fn any_role() -> impl Strategy<Value = Role> {
    prop_oneof![Just(Role::Member), Just(Role::Manager), Just(Role::Admin)]
}

/// Any set of the default suite's products.
pub(crate) fn any_products() -> impl Strategy<Value = BTreeSet<String>> {
    let keys: Vec<String> = Catalog::default_suite()
        .products()
        .iter()
        .map(|p| p.key.clone())
        .collect();
    proptest::sample::subsequence(keys, 0..6).prop_map(|v| v.into_iter().collect())
}

fn any_change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (
            proptest::option::of(any_products()),
            proptest::option::of(any_role())
        )
            .prop_map(|(products, role)| Change::Edit(Edit { products, role })),
        Just(Change::Suspend),
        Just(Change::Reactivate),
        Just(Change::Delete),
        Just(Change::Restore),
    ]
}

proptest! {
    /// Walk random change sequences: status is always the derived one, a plan never emails
    /// when notify=false except getting-started, and getting-started goes once per product ever.
    #[test]
    fn invariants_hold_over_any_sequence_of_changes(
        role in any_role(),
        products in any_products(),
        steps in proptest::collection::vec((any_change(), any::<bool>()), 1..25),
    ) {
        let catalog = Catalog::default_suite();
        let seats = BTreeMap::new();
        let mut started: BTreeSet<String> = BTreeSet::new();
        let mut state = UserState { role, products, deleted: false };
        let mut memory: Option<Memory> = None;
        for (change, notify) in steps {
            let facts = Facts { actor: ActorRole::Admin, catalog: &catalog, seats: &seats, active_admins: 5, started: &started, notify };
            let Ok(out) = apply_change(Some((&state, memory.as_ref())), &change, &facts) else { continue };
            prop_assert_eq!(out.after.status(), Status::derive(out.after.role, &out.after.products, out.after.deleted));
            if !notify {
                prop_assert!(out.plan.emails.iter().all(|e| e.kind == EmailKind::GettingStarted));
            }
            for p in out.plan.getting_started_products() {
                prop_assert!(catalog.get(p).unwrap().getting_started_email);
                prop_assert!(started.insert(p.to_string()), "second getting-started for {}", p);
            }
            if out.after.status() == Status::Active {
                prop_assert!(out.memory.is_none());
            }
            if matches!(change, Change::Reactivate) {
                prop_assert_eq!(Some(Memory { role: out.after.role, products: out.after.products.clone() }), memory.clone());
            }
            state = out.after;
            memory = out.memory;
        }
    }
}

proptest! {
    /// A change that concerns neither seats nor the last admin is decided the same with no
    /// seat left and one admin as with every seat free and many admins: it may run without
    /// waiting for the account's other changes.
    #[test]
    fn a_change_that_concerns_nothing_does_not_depend_on_seats_or_admins(
        role in any_role(),
        products in any_products(),
        deleted in any::<bool>(),
        remembered in proptest::option::of((any_role(), any_products())),
        change in any_change(),
        limited in any_products(),
    ) {
        let catalog = Catalog::default_suite();
        let state = UserState { role, products, deleted };
        let memory = remembered.map(|(role, products)| Memory { role, products });
        let current = Some((&state, memory.as_ref()));
        prop_assume!(!concerns(current, &change, &limited).any());
        let started = BTreeSet::new();
        let none_left: BTreeMap<String, SeatUsage> = limited
            .iter()
            .map(|p| (p.clone(), SeatUsage { limit: Some(0), used: 0 }))
            .collect();
        let free = BTreeMap::new();
        let facts = |seats, active_admins| Facts {
            actor: ActorRole::Admin, catalog: &catalog, seats, active_admins, started: &started, notify: true,
        };
        prop_assert_eq!(
            apply_change(current, &change, &facts(&none_left, 1)),
            apply_change(current, &change, &facts(&free, 100))
        );
    }
}

#[test]
fn giving_a_limited_product_or_demoting_the_last_admin_concerns_the_account() {
    let limited = set(&["meeting"]);
    let member = user(Role::Member, &["webinar"]);
    let concern = |u: &UserState, c: &Change| concerns(Some((u, None)), c, &limited);
    assert!(concern(&member, &edit(Some(&["webinar", "meeting"]), None)).seats);
    assert!(!concern(&member, &edit(Some(&["pro"]), None)).any());
    let holder = user(Role::Member, &["meeting"]);
    assert!(!concern(&holder, &edit(Some(&["meeting", "pro"]), None)).any());
    assert!(!concern(&holder, &edit(Some(&[]), None)).any());
    let deleted = UserState {
        deleted: true,
        ..holder.clone()
    };
    assert!(concern(&deleted, &Change::Restore).seats);
    assert!(
        concerns(
            None,
            &Change::Create {
                role: Role::Member,
                products: set(&["meeting"])
            },
            &limited
        )
        .seats
    );
    let admin = user(Role::Admin, &[]);
    assert!(concern(&admin, &Change::Suspend).last_admin);
    assert!(concern(&admin, &edit(None, Some(Role::Manager))).last_admin);
    assert!(!concern(&admin, &edit(Some(&["pro"]), None)).any());
}
