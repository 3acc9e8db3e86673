//! The third-party compliance tool `scim2-tester`, driven by `scim2-cli` (`scim2 test`),
//! against the real server. Every check it makes must pass. Installed by `.ci/run` from
//! `.ci/requirements.txt`; missing, the test fails under ROSTER_REQUIRE_ALL=1 and skips
//! otherwise.

use std::process::Command;

use crate::both_stores;
use crate::support::{require_all, TestApp};

/// `scim2` on the PATH, or `None` (with the reason printed) when absent and not required.
fn scim2_cli() -> Option<String> {
    let found = Command::new("scim2").arg("--help").output();
    match found {
        Ok(out) if out.status.success() => Some("scim2".into()),
        _ if require_all() => panic!(
            "scim2-cli is required (ROSTER_REQUIRE_ALL=1) but `scim2` is not on the PATH; \
             pip install -r .ci/requirements.txt"
        ),
        _ => {
            eprintln!("skipping the scim2-tester check: `scim2` is not installed (pip install -r .ci/requirements.txt)");
            None
        }
    }
}

both_stores!(scim2_tester_passes_every_check, |app: TestApp| async move {
    let Some(cli) = scim2_cli() else { return };
    let url = app.url("/scim/v2");
    let token = app.token.clone();
    // The tool blocks; the server keeps running on the test's runtime meanwhile.
    let out = tokio::task::spawn_blocking(move || {
        Command::new(cli)
            .env("SCIM_CLI_HEADERS", format!("Authorization: Bearer {token}"))
            .env("NO_COLOR", "1")
            .args(["--url", &url, "test", "--verbose"])
            .output()
            .expect("run scim2")
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let results: Vec<&str> = text
        .lines()
        .filter(|l| {
            !l.starts_with(' ')
                && l.split(' ')
                    .next()
                    .is_some_and(|w| w.len() > 4 && w.chars().all(|c| c.is_ascii_uppercase()))
        })
        .collect();
    let failed: Vec<&&str> = results
        .iter()
        .filter(|l| !l.starts_with("SUCCESS"))
        .collect();
    assert!(
        out.status.success() && failed.is_empty() && results.len() >= 60,
        "scim2-tester: {} checks, failed: {failed:#?}\n{}\n{}",
        results.len(),
        text.chars().take(20_000).collect::<String>(),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("scim2-tester: {} checks, all SUCCESS", results.len());
});
