//! Applying an imported file: one change per row through the one change path.

use serde::Serialize;

use super::{Action, Actor, NewUser, Service, ServiceError, UserPatch};
use crate::import::ImportRow;
use crate::store::users;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "result")]
pub enum RowOutcome {
    Created { id: String },
    Updated { id: String },
    Unchanged { id: String },
    Failed { message: String },
}

#[derive(Debug, Clone, Serialize)]
pub struct RowReport {
    pub line: usize,
    pub email: String,
    #[serde(flatten)]
    pub outcome: RowOutcome,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub rows: Vec<RowReport>,
}

impl ImportReport {
    /// Adds the report of a further chunk of the same file.
    pub fn absorb(&mut self, other: ImportReport) {
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.failed += other.failed;
        self.rows.extend(other.rows);
    }
}

impl Service {
    /// Creates the rows' users that do not exist and updates those that do. A row the
    /// rules refuse (seats, permissions, last admin) is reported and the others go on.
    pub async fn import_users(
        &self,
        actor: &Actor,
        rows: Vec<ImportRow>,
        notify: bool,
    ) -> Result<ImportReport, ServiceError> {
        let mut report = ImportReport::default();
        for row in rows {
            let outcome = match self.import_row(actor, &row, notify).await {
                Ok(o) => o,
                Err(ServiceError::Store(e)) => return Err(ServiceError::Store(e)),
                Err(e) => RowOutcome::Failed {
                    message: e.to_string(),
                },
            };
            match &outcome {
                RowOutcome::Created { .. } => report.created += 1,
                RowOutcome::Updated { .. } => report.updated += 1,
                RowOutcome::Unchanged { .. } => report.unchanged += 1,
                RowOutcome::Failed { .. } => report.failed += 1,
            }
            report.rows.push(RowReport {
                line: row.line,
                email: row.email,
                outcome,
            });
        }
        Ok(report)
    }

    pub(super) async fn import_row(
        &self,
        actor: &Actor,
        row: &ImportRow,
        notify: bool,
    ) -> Result<RowOutcome, ServiceError> {
        let existing = {
            let mut read = self.read_conn().await?;
            users::get_by_email(read.conn(), &actor.account_id, &row.email).await?
        };
        match existing {
            None => {
                let new = NewUser {
                    email: row.email.clone(),
                    first_name: row.first_name.clone().unwrap_or_default(),
                    last_name: row.last_name.clone().unwrap_or_default(),
                    locale: row.locale.clone(),
                    role: row.role,
                    products: row.products.clone(),
                    ..NewUser::default()
                };
                let applied = self.create_user(actor, new, notify).await?;
                Ok(RowOutcome::Created {
                    id: applied.user.id,
                })
            }
            Some(user) => {
                let patch = UserPatch {
                    first_name: row.first_name.clone(),
                    last_name: row.last_name.clone(),
                    locale: row.locale.clone(),
                    role: row.role,
                    products: row.products.clone(),
                    ..UserPatch::default()
                };
                let applied = self
                    .change_user(
                        actor,
                        &user.id,
                        Some(user.version),
                        Action::Update(patch),
                        notify,
                    )
                    .await?;
                Ok(if applied.changed {
                    RowOutcome::Updated {
                        id: applied.user.id,
                    }
                } else {
                    RowOutcome::Unchanged {
                        id: applied.user.id,
                    }
                })
            }
        }
    }
}
