//! The real `roster` binary as a child process: set up with the CLI, served, SIGKILLed.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Semaphore;

use crate::support::smtp_sink::free_port;
use crate::support::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_roster");

/// Runs a `roster` command to completion; answers its standard output.
pub fn cli(database: &str, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .args(["--database", database])
        .env("ROSTER_LOG", "error")
        .output()
        .expect("run roster");
    assert!(
        out.status.success(),
        "roster {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Creates the account `acme` and answers an API token for it.
pub fn setup_account(database: &str) -> String {
    setup_named_account(database, "acme")
}

/// Creates the account `name` and answers an API token for it.
pub fn setup_named_account(database: &str, name: &str) -> String {
    let admin = format!("admin@{name}.test");
    cli(database, &["account", "create", name, "--admin", &admin]);
    cli(database, &["token", "create", "--account", name])
        .trim()
        .to_string()
}

/// A running `roster serve`, killed when dropped.
pub struct Roster {
    child: Child,
    pub base: String,
    pub log: std::path::PathBuf,
}

impl Roster {
    /// Starts `roster serve` on a free port with `--smtp`, and waits until it answers.
    pub async fn start(dir: &TempDir, database: &str, smtp: &str, extra: &[&str]) -> Roster {
        let port = free_port();
        let listen = format!("127.0.0.1:{port}");
        let log = dir.0.join(format!("roster-{port}.log"));
        let child = Command::new(BIN)
            .args([
                "serve",
                "--listen",
                &listen,
                "--database",
                database,
                "--smtp",
                smtp,
            ])
            .args(extra)
            .env("ROSTER_LOG", "warn,roster=info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start roster serve");
        let r = Roster {
            child,
            base: format!("http://{listen}"),
            log,
        };
        let client = reqwest::Client::new();
        for _ in 0..200 {
            if let Ok(res) = client.get(format!("{}/healthz", r.base)).send().await {
                if res.status() == 200 {
                    return r;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "roster serve did not start: {}",
            std::fs::read_to_string(&r.log).unwrap_or_default()
        );
    }

    /// SIGTERM, as a deploy stops a server, then waits for the process to exit.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        self.child.wait().unwrap()
    }

    /// SIGKILL: no shutdown code runs, like a crash or an OOM kill.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Roster {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Creates `n` users `{prefix}{i}@acme.test` with `products`, spread over `bases`, with
/// `parallel` requests in flight; answers the created ids.
pub async fn create_users(
    bases: &[String],
    token: &str,
    prefix: &str,
    n: usize,
    products: Value,
    parallel: usize,
) -> Vec<String> {
    create_users_in(bases, &[token.to_string()], prefix, n, products, parallel).await
}

/// `create_users` spread over several accounts (one token each) as well as over `bases`.
pub async fn create_users_in(
    bases: &[String],
    tokens: &[String],
    prefix: &str,
    n: usize,
    products: Value,
    parallel: usize,
) -> Vec<String> {
    let client = reqwest::Client::new();
    let gate = Arc::new(Semaphore::new(parallel));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        let permit = gate.clone().acquire_owned().await.unwrap();
        let url = format!("{}/api/v1/users", bases[i % bases.len()]);
        let body = serde_json::json!({"email": format!("{prefix}{i}@acme.test"),
            "first_name": "User", "last_name": format!("{i}"), "products": products});
        let (client, token) = (client.clone(), tokens[i % tokens.len()].clone());
        tasks.spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
            drop(permit);
            let v: Value = res.json().await.unwrap();
            v["id"].as_str().unwrap().to_string()
        });
    }
    let mut ids = Vec::with_capacity(n);
    while let Some(id) = tasks.join_next().await {
        ids.push(id.unwrap());
    }
    ids
}

/// Opens the database the processes use, to look at the outbox.
pub async fn pool(database: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let url = match database.strip_prefix("sqlite://") {
        Some(path) => format!("sqlite://{path}?mode=rw"),
        None => database.to_string(),
    };
    sqlx::any::AnyPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .unwrap()
}
