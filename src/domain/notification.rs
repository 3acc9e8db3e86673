//! Which emails one saved change sends (DESIGN §1, Notifications).

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Catalog, Role, UserState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    ProductsChanged,
    RoleChanged,
    GettingStarted,
    Invitation,
    /// A fresh link to set a password, sent on request by an admin or a manager.
    PasswordReset,
}

impl EmailKind {
    /// The value of the `X-Roster-Template` header.
    pub fn template(self) -> &'static str {
        match self {
            EmailKind::ProductsChanged => "products_changed",
            EmailKind::RoleChanged => "role_changed",
            EmailKind::GettingStarted => "getting_started",
            EmailKind::Invitation => "invitation",
            EmailKind::PasswordReset => "password_reset",
        }
    }

    pub fn parse(s: &str) -> Option<EmailKind> {
        match s {
            "products_changed" => Some(EmailKind::ProductsChanged),
            "role_changed" => Some(EmailKind::RoleChanged),
            "getting_started" => Some(EmailKind::GettingStarted),
            "invitation" => Some(EmailKind::Invitation),
            "password_reset" => Some(EmailKind::PasswordReset),
            _ => None,
        }
    }
}

/// One email the change will send, with what its template needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedEmail {
    pub kind: EmailKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_role: Option<Role>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_role: Option<Role>,
}

impl PlannedEmail {
    /// An email of `kind` with nothing particular to say.
    pub fn of(kind: EmailKind) -> PlannedEmail {
        PlannedEmail {
            kind,
            product: None,
            added: vec![],
            removed: vec![],
            old_role: None,
            new_role: None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NotificationPlan {
    pub emails: Vec<PlannedEmail>,
}

impl NotificationPlan {
    /// Products whose getting-started email this plan sends (to record as sent).
    pub fn getting_started_products(&self) -> impl Iterator<Item = &str> {
        self.emails
            .iter()
            .filter(|e| e.kind == EmailKind::GettingStarted)
            .filter_map(|e| e.product.as_deref())
    }
}

/// Plans the emails of one change. `before` is `None` for a new user, whose products all
/// count as added and who, given portal access, is invited to the portal. `started` holds the products whose getting-started email this user
/// has ever been sent; those never send a second one, whatever `notify` says.
pub fn plan(
    before: Option<&UserState>,
    after: &UserState,
    notify: bool,
    started: &BTreeSet<String>,
    catalog: &Catalog,
) -> NotificationPlan {
    let empty = BTreeSet::new();
    let before_products = before.map(|b| &b.products).unwrap_or(&empty);
    let added: Vec<String> = after
        .products
        .difference(before_products)
        .cloned()
        .collect();
    let removed: Vec<String> = before_products
        .difference(&after.products)
        .cloned()
        .collect();
    let mut emails = Vec::new();

    if notify && (!added.is_empty() || !removed.is_empty()) {
        emails.push(PlannedEmail {
            added: added.clone(),
            removed,
            ..PlannedEmail::of(EmailKind::ProductsChanged)
        });
    }
    if before.is_none() && notify && after.role.has_portal_access() {
        emails.push(PlannedEmail::of(EmailKind::Invitation));
    }
    if let Some(before) = before {
        if notify && before.role != after.role {
            emails.push(PlannedEmail {
                old_role: Some(before.role),
                new_role: Some(after.role),
                ..PlannedEmail::of(EmailKind::RoleChanged)
            });
        }
    }
    for key in &added {
        let flagged = catalog.get(key).is_some_and(|p| p.getting_started_email);
        if flagged && !started.contains(key) {
            emails.push(PlannedEmail {
                product: Some(key.clone()),
                ..PlannedEmail::of(EmailKind::GettingStarted)
            });
        }
    }
    NotificationPlan { emails }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, products: &[&str]) -> UserState {
        UserState {
            role,
            products: products.iter().map(|p| p.to_string()).collect(),
            deleted: false,
        }
    }

    fn kinds(p: &NotificationPlan) -> Vec<(EmailKind, Option<&str>)> {
        p.emails
            .iter()
            .map(|e| (e.kind, e.product.as_deref()))
            .collect()
    }

    #[test]
    fn first_meeting_sends_getting_started_and_rescue_does_not() {
        let c = Catalog::default_suite();
        let p = plan(
            None,
            &user(Role::Member, &["meeting", "rescue"]),
            true,
            &BTreeSet::new(),
            &c,
        );
        assert_eq!(
            kinds(&p),
            [
                (EmailKind::ProductsChanged, None),
                (EmailKind::GettingStarted, Some("meeting"))
            ]
        );
    }

    #[test]
    fn do_not_notify_still_sends_getting_started() {
        let c = Catalog::default_suite();
        let before = user(Role::Member, &["rescue"]);
        let after = user(Role::Manager, &["rescue", "webinar", "training"]);
        let p = plan(Some(&before), &after, false, &BTreeSet::new(), &c);
        assert_eq!(
            kinds(&p),
            [
                (EmailKind::GettingStarted, Some("training")),
                (EmailKind::GettingStarted, Some("webinar"))
            ]
        );
    }

    #[test]
    fn products_and_role_send_one_email_each() {
        let c = Catalog::default_suite();
        let before = user(Role::Member, &["rescue", "connect"]);
        let after = user(Role::Manager, &["rescue", "pro"]);
        let p = plan(Some(&before), &after, true, &BTreeSet::new(), &c);
        assert_eq!(
            kinds(&p),
            [
                (EmailKind::ProductsChanged, None),
                (EmailKind::RoleChanged, None)
            ]
        );
        assert_eq!(p.emails[0].added, ["pro"]);
        assert_eq!(p.emails[0].removed, ["connect"]);
        assert_eq!(p.emails[1].old_role, Some(Role::Member));
        assert_eq!(p.emails[1].new_role, Some(Role::Manager));
    }

    #[test]
    fn re_adding_a_product_sends_no_second_getting_started() {
        let c = Catalog::default_suite();
        let started = BTreeSet::from(["meeting".to_string()]);
        let p = plan(
            Some(&user(Role::Member, &[])),
            &user(Role::Member, &["meeting"]),
            true,
            &started,
            &c,
        );
        assert_eq!(kinds(&p), [(EmailKind::ProductsChanged, None)]);
    }

    #[test]
    fn a_new_manager_is_invited_unless_told_not_to() {
        let c = Catalog::default_suite();
        let p = plan(None, &user(Role::Manager, &[]), true, &BTreeSet::new(), &c);
        assert_eq!(kinds(&p), [(EmailKind::Invitation, None)]);
        assert!(
            plan(None, &user(Role::Manager, &[]), false, &BTreeSet::new(), &c)
                .emails
                .is_empty()
        );
    }

    #[test]
    fn a_change_of_nothing_sends_nothing() {
        let c = Catalog::default_suite();
        let u = user(Role::Admin, &["meeting"]);
        assert!(plan(Some(&u), &u, true, &BTreeSet::new(), &c)
            .emails
            .is_empty());
    }
}
