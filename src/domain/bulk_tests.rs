use std::collections::{BTreeMap, BTreeSet};

use super::*;

fn state(role: Role, products: &[&str]) -> UserState {
    UserState {
        role,
        products: products.iter().map(|p| p.to_string()).collect(),
        deleted: false,
    }
}

fn keys(k: &[&str]) -> BTreeSet<String> {
    k.iter().map(|p| p.to_string()).collect()
}

fn decide(planner: &mut BulkPlanner<'_>, action: &BulkAction, s: &UserState) -> Verdict {
    let started = BTreeSet::new();
    planner.decide(
        action,
        BulkUser {
            state: s,
            memory: None,
            started: &started,
            is_actor: false,
        },
    )
}

#[test]
fn the_last_admin_is_refused_once_the_others_are_suspended() {
    let c = Catalog::default_suite();
    let mut p = BulkPlanner::applying(ActorRole::Admin, &c, true, BTreeMap::new(), 2);
    let admin = state(Role::Admin, &[]);
    assert!(matches!(
        decide(&mut p, &BulkAction::Suspend, &admin),
        Verdict::Changed(_)
    ));
    assert_eq!(
        decide(&mut p, &BulkAction::Suspend, &admin),
        Verdict::Refused(DomainError::LastAdmin("suspended"))
    );
}

#[test]
fn a_manager_is_refused_an_admin_and_the_others_apply() {
    let c = Catalog::default_suite();
    let mut p = BulkPlanner::applying(ActorRole::Manager, &c, true, BTreeMap::new(), 3);
    let add = BulkAction::AddProducts(keys(&["meeting"]));
    assert!(matches!(
        decide(&mut p, &add, &state(Role::Admin, &[])),
        Verdict::Refused(DomainError::Forbidden(_))
    ));
    assert!(matches!(
        decide(&mut p, &add, &state(Role::Member, &[])),
        Verdict::Changed(_)
    ));
    // Already holding it: nothing to do.
    assert_eq!(
        decide(&mut p, &add, &state(Role::Member, &["meeting"])),
        Verdict::Unchanged
    );
}

#[test]
fn seats_are_counted_over_the_whole_selection() {
    let c = Catalog::default_suite();
    let seats = BTreeMap::from([(
        "meeting".to_string(),
        SeatUsage {
            used: 1,
            limit: Some(3),
        },
    )]);
    let mut p = BulkPlanner::planning(ActorRole::Admin, &c, true, seats, 1);
    let add = BulkAction::AddProducts(keys(&["meeting"]));
    for _ in 0..3 {
        assert!(matches!(
            decide(&mut p, &add, &state(Role::Member, &[])),
            Verdict::Changed(_)
        ));
    }
    assert_eq!(
        p.seat_shortage(),
        Err(DomainError::SeatsShort {
            key: "meeting".into(),
            name: "GoTo Meeting".into(),
            needed: 3,
            left: 2
        })
    );
}

#[test]
fn already_done_is_unchanged_and_never_active_is_refused() {
    let c = Catalog::default_suite();
    let mut p = BulkPlanner::applying(ActorRole::Admin, &c, true, BTreeMap::new(), 1);
    let suspended = state(Role::Member, &[]);
    assert_eq!(
        decide(&mut p, &BulkAction::Suspend, &suspended),
        Verdict::Unchanged
    );
    assert_eq!(
        decide(&mut p, &BulkAction::Reactivate, &suspended),
        Verdict::Refused(DomainError::NothingToRestore)
    );
    assert!(BulkAction::parse("set_role", BTreeSet::new(), None).is_err());
    assert!(BulkAction::parse("explode", BTreeSet::new(), None).is_err());
}
