//! The REST API v1 (DESIGN §4), documented by an OpenAPI document generated from the
//! handlers themselves: a route cannot exist without its documentation.

mod account;
mod audit;
mod bulk;
mod export;
mod extract;
mod import;
mod mail;
mod misc;
mod tokens;
pub mod types;
mod users;

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Roster API", version = "1", description = "Users, products, access checks and audit of a Roster account. Every change takes `notify` and honours `If-Match`."),
    modifiers(&BearerAuth),
    tags((name = "users"), (name = "access"), (name = "audit"), (name = "products"), (name = "tokens"), (name = "account"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every operation may answer 401 (no valid token) and 400 (malformed request); saying so
/// once here keeps the handlers' annotations about what is particular to them.
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{RefOr, ResponseBuilder};
        let response = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        utoipa::openapi::ContentBuilder::new()
                            .schema(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        for item in openapi.paths.paths.values_mut() {
            let ops = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in ops.into_iter().flatten() {
                let r = &mut op.responses.responses;
                r.entry("401".into())
                    .or_insert_with(|| response("no valid bearer token"));
                r.entry("400".into())
                    .or_insert_with(|| response("malformed request: query, JSON body or header"));
                if op.request_body.is_some() {
                    r.entry("415".into()).or_insert_with(|| {
                        response("the body is not of the documented content type")
                    });
                }
            }
        }
    }
}

pub fn router() -> Router<AppState> {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(bulk::bulk_users))
        .routes(routes!(
            users::get_user,
            users::patch_user,
            users::delete_user
        ))
        .routes(routes!(users::suspend_user))
        .routes(routes!(users::reactivate_user))
        .routes(routes!(users::restore_user))
        .routes(routes!(users::preview_change))
        .routes(routes!(users::send_password_link))
        .routes(routes!(import::import_users))
        .routes(routes!(misc::check_access))
        .routes(routes!(audit::list_history))
        .routes(routes!(audit::export_history))
        .routes(routes!(export::export_users))
        .routes(routes!(misc::list_products))
        .routes(routes!(misc::set_seats))
        .routes(routes!(mail::mail_status))
        .routes(routes!(mail::retry_mail))
        .routes(routes!(tokens::list_tokens, tokens::create_token))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(account::get_account, account::put_account))
        .split_for_parts();
    let mut doc = doc;
    CommonResponses.modify(&mut doc);
    let doc = std::sync::Arc::new(doc);
    router
        .route(
            "/api/v1/openapi.json",
            get(move || async move { Json(doc.as_ref().clone()) }),
        )
        .route("/api/v1/{*rest}", axum::routing::any(unknown_path))
        .layer(axum::middleware::from_fn(refuse_control_characters))
}

/// No control character in the path or a query parameter (a user id, `q`, a filter).
async fn refuse_control_characters(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match crate::http::input::check_uri(req.uri()) {
        Ok(()) => next.run(req).await,
        Err(bad) => crate::http::HttpError::from(bad).into_response(),
    }
}

async fn unknown_path(uri: axum::http::Uri) -> crate::http::HttpError {
    crate::http::HttpError::new(
        axum::http::StatusCode::NOT_FOUND,
        "not_found",
        format!("no such API path: {}", uri.path()),
    )
}
