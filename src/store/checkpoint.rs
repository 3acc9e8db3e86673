//! SQLite's write-ahead log, copied back into the database file off the writer's path.
//!
//! By default SQLite checkpoints inside the commit that takes the log past 1,000 pages:
//! the one writer then copies every page of the log into the database file and waits for
//! the disk, while every other change queues behind it. At a million users a bulk chunk
//! spent a fifth of its time there (a chunk of 1,000 users dirties thousands of pages).
//! The writer's connection raises that to 64 MiB (`Store::connect`) and this task
//! checkpoints from a reader's connection instead, on another thread, in the mode that
//! never waits for readers or the writer (`PASSIVE`): the log is still copied back
//! within a fraction of a second of a commit, and restarts from its beginning once all
//! of it is copied and nobody reads it. Under writes that never pause, this task never
//! catches the log whole; the writer's own checkpoint at 64 MiB is what restarts it then.
//!
//! While bulk writes run (`HeavyWrites`) it copies nothing: the log grows to the writer's
//! larger bound for them instead (`group_commit`), and is copied back once they end.

use std::sync::Arc;
use std::time::Duration;

use sqlx::AnyPool;
use tokio::sync::oneshot;

use super::HeavyWrites;

/// How often the log is copied back: often enough that it stays a few commits long.
const EVERY: Duration = Duration::from_millis(200);

/// Stops the task when the last handle to the store goes.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    _stop: oneshot::Sender<()>,
}

impl Checkpointer {
    pub(crate) fn start(pool: AnyPool, heavy: Arc<HeavyWrites>) -> Checkpointer {
        let (stop, mut stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = &mut stopped => return,
                    _ = tick.tick() => {}
                }
                if pool.is_closed() {
                    return;
                }
                if heavy.running() {
                    continue;
                }
                if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&pool)
                    .await
                {
                    // The next tick tries again; a log that keeps growing is the symptom.
                    tracing::warn!(error = %e, "copying the write-ahead log back failed");
                }
            }
        });
        Checkpointer { _stop: stop }
    }
}
