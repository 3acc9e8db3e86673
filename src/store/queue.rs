//! A leased queue table: rows written in a change's transaction, claimed by a worker with
//! a lease (so that several instances on one PostgreSQL deliver each row once), their
//! outcome recorded under the claim's fencing token, retried until done or dead. The email
//! outbox and the security events share this; each names its table and columns in a
//! `LeasedTable`, and the worker sees a `Queue` of its rows.
//!
//! Every such table has `id`, `account_id`, `state` (`queued`, the done state, `dead`),
//! `attempts`, `next_attempt_at`, `locked_until`, `last_error`, `created_at` and the
//! column of its done time.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::users::{bind_cells, Cell};
use super::{dialect_of, row_placeholders, Dialect, Result, Script, Store};

/// How one queue table is named and claimed.
pub struct LeasedTable {
    pub table: &'static str,
    /// What a claim reads from: the table aliased `q`, and any join its condition needs.
    pub source: &'static str,
    /// Further conditions a claimable row meets (` AND ...`, on `q` and the joins).
    pub claimable: &'static str,
    /// The columns a claim returns.
    pub columns: &'static str,
    /// The state of a row whose delivery succeeded (`sent`, `delivered`), and its time.
    pub done: &'static str,
    pub done_at: &'static str,
    /// What else a delivery clears (`, column = NULL`), or nothing.
    pub on_done: &'static str,
    /// A table of more of each row, keyed by its id (`outbox_bodies`), whose rows go with
    /// it (`delete_done_before`): no foreign key does that (migration 0027).
    pub details: Option<&'static str>,
}

/// `retrying` = queued after at least one failure; the others are the stored state.
pub const DISPLAY_STATE: &str =
    "CASE WHEN state = 'queued' AND last_error IS NOT NULL THEN 'retrying' ELSE state END";

/// Queues `rows` in the table, due at their creation, `chunk` rows a statement (a bulk
/// change queues many). `values` gives a row's values for `t.columns` and its creation
/// time; the chunk keeps the bound parameters below both stores' limits.
pub(crate) fn insert_queued<T>(
    script: &mut Script,
    t: &LeasedTable,
    chunk: usize,
    rows: &[T],
    values: impl Fn(&T) -> (Vec<Cell>, i64),
) {
    for part in rows.chunks(chunk.max(1)) {
        let mut width = 0;
        let mut cells = Vec::new();
        for row in part {
            let (mut row_cells, created_at) = values(row);
            row_cells.push(Cell::Text(Some("queued".into())));
            row_cells.push(Cell::Int(Some(created_at)));
            width = row_cells.len();
            cells.extend(row_cells);
        }
        let sql = format!(
            "INSERT INTO {} ({}, state, next_attempt_at) VALUES {}",
            t.table,
            t.columns,
            row_placeholders(width, part.len())
        );
        script.push(sql, cells);
    }
}

/// Claims up to `limit` due rows for `lease_ms`, oldest first: another worker (in this
/// process or another) skips them until the lease runs out. Each claim counts as an
/// attempt, and the new `attempts` value is the claim's fencing token: the outcome is
/// recorded only if the row still carries it, so a worker whose lease ran out cannot
/// overwrite a newer claim.
pub async fn claim_due(
    conn: &mut AnyConnection,
    t: &LeasedTable,
    now: i64,
    lease_ms: i64,
    limit: u32,
) -> Result<Vec<AnyRow>> {
    let lock = match dialect_of(conn) {
        Dialect::Postgres => " FOR UPDATE OF q SKIP LOCKED",
        Dialect::Sqlite => "",
    };
    let sql = format!(
        "UPDATE {table} SET locked_until = $1, attempts = attempts + 1 WHERE id IN (\
           SELECT q.id FROM {source} \
           WHERE q.state = 'queued' AND q.next_attempt_at <= $2 AND q.locked_until <= $2{claimable} \
           ORDER BY q.next_attempt_at, q.created_at, q.id LIMIT {limit}{lock}) RETURNING {columns}",
        table = t.table,
        source = t.source,
        claimable = t.claimable,
        columns = t.columns,
    );
    let mut rows = sqlx::query(&sql)
        .bind(now + lease_ms)
        .bind(now)
        .fetch_all(&mut *conn)
        .await?;
    // RETURNING gives no order; oldest first keeps delivery close to commit order.
    let key = |r: &AnyRow| -> (i64, String) {
        (
            r.try_get("created_at").unwrap_or(0),
            r.try_get("id").unwrap_or_default(),
        )
    };
    rows.sort_by_key(key);
    Ok(rows)
}

/// Records deliveries: `(id, claim)` of each. Answers the ids whose claim was kept; an
/// id missing from the answer lost its claim (the lease ran out and another worker
/// claimed the row again), which the caller reports. One statement for all of them: a
/// worker draining a bulk change's hundred thousand emails wrote a transaction per email
/// here, each rewriting the same few pages of the table.
pub async fn mark_done(
    conn: &mut AnyConnection,
    t: &LeasedTable,
    done: &[(&str, i64)],
    now: i64,
) -> Result<Vec<String>> {
    let mut kept = Vec::with_capacity(done.len());
    // Two values a row: far below both stores' bound-parameter limits.
    for part in done.chunks(1_000) {
        let sql = format!(
            "UPDATE {table} SET state = '{state}', {at} = ${now}, locked_until = 0, last_error = NULL{more} \
             FROM (VALUES {rows}) AS v \
             WHERE {table}.id = v.column1 AND {table}.attempts = v.column2 AND {table}.state = 'queued' \
             RETURNING {table}.id",
            table = t.table,
            state = t.done,
            at = t.done_at,
            more = t.on_done,
            rows = row_placeholders(2, part.len()),
            now = 2 * part.len() + 1,
        );
        let sql = super::positional(conn, &sql);
        let cells = part
            .iter()
            .flat_map(|(id, claim)| [Cell::Text(Some(id.to_string())), Cell::Int(Some(*claim))]);
        for row in bind_cells(sqlx::query(&sql), cells)
            .bind(now)
            .fetch_all(&mut *conn)
            .await?
        {
            kept.push(row.try_get::<String, _>(0)?);
        }
    }
    Ok(kept)
}

/// A failed attempt: try again at `retry_at`, or give up (`None`) into the dead state.
/// Fenced by the claim like `mark_done`.
pub async fn mark_failed(
    conn: &mut AnyConnection,
    t: &LeasedTable,
    id: &str,
    claim: i64,
    error: &str,
    retry_at: Option<i64>,
) -> Result<bool> {
    let (state, next) = match retry_at {
        Some(at) => ("queued", at),
        None => ("dead", 0),
    };
    let sql = format!(
        "UPDATE {} SET state = $1, next_attempt_at = $2, locked_until = 0, last_error = $3 \
         WHERE id = $4 AND state = 'queued' AND attempts = $5",
        t.table
    );
    let done = sqlx::query(&sql)
        .bind(state)
        .bind(next)
        .bind(error.chars().take(500).collect::<String>())
        .bind(id.to_string())
        .bind(claim)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// At start, forgets the leases a killed process left, where one process owns the store
/// (SQLite): its in-flight rows go out at once instead of after their lease. On a shared
/// PostgreSQL the leases may be another live instance's: they are kept.
pub async fn release_stale_leases(conn: &mut AnyConnection, t: &LeasedTable) -> Result<u64> {
    if dialect_of(conn) == Dialect::Postgres {
        return Ok(0);
    }
    let sql = format!(
        "UPDATE {} SET locked_until = 0 WHERE state = 'queued' AND locked_until > 0",
        t.table
    );
    Ok(sqlx::query(&sql).execute(&mut *conn).await?.rows_affected())
}

/// When the next claimable row falls due (or its lease runs out), to sleep until then.
pub async fn next_due(conn: &mut AnyConnection, t: &LeasedTable) -> Result<Option<i64>> {
    let sql = format!(
        "SELECT MIN(CASE WHEN q.locked_until > q.next_attempt_at THEN q.locked_until ELSE q.next_attempt_at END) \
         FROM {} WHERE q.state = 'queued'{}",
        t.source, t.claimable
    );
    Ok(sqlx::query_scalar(&sql).fetch_one(&mut *conn).await?)
}

/// Counts by state (queued, retrying, the done state, dead), of one account or of all.
pub async fn status_counts(
    conn: &mut AnyConnection,
    t: &LeasedTable,
    account_id: Option<&str>,
) -> Result<BTreeMap<String, i64>> {
    let sql = format!(
        "SELECT {DISPLAY_STATE} AS s, COUNT(*) AS n FROM {} \
         WHERE ($1 IS NULL OR account_id = $1) GROUP BY {DISPLAY_STATE}",
        t.table
    );
    let rows = sqlx::query(&sql)
        .bind(account_id.map(str::to_string))
        .fetch_all(&mut *conn)
        .await?;
    let mut counts: BTreeMap<String, i64> = ["queued", "retrying", t.done, "dead"]
        .iter()
        .map(|s| (s.to_string(), 0))
        .collect();
    for r in rows {
        counts.insert(r.try_get("s")?, r.try_get("n")?);
    }
    Ok(counts)
}

/// Puts dead rows (of one account or of all) back in the queue; answers how many. The
/// last error stays, so they show as retrying until delivered.
pub async fn requeue_dead(
    conn: &mut AnyConnection,
    t: &LeasedTable,
    account_id: Option<&str>,
    now: i64,
) -> Result<u64> {
    let sql = format!(
        "UPDATE {} SET state = 'queued', attempts = 0, next_attempt_at = $1, locked_until = 0 \
         WHERE state = 'dead' AND ($2 IS NULL OR account_id = $2)",
        t.table
    );
    let done = sqlx::query(&sql)
        .bind(now)
        .bind(account_id.map(str::to_string))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Deletes rows delivered before `before` (they hold personal data, and the table would
/// otherwise only grow). Answers how many.
pub async fn delete_done_before(
    conn: &mut AnyConnection,
    t: &LeasedTable,
    before: i64,
) -> Result<u64> {
    let done_before = format!(
        "{} WHERE state = '{}' AND {} < $1",
        t.table, t.done, t.done_at
    );
    if let Some(details) = t.details {
        let sql = format!("DELETE FROM {details} WHERE id IN (SELECT id FROM {done_before})");
        sqlx::query(&sql).bind(before).execute(&mut *conn).await?;
    }
    let sql = format!("DELETE FROM {done_before}");
    let done = sqlx::query(&sql).bind(before).execute(&mut *conn).await?;
    Ok(done.rows_affected())
}

/// A row type of a leased table.
pub trait QueueRow: Sized {
    const TABLE: &'static LeasedTable;
    fn id(&self) -> &str;
    /// After a claim: the claim's fencing token (the `attempts` it set).
    fn claim(&self) -> i64;
}

/// The queue as a worker sees it: claim, record, sweep; each call its own transaction.
/// The worker holds this and nothing else of the store.
pub struct Queue<R> {
    store: Store,
    rows: PhantomData<fn() -> R>,
}

impl<R> Clone for Queue<R> {
    fn clone(&self) -> Self {
        Queue {
            store: self.store.clone(),
            rows: PhantomData,
        }
    }
}

impl<R> From<Store> for Queue<R> {
    fn from(store: Store) -> Queue<R> {
        Queue {
            store,
            rows: PhantomData,
        }
    }
}

impl<R: QueueRow> Queue<R> {
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// See `release_stale_leases`.
    pub async fn release_stale_leases(&self) -> Result<u64> {
        let mut tx = self.store.begin().await?;
        let n = release_stale_leases(tx.conn(), R::TABLE).await?;
        tx.commit().await?;
        Ok(n)
    }

    pub async fn next_due(&self) -> Result<Option<i64>> {
        next_due(self.store.read().await?.conn(), R::TABLE).await
    }

    /// See `mark_done`.
    pub async fn mark_done(&self, done: &[(&str, i64)], now: i64) -> Result<Vec<String>> {
        let mut tx = self.store.begin().await?;
        let kept = mark_done(tx.conn(), R::TABLE, done, now).await?;
        tx.commit().await?;
        Ok(kept)
    }

    /// See `mark_failed`.
    pub async fn mark_failed(
        &self,
        id: &str,
        claim: i64,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<bool> {
        let mut tx = self.store.begin().await?;
        let kept = mark_failed(tx.conn(), R::TABLE, id, claim, error, retry_at).await?;
        tx.commit().await?;
        Ok(kept)
    }

    /// See `delete_done_before`.
    pub async fn delete_done_before(&self, before: i64) -> Result<u64> {
        let mut tx = self.store.begin().await?;
        let n = delete_done_before(tx.conn(), R::TABLE, before).await?;
        tx.commit().await?;
        Ok(n)
    }
}
