//! Commit → arrival of pushed events over 100 users: a measurement, not an assertion
//! (run by `scripts/signal-latency.sh`, ignored in the suite).

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;

use super::receiver::Receiver;
use super::{events_token, push_stream, start_push};
use crate::support::{spawn_app, Backend};

async fn measure(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let worker = start_push(&app);
    let rx = Receiver::start().await;
    let token = events_token(&app, None).await;
    push_stream(&app, &token, &rx.url(), json!({})).await;
    let mut ids = Vec::new();
    for i in 0..100 {
        let u = app
            .create_user(json!({"email": format!("m{i}@acme.test"), "products": ["room"]}))
            .await;
        ids.push(u["id"].as_str().unwrap().to_string());
    }
    // One suspension at a time: the answer comes right after the commit, so the time from
    // the answer to the first event's arrival is commit → arrival (slightly less).
    let mut latencies = Vec::new();
    for id in &ids {
        let before = rx.arrivals().len();
        let res = app
            .api(Method::POST, &format!("/api/v1/users/{id}/suspend"))
            .send()
            .await
            .unwrap();
        let committed = Instant::now();
        assert_eq!(res.status(), 200);
        let got = rx.wait_for(before + 2, Duration::from_secs(10)).await;
        let first = got[before..].iter().map(|a| a.at).min().unwrap();
        latencies.push(first.saturating_duration_since(committed));
    }
    latencies.sort();
    let p =
        |q: f64| latencies[((latencies.len() as f64 * q).ceil() as usize).min(latencies.len()) - 1];
    println!(
        "{backend:?}: commit -> arrival over {} users: p50 {:?}, p99 {:?}, max {:?}",
        latencies.len(),
        p(0.50),
        p(0.99),
        latencies.last().unwrap()
    );
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: scripts/signal-latency.sh"]
async fn signal_latency_sqlite() {
    measure(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: scripts/signal-latency.sh"]
async fn signal_latency_postgres() {
    measure(Backend::Postgres).await;
}
