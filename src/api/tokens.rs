//! /api/v1/tokens: an admin lists, creates and revokes the account's API tokens. A new
//! token's secret is in the creation's answer only; only its digest is stored.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::ApiActor;
use crate::auth::scope::Scope;
use crate::http::error::{ErrorBody, HttpError};
use crate::http::extract::JsonBody;
use crate::http::rfc3339;
use crate::http::AppState;
use crate::service::tokens::NewToken;
use crate::store::tokens::TokenRecord;

/// An API token, never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenBody {
    pub id: String,
    pub name: String,
    pub scope: Scope,
    /// The product an access or events token is bound to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    /// `active`, `expired` or `revoked`.
    pub state: String,
}

impl TokenBody {
    fn of(t: TokenRecord, now: i64) -> TokenBody {
        let state = match (t.revoked_at, t.expires_at) {
            (Some(_), _) => "revoked",
            (None, Some(at)) if at <= now => "expired",
            _ => "active",
        };
        TokenBody {
            scope: Scope::parse(&t.scope).unwrap_or(Scope::Admin),
            id: t.id,
            name: t.name,
            product: t.product,
            created_at: rfc3339(t.created_at),
            expires_at: t.expires_at.map(rfc3339),
            revoked_at: t.revoked_at.map(rfc3339),
            state: state.to_string(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenList {
    pub tokens: Vec<TokenBody>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    /// A label to recognise the token by.
    pub name: String,
    /// `admin` (default), `scim`, `access` or `events`.
    #[serde(default)]
    pub scope: Option<Scope>,
    /// Binds an `access` or `events` token to one product.
    #[serde(default)]
    pub product: Option<String>,
    /// Days until the token expires; never when absent.
    #[serde(default)]
    pub expires_days: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    #[serde(flatten)]
    pub token: TokenBody,
    /// The bearer secret: shown this once.
    pub secret: String,
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    responses((status = 200, body = TokenList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
/// The account's API tokens, newest first (revoked and expired ones too).
pub async fn list_tokens(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<TokenList>, HttpError> {
    let now = state.service.now_ms();
    let tokens = state.service.tokens(&actor).await?;
    Ok(Json(TokenList {
        tokens: tokens.into_iter().map(|t| TokenBody::of(t, now)).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = CreateToken,
    responses((status = 201, body = CreatedToken), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, description = "bad name, product, scope binding or expiry", body = ErrorBody)),
    security(("bearer" = [])))]
/// Creates a token; its secret is in this answer only.
pub async fn create_token(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<CreateToken>,
) -> Result<(StatusCode, Json<CreatedToken>), HttpError> {
    let new = NewToken {
        name: body.name,
        scope: body.scope.unwrap_or(Scope::Admin),
        product: body.product,
        expires_days: body.expires_days,
    };
    let (record, secret) = state.service.issue_token(&actor, new).await?;
    let now = state.service.now_ms();
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            token: TokenBody::of(record, now),
            secret,
        }),
    ))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens",
    params(("id" = String, Path, description = "The token's id")),
    responses((status = 204, description = "revoked: refused from now on, on every instance"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "no such live token in the account", body = ErrorBody)),
    security(("bearer" = [])))]
/// Revokes a token.
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<String>,
) -> Result<StatusCode, HttpError> {
    state.service.revoke_token(&actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
