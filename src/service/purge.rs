//! Deleted users are restorable for the retention period, then purged for good.

use std::time::Duration;

use super::password::LINK_VALID_MS;
use super::signals::{Cause, PendingSignal};
use super::{Channel, Service, ServiceError};
use crate::signals::plan as signal_plan;
use crate::signals::set::Initiator;
use crate::store::audit::NewAuditEvent;
use crate::store::signals as signal_store;
use crate::store::{outbox, password_tokens, users};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

impl Service {
    /// Purges users deleted longer ago than the retention period; answers how many.
    pub async fn purge_expired(&self) -> Result<usize, ServiceError> {
        let now = self.now_ms();
        let cutoff = now - self.retention_days as i64 * DAY_MS;
        let mut change = self.begin_change().await?;
        // Who they were, read (and locked) before they go: the products' streams hear of
        // the purge by the same subject as before.
        let leaving = signal_store::purge_subjects(change.db(), cutoff).await?;
        let purged = users::purge_deleted_before(change.db(), cutoff).await?;
        let cause = Cause::new(Initiator::System, "purged after the retention period");
        for (account_id, user_id) in &purged {
            if let Some(who) = leaving.iter().find(|w| w.user_id == *user_id) {
                change.signal(PendingSignal {
                    account_id: account_id.clone(),
                    user_id: user_id.clone(),
                    email: who.email.clone(),
                    planned: signal_plan::for_purge(&who.products),
                    cause: cause.clone(),
                });
            }
            change.audit(NewAuditEvent {
                account_id: account_id.clone(),
                user_id: user_id.clone(),
                actor: "system".into(),
                channel: Channel::System.as_str().into(),
                action: "purge".into(),
                before: None,
                after: None,
                notify: false,
                at: now,
            });
            outbox::delete_for_user(change.db(), user_id).await?;
            change.invalidate(account_id, user_id);
        }
        // Links nobody used in time are of no use to anyone, nor are their secrets
        // waiting in undelivered emails.
        password_tokens::delete_expired(change.db(), now).await?;
        outbox::scrub_secrets_before(change.db(), now - LINK_VALID_MS).await?;
        self.commit(change).await?;
        self.forget_quiet_failures(now).await?;
        if !purged.is_empty() {
            tracing::info!(
                count = purged.len(),
                "purged users deleted more than {} days ago",
                self.retention_days
            );
        }
        Ok(purged.len())
    }

    /// Runs the purge now and every hour.
    pub fn spawn_purge(&self) {
        let service = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = service.purge_expired().await {
                    tracing::warn!(error = %e, "purge failed; will retry");
                }
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
        });
    }

    /// Days left before a user deleted at `deleted_at` is purged.
    pub fn days_before_purge(&self, deleted_at: i64) -> i64 {
        let left = deleted_at + self.retention_days as i64 * DAY_MS - self.now_ms();
        (left + DAY_MS - 1).div_euclid(DAY_MS).max(0)
    }
}
