//! /api/v1/access, /api/v1/products.

use axum::extract::{Path, State};
use axum::Json;

use super::extract::{AccessAsker, ApiActor};
use super::types::*;
use crate::http::error::{ErrorBody, HttpError};
use crate::http::extract::{JsonBody, Params};
use crate::http::AppState;
use crate::service::accounts::ProductSeats;

#[utoipa::path(get, path = "/api/v1/access", tag = "access", params(AccessQuery),
    responses((status = 200, body = AccessBody), (status = 400, body = ErrorBody), (status = 403, description = "a product-bound token asked about another product, or a token of another scope", body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
/// May this person use this product now? The question a product asks at sign-in.
pub async fn check_access(
    State(state): State<AppState>,
    asker: AccessAsker,
    Params(q): Params<AccessQuery>,
) -> Result<Json<AccessBody>, HttpError> {
    let user = Some(q.user)
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| {
            HttpError::bad_request(
                "user",
                "the query parameter 'user' (an id or email) is required",
            )
        })?;
    let product = Some(q.product)
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| {
            HttpError::bad_request(
                "product",
                "the query parameter 'product' (a product key) is required",
            )
        })?;
    let product = product.trim();
    if asker.product.as_deref().is_some_and(|p| p != product) {
        return Err(HttpError::new(
            axum::http::StatusCode::FORBIDDEN,
            "forbidden",
            format!(
                "this token is bound to the product '{}' and cannot ask about '{product}'",
                asker.product.as_deref().unwrap_or_default()
            ),
        ));
    }
    let a = state
        .service
        .check_access(&asker.account_id, &user, product)
        .await
        .map_err(|e| {
            let mut e = HttpError::from(e);
            if e.code == "not_found" {
                // An unknown person is a "no" to the product asking.
                state.metrics.access_answer(false);
            }
            if e.code == "unknown_product" {
                e.status = axum::http::StatusCode::BAD_REQUEST;
                e.field = Some("product".into());
            }
            e
        })?;
    state.metrics.access_answer(a.allowed);
    Ok(Json(AccessBody {
        allowed: a.allowed,
        status: a.status.as_str().to_string(),
        reason: a.reason.to_string(),
        user_id: a.user_id,
    }))
}

fn product_body(p: ProductSeats) -> ProductBody {
    ProductBody {
        key: p.key,
        name: p.name,
        getting_started_email: p.getting_started_email,
        seats_used: p.seats_used,
        seats: p.seats,
        seats_available: p.seats_available,
    }
}

#[utoipa::path(get, path = "/api/v1/products", tag = "products",
    responses((status = 200, body = ProductList)), security(("bearer" = [])))]
/// The catalog with the account's seats used and available.
pub async fn list_products(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<ProductList>, HttpError> {
    let products = state.service.products(&actor).await?;
    Ok(Json(ProductList {
        products: products.into_iter().map(product_body).collect(),
    }))
}

#[utoipa::path(put, path = "/api/v1/products/{key}", tag = "products", request_body = SetSeats,
    responses((status = 200, body = ProductBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
/// Sets the account's seat limit of a product (null = unlimited). Admins only.
pub async fn set_seats(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(key): Path<String>,
    JsonBody(body): JsonBody<SetSeats>,
) -> Result<Json<ProductBody>, HttpError> {
    if state.service.catalog().get(&key).is_none() {
        return Err(HttpError::new(
            axum::http::StatusCode::NOT_FOUND,
            "not_found",
            format!("unknown product '{key}'"),
        ));
    }
    Ok(Json(product_body(
        state.service.set_seats(&actor, &key, body.seats).await?,
    )))
}
