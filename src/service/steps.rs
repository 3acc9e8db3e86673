//! Several actions on one user in one transaction. SCIM needs it: one PUT or PATCH may
//! both edit a user and set `active`, which Roster applies as an edit then a Suspend (or
//! a Reactivate then an edit); doing them in one transaction keeps the request atomic
//! (a refused Suspend rolls the edit back) while each step still goes through the rules,
//! the audit and the notification plan exactly as it would alone.

use super::users::{Action, Applied, NewUser};
use super::{Actor, Service, ServiceError};

impl Service {
    /// Applies `actions` in order; `expected_version` (If-Match) is checked by the first.
    pub async fn change_user_steps(
        &self,
        actor: &Actor,
        user_id: &str,
        expected_version: Option<i64>,
        actions: Vec<Action>,
        notify: bool,
    ) -> Result<Applied, ServiceError> {
        let mut tx = self.store.begin().await?;
        let mut emails = Vec::new();
        let mut last: Option<Applied> = None;
        let mut changed = false;
        let mut expected = expected_version;
        for action in actions {
            let (applied, queued) = self
                .change_in(&mut tx, actor, user_id, expected.take(), action, notify)
                .await?;
            changed |= applied.changed;
            emails.extend(queued);
            last = Some(applied);
        }
        let mut applied = match last {
            Some(a) => a,
            None => {
                drop(tx);
                let user = self.get_user(actor, user_id).await?;
                return Ok(Applied {
                    user,
                    plan: Default::default(),
                    changed: false,
                });
            }
        };
        applied.changed = changed;
        if changed {
            self.commit(tx, actor, &applied, emails).await?;
        }
        Ok(applied)
    }

    /// Creates a user, then applies `then` (a Suspend, say) in the same transaction.
    pub async fn create_user_then(
        &self,
        actor: &Actor,
        new: NewUser,
        then: Vec<Action>,
        notify: bool,
    ) -> Result<Applied, ServiceError> {
        let mut tx = self.store.begin().await?;
        let (mut applied, mut emails) = self.create_in(&mut tx, actor, new, notify).await?;
        for action in then {
            let id = applied.user.id.clone();
            let (next, queued) = self
                .change_in(&mut tx, actor, &id, None, action, notify)
                .await?;
            emails.extend(queued);
            applied = Applied {
                changed: true,
                ..next
            };
        }
        self.commit(tx, actor, &applied, emails).await?;
        Ok(applied)
    }
}
