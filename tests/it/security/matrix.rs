//! The role × endpoint matrix. Routes come from the server itself: the API's from its
//! OpenAPI document (generated from the handlers), SCIM's and the portal's from their
//! routers' source, so a new route joins the matrix without anyone listing it.
//!
//! Callers: no credential, a wrong token, another account's token or admin session, a
//! member (who cannot get a session), a manager against an admin, and the account's own
//! admin. Whatever the route: never a 5xx, never another account's data, and nothing
//! changed that the caller may not change.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

const VICTIM_EMAIL: &str = "victim@acme.test";
const VICTIM_NAME: &str = "Vicktorinus";
const PASSWORD: &str = "matrix-password-1";
/// What callers write where they may (their own account): never the victim's data.
const PLANTED: &str = "planted@elsewhere.test";

/// `(method, path template)` of every `.route(...)` in a router's source.
fn routes_in(source: &str) -> Vec<(Method, String)> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find(".route(") {
        rest = &rest[at + ".route(".len()..];
        let Some(open) = rest.find('"') else { break };
        let Some(len) = rest[open + 1..].find('"') else {
            break;
        };
        let path = rest[open + 1..open + 1 + len].to_string();
        // The route's handlers run to the parenthesis closing `.route(`.
        let mut depth = 1;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let handlers = &rest[..end];
        let has = |name: &str| {
            handlers.match_indices(&format!("{name}(")).any(|(i, _)| {
                i == 0
                    || !handlers[..i]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            })
        };
        for (name, method) in [
            ("get", Method::GET),
            ("post", Method::POST),
            ("put", Method::PUT),
            ("patch", Method::PATCH),
            ("delete", Method::DELETE),
        ] {
            if has(name) || has("any") {
                out.push((method, path.clone()));
            }
        }
    }
    out
}

/// Fills a path template: `{id}`-like parameters with `id`, product keys with `meeting`.
fn fill(template: &str, id: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let name = &rest[open + 1..close];
        out.push_str(match name {
            "key" | "product" => "meeting",
            "secret" => "rpt_0000000000000000",
            n if n.starts_with('*') => "Groups",
            _ => id,
        });
        rest = &rest[(close + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// One body that every kind of change would act on, were the caller allowed.
fn body_for(path: &str) -> (Option<&'static str>, String) {
    if path.ends_with("/import") {
        return (
            Some("text/csv"),
            format!("email,first_name\n{PLANTED},Hacked\n"),
        );
    }
    if path.starts_with("/scim/") {
        let v = if path.contains("/Users/") {
            json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp",
                            "urn:ietf:params:scim:schemas:core:2.0:User"],
                "Operations": [{"op": "replace", "path": "active", "value": false}],
                "userName": PLANTED, "active": false,
            })
        } else {
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                   "userName": PLANTED, "filter": "userName sw \"victim\""})
        };
        return (Some("application/scim+json"), v.to_string());
    }
    if path.starts_with("/api/") {
        let v = json!({
            "products": [], "role": "admin", "seats": 0, "notify": false,
            "email": PLANTED, "first_name": "Hacked",
            "users": [], "action": "suspend", "new_user_products": [],
        });
        return (Some("application/json"), v.to_string());
    }
    (
        Some("application/x-www-form-urlencoded"),
        "role=admin&do_not_notify=on&products=webinar".into(),
    )
}

struct Matrix<'a> {
    app: &'a TestApp,
    cells: usize,
}

/// A caller: a bearer token, or a cookie client (with its CSRF token) for the portal.
#[derive(Clone)]
enum Caller {
    Nobody,
    Token(String),
    Session(reqwest::Client, String),
}

impl Matrix<'_> {
    async fn call(&mut self, caller: &Caller, method: &Method, path: &str) -> (StatusCode, String) {
        self.cells += 1;
        let (content_type, mut body) = body_for(path);
        let client = match caller {
            Caller::Session(c, _) => c.clone(),
            _ => self.app.client.clone(),
        };
        if let Caller::Session(_, csrf) = caller {
            if !path.starts_with("/api/") && !path.starts_with("/scim/") {
                body = format!("{body}&csrf={csrf}&version=1");
            }
        }
        let mut req = client.request(method.clone(), self.app.url(path));
        if let Caller::Token(t) = caller {
            req = req.bearer_auth(t);
        }
        if *method != Method::GET {
            if let Some(ct) = content_type {
                req = req.header("content-type", ct);
            }
            req = req.body(body);
        }
        let res = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert!(
            !status.is_server_error(),
            "{method} {path}: {status} {text}"
        );
        (status, text)
    }
}

fn leaks(text: &str) -> bool {
    text.contains(VICTIM_EMAIL) || text.contains(VICTIM_NAME)
}

/// The victim as its own account sees it, for the "nothing changed" check.
async fn snapshot(app: &TestApp, id: &str) -> Value {
    let mut v: Value = app
        .api(Method::GET, &format!("/api/v1/users/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    if let Some(o) = v.as_object_mut() {
        o.remove("last_sign_in_at");
    }
    v
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> Option<Caller> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client
        .post(app.url("/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    if res.status() != 303 {
        return None;
    }
    let page = client
        .get(app.url("/users"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("")
        .to_string();
    Some(Caller::Session(client, csrf))
}

fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/healthz"
            | "/readyz"
            | "/metrics"
            | "/api/v1/openapi.json"
            | "/login"
            | "/lang"
            | "/portal.css"
            | "/portal.js"
            | "/"
    ) || path.starts_with("/password/")
        || path.starts_with("/.well-known/")
}

both_stores!(
    no_caller_reaches_what_is_not_theirs,
    |app: TestApp| async move {
        let victim = app
            .create_user(json!({
                "email": VICTIM_EMAIL, "first_name": VICTIM_NAME, "last_name": "Target",
                "products": ["meeting"], "notify": false
            }))
            .await;
        let victim_id = victim["id"].as_str().unwrap().to_string();
        let admin_id = {
            let list: Value = app
                .api(Method::GET, &format!("/api/v1/users?q={ADMIN_EMAIL}"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            list["users"][0]["id"].as_str().unwrap().to_string()
        };
        app.create_user(json!({
            "email": "manager@acme.test", "role": "manager", "products": ["pro"],
            "password": PASSWORD, "notify": false
        }))
        .await;
        app.create_user(json!({
            "email": "member@acme.test", "role": "member", "products": ["pro"],
            "password": PASSWORD, "notify": false
        }))
        .await;
        let rival_token = app.other_account_token("rival").await;
        app.client
            .post(app.url("/api/v1/users"))
            .bearer_auth(&rival_token)
            .json(
                &json!({"email": "boss@rival.test", "role": "admin", "products": ["pro"],
                          "password": PASSWORD, "notify": false}),
            )
            .send()
            .await
            .unwrap();

        let doc: Value = app
            .client
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut api = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (m, method) in [
                ("get", Method::GET),
                ("post", Method::POST),
                ("put", Method::PUT),
                ("patch", Method::PATCH),
                ("delete", Method::DELETE),
            ] {
                if item.get(m).is_some() {
                    api.push((method, path.clone()));
                }
            }
        }
        let scim = routes_in(include_str!("../../../src/scim/mod.rs"));
        let portal = routes_in(include_str!("../../../src/web/mod.rs"));
        let top = routes_in(include_str!("../../../src/app.rs"));
        assert!(api.len() >= 15 && scim.len() >= 10 && portal.len() >= 10);

        let before = snapshot(&app, &victim_id).await;
        let admin_before = snapshot(&app, &admin_id).await;
        let mut m = Matrix {
            app: &app,
            cells: 0,
        };

        // Bearer routes: no token, a wrong one, another account's.
        let strangers = [
            ("no token", Caller::Nobody),
            ("wrong token", Caller::Token("rst_not_a_real_token".into())),
            (
                "another account's token",
                Caller::Token(rival_token.clone()),
            ),
        ];
        for (method, template) in api.iter().chain(&scim).chain(&top) {
            let path = fill(template, &victim_id);
            for (who, caller) in &strangers {
                let (status, text) = m.call(caller, method, &path).await;
                assert!(!leaks(&text), "{who}: {method} {path} leaked: {text}");
                if is_public(template) {
                    continue;
                }
                match caller {
                    Caller::Token(t) if *t == rival_token => {
                        if template.contains('{') {
                            assert!(
                                !status.is_success(),
                                "{who}: {method} {path} answered {status}"
                            );
                        }
                    }
                    _ => assert!(
                        status == 401 || (status == 404 && template.contains('*')),
                        "{who}: {method} {path} answered {status}"
                    ),
                }
            }
        }

        // Portal routes: no session, a member (refused a session), another account's
        // admin; a manager against an admin.
        assert!(
            sign_in(&app, "member@acme.test", PASSWORD).await.is_none(),
            "a member got a portal session"
        );
        let rival = sign_in(&app, "boss@rival.test", PASSWORD).await.unwrap();
        let manager = sign_in(&app, "manager@acme.test", PASSWORD).await.unwrap();
        let anonymous = Caller::Session(
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            String::new(),
        );
        for (method, template) in &portal {
            if template == "/logout" {
                continue;
            }
            let path = fill(template, &victim_id);
            for (who, caller) in [
                ("no session", &anonymous),
                ("another account's admin", &rival),
            ] {
                let (status, text) = m.call(caller, method, &path).await;
                assert!(!leaks(&text), "{who}: {method} {path} leaked: {text}");
                // `/licences/{key}` names a product of the caller's own account, not the victim.
                if !is_public(template)
                    && template.contains('{')
                    && !template.starts_with("/licences/")
                {
                    assert!(
                        !status.is_success() && status != 303
                            || (who == "no session" && status == 303),
                        "{who}: {method} {path} answered {status}"
                    );
                }
            }
            // A manager may look at an admin but change nothing about them.
            if *method == Method::POST && template.contains("{id}") {
                let path = fill(template, &admin_id);
                let (status, _) = m.call(&manager, method, &path).await;
                assert!(
                    status.is_client_error(),
                    "manager: {method} {path} answered {status}"
                );
            }
        }

        assert_eq!(
            snapshot(&app, &victim_id).await,
            before,
            "the victim changed"
        );
        assert_eq!(
            snapshot(&app, &admin_id).await,
            admin_before,
            "the admin changed"
        );

        // The account's own admin: every route answers without a server error.
        let own = Caller::Token(app.token.clone());
        let admin = sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
        for (method, template) in api.iter().chain(&scim) {
            m.call(&own, method, &fill(template, &victim_id)).await;
        }
        for (method, template) in &portal {
            if template != "/logout" {
                m.call(&admin, method, &fill(template, &victim_id)).await;
            }
        }
        eprintln!(
            "matrix on {:?}: {} cells ({} API, {} SCIM, {} portal, {} top-level routes)",
            app.backend,
            m.cells,
            api.len(),
            scim.len(),
            portal.len(),
            top.len()
        );
    }
);

#[test]
fn routes_are_read_from_router_source() {
    let src = r#"
        .route("/a", get(x::get).post(y))
        .route(
            "/b/{id}",
            get(users::get)
                .put(users::replace)
                .delete(users::delete),
        )
        .route("/c/{*rest}", any(unknown))
    "#;
    let r = routes_in(src);
    assert!(r.contains(&(Method::POST, "/a".into())));
    assert!(r.contains(&(Method::DELETE, "/b/{id}".into())));
    assert!(!r.contains(&(Method::PATCH, "/b/{id}".into())));
    assert!(r.contains(&(Method::PATCH, "/c/{*rest}".into())));
    assert_eq!(fill("/b/{id}/x/{key}", "u1"), "/b/u1/x/meeting");
}
