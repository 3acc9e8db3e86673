//! Which events a change sends, and to which streams. Pure: the user before and after go
//! in, the planned events come out, each addressed to the account's streams and/or to the
//! streams bound to some products.
//!
//! - becomes suspended or deleted: `account-disabled` and `session-revoked`, to the
//!   account's streams and to the streams of every product the user could use before;
//! - becomes active again (reactivated, restored, given a product or a role): `account-enabled`,
//!   to the account's streams and the streams of the products the user can use now;
//! - stays active but loses products: `session-revoked` to those products' streams only
//!   (the user's other sessions are untouched, so account streams hear nothing);
//! - password set: `credential-change`, to the account's streams and the streams of the
//!   products the user can use;
//! - purged: `account-purged`, to the account's streams and the streams of the products
//!   the user had when deleted.

use std::collections::BTreeSet;

use super::set::EventType;
use crate::domain::change::UserState;
use crate::domain::Status;

/// One event of a change and who hears it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedEvent {
    pub event: EventType,
    /// The streams that cover the whole account.
    pub account_streams: bool,
    /// The streams bound to these products.
    pub products: BTreeSet<String>,
}

/// The products a user can use: none once deleted (they keep them only for a restore).
fn usable(u: &UserState) -> BTreeSet<String> {
    if u.deleted {
        BTreeSet::new()
    } else {
        u.products.clone()
    }
}

/// The events of one change of role, products or deletion. A user just created has had
/// no session anywhere: nothing to say.
pub fn for_change(before: Option<&UserState>, after: &UserState) -> Vec<PlannedEvent> {
    let Some(before) = before else {
        return Vec::new();
    };
    let (was, is) = (before.status(), after.status());
    let (had, has) = (usable(before), usable(after));
    let everyone = |event, products: &BTreeSet<String>| PlannedEvent {
        event,
        account_streams: true,
        products: products.clone(),
    };
    if was != is && is != Status::Active {
        vec![
            everyone(EventType::AccountDisabled, &had),
            everyone(EventType::SessionRevoked, &had),
        ]
    } else if was != is && is == Status::Active {
        vec![everyone(EventType::AccountEnabled, &has)]
    } else {
        let lost: BTreeSet<String> = had.difference(&has).cloned().collect();
        if lost.is_empty() {
            Vec::new()
        } else {
            vec![PlannedEvent {
                event: EventType::SessionRevoked,
                account_streams: false,
                products: lost,
            }]
        }
    }
}

/// A password set, by an admin or through a one-time link.
pub fn for_password_set(user: &UserState) -> Vec<PlannedEvent> {
    vec![PlannedEvent {
        event: EventType::CredentialChange,
        account_streams: true,
        products: usable(user),
    }]
}

/// A user purged for good; `products` are those they had when deleted.
pub fn for_purge(products: &BTreeSet<String>) -> Vec<PlannedEvent> {
    vec![PlannedEvent {
        event: EventType::AccountPurged,
        account_streams: true,
        products: products.clone(),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    fn user(role: Role, products: &[&str], deleted: bool) -> UserState {
        UserState {
            role,
            products: products.iter().map(|p| p.to_string()).collect(),
            deleted,
        }
    }

    fn set(products: &[&str]) -> BTreeSet<String> {
        products.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn suspension_disables_and_revokes_everywhere_the_user_was() {
        let before = user(Role::Member, &["meeting", "webinar"], false);
        let after = user(Role::Member, &[], false);
        let events = for_change(Some(&before), &after);
        assert_eq!(
            events,
            vec![
                PlannedEvent {
                    event: EventType::AccountDisabled,
                    account_streams: true,
                    products: set(&["meeting", "webinar"]),
                },
                PlannedEvent {
                    event: EventType::SessionRevoked,
                    account_streams: true,
                    products: set(&["meeting", "webinar"]),
                },
            ]
        );
    }

    #[test]
    fn deletion_disables_even_though_products_are_kept_for_a_restore() {
        let before = user(Role::Manager, &["meeting"], false);
        let after = user(Role::Manager, &["meeting"], true);
        let events = for_change(Some(&before), &after);
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].event, EventType::AccountDisabled);
        assert_eq!(events[1].products, set(&["meeting"]));
    }

    #[test]
    fn reactivation_and_restore_enable() {
        let suspended = user(Role::Member, &[], false);
        let back = user(Role::Member, &["room"], false);
        assert_eq!(
            for_change(Some(&suspended), &back),
            vec![PlannedEvent {
                event: EventType::AccountEnabled,
                account_streams: true,
                products: set(&["room"]),
            }]
        );
        let deleted = user(Role::Admin, &["room"], true);
        let restored = user(Role::Admin, &["room"], false);
        assert_eq!(
            for_change(Some(&deleted), &restored)[0].event,
            EventType::AccountEnabled
        );
    }

    #[test]
    fn a_product_taken_away_revokes_only_that_products_sessions() {
        let before = user(Role::Member, &["meeting", "webinar"], false);
        let after = user(Role::Member, &["webinar"], false);
        assert_eq!(
            for_change(Some(&before), &after),
            vec![PlannedEvent {
                event: EventType::SessionRevoked,
                account_streams: false,
                products: set(&["meeting"]),
            }]
        );
    }

    #[test]
    fn nothing_when_nothing_is_lost() {
        let before = user(Role::Member, &["meeting"], false);
        let more = user(Role::Manager, &["meeting", "webinar"], false);
        assert!(for_change(Some(&before), &more).is_empty());
        assert!(for_change(None, &more).is_empty());
        // A suspended user deleted: disabled again (harmless), but no product to revoke.
        let suspended = user(Role::Member, &[], false);
        let deleted = user(Role::Member, &[], true);
        let events = for_change(Some(&suspended), &deleted);
        assert!(events.iter().all(|e| e.products.is_empty()));
    }

    #[test]
    fn password_and_purge_reach_the_users_products() {
        let u = user(Role::Member, &["meeting"], false);
        assert_eq!(
            for_password_set(&u)[0],
            PlannedEvent {
                event: EventType::CredentialChange,
                account_streams: true,
                products: set(&["meeting"]),
            }
        );
        assert_eq!(
            for_purge(&set(&["room"]))[0].event,
            EventType::AccountPurged
        );
    }
}
