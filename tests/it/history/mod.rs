//! The account's history (`GET /api/v1/audit` without `user`, its CSV export) and the
//! users' export, on both stores.

mod audit;
mod browser;
mod export;
mod portal;

use reqwest::Method;
use serde_json::Value;

use crate::support::TestApp;

/// GET a JSON API path with the app's token: (status, body).
pub async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let res = app.api(Method::GET, path).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// GET a CSV download with a token: (status, content type, disposition, rows incl. header).
pub async fn get_csv(
    app: &TestApp,
    token: &str,
    path: &str,
) -> (u16, String, String, Vec<Vec<String>>) {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let header = |h: &str| {
        res.headers()
            .get(h)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (ctype, disposition) = (header("content-type"), header("content-disposition"));
    let text = res.text().await.unwrap();
    let rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (status, ctype, disposition, rows)
}
