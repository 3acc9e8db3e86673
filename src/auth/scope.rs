//! What an API token may do (DESIGN §1 "Credentials and scopes"). Pure: which scopes a
//! door accepts, and whether a product-bound token may ask about a product.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Everything within its account (the default).
    Admin,
    /// SCIM only.
    Scim,
    /// Only the access check.
    Access,
    /// Only Shared Signals stream management and polling.
    Events,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::Admin, Scope::Scim, Scope::Access, Scope::Events];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Admin => "admin",
            Scope::Scim => "scim",
            Scope::Access => "access",
            Scope::Events => "events",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether a token of this scope may be bound to a product: only the two a product
    /// uses itself (asking about its users, hearing about them).
    pub fn takes_product(self) -> bool {
        matches!(self, Scope::Access | Scope::Events)
    }
}

/// The doors of the HTTP edge, each accepting some scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// `/api/v1/...` except the access check.
    Api,
    /// `GET /api/v1/access`.
    AccessCheck,
    /// `/scim/v2/...`.
    Scim,
    /// SSF stream management and poll.
    Signals,
}

impl Door {
    /// What the door is for, and so which scopes it takes, said to a refused token.
    pub fn purpose(self) -> &'static str {
        match self {
            Door::Api => "the API takes admin tokens",
            Door::AccessCheck => "the access check takes access and admin tokens",
            Door::Scim => "SCIM takes scim and admin tokens",
            Door::Signals => "Shared Signals streams take events and admin tokens",
        }
    }

    pub fn accepts(self, scope: Scope) -> bool {
        match self {
            Door::Api => scope == Scope::Admin,
            Door::AccessCheck => matches!(scope, Scope::Admin | Scope::Access),
            Door::Scim => matches!(scope, Scope::Admin | Scope::Scim),
            Door::Signals => matches!(scope, Scope::Admin | Scope::Events),
        }
    }
}

/// A verified, live token: what it is allowed to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub token_id: String,
    pub account_id: String,
    pub scope: Scope,
    pub product: Option<String>,
    /// Unix ms; `None` never expires.
    pub expires_at: Option<i64>,
}

impl Grant {
    pub fn expired(&self, now_ms: i64) -> bool {
        self.expires_at.is_some_and(|at| at <= now_ms)
    }

    /// A product-bound token asks only about its product.
    pub fn may_ask_about(&self, product: &str) -> bool {
        self.product.as_deref().is_none_or(|p| p == product)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_door_takes_its_scopes_and_admin() {
        assert!(Door::Api.accepts(Scope::Admin));
        for s in [Scope::Scim, Scope::Access, Scope::Events] {
            assert!(!Door::Api.accepts(s), "{s:?} on the API");
        }
        assert!(Door::Scim.accepts(Scope::Scim) && !Door::Scim.accepts(Scope::Access));
        assert!(
            Door::AccessCheck.accepts(Scope::Access) && !Door::AccessCheck.accepts(Scope::Events)
        );
        assert!(Door::Signals.accepts(Scope::Events) && !Door::Signals.accepts(Scope::Scim));
    }

    #[test]
    fn expiry_and_product_binding() {
        let g = Grant {
            token_id: "t".into(),
            account_id: "a".into(),
            scope: Scope::Access,
            product: Some("meeting".into()),
            expires_at: Some(1000),
        };
        assert!(!g.expired(999) && g.expired(1000));
        assert!(g.may_ask_about("meeting") && !g.may_ask_about("webinar"));
        let unbound = Grant {
            product: None,
            expires_at: None,
            ..g
        };
        assert!(unbound.may_ask_about("webinar") && !unbound.expired(i64::MAX));
        assert_eq!(Scope::parse("events"), Some(Scope::Events));
        assert_eq!(Scope::parse("root"), None);
        assert!(!Scope::Admin.takes_product() && Scope::Events.takes_product());
    }
}
