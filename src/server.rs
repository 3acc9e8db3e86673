//! `roster serve`: opens the store, starts the workers, listens.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use lettre::message::Mailbox;

use crate::app::{self, AppState, Settings};
use crate::domain::Catalog;
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
    .spawn();
    service.spawn_purge();
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
    let state = AppState {
        service,
        settings: Arc::new(Settings {
            secure_cookies: opts.secure_cookies,
        }),
    };
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
    // The peer address lets the portal's sign-in lockout count failures per client.
    let app = app::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await?;
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
