//! SQLite's group commit. SQLite has one writer, and a commit costs the same whether it
//! carries one change or fifty: the pages every change touches (the counts, the tails of
//! the audit and outbox tables, the indexes' upper levels) are written to the WAL once per
//! commit. So one task owns the write connection, opens a transaction and lends it to the
//! changes that queue up, one after the other, each inside its own savepoint; it commits
//! when no change is waiting (or the group is full), and only then answers each of them.
//!
//! Each change stays its own: a change that fails its rules (or is dropped) rolls back to
//! its savepoint and leaves the group's others as they were. A change alone in the queue
//! commits at once, so a single change waits for no one.

use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor};
use tokio::sync::{mpsc, oneshot};

use super::{HeavyWrites, Result, StoreError};

/// Changes per commit at most: bounds how long the first of them waits for its answer.
const MAX_CHANGES: usize = 200;
/// Time a group may stay open for the changes that keep arriving.
const MAX_OPEN: Duration = Duration::from_millis(10);
/// Pages of log past which the writer's commit copies the log back itself: 64 MiB (4 KiB
/// pages), which `Store::connect` gives every write connection, and 2 GiB while bulk
/// writes run (`HeavyWrites`), when nothing else copies it back. The bound keeps a change
/// of a million users from growing the log to gigabytes more than the database.
pub(super) const LOG_PAGES: u32 = 16_384;
const HEAVY_LOG_PAGES: u32 = 524_288;

/// The handle changes queue at. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Writer {
    queue: mpsc::UnboundedSender<oneshot::Sender<Result<Lease>>>,
}

/// The write connection lent to one change, inside the group's transaction and its own
/// savepoint. Dropped without `commit`, it rolls the change back (only the change).
pub(crate) struct Lease {
    conn: Option<PoolConnection<Any>>,
    back: Option<oneshot::Sender<Returned>>,
}

/// How a change hands the connection back.
struct Returned {
    conn: PoolConnection<Any>,
    /// `Some`: keep the change, and answer here once the group committed.
    keep: Option<oneshot::Sender<std::result::Result<(), String>>>,
}

impl Writer {
    /// Starts the writer task over `pool` (the write pool: one connection).
    pub(crate) fn start(pool: AnyPool, heavy: Arc<HeavyWrites>) -> Writer {
        let (queue, waiting) = mpsc::unbounded_channel();
        tokio::spawn(run(pool, waiting, heavy));
        Writer { queue }
    }

    /// Waits for the connection, inside a transaction and a savepoint of this change's own.
    pub(crate) async fn begin(&self) -> Result<Lease> {
        let (ask, answer) = oneshot::channel();
        self.queue.send(ask).map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

impl Lease {
    pub(crate) fn conn(&mut self) -> &mut sqlx::AnyConnection {
        self.conn
            .as_mut()
            .expect("a lease holds the connection until it ends")
    }

    /// Keeps the change and waits until the group it is part of is durable.
    pub(crate) async fn commit(mut self) -> Result<()> {
        let (keep, committed) = oneshot::channel();
        self.hand_back(Some(keep));
        match committed.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(StoreError::CommitFailed(message)),
            Err(_) => Err(closed()),
        }
    }

    fn hand_back(&mut self, keep: Option<oneshot::Sender<std::result::Result<(), String>>>) {
        if let (Some(conn), Some(back)) = (self.conn.take(), self.back.take()) {
            // The writer is gone only when the runtime is: nothing left to roll back.
            let _ = back.send(Returned { conn, keep });
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.hand_back(None);
    }
}

fn closed() -> StoreError {
    StoreError::Database(sqlx::Error::PoolClosed)
}

async fn run(
    pool: AnyPool,
    mut queue: mpsc::UnboundedReceiver<oneshot::Sender<Result<Lease>>>,
    heavy: Arc<HeavyWrites>,
) {
    // The bound the connection was last given: a connection the pool opened anew has the
    // ordinary one, which is only ever slower, and is given the right one next time.
    let mut heavy_bound = false;
    while let Some(first) = queue.recv().await {
        let mut conn = match open(&pool, &heavy, &mut heavy_bound).await {
            Ok(conn) => conn,
            Err(e) => {
                let _ = first.send(Err(e));
                continue;
            }
        };
        let opened = Instant::now();
        let mut kept = Vec::new();
        let mut next = Some(first);
        let mut broken = None;
        let mut served = 0;
        while let Some(asker) = next.take() {
            served += 1;
            match lend(conn, asker).await {
                Ok((back, keep)) => {
                    conn = back;
                    kept.extend(keep);
                }
                Err((back, e)) => {
                    conn = back;
                    broken = Some(e);
                    break;
                }
            }
            if served < MAX_CHANGES && opened.elapsed() < MAX_OPEN {
                next = queue.try_recv().ok();
            }
        }
        let outcome = match broken {
            Some(e) => Err(e),
            None => conn.execute("COMMIT").await.map(|_| ()),
        };
        let answer = match outcome {
            Ok(()) => Ok(()),
            Err(e) => {
                // A connection that cannot even roll back is not given to the next group.
                if conn.execute("ROLLBACK").await.is_err() {
                    conn.close_on_drop();
                }
                Err(e.to_string())
            }
        };
        for keep in kept {
            let _ = keep.send(answer.clone());
        }
    }
}

/// The write connection, in a new transaction, its log's bound set for the writes under
/// way (`HEAVY_LOG_PAGES`). IMMEDIATE takes the write lock up front (waiting out other
/// processes, such as the CLI, through busy_timeout) rather than failing on upgrade later.
async fn open(
    pool: &AnyPool,
    heavy: &HeavyWrites,
    heavy_bound: &mut bool,
) -> Result<PoolConnection<Any>> {
    let mut conn = pool.acquire().await?;
    let running = heavy.running();
    if running != *heavy_bound {
        let pages = if running { HEAVY_LOG_PAGES } else { LOG_PAGES };
        conn.execute(format!("PRAGMA wal_autocheckpoint={pages}").as_str())
            .await?;
        *heavy_bound = running;
    }
    conn.execute("BEGIN IMMEDIATE").await?;
    Ok(conn)
}

type Kept = Option<oneshot::Sender<std::result::Result<(), String>>>;

/// Lends the connection to one change and takes it back: released into the group if the
/// change is kept, rolled back to its savepoint if not. An error breaks the whole group
/// (the transaction is in doubt).
async fn lend(
    mut conn: PoolConnection<Any>,
    asker: oneshot::Sender<Result<Lease>>,
) -> std::result::Result<(PoolConnection<Any>, Kept), (PoolConnection<Any>, sqlx::Error)> {
    if let Err(e) = conn.execute("SAVEPOINT change").await {
        let _ = asker.send(Err(StoreError::CommitFailed(e.to_string())));
        return Err((conn, e));
    }
    let (back, returned) = oneshot::channel();
    let lease = Lease {
        conn: Some(conn),
        back: Some(back),
    };
    // A change that gave up waiting drops the lease unopened: it rolls back as it drops.
    let _ = asker.send(Ok(lease));
    let Returned { mut conn, keep } = returned
        .await
        .expect("a lease always hands the connection back");
    let end = match keep {
        Some(_) => "RELEASE SAVEPOINT change",
        None => "ROLLBACK TO SAVEPOINT change; RELEASE SAVEPOINT change",
    };
    match conn.execute(end).await {
        Ok(_) => Ok((conn, keep)),
        Err(e) => {
            if let Some(keep) = keep {
                let _ = keep.send(Err(e.to_string()));
            }
            Err((conn, e))
        }
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use super::{HEAVY_LOG_PAGES, LOG_PAGES};
    use crate::store::Store;

    async fn writer_log_bound(store: &Store) -> i64 {
        let mut tx = store.begin().await.unwrap();
        let row = sqlx::query("PRAGMA wal_autocheckpoint")
            .fetch_one(tx.conn())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        row.try_get(0).unwrap()
    }

    /// While a bulk change runs its writes let the log grow to the larger bound (nothing
    /// copies it back between two chunks), and the next write after it is bounded as
    /// before, so that ordinary changes keep the log short.
    #[tokio::test]
    async fn bulk_writes_bound_the_log_higher_until_they_end() {
        let path = std::env::temp_dir().join(format!("roster-log-{}.db", uuid::Uuid::new_v4()));
        let store = Store::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        assert_eq!(writer_log_bound(&store).await, i64::from(LOG_PAGES));
        let heavy = store.heavy_writes();
        let running = heavy.begin();
        let also = heavy.begin();
        assert_eq!(writer_log_bound(&store).await, i64::from(HEAVY_LOG_PAGES));
        drop(running);
        // Another bulk change still runs.
        assert_eq!(writer_log_bound(&store).await, i64::from(HEAVY_LOG_PAGES));
        drop(also);
        assert_eq!(writer_log_bound(&store).await, i64::from(LOG_PAGES));
        store.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
