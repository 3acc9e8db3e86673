//! POST /api/v1/users/bulk: one action for many users (DESIGN §4).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::ApiActor;
use crate::domain::bulk::BulkAction;
use crate::domain::{limits, Role};
use crate::http::error::{ErrorBody, HttpError};
use crate::http::extract::JsonBody;
use crate::http::paging::ListFilters;
use crate::http::AppState;
use crate::service::bulk::{BulkReport, BulkRequest, BulkSelection, MAX_IDS};
use crate::service::ServiceError;

/// The list's filters, selecting every user they match.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct BulkFilter {
    /// active, suspended or deleted.
    pub status: Option<String>,
    pub role: Option<String>,
    /// A product key.
    pub product: Option<String>,
    /// Text in the email or the name.
    pub q: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkBody {
    /// User ids (at most 10,000); or give `filter`.
    pub users: Option<Vec<String>>,
    pub filter: Option<BulkFilter>,
    /// add_products, remove_products, set_role, suspend, reactivate, delete or restore.
    pub action: String,
    /// For add_products and remove_products.
    pub products: Option<Vec<String>>,
    /// For set_role.
    pub role: Option<String>,
    /// Default true; false skips the products/role emails (not getting-started).
    pub notify: Option<bool>,
    /// Answer what would happen and change nothing.
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkRefusalBody {
    pub id: String,
    pub email: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkAnswer {
    pub matched: u64,
    pub changed: u64,
    pub unchanged: u64,
    pub refused: Vec<BulkRefusalBody>,
    /// Emails per template: products_changed, role_changed, getting_started.
    pub emails: BTreeMap<String, u64>,
    /// Shared by the audit events of the users changed (absent in a dry run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<String>,
}

impl From<BulkReport> for BulkAnswer {
    fn from(r: BulkReport) -> BulkAnswer {
        BulkAnswer {
            matched: r.matched,
            changed: r.changed,
            unchanged: r.unchanged,
            refused: r
                .refused
                .into_iter()
                .map(|x| BulkRefusalBody {
                    id: x.id,
                    email: x.email,
                    code: x.code.to_string(),
                    message: x.message,
                })
                .collect(),
            emails: r.emails,
            batch_id: r.batch_id,
        }
    }
}

/// The request as the service takes it; a 4xx names what is wrong.
pub fn bulk_request(state: &AppState, body: BulkBody) -> Result<BulkRequest, HttpError> {
    let catalog = state.service.catalog();
    let selection = match (body.users, body.filter) {
        (Some(ids), None) => {
            if ids.len() > MAX_IDS {
                return Err(HttpError::bad_request(
                    "users",
                    format!("at most {MAX_IDS} ids per request; select more with a filter"),
                ));
            }
            for id in &ids {
                limits::check_chars("users", id, limits::TEXT_CHARS)
                    .map_err(|m| HttpError::bad_request("users", m))?;
            }
            BulkSelection::Ids(ids)
        }
        (None, Some(f)) => {
            let filters = ListFilters {
                status: f.status,
                role: f.role,
                product: f.product,
                q: f.q,
                sort: None,
                cursor: None,
                inactive: None,
            };
            BulkSelection::Filter(filters.to_query(catalog)?.0)
        }
        _ => {
            return Err(HttpError::bad_request(
                "users",
                "give either 'users' (a list of ids) or 'filter'",
            ))
        }
    };
    let products = body.products.unwrap_or_default();
    limits::check_items("products", products.len())
        .map_err(|m| HttpError::bad_request("products", m))?;
    let products = catalog.parse_keys(&products).map_err(|e| {
        let mut e = HttpError::from(ServiceError::from(e));
        e.status = axum::http::StatusCode::BAD_REQUEST;
        e
    })?;
    let role = body
        .role
        .as_deref()
        .map(|r| r.parse::<Role>())
        .transpose()
        .map_err(|e| HttpError::from(ServiceError::from(e)))?;
    let action = BulkAction::parse(&body.action, products, role)
        .map_err(|e| HttpError::from(ServiceError::from(e)))?;
    Ok(BulkRequest {
        selection,
        action,
        notify: body.notify.unwrap_or(true),
        dry_run: body.dry_run,
    })
}

#[utoipa::path(post, path = "/api/v1/users/bulk", tag = "users", request_body = BulkBody,
    responses((status = 200, body = BulkAnswer), (status = 409, description = "a seat shortage over the selection: nothing changed", body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
/// One action for a list of users or every user a filter selects. Each user goes through
/// the rules of a single change (refusals are reported, the others applied) and gets
/// their own audit event (sharing one batch id) and emails. There is no `If-Match` per
/// user: each is decided on their current version. `dry_run` changes nothing.
pub async fn bulk_users(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    JsonBody(body): JsonBody<BulkBody>,
) -> Result<Json<BulkAnswer>, HttpError> {
    let req = bulk_request(&state, body)?;
    Ok(Json(state.service.bulk_change(&actor, &req).await?.into()))
}
