//! The account's history: every change's audit event, newest first, narrowed by user,
//! actor, channel or time. Reading only (no change, no transaction).

use super::{Actor, Service, ServiceError};
use crate::domain::policy;
use crate::store::audit::{self, AuditEvent, AuditFilter};
use crate::store::users;

impl Service {
    /// The account's events the filter selects, newest first, older than `before_id`.
    /// A filter on a user unknown to the account is a 404, as the per-user history was.
    pub async fn account_history(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        if let Some(user_id) = &filter.user_id {
            if users::get(read.conn(), &actor.account_id, user_id)
                .await?
                .is_none()
            {
                return Err(ServiceError::NotFound("user"));
            }
        }
        Ok(audit::list(read.conn(), &actor.account_id, filter, before_id, limit).await?)
    }

    /// The page of events just newer than `after_id` (going back towards the newest).
    pub async fn account_history_newer(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        after_id: i64,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        Ok(audit::newer(read.conn(), &actor.account_id, filter, after_id, limit).await?)
    }

    pub async fn audit_of(
        &self,
        actor: &Actor,
        user_id: &str,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, ServiceError> {
        let filter = AuditFilter {
            user_id: Some(user_id.to_string()),
            ..AuditFilter::default()
        };
        self.account_history(actor, &filter, before_id, limit).await
    }
}
