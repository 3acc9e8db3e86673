//! The operator's commands for credentials and signals: `roster token ...`,
//! `roster keys rotate`, `roster events status|retry`.

use clap::Subcommand;

use crate::auth::scope::Scope;
use crate::service::tokens::NewToken;
use crate::service::{Actor, Channel, Service};

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Prints a new bearer token, alone on one line
    Create {
        #[arg(long)]
        account: String,
        /// admin (the API, SCIM and everything else), scim, access (the access check) or
        /// events (Shared Signals streams)
        #[arg(long, default_value = "admin", value_parser = parse_scope)]
        scope: Scope,
        /// Binds an access or events token to one product
        #[arg(long)]
        product: Option<String>,
        /// Days until the token expires (never by default)
        #[arg(long)]
        expires_days: Option<u32>,
        /// A label to recognise the token by in `roster token list`
        #[arg(long, default_value = "cli")]
        name: String,
    },
    /// Lists an account's tokens (never their secrets)
    List {
        #[arg(long)]
        account: String,
    },
    /// Revokes a token: refused at once, on every instance
    Revoke { id: String },
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Signs Security Event Tokens with a new key from now on; the old public key stays
    /// published for the days given
    Rotate {
        #[arg(long, default_value_t = 7)]
        keep_days: u32,
    },
}

#[derive(Subcommand, Debug)]
pub enum EventsCommand {
    /// Counts of queued, retrying, delivered and dead security events, and the failing ones
    Status {
        /// Only this account's events
        #[arg(long)]
        account: Option<String>,
    },
    /// Puts dead security events back in the queue
    Retry {
        /// Only this account's events
        #[arg(long)]
        account: Option<String>,
    },
}

fn parse_scope(s: &str) -> Result<Scope, String> {
    Scope::parse(s).ok_or_else(|| format!("'{s}' is not a scope (admin, scim, access, events)"))
}

async fn account_id(service: &Service, name: &str) -> anyhow::Result<String> {
    Ok(service
        .account_by_name(name)
        .await
        .map_err(|_| anyhow::anyhow!("no account named '{name}'"))?
        .id)
}

fn cli_actor(account_id: &str) -> Actor {
    Actor::admin(account_id, "cli".into(), Channel::Cli)
}

/// A time in ms as RFC 3339, for listings.
fn when(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms / 1000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

pub async fn run_token(service: &Service, cmd: TokenCommand) -> anyhow::Result<()> {
    match cmd {
        TokenCommand::Create {
            account,
            scope,
            product,
            expires_days,
            name,
        } => {
            let id = account_id(service, &account).await?;
            let new = NewToken {
                name,
                scope,
                product,
                expires_days,
            };
            let (_, secret) = service.issue_token(&cli_actor(&id), new).await?;
            println!("{secret}");
        }
        TokenCommand::List { account } => {
            let id = account_id(service, &account).await?;
            let now = service.now_ms();
            for t in service.tokens(&cli_actor(&id)).await? {
                let state = match (t.revoked_at, t.expires_at) {
                    (Some(at), _) => format!("revoked {}", when(at)),
                    (None, Some(at)) if at <= now => format!("expired {}", when(at)),
                    (None, Some(at)) => format!("expires {}", when(at)),
                    (None, None) => "no expiry".to_string(),
                };
                println!(
                    "{}  {:<6}  {:<12}  {}  created {}  {}",
                    t.id,
                    t.scope,
                    t.product.as_deref().unwrap_or("-"),
                    t.name,
                    when(t.created_at),
                    state
                );
            }
        }
        TokenCommand::Revoke { id } => {
            let account = service
                .token_account(&id)
                .await
                .map_err(|_| anyhow::anyhow!("no token with id '{id}'"))?;
            service
                .revoke_token(&cli_actor(&account), &id)
                .await
                .map_err(|_| anyhow::anyhow!("token '{id}' is already revoked"))?;
            println!("token {id} revoked");
        }
    }
    Ok(())
}

pub async fn run_keys(service: &Service, cmd: KeysCommand) -> anyhow::Result<()> {
    match cmd {
        KeysCommand::Rotate { keep_days } => {
            let (old, new) = service.rotate_signing_key(keep_days).await?;
            match old {
                Some(old) => println!(
                    "signing key {new} in use; {old} stays published for {keep_days} day(s)"
                ),
                None => println!("signing key {new} in use"),
            }
        }
    }
    Ok(())
}

pub async fn run_events(service: &Service, cmd: EventsCommand) -> anyhow::Result<()> {
    let (EventsCommand::Status { account } | EventsCommand::Retry { account }) = &cmd;
    let account = match account {
        Some(name) => Some(account_id(service, name).await?),
        None => None,
    };
    match cmd {
        EventsCommand::Status { .. } => {
            print!(
                "{}",
                service
                    .signal_queue_status(account.as_deref())
                    .await?
                    .report()
            );
        }
        EventsCommand::Retry { .. } => {
            let n = service.retry_dead_signals(account.as_deref()).await?;
            println!("{n} dead event(s) queued again");
        }
    }
    Ok(())
}
