//! Generated input for the three parsers that take a stranger's text: the SCIM filter,
//! SCIM PATCH and the CSV import. The CSV parser alone: no panic on anything (many cases,
//! cheap; the filter parser has its own unit property in `src/scim`). Through the server,
//! on both stores (filters become SQL per dialect): never a 5xx and never a dropped
//! connection, whatever the input. Case counts stay small so that CI runs
//! them in seconds; `PROPTEST_CASES` raises them for a longer hunt.
//!
//! Strings leave out NUL: it is refused at the edges by its own tests (issue 10, item 5).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{spawn_app, Backend, TestApp};

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runner(default_cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases: cases(default_cases),
        failure_persistence: None,
        ..Config::default()
    })
}

const ATTRS: &[&str] = &[
    "userName",
    "name.givenName",
    "name.familyName",
    "name",
    "displayName",
    "externalId",
    "active",
    "emails",
    "emails.value",
    "emails[type eq \"work\"].value",
    "emails[value co \"@\"]",
    "emails[primary eq true].type",
    "entitlements",
    "entitlements[value eq \"meeting\"]",
    "roles",
    "roles[primary eq true].value",
    "meta.lastModified",
    "meta.created",
    "id",
    "title",
    "phoneNumbers[type eq \"mobile\"].value",
    "urn:ietf:params:scim:schemas:core:2.0:User:userName",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
];

/// Text without NUL: printable, plus the characters parsers trip on.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::string::string_regex(&format!("\\PC{{0,{max}}}")).unwrap(),
        proptest::string::string_regex(&format!(
            "[\"\\\\()\\[\\]. a-z:,;\\n\\r\\t'%*-]{{0,{max}}}"
        ))
        .unwrap(),
    ]
}

fn attr_path() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(ATTRS).prop_map(str::to_string),
        1 => text(30),
    ]
}

fn literal() -> impl Strategy<Value = String> {
    prop_oneof![
        text(20).prop_map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))),
        text(20).prop_map(|s| format!("\"{s}\"")),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
        text(8),
    ]
}

fn comparison() -> impl Strategy<Value = String> {
    let op = prop_oneof![
        proptest::sample::select(&["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ"][..])
            .prop_map(str::to_string),
        text(4),
    ];
    prop_oneof![
        (attr_path(), op, literal()).prop_map(|(a, o, l)| format!("{a} {o} {l}")),
        attr_path().prop_map(|a| format!("{a} pr")),
    ]
}

/// Filters from the grammar, nested a few levels, with raw text mixed in.
fn filter() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![4 => comparison(), 1 => text(40)];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} and {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} or {b}")),
            inner.clone().prop_map(|a| format!("not ({a})")),
            inner.clone().prop_map(|a| format!("({a})")),
            (attr_path(), inner).prop_map(|(a, f)| format!("{a}[{f}]")),
        ]
    })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        text(30).prop_map(Value::from),
        proptest::sample::select(&["meeting", "admin", "manager", "work", "x@acme.test"][..])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    attr_path(),
                    Just("value".to_string()),
                    Just("type".to_string())
                ],
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn patch_body() -> impl Strategy<Value = Value> {
    let op = prop_oneof![
        proptest::sample::select(&["add", "replace", "remove", "Replace", "ADD"][..])
            .prop_map(Value::from),
        json_value(),
    ];
    let operation = (
        op,
        proptest::option::of(attr_path()),
        proptest::option::of(json_value()),
    )
        .prop_map(|(op, path, value)| {
            let mut o = serde_json::Map::new();
            o.insert("op".into(), op);
            if let Some(p) = path {
                o.insert("path".into(), Value::from(p));
            }
            if let Some(v) = value {
                o.insert("value".into(), v);
            }
            Value::Object(o)
        });
    prop_oneof![
        4 => proptest::collection::vec(operation, 0..4).prop_map(|ops| json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": ops
        })),
        1 => json_value(),
    ]
}

fn csv_text() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        text(12),
        proptest::sample::select(
            &[
                "meeting;rescue",
                "admin",
                "member",
                "fr",
                "x@acme.test",
                "\"a,b\"",
                "\"",
                ""
            ][..]
        )
        .prop_map(str::to_string),
    ];
    let header = proptest::sample::subsequence(
        &[
            "email",
            "first_name",
            "last_name",
            "locale",
            "role",
            "products",
            "status",
            "bogus",
        ][..],
        0..7,
    )
    .prop_map(|h| h.join(","));
    let row = proptest::collection::vec(cell, 0..8).prop_map(|c| c.join(","));
    prop_oneof![
        (header, proptest::collection::vec(row, 0..6))
            .prop_map(|(h, rows)| format!("{h}\n{}", rows.join("\n"))),
        text(200),
    ]
}

#[test]
fn the_csv_parser_never_panics() {
    let catalog = roster::domain::Catalog::default_suite();
    runner(2000)
        .run(&csv_text(), |text| {
            let _ = roster::import::parse_csv(&text, &catalog);
            Ok(())
        })
        .unwrap();
}

/// Runs `check` on generated input against a live server of `backend`.
fn against_server<S: Strategy>(
    backend: Backend,
    strategy: S,
    default_cases: u32,
    check: impl Fn(&TestApp, &str, S::Value) -> Check,
) where
    S::Value: std::fmt::Debug,
{
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let Some(app) = rt.block_on(spawn_app(backend)) else {
        return;
    };
    let victim = rt.block_on(app.create_user(json!({
        "email": "fuzz@acme.test", "first_name": "Fuzz", "products": ["meeting"]
    })));
    let id = victim["id"].as_str().unwrap().to_string();
    runner(default_cases)
        .run(&strategy, |input| {
            rt.block_on(check(&app, &id, input))
                .map_err(proptest::test_runner::TestCaseError::fail)
        })
        .unwrap();
}

/// The answer of one generated request: fine unless a 5xx or a dropped connection.
async fn acceptable(res: reqwest::Result<reqwest::Response>, what: String) -> Result<(), String> {
    let res = res.map_err(|e| format!("{what}: no answer ({e})"))?;
    let status = res.status();
    let body = res.text().await.unwrap_or_default();
    if status.is_server_error() {
        return Err(format!("{what}: {status} {body}"));
    }
    Ok(())
}

/// One generated request's check, run on the test's runtime.
type Check = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send>>;

fn filter_over_http(backend: Backend) {
    against_server(backend, filter(), 150, |app, _, f| {
        let get = app
            .client
            .get(app.url("/scim/v2/Users"))
            .bearer_auth(&app.token)
            .query(&[("filter", f.as_str())])
            .send();
        let search = app
            .client
            .post(app.url("/scim/v2/Users/.search"))
            .bearer_auth(&app.token)
            .json(&json!({"filter": f}))
            .send();
        Box::pin(async move {
            acceptable(get.await, format!("GET filter {f:?}")).await?;
            acceptable(search.await, format!(".search filter {f:?}")).await
        })
    });
    // Deep nesting is refused, not a stack overflow.
    let deep = format!("{}userName pr{}", "(".repeat(1_000), ")".repeat(1_000));
    against_server(backend, Just(deep), 1, |app, _, f| {
        let get = app
            .client
            .get(app.url("/scim/v2/Users"))
            .bearer_auth(&app.token)
            .query(&[("filter", f.as_str())])
            .send();
        Box::pin(async move {
            let res = get.await.map_err(|e| e.to_string())?;
            if res.status() != 400 {
                return Err(format!("a deep filter answered {}", res.status()));
            }
            Ok(())
        })
    });
}

fn patch_over_http(backend: Backend) {
    against_server(backend, patch_body(), 150, |app, id, body| {
        let url = app.url(&format!("/scim/v2/Users/{id}"));
        let patch = app
            .client
            .patch(url.clone())
            .bearer_auth(&app.token)
            .json(&body)
            .send();
        let get = app.client.get(url).bearer_auth(&app.token).send();
        Box::pin(async move {
            acceptable(patch.await, format!("PATCH {body}")).await?;
            // Whatever the PATCH kept, the user still reads.
            acceptable(get.await, format!("GET after PATCH {body}")).await
        })
    });
}

fn csv_over_http(backend: Backend) {
    against_server(backend, csv_text(), 60, |app, _, csv| {
        let import = app
            .api(Method::POST, "/api/v1/users/import?notify=false")
            .header("content-type", "text/csv")
            .body(csv.clone())
            .send();
        Box::pin(async move { acceptable(import.await, format!("import {csv:?}")).await })
    });
}

#[test]
fn scim_filters_never_fail_the_server_sqlite() {
    filter_over_http(Backend::Sqlite);
}

#[test]
fn scim_filters_never_fail_the_server_postgres() {
    filter_over_http(Backend::Postgres);
}

#[test]
fn scim_patches_never_fail_the_server_sqlite() {
    patch_over_http(Backend::Sqlite);
}

#[test]
fn scim_patches_never_fail_the_server_postgres() {
    patch_over_http(Backend::Postgres);
}

#[test]
fn csv_imports_never_fail_the_server_sqlite() {
    csv_over_http(Backend::Sqlite);
}

#[test]
fn csv_imports_never_fail_the_server_postgres() {
    csv_over_http(Backend::Postgres);
}
