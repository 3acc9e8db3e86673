//! A product playing SSF receiver: an HTTP endpoint taking pushed SETs (RFC 8935), that
//! can be taken down (it answers 503) and brought back, and a SET verifier using the
//! transmitter's published JWKS.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::Value;

/// One push as it arrived.
#[derive(Debug, Clone)]
pub struct Arrival {
    pub set: String,
    pub content_type: String,
    pub authorization: Option<String>,
    pub at: Instant,
}

#[derive(Default)]
struct Inner {
    arrivals: Mutex<Vec<Arrival>>,
    down: std::sync::atomic::AtomicBool,
}

pub struct Receiver {
    pub addr: SocketAddr,
    inner: Arc<Inner>,
    /// Stops the listener (see `stop`) and the task serving it.
    server: Option<(
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    )>,
}

async fn take(State(inner): State<Arc<Inner>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    if inner.down.load(std::sync::atomic::Ordering::SeqCst) {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    inner.arrivals.lock().unwrap().push(Arrival {
        set: String::from_utf8_lossy(&body).into_owned(),
        content_type: header("content-type").unwrap_or_default(),
        authorization: header("authorization"),
        at: Instant::now(),
    });
    StatusCode::ACCEPTED
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut rx = Receiver {
            addr: listener.local_addr().unwrap(),
            inner: Arc::new(Inner::default()),
            server: None,
        };
        rx.serve(listener);
        rx
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) {
        let app = Router::new()
            .route("/events", post(take))
            .with_state(self.inner.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
                .unwrap()
        });
        self.server = Some((stop, task));
    }

    /// Unreachable: the port is closed (connections are refused) and the open ones end.
    pub async fn stop(&mut self) {
        if let Some((stop, task)) = self.server.take() {
            let _ = stop.send(());
            let _ = tokio::time::timeout(Duration::from_secs(10), task).await;
        }
    }

    /// Reachable again, at the same address.
    pub async fn restart(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.serve(listener);
    }

    pub fn url(&self) -> String {
        format!("http://{}/events", self.addr)
    }

    pub fn set_down(&self, down: bool) {
        self.inner
            .down
            .store(down, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn arrivals(&self) -> Vec<Arrival> {
        self.inner.arrivals.lock().unwrap().clone()
    }

    /// Waits until at least `n` SETs arrived (or `limit` passed) and answers them all.
    pub async fn wait_for(&self, n: usize, limit: Duration) -> Vec<Arrival> {
        let start = Instant::now();
        loop {
            let got = self.arrivals();
            if got.len() >= n || start.elapsed() > limit {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// Checks a SET as a receiver must (SSF 1.0 §4): `typ`, signature with the published key
/// named by `kid`, `iss`, `aud`, no `sub` nor `exp`, one event. Answers the claims.
pub fn verify(set: &str, jwks: &JwkSet, issuer: &str, audience: &str) -> Value {
    let header = decode_header(set).expect("a JWS");
    assert_eq!(header.typ.as_deref(), Some("secevent+jwt"));
    assert_eq!(header.alg, Algorithm::ES256);
    let kid = header.kid.expect("kid");
    let jwk = jwks.find(&kid).expect("the signing key is published");
    let mut validation = Validation::new(Algorithm::ES256);
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[audience]);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    let claims = decode::<Value>(set, &DecodingKey::from_jwk(jwk).unwrap(), &validation)
        .expect("signature and claims verify")
        .claims;
    assert!(claims.get("sub").is_none() && claims.get("exp").is_none());
    assert!(claims["jti"].is_string() && claims["iat"].is_i64() && claims["txn"].is_string());
    assert_eq!(claims["events"].as_object().unwrap().len(), 1);
    claims
}

/// The one event type URI of a SET's claims.
pub fn event_type(claims: &Value) -> String {
    claims["events"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone()
}
