//! Many new users at once, for demo and benchmark data (`roster demo --users N`): rows
//! through the store's bulk path, each user with the audit history the generator gave
//! them (created, then suspended or deleted), one transaction per batch. It sends no email
//! and checks no seat: an operator's tool, not a door for admins (those go through
//! `create_user` or the bulk changes).

use super::users::snapshot;
use super::{Service, ServiceError};
use crate::domain::{Role, Status};
use crate::store::audit::NewAuditEvent;
use crate::store::bulk_load::{self, LoadedUser};
use crate::store::text_index;
use crate::store::users::UserRecord;

const ACTOR: &str = "roster demo";

impl Service {
    /// Writes `batch` (new users of one account) and their audit events in one transaction.
    pub async fn load_users(&self, batch: &[LoadedUser]) -> Result<(), ServiceError> {
        let mut change = self.begin_change().await?;
        bulk_load::insert_users(change.db(), batch).await?;
        for l in batch {
            for event in history(&l.user) {
                change.audit(event);
            }
        }
        self.commit(change).await
    }

    /// Before a large load: its users are indexed for search all at once at the end
    /// ([`Service::rebuild_search_index`]), several times faster than one by one. A load
    /// cut short is indexed at the next start.
    pub async fn pause_search_index(&self) -> Result<(), ServiceError> {
        let mut tx = self.store.begin().await?;
        text_index::pause(tx.conn()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// After a large load: every user indexed for search, and new ones one by one again.
    pub async fn rebuild_search_index(&self) -> Result<(), ServiceError> {
        let mut tx = self.store.begin().await?;
        text_index::rebuild(tx.conn()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// How many users the account holds (deleted ones included): where a fill continues.
    pub async fn count_all_users(&self, account_id: &str) -> Result<u64, ServiceError> {
        let mut db = self.store.read().await?;
        Ok(bulk_load::user_count(db.conn(), account_id).await?)
    }
}

/// The audit events that lead to `u` as generated: its creation with what it first had,
/// then the suspension or deletion that made it what it is.
fn history(u: &UserRecord) -> Vec<NewAuditEvent> {
    let event =
        |action: &str, before: Option<&UserRecord>, after: &UserRecord, at: i64| NewAuditEvent {
            account_id: u.account_id.clone(),
            user_id: u.id.clone(),
            actor: ACTOR.into(),
            channel: "cli".into(),
            action: action.into(),
            before: before.map(snapshot),
            after: Some(snapshot(after)),
            notify: false,
            at,
        };
    let mut first = u.clone();
    first.deleted_at = None;
    if let Some(m) = &u.memory {
        first.role = m.role;
        first.products = m.products.clone();
        first.memory = None;
    }
    first.status = Status::derive(first.role, &first.products, false);
    let mut events = vec![event("create", None, &first, u.created_at)];
    if u.deleted_at.is_some() {
        events.push(event("delete", Some(&first), u, u.updated_at));
    } else if u.memory.is_some() && u.role == Role::Member {
        events.push(event("suspend", Some(&first), u, u.updated_at));
    }
    events
}
