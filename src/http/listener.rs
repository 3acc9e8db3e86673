//! The accept loop, owned rather than left to `axum::serve`, because a server facing the
//! internet needs what that one lacks: a deadline on the request head that also covers a
//! connection that never sends its first byte, an idle deadline between kept-alive
//! requests, a cap on open connections that never leaves a new client hanging, and a
//! shutdown that finishes the requests under way.
//!
//! At the cap the connection idle the longest (no request in flight: a slow or silent
//! client) is closed to make room; only when every connection is busy is the newcomer
//! refused with a one-line 503.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify, Semaphore};
use tower::ServiceExt;

/// Limits of the HTTP server itself (`roster serve --header-timeout-secs ...`).
#[derive(Debug, Clone)]
pub struct ServerLimits {
    /// Time allowed for a complete request head, counted from the moment the server waits
    /// for one: on a new connection that is from its first instant.
    pub header_read_timeout: Duration,
    /// A kept-alive connection with no request for this long is closed.
    pub keep_alive_timeout: Duration,
    /// Open connections at most; see the module's note for what happens beyond.
    pub max_connections: usize,
    /// Bytes of request head at most (431 beyond). hyper needs 8 KiB or more.
    pub max_header_bytes: usize,
    /// Header fields at most (431 beyond).
    pub max_headers: usize,
    /// How long a shutdown waits for the requests under way.
    pub shutdown_grace: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_read_timeout: Duration::from_secs(10),
            keep_alive_timeout: Duration::from_secs(60),
            max_connections: 4096,
            max_header_bytes: 64 * 1024,
            max_headers: 100,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

impl ServerLimits {
    /// Lowers the connection cap below the process's open-file limit, so that the cap, not
    /// a failing `accept`, decides who is served; the rest of the limit is left for the
    /// database, mail and files.
    pub fn fit_to_open_file_limit(mut self) -> ServerLimits {
        if let Some(files) = open_file_limit() {
            let usable = files.saturating_sub(128).max(16) as usize;
            self.max_connections = self.max_connections.min(usable);
        }
        self
    }
}

/// The soft open-file limit, raised to the hard one first where the system allows.
#[cfg(unix)]
fn open_file_limit() -> Option<u64> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit read and write the struct we own, nothing else.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim.rlim_cur = lim.rlim_max;
            }
        }
    }
    // rlim_t is not u64 on every unix.
    #[allow(clippy::unnecessary_cast)]
    Some(lim.rlim_cur as u64)
}

#[cfg(not(unix))]
fn open_file_limit() -> Option<u64> {
    None
}

/// One open connection, as the accept loop sees it.
struct Conn {
    /// Requests being answered; 0 means the connection only waits on its client.
    in_flight: AtomicUsize,
    /// Milliseconds since the server started at which the connection last became idle
    /// (accepted, or answered its last request).
    idle_since_ms: AtomicU64,
    /// Told to close at once, to make room for a newcomer.
    evict: Notify,
}

struct Registry {
    started: Instant,
    next_id: AtomicU64,
    conns: Mutex<HashMap<u64, Arc<Conn>>>,
}

impl Registry {
    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    /// Closes the connection idle the longest; false when every one is busy.
    fn evict_idlest(&self) -> bool {
        let Ok(conns) = self.conns.lock() else {
            return false;
        };
        let idlest = conns
            .values()
            .filter(|c| c.in_flight.load(Ordering::SeqCst) == 0)
            .min_by_key(|c| c.idle_since_ms.load(Ordering::SeqCst));
        match idlest {
            Some(c) => {
                c.evict.notify_one();
                true
            }
            None => false,
        }
    }
}

/// Marks a request in flight on its connection for as long as it lives.
struct InFlight {
    conn: Arc<Conn>,
    registry: Arc<Registry>,
}

impl InFlight {
    fn enter(conn: &Arc<Conn>, registry: &Arc<Registry>) -> InFlight {
        conn.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight {
            conn: conn.clone(),
            registry: registry.clone(),
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.conn
            .idle_since_ms
            .store(self.registry.now_ms(), Ordering::SeqCst);
        self.conn.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Refusals written at once beyond the cap; past this many the socket is simply closed.
const MAX_PENDING_REFUSALS: usize = 256;

/// Serves `app` on `listener` until `shutdown` completes, then waits (up to
/// `shutdown_grace`) for the requests under way. Handlers see the peer as
/// `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let limits = Arc::new(limits);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let refusals = Arc::new(Semaphore::new(MAX_PENDING_REFUSALS));
    let registry = Arc::new(Registry {
        started: Instant::now(),
        next_id: AtomicU64::new(0),
        conns: Mutex::new(HashMap::new()),
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was taken:
                    // wait a moment rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let permit = match slots.clone().try_acquire_owned() {
            Ok(p) => Some(p),
            Err(_) if registry.evict_idlest() => {
                // The evicted connection gives its slot back as soon as its task sees the
                // notice; a moment is plenty.
                tokio::time::timeout(Duration::from_millis(250), slots.clone().acquire_owned())
                    .await
                    .ok()
                    .and_then(Result::ok)
            }
            Err(_) => None,
        };
        let Some(permit) = permit else {
            if let Ok(r) = refusals.clone().try_acquire_owned() {
                tokio::spawn(async move {
                    refuse(stream).await;
                    drop(r);
                });
            }
            continue;
        };
        let _ = stream.set_nodelay(true);
        let id = registry.next_id.fetch_add(1, Ordering::SeqCst);
        let conn = Arc::new(Conn {
            in_flight: AtomicUsize::new(0),
            idle_since_ms: AtomicU64::new(registry.now_ms()),
            evict: Notify::new(),
        });
        if let Ok(mut conns) = registry.conns.lock() {
            conns.insert(id, conn.clone());
        }
        let task = serve_connection(
            stream,
            peer,
            app.clone(),
            limits.clone(),
            conn,
            registry.clone(),
            stop_rx.clone(),
        );
        let registry = registry.clone();
        tokio::spawn(async move {
            task.await;
            if let Ok(mut conns) = registry.conns.lock() {
                conns.remove(&id);
            }
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(limits.shutdown_grace, slots.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!("shutdown: requests still under way after the grace period");
    }
    Ok(())
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: Arc<ServerLimits>,
    conn: Arc<Conn>,
    registry: Arc<Registry>,
    mut stop: watch::Receiver<bool>,
) {
    let service = {
        let conn = conn.clone();
        let registry = registry.clone();
        hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            let in_flight = InFlight::enter(&conn, &registry);
            let call = app.clone().oneshot(req.map(axum::body::Body::new));
            async move {
                let res = call.await;
                drop(in_flight);
                Ok::<_, Infallible>(match res {
                    Ok(r) => r,
                    Err(never) => match never {},
                })
            }
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(limits.max_header_bytes.max(8192))
        .max_headers(limits.max_headers)
        .keep_alive(true);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let mut closing = false;
    loop {
        let idle_deadline = idle_deadline(&conn, &registry, limits.keep_alive_timeout);
        tokio::select! {
            res = connection.as_mut() => {
                if let Err(e) = res {
                    tracing::debug!(error = %e, %peer, "connection ended");
                }
                return;
            }
            _ = conn.evict.notified() => {
                tracing::debug!(%peer, "idle connection closed to make room");
                return;
            }
            changed = stop.changed(), if !closing => {
                if changed.is_err() || *stop.borrow() {
                    closing = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
            _ = tokio::time::sleep_until(idle_deadline), if !closing => {
                let idle_ms = registry.now_ms()
                    .saturating_sub(conn.idle_since_ms.load(Ordering::SeqCst));
                if conn.in_flight.load(Ordering::SeqCst) == 0
                    && Duration::from_millis(idle_ms) >= limits.keep_alive_timeout
                {
                    closing = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// When the idle deadline falls if nothing happens meanwhile; while a request is in
/// flight, one period from now (the loop looks again then).
fn idle_deadline(conn: &Conn, registry: &Registry, keep_alive: Duration) -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    if conn.in_flight.load(Ordering::SeqCst) > 0 {
        return now + keep_alive;
    }
    let idle_ms = registry
        .now_ms()
        .saturating_sub(conn.idle_since_ms.load(Ordering::SeqCst));
    now + keep_alive.saturating_sub(Duration::from_millis(idle_ms))
}

/// The answer beyond the cap: short, final, and never a wait.
async fn refuse(mut stream: TcpStream) {
    const BODY: &str = "server busy, retry shortly\n";
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(response.as_bytes()).await?;
        stream.shutdown().await?;
        // Read what the client sent, briefly, so the close is not a reset that could
        // swallow the answer.
        let mut sink = [0u8; 1024];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<_, std::io::Error>(())
    })
    .await;
}
