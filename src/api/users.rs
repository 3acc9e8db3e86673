//! /api/v1/users: list, get, create, patch, and the actions.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::extract::ApiActor;
use super::types::*;
use crate::domain::query::PageAt;
use crate::domain::{limits, Role};
use crate::http::error::{ErrorBody, ErrorDetail, HttpError};
use crate::http::extract::{JsonBody, Params};
use crate::http::paging::{encode_cursor, ListFilters};
use crate::http::rfc3339;
use crate::http::version::{etag, if_match, set_etag};
use crate::http::AppState;
use crate::service::{Action, NewUser, UserPatch};
use crate::store::users::UserRecord;

const MIN_PASSWORD: usize = crate::service::password::MIN_PASSWORD_CHARS;

/// A user with its `ETag`.
pub fn user_response(status: StatusCode, u: &UserRecord) -> Response {
    let mut res = (status, Json(UserBody::from(u))).into_response();
    set_etag(&mut res, &etag(u.version));
    res
}

fn parse_role(role: Option<&str>) -> Result<Option<Role>, HttpError> {
    role.map(|r| {
        r.parse::<Role>()
            .map_err(|e| HttpError::from(crate::service::ServiceError::from(e)))
    })
    .transpose()
}

fn check_password(p: &Option<String>) -> Result<(), HttpError> {
    match p {
        Some(p) if p.chars().count() < MIN_PASSWORD => Err(HttpError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            ..HttpError::bad_request(
                "password",
                format!("the password must have at least {MIN_PASSWORD} characters"),
            )
        }),
        _ => Ok(()),
    }
}

/// The user fields of a body, as optional references, to check their bounds at once.
struct Fields<'a> {
    email: Option<&'a str>,
    first_name: Option<&'a str>,
    last_name: Option<&'a str>,
    locale: Option<&'a str>,
    role: Option<&'a str>,
    external_id: Option<&'a str>,
    products: Option<&'a [String]>,
    password: Option<&'a str>,
}

/// Refuses a text or a list beyond the bounds every channel keeps (`domain::limits`).
fn check_bounds(f: Fields) -> Result<(), HttpError> {
    let refuse = |field: &'static str, message: String| HttpError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        ..HttpError::bad_request(field, message)
    };
    let texts = [
        ("email", f.email, limits::EMAIL_CHARS),
        ("first_name", f.first_name, limits::NAME_CHARS),
        ("last_name", f.last_name, limits::NAME_CHARS),
        ("external_id", f.external_id, limits::NAME_CHARS),
        ("locale", f.locale, limits::TEXT_CHARS),
        ("role", f.role, limits::TEXT_CHARS),
    ];
    for (field, value, max) in texts {
        if let Some(v) = value {
            limits::check_chars(field, v, max).map_err(|m| refuse(field, m))?;
        }
    }
    if let Some(products) = f.products {
        limits::check_items("products", products.len()).map_err(|m| refuse("products", m))?;
        for p in products {
            limits::check_chars("products", p, limits::TEXT_CHARS)
                .map_err(|m| refuse("products", m))?;
        }
    }
    if let Some(p) = f.password {
        limits::check_password(p).map_err(|m| refuse("password", m))?;
    }
    Ok(())
}

/// An explicit `notify=false`, in the query or the body, wins.
fn notify(query: Option<bool>, body: Option<bool>) -> bool {
    query.unwrap_or(true) && body.unwrap_or(true)
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(ListQuery),
    responses((status = 200, body = UserPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_users(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Params(q): Params<ListQuery>,
) -> Result<Json<UserPage>, HttpError> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(HttpError::bad_request(
            "limit",
            "limit must be between 1 and 500",
        ));
    }
    let filters = ListFilters {
        status: q.status,
        role: q.role,
        product: q.product,
        q: q.q,
        sort: q.sort,
        cursor: q.cursor,
        inactive: q.inactive,
    };
    let (query, after) = filters.to_query(state.service.catalog())?;
    let page = state
        .service
        .search_users(&actor, &query, &PageAt::After(after), limit)
        .await?;
    Ok(Json(UserPage {
        users: page.users.iter().map(UserBody::from).collect(),
        total: page.total.value(),
        total_exact: page.total.is_exact(),
        next_cursor: page.next.map(|p| encode_cursor(query.order(), &p)),
    }))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    responses((status = 200, body = UserBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn get_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, HttpError> {
    let u = state.service.get_user(&actor, &id).await?;
    Ok(user_response(StatusCode::OK, &u))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", params(NotifyQuery), request_body = CreateUser,
    responses((status = 201, body = UserBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Params(nq): Params<NotifyQuery>,
    JsonBody(body): JsonBody<CreateUser>,
) -> Result<Response, HttpError> {
    check_bounds(Fields {
        email: Some(&body.email),
        first_name: Some(&body.first_name),
        last_name: Some(&body.last_name),
        locale: body.locale.as_deref(),
        role: body.role.as_deref(),
        external_id: body.external_id.as_deref(),
        products: body.products.as_deref(),
        password: body.password.as_deref(),
    })?;
    check_password(&body.password)?;
    let new = NewUser {
        email: body.email,
        first_name: body.first_name,
        last_name: body.last_name,
        locale: body.locale,
        role: parse_role(body.role.as_deref())?,
        products: body.products,
        password: body.password,
        external_id: body.external_id,
        extra: Default::default(),
    };
    let applied = state
        .service
        .create_user(&actor, new, notify(nq.notify, body.notify))
        .await?;
    let mut res = user_response(StatusCode::CREATED, &applied.user);
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/users/{}", applied.user.id)) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

fn patch_from(body: &PatchUser) -> Result<UserPatch, HttpError> {
    check_bounds(Fields {
        email: body.email.as_deref(),
        first_name: body.first_name.as_deref(),
        last_name: body.last_name.as_deref(),
        locale: body.locale.as_deref(),
        role: body.role.as_deref(),
        external_id: body.external_id.as_deref(),
        products: body.products.as_deref(),
        password: body.password.as_deref(),
    })?;
    check_password(&body.password)?;
    Ok(UserPatch {
        email: body.email.clone(),
        first_name: body.first_name.clone(),
        last_name: body.last_name.clone(),
        locale: body.locale.clone(),
        role: parse_role(body.role.as_deref())?,
        products: body.products.clone(),
        password: body.password.clone(),
        external_id: body.external_id.clone().map(Some),
        extra: None,
    })
}

#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(NotifyQuery), request_body = PatchUser,
    responses((status = 200, body = UserBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn patch_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    Params(nq): Params<NotifyQuery>,
    JsonBody(body): JsonBody<PatchUser>,
) -> Result<Response, HttpError> {
    let version = if_match(&headers)?;
    let patch = patch_from(&body)?;
    let applied = state
        .service
        .change_user(
            &actor,
            &id,
            version,
            Action::Update(patch),
            notify(nq.notify, body.notify),
        )
        .await?;
    Ok(user_response(StatusCode::OK, &applied.user))
}

/// The body of an action is optional: absent, empty or `{"notify": false}`.
fn action_notify(body: &[u8]) -> Result<Option<bool>, HttpError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice::<Option<ActionBody>>(body)
        .map(|b| b.and_then(|b| b.notify))
        .map_err(|e| {
            HttpError::new(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("invalid JSON body: {e}"),
            )
        })
}

async fn act(
    state: AppState,
    actor: crate::service::Actor,
    id: String,
    headers: HeaderMap,
    nq: NotifyQuery,
    body: axum::body::Bytes,
    action: Action,
) -> Result<Response, HttpError> {
    let version = if_match(&headers)?;
    let n = notify(nq.notify, action_notify(&body)?);
    let applied = state
        .service
        .change_user(&actor, &id, version, action, n)
        .await?;
    Ok(user_response(StatusCode::OK, &applied.user))
}

macro_rules! action_handler {
    ($name:ident, $method:ident, $path:literal, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path($method, path = $path, tag = "users", params(NotifyQuery), request_body(content = Option<ActionBody>),
            responses((status = 200, body = UserBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
                (status = 412, body = ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $name(
            State(state): State<AppState>,
            ApiActor(actor): ApiActor,
            Path(id): Path<String>,
            headers: HeaderMap,
            Params(nq): Params<NotifyQuery>,
            body: axum::body::Bytes,
        ) -> Result<Response, HttpError> {
            act(state, actor, id, headers, nq, body, $action).await
        }
    };
}

action_handler!(
    suspend_user,
    post,
    "/api/v1/users/{id}/suspend",
    Action::Suspend,
    "Suspends: takes every product and the role away in one change, remembering them."
);
action_handler!(
    reactivate_user,
    post,
    "/api/v1/users/{id}/reactivate",
    Action::Reactivate,
    "Gives back the role and products the user had just before being suspended."
);
action_handler!(delete_user, delete, "/api/v1/users/{id}", Action::Delete,
    "Deletes: hides the user, frees their seats, revokes access; restorable for the retention period.");
action_handler!(
    restore_user,
    post,
    "/api/v1/users/{id}/restore",
    Action::Restore,
    "Restores a deleted user with their products and role, seats allowing."
);

/// Emails the user (a manager or admin) a fresh one-time link to set a password, valid
/// for 7 days; older unused links stop working. The user itself does not change.
#[utoipa::path(post, path = "/api/v1/users/{id}/password-link", tag = "users",
    responses((status = 202, body = PasswordLinkBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn send_password_link(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<PasswordLinkBody>), HttpError> {
    let sent = state.service.send_password_link(&actor, &id).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(PasswordLinkBody {
            user_id: sent.user.id,
            to: sent.user.email,
            expires_at: rfc3339(sent.expires_at),
        }),
    ))
}

#[utoipa::path(post, path = "/api/v1/users/{id}/preview", tag = "users", request_body = PreviewRequest,
    responses((status = 200, body = PreviewBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn preview_change(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<PreviewRequest>,
) -> Result<Json<PreviewBody>, HttpError> {
    let version = if_match(&headers)?;
    let action = match body.action.as_deref() {
        None | Some("update") => Action::Update(patch_from(&PatchUser {
            email: body.email.clone(),
            first_name: body.first_name.clone(),
            last_name: body.last_name.clone(),
            locale: body.locale.clone(),
            role: body.role.clone(),
            products: body.products.clone(),
            ..PatchUser::default()
        })?),
        Some("suspend") => Action::Suspend,
        Some("reactivate") => Action::Reactivate,
        Some("delete") => Action::Delete,
        Some("restore") => Action::Restore,
        Some(other) => {
            return Err(HttpError::bad_request(
                "action",
                format!("unknown action '{other}' (suspend, reactivate, delete, restore)"),
            ))
        }
    };
    match state
        .service
        .preview_change(&actor, &id, version, action, body.notify.unwrap_or(true))
        .await
    {
        Ok(p) => Ok(Json(PreviewBody {
            allowed: true,
            error: None,
            emails: p
                .emails
                .into_iter()
                .map(|e| PreviewEmailBody {
                    to: e.to,
                    kind: e.kind.to_string(),
                    product: e.product,
                    subject: e.subject,
                })
                .collect(),
            user: Some(UserBody::from(&p.user)),
        })),
        Err(crate::service::ServiceError::NotFound(what)) => {
            Err(crate::service::ServiceError::NotFound(what).into())
        }
        Err(e) => {
            let e = HttpError::from(e);
            if e.status.is_server_error() {
                return Err(e);
            }
            Ok(Json(PreviewBody {
                allowed: false,
                error: Some(ErrorDetail {
                    code: e.code.to_string(),
                    message: e.message,
                    field: e.field.as_deref().map(str::to_string),
                }),
                emails: vec![],
                user: None,
            }))
        }
    }
}
