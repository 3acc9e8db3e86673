//! Pieces several pages show the same way: product checkboxes with their seats, role
//! radios, language choices, the emails a change would send and what it does to access.

use std::collections::BTreeSet;

use super::text::{Tr, LANGUAGES};
use crate::domain::{ActorRole, Role, Status};
use crate::i18n::Arg;
use crate::service::accounts::ProductSeats;
use crate::service::users::PreviewEmail;
use crate::store::users::UserRecord;

pub struct ProductBox {
    pub key: String,
    pub name: String,
    pub checked: bool,
    pub seats: String,
    pub getting_started: bool,
    /// No seat left for someone who does not hold it yet.
    pub full: bool,
}

pub struct RoleRadio {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
    /// Offered but not choosable (one's own demotion to member).
    pub disabled: bool,
}

/// One `<option>` of a select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// "3 of 5 seats used" or "3 in use", in the page's language with its plural forms.
pub fn seats_label(tr: Tr, p: &ProductSeats) -> String {
    match p.seats {
        Some(total) => tr.with(
            "portal-seats-limited",
            &[
                ("used", Arg::Number(p.seats_used.into())),
                ("total", Arg::Number(total.into())),
            ],
        ),
        None => tr.n("portal-seats-unlimited", "used", p.seats_used.into()),
    }
}

/// The catalog as checkboxes: `chosen` ticked; a product with no seat left is marked full
/// for whoever does not hold it already.
pub fn product_boxes(
    tr: Tr,
    seats: &[ProductSeats],
    chosen: &BTreeSet<String>,
    held: &BTreeSet<String>,
) -> Vec<ProductBox> {
    seats
        .iter()
        .map(|p| ProductBox {
            checked: chosen.contains(&p.key),
            seats: seats_label(tr, p),
            getting_started: p.getting_started_email,
            full: !held.contains(&p.key) && p.seats_available == Some(0),
            key: p.key.clone(),
            name: p.name.clone(),
        })
        .collect()
}

/// The roles the actor may give, `chosen` checked. A manager never sees Admin.
pub fn role_radios(tr: Tr, actor: ActorRole, chosen: Role) -> Vec<RoleRadio> {
    Role::ALL
        .into_iter()
        .filter(|r| *r != Role::Admin || actor == ActorRole::Admin)
        .map(|r| RoleRadio {
            value: r.as_str(),
            label: tr.role(r),
            checked: r == chosen,
            disabled: false,
        })
        .collect()
}

/// The seven languages, each named in itself.
pub fn language_choices(current: &str) -> Vec<Choice> {
    LANGUAGES
        .iter()
        .map(|(code, name)| Choice {
            value: code.to_string(),
            label: name.to_string(),
            selected: *code == current,
        })
        .collect()
}

/// The emails a change would send, one line each, subjects as their recipients read them.
pub fn preview_lines(tr: Tr, emails: &[PreviewEmail]) -> Vec<String> {
    emails
        .iter()
        .map(|e| {
            let key = format!("portal-email-{}", e.kind.replace('_', "-"));
            tr.t2(&key, ("to", &e.to), ("subject", &e.subject))
        })
        .collect()
}

pub fn full_name(u: &UserRecord) -> String {
    format!("{} {}", u.first_name, u.last_name)
        .trim()
        .to_string()
}

/// What a change does to someone's access, said before it happens: "Saving suspends
/// Charlotte Dubois and signs them out", or that it reactivates them.
pub fn consequence(tr: Tr, before: &UserRecord, after: &UserRecord) -> Option<String> {
    let name = full_name(after);
    let portal = |u: &UserRecord| ActorRole::from_user(u.role, u.status) != ActorRole::None;
    match (before.status, after.status) {
        (Status::Active, Status::Suspended) => {
            Some(tr.t1("portal-consequence-suspends", "name", name))
        }
        (Status::Suspended, Status::Active) => {
            Some(tr.t1("portal-consequence-reactivates", "name", name))
        }
        (Status::Active, Status::Active) if portal(before) && !portal(after) => {
            Some(tr.t1("portal-consequence-loses-portal", "name", name))
        }
        _ => None,
    }
}

/// What Reactivate gives back, from the memory kept when the user was suspended:
/// "Manager; GoTo Meeting, Rescue". `None` when there is nothing to give back.
pub fn gives_back(tr: Tr, catalog: &crate::domain::Catalog, u: &UserRecord) -> Option<String> {
    let memory = u.memory.as_ref()?;
    let mut parts = vec![tr.role(memory.role)];
    let products: Vec<&str> = memory.products.iter().map(|k| catalog.name_of(k)).collect();
    if !products.is_empty() {
        parts.push(products.join(", "));
    }
    Some(parts.join(" · "))
}
