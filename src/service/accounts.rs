//! Accounts, seats and API tokens.

use serde::Serialize;

use super::{Actor, Channel, NewUser, Service, ServiceError};
use crate::domain::{policy, DomainError, Role, SeatUsage};
use crate::store::accounts::{self, AccountRecord};
use crate::store::users;

#[derive(Debug, Clone, Serialize)]
pub struct ProductSeats {
    pub key: String,
    pub name: String,
    pub getting_started_email: bool,
    pub seats_used: u32,
    /// `None` = unlimited.
    pub seats: Option<u32>,
    pub seats_available: Option<u32>,
}

fn valid_account_name(name: &str) -> Result<(), ServiceError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(ServiceError::invalid(
            "name",
            format!("invalid account name '{name}' (1-64 letters, digits, '-', '_', '.')"),
        ))
    }
}

impl Service {
    /// Creates an account and its first admin.
    pub async fn create_account(
        &self,
        name: &str,
        admin_email: &str,
        password: Option<&str>,
    ) -> Result<AccountRecord, ServiceError> {
        valid_account_name(name)?;
        let actor_of = |account_id: &str| Actor::admin(account_id, "cli".into(), Channel::Cli);
        let account = AccountRecord {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.to_string(),
            created_at: self.now_ms(),
        };
        let actor = actor_of(&account.id);
        let password_hash = self.hash_new_password(&actor, password).await?;
        // One transaction: no account without its admin.
        let mut change = self.begin_change().await?;
        if accounts::by_name(change.db(), name).await?.is_some() {
            return Err(ServiceError::Duplicate {
                field: "name",
                message: format!("an account named '{name}' already exists"),
            });
        }
        accounts::insert(change.db(), &account).await?;
        let admin = NewUser {
            email: admin_email.to_string(),
            first_name: "Account".into(),
            last_name: "Admin".into(),
            role: Some(Role::Admin),
            products: Some(Vec::new()),
            ..NewUser::default()
        };
        self.create_in(&mut change, &actor, admin, password_hash, false)
            .await?;
        self.commit(change).await?;
        Ok(account)
    }

    pub async fn account_by_name(&self, name: &str) -> Result<AccountRecord, ServiceError> {
        let mut read = self.read_conn().await?;
        accounts::by_name(read.conn(), name)
            .await?
            .ok_or(ServiceError::NotFound("account"))
    }

    /// A new admin API token for the account; the secret is shown once and stored hashed.
    pub async fn create_token(&self, actor: &Actor, name: &str) -> Result<String, ServiceError> {
        Ok(self
            .issue_token(actor, super::tokens::NewToken::admin(name))
            .await?
            .1)
    }

    /// Sets a product's seat limit (`None` = unlimited). Admins only.
    pub async fn set_seats(
        &self,
        actor: &Actor,
        product: &str,
        seats: Option<u32>,
    ) -> Result<ProductSeats, ServiceError> {
        policy::may_manage_account(actor.role)?;
        if self.catalog.get(product).is_none() {
            return Err(DomainError::UnknownProduct(product.to_string()).into());
        }
        let mut change = self.begin_change().await?;
        accounts::lock(change.db(), &actor.account_id).await?;
        accounts::set_seats(change.db(), &actor.account_id, product, seats).await?;
        self.commit(change).await?;
        tracing::info!(account = %actor.account_id, product, ?seats, actor = %actor.label, "seats set");
        self.products(actor)
            .await?
            .into_iter()
            .find(|p| p.key == product)
            .ok_or(ServiceError::NotFound("product"))
    }

    /// The catalog with the account's seats used and available.
    pub async fn products(&self, actor: &Actor) -> Result<Vec<ProductSeats>, ServiceError> {
        policy::may_view(actor.role)?;
        let mut read = self.read_conn().await?;
        let usage = users::seat_usage(read.conn(), &actor.account_id).await?;
        Ok(self
            .catalog
            .products()
            .iter()
            .map(|p| {
                let u: SeatUsage = usage.get(&p.key).copied().unwrap_or_default();
                ProductSeats {
                    key: p.key.clone(),
                    name: p.name.clone(),
                    getting_started_email: p.getting_started_email,
                    seats_used: u.used,
                    seats: u.limit,
                    seats_available: u.available(),
                }
            })
            .collect())
    }
}
