//! The account's products for new users: a licence template that every channel's create
//! applies when the request names no products (DESIGN §1 "Products for new users").

use std::collections::BTreeSet;

use serde_json::json;

use super::{Actor, Service, ServiceError};
use crate::domain::policy;
use crate::store::accounts;
use crate::store::audit::NewAuditEvent;

/// The account as its settings show it.
#[derive(Debug, Clone)]
pub struct AccountSettings {
    pub id: String,
    pub name: String,
    /// Product keys in catalog order.
    pub new_user_products: Vec<String>,
}

impl Service {
    pub async fn account_settings(&self, actor: &Actor) -> Result<AccountSettings, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        let account = accounts::by_id(read.conn(), &actor.account_id)
            .await?
            .ok_or(ServiceError::NotFound("account"))?;
        let products = accounts::new_user_products(read.conn(), &actor.account_id).await?;
        Ok(AccountSettings {
            id: account.id,
            name: account.name,
            new_user_products: self.in_catalog_order(&products.into_iter().collect()),
        })
    }

    /// The products a user created without any gets (the portal's form ticks them).
    pub async fn new_user_products(&self, actor: &Actor) -> Result<BTreeSet<String>, ServiceError> {
        Ok(self
            .account_settings(actor)
            .await?
            .new_user_products
            .into_iter()
            .collect())
    }

    /// Replaces the account's products for new users. Admins only; audited.
    pub async fn set_new_user_products(
        &self,
        actor: &Actor,
        keys: &[String],
    ) -> Result<AccountSettings, ServiceError> {
        policy::may_manage_account(actor.role)?;
        let products = self.in_catalog_order(&self.catalog.parse_keys(keys)?);
        let mut change = self.begin_change().await?;
        accounts::lock(change.db(), &actor.account_id).await?;
        let before = accounts::new_user_products(change.db(), &actor.account_id).await?;
        accounts::set_new_user_products(change.db(), &actor.account_id, &products).await?;
        // An account-wide event: it concerns no one user.
        change.audit(NewAuditEvent {
            account_id: actor.account_id.clone(),
            user_id: String::new(),
            actor: actor.label.clone(),
            channel: actor.channel.as_str().to_string(),
            action: "set_new_user_products".into(),
            before: Some(json!({ "new_user_products": before })),
            after: Some(json!({ "new_user_products": products })),
            notify: false,
            at: self.now_ms(),
        });
        self.commit(change).await?;
        self.account_settings(actor).await
    }

    /// What a create without products gives, read in the create's transaction.
    pub(super) async fn template_in(
        &self,
        conn: &mut crate::store::Conn,
        account_id: &str,
    ) -> Result<Vec<String>, ServiceError> {
        Ok(accounts::new_user_products(conn, account_id).await?)
    }

    fn in_catalog_order(&self, keys: &BTreeSet<String>) -> Vec<String> {
        self.catalog
            .products()
            .iter()
            .filter(|p| keys.contains(&p.key))
            .map(|p| p.key.clone())
            .collect()
    }
}
