//! What a create or an import would do, computed on the one change path and rolled back,
//! so the portal can show it before the admin commits: the emails, the resulting status,
//! the rows the rules would refuse.

use super::import::RowOutcome;
use super::users::{Preview, PreviewEmail};
use super::ChangeTx;
use super::{Action, Actor, NewUser, Service, ServiceError, UserPatch};
use crate::domain::EmailKind;
use crate::import::ImportRow;
use crate::store::outbox::OutboxMessage;
use crate::store::{users, Savepoint};

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

/// One row of an import, as it would go (preview) or went (applied).
#[derive(Debug)]
pub struct RowResult {
    pub line: usize,
    pub email: String,
    pub outcome: RowOutcome,
    /// Why the rules refused the row, for the portal to say in the admin's language.
    pub refusal: Option<ServiceError>,
    /// The emails the row sends (known in a preview).
    pub emails: Vec<PreviewEmail>,
}

#[derive(Debug, Default)]
pub struct ImportRun {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub emails: usize,
    pub rows: Vec<RowResult>,
}

impl ImportRun {
    fn push(&mut self, row: RowResult) {
        match &row.outcome {
            RowOutcome::Created { .. } => self.created += 1,
            RowOutcome::Updated { .. } => self.updated += 1,
            RowOutcome::Unchanged { .. } => self.unchanged += 1,
            RowOutcome::Failed { .. } => self.failed += 1,
        }
        self.emails += row.emails.len();
        self.rows.push(row);
    }
}

fn failed(e: ServiceError) -> (RowOutcome, Option<ServiceError>) {
    (
        RowOutcome::Failed {
            message: e.to_string(),
        },
        Some(e),
    )
}

impl Service {
    /// The same path as `create_user`, rolled back.
    pub async fn preview_create(
        &self,
        actor: &Actor,
        new: NewUser,
        notify: bool,
    ) -> Result<Preview, ServiceError> {
        let password_hash = self
            .hash_new_password(actor, new.password.as_deref())
            .await?;
        let mut change = self.begin_change().await?;
        let applied = self
            .create_in(&mut change, actor, new, password_hash, notify)
            .await?;
        let emails = change.emails().iter().cloned().map(preview_email).collect();
        drop(change); // rolls back
        Ok(Preview {
            user: applied.user,
            emails,
        })
    }

    /// The whole file applied in one transaction and rolled back: every row sees the
    /// rows before it (seats taken, users created), as the real import will.
    pub async fn preview_import(
        &self,
        actor: &Actor,
        rows: Vec<ImportRow>,
        notify: bool,
    ) -> Result<ImportRun, ServiceError> {
        let mut change = self.begin_change().await?;
        // Held before the first savepoint: a hold taken inside a row rolled back to it
        // would be lost (PostgreSQL releases the row locks of a rolled-back savepoint).
        change.hold_account(&actor.account_id, true).await?;
        let mut run = ImportRun::default();
        for row in rows {
            let queued = change.emails().len();
            // A refused row must not leave half its writes behind for the next rows.
            crate::store::savepoint(change.db(), Savepoint::Set).await?;
            let (outcome, refusal, emails) =
                match self.preview_row(&mut change, actor, &row, notify).await {
                    Ok(outcome) => {
                        let emails = change.emails()[queued..].to_vec();
                        (outcome, None, emails)
                    }
                    Err(ServiceError::Store(e)) => return Err(ServiceError::Store(e)),
                    Err(e) => {
                        crate::store::savepoint(change.db(), Savepoint::RollBack).await?;
                        let (outcome, refusal) = failed(e);
                        (outcome, refusal, Vec::new())
                    }
                };
            crate::store::savepoint(change.db(), Savepoint::Release).await?;
            run.push(RowResult {
                line: row.line,
                email: row.email,
                outcome,
                refusal,
                emails: emails.into_iter().map(preview_email).collect(),
            });
        }
        drop(change); // rolls back
        Ok(run)
    }

    /// Applies the rows as `import_users` does (each row its own change, refused rows
    /// reported and the others applied), keeping each refusal for the portal to word.
    pub async fn apply_import(
        &self,
        actor: &Actor,
        rows: Vec<ImportRow>,
        notify: bool,
    ) -> Result<ImportRun, ServiceError> {
        let mut run = ImportRun::default();
        for row in rows {
            let (outcome, refusal) = match self.import_row(actor, &row, notify).await {
                Ok(o) => (o, None),
                Err(ServiceError::Store(e)) => return Err(ServiceError::Store(e)),
                Err(e) => failed(e),
            };
            run.push(RowResult {
                line: row.line,
                email: row.email,
                outcome,
                refusal,
                emails: Vec::new(),
            });
        }
        Ok(run)
    }

    async fn preview_row(
        &self,
        change: &mut ChangeTx,
        actor: &Actor,
        row: &ImportRow,
        notify: bool,
    ) -> Result<RowOutcome, ServiceError> {
        let existing = users::get_by_email(change.db(), &actor.account_id, &row.email).await?;
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
                let applied = self.create_in(change, actor, new, None, notify).await?;
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
                let prepared = self.prepare(actor, Action::Update(patch)).await?;
                let applied = self
                    .change_in(
                        change,
                        actor,
                        &user.id,
                        Some(user.version),
                        prepared,
                        notify,
                    )
                    .await?;
                let id = applied.user.id;
                Ok(if applied.changed {
                    RowOutcome::Updated { id }
                } else {
                    RowOutcome::Unchanged { id }
                })
            }
        }
    }
}
