//! `roster serve`: opens the store, starts the workers, listens.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use lettre::message::Mailbox;

use crate::app::{self, AppState, Settings};
use crate::domain::Catalog;
use crate::http::limits::{LimitsConfig, Rate};
use crate::http::listener::ServerLimits;
use crate::http::proxy::TrustedProxies;
use crate::mail::transport::Transport;
use crate::mail::worker::{MailConfig, MailWorker};
use crate::service::{Clock, Config, Service, SystemClock};
use crate::store::Store;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub listen: String,
    pub database: String,
    pub mail_dir: PathBuf,
    pub smtp: Option<String>,
    pub mail_from: String,
    pub catalog: Option<PathBuf>,
    pub retention_days: u32,
    pub max_mail_attempts: u32,
    pub mail_concurrency: u32,
    pub mail_lease_secs: u32,
    /// The portal's address for links in emails; `http://LISTEN` when absent.
    pub public_url: Option<String>,
    pub secure_cookies: bool,
    pub demo: bool,
    pub http: HttpArgs,
}

/// The HTTP server's limits and proxy settings (`roster serve --help` lists them).
#[derive(clap::Args, Debug, Clone)]
pub struct HttpArgs {
    /// A reverse proxy whose X-Forwarded-For is believed (CIDR or address; repeatable)
    #[arg(
        long = "trusted-proxy",
        value_name = "CIDR",
        env = "ROSTER_TRUSTED_PROXY",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<String>,
    /// Seconds a client has to send a complete request head (new connection or kept-alive)
    #[arg(long, env = "ROSTER_HEADER_TIMEOUT_SECS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub header_timeout_secs: u64,
    /// Seconds an idle kept-alive connection stays open (at most the header timeout)
    #[arg(long, env = "ROSTER_KEEP_ALIVE_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub keep_alive_secs: u64,
    /// Open connections at most (also kept below the open-file limit)
    #[arg(long, env = "ROSTER_MAX_CONNECTIONS", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,
    /// Requests per second per API token (0: no limit)
    #[arg(long, env = "ROSTER_TOKEN_RATE", default_value_t = 300)]
    pub token_rate: u32,
    /// Requests a token may send at once above its rate
    #[arg(long, env = "ROSTER_TOKEN_BURST", default_value_t = 600)]
    pub token_burst: u32,
    /// Access checks per second per verified token (0: no limit)
    #[arg(long, env = "ROSTER_ACCESS_RATE", default_value_t = 100_000)]
    pub access_rate: u32,
    /// Access checks a token may send at once above its rate
    #[arg(long, env = "ROSTER_ACCESS_BURST", default_value_t = 200_000)]
    pub access_burst: u32,
    /// Requests per second per client address (0: no limit)
    #[arg(long, env = "ROSTER_CLIENT_RATE", default_value_t = 1000)]
    pub client_rate: u32,
    /// Requests a client address may send at once above its rate
    #[arg(long, env = "ROSTER_CLIENT_BURST", default_value_t = 2000)]
    pub client_burst: u32,
    /// Expensive requests (lists, exports, imports, sign-ins) at once per token or client
    #[arg(long, env = "ROSTER_EXPENSIVE_CONCURRENCY", default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub expensive_concurrency: u64,
}

impl HttpArgs {
    pub fn server_limits(&self) -> ServerLimits {
        let header = Duration::from_secs(self.header_timeout_secs);
        ServerLimits {
            header_read_timeout: header,
            keep_alive_timeout: Duration::from_secs(self.keep_alive_secs).min(header),
            max_connections: self.max_connections as usize,
            ..ServerLimits::default()
        }
    }

    pub fn limits(&self) -> LimitsConfig {
        LimitsConfig {
            token: Rate {
                per_second: self.token_rate,
                burst: self.token_burst,
            },
            client: Rate {
                per_second: self.client_rate,
                burst: self.client_burst,
            },
            access: Rate {
                per_second: self.access_rate,
                burst: self.access_burst,
            },
            expensive_per_key: self.expensive_concurrency as usize,
            ..LimitsConfig::default()
        }
    }
}

pub fn load_catalog(path: Option<&PathBuf>) -> anyhow::Result<Catalog> {
    match path {
        None => Ok(Catalog::default_suite()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the catalog {}", p.display()))?;
            Catalog::from_toml(&text)
                .map_err(|e| anyhow::anyhow!("invalid catalog {}: {e}", p.display()))
        }
    }
}

/// Opens the store and the service the way every command does.
pub async fn open(
    database: &str,
    catalog: Catalog,
    retention_days: u32,
) -> anyhow::Result<Service> {
    let store = Store::connect(database).await.with_context(|| {
        format!(
            "cannot open the database {}",
            crate::mail::transport::redact(database)
        )
    })?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    Ok(Service::new(
        store,
        Config {
            catalog,
            retention_days,
        },
        clock,
    )
    .await?)
}

pub async fn serve(opts: ServeOptions) -> anyhow::Result<()> {
    let trusted_proxies =
        TrustedProxies::parse(&opts.http.trusted_proxies).map_err(anyhow::Error::msg)?;
    let catalog = load_catalog(opts.catalog.as_ref())?;
    let public_url = opts
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", opts.listen));
    let service = open(&opts.database, catalog, opts.retention_days)
        .await?
        .with_public_url(&public_url);
    let transport = match &opts.smtp {
        Some(url) => {
            Transport::smtp_pooled(url, opts.mail_concurrency).map_err(anyhow::Error::msg)?
        }
        None => Transport::Dir(opts.mail_dir.clone()),
    };
    let from: Mailbox = opts
        .mail_from
        .parse()
        .with_context(|| format!("invalid --mail-from '{}'", opts.mail_from))?;
    let mut mail = MailConfig::new(transport, from);
    mail.max_attempts = opts.max_mail_attempts;
    mail.concurrency = opts.mail_concurrency as usize;
    mail.lease_ms = i64::from(opts.mail_lease_secs) * 1000;
    mail.message_id_domain = crate::mail::transport::domain_of(&public_url);
    let mail_worker = MailWorker::new(
        service.outbox_queue(),
        mail,
        Arc::new(SystemClock),
        service.mail_wake(),
    )
    .yielding_to(service.heavy_writes())
    .spawn();
    service.spawn_purge();
    service
        .record_public_url()
        .await
        .context("cannot record the public URL")?;
    // The first start makes the key that signs Security Event Tokens.
    service.signing_key().await?;
    let push_worker = crate::signals::push::PushWorker::new(service.clone(), Default::default())
        .context("cannot start the Shared Signals push worker")?
        .spawn();

    let demo_token = if opts.demo {
        Some(crate::demo::seed(&service).await?)
    } else {
        None
    };

    let listener = tokio::net::TcpListener::bind(&opts.listen)
        .await
        .with_context(|| format!("cannot listen on {}", opts.listen))?;
    let addr = listener.local_addr()?;
    let state = AppState::new(
        service,
        Settings {
            secure_cookies: opts.secure_cookies,
            public_url: opts
                .public_url
                .as_deref()
                .map(|u| u.trim_end_matches('/').to_string()),
            trusted_proxies,
            limits: opts.http.limits(),
        },
    );
    println!("Roster is listening on http://{addr}");
    println!("  portal:  http://{addr}/login");
    println!("  API:     http://{addr}/api/v1/ (OpenAPI at /api/v1/openapi.json)");
    println!("  SCIM:    http://{addr}/scim/v2/");
    println!("  signals: http://{addr}/.well-known/ssf-configuration");
    match &opts.smtp {
        Some(url) => println!("  email:   SMTP {}", crate::mail::transport::redact(url)),
        None => println!("  email:   .eml files in {}", opts.mail_dir.display()),
    }
    if let Some(token) = demo_token {
        println!(
            "Demo account 'demo': sign in as {} / password {}",
            crate::demo::ADMIN_EMAIL,
            crate::demo::ADMIN_PASSWORD
        );
        println!("  API token for the demo account: {token}");
    }
    tracing::info!(%addr, "listening");
    let limits = opts.http.server_limits().fit_to_open_file_limit();
    tracing::info!(max_connections = limits.max_connections, "connection cap");
    crate::http::listener::serve(listener, app::router(state), limits, shutdown()).await?;
    mail_worker.shutdown().await;
    push_worker.shutdown().await;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
