//! `/import`: a CSV file of users, checked row by row before anything changes (the same
//! change path, rolled back), then applied, with the result of every row.

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{RawForm, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::form::FormData;
use super::page::{form_error, render, Frame};
use super::session::{csrf_refusal, SignedIn};
use super::text::Tr;
use super::widgets::preview_lines;
use crate::http::AppState;
use crate::import::{parse_csv, ImportRow};
use crate::service::import::RowOutcome;
use crate::service::previews::ImportRun;
use crate::service::{Channel, ServiceError};

pub struct RowLine {
    pub line: usize,
    pub email: String,
    pub link: Option<String>,
    /// `created`, `updated`, `unchanged` or `failed`.
    pub kind: &'static str,
    pub result: String,
    pub emails: Vec<String>,
}

#[derive(Template)]
#[template(path = "web/import.html")]
struct ImportPage {
    page: Frame,
    /// `upload`, `preview` or `done`.
    stage: &'static str,
    /// The file, carried from the check to the apply.
    csv: String,
    no_notify: bool,
    error: Option<String>,
    line_errors: Vec<String>,
    summary: Vec<String>,
    rows: Vec<RowLine>,
    /// "Apply 3 changes", when there is anything to apply.
    apply_label: Option<String>,
}

impl ImportPage {
    fn new(me: &SignedIn) -> ImportPage {
        ImportPage {
            page: me.frame(me.tr.t("portal-import-title"), "/import".into(), "import"),
            stage: "upload",
            csv: String::new(),
            no_notify: false,
            error: None,
            line_errors: Vec::new(),
            summary: Vec::new(),
            rows: Vec::new(),
            apply_label: None,
        }
    }
}

pub async fn show(me: SignedIn) -> Response {
    render(StatusCode::OK, &ImportPage::new(&me))
}

/// The rows of the file, or the page that says why it cannot be read (nothing changes).
// Called once per request; boxing the refusal page would buy nothing.
#[allow(clippy::result_large_err)]
fn rows_of(
    state: &AppState,
    me: &SignedIn,
    mut page: ImportPage,
) -> Result<Vec<ImportRow>, Response> {
    let tr = me.tr;
    if page.csv.trim().is_empty() {
        page.error = Some(tr.t("portal-import-empty"));
        return Err(render(StatusCode::BAD_REQUEST, &page));
    }
    match parse_csv(&page.csv, state.service.catalog()) {
        Ok(rows) => Ok(rows),
        Err(errors) => {
            page.error = Some(tr.n("portal-import-unreadable", "count", errors.len() as i64));
            page.line_errors = errors
                .iter()
                .take(50)
                .map(|e| {
                    tr.t2(
                        "portal-import-line-error",
                        ("line", &e.line.to_string()),
                        ("message", &e.message),
                    )
                })
                .collect();
            page.stage = "upload";
            page.csv.clear();
            Err(render(StatusCode::BAD_REQUEST, &page))
        }
    }
}

fn describe(tr: Tr, run: &ImportRun, done: bool) -> (Vec<String>, Vec<RowLine>) {
    let counts = [
        ("created", run.created),
        ("updated", run.updated),
        ("unchanged", run.unchanged),
        ("failed", run.failed),
    ];
    let tense = if done { "done" } else { "will" };
    let mut summary: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| tr.n(&format!("portal-import-{tense}-{k}"), "count", *n as i64))
        .collect();
    if !done {
        summary.push(tr.n("portal-import-will-email", "count", run.emails as i64));
    }
    let rows = run
        .rows
        .iter()
        .map(|r| {
            let (kind, id) = match &r.outcome {
                RowOutcome::Created { id } => ("created", Some(id)),
                RowOutcome::Updated { id } => ("updated", Some(id)),
                RowOutcome::Unchanged { id } => ("unchanged", Some(id)),
                RowOutcome::Failed { .. } => ("failed", None),
            };
            let result = match (&r.refusal, &r.outcome) {
                (Some(e), _) => tr.t1("portal-import-refused", "reason", refusal(tr, e)),
                (None, RowOutcome::Failed { message }) => {
                    tr.t1("portal-import-refused", "reason", message)
                }
                _ => tr.t(&format!("portal-import-row-{tense}-{kind}")),
            };
            RowLine {
                line: r.line,
                email: r.email.clone(),
                // A user the preview would create does not exist yet.
                link: id
                    .filter(|_| done || kind != "created")
                    .map(|id| format!("/users/{id}")),
                kind,
                result,
                emails: preview_lines(tr, &r.emails),
            }
        })
        .collect();
    (summary, rows)
}

/// A refusal in the admin's words; for a bad value, the rule's own text says which.
fn refusal(tr: Tr, e: &ServiceError) -> String {
    match e {
        ServiceError::Invalid { message, .. } => {
            format!("{} ({message})", form_error(tr, e).message)
        }
        _ => form_error(tr, e).message,
    }
}

/// Step one: the uploaded file, checked and previewed; nothing changes.
pub async fn check(
    State(state): State<AppState>,
    mut me: SignedIn,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let tr = me.tr;
    let mut page = ImportPage::new(&me);
    let mut csrf = None;
    let mut file = None;
    if let Ok(mut multipart) = multipart {
        loop {
            match multipart.next_field().await {
                Ok(Some(field)) => {
                    let name = field.name().unwrap_or_default().to_string();
                    match field.bytes().await {
                        Ok(bytes) => match name.as_str() {
                            "csrf" => csrf = Some(String::from_utf8_lossy(&bytes).into_owned()),
                            "file" => file = Some(bytes),
                            "do_not_notify" => page.no_notify = true,
                            _ => {}
                        },
                        Err(_) => break,
                    }
                }
                Ok(None) => break,
                Err(_) => break,
            }
        }
    }
    if let Some(refused) = csrf_refusal(&me, csrf.as_deref()) {
        return refused;
    }
    let Some(bytes) = file else {
        page.error = Some(tr.t("portal-import-empty"));
        return render(StatusCode::BAD_REQUEST, &page);
    };
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => page.csv = text,
        Err(_) => {
            page.error = Some(tr.t("portal-import-not-utf8"));
            return render(StatusCode::BAD_REQUEST, &page);
        }
    }
    let rows = match rows_of(
        &state,
        &me,
        ImportPage {
            csv: page.csv.clone(),
            ..ImportPage::new(&me)
        },
    ) {
        Ok(rows) => rows,
        Err(res) => return res,
    };
    me.actor.channel = Channel::Import;
    match state
        .service
        .preview_import(&me.actor, rows, !page.no_notify)
        .await
    {
        Ok(run) => {
            let (summary, rows) = describe(tr, &run, false);
            let changes = run.created + run.updated;
            page.apply_label =
                (changes > 0).then(|| tr.n("portal-import-apply", "count", changes as i64));
            page.summary = summary;
            page.rows = rows;
            page.stage = "preview";
            render(StatusCode::OK, &page)
        }
        Err(e) => {
            let fe = form_error(tr, &e);
            page.error = Some(fe.message);
            page.csv.clear();
            render(fe.status, &page)
        }
    }
}

/// Step two: the checked file applied, each row through the one change path.
pub async fn apply(
    State(state): State<AppState>,
    mut me: SignedIn,
    RawForm(body): RawForm,
) -> Response {
    let form = FormData::parse(&body);
    if let Some(refused) = csrf_refusal(&me, form.get("csrf")) {
        return refused;
    }
    let tr = me.tr;
    let mut page = ImportPage::new(&me);
    page.csv = form.get("csv").unwrap_or_default().to_string();
    page.no_notify = form.ticked("do_not_notify");
    let rows = match rows_of(
        &state,
        &me,
        ImportPage {
            csv: page.csv.clone(),
            ..ImportPage::new(&me)
        },
    ) {
        Ok(rows) => rows,
        Err(res) => return res,
    };
    me.actor.channel = Channel::Import;
    match state
        .service
        .apply_import(&me.actor, rows, !page.no_notify)
        .await
    {
        Ok(run) => {
            let (summary, rows) = describe(tr, &run, true);
            page.summary = summary;
            page.rows = rows;
            page.stage = "done";
            page.csv.clear();
            render(StatusCode::OK, &page)
        }
        Err(e) => {
            let fe = form_error(tr, &e);
            page.error = Some(fe.message);
            render(fe.status, &page)
        }
    }
}
