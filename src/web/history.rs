//! Audit events as people read them: what changed, who did it through which door
//! ("Olivia Martin via the portal"), when (in the reader's time zone, by the browser).

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::session::SignedIn;
use super::text::Tr;
use crate::domain::{Role, Status};
use crate::http::AppState;
use crate::service::activity::Who;
use crate::service::ServiceError;
use crate::store::audit::AuditEvent;

pub struct AuditLine {
    /// RFC 3339 in UTC, for `<time datetime>`; the page's script shows it in local time.
    pub at_iso: String,
    /// The same instant in UTC, readable without the script.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
    pub notified: String,
}

/// `2026-11-26 07:10 UTC` and `2026-11-26T07:10:00Z` for a Unix time in milliseconds.
pub fn when(ms: i64) -> (String, String) {
    let t = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).ok();
    let shown = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    let iso = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    (
        t.and_then(|t| t.format(&shown).ok()).unwrap_or_default(),
        t.and_then(|t| t.format(&iso).ok()).unwrap_or_default(),
    )
}

/// The channel as the end of "… via the portal".
pub fn channel_phrase(tr: Tr, channel: &str) -> String {
    let key = format!("portal-via-{channel}");
    if crate::i18n::has("en", &key) {
        tr.t(&key)
    } else {
        channel.to_string()
    }
}

/// "Olivia Martin via the portal", "API token “okta” via SCIM", "Roster (automatic)".
pub fn actor_phrase(tr: Tr, who: Option<&Who>, label: &str, channel: &str) -> String {
    let via = channel_phrase(tr, channel);
    match who {
        Some(Who::Person(name)) | Some(Who::FormerPerson(name)) => {
            tr.t2("portal-actor-person", ("name", name), ("via", &via))
        }
        Some(Who::Token(name)) => tr.t2("portal-actor-token", ("name", name), ("via", &via)),
        Some(Who::Roster) => tr.t("portal-actor-roster"),
        Some(Who::Operator) => tr.t1("portal-actor-operator", "via", via),
        None => format!("{label} ({via})"),
    }
}

fn describe(tr: Tr, state: &AppState, e: &AuditEvent) -> String {
    let catalog = state.service.catalog();
    let field = |v: &Option<Value>, k: &str| v.as_ref().and_then(|v| v.get(k)).cloned();
    let mut detail = Vec::new();
    let keys = |v: Option<Value>| -> BTreeSet<String> {
        v.and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default()
    };
    let (before, after) = (
        keys(field(&e.before, "products")),
        keys(field(&e.after, "products")),
    );
    let added: Vec<_> = after
        .difference(&before)
        .map(|k| format!("+{}", catalog.name_of(k)))
        .collect();
    let removed: Vec<_> = before
        .difference(&after)
        .map(|k| format!("−{}", catalog.name_of(k)))
        .collect();
    if !added.is_empty() || !removed.is_empty() {
        let list = [added, removed].concat().join(" ");
        detail.push(tr.t1("portal-audit-products", "list", list));
    }
    let text = |v: Option<Value>| v.and_then(|v| v.as_str().map(str::to_string));
    for (k, label) in [
        ("role", "portal-audit-role"),
        ("status", "portal-audit-status"),
    ] {
        let (b, a) = (text(field(&e.before, k)), text(field(&e.after, k)));
        if e.before.is_none() {
            // A creation: the role it starts with; its status follows from it.
            if let (Some(role), "role") = (a.as_deref().and_then(|r| r.parse::<Role>().ok()), k) {
                detail.push(tr.t1("portal-audit-role-new", "new", tr.role(role)));
            }
            continue;
        }
        if b != a {
            let show = |s: Option<String>| match (k, s) {
                ("role", Some(r)) => r.parse::<Role>().map(|r| tr.role(r)).unwrap_or(r),
                ("status", Some(s)) => Status::parse(&s).map(|s| tr.status(s)).unwrap_or(s),
                (_, s) => s.unwrap_or_else(|| "—".into()),
            };
            detail.push(tr.t2(label, ("old", &show(b)), ("new", &show(a))));
        }
    }
    if e.before.is_some() {
        for (k, label) in [
            ("email", "portal-audit-email"),
            ("first_name", "portal-audit-first-name"),
            ("last_name", "portal-audit-last-name"),
            ("locale", "portal-audit-locale"),
        ] {
            let (b, a) = (text(field(&e.before, k)), text(field(&e.after, k)));
            if let (Some(b), Some(a)) = (b, a) {
                if b != a {
                    detail.push(tr.t2(label, ("old", &b), ("new", &a)));
                }
            }
        }
    }
    detail.join("; ")
}

/// The events as lines of a history table, actors resolved in one query.
pub async fn lines(
    state: &AppState,
    me: &SignedIn,
    events: &[AuditEvent],
) -> Result<Vec<AuditLine>, ServiceError> {
    let tr = me.tr;
    let mut labels: Vec<String> = events.iter().map(|e| e.actor.clone()).collect();
    labels.sort();
    labels.dedup();
    let who: HashMap<String, Who> = state.service.actors(&me.actor, &labels).await?;
    Ok(events
        .iter()
        .map(|e| {
            let (at, at_iso) = when(e.at);
            let action_key = format!("portal-action-{}", e.action);
            AuditLine {
                at,
                at_iso,
                actor: actor_phrase(tr, who.get(&e.actor), &e.actor, &e.channel),
                action: if crate::i18n::has("en", &action_key) {
                    tr.t(&action_key)
                } else {
                    e.action.clone()
                },
                detail: describe(tr, state, e),
                notified: if e.notify {
                    tr.t("portal-yes")
                } else {
                    tr.t("portal-no")
                },
            }
        })
        .collect())
}
