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

use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor};
use tokio::sync::{mpsc, oneshot};

use super::{Result, StoreError};

/// Changes per commit at most: bounds how long the first of them waits for its answer.
const MAX_CHANGES: usize = 200;
/// Time a group may stay open for the changes that keep arriving.
const MAX_OPEN: Duration = Duration::from_millis(10);

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
    pub(crate) fn start(pool: AnyPool) -> Writer {
        let (queue, waiting) = mpsc::unbounded_channel();
        tokio::spawn(run(pool, waiting));
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

async fn run(pool: AnyPool, mut queue: mpsc::UnboundedReceiver<oneshot::Sender<Result<Lease>>>) {
    while let Some(first) = queue.recv().await {
        let mut conn = match open(&pool).await {
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

/// The write connection, in a new transaction. IMMEDIATE takes the write lock up front
/// (waiting out other processes, such as the CLI, through busy_timeout) rather than
/// failing on upgrade later.
async fn open(pool: &AnyPool) -> Result<PoolConnection<Any>> {
    let mut conn = pool.acquire().await?;
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
