use thiserror::Error;

use crate::domain::DomainError;
use crate::store::StoreError;

/// Why the service refused or failed. Each edge maps this one type once: REST to JSON,
/// SCIM to its error body, the portal to a message beside the field.
#[derive(Debug, Error)]
pub enum ServiceError {
    #[error(transparent)]
    Rule(#[from] DomainError),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error(
        "the user changed since version {expected} (now version {current}); reload and try again"
    )]
    StaleVersion { expected: i64, current: i64 },
    #[error("{message}")]
    Duplicate {
        field: &'static str,
        message: String,
    },
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ServiceError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> ServiceError {
        ServiceError::Invalid {
            field,
            message: message.into(),
        }
    }
}
