use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::Role;

/// A user's status. Derived from role, products and deletion; never set by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Active,
    Suspended,
    Deleted,
}

impl Status {
    pub fn derive(role: Role, products: &BTreeSet<String>, deleted: bool) -> Status {
        if deleted {
            Status::Deleted
        } else if role == Role::Member && products.is_empty() {
            Status::Suspended
        } else {
            Status::Active
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Suspended => "suspended",
            Status::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "active" => Some(Status::Active),
            "suspended" => Some(Status::Suspended),
            "deleted" => Some(Status::Deleted),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(keys: &[&str]) -> BTreeSet<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn a_member_without_products_is_suspended() {
        assert_eq!(
            Status::derive(Role::Member, &set(&[]), false),
            Status::Suspended
        );
    }

    #[test]
    fn a_product_or_a_role_above_member_makes_active() {
        assert_eq!(
            Status::derive(Role::Member, &set(&["meeting"]), false),
            Status::Active
        );
        assert_eq!(
            Status::derive(Role::Manager, &set(&[]), false),
            Status::Active
        );
        assert_eq!(
            Status::derive(Role::Admin, &set(&[]), false),
            Status::Active
        );
    }

    #[test]
    fn deletion_wins_over_everything() {
        for role in Role::ALL {
            assert_eq!(
                Status::derive(role, &set(&["meeting"]), true),
                Status::Deleted
            );
            assert_eq!(Status::derive(role, &set(&[]), true), Status::Deleted);
        }
    }
}
