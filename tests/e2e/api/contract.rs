//! The contract test: schemathesis, a property-based API tester from PyPI,
//! reads the OpenAPI document the daemon serves and sends generated
//! requests to every operation with a valid admin token, checking that no
//! response is a server error and that every response matches the schema
//! the document gives for it (status, content type, body).
//!
//! schemathesis is found as `$DSRD_SCHEMATHESIS`, else `schemathesis` on
//! the PATH, else in `/opt/dsrd-schemathesis` (where `.ci/run` installs it
//! in a virtual environment: Debian 12 refuses a system-wide pip install).

use super::{served, token, ACCESS};
use std::path::PathBuf;
use std::process::Command;

fn schemathesis() -> PathBuf {
    if let Ok(path) = std::env::var("DSRD_SCHEMATHESIS") {
        return PathBuf::from(path);
    }
    let on_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("schemathesis"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .find(|p| p.is_file());
    on_path.unwrap_or_else(|| {
        let venv = PathBuf::from("/opt/dsrd-schemathesis/bin/schemathesis");
        assert!(
            venv.is_file(),
            "schemathesis is not installed: `python3 -m venv /opt/dsrd-schemathesis && /opt/dsrd-schemathesis/bin/pip install schemathesis` (or set DSRD_SCHEMATHESIS)"
        );
        venv
    })
}

#[tokio::test]
async fn schemathesis_finds_no_server_error_and_no_response_off_its_schema() {
    let (env, reference, api) = served(ACCESS, "").await;
    crate::answer::write_key(&env);
    super::add_user(&env, "beheer", "admin");
    let admin = token(&env, "beheer");
    let base = format!("{}/api/v1", api.origin());
    // The real case and its first action as path parameters, so that the
    // generated calls reach the library's rules and not only "no such
    // case".
    let config = env.path("schemathesis.toml");
    std::fs::write(
        &config,
        format!("[parameters]\n\"path.reference\" = \"{reference}\"\n\"path.action\" = \"A1\"\n"),
    )
    .unwrap();
    // In the test's own folder: schemathesis keeps a cache where it runs.
    let run = Command::new(schemathesis())
        .current_dir(env.dir.path())
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(format!("{base}/openapi.json"))
        .args(["--url", &base])
        .args(["--header", &format!("Authorization: Bearer {admin}")])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        ])
        .args(["--max-examples", "25", "--workers", "1", "--seed", "1"])
        .env("NO_COLOR", "1")
        .env("SCHEMATHESIS_HOOKS", "")
        .output()
        .expect("run schemathesis");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    // Its summary, for whoever reads the test log.
    eprintln!("{stdout}");
    assert!(
        run.status.success(),
        "schemathesis found problems:\n{stdout}\n{stderr}\n--- daemon log ---\n{}",
        env.log()
    );
    // It did test the operations, with the token (not only 401s).
    assert!(
        stdout.contains("passed") || stdout.contains("PASSED"),
        "{stdout}"
    );
    // The daemon is still well, and its store still verifies.
    let cases = api.call("GET", "/cases", super::Auth::Token(&admin), None);
    assert_eq!(cases.status, 200, "{}", cases.text);
    assert!(cases.text.contains(&reference));
    assert!(env.dsrd(&["audit", "verify"]).status.success());
}
