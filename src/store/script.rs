//! Writes that answer nothing, gathered to run as one.
//!
//! On SQLite each statement is a hand-off to the connection's thread and back, two
//! context switches, and the one writer's changes run one after the other: at a thousand
//! SCIM creates a second half the process's time went to switching, and SQLite's own work
//! was a fraction of the writer's. A script reaches SQLite as one multi-statement query,
//! its `$1, $2, ...` as `?`, which SQLite binds in order across the statements (sqlx
//! carries the count from one to the next). PostgreSQL takes no several statements with
//! parameters in one query; there they run one after the other, as they would alone.

use super::users::{bind_cells, Cell};
use super::{anonymous, dialect_of, row_placeholders, Conn, Dialect, Result};

/// Statements in the order they run, each with its values.
#[derive(Debug)]
pub(crate) struct Script {
    dialect: Dialect,
    parts: Vec<(String, Vec<Cell>)>,
}

impl Script {
    /// An empty script for the database `conn` talks to.
    pub(crate) fn new(conn: &Conn) -> Script {
        Script {
            dialect: dialect_of(conn),
            parts: Vec::new(),
        }
    }

    /// The database the script is for, for the few statements that differ.
    pub(crate) fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Adds a statement whose parameters are `$1, $2, ...` in order, each once (the
    /// statements built with `placeholders` and `row_placeholders` are), bound to `cells`.
    pub(crate) fn push(&mut self, sql: String, cells: Vec<Cell>) {
        debug_assert!(
            anonymous(&sql).is_some(),
            "a script's statement numbers its parameters in order: {sql}"
        );
        self.parts.push((sql, cells));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The script as one SQLite query (statements ending in `;`) and its values in order.
    pub(crate) fn into_sqlite(self) -> (String, Vec<Cell>) {
        let mut sql = String::new();
        let mut cells = Vec::new();
        for (statement, values) in self.parts {
            let statement = anonymous(&statement)
                .expect("a script's statement numbers its parameters in order");
            sql.push_str(&statement);
            sql.push_str(";\n");
            cells.extend(values);
        }
        (sql, cells)
    }

    /// Runs the statements where the first decides whether the others should: it
    /// returns a row (`RETURNING`) when it wrote one, and no other statement returns any.
    /// Answers whether it wrote. On PostgreSQL the others run only then; on SQLite, where
    /// the script is one query, they run anyway, so each of them either holds its own
    /// condition (`rows_if_user`) or is undone with the change when this answers false
    /// (the caller's promise).
    pub(crate) async fn run_after_first(self, conn: &mut Conn) -> Result<bool> {
        if self.dialect == Dialect::Sqlite {
            let (sql, cells) = self.into_sqlite();
            let rows = bind_cells(sqlx::query(&sql), cells)
                .fetch_all(&mut *conn)
                .await?;
            return Ok(!rows.is_empty());
        }
        let mut parts = self.parts.into_iter();
        let Some((sql, cells)) = parts.next() else {
            return Ok(false);
        };
        let wrote = bind_cells(sqlx::query(&sql), cells)
            .fetch_optional(&mut *conn)
            .await?;
        if wrote.is_none() {
            return Ok(false);
        }
        let rest = Script {
            dialect: self.dialect,
            parts: parts.collect(),
        };
        rest.run(conn).await?;
        Ok(true)
    }

    /// Runs the statements in the transaction `conn` is in.
    pub(crate) async fn run(self, conn: &mut Conn) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        if self.dialect == Dialect::Sqlite {
            let (sql, cells) = self.into_sqlite();
            bind_cells(sqlx::query(&sql), cells)
                .execute(&mut *conn)
                .await?;
            return Ok(());
        }
        for (sql, cells) in self.parts {
            bind_cells(sqlx::query(&sql), cells)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}

/// The source of a multi-row insert of `rows` rows of `width` values, `$1...` as
/// `row_placeholders` numbers them, whose rows are kept only while the user whose id is
/// the parameter after them exists: the writes that follow a user's insert in one script
/// (`run_after_first`) come to nothing when the insert did.
pub(crate) fn rows_if_user(width: usize, rows: usize) -> String {
    format!(
        "SELECT * FROM (VALUES {}) AS v WHERE EXISTS (SELECT 1 FROM users WHERE id = ${})",
        row_placeholders(width, rows),
        width * rows + 1
    )
}
