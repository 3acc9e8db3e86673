//! `spawn_app`: the real server on port 0 with a fresh database of either store.

#![allow(dead_code)]

pub mod api;
pub mod browser;
pub mod mail_files;
pub mod portal;
pub mod smtp_sink;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use roster::app::{self, AppState, Settings};
use roster::domain::Catalog;
use roster::http::listener::ServerLimits;
use roster::mail::transport::Transport;
use roster::mail::worker::{MailConfig, MailWorker};
use roster::service::{Actor, Channel, Config, Service, SystemClock};
use roster::store::Store;

pub const ADMIN_EMAIL: &str = "admin@acme.test";
pub const ADMIN_PASSWORD: &str = "correct-horse-battery";
/// The PostgreSQL server the tests use, unless `ROSTER_TEST_POSTGRES` names another.
pub const PG_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/test";

pub fn pg_base() -> String {
    std::env::var("ROSTER_TEST_POSTGRES").unwrap_or_else(|_| PG_DEFAULT.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How to start the app; `TestOptions::default()` suits most tests.
#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    /// Deliver over SMTP to this URL instead of into the mail folder.
    pub smtp: Option<String>,
    /// Reuse this database URL (another instance on the same PostgreSQL schema, say).
    pub database: Option<String>,
    pub retention_days: Option<u32>,
    pub max_mail_attempts: Option<u32>,
    /// Do not start the outbox worker.
    pub no_mail_worker: bool,
    /// `--public-url`, `--trusted-proxy` and the limits (the defaults of `Settings`).
    pub settings: Option<Settings>,
    /// The accept loop's limits (the server's defaults when absent).
    pub server_limits: Option<ServerLimits>,
}

pub struct TestApp {
    pub backend: Backend,
    pub addr: SocketAddr,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    pub database_url: String,
    /// Admin bearer token of the account `acme`.
    pub token: String,
    pub account_id: String,
    pub service: Service,
    /// The service's store (the same pool), for tests that must reach under the service.
    pub store: Store,
    /// A pool of the test's own on the app's database, for checks and set-ups the
    /// service does not offer (the app's pool is the store's alone).
    pub db: sqlx::AnyPool,
    pub mail_dir: PathBuf,
    pub client: reqwest::Client,
    _dir: Arc<TempDir>,
    /// The PostgreSQL schema this app created (dropped with the app; a second instance
    /// opened on the same database does not own it).
    _schema: Option<Arc<PgSchema>>,
}

/// A folder removed when the test ends.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!("roster-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether a missing PostgreSQL must fail the run (CI sets it).
pub fn require_all() -> bool {
    std::env::var("ROSTER_REQUIRE_ALL").is_ok_and(|v| v == "1")
}

/// A test's own PostgreSQL schema, dropped when the value is.
pub struct PgSchema {
    pub url: String,
    name: String,
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        // Drop runs inside the test's runtime: the blocking drop gets a thread of its own.
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(drop_schemas(&[name]));
        })
        .join();
    }
}

/// Drops the schemas named; a schema still locked by a connection winding down is left
/// to the sweep of a later run (`sweep_stale_schemas`).
async fn drop_schemas(names: &[String]) {
    use sqlx::Connection;
    let Ok(mut conn) = sqlx::PgConnection::connect(&pg_base()).await else {
        return;
    };
    let _ = sqlx::query("SET lock_timeout = '5s'")
        .execute(&mut conn)
        .await;
    for name in names {
        let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
            .execute(&mut conn)
            .await;
    }
}

/// Schemas of tests that ended without dropping theirs (a panic that aborted, a killed
/// run): those named by a creation time over an hour ago, swept once per test process.
async fn sweep_stale_schemas(conn: &mut sqlx::PgConnection) {
    static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    SWEPT
        .get_or_init(|| async {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'rt\\_%'",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
            let stale: Vec<String> = names
                .into_iter()
                .filter(|n| {
                    n.split('_')
                        .nth(1)
                        .and_then(|t| t.parse::<u64>().ok())
                        .is_some_and(|t| t + 3600 < now)
                })
                .collect();
            drop_schemas(&stale).await;
        })
        .await;
}

/// A fresh PostgreSQL schema, dropped with the value; `None` when PostgreSQL is not
/// reachable and not required.
pub async fn fresh_postgres_schema() -> Option<PgSchema> {
    use sqlx::Connection;
    let base = pg_base();
    let created = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let name = format!("rt_{created}_{}", uuid::Uuid::new_v4().simple());
    match sqlx::PgConnection::connect(&base).await {
        Ok(mut conn) => {
            sweep_stale_schemas(&mut conn).await;
            sqlx::query(&format!("CREATE SCHEMA {name}"))
                .execute(&mut conn)
                .await
                .expect("create schema");
            let sep = if base.contains('?') { '&' } else { '?' };
            Some(PgSchema {
                url: format!("{base}{sep}options[search_path]={name}"),
                name,
            })
        }
        Err(e) if require_all() => {
            panic!("PostgreSQL is required (ROSTER_REQUIRE_ALL=1) but unreachable at {base}: {e}")
        }
        Err(e) => {
            eprintln!("skipping the PostgreSQL variant: {e}");
            None
        }
    }
}

/// A fresh PostgreSQL schema's URL, for tests that open the store themselves; the schema
/// outlives the test until the next run's sweep.
pub async fn fresh_postgres_url() -> Option<String> {
    let schema = fresh_postgres_schema().await?;
    let url = schema.url.clone();
    // Kept: the caller's store may outlive this function by the whole test.
    std::mem::forget(schema);
    Some(url)
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, TestOptions::default()).await
}

pub async fn spawn_app_with(backend: Backend, opts: TestOptions) -> Option<TestApp> {
    let dir = Arc::new(TempDir::new());
    let mut schema = None;
    let database_url = match (&opts.database, backend) {
        (Some(url), _) => url.clone(),
        (None, Backend::Sqlite) => format!("sqlite://{}", dir.0.join("roster.db").display()),
        (None, Backend::Postgres) => {
            let s = fresh_postgres_schema().await?;
            let url = s.url.clone();
            schema = Some(Arc::new(s));
            url
        }
    };
    let store = Store::connect(&database_url).await.expect("open store");
    let store_handle = store.clone();
    let config = Config {
        catalog: Catalog::default_suite(),
        retention_days: opts.retention_days.unwrap_or(30),
    };
    let service = Service::new(store.clone(), config, Arc::new(SystemClock))
        .await
        .expect("service");
    let mail_dir = dir.0.join("mail");
    if !opts.no_mail_worker {
        let transport = match &opts.smtp {
            Some(url) => Transport::smtp(url).expect("smtp url"),
            None => Transport::Dir(mail_dir.clone()),
        };
        let mut mail = MailConfig::new(transport, "Roster <roster@localhost>".parse().unwrap());
        mail.backoff_base_ms = 200;
        mail.backoff_max_ms = 2000;
        if let Some(n) = opts.max_mail_attempts {
            mail.max_attempts = n;
        }
        MailWorker::new(store, mail, Arc::new(SystemClock), service.mail_wake())
            .yielding_to(service.heavy_writes())
            .spawn();
    }
    // A second instance on the same database joins the existing account.
    let account = match service.account_by_name("acme").await {
        Ok(a) => a,
        Err(_) => service
            .create_account("acme", ADMIN_EMAIL, Some(ADMIN_PASSWORD))
            .await
            .expect("account"),
    };
    let actor = Actor::admin(&account.id, "test".into(), Channel::Cli);
    let token = service.create_token(&actor, "test").await.expect("token");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState::new(service.clone(), opts.settings.unwrap_or_default());
    let limits = opts.server_limits.unwrap_or_default();
    tokio::spawn(async move {
        let app = app::router(state);
        roster::http::listener::serve(listener, app, limits, std::future::pending())
            .await
            .unwrap()
    });
    let db = sqlx::any::AnyPoolOptions::new()
        .max_connections(2)
        .connect(&database_url)
        .await
        .expect("test pool");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Some(TestApp {
        backend,
        addr,
        base: format!("http://{addr}"),
        database_url,
        token,
        account_id: account.id,
        service,
        store: store_handle,
        db,
        mail_dir,
        client,
        _dir: dir,
        _schema: schema,
    })
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request to the API with the admin token.
    pub fn api(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    /// A token of another, new account (for isolation tests).
    pub async fn other_account_token(&self, name: &str) -> String {
        let a = self
            .service
            .create_account(name, &format!("admin@{name}.test"), None)
            .await
            .expect("account");
        self.service
            .create_token(&Actor::admin(&a.id, "test".into(), Channel::Cli), "test")
            .await
            .unwrap()
    }

    /// Creates a user over the API and answers its JSON.
    pub async fn create_user(&self, body: serde_json::Value) -> serde_json::Value {
        let res = self
            .api(reqwest::Method::POST, "/api/v1/users")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            201,
            "create failed: {}",
            res.text().await.unwrap()
        );
        res.json().await.unwrap()
    }

    /// The emails delivered to the mail folder so far.
    pub fn mails(&self) -> Vec<mail_files::Mail> {
        mail_files::read_dir(&self.mail_dir)
    }

    /// Waits until the mail folder holds at least `n` emails (the worker is asynchronous).
    pub async fn wait_for_mails(&self, n: usize) -> Vec<mail_files::Mail> {
        // Up to 15 s: a loaded machine (two cores running the whole suite) is slow.
        for _ in 0..300 {
            let mails = self.mails();
            if mails.len() >= n {
                return mails;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.mails()
    }

    /// Lets the outbox worker run so that "no email" assertions mean something.
    pub async fn settle_mail(&self) -> Vec<mail_files::Mail> {
        use sqlx::Row;
        // Up to 15 s, like `wait_for_mails`.
        for _ in 0..300 {
            let row = sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE state = 'queued'")
                .fetch_one(&self.db)
                .await
                .unwrap();
            let n: i64 = row.try_get("n").unwrap();
            if n == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.mails()
    }
}

/// Writes one `#[tokio::test]` per store for an `async fn(TestApp)`-style body:
/// `both_stores!(name, |app| async move { ... });`
#[macro_export]
macro_rules! both_stores {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::support::spawn_app($crate::support::Backend::Sqlite)
                    .await
                    .expect("sqlite app");
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) =
                    $crate::support::spawn_app($crate::support::Backend::Postgres).await
                else {
                    return;
                };
                ($body)(app).await;
            }
        }
    };
}
