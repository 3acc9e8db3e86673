//! /api/v1/audit: the account's history, newest first, and its CSV export.

use axum::extract::State;
use axum::response::Response;
use axum::Json;

use super::extract::ApiActor;
use super::types::*;
use crate::http::error::{ErrorBody, HttpError};
use crate::http::export::{csv_download, event_record, HISTORY_COLUMNS};
use crate::http::extract::Params;
use crate::http::history::HistoryFilters;
use crate::http::paging::encode_event_cursor;
use crate::http::rfc3339;
use crate::http::AppState;

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 400, body = ErrorBody), (status = 404, description = "`user` names no user of the account", body = ErrorBody)),
    security(("bearer" = [])))]
/// The account's audit events, newest first, narrowed by the filters given.
pub async fn list_history(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Params(q): Params<AuditQuery>,
) -> Result<Json<AuditPage>, HttpError> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(HttpError::bad_request(
            "limit",
            "limit must be between 1 and 1000",
        ));
    }
    let filters = HistoryFilters {
        user: q.user,
        actor: q.actor,
        channel: q.channel,
        since: q.since,
        until: q.until,
        cursor: q.cursor,
    };
    let (filter, after_cursor) = filters.to_filter()?;
    let before = after_cursor.or(q.before);
    let events = state
        .service
        .account_history(&actor, &filter, before, limit)
        .await?;
    let next_cursor = (events.len() == limit as usize)
        .then(|| events.last().map(|e| encode_event_cursor(e.id)))
        .flatten();
    Ok(Json(AuditPage {
        events: events
            .into_iter()
            .map(|e| AuditEventBody {
                id: e.id,
                user_id: e.user_id,
                actor: e.actor,
                channel: e.channel,
                action: e.action,
                before: e.before,
                after: e.after,
                notify: e.notify,
                at: rfc3339(e.at),
            })
            .collect(),
        next_cursor,
    }))
}

#[utoipa::path(get, path = "/api/v1/audit/export", tag = "audit", params(AuditExportQuery),
    responses((status = 200, description = "CSV, streamed: id, at, user_id, actor, channel, action, notify, before, after", content_type = "text/csv", body = String),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
/// The account's audit events the filters select, newest first, as CSV.
pub async fn export_history(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Params(q): Params<AuditExportQuery>,
) -> Result<Response, HttpError> {
    let filters = HistoryFilters {
        user: q.user,
        actor: q.actor,
        channel: q.channel,
        since: q.since,
        until: q.until,
        cursor: None,
    };
    let (filter, _) = filters.to_filter()?;
    if filter.user_id.is_some() {
        // The 404 of an unknown user before the download starts, not inside it.
        state
            .service
            .account_history(&actor, &filter, None, 1)
            .await?;
    }
    let chunks = state.service.export_history(&actor, &filter)?;
    Ok(csv_download(
        "history.csv",
        &HISTORY_COLUMNS,
        chunks,
        event_record,
    ))
}
