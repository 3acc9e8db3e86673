//! The admin portal: server-rendered pages under `/`. Every change goes through the
//! service like any other channel (`portal` in the audit).

mod audit_page;
mod bulk;
mod form;
mod history;
mod import_page;
mod licences;
mod list;
mod login;
mod new_user;
mod page;
mod password;
mod session;
mod text;
mod user_forms;
mod user_page;
mod widgets;

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::http::AppState;

const STYLESHEET: &str = include_str!("../../templates/web/portal.css");
const SCRIPT: &str = include_str!("../../templates/web/portal.js");

/// A static asset compiled into the binary.
fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}

/// Whether an `Origin` (or `Referer`) names the host the request was sent to.
fn same_host(source: &str, host: &str) -> bool {
    let rest = source
        .strip_prefix("http://")
        .or_else(|| source.strip_prefix("https://"))
        .unwrap_or("");
    rest.split('/').next() == Some(host)
}

/// Whether an `Origin` is the portal's public origin (`--public-url`): same scheme, host
/// and port, compared without regard to case.
fn same_origin_as(origin: &str, public_url: &str) -> bool {
    fn origin_of(url: &str) -> Option<String> {
        let (scheme, rest) = url.split_once("://")?;
        let authority = rest.split(['/', '?', '#']).next()?;
        let authority = match scheme.to_ascii_lowercase().as_str() {
            "http" => authority.strip_suffix(":80").unwrap_or(authority),
            "https" => authority.strip_suffix(":443").unwrap_or(authority),
            _ => authority,
        };
        Some(format!("{scheme}://{authority}").to_ascii_lowercase())
    }
    matches!((origin_of(origin), origin_of(public_url)), (Some(a), Some(b)) if a == b)
}

/// Refuses a form posted from another site. Browsers send `Origin` with every POST;
/// scripts that send none (curl, tests) are let through and meet the CSRF token instead.
/// This is what protects the sign-in form, which has no session yet. With `--public-url`
/// the origin must be that one (a proxy may rewrite `Host`, and a client may forge it);
/// without, it must name the `Host` the request was sent to.
async fn same_origin(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() == Method::POST {
        let headers = req.headers();
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let cross_site = headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"cross-site");
        let origin_ok = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(o) => match &state.settings.public_url {
                Some(public) => same_origin_as(o, public),
                None => same_host(o, host),
            },
        };
        if cross_site || !origin_ok {
            return (StatusCode::FORBIDDEN, "cross-site form refused").into_response();
        }
    }
    next.run(req).await
}

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { page::see_other("/users") }))
        .route(
            "/portal.css",
            get(|| async { asset(STYLESHEET, "text/css; charset=utf-8") }),
        )
        .route(
            "/portal.js",
            get(|| async { asset(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route("/login", get(login::show).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/lang", get(login::switch_lang))
        .route("/users", get(list::list))
        .route("/users/export", get(list::export))
        .route("/audit", get(audit_page::show))
        .route("/audit/export", get(audit_page::export))
        .route("/import", get(import_page::show).post(import_page::check))
        .route("/import/apply", post(import_page::apply))
        .route("/licences", get(licences::show))
        .route(
            "/licences/new-user-products",
            post(licences::set_new_user_products),
        )
        .route("/licences/{key}", post(licences::set_seats))
        .route("/users/new", get(new_user::show).post(new_user::submit))
        .route("/users/bulk", post(bulk::submit))
        .route("/users/{id}", get(user_page::show))
        .route("/users/{id}/products", post(user_forms::products))
        .route("/users/{id}/role", post(user_forms::role))
        .route("/users/{id}/profile", post(user_forms::profile))
        .route("/users/{id}/suspend", post(user_forms::suspend))
        .route("/users/{id}/reactivate", post(user_forms::reactivate))
        .route("/users/{id}/delete", post(user_forms::delete))
        .route("/users/{id}/restore", post(user_forms::restore))
        .route("/users/{id}/password-link", post(user_forms::password_link))
        .route(
            "/password/{secret}",
            get(password::show).post(password::submit),
        )
        .layer(middleware::from_fn_with_state(state, same_origin))
        .layer(middleware::from_fn(refuse_control_characters))
}

/// Largest form the portal reads (the sign-in and user forms are a few hundred bytes).
const MAX_FORM: usize = 64 * 1024;

/// No control character in the path, a query parameter or a posted form field (a NUL in
/// the sign-in form would otherwise reach the database): a 400 naming the field.
async fn refuse_control_characters(req: Request, next: Next) -> Response {
    use crate::http::input::{check_pairs, check_uri};
    if let Err(bad) = check_uri(req.uri()) {
        return (StatusCode::BAD_REQUEST, bad.message).into_response();
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !is_form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "the form is too large").into_response();
    };
    if let Err(bad) = check_pairs(&bytes) {
        return (StatusCode::BAD_REQUEST, bad.message).into_response();
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::{same_host, same_origin_as};

    #[test]
    fn origin_must_be_the_public_one() {
        assert!(same_origin_as(
            "https://roster.example",
            "https://roster.example/"
        ));
        assert!(same_origin_as(
            "https://Roster.Example",
            "https://roster.example:443"
        ));
        assert!(!same_origin_as(
            "http://roster.example",
            "https://roster.example"
        ));
        assert!(!same_origin_as(
            "https://roster.example:8443",
            "https://roster.example"
        ));
        assert!(!same_origin_as(
            "https://evil.example",
            "https://roster.example"
        ));
        assert!(!same_origin_as("null", "https://roster.example"));
    }

    #[test]
    fn origin_must_name_this_host() {
        assert!(same_host("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assert!(same_host("https://roster.example/", "roster.example"));
        assert!(!same_host("https://evil.example", "roster.example"));
        assert!(!same_host("null", "roster.example"));
    }
}
