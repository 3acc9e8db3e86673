//! SCIM 2.0 service provider (RFC 7643 / 7644) under `/scim/v2/`, for identity providers
//! (Okta, Microsoft Entra ID). Every change goes through the service, channel `scim`.
//!
//! How Roster reads SCIM (the choices an IdP administrator should know):
//! - `userName` is the email when it is an address; otherwise the address comes from the
//!   primary (or first) `emails` value and the userName is kept beside it, unique per
//!   account and filterable (Entra's `Test_User_...` names work).
//! - `entitlements` (value = product key) are the products, `roles` the one role.
//! - `active` reads true only when the user can sign in (Roster's derived status). `false`
//!   suspends; `true` reactivates with what the user had. A user who was never active (a
//!   member created without products) has nothing to give back: `active=true` then changes
//!   nothing and still reads false, until a product or a role is given.
//! - `preferredLanguage` (else `locale`) picks the email language among Roster's seven;
//!   another tag is kept as sent and the user keeps their language, so provisioning never
//!   fails over a language.
//! - Every other core and enterprise attribute (nickName, title, phoneNumbers, addresses,
//!   costCenter, manager...) is kept as sent, within the bounds of `domain::limits`, and
//!   read back by GET after POST, PUT and PATCH, so an IdP's next sync finds nothing to
//!   correct. Custom extensions (other `urn:` schemas) are accepted and ignored.
//! - DELETE is a Roster delete (restorable); provisioning the same address again restores
//!   the user and applies the new document.

mod discovery;
mod error;
mod filter;
mod patch;
mod plan;
mod query;
mod request;
mod user;
mod users;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{any, get, post};
use axum::Router;

use crate::http::AppState;
use error::{scim_json, ScimError};
use request::{base_url, ScimActor};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/scim/v2/Users", get(users::list).post(users::create))
        .route("/scim/v2/Users/.search", post(users::search))
        .route("/scim/v2/.search", post(users::search))
        .route(
            "/scim/v2/Users/{id}",
            get(users::get)
                .put(users::replace)
                .patch(users::modify)
                .delete(users::delete),
        )
        .route(
            "/scim/v2/ServiceProviderConfig",
            get(service_provider_config),
        )
        .route("/scim/v2/ResourceTypes", get(resource_types))
        .route("/scim/v2/ResourceTypes/{id}", get(resource_type))
        .route("/scim/v2/Schemas", get(schemas))
        .route("/scim/v2/Schemas/{id}", get(schema))
        .route("/scim/v2/{*rest}", any(unknown))
        .layer(axum::middleware::from_fn(refuse_control_characters))
}

/// No control character in the path or a query parameter (an id, a filter).
async fn refuse_control_characters(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use axum::response::IntoResponse;
    match crate::http::input::check_uri(req.uri()) {
        Ok(()) => next.run(req).await,
        Err(bad) if bad.field == "filter" => {
            ScimError::bad("invalidFilter", bad.message).into_response()
        }
        Err(bad) => ScimError::bad("invalidValue", bad.message).into_response(),
    }
}

async fn service_provider_config(
    State(state): State<AppState>,
    _: ScimActor,
    headers: HeaderMap,
) -> Response {
    let base = base_url(&headers, &state);
    scim_json(StatusCode::OK, &discovery::service_provider_config(&base))
}

async fn resource_types(
    State(state): State<AppState>,
    _: ScimActor,
    headers: HeaderMap,
) -> Response {
    let base = base_url(&headers, &state);
    scim_json(
        StatusCode::OK,
        &discovery::list(discovery::resource_types(&base)),
    )
}

fn by_id(items: Vec<serde_json::Value>, id: &str, what: &str) -> Result<Response, ScimError> {
    items
        .into_iter()
        .find(|t| t["id"].as_str().is_some_and(|i| i.eq_ignore_ascii_case(id)))
        .map(|t| scim_json(StatusCode::OK, &t))
        .ok_or_else(|| ScimError::not_found(what))
}

async fn resource_type(
    State(state): State<AppState>,
    _: ScimActor,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ScimError> {
    by_id(
        discovery::resource_types(&base_url(&headers, &state)),
        &id,
        "resource type",
    )
}

async fn schemas(State(state): State<AppState>, _: ScimActor, headers: HeaderMap) -> Response {
    let base = base_url(&headers, &state);
    let all = discovery::schemas(&base, state.service.catalog());
    scim_json(StatusCode::OK, &discovery::list(all))
}

async fn schema(
    State(state): State<AppState>,
    _: ScimActor,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ScimError> {
    let base = base_url(&headers, &state);
    by_id(
        discovery::schemas(&base, state.service.catalog()),
        &id,
        "schema",
    )
}

async fn unknown(_: ScimActor) -> ScimError {
    ScimError::not_found("SCIM endpoint")
}
