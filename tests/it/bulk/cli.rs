//! `roster users bulk`, run as a process against the test server's database.

use std::process::Command;

use reqwest::Method;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::TestApp;

fn roster(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roster"))
        .arg("--database")
        .arg(&app.database_url)
        .args(args)
        .output()
        .expect("run roster");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

both_stores!(users_bulk_prints_the_counts, |app: TestApp| async move {
    let mut ids = Vec::new();
    for n in 0..3 {
        let u = app
            .create_user(json!({"email": format!("c{n}@acme.test"), "products": ["rescue"]}))
            .await;
        ids.push(u["id"].as_str().unwrap().to_string());
    }
    fn args<'a>(more: &[&'a str]) -> Vec<&'a str> {
        ["users", "bulk", "--account", "acme"]
            .into_iter()
            .chain(more.iter().copied())
            .collect()
    }
    let (ok, out, err) = roster(
        &app,
        &args(&["--product", "rescue", "--action", "suspend", "--dry-run"]),
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("matched 3, changed 3, unchanged 0, refused 0"),
        "{out}"
    );
    assert!(out.contains("emails products_changed: 3"), "{out}");
    assert!(out.contains("dry run"), "{out}");

    let (ok, out, err) = roster(
        &app,
        &args(&["--product", "rescue", "--action", "suspend", "--no-notify"]),
    );
    assert!(ok, "{err}");
    assert!(out.contains("matched 3, changed 3"), "{out}");
    assert!(!out.contains("emails"), "{out}");
    let page: Value = app
        .api(Method::GET, "/api/v1/users?status=suspended")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["users"].as_array().unwrap().len(), 3);

    let list = ids.join(",");
    let (ok, out, err) = roster(
        &app,
        &args(&["--ids", &list, "--action", "set_role", "--role", "manager"]),
    );
    assert!(ok, "{err}");
    assert!(out.contains("changed 3"), "{out}");
    // A bad action is one line naming it, and changes nothing.
    let (ok, _, err) = roster(&app, &args(&["--ids", &list, "--action", "explode"]));
    assert!(!ok);
    assert!(err.contains("explode"), "{err}");
});
