//! /api/v1/users: list, get, create, patch, and the actions.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::error::{ApiError, ErrorBody, ErrorDetail};
use super::extract::{if_match, ApiActor, ApiJson, ApiQuery};
use super::types::*;
use crate::app::AppState;
use crate::domain::{Role, Status};
use crate::service::{Action, NewUser, UserPatch};
use crate::store::users::{SortKey, UserFilter, UserRecord};

const MIN_PASSWORD: usize = crate::service::password::MIN_PASSWORD_CHARS;

/// A user with its `ETag`.
pub fn user_response(status: StatusCode, u: &UserRecord) -> Response {
    let mut res = (status, Json(UserBody::from(u))).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", u.version)) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

fn parse_role(role: Option<&str>) -> Result<Option<Role>, ApiError> {
    role.map(|r| {
        r.parse::<Role>()
            .map_err(|e| ApiError::from(crate::service::ServiceError::from(e)))
    })
    .transpose()
}

fn check_password(p: &Option<String>) -> Result<(), ApiError> {
    match p {
        Some(p) if p.chars().count() < MIN_PASSWORD => Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            ..ApiError::bad_request(
                "password",
                format!("the password must have at least {MIN_PASSWORD} characters"),
            )
        }),
        _ => Ok(()),
    }
}

/// An explicit `notify=false`, in the query or the body, wins.
fn notify(query: Option<bool>, body: Option<bool>) -> bool {
    query.unwrap_or(true) && body.unwrap_or(true)
}

pub fn encode_cursor(sort: SortKey, u: &UserRecord) -> String {
    hex::encode(serde_json::json!([sort.as_str(), sort.value_of(u), u.id]).to_string())
}

fn decode_cursor(sort: SortKey, cursor: &str) -> Result<(String, String), ApiError> {
    let bad = || {
        ApiError::bad_request(
            "cursor",
            "invalid cursor; pass next_cursor from the previous page unchanged",
        )
    };
    let bytes = hex::decode(cursor).map_err(|_| bad())?;
    let (s, value, id): (String, String, String) =
        serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if s != sort.as_str() {
        return Err(ApiError::bad_request(
            "cursor",
            "the cursor belongs to another sort order",
        ));
    }
    Ok((value, id))
}

/// Builds a list filter from query parameters; shared with the portal's list.
pub fn filter_from(
    q: &ListQuery,
    catalog: &crate::domain::Catalog,
) -> Result<UserFilter, ApiError> {
    let status = q
        .status
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            Status::parse(s).ok_or_else(|| {
                ApiError::bad_request(
                    "status",
                    format!("unknown status '{s}' (active, suspended, deleted)"),
                )
            })
        })
        .transpose()?;
    let role = q
        .role
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|r| {
            r.parse::<Role>()
                .map_err(|e| ApiError::bad_request("role", e.to_string()))
        })
        .transpose()?;
    let product = q
        .product
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    if let Some(p) = &product {
        if catalog.get(p).is_none() {
            return Err(ApiError {
                field: Some("product"),
                ..ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "unknown_product",
                    format!("unknown product '{p}'"),
                )
            });
        }
    }
    let sort = match q.sort.as_deref().filter(|s| !s.is_empty()) {
        None => SortKey::Email,
        Some(s) => SortKey::parse(s).ok_or_else(|| {
            ApiError::bad_request("sort", format!("unknown sort '{s}' (email, name, created)"))
        })?,
    };
    let after = q
        .cursor
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(|c| decode_cursor(sort, c))
        .transpose()?;
    Ok(UserFilter {
        status,
        role,
        product,
        q: q.q.clone(),
        sort,
        after,
    })
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(ListQuery),
    responses((status = 200, body = UserPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_users(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<UserPage>, ApiError> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::bad_request(
            "limit",
            "limit must be between 1 and 500",
        ));
    }
    let filter = filter_from(&q, state.service.catalog())?;
    let mut users = state.service.list_users(&actor, &filter, limit + 1).await?;
    let more = users.len() > limit as usize;
    users.truncate(limit as usize);
    let next_cursor = if more {
        users.last().map(|u| encode_cursor(filter.sort, u))
    } else {
        None
    };
    let total = state
        .service
        .count_users(
            &actor,
            &UserFilter {
                after: None,
                ..filter
            },
        )
        .await?;
    Ok(Json(UserPage {
        users: users.iter().map(UserBody::from).collect(),
        total,
        next_cursor,
    }))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    responses((status = 200, body = UserBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub async fn get_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let u = state.service.get_user(&actor, &id).await?;
    Ok(user_response(StatusCode::OK, &u))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", params(NotifyQuery), request_body = CreateUser,
    responses((status = 201, body = UserBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(nq): ApiQuery<NotifyQuery>,
    ApiJson(body): ApiJson<CreateUser>,
) -> Result<Response, ApiError> {
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

fn patch_from(body: &PatchUser) -> Result<UserPatch, ApiError> {
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
    ApiQuery(nq): ApiQuery<NotifyQuery>,
    ApiJson(body): ApiJson<PatchUser>,
) -> Result<Response, ApiError> {
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
fn action_notify(body: &[u8]) -> Result<Option<bool>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice::<Option<ActionBody>>(body)
        .map(|b| b.and_then(|b| b.notify))
        .map_err(|e| {
            ApiError::new(
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
) -> Result<Response, ApiError> {
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
            ApiQuery(nq): ApiQuery<NotifyQuery>,
            body: axum::body::Bytes,
        ) -> Result<Response, ApiError> {
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
) -> Result<(StatusCode, Json<PasswordLinkBody>), ApiError> {
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
    ApiJson(body): ApiJson<PreviewRequest>,
) -> Result<Json<PreviewBody>, ApiError> {
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
            return Err(ApiError::bad_request(
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
            let e = ApiError::from(e);
            if e.status.is_server_error() {
                return Err(e);
            }
            Ok(Json(PreviewBody {
                allowed: false,
                error: Some(ErrorDetail {
                    code: e.code.to_string(),
                    message: e.message,
                    field: e.field.map(str::to_string),
                }),
                emails: vec![],
                user: None,
            }))
        }
    }
}
