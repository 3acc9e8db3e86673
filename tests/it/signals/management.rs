//! Discovery, the JWKS and stream management (SSF 1.0 §7, §8).

use reqwest::Method;
use serde_json::{json, Value};

use super::{discover, events_token, jwks, path_of, poll_stream, push_stream, ssf};
use crate::both_stores;
use crate::support::TestApp;

const DISABLED: &str = "https://schemas.openid.net/secevent/risc/event-type/account-disabled";
const REVOKED: &str = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

both_stores!(discovery_and_keys, |app: TestApp| async move {
    let c = discover(&app).await;
    let issuer = c["issuer"].as_str().unwrap();
    assert_eq!(c["spec_version"], "1_0");
    assert_eq!(c["jwks_uri"], format!("{issuer}/ssf/jwks.json"));
    assert_eq!(
        c["delivery_methods_supported"],
        json!(["urn:ietf:rfc:8935", "urn:ietf:rfc:8936"])
    );
    for (field, path) in [
        ("configuration_endpoint", "/ssf/streams"),
        ("status_endpoint", "/ssf/status"),
        ("verification_endpoint", "/ssf/verify"),
    ] {
        assert_eq!(c[field], format!("{issuer}{path}"), "{field}");
    }
    assert!(c["authorization_schemes"].is_array());

    let first = jwks(&app).await;
    assert_eq!(first.keys.len(), 1);
    let old_kid = first.keys[0].common.key_id.clone().unwrap();
    // A rotation publishes the new key and keeps the old one for SETs signed before.
    let (old, new) = app.service.rotate_signing_key(7).await.unwrap();
    assert_eq!(old.as_deref(), Some(old_kid.as_str()));
    let after = jwks(&app).await;
    let kids: Vec<String> = after
        .keys
        .iter()
        .map(|k| k.common.key_id.clone().unwrap())
        .collect();
    assert_eq!(kids, vec![new, old_kid]);
    // A key kept for no time is gone at the next rotation.
    app.service.rotate_signing_key(0).await.unwrap();
    app.service.rotate_signing_key(0).await.unwrap();
    assert_eq!(
        jwks(&app).await.keys.len(),
        2,
        "current + the one kept 7 days"
    );
});

both_stores!(
    streams_are_created_read_updated_replaced_and_deleted,
    |app: TestApp| async move {
        let token = events_token(&app, None).await;
        let created = push_stream(
            &app,
            &token,
            "https://rx.example/events",
            json!({"events_requested": [DISABLED, REVOKED, "urn:example:unknown"]}),
        )
        .await;
        let id = created["stream_id"].as_str().unwrap().to_string();
        let issuer = discover(&app).await["issuer"].clone();
        assert_eq!(created["iss"], issuer);
        assert!(created["aud"]
            .as_str()
            .unwrap()
            .starts_with("urn:roster:account:"));
        assert_eq!(created["delivery"]["method"], "urn:ietf:rfc:8935");
        assert_eq!(created["events_delivered"], json!([DISABLED, REVOKED]));
        assert_eq!(created["events_supported"].as_array().unwrap().len(), 5);
        assert_eq!(created["subject_format"], "email");

        // Read: one by id, or all of the receiver's.
        let one: Value = ssf(
            &app,
            &token,
            Method::GET,
            &format!("/ssf/streams?stream_id={id}"),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        assert_eq!(one, created);
        let poll = poll_stream(&app, &token, json!({})).await;
        assert_eq!(poll["delivery"]["method"], "urn:ietf:rfc:8936");
        assert!(poll["delivery"]["endpoint_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!(
                "/ssf/poll/{}",
                poll["stream_id"].as_str().unwrap()
            )));
        let all: Value = ssf(&app, &token, Method::GET, "/ssf/streams")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(all.as_array().unwrap().len(), 2);

        // Update: what is given changes, the rest stays.
        let res = ssf(&app, &token, Method::PATCH, "/ssf/streams")
            .json(&json!({"stream_id": id, "description": "renamed", "subject_format": "iss_sub"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let patched: Value = res.json().await.unwrap();
        assert_eq!(patched["description"], "renamed");
        assert_eq!(patched["subject_format"], "iss_sub");
        assert_eq!(patched["events_delivered"], json!([DISABLED, REVOKED]));
        assert_eq!(patched["delivery"], created["delivery"]);

        // Transmitter-supplied members sent back must match.
        let res = ssf(&app, &token, Method::PATCH, "/ssf/streams")
            .json(&json!({"stream_id": id, "iss": "https://elsewhere.example"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);

        // Replace: missing receiver-supplied members are cleared (no delivery: poll).
        let res = ssf(&app, &token, Method::PUT, "/ssf/streams")
            .json(&json!({"stream_id": id, "events_requested": [REVOKED]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let replaced: Value = res.json().await.unwrap();
        assert_eq!(replaced["delivery"]["method"], "urn:ietf:rfc:8936");
        assert_eq!(replaced["events_delivered"], json!([REVOKED]));
        assert!(replaced.get("description").is_none());

        // Status.
        let status: Value = ssf(
            &app,
            &token,
            Method::GET,
            &format!("/ssf/status?stream_id={id}"),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        assert_eq!(status, json!({"stream_id": id, "status": "enabled"}));
        let res = ssf(&app, &token, Method::POST, "/ssf/status")
            .json(&json!({"stream_id": id, "status": "paused", "reason": "maintenance"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.json::<Value>().await.unwrap(),
            json!({"stream_id": id, "status": "paused", "reason": "maintenance"})
        );
        let res = ssf(&app, &token, Method::POST, "/ssf/status")
            .json(&json!({"stream_id": id, "status": "asleep"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);

        // Delete.
        let res = ssf(
            &app,
            &token,
            Method::DELETE,
            &format!("/ssf/streams?stream_id={id}"),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(res.status(), 204);
        for path in [
            format!("/ssf/streams?stream_id={id}"),
            format!("/ssf/status?stream_id={id}"),
        ] {
            let res = ssf(&app, &token, Method::GET, &path).send().await.unwrap();
            assert_eq!(res.status(), 404, "{path}");
        }
    }
);

both_stores!(
    a_receiver_sees_only_its_streams,
    |app: TestApp| async move {
        let account = events_token(&app, None).await;
        let meeting = events_token(&app, Some("meeting")).await;
        let whole = poll_stream(&app, &account, json!({})).await;
        let bound = poll_stream(&app, &meeting, json!({})).await;
        assert_eq!(bound["product"], "meeting");
        assert!(bound["aud"].as_str().unwrap().ends_with(":product:meeting"));
        let listed = |token: String| {
            let app = &app;
            async move {
                let v: Value = ssf(app, &token, Method::GET, "/ssf/streams")
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["stream_id"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
            }
        };
        // The account's receiver sees both; the meeting receiver only its own.
        assert_eq!(listed(account.clone()).await.len(), 2);
        assert_eq!(
            listed(meeting.clone()).await,
            vec![bound["stream_id"].as_str().unwrap().to_string()]
        );
        let whole_id = whole["stream_id"].as_str().unwrap();
        let res = ssf(
            &app,
            &meeting,
            Method::DELETE,
            &format!("/ssf/streams?stream_id={whole_id}"),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(res.status(), 404);
        let res = ssf(
            &app,
            &meeting,
            Method::POST,
            &path_of(whole["delivery"]["endpoint_url"].as_str().unwrap()),
        )
        .json(&json!({"returnImmediately": true}))
        .send()
        .await
        .unwrap();
        assert_eq!(res.status(), 404);

        // Another account's receiver sees none of them.
        let stranger = app.other_account_token("globex").await;
        let globex_events: Value = app
            .client
            .post(app.url("/api/v1/tokens"))
            .bearer_auth(&stranger)
            .json(&json!({"name": "rx", "scope": "events"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let other = globex_events["secret"].as_str().unwrap().to_string();
        assert!(listed(other.clone()).await.is_empty());
        let res = ssf(
            &app,
            &other,
            Method::GET,
            &format!("/ssf/status?stream_id={whole_id}"),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(res.status(), 404);

        // No token, no management; bad input is a 400 naming the problem.
        let res = app
            .client
            .get(app.url("/ssf/streams"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        for bad in [
            json!({"delivery": {"method": "urn:ietf:rfc:8935"}}),
            json!({"delivery": {"method": "urn:ietf:rfc:8935", "endpoint_url": "ftp://x"}}),
            json!({"delivery": {"method": "urn:ietf:rfc:8935", "endpoint_url": "file:///etc/passwd"}}),
            // The cloud metadata service is no receiver (SSRF).
            json!({"delivery": {"method": "urn:ietf:rfc:8935",
                                "endpoint_url": "http://169.254.169.254/latest/meta-data/"}}),
            json!({"delivery": {"method": "urn:example:carrier-pigeon"}}),
            json!({"subject_format": "phone_number"}),
        ] {
            let res = ssf(&app, &account, Method::POST, "/ssf/streams")
                .json(&bad)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 400, "{bad}");
            let body: Value = res.json().await.unwrap();
            assert!(body["error"]["message"].is_string());
        }
    }
);
