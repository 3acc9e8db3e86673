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
        let mut prepared = Vec::with_capacity(actions.len());
        for action in actions {
            prepared.push(self.prepare(actor, action).await?);
        }
        let mut change = self.begin_change().await?;
        // A later step may concern what an earlier one did not: holding the account alone
        // from the start spares two such requests from each waiting to upgrade.
        if prepared.len() > 1 {
            change.hold_account(&actor.account_id, true).await?;
        }
        let mut last: Option<Applied> = None;
        let mut changed = false;
        let mut expected = expected_version;
        for action in prepared {
            let applied = self
                .change_in(&mut change, actor, user_id, expected.take(), action, notify)
                .await?;
            changed |= applied.changed;
            last = Some(applied);
        }
        let mut applied = match last {
            Some(a) => a,
            None => {
                drop(change);
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
            self.commit(change).await?;
        }
        Ok(applied)
    }

    /// Creates a user, then applies `then` (a Suspend, say) in the same transaction.
    pub async fn create_user_then(
        &self,
        actor: &Actor,
        mut new: NewUser,
        then: Vec<Action>,
        notify: bool,
    ) -> Result<Applied, ServiceError> {
        let password_hash = self
            .hash_new_password(actor, new.password.as_deref())
            .await?;
        self.name_new_user_products(actor, &mut new).await?;
        let mut prepared = Vec::with_capacity(then.len());
        for action in then {
            prepared.push(self.prepare(actor, action).await?);
        }
        let mut change = self.begin_change().await?;
        if !prepared.is_empty() {
            change.hold_account(&actor.account_id, true).await?;
        }
        let mut applied = self
            .create_in(&mut change, actor, new, password_hash, notify)
            .await?;
        for action in prepared {
            let id = applied.user.id.clone();
            let next = self
                .change_in(&mut change, actor, &id, None, action, notify)
                .await?;
            applied = Applied {
                changed: true,
                ..next
            };
        }
        self.commit(change).await?;
        Ok(applied)
    }
}
