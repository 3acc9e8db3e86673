//! `roster users bulk`: one action for many users of an account, from the command line.

use clap::{Args, Subcommand};

use crate::domain::bulk::{BulkAction, ACTION_NAMES};
use crate::domain::query::UserQuery;
use crate::domain::{Role, Status};
use crate::service::bulk::{BulkRequest, BulkSelection};
use crate::service::{Actor, Channel, Service};

#[derive(Subcommand, Debug)]
pub enum UsersCommand {
    /// Applies one action to the users listed (--ids) or selected by the list's filters
    Bulk(BulkArgs),
}

#[derive(Args, Debug)]
pub struct BulkArgs {
    #[arg(long)]
    pub account: String,
    /// User ids, separated by commas
    #[arg(long, value_delimiter = ',', conflicts_with_all = ["status", "product", "q", "where_role"])]
    pub ids: Vec<String>,
    /// Filter: active, suspended or deleted
    #[arg(long)]
    pub status: Option<String>,
    /// Filter: a product key the users hold
    #[arg(long)]
    pub product: Option<String>,
    /// Filter: text in the email or the name
    #[arg(long)]
    pub q: Option<String>,
    /// add_products, remove_products, set_role, suspend, reactivate, delete or restore
    #[arg(long)]
    pub action: String,
    /// Product keys, separated by commas (add_products, remove_products)
    #[arg(long, value_delimiter = ',')]
    pub products: Vec<String>,
    /// With --action set_role: the role to give; otherwise a filter on the role
    #[arg(long)]
    pub role: Option<String>,
    /// Filter on the role when --role names the role to give
    #[arg(long)]
    pub where_role: Option<String>,
    /// Do not send products/role emails (getting-started emails still go)
    #[arg(long)]
    pub no_notify: bool,
    /// Say what would happen; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

fn role(r: &str) -> anyhow::Result<Role> {
    r.parse::<Role>().map_err(|e| anyhow::anyhow!("{e}"))
}

pub async fn run_users(service: &Service, cmd: UsersCommand) -> anyhow::Result<()> {
    let UsersCommand::Bulk(a) = cmd;
    let account = service
        .account_by_name(&a.account)
        .await
        .map_err(|_| anyhow::anyhow!("no account named '{}'", a.account))?;
    let sets_role = a.action == "set_role";
    let filter_role = match (sets_role, &a.role, &a.where_role) {
        (_, _, Some(r)) => Some(role(r)?),
        (false, Some(r), None) => Some(role(r)?),
        _ => None,
    };
    let new_role = if sets_role {
        a.role.as_deref().map(role).transpose()?
    } else {
        None
    };
    let selection = if !a.ids.is_empty() {
        anyhow::ensure!(
            filter_role.is_none(),
            "--ids and a filter cannot be combined"
        );
        BulkSelection::Ids(a.ids)
    } else {
        let status = a
            .status
            .as_deref()
            .map(|s| {
                Status::parse(s).ok_or_else(|| {
                    anyhow::anyhow!("unknown status '{s}' (expected active, suspended or deleted)")
                })
            })
            .transpose()?;
        if let Some(p) = &a.product {
            service.catalog().parse_keys(std::slice::from_ref(p))?;
        }
        anyhow::ensure!(
            status.is_some() || filter_role.is_some() || a.product.is_some() || a.q.is_some(),
            "give --ids or a filter (--status, --role, --product, --q)"
        );
        BulkSelection::Filter(UserQuery {
            status,
            role: filter_role,
            product: a.product,
            text: a.q,
            ..UserQuery::default()
        })
    };
    let products = service.catalog().parse_keys(&a.products)?;
    let action = BulkAction::parse(&a.action, products, new_role)
        .map_err(|e| anyhow::anyhow!("{e} (actions: {})", ACTION_NAMES.join(", ")))?;
    let actor = Actor::admin(&account.id, "cli".into(), Channel::Cli);
    let report = service
        .bulk_change(
            &actor,
            &BulkRequest {
                selection,
                action,
                notify: !a.no_notify,
                dry_run: a.dry_run,
            },
        )
        .await?;
    for r in &report.refused {
        eprintln!("refused {} {}: {} ({})", r.id, r.email, r.message, r.code);
    }
    print!("{}", report.summary());
    if a.dry_run {
        println!("dry run: nothing changed");
    }
    Ok(())
}
