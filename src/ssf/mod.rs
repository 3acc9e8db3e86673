//! The Shared Signals transmitter's HTTP side (SSF 1.0): discovery at
//! `/.well-known/ssf-configuration`, the JWKS, stream management (configuration, status,
//! verification) and the RFC 8936 poll endpoint. Management and polls take an `events`
//! (or `admin`) bearer token; a product-bound token sees that product's streams only.

mod types;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::auth::scope::Door;
use crate::http::actor::token_grant;
use crate::http::extract::{JsonBody, Params};
use crate::http::{AppState, HttpError};
use crate::service::streams::{Receiver, POLL};
use crate::service::ServiceError;
use crate::store::signal_events::PUSH;
use types::{PollIn, PollOut, StatusJson, StreamIdQuery, StreamIn, StreamOut, VerifyIn};

pub const CONFIGURATION_PATH: &str = "/ssf/streams";
pub const STATUS_PATH: &str = "/ssf/status";
pub const VERIFICATION_PATH: &str = "/ssf/verify";
pub const JWKS_PATH: &str = "/ssf/jwks.json";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/.well-known/ssf-configuration", get(configuration))
        .route(JWKS_PATH, get(jwks))
        .route(
            CONFIGURATION_PATH,
            get(read_streams)
                .post(create_stream)
                .patch(update_stream)
                .put(replace_stream)
                .delete(delete_stream),
        )
        .route(STATUS_PATH, get(read_status).post(update_status))
        .route(VERIFICATION_PATH, post(verify))
        .route("/ssf/poll/{stream_id}", post(poll))
}

/// The receiver a bearer token stands for, if its scope opens stream management.
pub struct ReceiverAuth(pub Receiver);

impl FromRequestParts<AppState> for ReceiverAuth {
    type Rejection = SsfError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let grant = token_grant(state, &parts.headers, Door::Signals)
            .await?
            .ok_or_else(HttpError::unauthorized)?;
        Ok(ReceiverAuth(Receiver {
            account_id: grant.account_id,
            product: grant.product,
            label: format!("token:{}", grant.token_id),
        }))
    }
}

/// The API's error shape, but SSF 1.0 answers 400 to any invalid request (the API's 422).
pub struct SsfError(HttpError);

impl From<ServiceError> for SsfError {
    fn from(e: ServiceError) -> SsfError {
        let mut e = HttpError::from(e);
        if e.status == StatusCode::UNPROCESSABLE_ENTITY {
            e.status = StatusCode::BAD_REQUEST;
        }
        SsfError(e)
    }
}

impl From<HttpError> for SsfError {
    fn from(e: HttpError) -> SsfError {
        SsfError(e)
    }
}

impl IntoResponse for SsfError {
    fn into_response(self) -> Response {
        self.0.into_response()
    }
}

fn required_stream_id(q: StreamIdQuery) -> Result<String, SsfError> {
    Ok(q.stream_id
        .ok_or_else(|| HttpError::bad_request("stream_id", "stream_id is required"))?)
}

/// Management answers are never cached (SSF's examples carry the same header).
fn no_store(status: StatusCode, body: impl serde::Serialize) -> Response {
    let mut res = (status, Json(body)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Transmitter configuration metadata (SSF 1.0 §7.1).
async fn configuration(State(state): State<AppState>) -> Response {
    let issuer = state.service.issuer();
    let body = json!({
        "spec_version": "1_0",
        "issuer": issuer,
        "jwks_uri": format!("{issuer}{JWKS_PATH}"),
        "delivery_methods_supported": [PUSH, POLL],
        "configuration_endpoint": format!("{issuer}{CONFIGURATION_PATH}"),
        "status_endpoint": format!("{issuer}{STATUS_PATH}"),
        "verification_endpoint": format!("{issuer}{VERIFICATION_PATH}"),
        "authorization_schemes": [{"spec_urn": "urn:ietf:rfc:6750"}],
        "default_subjects": "ALL",
    });
    Json(body).into_response()
}

async fn jwks(State(state): State<AppState>) -> Result<Response, SsfError> {
    let set = state.service.jwks().await?;
    let mut res = Json(set).into_response();
    // Receivers may cache the keys briefly; a rotation keeps the old one published.
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(res)
}

async fn read_streams(
    State(state): State<AppState>,
    ReceiverAuth(rx): ReceiverAuth,
    Params(q): Params<StreamIdQuery>,
) -> Result<Response, SsfError> {
    let service = &state.service;
    match q.stream_id {
        Some(id) => {
            let s = service.stream(&rx, &id).await?;
            Ok(no_store(StatusCode::OK, StreamOut::of(service, &s)))
        }
        None => {
            let all: Vec<StreamOut> = service
                .streams(&rx, None)
                .await?
                .iter()
                .map(|s| StreamOut::of(service, s))
                .collect();
            Ok(no_store(StatusCode::OK, all))
        }
    }
}

async fn create_stream(
    State(state): State<AppState>,
    ReceiverAuth(rx): ReceiverAuth,
    JsonBody(body): JsonBody<StreamIn>,
) -> Result<Response, SsfError> {
    let s = state.service.create_stream(&rx, body.spec()?).await?;
    Ok(no_store(
        StatusCode::CREATED,
        StreamOut::of(&state.service, &s),
    ))
}

async fn update_stream(
    State(state): State<AppState>,
    ReceiverAuth(rx): ReceiverAuth,
    JsonBody(body): JsonBody<StreamIn>,
) -> Result<Response, SsfError> {
    change_stream(&state.service, &rx, &body, Change::Update).await
}

async fn replace_stream(
    State(state): State<AppState>,
    ReceiverAuth(rx): ReceiverAuth,
    JsonBody(body): JsonBody<StreamIn>,
) -> Result<Response, SsfError> {
    change_stream(&state.service, &rx, &body, Change::Replace).await
}

enum Change {
    /// PATCH: the members given change.
    Update,
    /// PUT: the whole receiver-supplied configuration.
    Replace,
}

/// Updates or replaces the receiver's stream the body names; the members Roster supplies
/// must be left as they are (SSF 1.0 §8.1.1.3).
async fn change_stream(
    service: &crate::service::Service,
    rx: &Receiver,
    body: &StreamIn,
    change: Change,
) -> Result<Response, SsfError> {
    let id = body.stream_id()?;
    let current = service.stream(rx, id).await?;
    body.check_transmitter_members(&StreamOut::of(service, &current))?;
    let s = match change {
        Change::Update => service.update_stream(rx, id, body.patch()?).await?,
        Change::Replace => service.replace_stream(rx, id, body.spec()?).await?,
    };
    Ok(no_store(StatusCode::OK, StreamOut::of(service, &s)))
}

async fn delete_stream(
    State(state): State<AppState>,
    ReceiverAuth(rx): ReceiverAuth,
    Params(q): Params<StreamIdQuery>,
) -> Result<Response, SsfError> {
    let id = required_stream_id(q)?;
    state.service.delete_stream(&rx, &id).await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn read_status(
    State(state): State<AppState>,
    ReceiverAuth(rx): ReceiverAuth,
    Params(q): Params<StreamIdQuery>,
) -> Result<Response, SsfError> {
    let id = required_stream_id(q)?;
    let s = state.service.stream(&rx, &id).await?;
    Ok(no_store(StatusCode::OK, StatusJson::of(&s)))
}

async fn update_status(
    State(state): State<AppState>,
    ReceiverAuth(rx): ReceiverAuth,
    JsonBody(body): JsonBody<StatusJson>,
) -> Result<Response, SsfError> {
    let s = state
        .service
        .set_stream_status(&rx, &body.stream_id, body.status()?, body.reason.clone())
        .await?;
    Ok(no_store(StatusCode::OK, StatusJson::of(&s)))
}

async fn verify(
    State(state): State<AppState>,
    ReceiverAuth(rx): ReceiverAuth,
    JsonBody(body): JsonBody<VerifyIn>,
) -> Result<Response, SsfError> {
    state
        .service
        .request_verification(&rx, &body.stream_id, body.state)
        .await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// RFC 8936: acknowledge what was received, get what is pending.
async fn poll(
    State(state): State<AppState>,
    ReceiverAuth(rx): ReceiverAuth,
    Path(stream_id): Path<String>,
    JsonBody(body): JsonBody<PollIn>,
) -> Result<Response, SsfError> {
    let answer = state
        .service
        .poll_stream(&rx, &stream_id, body.request())
        .await?;
    Ok(no_store(
        StatusCode::OK,
        PollOut {
            sets: answer.sets.into_iter().collect(),
            more_available: answer.more_available,
        },
    ))
}
