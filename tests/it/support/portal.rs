//! Typed helpers for the portal: people with a password, a signed-in browser session
//! (cookie and CSRF token) and its forms, so tests read as the rule they check.

use serde_json::{json, Value};

use super::TestApp;

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

/// A signed-in portal session: a cookie-keeping client and the session's CSRF token.
pub struct Portal {
    pub client: reqwest::Client,
    pub csrf: String,
    base: String,
}

impl TestApp {
    /// Signs `email` in through the form and reads the session's CSRF token.
    pub async fn portal(&self, email: &str, password: &str) -> Portal {
        let client = signed_in(self, email, password).await;
        let html = client
            .get(self.url("/users"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        Portal {
            client,
            csrf: hidden(&html, "csrf"),
            base: self.base.clone(),
        }
    }
}

impl Portal {
    /// A page's status and HTML.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// Posts a form with the session's CSRF token and the portal's own Origin.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        self.client
            .post(format!("{}{path}", self.base))
            .header("Origin", self.base.as_str())
            .form(&form)
            .send()
            .await
            .unwrap()
    }
}
