//! The `roster` command, run as a process (DESIGN §4, CLI).

use std::process::{Command, Output};

use crate::support::{fresh_postgres_url, TempDir};

fn roster(database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roster"))
        .arg("--database")
        .arg(database)
        .args(args)
        .output()
        .expect("run roster")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

async fn walk_the_cli(database: &str) {
    let ok = roster(
        database,
        &[
            "account",
            "create",
            "acme",
            "--admin",
            "admin@acme.test",
            "--password",
            "long enough",
        ],
    );
    assert!(ok.status.success(), "{}", stderr(&ok));

    let token = roster(database, &["token", "create", "--account", "acme"]);
    assert!(token.status.success(), "{}", stderr(&token));
    let out = stdout(&token);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "the token alone on one line: {out:?}");
    assert!(lines[0].starts_with("rst_") && lines[0].len() > 40);

    let seats = roster(
        database,
        &[
            "account",
            "seats",
            "acme",
            "--product",
            "meeting",
            "--seats",
            "3",
        ],
    );
    assert!(seats.status.success(), "{}", stderr(&seats));
    assert!(stdout(&seats).contains("meeting: 3 seats"));
    let unlimited = roster(
        database,
        &[
            "account",
            "seats",
            "acme",
            "--product",
            "meeting",
            "--seats",
            "unlimited",
        ],
    );
    assert!(stdout(&unlimited).contains("unlimited"));

    // Failures: non-zero, one line naming the problem.
    for (args, needle) in [
        (
            vec!["account", "create", "acme", "--admin", "x@acme.test"],
            "already exists",
        ),
        (
            vec!["account", "create", "new", "--admin", "not-an-email"],
            "invalid email",
        ),
        (
            vec!["account", "create", "bad name", "--admin", "a@b.test"],
            "invalid account name",
        ),
        (
            vec![
                "account",
                "create",
                "short",
                "--admin",
                "a@b.test",
                "--password",
                " ",
            ],
            "password is empty",
        ),
        (
            vec![
                "account",
                "seats",
                "acme",
                "--product",
                "metting",
                "--seats",
                "3",
            ],
            "unknown product 'metting'",
        ),
        (
            vec![
                "account",
                "seats",
                "acme",
                "--product",
                "meeting",
                "--seats",
                "lots",
            ],
            "not a number",
        ),
        (
            vec![
                "account",
                "seats",
                "nobody",
                "--product",
                "meeting",
                "--seats",
                "3",
            ],
            "no account named 'nobody'",
        ),
        (
            vec!["token", "create", "--account", "nobody"],
            "no account named 'nobody'",
        ),
    ] {
        let o = roster(database, &args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = stderr(&o);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(
            err.trim().lines().count() <= 3,
            "{args:?}: short reason: {err}"
        );
    }
    // Import: a bad file changes nothing; a good one reports what it did.
    let dir = TempDir::new();
    let bad = dir.0.join("bad.csv");
    std::fs::write(&bad, "email,role\nx@acme.test,owner\n").unwrap();
    let o = roster(
        database,
        &["import", bad.to_str().unwrap(), "--account", "acme"],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("line 2") && stderr(&o).contains("nothing changed"),
        "{}",
        stderr(&o)
    );
    let good = dir.0.join("good.csv");
    std::fs::write(
        &good,
        "email,products\nx@acme.test,meeting\ny@acme.test,rescue\n",
    )
    .unwrap();
    let o = roster(
        database,
        &[
            "import",
            good.to_str().unwrap(),
            "--account",
            "acme",
            "--no-notify",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2 created"), "{}", stdout(&o));

    let status = roster(database, &["mail", "status"]);
    assert!(status.status.success());
    assert!(stdout(&status).contains("dead"));
}

#[tokio::test]
async fn cli_on_sqlite() {
    let dir = TempDir::new();
    walk_the_cli(&format!("sqlite://{}", dir.0.join("cli.db").display())).await;
}

#[tokio::test]
async fn cli_on_postgres() {
    let Some(url) = fresh_postgres_url().await else {
        return;
    };
    walk_the_cli(&url).await;
}

#[test]
fn a_bad_database_url_is_a_one_line_error() {
    let o = roster(
        "mysql://nowhere/db",
        &["token", "create", "--account", "acme"],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.starts_with("roster: ") && err.contains("unsupported database URL"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

/// `serve --demo` seeds once: a second start finds the account and only mints a token.
async fn demo_seeds_once(database: &str) {
    use roster::service::{Actor, Channel};
    let service = roster::server::open(database, roster::domain::Catalog::default_suite(), 30)
        .await
        .unwrap();
    let token = roster::demo::seed(&service).await.unwrap();
    assert!(token.starts_with("rst_"));
    roster::demo::seed(&service).await.unwrap();
    let account = service.account_by_name("demo").await.unwrap();
    let actor = Actor::admin(&account.id, "test".into(), Channel::Cli);
    use roster::domain::query::{PageAt, UserQuery};
    let count = |status| {
        let (service, actor) = (&service, &actor);
        async move {
            let q = UserQuery {
                status,
                ..UserQuery::default()
            };
            let page = service.search_users(actor, &q, &PageAt::Offset(0), 0);
            page.await.unwrap().total.value()
        }
    };
    let active = count(None).await;
    assert!(active >= 35, "a few dozen users, got {active}");
    assert_eq!(count(Some(roster::domain::Status::Deleted)).await, 1);
    assert!(count(Some(roster::domain::Status::Suspended)).await >= 2);
    let seats = service.products(&actor).await.unwrap();
    assert_eq!(
        seats.iter().filter(|p| p.seats.is_some()).count(),
        2,
        "a seat limit on two products"
    );
    let admin_query = UserQuery {
        text: Some(roster::demo::ADMIN_EMAIL.into()),
        ..UserQuery::default()
    };
    let admin = service
        .search_users(&actor, &admin_query, &PageAt::After(None), 5)
        .await
        .unwrap()
        .users;
    assert!(roster::auth::password::verify(
        roster::demo::ADMIN_PASSWORD,
        admin[0].password_hash.as_deref().unwrap()
    ));
}

#[tokio::test]
async fn demo_on_sqlite() {
    let dir = TempDir::new();
    demo_seeds_once(&format!("sqlite://{}", dir.0.join("demo.db").display())).await;
}

#[tokio::test]
async fn demo_on_postgres() {
    let Some(url) = fresh_postgres_url().await else {
        return;
    };
    demo_seeds_once(&url).await;
}

/// `roster demo --users N` fills the account up to N users, each obeying the status rule
/// and carrying its history, and a second run with the same N adds nobody.
async fn demo_fills_to_n(database: &str) {
    use roster::domain::query::{PageAt, UserQuery};
    use roster::domain::Status;
    use roster::service::{Actor, Channel};

    let out = roster(database, &["demo", "--users", "600"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("holds 600"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("100%"),
        "a progress bar: {}",
        stderr(&out)
    );
    let again = roster(database, &["demo", "--users", "600"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stdout(&again).contains("0 generated"), "{}", stdout(&again));

    let service = roster::server::open(database, roster::domain::Catalog::default_suite(), 30)
        .await
        .unwrap();
    let account = service.account_by_name("demo").await.unwrap();
    let actor = Actor::admin(&account.id, "test".into(), Channel::Cli);
    let mut seen = Vec::new();
    for status in [None, Some(Status::Deleted)] {
        let q = UserQuery {
            status,
            ..UserQuery::default()
        };
        let mut at = PageAt::After(None);
        loop {
            let page = service.search_users(&actor, &q, &at, 200).await.unwrap();
            seen.extend(page.users);
            match page.next {
                Some(p) => at = PageAt::After(Some(p)),
                None => break,
            }
        }
    }
    assert_eq!(
        seen.len(),
        600,
        "every user listed once, deleted ones included"
    );
    for u in &seen {
        assert_eq!(
            u.status,
            Status::derive(u.role, &u.products, u.deleted_at.is_some()),
            "{}",
            u.email
        );
    }
    let suspended = seen
        .iter()
        .filter(|u| u.status == Status::Suspended)
        .count();
    let deleted = seen.iter().filter(|u| u.status == Status::Deleted).count();
    assert!(
        suspended >= 10 && deleted >= 2,
        "{suspended} suspended, {deleted} deleted"
    );
    assert!(
        seen.iter().any(|u| !u.last_name.is_ascii()),
        "names keep their accents"
    );
    // A generated user who was suspended has the creation and the suspension in their
    // history, and Reactivate gives back what they had.
    let was_active = seen
        .iter()
        .find(|u| u.memory.is_some())
        .expect("someone suspended after being active");
    let history = service
        .audit_of(&actor, &was_active.id, None, 10)
        .await
        .unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["suspend", "create"], "newest first");
    let back = service
        .change_user(
            &actor,
            &was_active.id,
            None,
            roster::service::Action::Reactivate,
            false,
        )
        .await
        .unwrap();
    assert_eq!(back.user.status, Status::Active);
}

#[tokio::test]
async fn demo_users_on_sqlite() {
    let dir = TempDir::new();
    demo_fills_to_n(&format!("sqlite://{}", dir.0.join("demo.db").display())).await;
}

#[tokio::test]
async fn demo_users_on_postgres() {
    let Some(url) = fresh_postgres_url().await else {
        return;
    };
    demo_fills_to_n(&url).await;
}

/// `roster import` run beside a server writes invitation links to the server's public
/// address (recorded in the database at start), or to `--public-url` when given; a bad
/// one is a one-line error that imports nothing; the import shows its progress.
async fn import_links_follow_the_public_url(database: &str) {
    use sqlx::Row;
    let service = roster::server::open(database, roster::domain::Catalog::default_suite(), 30)
        .await
        .unwrap()
        .with_public_url("https://roster.example.com/");
    service
        .create_account("acme", "admin@acme.test", Some("a long secret"))
        .await
        .unwrap();
    // What `roster serve --public-url https://roster.example.com` does when it starts.
    service.record_public_url().await.unwrap();

    let dir = TempDir::new();
    let file = dir.0.join("people.csv");
    let csv = "email,first_name,last_name,locale,role,products\n\
               ines@acme.test,Inès,Roy,fr,manager,meeting\n\
               omar@acme.test,Omar,Haddad,en,admin,\n";
    std::fs::write(&file, csv).unwrap();
    let path = file.to_str().unwrap();

    let bad = roster(
        database,
        &[
            "import",
            path,
            "--account",
            "acme",
            "--public-url",
            "ftp://x",
        ],
    );
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("--public-url"), "{}", stderr(&bad));

    let out = roster(database, &["import", path, "--account", "acme"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 created"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("100%"),
        "a progress bar: {}",
        stderr(&out)
    );

    let other = dir.0.join("more.csv");
    std::fs::write(
        &other,
        "email,first_name,last_name,locale,role,products\nzoe@acme.test,Zoé,Blanc,fr,manager,\n",
    )
    .unwrap();
    let out = roster(
        database,
        &[
            "import",
            other.to_str().unwrap(),
            "--account",
            "acme",
            "--public-url",
            "https://admin.acme.example",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(database)
        .await
        .unwrap();
    let rows = sqlx::query(
        "SELECT o.to_email, b.body_text FROM outbox o JOIN outbox_bodies b ON b.id = o.id \
         WHERE o.kind = 'invitation'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut seen = 0;
    for row in rows {
        let to: String = row.try_get("to_email").unwrap();
        let body: String = row.try_get("body_text").unwrap();
        let expected = if to == "zoe@acme.test" {
            "https://admin.acme.example/password/"
        } else {
            "https://roster.example.com/password/"
        };
        assert!(body.contains(expected), "{to}: {body}");
        assert!(!body.contains("127.0.0.1"), "{to}: {body}");
        seen += 1;
    }
    assert_eq!(seen, 3, "one invitation per manager or admin imported");
}

#[tokio::test]
async fn import_links_on_sqlite() {
    sqlx::any::install_default_drivers();
    let dir = TempDir::new();
    import_links_follow_the_public_url(&format!(
        "sqlite://{}?mode=rwc",
        dir.0.join("i.db").display()
    ))
    .await;
}

#[tokio::test]
async fn import_links_on_postgres() {
    sqlx::any::install_default_drivers();
    let Some(url) = fresh_postgres_url().await else {
        return;
    };
    import_links_follow_the_public_url(&url).await;
}
