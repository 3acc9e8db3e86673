//! Verification events (SSF 1.0 §8.1.4) over push and poll: the receiver checks every
//! SET with the published key.

use reqwest::Method;
use serde_json::json;

use super::receiver::{event_type, verify, Receiver};
use super::{discover, events_token, jwks, poll, poll_stream, push_stream, ssf, start_push, WAIT};
use crate::both_stores;
use crate::support::TestApp;

const VERIFICATION: &str = "https://schemas.openid.net/secevent/ssf/event-type/verification";

both_stores!(
    a_pushed_verification_carries_the_state,
    |app: TestApp| async move {
        let worker = start_push(&app);
        let receiver = Receiver::start().await;
        let token = events_token(&app, None).await;
        let stream = push_stream(&app, &token, &receiver.url(), json!({})).await;
        let id = stream["stream_id"].as_str().unwrap();
        let res = ssf(&app, &token, Method::POST, "/ssf/verify")
            .json(&json!({"stream_id": id, "state": "abc123"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);

        let got = receiver.wait_for(1, WAIT).await;
        assert_eq!(got.len(), 1, "the verification event arrives");
        assert_eq!(got[0].content_type, "application/secevent+jwt");
        assert_eq!(
            got[0].authorization.as_deref(),
            Some("Bearer receiver-secret")
        );
        let issuer = discover(&app).await["issuer"].as_str().unwrap().to_string();
        let claims = verify(
            &got[0].set,
            &jwks(&app).await,
            &issuer,
            stream["aud"].as_str().unwrap(),
        );
        assert_eq!(event_type(&claims), VERIFICATION);
        assert_eq!(claims["events"][VERIFICATION]["state"], "abc123");
        assert_eq!(claims["sub_id"], json!({"format": "opaque", "id": id}));

        // Unknown streams and bad bodies are refused.
        let res = ssf(&app, &token, Method::POST, "/ssf/verify")
            .json(&json!({"stream_id": "nope"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let res = ssf(&app, &token, Method::POST, "/ssf/verify")
            .json(&json!({"state": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        worker.shutdown().await;
    }
);

both_stores!(
    a_polled_verification_is_acknowledged_once,
    |app: TestApp| async move {
        let token = events_token(&app, None).await;
        let stream = poll_stream(&app, &token, json!({"subject_format": "iss_sub"})).await;
        let id = stream["stream_id"].as_str().unwrap();
        let (sets, more) = poll(&app, &token, &stream, json!({"returnImmediately": true})).await;
        assert!(sets.is_empty() && !more);

        for state in ["one", "two"] {
            let res = ssf(&app, &token, Method::POST, "/ssf/verify")
                .json(&json!({"stream_id": id, "state": state}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 204);
        }
        let (sets, more) = poll(
            &app,
            &token,
            &stream,
            json!({"maxEvents": 1, "returnImmediately": true}),
        )
        .await;
        assert_eq!(sets.len(), 1);
        assert!(more, "a second event waits");
        let issuer = discover(&app).await["issuer"].as_str().unwrap().to_string();
        let keys = jwks(&app).await;
        let (jti, set) = &sets[0];
        let claims = verify(set, &keys, &issuer, stream["aud"].as_str().unwrap());
        assert_eq!(&claims["jti"], jti);
        assert_eq!(claims["events"][VERIFICATION]["state"], "one");

        // Not acknowledged: given again. Acknowledged: never again.
        let (again, _) = poll(
            &app,
            &token,
            &stream,
            json!({"maxEvents": 1, "returnImmediately": true}),
        )
        .await;
        assert_eq!(&again[0].0, jti);
        let (rest, more) = poll(
            &app,
            &token,
            &stream,
            json!({"ack": [jti], "returnImmediately": true}),
        )
        .await;
        assert_eq!(rest.len(), 1);
        assert!(!more);
        let second = verify(&rest[0].1, &keys, &issuer, stream["aud"].as_str().unwrap());
        assert_eq!(second["events"][VERIFICATION]["state"], "two");
        // A long poll returns as soon as an event is there; acknowledging the last empties it.
        let (none, _) = poll(
            &app,
            &token,
            &stream,
            json!({"ack": [rest[0].0], "returnImmediately": true}),
        )
        .await;
        assert!(none.is_empty());
        let waiter = {
            let (app_client, url, token) = (
                app.client.clone(),
                app.url(&crate::signals::path_of(
                    stream["delivery"]["endpoint_url"].as_str().unwrap(),
                )),
                token.clone(),
            );
            tokio::spawn(async move {
                app_client
                    .post(url)
                    .bearer_auth(token)
                    .json(&json!({"maxEvents": 10}))
                    .send()
                    .await
                    .unwrap()
                    .json::<serde_json::Value>()
                    .await
                    .unwrap()
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        ssf(&app, &token, Method::POST, "/ssf/verify")
            .json(&json!({"stream_id": id, "state": "three"}))
            .send()
            .await
            .unwrap();
        let answered = tokio::time::timeout(WAIT, waiter).await.unwrap().unwrap();
        assert_eq!(answered["sets"].as_object().unwrap().len(), 1);
    }
);
