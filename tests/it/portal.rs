//! The admin portal over HTTP and in a real headless Chromium, on both stores.

mod browser_flows;
mod crawl;
mod http;
mod pages_browser;
mod pages_http;

use serde_json::{json, Value};

use crate::support::TestApp;

pub const PASSWORD: &str = "portal-password-1";

/// Creates a user with a password over the API; answers its JSON.
pub async fn person(
    app: &TestApp,
    email: &str,
    role: &str,
    products: &[&str],
    locale: &str,
) -> Value {
    let (first, last) = email
        .split_once('@')
        .map(|(n, _)| (n, "Tester"))
        .unwrap_or((email, "Tester"));
    app.create_user(json!({
        "email": email, "first_name": first, "last_name": last, "locale": locale,
        "role": role, "products": products, "password": PASSWORD
    }))
    .await
}

/// A client that keeps cookies and does not follow redirects.
pub fn cookie_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Signs in through the form with a cookie-keeping client.
pub async fn signed_in(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = cookie_client();
    let res = client
        .post(app.url("/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "sign-in of {email} refused");
    client
}

/// The value of the first hidden field `name` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

pub async fn api_user(app: &TestApp, id: &str) -> Value {
    app.api(reqwest::Method::GET, &format!("/api/v1/users/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
