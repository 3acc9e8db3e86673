//! The `roster` command.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::cli_credentials::{EventsCommand, KeysCommand, TokenCommand};
use crate::server::{self, ServeOptions};
use crate::service::{Actor, Channel};

#[derive(Parser, Debug)]
#[command(
    name = "roster",
    version,
    about = "Roster: the admin center for the users of a multi-product suite"
)]
pub struct Cli {
    /// sqlite://PATH or postgres://USER@HOST:PORT/DB
    #[arg(
        long,
        global = true,
        env = "ROSTER_DATABASE",
        default_value = "sqlite://roster.db"
    )]
    pub database: String,

    /// A product catalog in TOML ([[product]] key, name, getting_started_email)
    #[arg(long, global = true, env = "ROSTER_CATALOG")]
    pub catalog: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Runs the portal, the API and SCIM on one listener
    Serve(ServeArgs),
    /// Accounts and their seats
    #[command(subcommand)]
    Account(AccountCommand),
    /// API tokens: create (with a scope, a product, an expiry), list, revoke
    #[command(subcommand)]
    Token(TokenCommand),
    /// The keys signing Security Event Tokens
    #[command(subcommand)]
    Keys(KeysCommand),
    /// The queue of security events for the products (Shared Signals)
    #[command(subcommand)]
    Events(EventsCommand),
    /// The email outbox
    #[command(subcommand)]
    Mail(MailCommand),
    /// Changes to many users at once
    #[command(subcommand)]
    Users(crate::cli_bulk::UsersCommand),
    /// Fills an account (created if absent, with the demo's people) with generated users
    Demo {
        #[arg(long, default_value = crate::demo::ACCOUNT)]
        account: String,
        /// How many users the account should hold
        #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u64).range(1..=50_000_000))]
        users: u64,
    },
    /// Creates or updates users from a CSV file (email, first_name, last_name, locale, role, products)
    Import {
        file: PathBuf,
        #[arg(long)]
        account: String,
        /// Do not send products/role emails (getting-started emails still go)
        #[arg(long)]
        no_notify: bool,
        /// The portal's address for the invitation links (default: what `roster serve`
        /// recorded in the database, else http://127.0.0.1:8080)
        #[arg(long, env = "ROSTER_PUBLIC_URL")]
        public_url: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[arg(long, env = "ROSTER_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Folder receiving one .eml file per email (when --smtp is not given)
    #[arg(
        long,
        env = "ROSTER_MAIL_DIR",
        default_value = "mail",
        conflicts_with = "smtp"
    )]
    pub mail_dir: PathBuf,
    /// smtp://host:port, smtp+starttls://host:port or smtps://host:port
    #[arg(long, env = "ROSTER_SMTP")]
    pub smtp: Option<String>,
    /// The From address of emails
    #[arg(
        long,
        env = "ROSTER_MAIL_FROM",
        default_value = "Roster <roster@localhost>"
    )]
    pub mail_from: String,
    /// Delivery attempts before an email is left dead
    #[arg(long, env = "ROSTER_MAIL_ATTEMPTS", default_value_t = 10)]
    pub mail_attempts: u32,
    /// Emails delivered at once (SMTP connections in use)
    #[arg(long, env = "ROSTER_MAIL_CONCURRENCY", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub mail_concurrency: u32,
    /// Seconds a claimed email is reserved for its sender; after a crash another
    /// instance sends it once this has passed. A delivery is abandoned after half of it
    #[arg(long, env = "ROSTER_MAIL_LEASE_SECS", default_value_t = 60, value_parser = clap::value_parser!(u32).range(2..=3600))]
    pub mail_lease_secs: u32,
    /// The portal's address as users reach it, for links in emails (default: http://LISTEN)
    #[arg(long, env = "ROSTER_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Days a deleted user can be restored before being purged
    #[arg(long, env = "ROSTER_RETENTION_DAYS", default_value_t = 30)]
    pub retention_days: u32,
    /// Mark session cookies Secure (behind TLS)
    #[arg(long, env = "ROSTER_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Create the demo account (admin@demo.test / demo) if absent
    #[arg(long)]
    pub demo: bool,
    #[command(flatten)]
    pub http: server::HttpArgs,
}

#[derive(Subcommand, Debug)]
pub enum AccountCommand {
    /// Creates an account and its first admin
    Create {
        name: String,
        #[arg(long)]
        admin: String,
        /// The admin's portal password (8 characters or more advised)
        #[arg(long, env = "ROSTER_ADMIN_PASSWORD")]
        password: Option<String>,
    },
    /// Sets the seats of a product: a number, or `unlimited`
    Seats {
        name: String,
        #[arg(long)]
        product: String,
        #[arg(long, value_parser = parse_seats)]
        seats: Seats,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct Seats(pub Option<u32>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_fit_on_one_line() {
        let e = anyhow::anyhow!("unable to open database file")
            .context("database error: unable to open database file")
            .context("cannot open the database\nx");
        assert_eq!(
            one_line(&e),
            "cannot open the database x: database error: unable to open database file"
        );
        let rendered = "error: invalid value 'abc' for '--seats <SEATS>': not a number\n\nFor more information, try '--help'.\n";
        assert_eq!(
            usage_error_line(rendered),
            "invalid value 'abc' for '--seats <SEATS>': not a number (see roster --help)"
        );
        let missing = "error: the following required arguments were not provided:\n  --account <ACCOUNT>\n\nUsage: roster token create --account <ACCOUNT>\n";
        assert_eq!(usage_error_line(missing), "the following required arguments were not provided: --account <ACCOUNT> (see roster --help)");
    }

    #[test]
    fn seats_are_a_number_or_unlimited() {
        assert_eq!(parse_seats("12").map(|s| s.0), Ok(Some(12)));
        assert_eq!(parse_seats("Unlimited").map(|s| s.0), Ok(None));
        assert!(parse_seats("-3").is_err());
    }
}

fn parse_seats(s: &str) -> Result<Seats, String> {
    if s.eq_ignore_ascii_case("unlimited") {
        return Ok(Seats(None));
    }
    s.parse::<u32>()
        .map(|n| Seats(Some(n)))
        .map_err(|_| format!("'{s}' is not a number of seats nor 'unlimited'"))
}

#[derive(Subcommand, Debug)]
pub enum MailCommand {
    /// Counts of queued, retrying, sent and dead emails, and the dead and retrying ones
    Status {
        /// Only this account's emails
        #[arg(long)]
        account: Option<String>,
    },
    /// Puts dead emails back in the queue
    Retry {
        /// Only this account's emails
        #[arg(long)]
        account: Option<String>,
    },
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version: clap's full text on standard output.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("roster: {}", usage_error_line(&e.render().to_string()));
            return ExitCode::from(2);
        }
    };
    init_tracing(matches!(cli.command, Command::Serve(_)));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("roster: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("roster: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// The first line of a command-line error, without clap's "error: " and usage text.
fn usage_error_line(rendered: &str) -> String {
    // The message runs to the first blank line (a list of missing arguments included).
    let message: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect();
    let message = message.join(" ");
    let message = message.trim_start_matches("error: ");
    format!(
        "{} (see roster --help)",
        if message.is_empty() {
            "invalid command line"
        } else {
            message
        }
    )
}

/// An error and its causes on one line, each said once: database errors repeat their
/// cause in their own message, and a name with a line break must not break the line.
fn one_line(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ").replace(['\r', '\n'], " ")
}

fn init_tracing(serving: bool) {
    let default = if serving {
        "info,sqlx=warn,tower_http=info"
    } else {
        "warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("ROSTER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    // Colours only for a person at a terminal: a log file or journal gets plain text
    // (and formatting every request's span without them costs less).
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let catalog = server::load_catalog(cli.catalog.as_ref())?;
    match cli.command {
        Command::Serve(a) => {
            server::serve(ServeOptions {
                listen: a.listen,
                database: cli.database,
                mail_dir: a.mail_dir,
                smtp: a.smtp,
                mail_from: a.mail_from,
                catalog: cli.catalog,
                retention_days: a.retention_days,
                max_mail_attempts: a.mail_attempts,
                mail_concurrency: a.mail_concurrency,
                mail_lease_secs: a.mail_lease_secs,
                public_url: a.public_url,
                secure_cookies: a.secure_cookies,
                demo: a.demo,
                http: a.http,
            })
            .await
        }
        Command::Account(AccountCommand::Create {
            name,
            admin,
            password,
        }) => {
            if let Some(p) = &password {
                anyhow::ensure!(!p.trim().is_empty(), "the password is empty");
                // The operator is trusted here (the demo uses "demo"); the API and the
                // portal, where others choose passwords, insist on the minimum.
                if p.chars().count() < crate::domain::MIN_PASSWORD_CHARS {
                    eprintln!(
                        "roster: warning: a password shorter than 8 characters is easy to guess"
                    );
                }
            }
            let service = server::open(&cli.database, catalog, 30).await?;
            let account = service
                .create_account(&name, &admin, password.as_deref())
                .await?;
            println!("account '{}' created with admin {admin}", account.name);
            Ok(())
        }
        Command::Account(AccountCommand::Seats {
            name,
            product,
            seats,
        }) => {
            let service = server::open(&cli.database, catalog, 30).await?;
            let account = service
                .account_by_name(&name)
                .await
                .map_err(|_| anyhow::anyhow!("no account named '{name}'"))?;
            let actor = Actor::admin(&account.id, "cli".into(), Channel::Cli);
            let p = service.set_seats(&actor, &product, seats.0).await?;
            match p.seats {
                Some(n) => println!("{}: {n} seats ({} in use)", p.key, p.seats_used),
                None => println!("{}: unlimited seats ({} in use)", p.key, p.seats_used),
            }
            Ok(())
        }
        Command::Demo { account, users } => {
            let service = server::open(&cli.database, catalog, 30).await?;
            let started = std::time::Instant::now();
            let added = crate::demo::fill(&service, &account, users).await?;
            println!(
                "account '{account}' holds {users} or more users ({added} generated in {:.1} s); sign in as {} / {}",
                started.elapsed().as_secs_f64(),
                crate::demo::admin_email(&account),
                crate::demo::ADMIN_PASSWORD
            );
            Ok(())
        }
        Command::Token(cmd) => {
            let service = server::open(&cli.database, catalog, 30).await?;
            crate::cli_credentials::run_token(&service, cmd).await
        }
        Command::Keys(cmd) => {
            let service = server::open(&cli.database, catalog, 30).await?;
            crate::cli_credentials::run_keys(&service, cmd).await
        }
        Command::Users(cmd) => {
            let service = server::open(&cli.database, catalog, 30).await?;
            crate::cli_bulk::run_users(&service, cmd).await
        }
        Command::Events(cmd) => {
            let service = server::open(&cli.database, catalog, 30).await?;
            crate::cli_credentials::run_events(&service, cmd).await
        }
        Command::Import {
            file,
            account,
            no_notify,
            public_url,
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let service = server::open(&cli.database, catalog, 30).await?;
            let service = match public_url {
                Some(url) => {
                    anyhow::ensure!(
                        (url.starts_with("http://") || url.starts_with("https://"))
                            && reqwest::Url::parse(&url).is_ok(),
                        "--public-url must be an http:// or https:// address, not '{url}'"
                    );
                    service.with_public_url(&url)
                }
                None => service.with_recorded_public_url().await?,
            };
            let rows = crate::import::parse_csv(&text, service.catalog()).map_err(|errors| {
                let lines: Vec<String> = errors
                    .iter()
                    .map(|e| format!("line {}: {}", e.line, e.message))
                    .collect();
                anyhow::anyhow!(
                    "{} is not imported, nothing changed: {}",
                    file.display(),
                    lines.join("; ")
                )
            })?;
            let a = service
                .account_by_name(&account)
                .await
                .map_err(|_| anyhow::anyhow!("no account named '{account}'"))?;
            let actor = Actor::admin(&a.id, "cli".into(), Channel::Import);
            // Rows are independent changes: imported a chunk at a time, the bar moves.
            let mut report = crate::service::import::ImportReport::default();
            let mut progress = crate::progress::Progress::new(rows.len() as u64, "rows");
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let chunk: Vec<_> = rows.by_ref().take(200).collect();
                let n = chunk.len() as u64;
                report.absorb(service.import_users(&actor, chunk, !no_notify).await?);
                progress.advance(n);
            }
            progress.finish();
            for r in &report.rows {
                if let crate::service::import::RowOutcome::Failed { message } = &r.outcome {
                    eprintln!("line {} ({}): {message}", r.line, r.email);
                }
            }
            println!(
                "{} created, {} updated, {} unchanged, {} failed",
                report.created, report.updated, report.unchanged, report.failed
            );
            anyhow::ensure!(report.failed == 0, "{} row(s) failed", report.failed);
            Ok(())
        }
        Command::Mail(cmd) => {
            use crate::service::outbox::Scope;
            let service = server::open(&cli.database, catalog, 30).await?;
            let (MailCommand::Status { account } | MailCommand::Retry { account }) = &cmd;
            let account_id = match account {
                Some(name) => Some(
                    service
                        .account_by_name(name)
                        .await
                        .map_err(|_| anyhow::anyhow!("no account named '{name}'"))?
                        .id,
                ),
                None => None,
            };
            let scope = account_id.as_deref().map_or(Scope::All, Scope::Account);
            match cmd {
                MailCommand::Status { .. } => {
                    print!("{}", service.mail_status_of(scope).await?.report());
                }
                MailCommand::Retry { .. } => {
                    let n = service.retry_dead_mail(scope).await?;
                    println!("{n} dead email(s) queued again");
                }
            }
            Ok(())
        }
    }
}
