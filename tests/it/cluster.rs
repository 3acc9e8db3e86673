//! Several instances on one PostgreSQL database (DESIGN §3).

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{spawn_app, spawn_app_with, Backend, TestOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_on_one_instance_cuts_access_on_the_other_within_a_second() {
    let Some(a) = spawn_app(Backend::Postgres).await else {
        return;
    };
    let b = spawn_app_with(
        Backend::Postgres,
        TestOptions {
            database: Some(a.database_url.clone()),
            ..Default::default()
        },
    )
    .await
    .expect("second instance");
    let u = a
        .create_user(json!({"email": "roamer@acme.test", "products": ["meeting"]}))
        .await;
    let id = u["id"].as_str().unwrap().to_string();
    let ask = |id: String| {
        let b = &b;
        async move {
            let res = b
                .api(
                    Method::GET,
                    &format!("/api/v1/access?user={id}&product=meeting"),
                )
                .send()
                .await
                .unwrap();
            res.json::<Value>().await.unwrap()
        }
    };
    // B answers (and caches) yes.
    assert_eq!(ask(id.clone()).await["allowed"], true);
    assert_eq!(ask(id.clone()).await["allowed"], true);

    let res = a
        .api(Method::POST, &format!("/api/v1/users/{id}/suspend"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let start = Instant::now();
    loop {
        if ask(id.clone()).await["allowed"] == false {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "instance B still allows a suspended user after 1 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // And back.
    a.api(Method::POST, &format!("/api/v1/users/{id}/reactivate"))
        .send()
        .await
        .unwrap();
    let start = Instant::now();
    while ask(id.clone()).await["allowed"] != true {
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "instance B did not see the reactivation"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_racing_on_the_last_admin_leave_one() {
    let Some(a) = spawn_app(Backend::Postgres).await else {
        return;
    };
    let b = spawn_app_with(
        Backend::Postgres,
        TestOptions {
            database: Some(a.database_url.clone()),
            ..Default::default()
        },
    )
    .await
    .expect("second instance");
    let list: Value = a
        .api(Method::GET, "/api/v1/users?role=admin")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first = list["users"][0]["id"].as_str().unwrap().to_string();
    let second = a
        .create_user(json!({"email": "second@acme.test", "role": "admin"}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ra = a
        .api(Method::PATCH, &format!("/api/v1/users/{first}"))
        .json(&json!({"role": "member", "products": ["pro"]}))
        .send();
    let rb = b
        .api(Method::PATCH, &format!("/api/v1/users/{second}"))
        .json(&json!({"role": "member", "products": ["pro"]}))
        .send();
    let (ra, rb) = tokio::join!(ra, rb);
    let mut codes = [ra.unwrap().status().as_u16(), rb.unwrap().status().as_u16()];
    codes.sort();
    assert_eq!(codes, [200, 409]);
    let admins: Value = b
        .api(Method::GET, "/api/v1/users?role=admin&status=active")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(admins["total"], 1);
}
