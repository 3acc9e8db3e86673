use thiserror::Error;

/// Why a rule refused a change. Every edge (REST, SCIM, portal, CLI) renders this one type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("unknown product '{0}'")]
    UnknownProduct(String),
    #[error("unknown role '{0}' (expected member, manager or admin)")]
    UnknownRole(String),
    #[error("unsupported locale '{0}' (expected one of en, fr, de, es, it, pt, nl)")]
    UnknownLocale(String),
    #[error("no seats left for {name} ({key}): the account has {seats} seat(s) and all are taken")]
    SeatsExhausted {
        key: String,
        name: String,
        seats: u32,
    },
    /// A bulk change asks more seats of a product than are left: refused as a whole.
    #[error("not enough seats for {name} ({key}): the change needs {needed} and {left} are left")]
    SeatsShort {
        key: String,
        name: String,
        needed: u32,
        left: u32,
    },
    #[error("{0}")]
    Forbidden(String),
    #[error("the last active admin of the account cannot be {0}")]
    LastAdmin(&'static str),
    #[error("{0}")]
    Conflict(String),
    /// Reactivate of a user who was never active: no role or products to give back.
    #[error("the user was never active: there is nothing to give back; give them a product or a role instead")]
    NothingToRestore,
    #[error("the password must have at least {min} characters")]
    PasswordTooShort { min: usize },
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}

impl DomainError {
    /// Stable machine-readable code, part of the API contract.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownProduct(_) => "unknown_product",
            Self::UnknownRole(_) => "unknown_role",
            Self::UnknownLocale(_) => "unknown_locale",
            Self::SeatsExhausted { .. } | Self::SeatsShort { .. } => "seats_exhausted",
            Self::Forbidden(_) => "forbidden",
            Self::LastAdmin(_) => "last_admin",
            Self::Conflict(_) | Self::NothingToRestore => "conflict",
            Self::PasswordTooShort { .. } => "invalid",
            Self::Invalid { .. } => "invalid",
        }
    }

    /// The input field the error is about, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::UnknownProduct(_) | Self::SeatsExhausted { .. } | Self::SeatsShort { .. } => {
                Some("products")
            }
            Self::UnknownRole(_) | Self::LastAdmin(_) => Some("role"),
            Self::UnknownLocale(_) => Some("locale"),
            Self::Invalid { field, .. } => Some(field),
            Self::PasswordTooShort { .. } => Some("password"),
            _ => None,
        }
    }
}
