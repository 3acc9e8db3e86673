//! SQLite's trigram index of the users' search text (`users_fts`, migration 0012): kept in
//! step by triggers, rebuilt whole after a bulk load and whenever it no longer matches
//! the users' rowids. PostgreSQL's `pg_trgm` index needs none of this: every function is
//! a no-op there.
//!
//! The index is external-content and keyed by the users' rowid, which is not declared
//! (`users.id` is text): SQLite documents that `VACUUM` may renumber such rowids. Every
//! start checks the cheap sign of a renumbering (the index knows a rowid beyond the
//! table's last; renumbering only ever closes gaps) and rebuilds the index then.

use sqlx::AnyConnection;

use super::{dialect_of, Dialect, Result};

/// The insert trigger as migration 0030 creates it; dropped during a bulk load. It notes
/// the new user for [`INDEX_NOTED`].
const INSERT_TRIGGER: &str = "CREATE TRIGGER IF NOT EXISTS users_fts_insert AFTER INSERT ON users \
     WHEN new.search_text IS NOT NULL BEGIN \
     INSERT OR IGNORE INTO users_fts_pending (user_rowid) VALUES (new.rowid); END";

/// Indexes the users created since the last commit, and forgets them: every SQLite commit
/// runs it first (`group_commit`), outside any change's savepoint, so that a group of
/// changes adds one segment to the index, not one per new user (migration 0030). `CROSS
/// JOIN` keeps the noted users first: SQLite's planner would walk every user instead.
pub(super) const INDEX_NOTED: &str = "INSERT INTO users_fts (rowid, search_text) \
     SELECT u.rowid, u.search_text FROM users_fts_pending p CROSS JOIN users u ON u.rowid = p.user_rowid \
     WHERE u.search_text IS NOT NULL; DELETE FROM users_fts_pending;";

async fn scalar(conn: &mut AnyConnection, sql: &str) -> Result<i64> {
    let v: Option<i64> = sqlx::query_scalar(sql).fetch_one(&mut *conn).await?;
    Ok(v.unwrap_or(0))
}

/// Rebuilds the index if a bulk load was cut short (its trigger is missing) or the rowids
/// moved under it. Answers whether it rebuilt. One indexed look each when all is well.
pub async fn repair(conn: &mut AnyConnection) -> Result<bool> {
    if dialect_of(conn) != Dialect::Sqlite {
        return Ok(false);
    }
    let trigger = scalar(
        conn,
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'users_fts_insert'",
    )
    .await?;
    let last_user = scalar(conn, "SELECT MAX(rowid) FROM users").await?;
    let last_indexed = scalar(conn, "SELECT MAX(id) FROM users_fts_docsize").await?;
    if trigger == 1 && last_indexed <= last_user {
        return Ok(false);
    }
    rebuild(conn).await?;
    Ok(true)
}

/// Stops indexing new users one by one, for a bulk load that [`rebuild`]s at its end:
/// indexing a million rows at once is several times faster than row by row. Until then
/// a search does not find the users loaded since.
pub async fn pause(conn: &mut AnyConnection) -> Result<()> {
    if dialect_of(conn) == Dialect::Sqlite {
        sqlx::query("DROP TRIGGER IF EXISTS users_fts_insert")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Indexes every user's text afresh and indexes new users row by row again.
pub async fn rebuild(conn: &mut AnyConnection) -> Result<()> {
    if dialect_of(conn) != Dialect::Sqlite {
        return Ok(());
    }
    sqlx::query(
        "DELETE FROM users_fts_pending; INSERT INTO users_fts (users_fts) VALUES ('rebuild')",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query(INSERT_TRIGGER).execute(&mut *conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::store::{test_db, Store, Tx};

    async fn exec(tx: &mut Tx, sql: &str, values: &[&str]) {
        let mut q = sqlx::query(sql);
        for v in values {
            q = q.bind(v.to_string());
        }
        q.execute(tx.conn()).await.unwrap();
    }

    async fn add_user(tx: &mut Tx, id: &str, text: &str) {
        exec(
            tx,
            "INSERT INTO users (id, account_id, email, email_lower, first_name, last_name, \
             locale, role, status, version, created_at, updated_at, user_name_key, name_key, \
             search_text) VALUES ($1, 'acct', $1, $1, '', '', 'en', 'member', 'active', 1, 0, 0, \
             $1, $2, $2)",
            &[id, text],
        )
        .await;
    }

    async fn rename(tx: &mut Tx, id: &str, text: &str) {
        exec(
            tx,
            "UPDATE users SET search_text = $2 WHERE id = $1",
            &[id, text],
        )
        .await;
    }

    async fn remove(tx: &mut Tx, id: &str) {
        exec(tx, "DELETE FROM users WHERE id = $1", &[id]).await;
    }

    /// The index agrees with the users' text (FTS5's own check, which compares every
    /// entry with the table), holds no user still to index, and finds `text` in these.
    async fn found(store: &Store, text: &str) -> Vec<String> {
        let mut tx = store.begin().await.unwrap();
        sqlx::query("INSERT INTO users_fts (users_fts, rank) VALUES ('integrity-check', 1)")
            .execute(tx.conn())
            .await
            .expect("the index matches the users' text");
        let noted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users_fts_pending")
            .fetch_one(tx.conn())
            .await
            .unwrap();
        assert_eq!(noted, 0, "every commit indexes the users it noted");
        let ids = sqlx::query_scalar(
            "SELECT id FROM users WHERE rowid IN \
             (SELECT rowid FROM users_fts WHERE users_fts MATCH $1) ORDER BY id",
        )
        .bind(format!("\"{text}\""))
        .fetch_all(tx.conn())
        .await
        .unwrap();
        tx.commit().await.unwrap();
        ids
    }

    /// New users are indexed as their change commits, with the text they have then:
    /// renamed or deleted before it, and after it, a search finds what is there and
    /// nothing that was.
    #[tokio::test]
    async fn the_index_holds_each_users_text_as_committed() {
        let (store, path) = test_db::sqlite("fts").await;
        let mut tx = store.begin().await.unwrap();
        exec(
            &mut tx,
            "INSERT INTO accounts (id, name, created_at) VALUES ('acct', 'acme', 0)",
            &[],
        )
        .await;
        add_user(&mut tx, "a", "anna zeller").await;
        add_user(&mut tx, "b", "bruno yilmaz").await;
        add_user(&mut tx, "c", "carla weiss").await;
        // Changed and gone before they were ever indexed.
        rename(&mut tx, "b", "bruno xavier").await;
        remove(&mut tx, "c").await;
        tx.commit().await.unwrap();
        assert_eq!(found(&store, "zeller").await, ["a"]);
        assert_eq!(found(&store, "xavier").await, ["b"]);
        assert!(found(&store, "yilmaz").await.is_empty());
        assert!(found(&store, "weiss").await.is_empty());

        // Indexed users: renamed, written again unchanged, deleted.
        let mut tx = store.begin().await.unwrap();
        rename(&mut tx, "a", "anna vogel").await;
        rename(&mut tx, "b", "bruno xavier").await;
        add_user(&mut tx, "d", "dora xavier").await;
        remove(&mut tx, "b").await;
        tx.commit().await.unwrap();
        assert_eq!(found(&store, "vogel").await, ["a"]);
        assert!(found(&store, "zeller").await.is_empty());
        assert_eq!(found(&store, "xavier").await, ["d"]);

        test_db::remove(store, path).await;
    }
}
