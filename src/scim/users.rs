//! `/scim/v2/Users`: every change is handed to the service (channel `scim`); SCIM only
//! translates between documents and Roster's changes.

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::discovery::{LIST_SCHEMA, MAX_PAGE};
use super::error::{scim_json, ScimError};
use super::filter;
use super::patch;
use super::plan::{extra_with, plan_update};
use super::query::to_expr;
use super::request::{base_url, json_object, Projection, ScimActor};
use super::user::{self, etag, from_scim, get_ci, to_scim, Desired, EXTRA_KEY};
use crate::domain::query::{Expr, Order, PageAt, Sort, TextAttr, TextTest, Total, UserQuery};
use crate::domain::{Role, Status};
use crate::http::version::{if_match, set_etag};
use crate::http::AppState;
use crate::service::{Action, Actor, NewUser, ServiceError};
use crate::store::users::UserRecord;

/// SCIM changes tell the person, as a portal change does by default.
const NOTIFY: bool = true;
const DEFAULT_PAGE: u32 = 100;

fn user_response(status: StatusCode, u: &UserRecord, base: &str, p: &Projection) -> Response {
    let mut res = scim_json(status, &p.apply(to_scim(u, base)));
    set_etag(&mut res, &etag(u.version));
    if status == StatusCode::CREATED {
        if let Ok(v) = HeaderValue::from_str(&format!("{base}/Users/{}", u.id)) {
            res.headers_mut().insert(header::LOCATION, v);
        }
    }
    res
}

/// A user of the actor's account that is not deleted (deleted ones are gone for SCIM).
async fn visible_user(state: &AppState, actor: &Actor, id: &str) -> Result<UserRecord, ScimError> {
    match state.service.get_user(actor, id).await {
        Ok(u) if u.deleted_at.is_none() => Ok(u),
        Ok(_) | Err(crate::service::ServiceError::NotFound(_)) => Err(ScimError::not_found("user")),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListParams {
    filter: Option<String>,
    start_index: Option<String>,
    count: Option<String>,
    attributes: Option<String>,
    excluded_attributes: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    headers: HeaderMap,
    Query(q): Query<ListParams>,
) -> Result<Response, ScimError> {
    search_users(&state, &actor, &headers, q).await
}

/// `POST /Users/.search` and `POST /.search` (Users are the only resource type).
pub async fn search(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ScimError> {
    let b = json_object(&body)?;
    // RFC 7644 §3.4.3: `filter` is a string; `attributes` a list of names (a
    // comma-separated string is read too); `startIndex` and `count` integers.
    let filter = match get_ci(&b, "filter") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            return Err(ScimError::bad(
                "invalidFilter",
                format!("filter must be a string, not {}", json_kind(other)),
            ))
        }
    };
    let names = |k: &str| -> Result<Option<String>, ScimError> {
        match get_ci(&b, k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str().ok_or_else(|| {
                        ScimError::bad("invalidSyntax", format!("{k} must list attribute names"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|v| Some(v.join(","))),
            Some(other) => Err(ScimError::bad(
                "invalidSyntax",
                format!(
                    "{k} must be a list of attribute names, not {}",
                    json_kind(other)
                ),
            )),
        }
    };
    let int = |k: &str| -> Result<Option<String>, ScimError> {
        match get_ci(&b, k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(ScimError::bad(
                "invalidValue",
                format!("{k} must be an integer, not {}", json_kind(other)),
            )),
        }
    };
    let q = ListParams {
        filter,
        start_index: int("startIndex")?,
        count: int("count")?,
        attributes: names("attributes")?,
        excluded_attributes: names("excludedAttributes")?,
    };
    search_users(&state, &actor, &headers, q).await
}

/// What kind of JSON value this is, to name it in an error.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

async fn search_users(
    state: &AppState,
    actor: &Actor,
    headers: &HeaderMap,
    q: ListParams,
) -> Result<Response, ScimError> {
    let expr = match q.filter.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => {
            let parsed = filter::parse(f).map_err(|e| ScimError::bad("invalidFilter", e.0))?;
            Some(to_expr(&parsed).map_err(|e| ScimError::bad("invalidFilter", e.0))?)
        }
        None => None,
    };
    let number = |v: &Option<String>, name: &str, default: i64| -> Result<i64, ScimError> {
        match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(default),
            Some(s) => s.parse::<i64>().map_err(|_| {
                ScimError::bad(
                    "invalidValue",
                    format!("{name} must be an integer, not '{s}'"),
                )
            }),
        }
    };
    // RFC 7644 §3.4.2.4: below 1 means 1, a negative count means 0.
    let start = number(&q.start_index, "startIndex", 1)?.max(1);
    let count = number(&q.count, "count", DEFAULT_PAGE as i64)?.clamp(0, MAX_PAGE as i64) as u32;
    // SCIM pages by offset, oldest first: an IdP walks the list with startIndex.
    let query = UserQuery {
        sort: Sort::Created,
        ..expr.map(UserQuery::matching_status).unwrap_or_default()
    };
    let page = state
        .service
        .search_users(actor, &query, &PageAt::Offset((start - 1) as u64), count)
        .await?;
    // totalResults must be a number: past the counting bound, at least what the client
    // has seen, and one more while the page is full.
    let seen = (start - 1) as u64 + page.users.len() as u64;
    let total = match page.total {
        Total::Exact(n) => n,
        Total::MoreThan(n) => n.max(seen + u64::from(page.users.len() == count as usize)),
    };
    let users = page.users;
    let base = base_url(headers, state);
    let p = Projection::new(q.attributes.as_deref(), q.excluded_attributes.as_deref());
    let resources: Vec<Value> = users.iter().map(|u| p.apply(to_scim(u, &base))).collect();
    let body = json!({
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    });
    Ok(scim_json(StatusCode::OK, &body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OneParams {
    attributes: Option<String>,
    excluded_attributes: Option<String>,
}

impl OneParams {
    fn projection(&self) -> Projection {
        Projection::new(
            self.attributes.as_deref(),
            self.excluded_attributes.as_deref(),
        )
    }
}

pub async fn get(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<OneParams>,
) -> Result<Response, ScimError> {
    let u = visible_user(&state, &actor, &id).await?;
    Ok(user_response(
        StatusCode::OK,
        &u,
        &base_url(&headers, &state),
        &q.projection(),
    ))
}

/// A user of the account, other than `except`, that `expr` matches.
async fn another_user(
    state: &AppState,
    actor: &Actor,
    expr: Expr,
    except: Option<&str>,
) -> Result<Option<UserRecord>, ScimError> {
    let query = UserQuery::matching(Expr::and(
        expr,
        Expr::Text(
            TextAttr::Id,
            TextTest::Order(Order::Ne, except.unwrap_or("").to_string()),
        ),
    ));
    first_match(state, actor, &query).await
}

/// The first user of the account `query` selects.
async fn first_match(
    state: &AppState,
    actor: &Actor,
    query: &UserQuery,
) -> Result<Option<UserRecord>, ScimError> {
    let found = state
        .service
        // The first page, not offset 0: a page that holds the only match needs no count.
        .search_users(actor, query, &PageAt::After(None), 1)
        .await?;
    Ok(found.users.into_iter().next())
}

/// Refuses a userName (not an address) another user of the account already has.
async fn check_user_name_free(
    state: &AppState,
    actor: &Actor,
    d: &Desired,
    except: Option<&str>,
) -> Result<(), ScimError> {
    let Some(name) = d.scim_extra.get("userName").and_then(Value::as_str) else {
        return Ok(());
    };
    let taken = another_user(
        state,
        actor,
        Expr::text_eq(TextAttr::UserName, name),
        except,
    )
    .await?;
    if taken.is_some() {
        return Err(ScimError::new(
            StatusCode::CONFLICT,
            Some("uniqueness"),
            format!("userName '{name}' is already taken"),
        ));
    }
    Ok(())
}

/// Refuses an `emails` value that is another user's address: the document would read back
/// with that person's address (Roster keeps one address per user, unique in the account).
async fn check_emails_free(
    state: &AppState,
    actor: &Actor,
    d: &Desired,
    except: Option<&str>,
) -> Result<(), ScimError> {
    let Some(Value::Array(list)) = d.scim_extra.get("emails") else {
        return Ok(());
    };
    let others: BTreeSet<String> = list
        .iter()
        .filter_map(user::value_field)
        .map(|v| v.trim().to_lowercase())
        .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case(&d.email))
        .collect();
    let Some(any) = others
        .iter()
        .map(|v| Expr::text_eq(TextAttr::Email, v.clone()))
        .reduce(Expr::or)
    else {
        return Ok(());
    };
    if let Some(other) = another_user(state, actor, any, except).await? {
        return Err(ScimError::new(
            StatusCode::CONFLICT,
            Some("uniqueness"),
            format!("emails: '{}' is another user's address", other.email),
        ));
    }
    Ok(())
}

pub async fn create(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ScimError> {
    let doc = json_object(&body)?;
    let d = from_scim(&doc, false)?;
    check_user_name_free(&state, &actor, &d, None).await?;
    check_emails_free(&state, &actor, &d, None).await?;
    // A deleted user holds their address until the purge: only a create the address
    // refuses looks for them (a read per create saved, most creates being new people).
    match create_new(&state, &actor, &headers, d.clone()).await {
        Err(taken @ ServiceError::Duplicate { .. }) => {
            match deleted_with_email(&state, &actor, &d.email).await? {
                Some(deleted) => reprovision(&state, &actor, &headers, deleted, d).await,
                None => Err(taken.into()),
            }
        }
        created => Ok(created?),
    }
}

/// The create of `create`, for someone the account does not hold.
async fn create_new(
    state: &AppState,
    actor: &Actor,
    headers: &HeaderMap,
    d: Desired,
) -> Result<Response, ServiceError> {
    let role = d.role.unwrap_or(Role::Member);
    // active=false on create: created with what the IdP gave, then suspended, so that a
    // later active=true gives it back. Without entitlements the account's products for
    // new users apply (in the create): whether the user starts active, and so needs the
    // Suspend, depends on them too (read only then).
    let then = match d.active {
        Some(false) => {
            let set: BTreeSet<String> = match &d.products {
                Some(p) => p.iter().cloned().collect(),
                None => state.service.new_user_products(actor).await?,
            };
            match Status::derive(role, &set, false) {
                Status::Active => vec![Action::Suspend],
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    };
    let new = NewUser {
        email: d.email,
        first_name: d.first_name,
        last_name: d.last_name,
        locale: d.locale.map(str::to_string),
        role: Some(role),
        products: d.products,
        password: d.password,
        external_id: d.external_id,
        extra: extra_with(&Map::new(), d.scim_extra),
    };
    let applied = state
        .service
        .create_user_then(actor, new, then, NOTIFY)
        .await?;
    Ok(user_response(
        StatusCode::CREATED,
        &applied.user,
        &base_url(headers, state),
        &Projection::default(),
    ))
}

/// A deleted (not yet purged) user of the account with this address.
async fn deleted_with_email(
    state: &AppState,
    actor: &Actor,
    email: &str,
) -> Result<Option<UserRecord>, ScimError> {
    let deleted = UserQuery {
        status: Some(Status::Deleted),
        ..UserQuery::matching(Expr::text_eq(TextAttr::Email, email))
    };
    first_match(state, actor, &deleted).await
}

/// An IdP provisions again someone it deleted: Roster restores them (their products and
/// role, seats allowing) and applies the new document, rather than refusing the address
/// until the purge; the IdP cannot see deleted users to do it any other way.
async fn reprovision(
    state: &AppState,
    actor: &Actor,
    headers: &HeaderMap,
    deleted: UserRecord,
    d: Desired,
) -> Result<Response, ScimError> {
    let mut restored = deleted.clone();
    restored.deleted_at = None;
    restored.status = Status::derive(restored.role, &restored.products, false);
    let mut steps = vec![Action::Restore];
    steps.extend(plan_update(&restored, d));
    apply_steps(state, actor, headers, &deleted, steps, StatusCode::CREATED).await
}

async fn update(
    state: &AppState,
    actor: &Actor,
    headers: &HeaderMap,
    cur: UserRecord,
    d: Desired,
) -> Result<Response, ScimError> {
    let expected = if_match(headers)?;
    if let Some(v) = expected {
        if v != cur.version {
            return Err(ScimError::new(
                StatusCode::PRECONDITION_FAILED,
                None,
                format!(
                    "the user changed since version {v} (now version {})",
                    cur.version
                ),
            ));
        }
    }
    check_user_name_free(state, actor, &d, Some(&cur.id)).await?;
    check_emails_free(state, actor, &d, Some(&cur.id)).await?;
    let steps = plan_update(&cur, d);
    apply_steps(state, actor, headers, &cur, steps, StatusCode::OK).await
}

/// Applies the steps to `cur` at its version, and answers the user as it then is.
async fn apply_steps(
    state: &AppState,
    actor: &Actor,
    headers: &HeaderMap,
    cur: &UserRecord,
    steps: Vec<Action>,
    status: StatusCode,
) -> Result<Response, ScimError> {
    let applied = state
        .service
        .change_user_steps(actor, &cur.id, Some(cur.version), steps, NOTIFY)
        .await?;
    Ok(user_response(
        status,
        &applied.user,
        &base_url(headers, state),
        &Projection::default(),
    ))
}

pub async fn replace(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ScimError> {
    let doc = json_object(&body)?;
    let cur = visible_user(&state, &actor, &id).await?;
    if let Some(Value::String(given)) = get_ci(&doc, "id") {
        if *given != cur.id {
            return Err(ScimError::bad("mutability", "id cannot be changed"));
        }
    }
    let d = from_scim(&doc, false)?;
    update(&state, &actor, &headers, cur, d).await
}

pub async fn modify(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ScimError> {
    let ops = Value::Object(json_object(&body)?);
    let cur = visible_user(&state, &actor, &id).await?;
    let base = base_url(&headers, &state);
    let Value::Object(mut doc) = to_scim(&cur, &base) else {
        return Err(ScimError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            "internal error",
        ));
    };
    // What the document said before the operations: only what they change is applied,
    // so values Roster only shows (a default email entry, say) are not written back.
    let before = user::from_scim(&doc, true).ok();
    patch::apply(&mut doc, &ops)?;
    let mut d = user::from_scim(&doc, true)?;
    if let Some(before) = before {
        if before.scim_extra == d.scim_extra {
            d.scim_extra = cur
                .extra
                .get(EXTRA_KEY)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
        }
        if before.locale == d.locale {
            d.locale = None;
        }
    }
    // The document starts with the current `active`: only a change of it is a request.
    if d.active == Some(cur.status == Status::Active) {
        d.active = None;
    }
    update(&state, &actor, &headers, cur, d).await
}

pub async fn delete(
    State(state): State<AppState>,
    ScimActor(actor): ScimActor,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ScimError> {
    let cur = visible_user(&state, &actor, &id).await?;
    let expected = if_match(&headers)?;
    state
        .service
        .change_user(&actor, &cur.id, expected, Action::Delete, NOTIFY)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
