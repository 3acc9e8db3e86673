//! What a create or an import would do, computed on the one change path and rolled back,
//! so the portal can show it before the admin commits: the emails, the resulting status,
//! the rows the rules would refuse.

use serde::Serialize;

use super::import::{RowOutcome, RowReport};
use super::users::{Preview, PreviewEmail};
use super::{Action, Actor, NewUser, Service, ServiceError, UserPatch};
use crate::domain::EmailKind;
use crate::import::ImportRow;
use crate::store::outbox::OutboxMessage;
use crate::store::{users, Tx};

fn preview_email(m: OutboxMessage) -> PreviewEmail {
    PreviewEmail {
        to: m.to_email,
        kind: EmailKind::parse(&m.kind)
            .map(|k| k.template())
            .unwrap_or("unknown"),
        product: m.product,
        subject: m.subject,
    }
}

/// One row of an import as it would go: its outcome and the emails it would send.
#[derive(Debug, Clone, Serialize)]
pub struct RowPreview {
    #[serde(flatten)]
    pub report: RowReport,
    pub emails: Vec<PreviewEmail>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportPreview {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub emails: usize,
    pub rows: Vec<RowPreview>,
}

impl Service {
    /// The same path as `create_user`, rolled back.
    pub async fn preview_create(
        &self,
        actor: &Actor,
        new: NewUser,
        notify: bool,
    ) -> Result<Preview, ServiceError> {
        let mut tx = self.store.begin().await?;
        let (applied, emails) = self.create_in(&mut tx, actor, new, notify).await?;
        drop(tx); // rolls back
        Ok(Preview {
            user: applied.user,
            emails: emails.into_iter().map(preview_email).collect(),
        })
    }

    /// The whole file applied in one transaction and rolled back: every row sees the
    /// rows before it (seats taken, users created), as the real import will.
    pub async fn preview_import(
        &self,
        actor: &Actor,
        rows: Vec<ImportRow>,
        notify: bool,
    ) -> Result<ImportPreview, ServiceError> {
        let mut tx = self.store.begin().await?;
        let mut preview = ImportPreview::default();
        for row in rows {
            // A refused row must not leave half its writes behind for the next rows.
            sqlx::query("SAVEPOINT import_row")
                .execute(tx.conn())
                .await
                .map_err(crate::store::StoreError::from)?;
            let (outcome, emails) = match self.preview_row(&mut tx, actor, &row, notify).await {
                Ok(done) => (done.0, done.1),
                Err(ServiceError::Store(e)) => return Err(ServiceError::Store(e)),
                Err(e) => {
                    sqlx::query("ROLLBACK TO SAVEPOINT import_row")
                        .execute(tx.conn())
                        .await
                        .map_err(crate::store::StoreError::from)?;
                    (
                        RowOutcome::Failed {
                            message: e.to_string(),
                        },
                        Vec::new(),
                    )
                }
            };
            sqlx::query("RELEASE SAVEPOINT import_row")
                .execute(tx.conn())
                .await
                .map_err(crate::store::StoreError::from)?;
            match &outcome {
                RowOutcome::Created { .. } => preview.created += 1,
                RowOutcome::Updated { .. } => preview.updated += 1,
                RowOutcome::Unchanged { .. } => preview.unchanged += 1,
                RowOutcome::Failed { .. } => preview.failed += 1,
            }
            preview.emails += emails.len();
            preview.rows.push(RowPreview {
                report: RowReport {
                    line: row.line,
                    email: row.email,
                    outcome,
                },
                emails: emails.into_iter().map(preview_email).collect(),
            });
        }
        drop(tx); // rolls back
        Ok(preview)
    }

    async fn preview_row(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        row: &ImportRow,
        notify: bool,
    ) -> Result<(RowOutcome, Vec<OutboxMessage>), ServiceError> {
        let existing = users::get_by_email(tx.conn(), &actor.account_id, &row.email).await?;
        match existing {
            None => {
                let new = NewUser {
                    email: row.email.clone(),
                    first_name: row.first_name.clone().unwrap_or_default(),
                    last_name: row.last_name.clone().unwrap_or_default(),
                    locale: row.locale.clone(),
                    role: row.role,
                    products: row.products.clone().unwrap_or_default(),
                    ..NewUser::default()
                };
                let (applied, emails) = self.create_in(tx, actor, new, notify).await?;
                Ok((
                    RowOutcome::Created {
                        id: applied.user.id,
                    },
                    emails,
                ))
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
                let (applied, emails) = self
                    .change_in(
                        tx,
                        actor,
                        &user.id,
                        Some(user.version),
                        Action::Update(patch),
                        notify,
                    )
                    .await?;
                let id = applied.user.id;
                Ok(if applied.changed {
                    (RowOutcome::Updated { id }, emails)
                } else {
                    (RowOutcome::Unchanged { id }, emails)
                })
            }
        }
    }
}
