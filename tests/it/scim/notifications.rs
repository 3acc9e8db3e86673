//! SCIM changes notify the person like any other change, in the language the IdP gave.

use serde_json::json;

use crate::both_stores;
use crate::support::TestApp;

both_stores!(
    scim_provisioning_emails_in_the_users_language,
    |app: TestApp| async move {
        let res = app
        .api(reqwest::Method::POST, "/scim/v2/Users")
        .header("Content-Type", "application/scim+json")
        .body(
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "heidi@acme.test",
                "name": {"givenName": "Heidi", "familyName": "Muster"}, "preferredLanguage": "de-CH",
                "entitlements": [{"value": "meeting"}], "active": true})
            .to_string(),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(res.status(), 201);
        // Every email queued delivered: the first one to arrive may be another.
        let mails = app.settle_mail().await;
        let gs = mails
            .iter()
            .find(|m| m.template() == "getting_started")
            .expect("a getting-started email for GoTo Meeting");
        assert_eq!(gs.product().as_deref(), Some("meeting"));
        assert_eq!(gs.header("Content-Language").as_deref(), Some("de"));
        assert!(gs.to().contains("heidi@acme.test"));
    }
);
