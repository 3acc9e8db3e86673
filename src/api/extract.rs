//! The acting account of an API request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::auth::scope::Door;
use crate::http::actor::{token_actor, token_grant};
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

/// The bearer token of an access check: an `access` token (maybe bound to one product)
/// or an admin token, of one account.
pub struct AccessAsker {
    pub account_id: String,
    /// A product-bound token asks about its product only.
    pub product: Option<String>,
}

impl FromRequestParts<AppState> for AccessAsker {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        token_grant(state, &parts.headers, Door::AccessCheck)
            .await?
            .map(|g| AccessAsker {
                account_id: g.account_id,
                product: g.product,
            })
            .ok_or_else(HttpError::unauthorized)
    }
}
