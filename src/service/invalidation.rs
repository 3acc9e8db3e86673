//! Telling every instance that a user changed, so that access checks never answer from a
//! stale snapshot and a revoked token is refused at once: in-process at once after
//! commit; across PostgreSQL instances through the change feed (NOTIFY, queued inside the
//! change's transaction by the change tail); across processes on one SQLite file through
//! the change log, caught up with before any cache is trusted (`catch_up`). A revoked API
//! token travels the same ways, as the key `token:ID`.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::access::AccessSnapshot;
use super::token_cache::TokenCache;
use crate::store::changes::{self, ChangeFeed, ChangeLog, Heard, LogRead};
use crate::store::{Store, StoreError};

/// Change log rows kept on SQLite: a process that falls further behind than this drops
/// its caches instead (see `LogRead::Gap`).
const LOG_ROWS_KEPT: i64 = 100_000;
const PRUNE_EVERY: Duration = Duration::from_secs(60);
/// How long a look at the file that found nothing new holds for the requests after it.
/// Reading `PRAGMA data_version` takes the file's shared-memory locks (system calls) under
/// a mutex; at tens of thousands of access checks a second the two runtime threads queued
/// on that mutex and most of the time went to waking each other. Another process's commit
/// is then seen up to this much later, far inside the second the contract allows; this
/// process's own commits are applied at once, as before (`published`).
const LOOK_HOLDS: Duration = Duration::from_millis(2);

#[derive(Clone)]
pub struct Invalidation {
    cache: Arc<AccessSnapshot>,
    tokens: Arc<TokenCache>,
    log: Option<Arc<LogFollower>>,
}

/// How far this process has applied a SQLite file's change log.
struct LogFollower {
    log: Arc<ChangeLog>,
    /// The data version read before the last complete catch-up: while the file still
    /// shows it, nothing was committed since and the caches hold.
    caught_up_at: AtomicI64,
    /// The last log row applied; held while catching up, so one task reads at a time.
    applied: tokio::sync::Mutex<i64>,
    /// When (nanoseconds after `born`) a look last found the caches caught up.
    settled_at: AtomicU64,
    born: Instant,
}

impl LogFollower {
    fn now(&self) -> u64 {
        self.born.elapsed().as_nanos() as u64
    }

    /// A look within `LOOK_HOLDS` found nothing new.
    fn recently_settled(&self) -> bool {
        let at = self.settled_at.load(Ordering::Acquire);
        at != 0 && self.now().saturating_sub(at) < LOOK_HOLDS.as_nanos() as u64
    }

    fn settled(&self) {
        // Never 0, which means "not yet".
        self.settled_at.store(self.now().max(1), Ordering::Release);
    }
}

impl Invalidation {
    /// Tokens are cached only where their revocation can be heard: with a change feed or
    /// a change log.
    pub async fn start(
        store: &Store,
        cache: Arc<AccessSnapshot>,
        tokens: Arc<TokenCache>,
    ) -> Result<Invalidation, StoreError> {
        let mut me = Invalidation {
            cache,
            tokens,
            log: None,
        };
        if let Some(feed) = store.change_feed().await? {
            me.tokens.enable();
            tokio::spawn(me.clone().listen(feed));
        }
        if let Some(log) = store.change_log().await? {
            // Caches start empty: what the log holds so far is already in the database.
            let newest = log.newest().await?;
            me.log = Some(Arc::new(LogFollower {
                log,
                caught_up_at: AtomicI64::new(i64::MIN),
                applied: tokio::sync::Mutex::new(newest),
                settled_at: AtomicU64::new(0),
                born: Instant::now(),
            }));
            me.tokens.enable();
            tokio::spawn(prune(store.clone()));
        }
        Ok(me)
    }

    /// After commit: this instance forgets the user (or the revoked token) at once.
    pub fn published(&self, key: &str) {
        match key.strip_prefix("token:") {
            Some(token_id) => self.tokens.forget(token_id),
            None => self.cache.invalidate(key),
        }
    }

    /// Whatever was missed could be anyone: drop every snapshot and token, so that no
    /// stale "allowed" outlives a lost notification.
    fn forget_everything(&self) {
        self.cache.clear();
        self.tokens.clear();
    }

    /// On SQLite, applies what other connections committed to the file since the last
    /// call; call it before trusting a cache. When nothing was committed (the common
    /// case) it costs one `PRAGMA data_version`. On PostgreSQL the feed does this work.
    pub async fn catch_up(&self) {
        let Some(f) = &self.log else {
            return;
        };
        if f.recently_settled() {
            return;
        }
        if f.log.version().ok() == Some(f.caught_up_at.load(Ordering::SeqCst)) {
            f.settled();
            return;
        }
        let mut applied = f.applied.lock().await;
        // Read before the log: a commit after this read changes it again.
        let version = match f.log.version() {
            Ok(v) if v == f.caught_up_at.load(Ordering::SeqCst) => return,
            Ok(v) => v,
            Err(e) => return self.lost(e),
        };
        match f.log.since(*applied).await {
            Ok(LogRead::Keys { keys, last }) => {
                for key in &keys {
                    self.published(key);
                }
                *applied = last;
            }
            Ok(LogRead::Gap { last }) => {
                tracing::info!("the change log was pruned past this process; caches dropped");
                self.forget_everything();
                *applied = last;
            }
            Err(e) => return self.lost(e),
        }
        f.caught_up_at.store(version, Ordering::SeqCst);
        f.settled();
    }

    /// The log could not be read: nothing cached can be trusted; the caller reads the
    /// database, and the next call tries the log again.
    fn lost(&self, e: StoreError) {
        tracing::warn!(error = %e, "reading the change log failed; caches dropped");
        self.forget_everything();
    }

    async fn listen(self, mut feed: ChangeFeed) {
        loop {
            match feed.next().await {
                Heard::Changed { user_id } => self.published(&user_id),
                Heard::Gap => self.forget_everything(),
            }
        }
    }
}

/// Keeps the change log short, once a minute.
async fn prune(store: Store) {
    loop {
        tokio::time::sleep(PRUNE_EVERY).await;
        let pruned = async {
            let mut tx = store.begin().await?;
            let n = changes::prune(tx.conn(), LOG_ROWS_KEPT).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(n)
        };
        if let Err(e) = pruned.await {
            tracing::warn!(error = %e, "pruning the change log failed");
        }
    }
}
