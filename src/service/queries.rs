//! Reading users and their history (no change: no transaction, no audit).

use super::{Actor, Service, ServiceError};
use crate::domain::policy;
use crate::domain::query::{PageAt, UserQuery};
use crate::store::user_list::{self, UserPage};
use crate::store::users::{self, UserRecord};

impl Service {
    pub async fn get_user(&self, actor: &Actor, user_id: &str) -> Result<UserRecord, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        users::get(read.conn(), &actor.account_id, user_id)
            .await?
            .ok_or(ServiceError::NotFound("user"))
    }

    /// One page of the users a query selects, and how many it selects in all.
    pub async fn search_users(
        &self,
        actor: &Actor,
        query: &UserQuery,
        at: &PageAt,
        limit: u32,
    ) -> Result<UserPage, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        Ok(user_list::search(read.conn(), &actor.account_id, query, at, limit).await?)
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
}
