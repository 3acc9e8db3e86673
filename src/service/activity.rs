//! The last use of access (portal sign-in, allowed access check), recorded cheaply: at
//! most once an hour per user and instance, so the access check's hot path almost never
//! writes; and the people behind audit actors.

use std::collections::HashMap;
use std::sync::Mutex;

use super::{Actor, Service, ServiceError};
use crate::domain::policy;
use crate::store::activity;

/// A use is written at most this often per user.
pub const RECORD_EVERY_MS: i64 = 60 * 60 * 1000;
const MAX_REMEMBERED: usize = 100_000;

/// When this instance last wrote each user's use.
#[derive(Default)]
pub struct RecentUses {
    written: Mutex<HashMap<String, i64>>,
}

impl RecentUses {
    /// Whether a use at `now` is worth writing; remembers it if so.
    fn due(&self, user_id: &str, now: i64) -> bool {
        let Ok(mut written) = self.written.lock() else {
            return false;
        };
        match written.get(user_id) {
            Some(at) if now - at < RECORD_EVERY_MS => false,
            _ => {
                if written.len() >= MAX_REMEMBERED {
                    written.clear();
                }
                written.insert(user_id.to_string(), now);
                true
            }
        }
    }
}

/// Who an audit actor is, for the portal to say in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// A person of the account, by name (`user:EMAIL`).
    Person(String),
    /// Someone no longer on the account: their email.
    FormerPerson(String),
    /// An API token, by its name.
    Token(String),
    /// The command line (`roster ...`) or the demo seeding.
    Operator,
    /// Roster itself (the purge of deleted users).
    Roster,
}

impl Service {
    /// Notes that the user used their access now (signed in to the portal, or a product
    /// asked and was allowed). Cheap when recorded within the hour.
    pub async fn record_use(&self, user_id: &str) -> Result<(), ServiceError> {
        let now = self.clock.now_ms();
        if !self.recent_uses.due(user_id, now) {
            return Ok(());
        }
        let mut tx = self.store.begin().await?;
        activity::record_use(tx.conn(), user_id, now, now - RECORD_EVERY_MS).await?;
        tx.commit().await?;
        Ok(())
    }

    /// `record_use` off the caller's path: the access check answers without waiting.
    pub fn record_use_later(&self, user_id: &str) {
        if !self.recent_uses.due_peek(user_id, self.clock.now_ms()) {
            return;
        }
        let service = self.clone();
        let user_id = user_id.to_string();
        tokio::spawn(async move {
            if let Err(e) = service.record_use(&user_id).await {
                tracing::warn!(error = %e, "recording a use of access failed");
            }
        });
    }

    /// The last use of access of these users of the actor's account.
    pub async fn last_uses(
        &self,
        actor: &Actor,
        ids: &[String],
    ) -> Result<HashMap<String, i64>, ServiceError> {
        policy::may_view(actor.role)?;
        let mut conn = self.read_conn().await?;
        Ok(activity::last_uses(conn.conn(), &actor.account_id, ids).await?)
    }

    /// Who these audit actor labels (`user:EMAIL`, `token:ID`, `cli`, `system`) are.
    pub async fn actors(
        &self,
        actor: &Actor,
        labels: &[String],
    ) -> Result<HashMap<String, Who>, ServiceError> {
        policy::may_view(actor.role)?;
        let mut emails = Vec::new();
        let mut tokens = Vec::new();
        for l in labels {
            if let Some(e) = l.strip_prefix("user:") {
                emails.push(e.to_lowercase());
            } else if let Some(t) = l.strip_prefix("token:") {
                tokens.push(t.to_string());
            }
        }
        emails.sort();
        emails.dedup();
        tokens.sort();
        tokens.dedup();
        let mut conn = self.read_conn().await?;
        let names = activity::names_by_email(conn.conn(), &actor.account_id, &emails).await?;
        let token_names = activity::token_names(conn.conn(), &actor.account_id, &tokens).await?;
        Ok(labels
            .iter()
            .map(|l| {
                let who = if let Some(e) = l.strip_prefix("user:") {
                    match names.get(&e.to_lowercase()) {
                        Some((first, last)) => {
                            let name = format!("{first} {last}").trim().to_string();
                            Who::Person(if name.is_empty() { e.to_string() } else { name })
                        }
                        None => Who::FormerPerson(e.to_string()),
                    }
                } else if let Some(t) = l.strip_prefix("token:") {
                    Who::Token(token_names.get(t).cloned().unwrap_or_else(|| t.to_string()))
                } else if l == "system" {
                    Who::Roster
                } else {
                    Who::Operator
                };
                (l.clone(), who)
            })
            .collect())
    }
}

impl RecentUses {
    /// Whether a use would be written now, without remembering it (the write does).
    fn due_peek(&self, user_id: &str, now: i64) -> bool {
        self.written
            .lock()
            .map(|w| w.get(user_id).is_none_or(|at| now - at >= RECORD_EVERY_MS))
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_use_is_written_at_most_once_an_hour() {
        let r = RecentUses::default();
        assert!(r.due_peek("u", 0));
        assert!(r.due("u", 0));
        assert!(!r.due_peek("u", 1000));
        assert!(!r.due("u", RECORD_EVERY_MS - 1));
        assert!(r.due("u", RECORD_EVERY_MS));
        assert!(r.due("v", 5), "per user");
    }
}
