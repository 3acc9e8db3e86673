//! Bulk writes under way in this process (a bulk change), which the store's background
//! work and the queues' workers make way for while they last.
//!
//! - The mail worker (`worker::Worker::yielding_to`) claims at most once every 250 ms,
//!   still delivering what it claims, and at full speed again once they end. A bulk
//!   change of 100,000 users queues as many emails a thousand at a time, and a worker
//!   delivering them meanwhile ran a claim and a "sent" mark for every eight (thousands
//!   of small transactions a second) against the change's own writes: on PostgreSQL the
//!   suspension of 107,460 of 1,000,000 users took 19.7-27 s so, 16.7-21.6 s with no
//!   worker running. Its emails then go out after it rather than during it.
//! - SQLite's write-ahead log is copied back after them rather than during them (see
//!   `checkpoint` and `group_commit`): a bulk chunk rewrites pages spread over the whole
//!   database, and a page copied back between two chunks that both wrote it was copied
//!   twice, by a checkpoint competing with the writer for the disk and the machine's
//!   cores. Suspending 107,460 of 1,000,000 users took 8.4-9.9 s so, 5.9-8.1 s without
//!   (alternated runs on two cores).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct HeavyWrites {
    running: AtomicUsize,
}

impl HeavyWrites {
    /// Marks bulk writes as under way until the answer is dropped.
    pub fn begin(self: &Arc<Self>) -> HeavyWritesRunning {
        self.running.fetch_add(1, Ordering::SeqCst);
        HeavyWritesRunning(self.clone())
    }

    pub fn running(&self) -> bool {
        self.running.load(Ordering::SeqCst) > 0
    }
}

/// Bulk writes under way; they end when this is dropped.
#[derive(Debug)]
pub struct HeavyWritesRunning(Arc<HeavyWrites>);

impl Drop for HeavyWritesRunning {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::SeqCst);
    }
}
