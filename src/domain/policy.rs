//! Who may do what to whom (DESIGN §1, Roles).

use super::{DomainError, Role, Status};

/// The power the one acting holds in the account. API tokens act as `Admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorRole {
    Admin,
    Manager,
    /// A member (or a suspended or deleted user) acting: refused everywhere.
    None,
}

impl ActorRole {
    pub fn from_user(role: Role, status: Status) -> ActorRole {
        match (role, status) {
            (Role::Admin, Status::Active) => ActorRole::Admin,
            (Role::Manager, Status::Active) => ActorRole::Manager,
            _ => ActorRole::None,
        }
    }

    pub fn is_admin(self) -> bool {
        self == ActorRole::Admin
    }
}

/// May the actor change a user whose role goes from `before` to `after`?
/// `before` is `None` when the user is being created.
pub fn may_manage(actor: ActorRole, before: Option<Role>, after: Role) -> Result<(), DomainError> {
    match actor {
        ActorRole::Admin => Ok(()),
        ActorRole::None => Err(DomainError::Forbidden(
            "only admins and managers may manage users".into(),
        )),
        ActorRole::Manager => {
            if before == Some(Role::Admin) {
                Err(DomainError::Forbidden(
                    "a manager cannot change an admin".into(),
                ))
            } else if after == Role::Admin {
                Err(DomainError::Forbidden(
                    "a manager cannot grant the admin role".into(),
                ))
            } else {
                Ok(())
            }
        }
    }
}

/// May the actor view this user? Managers see admins (read-only); members see nothing.
pub fn may_view(actor: ActorRole) -> Result<(), DomainError> {
    match actor {
        ActorRole::None => Err(DomainError::Forbidden(
            "only admins and managers may see users".into(),
        )),
        _ => Ok(()),
    }
}

/// Account settings, seats and API tokens are for admins only.
pub fn may_manage_account(actor: ActorRole) -> Result<(), DomainError> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only admins may manage account settings, seats and tokens".into(),
        ))
    }
}

/// The last active admin of an account cannot stop being one.
/// `active_admins` counts the account's active admins, this user included.
pub fn keep_last_admin(
    was_active_admin: bool,
    stays_active_admin: bool,
    active_admins: u32,
    action: &'static str,
) -> Result<(), DomainError> {
    if was_active_admin && !stays_active_admin && active_admins <= 1 {
        Err(DomainError::LastAdmin(action))
    } else {
        Ok(())
    }
}

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Whether a chosen password is long enough (counted in characters, not bytes).
pub fn password_long_enough(password: &str) -> Result<(), DomainError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(DomainError::PasswordTooShort {
            min: MIN_PASSWORD_CHARS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_may_do_anything_to_anyone() {
        for before in [
            None,
            Some(Role::Member),
            Some(Role::Manager),
            Some(Role::Admin),
        ] {
            for after in Role::ALL {
                assert!(may_manage(ActorRole::Admin, before, after).is_ok());
            }
        }
    }

    #[test]
    fn managers_manage_members_and_managers_only() {
        assert!(may_manage(ActorRole::Manager, Some(Role::Member), Role::Manager).is_ok());
        assert!(may_manage(ActorRole::Manager, Some(Role::Manager), Role::Member).is_ok());
        assert!(may_manage(ActorRole::Manager, None, Role::Member).is_ok());
        assert!(matches!(
            may_manage(ActorRole::Manager, Some(Role::Admin), Role::Admin),
            Err(DomainError::Forbidden(_))
        ));
        assert!(matches!(
            may_manage(ActorRole::Manager, Some(Role::Member), Role::Admin),
            Err(DomainError::Forbidden(_))
        ));
        assert!(may_manage_account(ActorRole::Manager).is_err());
        assert!(may_view(ActorRole::Manager).is_ok());
    }

    #[test]
    fn members_and_suspended_users_may_do_nothing() {
        assert_eq!(
            ActorRole::from_user(Role::Member, Status::Active),
            ActorRole::None
        );
        assert_eq!(
            ActorRole::from_user(Role::Admin, Status::Deleted),
            ActorRole::None
        );
        assert!(may_manage(ActorRole::None, Some(Role::Member), Role::Member).is_err());
        assert!(may_view(ActorRole::None).is_err());
    }

    #[test]
    fn the_last_active_admin_stays() {
        assert_eq!(
            keep_last_admin(true, false, 1, "demoted"),
            Err(DomainError::LastAdmin("demoted"))
        );
        assert!(keep_last_admin(true, false, 2, "demoted").is_ok());
        assert!(keep_last_admin(true, true, 1, "demoted").is_ok());
        assert!(keep_last_admin(false, false, 0, "demoted").is_ok());
    }
}
