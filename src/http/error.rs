//! The one place where a service error gets its HTTP status, and the JSON error shape of
//! the API (`{"error": {"code": "...", "message": "...", "field": "..."}}`), which every
//! JSON answer of the edge uses (405, 414, 431, ...). SCIM renders the same statuses in
//! its own body; the portal renders a message.

use std::borrow::Cow;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::DomainError;
use crate::service::ServiceError;

/// The status of a service error, for every edge.
pub fn status_of(e: &ServiceError) -> StatusCode {
    match e {
        ServiceError::Rule(d) => match d {
            DomainError::Forbidden(_) => StatusCode::FORBIDDEN,
            DomainError::LastAdmin(_)
            | DomainError::Conflict(_)
            | DomainError::NothingToRestore
            | DomainError::SeatsExhausted { .. }
            | DomainError::SeatsShort { .. } => StatusCode::CONFLICT,
            DomainError::UnknownProduct(_)
            | DomainError::UnknownRole(_)
            | DomainError::UnknownLocale(_)
            | DomainError::PasswordTooShort { .. }
            | DomainError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        },
        ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
        ServiceError::StaleVersion { .. } => StatusCode::PRECONDITION_FAILED,
        ServiceError::Duplicate { .. } => StatusCode::CONFLICT,
        ServiceError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        // Overload: the client may retry (the limits add `Retry-After`).
        ServiceError::Store(s) if s.is_busy() => StatusCode::SERVICE_UNAVAILABLE,
        ServiceError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A refusal: its status, a stable code, a sentence for a person, and the field at fault.
#[derive(Debug)]
pub struct HttpError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<Cow<'static, str>>,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl HttpError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> HttpError {
        HttpError {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    /// A 400 naming the part of the request at fault.
    pub fn bad_request(
        field: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> HttpError {
        HttpError {
            field: Some(field.into()),
            ..HttpError::new(StatusCode::BAD_REQUEST, "invalid", message)
        }
    }

    pub fn unauthorized() -> HttpError {
        HttpError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid bearer token is required (Authorization: Bearer TOKEN)",
        )
    }

    pub fn detail(&self) -> ErrorDetail {
        ErrorDetail {
            code: self.code.to_string(),
            message: self.message.clone(),
            field: self.field.as_deref().map(str::to_string),
        }
    }
}

impl From<ServiceError> for HttpError {
    fn from(e: ServiceError) -> HttpError {
        let status = status_of(&e);
        let (code, field) = match &e {
            ServiceError::Rule(d) => (d.code(), d.field()),
            ServiceError::NotFound(_) => ("not_found", None),
            ServiceError::StaleVersion { .. } => ("stale_version", None),
            ServiceError::Duplicate { field, .. } => ("duplicate", Some(*field)),
            ServiceError::Invalid { field, .. } => ("invalid", Some(*field)),
            ServiceError::Store(s) if s.is_busy() => ("unavailable", None),
            ServiceError::Store(_) => ("internal", None),
        };
        let message = match &e {
            ServiceError::Store(inner) if inner.is_busy() => inner.to_string(),
            ServiceError::Store(inner) => {
                // Internal detail goes to the log, never to the client.
                tracing::error!(error = %inner, "internal error");
                "internal error".to_string()
            }
            ServiceError::Invalid { message, .. } => message.clone(),
            other => other.to_string(),
        };
        HttpError {
            status,
            code,
            message,
            field: field.map(Cow::Borrowed),
        }
    }
}

/// Text the edge refuses outright (a control character in a path, a query or a form).
impl From<super::input::BadInput> for HttpError {
    fn from(e: super::input::BadInput) -> HttpError {
        HttpError {
            field: Some(e.field.into()),
            ..HttpError::new(StatusCode::BAD_REQUEST, "invalid", e.message)
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.detail(),
        };
        (self.status, axum::Json(body)).into_response()
    }
}
