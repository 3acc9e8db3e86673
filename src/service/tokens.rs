//! API tokens (DESIGN §1 "Credentials and scopes"): issued with a scope, maybe bound to a
//! product, maybe expiring; listed and revoked by an admin. The secret is shown once and
//! only its digest is stored.

use super::{Actor, Service, ServiceError};
use crate::auth::scope::{Grant, Scope};
use crate::auth::token;
use crate::domain::{policy, DomainError};
use crate::store::audit::NewAuditEvent;
use crate::store::tokens::{self, TokenRecord};
use crate::store::StoreError;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// Ten years: beyond that, ask for a token that does not expire.
const MAX_EXPIRY_DAYS: u32 = 3650;

/// What a new token is for.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub scope: Scope,
    pub product: Option<String>,
    pub expires_days: Option<u32>,
}

impl NewToken {
    /// An admin token that does not expire (what `roster token create` made before scopes).
    pub fn admin(name: &str) -> NewToken {
        NewToken {
            name: name.to_string(),
            scope: Scope::Admin,
            product: None,
            expires_days: None,
        }
    }
}

fn grant_of(t: &TokenRecord) -> Result<Grant, ServiceError> {
    Ok(Grant {
        token_id: t.id.clone(),
        account_id: t.account_id.clone(),
        scope: Scope::parse(&t.scope).ok_or_else(|| {
            StoreError::Corrupt(format!("token {} has scope '{}'", t.id, t.scope))
        })?,
        product: t.product.clone(),
        expires_at: t.expires_at,
    })
}

impl Service {
    /// Issues a token; answers its record and the secret, which is never shown again.
    pub async fn issue_token(
        &self,
        actor: &Actor,
        new: NewToken,
    ) -> Result<(TokenRecord, String), ServiceError> {
        policy::may_manage_account(actor.role)?;
        let name = new.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(ServiceError::invalid(
                "name",
                "a token's name is 1 to 100 characters without control characters",
            ));
        }
        if let Some(p) = &new.product {
            if !new.scope.takes_product() {
                return Err(ServiceError::invalid(
                    "product",
                    format!(
                        "a {} token cannot be bound to a product; only access and events tokens can",
                        new.scope.as_str()
                    ),
                ));
            }
            if self.catalog.get(p).is_none() {
                return Err(DomainError::UnknownProduct(p.clone()).into());
            }
        }
        if let Some(d) = new.expires_days {
            if d == 0 || d > MAX_EXPIRY_DAYS {
                return Err(ServiceError::invalid(
                    "expires_days",
                    format!("expires_days must be between 1 and {MAX_EXPIRY_DAYS}"),
                ));
            }
        }
        let now = self.now_ms();
        let record = TokenRecord {
            id: uuid::Uuid::new_v4().to_string(),
            account_id: actor.account_id.clone(),
            name: name.to_string(),
            scope: new.scope.as_str().to_string(),
            product: new.product.clone(),
            created_at: now,
            expires_at: new.expires_days.map(|d| now + i64::from(d) * DAY_MS),
            revoked_at: None,
        };
        let secret = token::generate("rst");
        let mut change = self.begin_change().await?;
        tokens::insert(change.db(), &record, &token::digest(&secret)).await?;
        change.audit(token_audit(
            actor,
            "token_create",
            None,
            Some(token_summary(&record)),
            now,
        ));
        self.commit(change).await?;
        tracing::info!(account = %actor.account_id, token = %record.id, scope = %record.scope,
            product = ?record.product, actor = %actor.label, "API token created");
        Ok((record, secret))
    }

    /// The account's tokens, newest first; never their secrets.
    pub async fn tokens(&self, actor: &Actor) -> Result<Vec<TokenRecord>, ServiceError> {
        policy::may_manage_account(actor.role)?;
        let mut read = self.read_conn().await?;
        Ok(tokens::of_account(read.conn(), &actor.account_id).await?)
    }

    /// Revokes a token of the actor's account: refused from now on, on every instance.
    pub async fn revoke_token(&self, actor: &Actor, id: &str) -> Result<(), ServiceError> {
        policy::may_manage_account(actor.role)?;
        let mut change = self.begin_change().await?;
        let now = self.now_ms();
        let before = tokens::by_id(change.db(), id)
            .await?
            .filter(|t| t.account_id == actor.account_id);
        if !tokens::revoke(change.db(), &actor.account_id, id, now).await? {
            return Err(ServiceError::NotFound("token"));
        }
        change.audit(token_audit(
            actor,
            "token_revoke",
            before.as_ref().map(token_summary),
            None,
            now,
        ));
        // This instance forgets it at commit, the others through the change feed.
        change.invalidate(&actor.account_id, &token_key(id));
        self.commit(change).await?;
        tracing::info!(account = %actor.account_id, token = %id, actor = %actor.label, "API token revoked");
        Ok(())
    }

    /// The account a token belongs to (`roster token revoke ID` needs no account name).
    pub async fn token_account(&self, id: &str) -> Result<String, ServiceError> {
        let mut read = self.read_conn().await?;
        tokens::by_id(read.conn(), id)
            .await?
            .map(|t| t.account_id)
            .ok_or(ServiceError::NotFound("token"))
    }

    /// Whether this process verified `secret` lately as a token that may ask the access
    /// check, from memory only (no database, no catching up): it picks the rate a request
    /// is held to, and the handler still checks the token as always.
    pub fn verified_for_access(&self, secret: &str) -> bool {
        self.token_cache
            .get(&token::digest(secret))
            .is_some_and(|g| matches!(g.scope, Scope::Admin | Scope::Access))
    }

    /// What a bearer secret may do: `None` when unknown, revoked or expired.
    pub async fn grant_for(&self, secret: &str) -> Result<Option<Grant>, ServiceError> {
        let digest = token::digest(secret);
        let now = self.now_ms();
        self.invalidation.catch_up().await;
        if let Some(hit) = self.token_cache.get(&digest) {
            return Ok((!hit.expired(now)).then_some(hit));
        }
        let generation = self.token_cache.generation();
        let mut read = self.read_conn().await?;
        let Some(found) = tokens::live_by_hash(read.conn(), &digest, now).await? else {
            return Ok(None);
        };
        let grant = grant_of(&found)?;
        self.token_cache.put(digest, grant.clone(), generation);
        Ok(Some(grant))
    }
}

/// What the audit keeps of a token: never its secret nor digest.
fn token_summary(t: &TokenRecord) -> serde_json::Value {
    serde_json::json!({
        "token": t.id, "name": t.name, "scope": t.scope, "product": t.product,
        "expires_at": t.expires_at,
    })
}

/// A token event of the account. It concerns no user: it is filed under the acting
/// person when one acts (the portal), else under the account alone (empty user id), so
/// it shows in the account's history and in the acting admin's.
fn token_audit(
    actor: &Actor,
    action: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    at: i64,
) -> NewAuditEvent {
    NewAuditEvent {
        account_id: actor.account_id.clone(),
        user_id: actor.user_id.clone().unwrap_or_default(),
        actor: actor.label.clone(),
        channel: actor.channel.as_str().to_string(),
        action: action.to_string(),
        before,
        after,
        notify: false,
        at,
    }
}

/// How a revoked token travels with the change feed's user invalidations.
pub(super) fn token_key(token_id: &str) -> String {
    format!("token:{token_id}")
}
