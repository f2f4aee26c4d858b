//! The officer's HTTP API end to end (issue 14): the real daemon serving
//! `/api/v1` on a free port, accounts made with the real CLI, calls over
//! real HTTP. Every route refuses a caller without credentials; roles hold;
//! the library's rules hold whatever a caller sends; four eyes count
//! accounts; failed logins lock; a second factor is needed when set; the
//! CLI and the API leave the same effects; and a property-based tester
//! (schemathesis) finds no server error and no response off its schema.

mod approvals;
mod auth;
mod breaches;
mod client;
mod contract;
mod twin;

use crate::execution::planned;
use crate::helpers::*;
use crate::support::free_port;
pub(crate) use client::{add_user, token, Api, Auth, PASSWORD};

/// The daemon's web server on `port`.
pub(crate) fn http_config(port: u16) -> String {
    format!("\n[http]\nlisten = \"127.0.0.1:{port}\"\npublic_url = \"http://127.0.0.1:{port}\"\n")
}

/// A running daemon with the API, a verified access request of the
/// guardian with its plan made, and accounts `fg` and `dpo` (officers,
/// matching the `[[officers]]` of the execution tests) and `kijker`
/// (viewer).
pub(crate) async fn served(body: &str, extra: &str) -> (TestEnv, String, Api) {
    let port = free_port();
    let (env, reference) = planned(
        Backend::Sqlite,
        body,
        &format!("{}{extra}", http_config(port)),
    )
    .await;
    crate::support::wait_for_port(port, "the officer API");
    add_user(&env, "fg", "officer");
    add_user(&env, "dpo", "officer");
    add_user(&env, "kijker", "viewer");
    (env, reference, Api::new(port))
}

/// An access request of the guardian about her daughter.
pub(crate) const ACCESS: &str =
    "Beste school,\n\nGraag wil ik inzage in alle gegevens die u over mijn dochter bewaart.\n\nSanne Bakker";

/// An erasure request of the guardian about her daughter.
pub(crate) const ERASURE: &str =
    "Geachte heer, mevrouw,\n\nIk wil dat u alle gegevens van mijn dochter verwijdert.\n\nSanne Bakker";

/// The demo serves the officer API: the account and token its `init`
/// prints the commands for read the demo's cases over HTTP.
#[tokio::test]
async fn the_demo_serves_the_officer_api() {
    let (env, port) = crate::demo_answer::demo().await;
    let check = |env: &TestEnv| {
        String::from_utf8_lossy(&env.dsrd(&["check", "--no-environment"]).stdout).into_owned()
    };
    let before = check(&env);
    assert!(
        before.contains("✓ officer API: no accounts yet"),
        "{before}"
    );
    add_user(&env, "fg", "officer");
    let after = check(&env);
    assert!(
        after.contains("✓ officer API: 1 active account(s): 0 admin, 1 officer, 0 viewer"),
        "{after}"
    );
    assert!(!after.contains("without an account"), "{after}");
    let fg = token(&env, "fg");
    let api = Api::new(port);
    let cases = api.call("GET", "/cases", Auth::Token(&fg), None);
    assert_eq!(cases.status, 200, "{}", cases.text);
    assert_eq!(cases.json.as_array().unwrap().len(), 5, "{}", cases.text);
    let first = cases.json[0]["reference"].as_str().unwrap().to_owned();
    let case = api.call("GET", &format!("/cases/{first}"), Auth::Token(&fg), None);
    assert_eq!(case.status, 200, "{}", case.text);
    assert!(case.json["events"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
}
