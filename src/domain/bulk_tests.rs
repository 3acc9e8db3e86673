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

mod seats_taken {
    use proptest::prelude::*;

    use super::super::*;
    use crate::domain::change::concerns;
    use crate::domain::change::tests::{any_products, any_role};

    fn any_action() -> impl Strategy<Value = BulkAction> {
        prop_oneof![
            any_products().prop_map(BulkAction::AddProducts),
            any_products().prop_map(BulkAction::RemoveProducts),
            any_role().prop_map(BulkAction::SetRole),
            Just(BulkAction::Suspend),
            Just(BulkAction::Reactivate),
            Just(BulkAction::Delete),
            Just(BulkAction::Restore),
        ]
    }

    proptest! {
        /// A bulk change applies the actions that cannot take a seat without counting the
        /// selection first (`service::bulk`): none of them may ever concern the seats of
        /// any user, whatever they hold, held before or whichever products are limited.
        #[test]
        fn only_the_actions_said_to_take_seats_ever_concern_them(
            role in any_role(),
            products in any_products(),
            deleted in any::<bool>(),
            memory in proptest::option::of((any_role(), any_products())),
            limited in any_products(),
            action in any_action(),
        ) {
            let state = UserState { role, products, deleted };
            let memory = memory.map(|(role, products)| Memory { role, products });
            let change = action.change_for(&state);
            let concerned = concerns(Some((&state, memory.as_ref())), &change, &limited);
            prop_assert!(action.may_take_seats() || !concerned.seats, "{action:?} on {state:?}");
        }
    }
}
