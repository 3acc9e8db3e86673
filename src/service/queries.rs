//! Reading users and their history (no change: no transaction, no audit).

use super::{Actor, Service, ServiceError};
use crate::domain::policy;
use crate::store::audit;
use crate::store::scim_query::{self, Condition};
use crate::store::users::{self, UserFilter, UserRecord};

impl Service {
    pub async fn get_user(&self, actor: &Actor, user_id: &str) -> Result<UserRecord, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        users::get(read.conn(), &actor.account_id, user_id)
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
        let mut read = self.read_conn().await?;
        Ok(users::list(read.conn(), &actor.account_id, filter, limit).await?)
    }

    pub async fn count_users(
        &self,
        actor: &Actor,
        filter: &UserFilter,
    ) -> Result<u64, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        Ok(users::count(read.conn(), &actor.account_id, filter).await?)
    }

    pub async fn audit_of(
        &self,
        actor: &Actor,
        user_id: &str,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<audit::AuditEvent>, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        if users::get(read.conn(), &actor.account_id, user_id)
            .await?
            .is_none()
        {
            return Err(ServiceError::NotFound("user"));
        }
        Ok(audit::for_user(read.conn(), &actor.account_id, user_id, before_id, limit).await?)
    }

    /// A user of the account by email, deleted or not.
    pub async fn user_by_email(
        &self,
        actor: &Actor,
        email: &str,
    ) -> Result<Option<UserRecord>, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        Ok(users::get_by_email(read.conn(), &actor.account_id, email).await?)
    }

    /// How many users of the account a SCIM filter matches.
    pub async fn scim_count(
        &self,
        actor: &Actor,
        condition: Option<&Condition>,
    ) -> Result<u64, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        Ok(scim_query::count(read.conn(), &actor.account_id, condition).await?)
    }

    /// One SCIM page (`offset` users skipped) of the users a filter matches.
    pub async fn scim_page(
        &self,
        actor: &Actor,
        condition: Option<&Condition>,
        offset: u64,
        count: u32,
    ) -> Result<Vec<UserRecord>, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        Ok(scim_query::page(read.conn(), &actor.account_id, condition, offset, count).await?)
    }
}
