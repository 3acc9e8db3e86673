//! Telling other instances that a user changed: PostgreSQL NOTIFY, sent inside the
//! change's transaction (so it is delivered exactly when it commits), and a LISTEN feed
//! that reconnects by itself. A SQLite file has one process: nothing to send or hear.

use std::time::Duration;

use sqlx::postgres::PgListener;

use super::{dialect_of, Conn, Dialect, Result, Store};

const CHANNEL: &str = "roster_changes";

/// Queues the notification that `user_id` of `account_id` changed, in the caller's
/// transaction.
pub async fn notify(conn: &mut Conn, account_id: &str, user_id: &str) -> Result<()> {
    notify_many(conn, &[(account_id.to_string(), user_id.to_string())]).await
}

/// `notify` for many (account id, user id) pairs, a thousand per statement.
pub async fn notify_many(conn: &mut Conn, changed: &[(String, String)]) -> Result<()> {
    if dialect_of(conn) != Dialect::Postgres {
        return Ok(());
    }
    for chunk in changed.chunks(1_000) {
        let sql = format!(
            "SELECT pg_notify($1, v.payload) FROM (VALUES {}) AS v(payload)",
            (0..chunk.len())
                .map(|i| format!("(${})", i + 2))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut q = sqlx::query(&sql).bind(CHANNEL);
        for (account_id, user_id) in chunk {
            q = q.bind(format!("{account_id}:{user_id}"));
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// What the feed heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// Another instance committed a change to this user.
    Changed { user_id: String },
    /// Notifications may have been missed: heard when the connection drops, and again
    /// once it is back.
    Gap,
}

/// Changes committed by other instances.
pub struct ChangeFeed {
    url: String,
    listener: PgListener,
    lost: bool,
}

impl Store {
    /// The feed of other instances' changes; `None` when the store has no other writer
    /// (SQLite). Fails at once if PostgreSQL cannot be listened to at all.
    pub async fn change_feed(&self) -> Result<Option<ChangeFeed>> {
        if self.dialect != Dialect::Postgres {
            return Ok(None);
        }
        Ok(Some(ChangeFeed {
            listener: listen(&self.url).await?,
            url: self.url.clone(),
            lost: false,
        }))
    }
}

impl ChangeFeed {
    /// The next thing heard. A lost connection is a `Gap` at once; the next call
    /// reconnects (retrying every half second) and answers a second `Gap`.
    pub async fn next(&mut self) -> Heard {
        if self.lost {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                if let Ok(l) = listen(&self.url).await {
                    self.listener = l;
                    self.lost = false;
                    return Heard::Gap;
                }
            }
        }
        loop {
            match self.listener.try_recv().await {
                Ok(Some(n)) => {
                    if let Some((_account, user)) = n.payload().split_once(':') {
                        return Heard::Changed {
                            user_id: user.to_string(),
                        };
                    }
                }
                Ok(None) | Err(_) => {
                    tracing::warn!("change feed lost its connection; reconnecting");
                    self.lost = true;
                    return Heard::Gap;
                }
            }
        }
    }
}

async fn listen(url: &str) -> Result<PgListener> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}
