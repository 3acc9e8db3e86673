//! The security suite: what a hostile client, an overload or bad input may try, from
//! outside, on the real server. Runs with the rest of the suite in CI.
//!
//! - `slow_clients`: silent and slow connections, the connection cap, graceful shutdown;
//! - `overload`: rate and concurrency limits, pool exhaustion, a list flood;
//! - `proxy`: `--trusted-proxy` and `--public-url` (client address, Origin, SCIM locations);
//! - `matrix`: every API, SCIM and portal route × every kind of caller;
//! - `brute_force`: parallel sign-ins against one account;
//! - `fuzz`: the SCIM filter, SCIM PATCH and CSV parsers on generated input.

mod brute_force;
mod fuzz;
mod matrix;
mod metrics;
mod overload;
mod proxy;
mod slow_clients;

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What became of a raw connection we stopped talking on.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    /// The server closed it, maybe after an answer (its first line).
    Closed(Option<String>),
    /// Still open when we stopped waiting.
    Open,
}

/// Reads until the server closes the connection or `patience` passes (a guard against a
/// hang, not a measurement).
pub async fn ending(stream: &mut TcpStream, patience: Duration) -> Ending {
    let mut got = Vec::new();
    let read = tokio::time::timeout(patience, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    match read {
        Ok(()) => Ending::Closed((!got.is_empty()).then(|| {
            String::from_utf8_lossy(&got)
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        })),
        Err(_) => Ending::Open,
    }
}

/// A raw request on a new connection; answers the status line.
pub async fn raw_request(addr: std::net::SocketAddr, request: &str) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 512];
    let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf))
        .await
        .expect("an answer")
        .unwrap_or(0);
    String::from_utf8_lossy(&buf[..n])
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}
