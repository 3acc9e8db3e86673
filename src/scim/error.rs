//! The one place where service errors become SCIM error bodies (RFC 7644 §3.12).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::http::{status_of, HttpError};
use crate::service::ServiceError;

pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const CONTENT_TYPE: &str = "application/scim+json";

#[derive(Debug)]
pub struct ScimError {
    pub status: StatusCode,
    pub scim_type: Option<&'static str>,
    pub detail: String,
}

impl ScimError {
    pub fn new(
        status: StatusCode,
        scim_type: Option<&'static str>,
        detail: impl Into<String>,
    ) -> Self {
        ScimError {
            status,
            scim_type,
            detail: detail.into(),
        }
    }

    pub fn bad(scim_type: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some(scim_type), detail)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, None, format!("{what} not found"))
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            None,
            "a valid bearer token is required (Authorization: Bearer TOKEN)",
        )
    }
}

impl From<ServiceError> for ScimError {
    fn from(e: ServiceError) -> ScimError {
        let status = status_of(&e);
        match &e {
            ServiceError::Store(inner) if inner.is_busy() => {
                ScimError::new(status, None, inner.to_string())
            }
            ServiceError::Store(inner) => {
                // Internal detail goes to the log, never to the client.
                tracing::error!(error = %inner, "internal error");
                ScimError::new(status, None, "internal error")
            }
            ServiceError::Duplicate { message, .. } => {
                ScimError::new(status, Some("uniqueness"), message.clone())
            }
            ServiceError::Invalid { message, field } => {
                ScimError::bad("invalidValue", format!("{field}: {message}"))
            }
            // SCIM has no 422: an unknown product, role or bad value is a 400 invalidValue.
            _ if status == StatusCode::UNPROCESSABLE_ENTITY => {
                ScimError::bad("invalidValue", e.to_string())
            }
            _ => ScimError::new(status, None, e.to_string()),
        }
    }
}

impl From<crate::store::StoreError> for ScimError {
    fn from(e: crate::store::StoreError) -> ScimError {
        ServiceError::from(e).into()
    }
}

/// A malformed request part (an `If-Match`, say) found by the shared HTTP edge.
impl From<HttpError> for ScimError {
    fn from(e: HttpError) -> ScimError {
        ScimError::new(e.status, None, e.message)
    }
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "schemas": [ERROR_SCHEMA],
            "status": self.status.as_u16().to_string(),
            "detail": self.detail,
        });
        if let Some(t) = self.scim_type {
            body["scimType"] = json!(t);
        }
        scim_json(self.status, &body)
    }
}

/// A SCIM JSON response with the SCIM media type.
pub fn scim_json(status: StatusCode, body: &serde_json::Value) -> Response {
    let mut res = (status, body.to_string()).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    res
}
