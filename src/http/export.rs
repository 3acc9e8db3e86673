//! CSV downloads for the API and the portal: the service's chunks written out as they
//! come (`text/csv`, an attachment), the header first. Memory holds one chunk at a time.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use super::rfc3339;
use crate::service::export::Chunks;
use crate::store::audit::AuditEvent;
use crate::store::users::UserRecord;

/// The columns `roster import` reads, plus `status` (derived, ignored on import).
pub const USER_COLUMNS: [&str; 7] = [
    "email",
    "first_name",
    "last_name",
    "locale",
    "role",
    "products",
    "status",
];

pub const HISTORY_COLUMNS: [&str; 9] = [
    "id", "at", "user_id", "actor", "channel", "action", "notify", "before", "after",
];

pub fn user_record(u: &UserRecord) -> Vec<String> {
    vec![
        u.email.clone(),
        u.first_name.clone(),
        u.last_name.clone(),
        u.locale.clone(),
        u.role.as_str().to_string(),
        u.products.iter().cloned().collect::<Vec<_>>().join(";"),
        u.status.as_str().to_string(),
    ]
}

pub fn event_record(e: &AuditEvent) -> Vec<String> {
    let json =
        |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
    vec![
        e.id.to_string(),
        rfc3339(e.at),
        e.user_id.clone(),
        e.actor.clone(),
        e.channel.clone(),
        e.action.clone(),
        e.notify.to_string(),
        json(&e.before),
        json(&e.after),
    ]
}

/// Rows as CSV text (quoted where needed).
fn csv_lines(rows: impl Iterator<Item = Vec<String>>) -> Bytes {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        // Writing into memory cannot fail.
        let _ = w.write_record(
            r.iter()
                .map(|c| crate::import::guard_formula(c).into_owned()),
        );
    }
    Bytes::from(w.into_inner().unwrap_or_default())
}

/// A streamed CSV attachment named `filename`: the header, then each chunk as it is read.
/// A failure midway ends the body with an error, so the client sees a broken download
/// rather than a short file taken for whole.
pub fn csv_download<T: 'static>(
    filename: &str,
    columns: &[&str],
    chunks: Chunks<T>,
    record: fn(&T) -> Vec<String>,
) -> Response {
    let head = csv_lines(std::iter::once(
        columns.iter().map(|c| c.to_string()).collect(),
    ));
    let body =
        futures_util::stream::once(async move { Ok(head) }).chain(chunks.map(move |chunk| {
            match chunk {
                Ok(rows) => Ok(csv_lines(rows.iter().map(record))),
                Err(e) => {
                    tracing::error!(error = %e, "export failed midway");
                    Err(std::io::Error::other(e.to_string()))
                }
            }
        }));
    let mut res = (StatusCode::OK, Body::from_stream(body)).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
