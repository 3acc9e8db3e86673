//! Issue 10, finding 1: connections that never finish their head were never closed, and
//! 300 of them made `/healthz` hang for everyone. The store plays no part: SQLite only.

use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use roster::http::listener::{serve, ServerLimits};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

use super::{ending, raw_request, Ending};
use crate::support::{spawn_app_with, Backend, TestOptions};

fn limits(header_secs: u64, keep_alive_secs: u64, max_connections: usize) -> ServerLimits {
    ServerLimits {
        header_read_timeout: Duration::from_secs(header_secs),
        keep_alive_timeout: Duration::from_secs(keep_alive_secs),
        max_connections,
        ..ServerLimits::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_and_slow_connections_do_not_starve_new_clients() {
    // A cap far below the attack: the server must make room rather than hang.
    let app = spawn_app_with(
        Backend::Sqlite,
        TestOptions {
            server_limits: Some(limits(30, 30, 100)),
            ..TestOptions::default()
        },
    )
    .await
    .unwrap();
    let mut held = Vec::new();
    for i in 0..320 {
        let mut s = TcpStream::connect(app.addr).await.unwrap();
        if i % 2 == 0 {
            // Half say nothing at all, half start a head and stall.
            let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await;
        }
        held.push(s);
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    for _ in 0..5 {
        let res = client
            .get(app.url("/healthz"))
            .send()
            .await
            .expect("healthz answers");
        assert_eq!(res.status(), 200);
    }
    let res = client
        .get(app.url("/api/v1/users"))
        .bearer_auth(&app.token)
        .send()
        .await
        .expect("the API answers");
    assert_eq!(res.status(), 200);
    drop(held);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_finishes_its_head_is_closed() {
    let app = spawn_app_with(
        Backend::Sqlite,
        TestOptions {
            server_limits: Some(limits(1, 1, 1000)),
            ..TestOptions::default()
        },
    )
    .await
    .unwrap();
    // Never a byte: the deadline runs from the first instant.
    let mut silent = TcpStream::connect(app.addr).await.unwrap();
    // A head that trickles and never ends.
    let mut slow = TcpStream::connect(app.addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1")
        .await
        .unwrap();
    for (what, s) in [("silent", &mut silent), ("slow", &mut slow)] {
        match ending(s, Duration::from_secs(20)).await {
            Ending::Closed(None) => {}
            Ending::Closed(Some(line)) => assert!(line.contains("408"), "{what}: {line}"),
            Ending::Open => panic!("the {what} connection is still open"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_kept_alive_connection_is_closed() {
    let app = spawn_app_with(
        Backend::Sqlite,
        TestOptions {
            server_limits: Some(limits(30, 1, 1000)),
            ..TestOptions::default()
        },
    )
    .await
    .unwrap();
    let mut s = TcpStream::connect(app.addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    // The answer comes, then, with no further request, the close (the head deadline of
    // 30 s is far away: this is the keep-alive deadline).
    match ending(&mut s, Duration::from_secs(20)).await {
        Ending::Closed(Some(line)) => assert!(line.contains("200"), "{line}"),
        other => panic!("expected an answer then a close, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beyond_the_cap_of_busy_connections_a_newcomer_is_refused_at_once() {
    let app = spawn_app_with(
        Backend::Sqlite,
        TestOptions {
            server_limits: Some(limits(30, 30, 2)),
            ..TestOptions::default()
        },
    )
    .await
    .unwrap();
    // Two requests in flight: their bodies are announced and never sent.
    let mut busy = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(app.addr).await.unwrap();
        let head = format!(
            "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{",
            app.token
        );
        s.write_all(head.as_bytes()).await.unwrap();
        busy.push(s);
    }
    // Let the server take them in.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let line = raw_request(app.addr, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert!(line.starts_with("HTTP/1.1 503"), "{line}");
    drop(busy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_requests_under_way() {
    let entered = Arc::new(tokio::sync::Notify::new());
    let router = {
        let entered = entered.clone();
        Router::new().route(
            "/slow",
            get(move || {
                let entered = entered.clone();
                async move {
                    entered.notify_one();
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    "finished"
                }
            }),
        )
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, router, ServerLimits::default(), async {
        let _ = stop_rx.await;
    }));
    let request = tokio::spawn(async move {
        reqwest::get(format!("http://{addr}/slow"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    entered.notified().await;
    stop_tx.send(()).unwrap();
    assert_eq!(request.await.unwrap(), "finished");
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server stops once the request is answered")
        .unwrap()
        .unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "still accepting");
}

/// The real binary: SIGTERM while a request is under way (its body half sent); the
/// request is answered, then the process exits cleanly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_the_request_under_way_finish() {
    use std::process::{Command, Stdio};
    use tokio::io::AsyncReadExt;

    let dir = crate::support::TempDir::new();
    let database = format!("sqlite://{}", dir.0.join("roster.db").display());
    let bin = env!("CARGO_BIN_EXE_roster");
    let cli = |args: &[&str]| {
        let out = Command::new(bin)
            .args(args)
            .args(["--database", &database])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    cli(&["account", "create", "acme", "--admin", "admin@acme.test"]);
    let token = cli(&["token", "create", "--account", "acme"]);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let mut child = Command::new(bin)
        .args([
            "serve",
            "--listen",
            &addr.to_string(),
            "--database",
            &database,
        ])
        .arg("--mail-dir")
        .arg(dir.0.join("mail"))
        .env("ROSTER_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut up = false;
    for _ in 0..200 {
        if TcpStream::connect(addr).await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(up, "roster serve did not start");
    let body = r#"{"email":"late@acme.test","products":["pro"]}"#;
    let mut s = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(&body.as_bytes()[..10]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.write_all(&body.as_bytes()[10..]).await.unwrap();
    let mut answer = vec![0u8; 256];
    let n = tokio::time::timeout(Duration::from_secs(20), s.read(&mut answer))
        .await
        .expect("an answer")
        .unwrap();
    let line = String::from_utf8_lossy(&answer[..n])
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    assert!(line.starts_with("HTTP/1.1 201"), "{line}");
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert!(status.success(), "{status}");
}
