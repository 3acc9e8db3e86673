//! The acting account of an API request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::http::actor::token_actor;
use crate::http::{AppState, HttpError};
use crate::service::{Actor, Channel};

/// The bearer token's account, acting as an admin through the API.
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        token_actor(state, &parts.headers, Channel::Api)
            .await?
            .map(ApiActor)
            .ok_or_else(HttpError::unauthorized)
    }
}
