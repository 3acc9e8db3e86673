//! Telling other instances and processes what a change committed, written inside the
//! change's transaction (so it is heard exactly when it commits):
//!
//! - PostgreSQL: NOTIFY, and a LISTEN feed that reconnects by itself;
//! - SQLite: a row of the `change_log` table. Another process on the same file (the CLI
//!   while a server runs) cannot reach the server, so the server reads `PRAGMA
//!   data_version` before trusting its caches — it changes only when some other
//!   connection committed — and then the log rows past the last one it applied.

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::postgres::PgListener;
use sqlx::{AnyPool, Row};

use super::users::Cell;
use super::{Conn, Dialect, Result, Script, Store};
use data_version::DataVersion;

mod data_version;

const CHANNEL: &str = "roster_changes";

/// Log rows read at once; more than that waiting is handled as a gap (caches dropped).
const MAX_ROWS_READ: i64 = 10_000;

/// Queues the notification that each (account id, user id) changed, in the script the
/// change commits with: on PostgreSQL a thousand per statement, on SQLite one log row for
/// them all.
pub(crate) fn notify_many(script: &mut Script, changed: &[(String, String)]) {
    if changed.is_empty() {
        return;
    }
    if script.dialect() == Dialect::Sqlite {
        let keys: Vec<&str> = changed.iter().map(|(_, key)| key.as_str()).collect();
        script.push(
            "INSERT INTO change_log (keys) VALUES ($1)".into(),
            vec![Cell::Text(Some(keys.join("\n")))],
        );
        return;
    }
    for chunk in changed.chunks(1_000) {
        let sql = format!(
            "SELECT pg_notify($1, v.payload) FROM (VALUES {}) AS v(payload)",
            (0..chunk.len())
                .map(|i| format!("(${})", i + 2))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let cells =
            std::iter::once(Cell::Text(Some(CHANNEL.into())))
                .chain(chunk.iter().map(|(account_id, user_id)| {
                    Cell::Text(Some(format!("{account_id}:{user_id}")))
                }))
                .collect();
        script.push(sql, cells);
    }
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

/// SQLite: what other connections committed, read from the change log.
pub struct ChangeLog {
    version: DataVersion,
    /// A connection of its own: the readers' pool may be held by slow lists.
    pool: AnyPool,
}

/// What the log holds past a given row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogRead {
    /// The keys of the rows after it, and the last row read.
    Keys { keys: Vec<String>, last: i64 },
    /// Rows were pruned unread (or too many wait): anything may have changed, up to `last`.
    Gap { last: i64 },
}

impl Store {
    /// The change log of a SQLite file; `None` on PostgreSQL (it has the change feed).
    pub async fn change_log(&self) -> Result<Option<Arc<ChangeLog>>> {
        if self.dialect != Dialect::Sqlite {
            return Ok(None);
        }
        let rest = self
            .url
            .trim_start_matches("sqlite:")
            .trim_start_matches("//");
        let path = rest.split('?').next().unwrap_or(rest);
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(5))
            .connect(&self.url)
            .await?;
        Ok(Some(Arc::new(ChangeLog {
            version: DataVersion::open(path)?,
            pool,
        })))
    }
}

impl ChangeLog {
    /// A value that differs from the previous one when another connection committed in
    /// between; synchronous and cheap (microseconds).
    pub fn version(&self) -> Result<i64> {
        self.version.read()
    }

    /// The last row written so far (0 when none).
    pub async fn newest(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS seq FROM change_log")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("seq")?)
    }

    /// The rows after `after`. Each committed change adds the next `seq`, and pruning
    /// keeps the newest row, so a first row past `after + 1` means rows were pruned unread.
    pub async fn since(&self, after: i64) -> Result<LogRead> {
        let rows =
            sqlx::query("SELECT seq, keys FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2")
                .bind(after)
                .bind(MAX_ROWS_READ + 1)
                .fetch_all(&self.pool)
                .await?;
        let first: Option<i64> = rows.first().map(|r| r.try_get("seq")).transpose()?;
        if rows.len() as i64 > MAX_ROWS_READ || first.is_some_and(|f| f != after + 1) {
            return Ok(LogRead::Gap {
                last: self.newest().await?,
            });
        }
        let mut keys = Vec::new();
        let mut last = after;
        for r in &rows {
            last = r.try_get("seq")?;
            let joined: String = r.try_get("keys")?;
            keys.extend(joined.split('\n').map(str::to_string));
        }
        Ok(LogRead::Keys { keys, last })
    }
}

/// Forgets all but the newest `keep` rows of the change log (the newest always stays,
/// so that readers can tell a pruned stretch from nothing).
pub async fn prune(conn: &mut Conn, keep: i64) -> Result<u64> {
    let done =
        sqlx::query("DELETE FROM change_log WHERE seq < (SELECT MAX(seq) FROM change_log) - $1")
            .bind(keep.max(1) - 1)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected())
}

async fn listen(url: &str) -> Result<PgListener> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}
