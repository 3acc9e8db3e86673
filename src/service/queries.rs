//! Reading users and their history (no change: no transaction, no audit).

use super::{Actor, Service, ServiceError};
use crate::domain::policy;
use crate::store::audit;
use crate::store::users::{self, UserFilter, UserRecord};

impl Service {
    pub async fn get_user(&self, actor: &Actor, user_id: &str) -> Result<UserRecord, ServiceError> {
        policy::may_view(actor.role)?;
        let mut conn = self.read_conn().await?;
        users::get(&mut conn, &actor.account_id, user_id, "")
            .await?
            .ok_or(ServiceError::NotFound("user"))
    }

    /// One page of users (asks for `limit + 1` to know whether another page follows).
    pub async fn list_users(
        &self,
        actor: &Actor,
        filter: &UserFilter,
        limit: u32,
    ) -> Result<Vec<UserRecord>, ServiceError> {
        policy::may_view(actor.role)?;
        let mut conn = self.read_conn().await?;
        Ok(users::list(&mut conn, &actor.account_id, filter, limit).await?)
    }

    pub async fn count_users(
        &self,
        actor: &Actor,
        filter: &UserFilter,
    ) -> Result<u64, ServiceError> {
        policy::may_view(actor.role)?;
        let mut conn = self.read_conn().await?;
        Ok(users::count(&mut conn, &actor.account_id, filter).await?)
    }

    pub async fn audit_of(
        &self,
        actor: &Actor,
        user_id: &str,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<audit::AuditEvent>, ServiceError> {
        policy::may_view(actor.role)?;
        let mut conn = self.read_conn().await?;
        if users::get(&mut conn, &actor.account_id, user_id, "")
            .await?
            .is_none()
        {
            return Err(ServiceError::NotFound("user"));
        }
        Ok(audit::for_user(&mut conn, &actor.account_id, user_id, before_id, limit).await?)
    }
}
