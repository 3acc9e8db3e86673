//! Replays a recorded IdP conversation (a JSON fixture) against the spawned server.
//!
//! A fixture is a list of steps: `method`, `path` (may use `{{var}}`), optional
//! `content_type` and `body`, and what to expect: `status`, `equals` (JSON pointer →
//! value), `present` / `absent` (pointers). `save` keeps a value (pointer) for later steps.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::Value;

use crate::support::TestApp;

fn fill(text: &str, vars: &HashMap<String, String>) -> String {
    let mut out = text.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{{{k}}}}}"), v);
    }
    out
}

fn fill_json(v: &Value, vars: &HashMap<String, String>) -> Value {
    match v {
        Value::String(s) => Value::String(fill(s, vars)),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill_json(x, vars)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), fill_json(x, vars)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// JSON pointer whose segments may contain `/` inside a URN: `~1` as usual.
fn at<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    doc.pointer(pointer)
}

pub async fn replay(app: &TestApp, fixture: &str, vars: &mut HashMap<String, String>) {
    let path = format!(
        "{}/tests/fixtures/scim/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let steps: Vec<Value> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    for (i, step) in steps.iter().enumerate() {
        let note = step["note"].as_str().unwrap_or("");
        let what = format!("{fixture} step {i} ({note})");
        let method = Method::from_bytes(step["method"].as_str().unwrap().as_bytes()).unwrap();
        let url = fill(step["path"].as_str().unwrap(), vars);
        let mut req = app.api(method, &url);
        if let Some(body) = step.get("body") {
            let ct = step["content_type"]
                .as_str()
                .unwrap_or("application/scim+json; charset=utf-8");
            req = req
                .header("Content-Type", ct)
                .body(fill_json(body, vars).to_string());
        }
        if let Some(h) = step["if_match"].as_str() {
            req = req.header("If-Match", fill(h, vars));
        }
        let res = req
            .header("Accept", "application/scim+json")
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let expect = &step["expect"];
        if let Some(want) = expect["status"].as_u64() {
            assert_eq!(status as u64, want, "{what}: status; body {text}");
        }
        if let Some(eq) = expect["equals"].as_object() {
            for (ptr, want) in eq {
                let want = fill_json(want, vars);
                assert_eq!(at(&doc, ptr), Some(&want), "{what}: {ptr} in {text}");
            }
        }
        for ptr in expect["present"].as_array().into_iter().flatten() {
            let ptr = ptr.as_str().unwrap();
            let v = at(&doc, ptr);
            assert!(
                v.is_some_and(|v| !v.is_null() && v != "" && v != &Value::Array(vec![])),
                "{what}: {ptr} missing in {text}"
            );
        }
        for ptr in expect["absent"].as_array().into_iter().flatten() {
            let ptr = ptr.as_str().unwrap();
            assert!(at(&doc, ptr).is_none(), "{what}: {ptr} present in {text}");
        }
        for (name, ptr) in step["save"].as_object().into_iter().flatten() {
            let v = at(&doc, ptr.as_str().unwrap())
                .unwrap_or_else(|| panic!("{what}: nothing at {ptr}"));
            let v = v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string());
            vars.insert(name.clone(), v);
        }
    }
}
