//! Database access. One interface over SQLite and PostgreSQL through sqlx's `Any` driver;
//! every SQL string and every dialect difference (row locks, notifications, leases) lives
//! here and nowhere else. Only the service holds a `Store`: the pool never leaves this
//! module, and connections reach the service as `Tx` (a write) or `Read`.

pub mod accounts;
pub mod activity;
pub mod audit;
pub mod batch;
pub mod bulk_load;
pub mod changes;
mod checkpoint;
pub mod counts;
mod group_commit;
mod heavy;
pub mod outbox;
pub mod password_tokens;
pub mod queue;
mod script;
pub mod sessions;
pub mod settings;
pub mod signal_events;
pub mod signals;
#[cfg(test)]
pub(crate) mod test_db;
pub mod text_index;
pub mod tokens;
pub mod user_list;
pub mod users;

pub use heavy::{HeavyWrites, HeavyWritesRunning};

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor};

use group_commit::{Lease, Writer};
pub(crate) use script::{rows_if_user, Script};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// No connection came free within the pool's wait: an overload, answered 503 with
    /// `Retry-After` at the edges rather than a 500.
    #[error("the database is busy: no connection came free in time")]
    Busy,
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL '{0}' (expected sqlite://PATH or postgres://...)")]
    BadUrl(String),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// The group of changes this one was committed with failed to commit (SQLite).
    #[error("the commit failed: {0}")]
    CommitFailed(String),
}

/// Waits for a pooled connection that gave up, since the process started (for /metrics).
static POOL_TIMEOUTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub fn pool_timeouts() -> u64 {
    POOL_TIMEOUTS.load(std::sync::atomic::Ordering::Relaxed)
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        match e {
            sqlx::Error::PoolTimedOut => {
                POOL_TIMEOUTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                StoreError::Busy
            }
            e => StoreError::Database(e),
        }
    }
}

impl StoreError {
    /// The pool had no connection to give in time (an overload, not a fault).
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Busy)
    }

    /// A unique constraint refused the write (two users with one email, say).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(e)) => e.is_unique_violation(),
            _ => false,
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// A connection as the store's functions take it (inside a `Tx` or a `Read`).
pub(crate) type Conn = AnyConnection;

/// Which database a connection talks to, for the few statements that differ.
pub(crate) fn dialect_of(conn: &Conn) -> Dialect {
    if conn.backend_name() == <sqlx::Postgres as sqlx::Database>::NAME {
        Dialect::Postgres
    } else {
        Dialect::Sqlite
    }
}

/// `FOR UPDATE` where the database has row locks; SQLite's single writer needs none.
pub(crate) fn for_update(conn: &Conn) -> &'static str {
    match dialect_of(conn) {
        Dialect::Sqlite => "",
        Dialect::Postgres => " FOR UPDATE",
    }
}

/// Whether the database locks rows (PostgreSQL): on SQLite a change runs alone, so what
/// it would lock needs no look beforehand.
pub(crate) fn locks_rows(conn: &Conn) -> bool {
    dialect_of(conn) == Dialect::Postgres
}

/// The database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    /// Reads (and, on PostgreSQL, writes too).
    pool: AnyPool,
    /// Where changes run: on SQLite a pool of one connection, on PostgreSQL `pool`.
    write_pool: AnyPool,
    dialect: Dialect,
    url: String,
    /// SQLite allows one writer: the task that owns it commits the changes in groups.
    writer: Option<Writer>,
    /// SQLite: the task that copies the write-ahead log back, off the writer's path.
    _checkpointer: Option<Arc<checkpoint::Checkpointer>>,
    /// Bulk writes under way, which the background work makes way for.
    heavy: Arc<HeavyWrites>,
}

/// A write transaction: on PostgreSQL its own, on SQLite a savepoint in the writer's group
/// (see `group_commit`). Dropping it rolls the change back.
pub(crate) enum Tx {
    Own(sqlx::Transaction<'static, Any>),
    Grouped(Lease),
}

impl Tx {
    pub(crate) fn conn(&mut self) -> &mut Conn {
        match self {
            Tx::Own(tx) => tx,
            Tx::Grouped(lease) => lease.conn(),
        }
    }

    /// Runs `tail` (the change's last writes) and commits: on SQLite the writer runs the
    /// script as it takes the connection back, one hand-off for both.
    pub(crate) async fn commit_with(self, tail: Script) -> Result<()> {
        match self {
            Tx::Own(mut tx) => {
                tail.run(&mut tx).await?;
                tx.commit().await?;
            }
            Tx::Grouped(lease) => lease.commit(tail).await?,
        }
        Ok(())
    }

    /// Returns once the change is durable (on SQLite: once its group committed).
    pub(crate) async fn commit(mut self) -> Result<()> {
        let nothing = Script::new(self.conn());
        self.commit_with(nothing).await
    }
}

/// The pool's connections: open, open and unused, and the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// A pooled connection held out of use (see `Store::hold_connection`).
pub struct HeldConnection(#[allow(dead_code)] PoolConnection<Any>);

/// A pooled connection for reads outside a change.
pub(crate) struct Read(PoolConnection<Any>);

impl Read {
    pub(crate) fn conn(&mut self) -> &mut Conn {
        &mut self.0
    }
}

impl Store {
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (dialect, url) = normalize_url(url)?;
        let options = AnyConnectOptions::from_str(&url)?;
        // A bounded wait: past it the request is answered 503 (StoreError::Busy), and the
        // edge's limits keep expensive requests below the pool size so it rarely comes.
        let pool_options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(5));
        let sqlite_options = |max: u32, own: String| {
            pool_options
                .clone()
                .max_connections(max)
                .after_connect(move |conn, _| {
                    let own = own.clone();
                    Box::pin(async move {
                        conn.execute(
                            "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; \
                             PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;",
                        )
                        .await?;
                        conn.execute(own.as_str()).await?;
                        Ok(())
                    })
                })
        };
        let (pool, write_pool) = match dialect {
            Dialect::Sqlite => {
                // SQLite has one writer: it gets a connection of its own, so that slow
                // lists holding every reader never keep a change (or an access check's
                // read) waiting behind them, and readers never wait behind a write.
                // 16 MiB of pages per reader and 64 for the writer instead of 2: at a
                // million users a bulk change reads its pages again and again, and each
                // miss is a system call and a copy out of the kernel's cache. Not 64 for
                // all: eight readers that each filled theirs (a million-row export does)
                // held half a gigabyte.
                let pool = sqlite_options(8, "PRAGMA cache_size=-16384;".to_string())
                    .connect_with(options.clone())
                    .await?;
                // The checkpointer copies the log back (`checkpoint`), not the writer's
                // commits; a log that grew under a burst shrinks back to 64 MiB. The
                // writer checkpoints too once the log passes 64 MiB: only a checkpoint
                // that ends between two write transactions lets the log start over, and
                // under a writer that never pauses (a million-user demo, an import, a
                // bulk change) the checkpointer never caught the log whole: it grew to
                // 20 GB for a 1.2 GB database. By then the checkpointer has copied most
                // of it, so the writer's share is short.
                let writer = sqlite_options(
                    1,
                    format!(
                        "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint={}; \
                         PRAGMA journal_size_limit=67108864; PRAGMA temp_store=MEMORY;",
                        group_commit::LOG_PAGES
                    ),
                )
                .connect_with(options)
                .await?;
                (pool, writer)
            }
            Dialect::Postgres => {
                // No parallel workers: every statement here wants its first rows soon
                // (a page, a count bounded to a thousand), and starting workers cost
                // more than the work (`?product=hamachi` at a million users: 31 ms with
                // two workers, 11 without), on a server all the pool's connections share.
                let pool = pool_options
                    .max_connections(16)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute("SET max_parallel_workers_per_gather = 0")
                                .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?;
                (pool.clone(), pool)
            }
        };
        let sqlite = dialect == Dialect::Sqlite;
        let heavy = Arc::new(HeavyWrites::default());
        let writer = sqlite.then(|| Writer::start(write_pool.clone(), heavy.clone()));
        let checkpointer =
            sqlite.then(|| Arc::new(checkpoint::Checkpointer::start(pool.clone(), heavy.clone())));
        let store = Store {
            pool,
            write_pool,
            dialect,
            url,
            writer,
            _checkpointer: checkpointer,
            heavy,
        };
        store.migrate().await?;
        store.refold().await?;
        let mut tx = store.begin().await?;
        text_index::repair(tx.conn()).await?;
        tx.commit().await?;
        Ok(store)
    }

    /// Fills the folded keys of rows written before migration 0012, a batch per
    /// transaction, until none is left (a no-op once done: one indexed look).
    async fn refold(&self) -> Result<()> {
        loop {
            let mut tx = self.begin().await?;
            let n = users::refold_batch(tx.conn(), 500).await?;
            tx.commit().await?;
            if n == 0 {
                return Ok(());
            }
        }
    }

    async fn migrate(&self) -> Result<()> {
        match self.dialect {
            Dialect::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await?,
            Dialect::Postgres => {
                sqlx::migrate!("migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    /// Bulk writes under way in this process (`HeavyWrites`): a bulk change marks them.
    pub fn heavy_writes(&self) -> Arc<HeavyWrites> {
        self.heavy.clone()
    }

    /// The pool's occupancy (for /metrics).
    pub fn pool_stats(&self) -> PoolStats {
        PoolStats {
            open: self.pool.size(),
            idle: self.pool.num_idle() as u32,
            max: self.pool.options().get_max_connections(),
        }
    }

    /// Takes a pooled connection and keeps it until the guard is dropped: tests use it to
    /// exhaust the pool as an overload would.
    pub async fn hold_connection(&self) -> Result<HeldConnection> {
        Ok(HeldConnection(self.pool.acquire().await?))
    }

    /// Whether the database answers (readiness).
    pub async fn ping(&self) -> Result<()> {
        self.pool.execute("SELECT 1").await?;
        Ok(())
    }

    /// Closes every connection; later calls fail (shutdown, and tests of an outage).
    pub async fn close(&self) {
        self.pool.close().await;
        self.write_pool.close().await;
    }

    pub(crate) async fn read(&self) -> Result<Read> {
        Ok(Read(self.pool.acquire().await?))
    }

    pub(crate) async fn begin(&self) -> Result<Tx> {
        match &self.writer {
            Some(writer) => Ok(Tx::Grouped(writer.begin().await?)),
            None => Ok(Tx::Own(self.write_pool.begin().await?)),
        }
    }
}

fn normalize_url(url: &str) -> Result<(Dialect, String)> {
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let rest = rest.trim_start_matches("//");
        if rest.is_empty() {
            return Err(StoreError::BadUrl(url.to_string()));
        }
        let with_mode = if rest.contains("mode=") {
            format!("sqlite://{rest}")
        } else if rest.contains('?') {
            format!("sqlite://{rest}&mode=rwc")
        } else {
            format!("sqlite://{rest}?mode=rwc")
        };
        Ok((Dialect::Sqlite, with_mode))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok((Dialect::Postgres, url.to_string()))
    } else {
        Err(StoreError::BadUrl(url.to_string()))
    }
}

/// `$1, $2, ...` starting at `first`, for `IN (...)` lists.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One savepoint inside a change: a preview tries each row of a file and undoes the
/// rows it refuses without giving up the others.
#[derive(Debug, Clone, Copy)]
pub enum Savepoint {
    Set,
    RollBack,
    Release,
}

pub async fn savepoint(conn: &mut Conn, step: Savepoint) -> Result<()> {
    let sql = match step {
        Savepoint::Set => "SAVEPOINT row_try",
        Savepoint::RollBack => "ROLLBACK TO SAVEPOINT row_try",
        Savepoint::Release => "RELEASE SAVEPOINT row_try",
    };
    sqlx::query(sql).execute(&mut *conn).await?;
    Ok(())
}

/// `($1, ..., $w), ($w+1, ...), ...` for `rows` rows of `width` values: a multi-row
/// `VALUES` list.
pub(crate) fn row_placeholders(width: usize, rows: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", placeholders(1 + r * width, width)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `sql` as SQLite should get it: a statement whose parameters are `$1, $2, ...` in
/// order (the multi-row statements) with each one a plain `?`. SQLite finds a numbered
/// parameter by walking the statement's list of names, when it parses and again at every
/// bind, so a statement of thousands of `$N` costs the square of that (a bulk chunk's
/// inserts spent more time there than in writing); a `?` is numbered by its place.
/// PostgreSQL, and any other statement, keep `$N`.
pub(crate) fn positional<'a>(conn: &Conn, sql: &'a str) -> std::borrow::Cow<'a, str> {
    if dialect_of(conn) != Dialect::Sqlite {
        return sql.into();
    }
    anonymous(sql).map_or(sql.into(), Into::into)
}

/// `sql` with `$1, $2, ...` (in order, each once, outside quotes) as `?`; `None` when its
/// parameters are otherwise.
fn anonymous(sql: &str) -> Option<String> {
    let mut out = String::with_capacity(sql.len());
    let mut next = 1usize;
    let mut quoted = false;
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '$' if !quoted => {
                let start = i + 1;
                let mut end = start;
                while let Some((j, d)) = chars.peek().copied() {
                    if !d.is_ascii_digit() {
                        break;
                    }
                    end = j + 1;
                    chars.next();
                }
                if sql[start..end].parse::<usize>().ok()? != next {
                    return None;
                }
                next += 1;
                out.push('?');
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_in_order_become_positional_for_sqlite() {
        assert_eq!(
            anonymous("INSERT INTO t VALUES ($1, $2), ($3, '$9', $4)").as_deref(),
            Some("INSERT INTO t VALUES (?, ?), (?, '$9', ?)")
        );
        assert_eq!(anonymous("SELECT 1 WHERE a = $2 AND b = $1"), None);
        assert_eq!(anonymous("SELECT $1, $1"), None);
        assert_eq!(anonymous("SELECT 1").as_deref(), Some("SELECT 1"));
    }

    #[test]
    fn database_urls_are_recognised() {
        assert_eq!(
            normalize_url("sqlite://roster.db").unwrap(),
            (Dialect::Sqlite, "sqlite://roster.db?mode=rwc".into())
        );
        assert_eq!(
            normalize_url("sqlite:x.db?cache=shared").unwrap().1,
            "sqlite://x.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            normalize_url("postgres://u@h/db").unwrap().0,
            Dialect::Postgres
        );
        assert!(normalize_url("mysql://h/db").is_err());
        assert_eq!(placeholders(3, 2), "$3, $4");
        assert_eq!(row_placeholders(2, 2), "($1, $2), ($3, $4)");
    }
}
