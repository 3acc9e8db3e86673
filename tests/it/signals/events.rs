//! Changes become events: each change sends the right event to the right streams, a
//! refused change sends nothing, a receiver that was down gets everything, and two
//! instances on one PostgreSQL deliver each event once.

use std::collections::BTreeSet;
use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use super::receiver::{event_type, verify, Arrival, Receiver};
use super::{discover, events_token, jwks, poll, poll_stream, push_stream, start_push, WAIT};
use crate::support::{spawn_app_with, Backend, TestApp, TestOptions};
use roster::signals::push::{PushConfig, PushWorker};

const DISABLED: &str = "account-disabled";
const ENABLED: &str = "account-enabled";
const PURGED: &str = "account-purged";
const REVOKED: &str = "session-revoked";
const CREDENTIAL: &str = "credential-change";

/// A receiver and what it has been checked to have received so far.
struct Listening {
    receiver: Receiver,
    aud: String,
    seen: usize,
}

impl Listening {
    async fn new(app: &TestApp, product: Option<&str>) -> Listening {
        let receiver = Receiver::start().await;
        let token = events_token(app, product).await;
        let stream = push_stream(app, &token, &receiver.url(), json!({})).await;
        Listening {
            receiver,
            aud: stream["aud"].as_str().unwrap().to_string(),
            seen: 0,
        }
    }

    /// The events that arrived since the last call, verified, as (short type, email).
    fn take(&mut self, checked: &Checked) -> Vec<(String, String)> {
        let all = self.receiver.arrivals();
        let new: Vec<Arrival> = all[self.seen..].to_vec();
        self.seen = all.len();
        let mut got: Vec<(String, String)> = new
            .iter()
            .map(|a| {
                let claims = verify(&a.set, &checked.keys, &checked.issuer, &self.aud);
                let uri = event_type(&claims);
                let short = uri.rsplit('/').next().unwrap().to_string();
                (
                    short,
                    claims["sub_id"]["email"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        got.sort();
        got
    }
}

struct Checked {
    keys: jsonwebtoken::jwk::JwkSet,
    issuer: String,
}

/// Waits until no push event is queued or being retried: everything committed so far has
/// been delivered (events are written in the change's transaction, before the answer).
async fn settle(app: &TestApp) {
    let start = std::time::Instant::now();
    loop {
        let status = app.service.signal_queue_status(None).await.unwrap();
        let pending = status.counts["queued"] + status.counts["retrying"];
        if pending == 0 {
            return;
        }
        assert!(
            start.elapsed() < WAIT,
            "events still pending: {:?}",
            status.counts
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

fn expect(events: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = events
        .iter()
        .map(|(t, e)| (t.to_string(), e.to_string()))
        .collect();
    v.sort();
    v
}

async fn send(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut req = app.api(method, path);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

async fn each_change_sends_the_right_event_to_the_right_streams(backend: Backend) {
    let Some(app) = spawn_app_with(
        backend,
        TestOptions {
            retention_days: Some(0),
            ..Default::default()
        },
    )
    .await
    else {
        return;
    };
    let worker = start_push(&app);
    let mut account = Listening::new(&app, None).await;
    let mut meeting = Listening::new(&app, Some("meeting")).await;
    let mut webinar = Listening::new(&app, Some("webinar")).await;
    let checked = Checked {
        keys: jwks(&app).await,
        issuer: discover(&app).await["issuer"].as_str().unwrap().to_string(),
    };
    let u = app
        .create_user(json!({"email": "kim@acme.test", "products": ["meeting", "webinar"]}))
        .await;
    let id = u["id"].as_str().unwrap().to_string();
    let kim = "kim@acme.test";
    let user = format!("/api/v1/users/{id}");
    settle(&app).await;
    assert!(
        account.take(&checked).is_empty(),
        "creating a user says nothing"
    );

    // A product taken away: that product's streams only.
    let res = send(
        &app,
        Method::PATCH,
        &user,
        Some(json!({"products": ["webinar"]})),
    )
    .await;
    assert_eq!(res.status(), 200);
    settle(&app).await;
    assert_eq!(meeting.take(&checked), expect(&[(REVOKED, kim)]));
    assert!(account.take(&checked).is_empty());
    assert!(webinar.take(&checked).is_empty());

    // Suspended: disabled and revoked, for the account and the products the user had.
    let res = send(&app, Method::POST, &format!("{user}/suspend"), None).await;
    assert_eq!(res.status(), 200);
    settle(&app).await;
    let off = expect(&[(DISABLED, kim), (REVOKED, kim)]);
    assert_eq!(account.take(&checked), off);
    assert_eq!(webinar.take(&checked), off);
    assert!(
        meeting.take(&checked).is_empty(),
        "no longer a meeting user"
    );

    // Reactivated: enabled.
    let res = send(&app, Method::POST, &format!("{user}/reactivate"), None).await;
    assert_eq!(res.status(), 200);
    settle(&app).await;
    assert_eq!(account.take(&checked), expect(&[(ENABLED, kim)]));
    assert_eq!(webinar.take(&checked), expect(&[(ENABLED, kim)]));

    // A password set: credential change.
    let res = send(
        &app,
        Method::PATCH,
        &user,
        Some(json!({"password": "a much longer secret"})),
    )
    .await;
    assert_eq!(res.status(), 200);
    settle(&app).await;
    assert_eq!(account.take(&checked), expect(&[(CREDENTIAL, kim)]));
    assert_eq!(webinar.take(&checked), expect(&[(CREDENTIAL, kim)]));

    // A refused change emits nothing: a stale version, a product beyond its seats.
    let res = app
        .api(Method::PATCH, &user)
        .header("If-Match", "\"1\"")
        .json(&json!({"products": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 412);
    let res = send(
        &app,
        Method::PUT,
        "/api/v1/products/room",
        Some(json!({"seats": 0})),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = send(
        &app,
        Method::PATCH,
        &user,
        Some(json!({"products": ["room"]})),
    )
    .await;
    assert_eq!(res.status(), 409);
    // The last admin cannot be suspended: nothing about them either.
    let admin = app
        .api(Method::GET, "/api/v1/users?q=admin@acme.test")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let admin_id = admin["users"][0]["id"].as_str().unwrap().to_string();
    let res = send(
        &app,
        Method::POST,
        &format!("/api/v1/users/{admin_id}/suspend"),
        None,
    )
    .await;
    assert_eq!(res.status(), 409);
    settle(&app).await;
    assert!(
        account.take(&checked).is_empty(),
        "a refused change emitted"
    );
    assert!(webinar.take(&checked).is_empty());

    // Deleted, restored, deleted and purged.
    let res = send(&app, Method::DELETE, &user, None).await;
    assert_eq!(res.status(), 200);
    settle(&app).await;
    assert_eq!(account.take(&checked), off);
    assert_eq!(webinar.take(&checked), off);
    let res = send(&app, Method::POST, &format!("{user}/restore"), None).await;
    assert_eq!(res.status(), 200);
    settle(&app).await;
    assert_eq!(account.take(&checked), expect(&[(ENABLED, kim)]));
    assert_eq!(webinar.take(&checked), expect(&[(ENABLED, kim)]));
    send(&app, Method::DELETE, &user, None).await;
    settle(&app).await;
    account.take(&checked);
    webinar.take(&checked);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert_eq!(app.service.purge_expired().await.unwrap(), 1);
    settle(&app).await;
    assert_eq!(account.take(&checked), expect(&[(PURGED, kim)]));
    assert_eq!(webinar.take(&checked), expect(&[(PURGED, kim)]));
    assert!(meeting.take(&checked).is_empty());

    // The two events of one change share its txn; every jti is unique.
    let sets: Vec<Value> = account
        .receiver
        .arrivals()
        .iter()
        .map(|a| verify(&a.set, &checked.keys, &checked.issuer, &account.aud))
        .collect();
    let jtis: BTreeSet<&str> = sets.iter().map(|c| c["jti"].as_str().unwrap()).collect();
    assert_eq!(jtis.len(), sets.len());
    let txns: BTreeSet<&str> = sets.iter().map(|c| c["txn"].as_str().unwrap()).collect();
    assert_eq!(
        txns.len(),
        sets.len() - 3,
        "suspend and both deletions sent two events each"
    );
    let revoked = sets
        .iter()
        .find(|c| event_type(c).ends_with(REVOKED))
        .unwrap();
    let body = &revoked["events"][event_type(revoked)];
    assert_eq!(body["initiating_entity"], "admin");
    assert!(body["event_timestamp"].is_i64());
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_change_sends_the_right_events_on_sqlite() {
    each_change_sends_the_right_event_to_the_right_streams(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_change_sends_the_right_events_on_postgres() {
    each_change_sends_the_right_event_to_the_right_streams(Backend::Postgres).await;
}

/// A push receiver, the keys to check its SETs, and `n` users with a product, the
/// addresses `{prefix}{i}@acme.test`.
async fn listening_to_users(
    app: &TestApp,
    prefix: &str,
    n: usize,
) -> (Listening, Checked, Vec<String>) {
    let rx = Listening::new(app, None).await;
    let checked = Checked {
        keys: jwks(app).await,
        issuer: discover(app).await["issuer"].as_str().unwrap().to_string(),
    };
    let mut ids = Vec::new();
    for i in 0..n {
        let u = app
            .create_user(json!({"email": format!("{prefix}{i}@acme.test"), "products": ["room"]}))
            .await;
        ids.push(u["id"].as_str().unwrap().to_string());
    }
    (rx, checked, ids)
}

async fn suspend_all(app: &TestApp, ids: &[String]) {
    for id in ids {
        let res = send(
            app,
            Method::POST,
            &format!("/api/v1/users/{id}/suspend"),
            None,
        )
        .await;
        assert_eq!(res.status(), 200);
    }
}

/// Each of the `n` users was heard disabled and their sessions revoked.
fn assert_each_suspension_heard(got: &[(String, String)], prefix: &str, n: usize) {
    for i in 0..n {
        let email = format!("{prefix}{i}@acme.test");
        assert!(
            got.contains(&(DISABLED.to_string(), email.clone())),
            "{email}: {got:?}"
        );
        assert!(
            got.contains(&(REVOKED.to_string(), email.clone())),
            "{email}: {got:?}"
        );
    }
}

async fn a_receiver_down_gets_every_event_once_back(backend: Backend) {
    let Some(app) = spawn_app_with(backend, TestOptions::default()).await else {
        return;
    };
    let worker = start_push(&app);
    let (mut rx, checked, ids) = listening_to_users(&app, "u", 5).await;
    rx.receiver.set_down(true);
    suspend_all(&app, &ids).await;
    // Wait until the worker has failed on them (they are retrying).
    let start = std::time::Instant::now();
    loop {
        let s = app.service.signal_queue_status(None).await.unwrap();
        if s.counts["retrying"] == 10 {
            assert!(s.troubled.iter().all(|t| t.last_error.contains("503")));
            break;
        }
        assert!(start.elapsed() < WAIT, "no failed attempt: {:?}", s.counts);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(rx.receiver.arrivals().is_empty());
    rx.receiver.set_down(false);
    settle(&app).await;
    let got = rx.take(&checked);
    assert_eq!(got.len(), 10, "every event arrives, once: {got:?}");
    assert_each_suspension_heard(&got, "u", 5);
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_down_gets_every_event_on_sqlite() {
    a_receiver_down_gets_every_event_once_back(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_down_gets_every_event_on_postgres() {
    a_receiver_down_gets_every_event_once_back(Backend::Postgres).await;
}

/// The production push schedule (not the tests' fast one) against a receiver that is
/// down for over a minute: first refusing (503), then unreachable (port closed). Changes
/// made before and during the outage all arrive once it is back, promptly, because the
/// backoff stops growing at a few seconds.
async fn a_receiver_down_for_a_minute_gets_everything(backend: Backend) {
    let Some(app) = spawn_app_with(backend, TestOptions::default()).await else {
        return;
    };
    let config = PushConfig::default();
    let cap = Duration::from_millis(config.backoff_max_ms as u64);
    let worker = PushWorker::new(app.service.clone(), config)
        .unwrap()
        .spawn();
    let (mut rx, checked, ids) = listening_to_users(&app, "out", 6).await;
    let outage = std::time::Instant::now();
    rx.receiver.set_down(true);
    suspend_all(&app, &ids[..3]).await;
    tokio::time::sleep(Duration::from_secs(30)).await;
    rx.receiver.stop().await;
    suspend_all(&app, &ids[3..]).await;
    tokio::time::sleep(Duration::from_secs(31)).await;
    let s = app.service.signal_queue_status(None).await.unwrap();
    assert_eq!(
        s.counts["retrying"], 12,
        "all retrying, none dead: {:?}",
        s.counts
    );
    assert!(rx.receiver.arrivals().is_empty());
    rx.receiver.set_down(false);
    rx.receiver.restart().await;
    assert!(outage.elapsed() >= Duration::from_secs(60));
    // Back: everything is delivered within a few backoff caps (a liveness bound, not a
    // measurement; scripts/signal-latency.sh measures).
    let start = std::time::Instant::now();
    loop {
        let s = app.service.signal_queue_status(None).await.unwrap();
        if s.counts["queued"] + s.counts["retrying"] == 0 {
            assert_eq!(s.counts["dead"], 0);
            break;
        }
        assert!(
            start.elapsed() < cap * 4 + WAIT,
            "still pending: {:?}",
            s.counts
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let got = rx.take(&checked);
    let distinct: BTreeSet<(String, String)> = got.iter().cloned().collect();
    assert!(got.len() >= 12, "every event at least once: {got:?}");
    assert_eq!(distinct.len(), 12, "none missing: {got:?}");
    assert_each_suspension_heard(&got, "out", 6);
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_down_for_a_minute_gets_everything_on_sqlite() {
    a_receiver_down_for_a_minute_gets_everything(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_down_for_a_minute_gets_everything_on_postgres() {
    a_receiver_down_for_a_minute_gets_everything(Backend::Postgres).await;
}

async fn a_polling_receiver_hears_a_suspension(backend: Backend) {
    let Some(app) = spawn_app_with(backend, TestOptions::default()).await else {
        return;
    };
    let token = events_token(&app, Some("meeting")).await;
    let stream = poll_stream(&app, &token, json!({"subject_format": "iss_sub"})).await;
    let u = app
        .create_user(json!({"email": "lee@acme.test", "products": ["meeting"]}))
        .await;
    let id = u["id"].as_str().unwrap();
    send(
        &app,
        Method::POST,
        &format!("/api/v1/users/{id}/suspend"),
        None,
    )
    .await;
    let (sets, _) = poll(&app, &token, &stream, json!({"returnImmediately": true})).await;
    assert_eq!(sets.len(), 2);
    let issuer = discover(&app).await["issuer"].as_str().unwrap().to_string();
    let keys = jwks(&app).await;
    let mut types = Vec::new();
    for (jti, set) in &sets {
        let claims = verify(set, &keys, &issuer, stream["aud"].as_str().unwrap());
        assert_eq!(claims["jti"], jti.as_str());
        assert_eq!(
            claims["sub_id"],
            json!({"format": "iss_sub", "iss": issuer, "sub": id})
        );
        types.push(event_type(&claims).rsplit('/').next().unwrap().to_string());
    }
    types.sort();
    assert_eq!(types, vec![DISABLED, REVOKED]);
    let acks: Vec<&str> = sets.iter().map(|(j, _)| j.as_str()).collect();
    let (rest, more) = poll(
        &app,
        &token,
        &stream,
        json!({"ack": acks, "returnImmediately": true}),
    )
    .await;
    assert!(rest.is_empty() && !more);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_polling_receiver_hears_a_suspension_on_sqlite() {
    a_polling_receiver_hears_a_suspension(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_polling_receiver_hears_a_suspension_on_postgres() {
    a_polling_receiver_hears_a_suspension(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_deliver_each_event_once() {
    let Some(a) = spawn_app_with(Backend::Postgres, TestOptions::default()).await else {
        return;
    };
    let b = spawn_app_with(
        Backend::Postgres,
        TestOptions {
            database: Some(a.database_url.clone()),
            ..Default::default()
        },
    )
    .await
    .expect("second instance");
    let workers = [start_push(&a), start_push(&b)];
    let (mut rx, checked, ids) = listening_to_users(&a, "p", 30).await;
    // Changes through both instances, so that both workers are woken with work.
    for (i, id) in ids.iter().enumerate() {
        let app = if i % 2 == 0 { &a } else { &b };
        suspend_all(app, std::slice::from_ref(id)).await;
    }
    settle(&a).await;
    let got = rx.take(&checked);
    assert_eq!(got.len(), 60, "each event once");
    assert_each_suspension_heard(&got, "p", 30);
    let jtis: BTreeSet<String> = rx
        .receiver
        .arrivals()
        .iter()
        .map(|x| {
            verify(&x.set, &checked.keys, &checked.issuer, &rx.aud)["jti"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(jtis.len(), 60, "no event twice");
    for w in workers {
        w.shutdown().await;
    }
}
