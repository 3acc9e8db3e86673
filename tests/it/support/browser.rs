//! A headless Chromium driven over WebDriver (ChromeDriver), with a small client of our
//! own on reqwest: the protocol is a handful of JSON calls, not worth a dependency.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine;
use serde_json::{json, Value};

use super::{require_all, TempDir};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// The Chromium executable itself (Debian's `/usr/bin/chromium` is a wrapper script).
fn chromium_binary() -> Option<PathBuf> {
    let real = Path::new("/usr/lib/chromium/chromium");
    if real.is_file() {
        return Some(real.to_path_buf());
    }
    on_path("chromium").or_else(|| on_path("chromium-browser"))
}

/// A running ChromeDriver with one browser session. Both end when dropped.
pub struct Browser {
    driver: Child,
    http: reqwest::Client,
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
    pub base: String,
    _profile: TempDir,
}

pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl Browser {
    /// Starts Chromium against the app at `base`; `None` (skip) when the browser is missing
    /// and not required, a panic when `ROSTER_REQUIRE_ALL=1`.
    pub async fn start(base: &str) -> Option<Browser> {
        let (Some(driver_bin), Some(chromium)) = (on_path("chromedriver"), chromium_binary())
        else {
            if require_all() {
                panic!("chromium and chromedriver are required (ROSTER_REQUIRE_ALL=1): apt-get install chromium chromium-driver");
            }
            eprintln!("skipping a browser test: chromium or chromedriver is not installed");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let http = reqwest::Client::new();
        let root = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            let ready = http.get(format!("{root}/status")).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = TempDir::new();
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--window-size=1280,900".into(),
            "--lang=en-US".into(),
            format!("--user-data-dir={}", profile.0.display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium.to_string_lossy(), "args": args}
        }}});
        let mut browser = Browser {
            driver,
            http,
            session: String::new(),
            base: base.to_string(),
            _profile: profile,
        };
        let created = browser
            .call(reqwest::Method::POST, &format!("{root}/session"), caps)
            .await;
        let id = created["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        browser.session = format!("{root}/session/{id}");
        Some(browser)
    }

    async fn call(&self, method: reqwest::Method, url: &str, body: Value) -> Value {
        let req = self.http.request(method.clone(), url);
        let req = if method == reqwest::Method::GET || method == reqwest::Method::DELETE {
            req
        } else {
            req.json(&body)
        };
        let res = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("webdriver {url}: {e}"));
        let status = res.status();
        let v: Value = res.json().await.expect("webdriver json");
        assert!(status.is_success(), "webdriver {method} {url} failed: {v}");
        v["value"].clone()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            &format!("{}{path}", self.session),
            body,
        )
        .await
    }

    async fn get(&self, path: &str) -> Value {
        self.call(
            reqwest::Method::GET,
            &format!("{}{path}", self.session),
            Value::Null,
        )
        .await
    }

    /// Opens a path of the app (`/users`) or a full URL.
    pub async fn goto(&self, path: &str) {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        self.post("/url", json!({ "url": url })).await;
    }

    pub async fn current_path(&self) -> String {
        let url = self
            .get("/url")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string();
        url.strip_prefix(&self.base).unwrap_or(&url).to_string()
    }

    pub async fn source(&self) -> String {
        self.get("/source")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let found = self
            .post("/elements", json!({"using": "css selector", "value": css}))
            .await;
        found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str())
                    .map(|id| Element {
                        browser: self,
                        id: id.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first element matching `css`, waiting (five seconds at most) for it to appear.
    pub async fn find(&self, css: &str) -> Element<'_> {
        for _ in 0..100 {
            if let Some(e) = self.find_all(css).await.into_iter().next() {
                return e;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "no element {css} on {}:\n{}",
            self.current_path().await,
            self.source().await
        );
    }

    pub async fn has(&self, css: &str) -> bool {
        !self.find_all(css).await.is_empty()
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await
    }

    /// Waits for an element whose text contains `needle` (pages updated in place by script).
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let mut last = String::new();
        for _ in 0..200 {
            if let Some(e) = self.find_all(css).await.into_iter().next() {
                // The element may be replaced between lookup and read: try again.
                let text = self
                    .call_quiet(&format!("/element/{}/text", e.id))
                    .await
                    .unwrap_or_default();
                if text.contains(needle) {
                    return text;
                }
                last = text;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} never said {needle:?} (last: {last:?})");
    }

    /// A GET whose failure (a stale element, say) is an answer, not a panic.
    async fn call_quiet(&self, path: &str) -> Option<String> {
        let res = self
            .http
            .get(format!("{}{path}", self.session))
            .send()
            .await
            .ok()?;
        if !res.status().is_success() {
            return None;
        }
        let v: Value = res.json().await.ok()?;
        v["value"].as_str().map(str::to_string)
    }

    pub async fn execute(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": []}))
            .await
    }

    /// Clicks something that loads a new page (a link, a submit button) and waits until
    /// the new page has replaced the old one, so later lookups never see the old page.
    pub async fn click_to_load(&self, css: &str) {
        self.execute("window.__rosterOldPage = true").await;
        self.find(css).await.click().await;
        for _ in 0..200 {
            let loaded = self
                .execute("return window.__rosterOldPage === undefined && document.readyState === 'complete'")
                .await;
            if loaded.as_bool() == Some(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("clicking {css} loaded no new page");
    }

    /// Signs in through the form.
    pub async fn sign_in(&self, email: &str, password: &str) {
        self.goto("/login").await;
        self.find("#email").await.type_text(email).await;
        self.find("#password").await.type_text(password).await;
        self.click_to_load("#sign-in").await;
    }

    /// Waits (a few seconds at most) for the browser to reach a page: a click that submits
    /// a form may return before the answer has loaded.
    pub async fn wait_for_path(&self, done: impl Fn(&str) -> bool) -> String {
        let mut path = String::new();
        for _ in 0..100 {
            path = self.current_path().await;
            if done(&path) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        path
    }

    /// Writes a PNG of the whole page to `test-artifacts/screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str, width: u32) {
        let height = self
            .execute("return document.documentElement.scrollHeight")
            .await
            .as_u64()
            .unwrap_or(900);
        self.post(
            "/window/rect",
            json!({"width": width, "height": height.clamp(600, 4000) + 100}),
        )
        .await;
        let png = self.get("/screenshot").await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap_or_default())
            .expect("png");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-artifacts/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        std::fs::write(dir.join(format!("{name}.png")), bytes).expect("write screenshot");
        self.post("/window/rect", json!({"width": 1280, "height": 900}))
            .await;
    }
}

impl Element<'_> {
    fn path(&self, rest: &str) -> String {
        format!("/element/{}{rest}", self.id)
    }

    pub async fn click(&self) {
        self.browser.post(&self.path("/click"), json!({})).await;
    }

    pub async fn type_text(&self, text: &str) {
        self.browser.post(&self.path("/clear"), json!({})).await;
        self.browser
            .post(&self.path("/value"), json!({ "text": text }))
            .await;
    }

    /// Types into a field without clearing it first (a file input takes a path this way).
    pub async fn send_keys(&self, text: &str) {
        self.browser
            .post(&self.path("/value"), json!({ "text": text }))
            .await;
    }

    pub async fn text(&self) -> String {
        self.browser
            .get(&self.path("/text"))
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn attr(&self, name: &str) -> Option<String> {
        self.browser
            .get(&self.path(&format!("/attribute/{name}")))
            .await
            .as_str()
            .map(str::to_string)
    }

    pub async fn selected(&self) -> bool {
        self.browser
            .get(&self.path("/selected"))
            .await
            .as_bool()
            .unwrap_or(false)
    }

    /// Ticks or unticks a checkbox (or chooses a radio) by clicking when needed.
    pub async fn set_checked(&self, on: bool) {
        if self.selected().await != on {
            self.click().await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Drop cannot await: end the session (which closes Chromium) with a plain blocking
        // request, so no browser outlives a failed test, then stop the driver.
        if let Some(rest) = self.session.strip_prefix("http://") {
            if let Some((host, path)) = rest.split_once('/') {
                use std::io::{Read, Write};
                if let Ok(mut s) = std::net::TcpStream::connect(host) {
                    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                    let req = format!(
                        "DELETE /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                    );
                    let _ = s.write_all(req.as_bytes());
                    let _ = s.read_to_end(&mut Vec::new());
                }
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
