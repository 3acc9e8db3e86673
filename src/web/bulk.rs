//! `POST /users/bulk`: the list's selection (checked rows, or every user matching its
//! filter) and one action. The first post shows what will happen (a dry run on the same
//! path: users changed, unchanged and refused with the reason, emails per kind, who loses
//! portal access) with a form carrying the same fields plus `confirm=1`; that second post
//! applies and shows the result.
//!
//! Fields: repeated `ids`, or `select_all=1` with the list's filters `status`, `product`,
//! `q` and `filter_role` (`role` is the role `set_role` gives, so the list's role filter
//! travels under another name); `action`; repeated `products`; `role`; `do_not_notify`;
//! `confirm`.

use askama::Template;
use axum::extract::{RawForm, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::form::FormData;
use super::page::{form_error, render, Frame};
use super::session::{csrf_refusal, SignedIn};
use super::text::Tr;
use crate::domain::bulk::BulkAction;
use crate::domain::query::UserQuery;
use crate::domain::{DomainError, Role, Status};
use crate::http::AppState;
use crate::service::bulk::{BulkReport, BulkRequest, BulkSelection, BulkUserLine};
use crate::service::ServiceError;

/// A field carried from the preview to the apply.
pub struct Hidden {
    pub name: &'static str,
    pub value: String,
}

pub struct RefusedLine {
    pub id: String,
    pub email: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "web/bulk_preview.html")]
struct BulkPage {
    page: Frame,
    /// `preview` or `done`.
    stage: &'static str,
    action_label: String,
    error: Option<String>,
    summary: Vec<String>,
    emails: Vec<String>,
    notify_note: String,
    changed: Vec<BulkUserLine>,
    unchanged: Vec<BulkUserLine>,
    refused: Vec<RefusedLine>,
    losing_portal: Vec<BulkUserLine>,
    losing_portal_more: Option<String>,
    hidden: Vec<Hidden>,
    /// "Apply to 3 users", when there is anything to apply.
    apply_label: Option<String>,
}

/// The form's fields, as read and as carried again.
struct Input {
    request: BulkRequest,
    hidden: Vec<Hidden>,
    action_name: String,
}

fn refused_reason(tr: Tr, error: &Option<DomainError>) -> String {
    match error {
        Some(d) => form_error(tr, &ServiceError::Rule(d.clone())).message,
        None => tr.t("portal-error-not-found"),
    }
}

fn read_input(state: &AppState, form: &FormData) -> Result<Input, ServiceError> {
    let mut hidden = Vec::new();
    let mut keep = |name: &'static str, value: &str| {
        hidden.push(Hidden {
            name,
            value: value.to_string(),
        })
    };
    let action_name = form.get("action").unwrap_or_default().to_string();
    keep("action", &action_name);
    let sets_role = action_name == "set_role";
    let parse_role = |r: &str| r.parse::<Role>().map_err(ServiceError::from);
    let given = |name: &str| form.get(name).map(str::trim).filter(|v| !v.is_empty());
    let selection = if form.get("select_all") == Some("1") {
        keep("select_all", "1");
        let status = match given("status") {
            Some(s) => {
                keep("status", s);
                Some(Status::parse(s).ok_or_else(|| {
                    ServiceError::invalid("status", format!("unknown status '{s}'"))
                })?)
            }
            None => None,
        };
        let role = match given("filter_role") {
            Some(r) => {
                keep("filter_role", r);
                Some(parse_role(r)?)
            }
            None => None,
        };
        let product = given("product").map(str::to_string);
        if let Some(p) = &product {
            keep("product", p);
            state
                .service
                .catalog()
                .parse_keys(std::slice::from_ref(p))?;
        }
        let text = given("q").map(str::to_string);
        if let Some(q) = &text {
            keep("q", q);
        }
        BulkSelection::Filter(UserQuery {
            status,
            role,
            product,
            text,
            ..UserQuery::default()
        })
    } else {
        let ids = form.all("ids");
        if ids.is_empty() {
            return Err(ServiceError::invalid(
                "ids",
                "select users, or all the users matching the filter",
            ));
        }
        for id in &ids {
            keep("ids", id);
        }
        BulkSelection::Ids(ids)
    };
    let products = form.all("products");
    for p in &products {
        keep("products", p);
    }
    let products = state.service.catalog().parse_keys(&products)?;
    let new_role = match (sets_role, given("role")) {
        (true, Some(r)) => {
            keep("role", r);
            Some(parse_role(r)?)
        }
        _ => None,
    };
    let notify = !form.ticked("do_not_notify");
    if !notify {
        keep("do_not_notify", "on");
    }
    let action = BulkAction::parse(&action_name, products, new_role)?;
    Ok(Input {
        request: BulkRequest {
            selection,
            action,
            notify,
            dry_run: true,
        },
        hidden,
        action_name,
    })
}

fn action_label(tr: Tr, name: &str) -> String {
    match crate::domain::bulk::ACTION_NAMES.contains(&name) {
        true => tr.t(&format!("bulk-action-{name}")),
        false => name.to_string(),
    }
}

fn page_of(
    me: &SignedIn,
    stage: &'static str,
    input: Option<&Input>,
    report: Option<BulkReport>,
) -> BulkPage {
    let tr = me.tr;
    let title = match stage {
        "done" => tr.t("bulk-title-done"),
        _ => tr.t("bulk-title-preview"),
    };
    let mut page = BulkPage {
        page: me.frame(title, "/users/bulk".into(), "users"),
        stage,
        action_label: input
            .map(|i| action_label(tr, &i.action_name))
            .unwrap_or_default(),
        error: None,
        summary: Vec::new(),
        emails: Vec::new(),
        notify_note: match input.is_some_and(|i| !i.request.notify) {
            true => tr.t("bulk-no-notify-on"),
            false => tr.t("bulk-notify-on"),
        },
        changed: Vec::new(),
        unchanged: Vec::new(),
        refused: Vec::new(),
        losing_portal: Vec::new(),
        losing_portal_more: None,
        hidden: Vec::new(),
        apply_label: None,
    };
    let Some(r) = report else {
        return page;
    };
    let done = stage == "done";
    let count = |key: &str, n: u64| tr.n(key, "count", n as i64);
    page.summary = vec![count(
        if done {
            "bulk-done-changed"
        } else {
            "bulk-summary-changed"
        },
        r.changed,
    )];
    // Nothing unchanged or refused is not worth a line.
    for (key, n) in [
        ("bulk-summary-unchanged", r.unchanged),
        ("bulk-summary-refused", r.refused.len() as u64),
    ] {
        if n > 0 {
            page.summary.push(count(key, n));
        }
    }
    page.emails = r
        .emails
        .iter()
        .map(|(template, n)| count(&format!("bulk-email-{template}"), *n))
        .collect();
    if page.emails.is_empty() {
        page.emails.push(tr.t("bulk-no-emails"));
    }
    let listed = r.losing_portal.len() as u64;
    if r.losing_portal_count > listed {
        page.losing_portal_more = Some(count("bulk-more", r.losing_portal_count - listed));
    }
    if !done && r.changed > 0 {
        page.apply_label = Some(count("bulk-apply", r.changed));
    }
    page.refused = r
        .refused
        .iter()
        .map(|x| RefusedLine {
            id: x.id.clone(),
            email: x.email.clone(),
            reason: refused_reason(tr, &x.error),
        })
        .collect();
    page.changed = r.changed_users;
    page.unchanged = r.unchanged_users;
    page.losing_portal = r.losing_portal;
    page
}

pub async fn submit(
    State(state): State<AppState>,
    me: SignedIn,
    RawForm(body): RawForm,
) -> Response {
    let form = FormData::parse(&body);
    if let Some(refused) = csrf_refusal(&me, form.get("csrf")) {
        return refused;
    }
    let mut input = match read_input(&state, &form) {
        Ok(i) => i,
        Err(e) => {
            let fe = form_error(me.tr, &e);
            let mut page = page_of(&me, "preview", None, None);
            page.error = Some(match &e {
                ServiceError::Invalid { field: "ids", .. } => {
                    me.tr.t("bulk-error-nothing-selected")
                }
                _ => fe.message,
            });
            return render(fe.status, &page);
        }
    };
    let confirm = form.get("confirm") == Some("1");
    input.request.dry_run = !confirm;
    let stage = if confirm { "done" } else { "preview" };
    match state.service.bulk_change(&me.actor, &input.request).await {
        Ok(report) => {
            let mut page = page_of(&me, stage, Some(&input), Some(report));
            page.hidden = std::mem::take(&mut input.hidden);
            render(StatusCode::OK, &page)
        }
        Err(e) => {
            let fe = form_error(me.tr, &e);
            let mut page = page_of(&me, stage, Some(&input), None);
            page.error = Some(fe.message);
            render(fe.status, &page)
        }
    }
}
