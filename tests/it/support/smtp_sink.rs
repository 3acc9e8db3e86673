//! A small SMTP server for tests: speaks EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT,
//! records each accepted message with its envelope, and misbehaves on demand (answers 4xx
//! to the next DATA, 5xx to some recipients, answers slowly, is down until started).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

use super::mail_files::Mail;

/// One message the sink accepted (answered 250 after DATA).
#[derive(Debug, Clone)]
pub struct Received {
    pub mail: Mail,
    /// The envelope recipients (RCPT TO), which is who really gets the message.
    pub rcpt: Vec<String>,
    pub at: Instant,
}

impl Received {
    pub fn message_id(&self) -> String {
        self.mail.header("Message-ID").unwrap_or_default()
    }
}

#[derive(Default)]
struct State {
    received: Mutex<Vec<Received>>,
    /// DATA transactions completed, accepted or refused.
    data_seen: AtomicUsize,
    /// Refuse this many next DATA transactions with 451.
    fail_next: AtomicUsize,
    /// RCPT addresses containing the text get the code (e.g. 550).
    reject_rcpt: Mutex<Vec<(String, u16)>>,
    /// Wait this long before answering the end of DATA.
    delay_ms: AtomicU64,
    connections: Mutex<Vec<AbortHandle>>,
}

pub struct SmtpSink {
    pub port: u16,
    state: Arc<State>,
    accept: AbortHandle,
}

/// A port nothing listens on yet, for an SMTP server that starts late.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn url_of(port: u16) -> String {
    format!("smtp://127.0.0.1:{port}")
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        SmtpSink::start_on(0).await
    }

    /// Starts on `port` (0: any free port).
    pub async fn start_on(port: u16) -> SmtpSink {
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(("127.0.0.1", port)).await {
                Ok(l) => break l,
                Err(e) if tries < 50 => {
                    tries += 1;
                    eprintln!("smtp sink: port {port} busy ({e}), retrying");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("smtp sink cannot listen on {port}: {e}"),
            }
        };
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(State::default());
        let st = state.clone();
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let st2 = st.clone();
                let h = tokio::spawn(async move {
                    let _ = session(stream, st2).await;
                });
                st.connections.lock().unwrap().push(h.abort_handle());
            }
        })
        .abort_handle();
        SmtpSink {
            port,
            state,
            accept,
        }
    }

    pub fn url(&self) -> String {
        url_of(self.port)
    }

    /// Stops listening and drops every open connection, like a server going down.
    pub fn stop(&self) {
        self.accept.abort();
        for c in self.state.connections.lock().unwrap().drain(..) {
            c.abort();
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.state.received.lock().unwrap().len()
    }

    /// DATA transactions seen, refused ones included.
    pub fn data_seen(&self) -> usize {
        self.state.data_seen.load(Ordering::SeqCst)
    }

    pub fn fail_next(&self, n: usize) {
        self.state.fail_next.store(n, Ordering::SeqCst);
    }

    pub fn reject_rcpt(&self, containing: &str, code: u16) {
        self.state
            .reject_rcpt
            .lock()
            .unwrap()
            .push((containing.to_string(), code));
    }

    pub fn accept_all_rcpt(&self) {
        self.state.reject_rcpt.lock().unwrap().clear();
    }

    pub fn set_delay(&self, d: Duration) {
        self.state
            .delay_ms
            .store(d.as_millis() as u64, Ordering::SeqCst);
    }

    /// Waits until at least `n` messages arrived (or `timeout`), and answers them all.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let end = Instant::now() + timeout;
        while self.count() < n && Instant::now() < end {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.received()
    }

    /// Waits until no message arrived for `calm`, to assert that nothing more comes.
    pub async fn quiet(&self, calm: Duration) -> Vec<Received> {
        let mut last = self.data_seen();
        loop {
            tokio::time::sleep(calm).await;
            let now = self.data_seen();
            if now == last {
                return self.received();
            }
            last = now;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn session(stream: TcpStream, st: Arc<State>) -> std::io::Result<()> {
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    w.write_all(b"220 sink.test ESMTP ready\r\n").await?;
    let mut rcpt: Vec<String> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_string();
        let verb = cmd
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: String = match verb.as_str() {
            "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760".into(),
            "HELO" => "250 sink.test".into(),
            "MAIL" => {
                rcpt.clear();
                "250 OK".into()
            }
            "RCPT" => {
                let addr = cmd
                    .split_once(':')
                    .map(|(_, a)| a.trim().trim_matches(['<', '>']).to_string())
                    .unwrap_or_default();
                let refused = st
                    .reject_rcpt
                    .lock()
                    .unwrap()
                    .iter()
                    .find(|(t, _)| addr.contains(t.as_str()))
                    .map(|(_, c)| *c);
                match refused {
                    Some(code) => format!("{code} mailbox unavailable"),
                    None => {
                        rcpt.push(addr);
                        "250 OK".into()
                    }
                }
            }
            "DATA" if rcpt.is_empty() => "503 no valid recipients".into(),
            "DATA" => {
                w.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut lines: Vec<String> = Vec::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).await? == 0 {
                        return Ok(()); // the client went away mid-message: nothing accepted
                    }
                    let l = line.trim_end_matches(['\r', '\n']);
                    if l == "." {
                        break;
                    }
                    lines.push(l.strip_prefix('.').unwrap_or(l).to_string());
                }
                let delay = st.delay_ms.load(Ordering::SeqCst);
                if delay > 0 {
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                }
                st.data_seen.fetch_add(1, Ordering::SeqCst);
                let refuse = st
                    .fail_next
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                if refuse {
                    "451 try again later".into()
                } else {
                    let mail = Mail {
                        file: String::new(),
                        raw: lines.join("\r\n"),
                    };
                    st.received.lock().unwrap().push(Received {
                        mail,
                        rcpt: std::mem::take(&mut rcpt),
                        at: Instant::now(),
                    });
                    "250 queued".into()
                }
            }
            "RSET" => {
                rcpt.clear();
                "250 OK".into()
            }
            "NOOP" => "250 OK".into(),
            "QUIT" => {
                w.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => "502 command not implemented".into(),
        };
        w.write_all(format!("{reply}\r\n").as_bytes()).await?;
    }
}
