//! Issue 10, finding 2 (fixed by reserving the attempt atomically before the password is
//! checked): 40 simultaneous sign-ins for one manager, 39 wrong and 1 right, got past the
//! lock, because the lock was read before the password was verified and the failure
//! written after. Whatever the concurrency, at most the email's threshold of guesses may
//! reach the password check; the others are answered "locked" (429), and so is the right
//! password while the lock lasts.

use std::sync::Arc;

use roster::app::Settings;
use roster::http::limits::LimitsConfig;
use serde_json::json;

use crate::support::{spawn_app_with, Backend, TestApp, TestOptions};

const RIGHT: &str = "the-right-password-9";

/// The edge's own cap on simultaneous sign-ins per client is lifted, so that only the
/// lock stands between the guesses and the password check.
async fn spawn(backend: Backend) -> Option<TestApp> {
    let settings = Settings {
        limits: LimitsConfig {
            expensive_per_key: 1000,
            ..LimitsConfig::default()
        },
        ..Settings::default()
    };
    spawn_app_with(
        backend,
        TestOptions {
            settings: Some(settings),
            ..TestOptions::default()
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_do_not_get_past_the_lock_sqlite() {
    run(spawn(Backend::Sqlite).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_do_not_get_past_the_lock_postgres() {
    if let Some(app) = spawn(Backend::Postgres).await {
        run(app).await;
    }
}

async fn run(app: TestApp) {
    app.create_user(json!({
        "email": "target@acme.test", "role": "manager", "products": ["pro"],
        "password": RIGHT
    }))
    .await;
    let app = Arc::new(app);
    let attempts: Vec<_> = (0..40)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { sign_in(&app, "wrong-guess").await })
        })
        .collect();
    let mut checked = 0;
    for a in attempts {
        match a.await.unwrap() {
            429 => {}
            401 => checked += 1,
            other => panic!("unexpected answer {other}"),
        }
    }
    // The email's threshold (5) bounds the password checks, whatever the concurrency.
    assert!(
        checked <= 5,
        "{checked} of 40 parallel attempts reached the password check"
    );
    assert!(
        checked >= 1,
        "the first guesses must reach the password check"
    );
    // The lock the wave set holds against the right password too: the guesser cannot
    // tell it from a wrong one while it lasts.
    assert_eq!(sign_in(&app, RIGHT).await, 429);
}

/// A verified password forgives the failures before it (the owner typed theirs right), so
/// an owner signing in while guesses run gives the guesser a fresh threshold, as one
/// sign-in after another would: the wave above is all wrong guesses for that reason.
async fn sign_in(app: &TestApp, password: &str) -> u16 {
    app.client
        .post(app.url("/login"))
        .form(&[("email", "target@acme.test"), ("password", password)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}
