//! `/audit`: the account's history for admins and managers, newest first, with the API's
//! filters as a GET form, older and newer pages, and a CSV export carrying the filters.
//! Times are written in UTC and shown in the reader's zone by the page's script.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::history::{lines, AuditLine};
use super::page::{error_page, form_error, render, Frame};
use super::session::SignedIn;
use super::widgets::Choice;
use crate::http::export::{csv_download, event_record, HISTORY_COLUMNS};
use crate::http::history::HistoryFilters;
use crate::http::paging::{decode_event_cursor, encode_event_cursor};
use crate::http::AppState;
use crate::store::audit::{AuditEvent, AuditFilter};

const PAGE_SIZE: u32 = 50;
const CHANNELS: [&str; 6] = ["portal", "api", "scim", "cli", "import", "system"];
const FILTERS: [&str; 5] = ["user", "actor", "channel", "since", "until"];

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuditParams {
    /// An email or a user id.
    user: Option<String>,
    actor: Option<String>,
    channel: Option<String>,
    since: Option<String>,
    until: Option<String>,
    /// Events older than this cursor's.
    cursor: Option<String>,
    /// Events newer than this cursor's.
    newer: Option<String>,
}

impl AuditParams {
    fn slot(&mut self, k: &str) -> Option<&mut Option<String>> {
        Some(match k {
            "user" => &mut self.user,
            "actor" => &mut self.actor,
            "channel" => &mut self.channel,
            "since" => &mut self.since,
            "until" => &mut self.until,
            "cursor" => &mut self.cursor,
            "newer" => &mut self.newer,
            _ => return None,
        })
    }

    fn value(&self, k: &str) -> Option<String> {
        self.clone()
            .slot(k)
            .and_then(|v| v.clone())
            .filter(|v| !v.trim().is_empty())
    }

    /// `PATH?filters[&extra]`.
    fn link(&self, path: &str, extra: Option<(&str, String)>) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for k in FILTERS {
            if let Some(v) = self.value(k) {
                s.append_pair(k, &v);
            }
        }
        if let Some((k, v)) = extra {
            s.append_pair(k, &v);
        }
        let q = s.finish();
        if q.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{q}")
        }
    }
}

pub struct EventRow {
    pub line: AuditLine,
    /// The user concerned, by name as the event recorded them, and their page.
    pub user: String,
    pub user_link: Option<String>,
}

#[derive(Template)]
#[template(path = "web/audit.html")]
struct AuditPage {
    page: Frame,
    rows: Vec<EventRow>,
    user: String,
    actor: String,
    since: String,
    until: String,
    channels: Vec<Choice>,
    error: Option<String>,
    older_link: Option<String>,
    newer_link: Option<String>,
    first_link: Option<String>,
    export_link: String,
}

/// The filters the parameters ask, an email resolved to its user. A filter that does not
/// hold is dropped and named; the others still apply.
async fn read_filters(
    state: &AppState,
    me: &SignedIn,
    p: &mut AuditParams,
) -> (AuditFilter, Option<i64>, Option<i64>, Option<String>) {
    let tr = me.tr;
    let mut error = None;
    let mut user_id = None;
    if let Some(u) = p.value("user") {
        let u = u.trim().to_string();
        if u.contains('@') {
            match state.service.user_by_email(&me.actor, &u).await {
                Ok(Some(found)) => user_id = Some(found.id),
                _ => {
                    error = Some(tr.t("portal-audit-no-user"));
                    p.user = None;
                }
            }
        } else {
            user_id = Some(u);
        }
    }
    let newer = p.value("newer").and_then(|c| decode_event_cursor(&c).ok());
    for _ in 0..8 {
        let filters = HistoryFilters {
            user: None,
            actor: p.actor.clone(),
            channel: p.channel.clone(),
            since: p.since.clone(),
            until: p.until.clone(),
            cursor: p.cursor.clone(),
        };
        match filters.to_filter() {
            Ok((mut filter, before)) => {
                filter.user_id = user_id;
                return (filter, before, newer, error);
            }
            Err(e) => {
                let field = e.field.as_deref().unwrap_or("").to_string();
                error.get_or_insert_with(|| {
                    let name = tr.t(&format!("portal-filter-name-{field}"));
                    tr.t1("portal-error-filter-named", "field", name)
                });
                match p.slot(&field) {
                    Some(slot) if slot.is_some() => *slot = None,
                    _ => break,
                }
            }
        }
    }
    (AuditFilter::default(), None, None, error)
}

/// "Olivia Martin" or the email, from what the event recorded of the user.
fn user_of(e: &AuditEvent) -> (String, Option<String>) {
    let state = e.after.as_ref().or(e.before.as_ref());
    let text = |k: &str| {
        state
            .and_then(|s| s.get(k))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let name = format!("{} {}", text("first_name"), text("last_name"))
        .trim()
        .to_string();
    let email = text("email");
    match (name.is_empty(), email.is_empty()) {
        (_, true) => (e.user_id.clone(), None),
        (true, false) => (email, Some(format!("/users/{}", e.user_id))),
        (false, false) => (name, Some(format!("/users/{}", e.user_id))),
    }
}

pub async fn show(
    State(state): State<AppState>,
    me: SignedIn,
    Query(mut p): Query<AuditParams>,
) -> Response {
    let tr = me.tr;
    let here = p.link("/audit", None);
    let frame = me.frame(tr.t("portal-audit-title"), here, "audit");
    let (filter, before, newer, error) = read_filters(&state, &me, &mut p).await;
    // One more than shown tells whether another page follows.
    let found = match newer {
        Some(after) => {
            state
                .service
                .account_history_newer(&me.actor, &filter, after, PAGE_SIZE + 1)
                .await
        }
        None => {
            state
                .service
                .account_history(&me.actor, &filter, before, PAGE_SIZE + 1)
                .await
        }
    };
    let mut events = match found {
        Ok(e) => e,
        Err(e) => {
            let fe = form_error(tr, &e);
            return error_page(frame, fe.status, fe.message);
        }
    };
    let more = events.len() > PAGE_SIZE as usize;
    if more {
        // Going newer, the extra one is the newest; going older, the oldest.
        if newer.is_some() {
            events.remove(0);
        } else {
            events.truncate(PAGE_SIZE as usize);
        }
    }
    let (more_older, more_newer) = match newer {
        Some(_) => (true, more),
        None => (more, before.is_some()),
    };
    let older_link = more_older
        .then(|| events.last())
        .flatten()
        .map(|e| p.link("/audit", Some(("cursor", encode_event_cursor(e.id)))));
    let newer_link = more_newer
        .then(|| events.first())
        .flatten()
        .map(|e| p.link("/audit", Some(("newer", encode_event_cursor(e.id)))));
    let first_link = (before.is_some() || newer.is_some()).then(|| p.link("/audit", None));
    let shown = match lines(&state, &me, &events).await {
        Ok(l) => l,
        Err(e) => {
            let fe = form_error(tr, &e);
            return error_page(frame, fe.status, fe.message);
        }
    };
    let rows = events
        .iter()
        .zip(shown)
        .map(|(e, line)| {
            let (user, user_link) = user_of(e);
            EventRow {
                line,
                user,
                user_link,
            }
        })
        .collect();
    let current = p.value("channel").unwrap_or_default();
    let mut channels = vec![Choice {
        value: String::new(),
        label: tr.t("portal-audit-any-channel"),
        selected: current.is_empty(),
    }];
    channels.extend(CHANNELS.map(|c| Choice {
        value: c.to_string(),
        label: tr.t(&format!("portal-channel-{c}")),
        selected: current == c,
    }));
    let page = AuditPage {
        page: frame,
        rows,
        user: p.value("user").unwrap_or_default(),
        actor: p.value("actor").unwrap_or_default(),
        since: p.value("since").unwrap_or_default(),
        until: p.value("until").unwrap_or_default(),
        channels,
        older_link,
        newer_link,
        first_link,
        export_link: p.link("/audit/export", None),
        error,
    };
    let status = if page.error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render(status, &page)
}

/// `/audit/export`: what `/audit` shows, every page of it, as CSV.
pub async fn export(
    State(state): State<AppState>,
    me: SignedIn,
    Query(mut p): Query<AuditParams>,
) -> Response {
    let (filter, _, _, error) = read_filters(&state, &me, &mut p).await;
    if let Some(e) = error {
        return (StatusCode::BAD_REQUEST, e).into_response();
    }
    match state.service.export_history(&me.actor, &filter) {
        Ok(chunks) => csv_download("history.csv", &HISTORY_COLUMNS, chunks, event_record),
        Err(e) => {
            let fe = form_error(me.tr, &e);
            (fe.status, fe.message).into_response()
        }
    }
}
