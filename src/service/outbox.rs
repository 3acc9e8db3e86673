//! What the outbox holds, for operators (`roster mail status`, all accounts) and account
//! admins (`GET /api/v1/mail`, their account only), and requeuing dead emails.

use std::collections::BTreeMap;

use super::{Actor, Service, ServiceError};
use crate::domain::policy;
use crate::store::outbox::{self, TroubledMessage};

/// The outbox as the mail worker drains it.
impl Service {
    pub fn outbox_queue(&self) -> outbox::Queue {
        self.store.clone().into()
    }

    /// The emails still to deliver, across accounts, and the oldest's age (for /metrics).
    pub async fn outbox_backlog(&self) -> Result<outbox::Backlog, ServiceError> {
        Ok(outbox::backlog(self.store.read().await?.conn()).await?)
    }

    /// The database pool's occupancy (for /metrics and the edge's limits).
    pub fn pool_stats(&self) -> crate::store::PoolStats {
        self.store.pool_stats()
    }
}

/// How many dead or retrying messages a status lists (the counts cover them all).
pub const LISTED: u32 = 50;

#[derive(Debug, Clone)]
pub struct MailStatus {
    /// queued, retrying, sent, dead.
    pub counts: BTreeMap<String, i64>,
    /// Dead and retrying messages, newest first, at most `LISTED`.
    pub troubled: Vec<TroubledMessage>,
}

/// Whose messages a status covers.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// The operator's view: every account.
    All,
    Account(&'a str),
}

impl Scope<'_> {
    fn account(&self) -> Option<&str> {
        match self {
            Scope::All => None,
            Scope::Account(id) => Some(id),
        }
    }
}

impl Service {
    /// The outbox of the actor's account. Admins only: it shows every user's address.
    pub async fn mail_status(&self, actor: &Actor) -> Result<MailStatus, ServiceError> {
        policy::may_manage_account(actor.role)?;
        self.mail_status_of(Scope::Account(&actor.account_id)).await
    }

    /// The outbox of one account or all (the CLI, run by whoever runs the server).
    pub async fn mail_status_of(&self, scope: Scope<'_>) -> Result<MailStatus, ServiceError> {
        let mut read = self.read_conn().await?;
        Ok(MailStatus {
            counts: outbox::status_counts(read.conn(), scope.account()).await?,
            troubled: outbox::troubled(read.conn(), scope.account(), LISTED).await?,
        })
    }

    /// Requeues the dead emails of the actor's account. Admins only.
    pub async fn retry_account_mail(&self, actor: &Actor) -> Result<u64, ServiceError> {
        policy::may_manage_account(actor.role)?;
        let n = self
            .retry_dead_mail(Scope::Account(&actor.account_id))
            .await?;
        tracing::info!(account = %actor.account_id, actor = %actor.label, requeued = n, "dead emails requeued");
        Ok(n)
    }

    /// Puts dead emails back in the queue and wakes the worker; answers how many.
    pub async fn retry_dead_mail(&self, scope: Scope<'_>) -> Result<u64, ServiceError> {
        let mut change = self.begin_change().await?;
        let n = outbox::requeue_dead(change.db(), scope.account(), self.clock.now_ms()).await?;
        self.commit(change).await?;
        if n > 0 {
            self.mail_wake.notify_one();
        }
        Ok(n)
    }
}

impl MailStatus {
    /// The plain-text report of `roster mail status`: one count per line, then the
    /// messages that need attention.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for (state, n) in &self.counts {
            out.push_str(&format!("{state:<9}{n}\n"));
        }
        if !self.troubled.is_empty() {
            out.push_str("\nstate     attempts  id                                    to / kind / last error\n");
        }
        for m in &self.troubled {
            let kind = match &m.product {
                Some(p) => format!("{} ({p})", m.kind),
                None => m.kind.clone(),
            };
            out.push_str(&format!(
                "{:<9} {:<9} {:<37} {} / {kind} / {}\n",
                m.state,
                m.attempts,
                m.id,
                m.to_email,
                m.last_error.replace(['\r', '\n'], " ")
            ));
        }
        out
    }
}
