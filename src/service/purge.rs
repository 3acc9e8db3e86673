//! Deleted users are restorable for the retention period, then purged for good.

use std::time::Duration;

use super::{Channel, Service, ServiceError};
use crate::store::audit::NewAuditEvent;
use crate::store::{outbox, password_tokens, users};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

impl Service {
    /// Purges users deleted longer ago than the retention period; answers how many.
    pub async fn purge_expired(&self) -> Result<usize, ServiceError> {
        let now = self.now_ms();
        let cutoff = now - self.retention_days as i64 * DAY_MS;
        let mut change = self.begin_change().await?;
        let purged = users::purge_deleted_before(change.db(), cutoff).await?;
        for (account_id, user_id) in &purged {
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
        // Links nobody used in time are of no use to anyone.
        password_tokens::delete_expired(change.db(), now).await?;
        self.commit(change).await?;
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
