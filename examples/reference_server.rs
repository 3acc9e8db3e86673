//! The yardstick of `scripts/bench_scale.sh`: the least an axum server can do to answer an
//! access check (a query string parsed, a map looked up, a small JSON body written), so
//! Roster's access check is measured as a ratio to it on the same machine and run.
//!
//! `cargo run --release --example reference_server -- 127.0.0.1:8099`

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
struct Ask {
    user: String,
    product: String,
}

async fn access(
    State(users): State<Arc<HashMap<String, bool>>>,
    Query(q): Query<Ask>,
) -> Json<Value> {
    let allowed = users.get(&q.user).copied().unwrap_or(false) && !q.product.is_empty();
    Json(json!({"allowed": allowed, "status": "active", "reason": "ok", "user_id": q.user}))
}

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8099".into());
    let users: HashMap<String, bool> = (0..1_000u32).map(|i| (format!("u{i}"), true)).collect();
    let app = Router::new()
        .route("/api/v1/access", get(access))
        .with_state(Arc::new(users));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
