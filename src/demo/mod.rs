//! `serve --demo` and `roster demo --users N`: an account to try Roster with, created once
//! with a few dozen hand-picked people, then filled with generated ones up to any size.

mod generate;
mod people;

use crate::domain::Role;
use crate::service::{Action, Actor, Channel, NewUser, Service, ServiceError};

pub const ACCOUNT: &str = "demo";
pub const ADMIN_EMAIL: &str = "admin@demo.test";
pub const ADMIN_PASSWORD: &str = "demo";

/// (first, last, locale, role, products)
const PEOPLE: &[(&str, &str, &str, Role, &[&str])] = &[
    (
        "Olivia",
        "Martin",
        "en",
        Role::Admin,
        &["connect", "meeting"],
    ),
    (
        "Lucas",
        "Bernard",
        "fr",
        Role::Manager,
        &["meeting", "webinar"],
    ),
    ("Emma", "Dubois", "fr", Role::Member, &["meeting"]),
    (
        "Noah",
        "Schmidt",
        "de",
        Role::Manager,
        &["connect", "rescue"],
    ),
    (
        "Mia",
        "Schneider",
        "de",
        Role::Member,
        &["meeting", "training"],
    ),
    (
        "Leon",
        "Fischer",
        "de",
        Role::Member,
        &["rescue", "gotoassist"],
    ),
    ("Sofia", "García", "es", Role::Member, &["webinar"]),
    (
        "Mateo",
        "Rodríguez",
        "es",
        Role::Member,
        &["connect", "grasshopper"],
    ),
    (
        "Giulia",
        "Rossi",
        "it",
        Role::Manager,
        &["meeting", "openvoice"],
    ),
    ("Lorenzo", "Russo", "it", Role::Member, &["training"]),
    ("Beatriz", "Silva", "pt", Role::Member, &["meeting", "room"]),
    ("João", "Santos", "pt", Role::Member, &["central", "pro"]),
    (
        "Daan",
        "de Jong",
        "nl",
        Role::Member,
        &["resolve", "resolve-mdm"],
    ),
    (
        "Sanne",
        "Jansen",
        "nl",
        Role::Member,
        &["meeting", "webinar"],
    ),
    (
        "James",
        "Smith",
        "en",
        Role::Member,
        &["connect", "meeting", "webinar"],
    ),
    ("Amelia", "Johnson", "en", Role::Member, &["gotomypc"]),
    (
        "William",
        "Brown",
        "en",
        Role::Member,
        &["hamachi", "remotelyanywhere"],
    ),
    ("Charlotte", "Taylor", "en", Role::Manager, &["meeting"]),
    ("Henry", "Wilson", "en", Role::Member, &["joinme"]),
    ("Ava", "Davies", "en", Role::Member, &["room", "meeting"]),
    ("Jack", "Evans", "en", Role::Member, &["rescue"]),
    (
        "Isla",
        "Thomas",
        "en",
        Role::Member,
        &["training", "webinar"],
    ),
    ("Hugo", "Petit", "fr", Role::Member, &["connect"]),
    ("Chloé", "Durand", "fr", Role::Member, &["openvoice"]),
    ("Felix", "Wagner", "de", Role::Member, &["central"]),
    ("Lena", "Becker", "de", Role::Member, &["meeting", "room"]),
    ("Pablo", "Martínez", "es", Role::Member, &["pro"]),
    ("Lucía", "López", "es", Role::Member, &["meeting"]),
    ("Marco", "Bianchi", "it", Role::Member, &["gotoassist"]),
    ("Chiara", "Romano", "it", Role::Member, &["connect", "room"]),
    ("Tiago", "Ferreira", "pt", Role::Member, &["webinar"]),
    ("Sem", "Bakker", "nl", Role::Member, &["grasshopper"]),
    ("Eva", "Visser", "nl", Role::Member, &["meeting"]),
    ("Oliver", "Walker", "en", Role::Member, &["resolve"]),
    ("Grace", "Hall", "en", Role::Member, &["connect", "meeting"]),
    (
        "Thomas",
        "Wright",
        "en",
        Role::Member,
        &["rescue", "gotomypc"],
    ),
    ("Ella", "Green", "en", Role::Member, &[]),
    ("Louis", "Moreau", "fr", Role::Member, &["meeting"]),
    ("Paul", "Hoffmann", "de", Role::Member, &["webinar"]),
    ("Carmen", "Sánchez", "es", Role::Member, &["room"]),
];

fn email_of(first: &str, last: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .filter_map(|c| match c {
                'á' | 'à' => Some('a'),
                'é' | 'è' => Some('e'),
                'í' => Some('i'),
                'ó' => Some('o'),
                'ú' => Some('u'),
                'ã' => Some('a'),
                c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
                _ => None,
            })
            .collect()
    };
    format!("{}.{}@demo.test", clean(first), clean(last))
}

/// Creates the demo account if absent; answers a fresh API token for it.
pub async fn seed(service: &Service) -> anyhow::Result<String> {
    let account = ensure_account(service, ACCOUNT).await?;
    let actor = Actor::admin(&account.id, "demo".into(), Channel::Cli);
    Ok(service.create_token(&actor, "demo").await?)
}

/// The account `name`, created with its admin and the hand-picked people if absent. The
/// demo account's admin is `admin@demo.test`; another's is `admin@NAME.test`; both sign
/// in with the demo password.
async fn ensure_account(
    service: &Service,
    name: &str,
) -> anyhow::Result<crate::store::accounts::AccountRecord> {
    match service.account_by_name(name).await {
        Ok(a) => Ok(a),
        Err(ServiceError::NotFound(_)) => {
            let account = service
                .create_account(name, &admin_email(name), Some(ADMIN_PASSWORD))
                .await?;
            populate(service, &account.id).await?;
            Ok(account)
        }
        Err(e) => Err(e.into()),
    }
}

/// The admin a demo account is created with: `admin@demo.test` for the demo account,
/// `admin@NAME.test` for another.
pub fn admin_email(account: &str) -> String {
    if account == ACCOUNT {
        ADMIN_EMAIL.to_string()
    } else {
        format!("admin@{account}.test")
    }
}

/// Users written per transaction: large enough for speed, small enough that other
/// writers (a running server) get the store between batches.
const BATCH: u64 = 5_000;

/// Loads of this many users or more index their text for search at the end.
const REINDEX_FROM: u64 = 50_000;

/// `roster demo --users N`: the account (created if absent) filled with generated users
/// until it holds `target` of them. Answers how many were added.
pub async fn fill(service: &Service, account_name: &str, target: u64) -> anyhow::Result<u64> {
    let account = ensure_account(service, account_name).await?;
    let start = service.count_all_users(&account.id).await?;
    if start >= target {
        return Ok(0);
    }
    let portal_hash = crate::auth::password::hash(ADMIN_PASSWORD);
    let actor = Actor::admin(&account.id, "roster demo".into(), Channel::Cli);
    let limited: std::collections::BTreeSet<String> = service
        .products(&actor)
        .await?
        .into_iter()
        .filter(|p| p.seats.is_some())
        .map(|p| p.key)
        .collect();
    let generator = generate::Generator {
        account_id: &account.id,
        catalog: service.catalog(),
        skip: &limited,
        now: service.now_ms(),
        portal_hash: &portal_hash,
    };
    // Indexing a large load's text for search at its end, at once, beats row by row.
    let reindex = target - start >= REINDEX_FROM;
    if reindex {
        service.pause_search_index().await?;
    }
    let mut progress = crate::progress::Progress::new(target - start, "users");
    let mut i = start;
    while i < target {
        let end = (i + BATCH).min(target);
        let batch: Vec<_> = (i..end).map(|n| generator.user(n)).collect();
        service.load_users(&batch).await?;
        progress.advance(end - i);
        i = end;
    }
    progress.finish();
    if reindex {
        let started = std::time::Instant::now();
        eprint!("indexing every user's text for search...");
        service.rebuild_search_index().await?;
        eprintln!(" {:.0} s", started.elapsed().as_secs_f64());
    }
    Ok(target - start)
}

async fn populate(service: &Service, account_id: &str) -> anyhow::Result<()> {
    let actor = Actor::admin(account_id, "demo".into(), Channel::Cli);
    service.set_seats(&actor, "room", Some(5)).await?;
    service.set_seats(&actor, "webinar", Some(8)).await?;
    let mut ids = Vec::new();
    for (first, last, locale, role, products) in PEOPLE {
        let new = NewUser {
            email: email_of(first, last),
            first_name: first.to_string(),
            last_name: last.to_string(),
            locale: Some(locale.to_string()),
            role: Some(*role),
            products: Some(products.iter().map(|p| p.to_string()).collect()),
            password: role.has_portal_access().then(|| ADMIN_PASSWORD.to_string()),
            ..NewUser::default()
        };
        ids.push(service.create_user(&actor, new, false).await?.user.id);
    }
    // A few users suspended and one deleted, to show every status.
    for i in [19, 28] {
        service
            .change_user(&actor, &ids[i], None, Action::Suspend, false)
            .await?;
    }
    service
        .change_user(&actor, &ids[33], None, Action::Delete, false)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_emails_are_plain_ascii() {
        assert_eq!(super::email_of("Sofia", "García"), "sofia.garcia@demo.test");
        assert_eq!(super::email_of("Daan", "de Jong"), "daan.dejong@demo.test");
    }
}
