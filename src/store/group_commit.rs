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

use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor};
use tokio::sync::{mpsc, oneshot};

use super::text_index::INDEX_NOTED;
use super::users::bind_cells;
use super::{HeavyWrites, Result, Script, StoreError};

/// Changes per commit at most: bounds how long the first of them waits for its answer.
const MAX_CHANGES: usize = 200;
/// Time a group may stay open for the changes that keep arriving.
const MAX_OPEN: Duration = Duration::from_millis(10);
/// How a group ends: the users its changes created are indexed for search, outside every
/// change's savepoint (`text_index::INDEX_NOTED`), then it commits.
static COMMIT: LazyLock<String> = LazyLock::new(|| format!("{INDEX_NOTED} COMMIT"));
/// Pages of log past which the writer's commit copies the log back itself: 64 MiB (4 KiB
/// pages), which `Store::connect` gives every write connection, and 2 GiB while bulk
/// writes run (`HeavyWrites`), when nothing else copies it back. The bound keeps a change
/// of a million users from growing the log to gigabytes more than the database.
pub(super) const LOG_PAGES: u32 = 16_384;
const HEAVY_LOG_PAGES: u32 = 524_288;

/// The handle changes queue at. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Writer {
    queue: mpsc::UnboundedSender<Asker>,
}

/// A change waiting for the connection.
type Asker = oneshot::Sender<Result<Lease>>;

/// Where a kept change hears whether its group committed.
type Answer = oneshot::Sender<std::result::Result<(), String>>;

/// The write connection lent to one change, inside the group's transaction and its own
/// savepoint. Dropped without `commit`, it rolls the change back (only the change).
pub(crate) struct Lease {
    conn: Option<PoolConnection<Any>>,
    back: Option<oneshot::Sender<Returned>>,
}

/// How a change hands the connection back.
struct Returned {
    conn: PoolConnection<Any>,
    /// `Some`: keep the change, after its last writes (`tail`), and answer here once the
    /// group committed.
    keep: Option<(Answer, Script)>,
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

    /// Keeps the change, its last writes (`tail`) run by the writer with the statement that
    /// ends the change's savepoint, and waits until the group it is part of is durable.
    pub(crate) async fn commit(mut self, tail: Script) -> Result<()> {
        let (keep, committed) = oneshot::channel();
        self.hand_back(Some((keep, tail)));
        match committed.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(StoreError::CommitFailed(message)),
            Err(_) => Err(closed()),
        }
    }

    fn hand_back(&mut self, keep: Option<(Answer, Script)>) {
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

async fn run(pool: AnyPool, mut queue: mpsc::UnboundedReceiver<Asker>, heavy: Arc<HeavyWrites>) {
    // The bound the connection was last given: a connection the pool opened anew has the
    // ordinary one, which is only ever slower, and is given the right one next time.
    let mut heavy_bound = false;
    // A change that was to join a group that failed: the first of the next group.
    let mut carried = None;
    loop {
        let first = match carried.take() {
            Some(asker) => asker,
            None => match queue.recv().await {
                Some(asker) => asker,
                None => return,
            },
        };
        let conn = match open(&pool, &heavy, &mut heavy_bound).await {
            Ok(conn) => conn,
            Err(e) => {
                let _ = first.send(Err(e));
                continue;
            }
        };
        carried = group(conn, first, &mut queue).await;
    }
}

/// Lends the connection to `first` and to the changes that queue up behind it, each in
/// its turn, and commits them together. Each change ends with one statement: its tail,
/// then the release of its savepoint and the next one's (or the commit). Answers the
/// change that was next when the group failed, for the next group.
async fn group(
    mut conn: PoolConnection<Any>,
    first: Asker,
    queue: &mut mpsc::UnboundedReceiver<Asker>,
) -> Option<Asker> {
    let opened = Instant::now();
    let mut kept: Vec<Answer> = Vec::new();
    let mut asker = first;
    let mut served = 0;
    let failed = loop {
        served += 1;
        let Returned { conn: back, keep } = lend(conn, asker).await;
        conn = back;
        let next = match served < MAX_CHANGES && opened.elapsed() < MAX_OPEN {
            true => queue.try_recv().ok(),
            false => None,
        };
        let then = match next.is_some() {
            true => "SAVEPOINT change",
            false => COMMIT.as_str(),
        };
        let ended = match keep {
            Some((answer, tail)) => {
                let (sql, cells) = tail.into_sqlite();
                let sql = format!("{sql}RELEASE SAVEPOINT change; {then}");
                match bind_cells(sqlx::query(&sql), cells)
                    .execute(&mut *conn)
                    .await
                {
                    Ok(_) => {
                        kept.push(answer);
                        Ok(())
                    }
                    // Its tail, most likely: undone alone, the savepoint stays open for
                    // the next change, and the group goes on. Where the savepoint is gone
                    // (it was released, and what followed failed) the group is in doubt.
                    Err(e) => match conn.execute("ROLLBACK TO SAVEPOINT change").await {
                        Ok(_) => {
                            let _ = answer.send(Err(e.to_string()));
                            match next.is_some() {
                                true => Ok(()),
                                false => conn
                                    .execute(
                                        format!("RELEASE SAVEPOINT change; {}", *COMMIT).as_str(),
                                    )
                                    .await
                                    .map(|_| ()),
                            }
                        }
                        Err(_) => {
                            kept.push(answer);
                            Err(e)
                        }
                    },
                }
            }
            // A change dropped (or that gave up waiting): undone; the savepoint stays.
            None => {
                let sql = match next.is_some() {
                    true => "ROLLBACK TO SAVEPOINT change".to_string(),
                    false => {
                        format!("ROLLBACK TO SAVEPOINT change; RELEASE SAVEPOINT change; {then}")
                    }
                };
                conn.execute(sql.as_str()).await.map(|_| ())
            }
        };
        match (ended, next) {
            (Ok(()), Some(n)) => asker = n,
            (Ok(()), None) => break None,
            (Err(e), next) => break Some((e, next)),
        }
    };
    let (answer, carried) = match failed {
        None => (Ok(()), None),
        Some((e, next)) => {
            // A connection that cannot even roll back is not given to the next group.
            if conn.execute("ROLLBACK").await.is_err() {
                conn.close_on_drop();
            }
            (Err(e.to_string()), next)
        }
    };
    for keep in kept {
        let _ = keep.send(answer.clone());
    }
    carried
}

/// The write connection, in a new transaction and the first change's savepoint, its log's
/// bound set for the writes under way (`HEAVY_LOG_PAGES`). IMMEDIATE takes the write lock
/// up front (waiting out other processes, such as the CLI, through busy_timeout) rather
/// than failing on upgrade later.
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
    if let Err(e) = conn.execute("BEGIN IMMEDIATE; SAVEPOINT change").await {
        // BEGIN may have run and the savepoint not: the next group begins anew.
        let _ = conn.execute("ROLLBACK").await;
        return Err(e.into());
    }
    Ok(conn)
}

/// Lends the connection, its change's savepoint open, to one change and takes it back.
async fn lend(conn: PoolConnection<Any>, asker: Asker) -> Returned {
    let (back, returned) = oneshot::channel();
    let lease = Lease {
        conn: Some(conn),
        back: Some(back),
    };
    // A change that gave up waiting drops the lease unopened: it hands the connection
    // back as it drops, and is rolled back like any dropped change.
    let _ = asker.send(Ok(lease));
    returned
        .await
        .expect("a lease always hands the connection back")
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use super::{HEAVY_LOG_PAGES, LOG_PAGES};
    use crate::store::users::Cell;
    use crate::store::{test_db, Script, Store};

    async fn log_row(tx: &mut crate::store::Tx, keys: &str) {
        sqlx::query("INSERT INTO change_log (keys) VALUES ($1)")
            .bind(keys.to_string())
            .execute(tx.conn())
            .await
            .unwrap();
    }

    fn tail(tx: &mut crate::store::Tx, table: &str, keys: &str) -> Script {
        let mut tail = Script::new(tx.conn());
        tail.push(
            format!("INSERT INTO {table} (keys) VALUES ($1)"),
            vec![Cell::Text(Some(keys.into()))],
        );
        tail
    }

    /// Changes that queue up commit in one group, each in its own savepoint: one whose last
    /// writes fail, and one dropped, are undone alone; the others in the group, before
    /// and after them, are kept.
    #[tokio::test]
    async fn a_change_that_fails_in_a_group_is_undone_alone() {
        let (store, path) = test_db::sqlite("group").await;
        let mut first = store.begin().await.unwrap();
        log_row(&mut first, "first").await;
        // Queued while the first holds the connection: the same group.
        let s = store.clone();
        let failed = tokio::spawn(async move {
            let mut tx = s.begin().await.unwrap();
            log_row(&mut tx, "failed").await;
            let tail = tail(&mut tx, "no_such_table", "x");
            tx.commit_with(tail).await
        });
        let s = store.clone();
        let dropped = tokio::spawn(async move {
            let mut tx = s.begin().await.unwrap();
            log_row(&mut tx, "dropped").await;
        });
        let s = store.clone();
        let kept = tokio::spawn(async move {
            let mut tx = s.begin().await.unwrap();
            log_row(&mut tx, "kept").await;
            let tail = tail(&mut tx, "change_log", "kept's tail");
            tx.commit_with(tail).await
        });
        // Each spawned change asks for the connection at its first turn (a group stays
        // open to them for `MAX_OPEN` only).
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        let first_tail = tail(&mut first, "change_log", "first's tail");
        first.commit_with(first_tail).await.unwrap();
        assert!(failed.await.unwrap().is_err());
        dropped.await.unwrap();
        kept.await.unwrap().unwrap();
        let mut after = store.begin().await.unwrap();
        let rows: Vec<String> = sqlx::query_scalar("SELECT keys FROM change_log ORDER BY seq")
            .fetch_all(after.conn())
            .await
            .unwrap();
        after.commit().await.unwrap();
        assert_eq!(rows, ["first", "first's tail", "kept", "kept's tail"]);
        test_db::remove(store, path).await;
    }

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
        let (store, path) = test_db::sqlite("log").await;
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
        test_db::remove(store, path).await;
    }
}
