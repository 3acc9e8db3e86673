//! POST /api/v1/users/import: a CSV file of users, through the one change path.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;

use super::extract::ApiActor;
use super::types::NotifyQuery;
use crate::http::error::{ErrorBody, HttpError};
use crate::http::extract::Params;
use crate::http::AppState;
use crate::import::parse_csv;
use crate::service::import::ImportReport;
use crate::service::Channel;

/// Creates or updates the file's users (header row: email, first_name, last_name, locale,
/// role, products). A malformed file changes nothing; rows refused by the rules are reported.
#[utoipa::path(post, path = "/api/v1/users/import", tag = "users", params(NotifyQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "per-row results", body = Object), (status = 400, body = ErrorBody), (status = 415, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn import_users(
    State(state): State<AppState>,
    ApiActor(mut actor): ApiActor,
    headers: HeaderMap,
    Params(nq): Params<NotifyQuery>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<ImportReport>, HttpError> {
    let body = body.map_err(|r| HttpError::new(r.status(), "invalid_csv", r.body_text()))?;
    let csv_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("text/csv"));
    if !csv_type {
        return Err(HttpError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_csv",
            "send the file with Content-Type: text/csv",
        ));
    }
    let body = std::str::from_utf8(&body).map_err(|e| HttpError {
        field: Some("file"),
        ..HttpError::new(
            StatusCode::BAD_REQUEST,
            "invalid_csv",
            format!("the file is not UTF-8 text: {e}"),
        )
    })?;
    let rows = parse_csv(body, state.service.catalog()).map_err(|errors| {
        let shown: Vec<String> = errors
            .iter()
            .take(20)
            .map(|e| format!("line {}: {}", e.line, e.message))
            .collect();
        let more = if errors.len() > 20 {
            format!(" (and {} more)", errors.len() - 20)
        } else {
            String::new()
        };
        HttpError {
            field: Some("file"),
            ..HttpError::new(
                StatusCode::BAD_REQUEST,
                "invalid_csv",
                format!("{}{more}", shown.join("; ")),
            )
        }
    })?;
    actor.channel = Channel::Import;
    Ok(Json(
        state
            .service
            .import_users(&actor, rows, nq.notify.unwrap_or(true))
            .await?,
    ))
}
