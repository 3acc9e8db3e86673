use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::DomainError;

/// A user's role in an account. Ordered by power: member < manager < admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Manager,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Member, Role::Manager, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    /// Members use products only; managers and admins may use the portal.
    pub fn has_portal_access(self) -> bool {
        self != Role::Member
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "member" => Ok(Role::Member),
            "manager" => Ok(Role::Manager),
            "admin" => Ok(Role::Admin),
            _ => Err(DomainError::UnknownRole(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_roles_case_insensitively() {
        assert_eq!("Admin".parse::<Role>().unwrap(), Role::Admin);
        assert_eq!("member".parse::<Role>().unwrap(), Role::Member);
        assert_eq!(" MANAGER ".parse::<Role>().unwrap(), Role::Manager);
        assert_eq!(
            "owner".parse::<Role>(),
            Err(DomainError::UnknownRole("owner".into()))
        );
    }

    #[test]
    fn only_members_lack_portal_access() {
        assert!(!Role::Member.has_portal_access());
        assert!(Role::Manager.has_portal_access());
        assert!(Role::Admin.has_portal_access());
        assert!(Role::Member < Role::Manager && Role::Manager < Role::Admin);
    }
}
