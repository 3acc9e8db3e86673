//! /api/v1/account: the account's settings (its products for new users).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::ApiActor;
use crate::domain::limits;
use crate::http::error::{ErrorBody, HttpError};
use crate::http::extract::JsonBody;
use crate::http::AppState;
use crate::service::new_user_products::AccountSettings;

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountBody {
    pub id: String,
    pub name: String,
    /// Products given to a user created without any (every channel), seats allowing.
    pub new_user_products: Vec<String>,
}

impl From<AccountSettings> for AccountBody {
    fn from(a: AccountSettings) -> AccountBody {
        AccountBody {
            id: a.id,
            name: a.name,
            new_user_products: a.new_user_products,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetAccount {
    /// Product keys; `[]` gives new users nothing.
    pub new_user_products: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/account", tag = "account",
    responses((status = 200, body = AccountBody)), security(("bearer" = [])))]
/// The token's account and its products for new users.
pub async fn get_account(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<AccountBody>, HttpError> {
    Ok(Json(state.service.account_settings(&actor).await?.into()))
}

#[utoipa::path(put, path = "/api/v1/account", tag = "account", request_body = SetAccount,
    responses((status = 200, body = AccountBody), (status = 400, description = "an unknown product key", body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
/// Sets the products given to users created without any. Admins only; audited.
pub async fn put_account(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<SetAccount>,
) -> Result<Json<AccountBody>, HttpError> {
    let keys = &body.new_user_products;
    limits::check_items("new_user_products", keys.len())
        .map_err(|m| HttpError::bad_request("new_user_products", m))?;
    for k in keys {
        limits::check_chars("new_user_products", k, limits::TEXT_CHARS)
            .map_err(|m| HttpError::bad_request("new_user_products", m))?;
    }
    let settings = state
        .service
        .set_new_user_products(&actor, keys)
        .await
        .map_err(|e| {
            let mut e = HttpError::from(e);
            if e.code == "unknown_product" {
                e.status = StatusCode::BAD_REQUEST;
                e.field = Some("new_user_products".into());
            }
            e
        })?;
    Ok(Json(settings.into()))
}
