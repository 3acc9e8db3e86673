//! A text is found either from its matches or by walking the sort index and keeping the
//! rows that match (`drive_by_matches` picks by a probe, at sizes no test builds): both
//! ways must give the same pages, in every order and direction, with accents and short
//! prefixes.

use std::collections::BTreeSet;

use super::{search, search_with, Driver};
use crate::domain::query::{Direction, PageAt, Sort, UserQuery};
use crate::domain::{Role, Status};
use crate::store::accounts::{self, AccountRecord};
use crate::store::users::{self, UserRecord};
use crate::store::Store;

const PEOPLE: [(&str, &str, &str); 12] = [
    ("Émile", "Zola", "emile.zola@acme.test"),
    ("Marta", "Müller", "marta@acme.test"),
    ("Omar", "Ángel", "omar.angel@acme.test"),
    ("Mark", "Johnson", "mark.j@acme.test"),
    ("Joanna", "Jones", "jo@acme.test"),
    ("Tamara", "Øst", "tamara@uni.test"),
    ("Jonas", "MÜLLER", "jonas.m@uni.test"),
    ("Ölaf", "Ångström", "olaf@uni.test"),
    ("Anna", "Marić", "anna.maric@uni.test"),
    ("Zoé", "Jobs", "zoe@acme.test"),
    ("Bob", "Smith", "smith.bob@acme.test"),
    ("Jo", "Marquez", "marquez@acme.test"),
];

/// Where a test's store lives, removed after it.
enum Place {
    File(std::path::PathBuf),
    Schema(String),
}

/// The people in a SQLite file and, unless PostgreSQL is unreachable and not required
/// (`ROSTER_REQUIRE_ALL=1`), in a fresh PostgreSQL schema: each store's walks are its own.
async fn stores_with_people() -> Vec<(Store, Place)> {
    let path = std::env::temp_dir().join(format!("roster-walk-{}.db", uuid::Uuid::new_v4()));
    let sqlite = format!("sqlite://{}", path.display());
    let mut stores = vec![(store_with_people(&sqlite).await, Place::File(path))];
    if let Some((url, schema)) = postgres_schema().await {
        stores.push((store_with_people(&url).await, Place::Schema(schema)));
    }
    stores
}

fn postgres_base() -> String {
    std::env::var("ROSTER_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

async fn postgres_schema() -> Option<(String, String)> {
    use sqlx::Connection;
    let base = postgres_base();
    let mut conn = match sqlx::PgConnection::connect(&base).await {
        Ok(conn) => conn,
        Err(e) if std::env::var("ROSTER_REQUIRE_ALL").as_deref() == Ok("1") => {
            panic!("PostgreSQL is required (ROSTER_REQUIRE_ALL=1) but unreachable at {base}: {e}")
        }
        Err(_) => return None,
    };
    let name = format!("walk_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE SCHEMA {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    Some((format!("{base}{sep}options[search_path]={name}"), name))
}

async fn store_with_people(url: &str) -> Store {
    let store = Store::connect(url).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    accounts::insert(
        tx.conn(),
        &AccountRecord {
            id: "acct".into(),
            name: "acme".into(),
            created_at: 1,
        },
    )
    .await
    .unwrap();
    for (n, (first, last, email)) in PEOPLE.iter().enumerate() {
        let user = UserRecord {
            id: format!("u{n:02}"),
            account_id: "acct".into(),
            email: email.to_string(),
            first_name: first.to_string(),
            last_name: last.to_string(),
            locale: "en".into(),
            role: Role::Member,
            products: BTreeSet::from(["meeting".to_string()]),
            status: if n % 4 == 3 {
                Status::Suspended
            } else {
                Status::Active
            },
            // One deleted user, who never shows.
            deleted_at: (n == 5).then_some(7),
            version: 1,
            password_hash: None,
            external_id: None,
            memory: None,
            extra: Default::default(),
            created_at: 1_000 + (n as i64 * 7) % 5,
            updated_at: 1_000,
        };
        users::insert(tx.conn(), &user).await.unwrap();
    }
    tx.commit().await.unwrap();
    store
}

/// Every matching id, two at a time by cursor.
async fn ids(store: &Store, q: &UserQuery, by_matches: bool) -> Vec<String> {
    let driver = Driver {
        by_matches,
        ..Driver::default()
    };
    ids_driven(store, q, driver).await
}

async fn ids_driven(store: &Store, q: &UserQuery, driver: Driver) -> Vec<String> {
    pages(store, q, Some(driver)).await
}

/// Every matching id by cursor, two at a time: with `driver`, or as `search` plans it
/// (on PostgreSQL a text alone of few matches is paged from what its probe read).
async fn pages(store: &Store, q: &UserQuery, driver: Option<Driver>) -> Vec<String> {
    let mut read = store.read().await.unwrap();
    let (mut all, mut after) = (Vec::new(), None);
    for _ in 0..20 {
        let at = PageAt::After(after);
        let page = match driver {
            Some(driver) => search_with(read.conn(), "acct", q, &at, 2, driver).await,
            None => search(read.conn(), "acct", q, &at, 2).await,
        }
        .unwrap();
        all.extend(page.users.iter().map(|u| u.id.clone()));
        match page.next {
            Some(next) => after = Some(next),
            None => return all,
        }
    }
    panic!("paging did not end");
}

#[tokio::test]
async fn walking_finds_what_the_matches_find() {
    for (store, place) in stores_with_people().await {
        let texts = [
            "mar", "MÜLLER", "ang", "jo", "J", "m", "acme", "zz", "ström", "o",
        ];
        let mut found_any = 0;
        for text in texts {
            for sort in [Sort::Email, Sort::Name, Sort::Created] {
                for direction in [Direction::Ascending, Direction::Descending] {
                    for status in [None, Some(Status::Active)] {
                        let q = UserQuery {
                            text: Some(text.to_string()),
                            sort,
                            direction,
                            status,
                            ..UserQuery::default()
                        };
                        let walked = ids(&store, &q, false).await;
                        let matched = ids(&store, &q, true).await;
                        assert_eq!(
                            walked, matched,
                            "{text:?} {sort:?} {direction:?} {status:?}"
                        );
                        assert_eq!(
                            pages(&store, &q, None).await,
                            matched,
                            "{text:?} {sort:?} {direction:?} {status:?}, as planned"
                        );
                        assert!(!walked.contains(&"u05".to_string()), "a deleted user");
                        found_any += usize::from(!walked.is_empty());
                    }
                }
            }
        }
        // The texts do find people (a test of two empty lists would prove nothing).
        assert!(found_any > 40, "{found_any}");
        // "mar" is in Marta, Omar, Mark, Tamara (deleted), Marić, Marquez; anywhere in the
        // email or the name.
        let q = UserQuery {
            text: Some("mar".into()),
            ..UserQuery::default()
        };
        assert_eq!(ids(&store, &q, false).await.len(), 5);
        remove(store, place).await;
    }
}

/// SQLite walks the created order for a common text before its matches drive
/// (`Driver::text_walk`, chosen by its hits at sizes no test builds): walks that fill
/// their pages, that fall short and give way to the matches, and that end the list,
/// all give the pages the matches give.
#[tokio::test]
async fn a_walk_before_the_matches_finds_their_pages() {
    for (store, place) in stores_with_people().await {
        let mut found = 0;
        for text in ["mar", "MÜLLER", "acme", "uni", "ström", "zz"] {
            for direction in [Direction::Ascending, Direction::Descending] {
                let q = UserQuery {
                    text: Some(text.to_string()),
                    sort: Sort::Created,
                    direction,
                    ..UserQuery::default()
                };
                let matched = ids(&store, &q, true).await;
                for entries in [1, 2, 3, 5, 100] {
                    let driver = Driver {
                        by_matches: true,
                        text_walk: Some(entries),
                        ..Driver::default()
                    };
                    assert_eq!(
                        ids_driven(&store, &q, driver).await,
                        matched,
                        "{text:?} {direction:?}, walks of {entries}"
                    );
                }
                found += matched.len();
            }
        }
        // "acme" alone is in seven people's emails: pages walked and pages fallen back.
        assert!(found > 20, "{found}");
        remove(store, place).await;
    }
}

/// An offset in the creation order with no filter reads SQLite's narrow index of that
/// order (migration 0029, `created_at + 0`): its pages are the keyset pages' users, in
/// both directions, ties by id included (several people share a creation time here).
#[tokio::test]
async fn offsets_in_creation_order_give_the_keyset_pages() {
    for (store, place) in stores_with_people().await {
        for direction in [Direction::Ascending, Direction::Descending] {
            let q = UserQuery {
                sort: Sort::Created,
                direction,
                ..UserQuery::default()
            };
            let keyset = ids(&store, &q, false).await;
            assert_eq!(keyset.len(), 11, "all but the deleted one");
            let mut read = store.read().await.unwrap();
            let mut by_offset = Vec::new();
            for offset in (0..12).step_by(3) {
                let page = search_with(
                    read.conn(),
                    "acct",
                    &q,
                    &PageAt::Offset(offset),
                    3,
                    Driver::default(),
                )
                .await
                .unwrap();
                by_offset.extend(page.users.iter().map(|u| u.id.clone()));
            }
            assert_eq!(by_offset, keyset, "{direction:?}");
        }
        remove(store, place).await;
    }
}

/// No walk, and walks of these many entries where the store walks for suspended users
/// (SQLite; PostgreSQL walks their own table, `walks_suspended`).
fn walks(place: &Place, entries: &[u32]) -> Vec<Option<u32>> {
    let walked = match place {
        Place::File(_) => entries,
        Place::Schema(_) => &[],
    };
    std::iter::once(None)
        .chain(walked.iter().copied().map(Some))
        .collect()
}

async fn remove(store: Store, place: Place) {
    drop(store);
    match place {
        Place::File(path) => crate::store::test_db::remove_files(&path),
        Place::Schema(name) => {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&postgres_base()).await.unwrap();
            sqlx::query(&format!("DROP SCHEMA {name} CASCADE"))
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }
}

/// Suspended users are found by their status's index when few and by walking an order's
/// index when many (`Driver::suspended_walked`, chosen by the kept counts at sizes no
/// test builds): both ways give the same pages, with or without a text or a role.
#[tokio::test]
async fn walking_finds_the_suspended_users_their_index_finds() {
    for (store, place) in stores_with_people().await {
        let mut found = 0;
        for text in [
            None,
            Some("mar"),
            Some("jo"),
            Some("m"),
            Some("uni"),
            Some("zz"),
        ] {
            for role in [None, Some(Role::Member), Some(Role::Admin)] {
                for sort in [Sort::Email, Sort::Name, Sort::Created] {
                    for direction in [Direction::Ascending, Direction::Descending] {
                        let q = UserQuery {
                            text: text.map(str::to_string),
                            status: Some(Status::Suspended),
                            role,
                            sort,
                            direction,
                            ..UserQuery::default()
                        };
                        let mut pages = Vec::new();
                        // Walked by at most 1, 3 or 100 entries a page: pages the walk fills,
                        // and pages it leaves short that the suspended users' index finds.
                        for suspended_walk in walks(&place, &[1, 3, 100]) {
                            for by_matches in [false, true] {
                                let driver = Driver {
                                    by_matches,
                                    suspended_walk,
                                    ..Driver::default()
                                };
                                pages.push(ids_driven(&store, &q, driver).await);
                            }
                        }
                        assert!(
                            pages.iter().all(|p| *p == pages[0]),
                            "{text:?} {role:?} {sort:?} {direction:?}: {pages:?}"
                        );
                        found += pages[0].len();
                    }
                }
            }
        }
        // Suspended: Mark (u03), Ölaf (u07) and Jo Marquez (u11), all members.
        let q = UserQuery {
            status: Some(Status::Suspended),
            ..UserQuery::default()
        };
        for suspended_walk in walks(&place, &[2, 100]) {
            let driver = Driver {
                suspended_walk,
                ..Driver::default()
            };
            assert_eq!(ids_driven(&store, &q, driver).await, ["u03", "u11", "u07"]);
        }
        assert!(found > 40, "{found}");
        remove(store, place).await;
    }
}

/// A common text among the few users of a filter is paged and counted in one walk of
/// that filter's users (SQLite, `counts_walking_a_filter`), or of a product's holders
/// without a role (`counts_by_holders`): the same pages and total as from the text's
/// matches, in every order.
#[tokio::test]
async fn a_text_among_a_few_users_counts_what_it_pages() {
    for (store, place) in stores_with_people().await {
        let mut found = 0;
        for text in ["mar", "acme", "ström", "zz", "jo"] {
            for (sort, role) in [Sort::Email, Sort::Name, Sort::Created]
                .into_iter()
                .flat_map(|sort| [(sort, Some(Role::Member)), (sort, None)])
            {
                let q = UserQuery {
                    text: Some(text.to_string()),
                    product: Some("meeting".into()),
                    role,
                    sort,
                    direction: Direction::Descending,
                    ..UserQuery::default()
                };
                let matched = ids(&store, &q, true).await;
                assert_eq!(
                    ids(&store, &q, false).await,
                    matched,
                    "{text:?} {sort:?} {role:?}"
                );
                let mut read = store.read().await.unwrap();
                for by_matches in [false, true] {
                    let driver = Driver {
                        by_matches,
                        ..Driver::default()
                    };
                    let first =
                        search_with(read.conn(), "acct", &q, &PageAt::After(None), 2, driver)
                            .await
                            .unwrap();
                    assert_eq!(
                        first.total,
                        crate::domain::query::Total::Exact(matched.len() as u64),
                        "{text:?} {sort:?} {role:?} by matches: {by_matches}"
                    );
                }
                found += matched.len();
            }
        }
        assert!(found > 20, "{found}");
        remove(store, place).await;
    }
}
