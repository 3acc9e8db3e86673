//! Exports: the users a list's filters select, or the account's history, read chunk after
//! chunk in keyset order, so a million rows never sit in memory together. Each chunk is
//! read on its own pooled connection when the previous one has been written out: the
//! reader of the export sets the pace. The edges render the chunks (CSV).

use std::future::Future;
use std::pin::Pin;

use futures_util::stream::{self, Stream};

use super::{Actor, Service, ServiceError};
use crate::domain::policy;
use crate::domain::query::{PageAt, Position, UserQuery};
use crate::store::audit::{AuditEvent, AuditFilter};
use crate::store::users::UserRecord;

/// Rows read per chunk.
pub const CHUNK: u32 = 1000;

/// Chunks of rows, in order; an error ends the export.
pub type Chunks<T> = Pin<Box<dyn Stream<Item = Result<Vec<T>, ServiceError>> + Send>>;

/// The chunks `fetch` answers, each with the cursor of the next (`None` after the last).
fn chunks<T, C, F, Fut>(fetch: F) -> Chunks<T>
where
    T: Send + 'static,
    C: Send + 'static,
    F: FnMut(Option<C>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<C>), ServiceError>> + Send + 'static,
{
    // `None`: done; `Some(None)`: the first chunk; `Some(Some(c))`: the chunk after `c`.
    Box::pin(stream::try_unfold(
        (fetch, Some(None::<C>)),
        |(mut fetch, at)| async move {
            let Some(cursor) = at else {
                return Ok(None);
            };
            let (rows, next) = fetch(cursor).await?;
            if rows.is_empty() {
                return Ok(None);
            }
            Ok(Some((rows, (fetch, next.map(Some)))))
        },
    ))
}

impl Service {
    /// The users `query` selects, in its order, chunk by chunk.
    pub fn export_users(
        &self,
        actor: &Actor,
        query: &UserQuery,
    ) -> Result<Chunks<UserRecord>, ServiceError> {
        policy::may_view(actor.role)?;
        let (service, actor, query) = (self.clone(), actor.clone(), query.clone());
        Ok(chunks(move |after: Option<Position>| {
            let (service, actor, query) = (service.clone(), actor.clone(), query.clone());
            async move {
                let page = service
                    .search_users(&actor, &query, &PageAt::After(after), CHUNK)
                    .await?;
                Ok((page.users, page.next))
            }
        }))
    }

    /// The account's events the filter selects, newest first, chunk by chunk.
    pub fn export_history(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
    ) -> Result<Chunks<AuditEvent>, ServiceError> {
        policy::may_view(actor.role)?;
        let (service, actor, filter) = (self.clone(), actor.clone(), filter.clone());
        Ok(chunks(move |before: Option<i64>| {
            let (service, actor, filter) = (service.clone(), actor.clone(), filter.clone());
            async move {
                let events = service
                    .account_history(&actor, &filter, before, CHUNK)
                    .await?;
                let next = (events.len() == CHUNK as usize)
                    .then(|| events.last().map(|e| e.id))
                    .flatten();
                Ok((events, next))
            }
        }))
    }
}
