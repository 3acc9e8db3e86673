//! /api/v1/users/export: the users the list's filters select, as CSV that imports back.

use axum::extract::State;
use axum::response::Response;

use super::extract::ApiActor;
use super::types::ExportQuery;
use crate::http::error::{ErrorBody, HttpError};
use crate::http::export::{csv_download, user_record, USER_COLUMNS};
use crate::http::extract::Params;
use crate::http::paging::ListFilters;
use crate::http::AppState;

#[utoipa::path(get, path = "/api/v1/users/export", tag = "users", params(ExportQuery),
    responses((status = 200, description = "CSV, streamed: email, first_name, last_name, locale, role, products (keys separated by `;`), status — the columns `roster import` reads", content_type = "text/csv", body = String),
        (status = 400, body = ErrorBody)),
    security(("bearer" = [])))]
/// The users the filters select (as `GET /api/v1/users`), as CSV.
pub async fn export_users(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Params(q): Params<ExportQuery>,
) -> Result<Response, HttpError> {
    let filters = ListFilters {
        status: q.status,
        role: q.role,
        product: q.product,
        q: q.q,
        sort: q.sort,
        cursor: None,
        inactive: q.inactive,
    };
    let (query, _) = filters.to_query(state.service.catalog())?;
    let chunks = state.service.export_users(&actor, &query)?;
    Ok(csv_download(
        "users.csv",
        &USER_COLUMNS,
        chunks,
        user_record,
    ))
}
