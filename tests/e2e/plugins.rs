//! Plugins through the real binary: a third-party library in a plugin host,
//! the conformance kit, and plugins that crash, abort, hang or talk garbage.

use crate::helpers::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The example plugin's shared library.
fn example_library() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        dsrd_plugin_api::testing::cdylib("dsrd-plugin-example", "dsrd_plugin_example", &[])
    })
}

fn example_plugin(env: &TestEnv, name: &str, extra: &str) -> String {
    format!(
        "\n[[plugins]]\nname = \"{name}\"\nlibrary = \"{}\"\ntimeout_secs = 2\n{extra}[plugins.settings]\ndata_file = \"{}\"\nfixture = true\n",
        example_library().display(),
        env.path(&format!("{name}.json")).display()
    )
}

#[tokio::test]
async fn a_third_party_plugin_in_a_plugin_host_passes_the_conformance_kit() {
    let env = TestEnv::new(Backend::Sqlite).await;
    env.configure(&example_plugin(&env, "contacts", ""));
    let list = env.json(&["plugins", "list", "--json"]);
    assert_eq!(list[0]["name"], "contacts");
    assert_eq!(list[0]["isolation"], "process");
    assert_eq!(list[0]["manifest"]["name"], "school-contacts");

    let out = env.dsrd(&["plugins", "check", "contacts"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for step in [
        "describe",
        "locate",
        "persons",
        "export",
        "rectify",
        "restrict",
        "erase (dry run)",
        "erase (scope)",
        "erase again",
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with("✓") && l.contains(step)),
            "{step} did not pass:\n{stdout}"
        );
    }
}

#[tokio::test]
async fn the_kit_fails_a_plugin_that_claims_scopes_but_ignores_them() {
    let env = TestEnv::new(Backend::Sqlite).await;
    env.configure(
        &(example_plugin(&env, "careless", "")
            + "[plugins.settings.fault]\noperation = \"erase\"\nkind = \"ignore_scope\"\n"),
    );

    let out = env.dsrd(&["plugins", "check", "careless", "--json"]);

    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let step = |name: &str| {
        report["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["step"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no step {name}: {report}"))
    };
    assert_eq!(step("erase (scope)")["status"], "failed", "{report}");
    assert_eq!(step("persons")["status"], "passed", "{report}");
}

#[tokio::test]
async fn the_kit_fails_a_plugin_that_is_not_on_its_fixture() {
    let env = TestEnv::new(Backend::Sqlite).await;
    let original = std::fs::read_to_string(&env.config).unwrap();
    env.configure(&example_plugin(&env, "contacts", ""));
    assert!(
        env.dsrd(&["plugins", "list"]).status.success(),
        "the fixture creates the data file"
    );
    // The same data, but the plugin is no longer told it is a fixture.
    std::fs::write(&env.config, original).unwrap();
    env.configure(
        &example_plugin(&env, "contacts", "").replace("fixture = true", "fixture = false"),
    );
    let out = env.dsrd(&["plugins", "check", "contacts", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["passed"], false);
}

#[tokio::test]
async fn locate_asks_every_plugin() {
    let env = TestEnv::new(Backend::Sqlite).await;
    env.configure(&example_plugin(&env, "a", ""));
    env.configure(&example_plugin(&env, "b", "isolation = \"in-process\"\n"));
    let subject = env.json(&["plugins", "list", "--json"])[0]["manifest"]["test_subject"].clone();
    let email = subject["emails"][0]
        .as_str()
        .expect("the fixture's test subject has an e-mail address");
    let found = env.json(&["plugins", "locate", "--email", email, "--json"]);
    for i in 0..2 {
        assert!(
            !found[i]["found"]["records"].as_array().unwrap().is_empty(),
            "{found}"
        );
    }
    let nobody = env.json(&[
        "plugins",
        "locate",
        "--email",
        "nobody@example.invalid",
        "--json",
    ]);
    assert!(nobody[0]["found"]["records"].as_array().unwrap().is_empty());
}

/// A faulty plugin beside a healthy one: the faulty call fails with the
/// reason, the healthy plugin still answers, the process lives on.
async fn a_faulty_plugin_fails_only_its_call(kind: &str, expect: &str, isolation: &str) {
    let env = TestEnv::new(Backend::Sqlite).await;
    let fault = format!("{isolation}[plugins.fault]\noperation = \"locate\"\nkind = \"{kind}\"\n");
    // The fault table belongs to the settings: append it after them.
    let faulty = example_plugin(&env, "faulty", isolation)
        + &fault
            .replace(isolation, "")
            .replace("[plugins.fault]", "[plugins.settings.fault]");
    env.configure(&faulty);
    env.configure(&example_plugin(&env, "healthy", ""));
    let out = env.dsrd(&[
        "plugins",
        "locate",
        "--email",
        "nobody@example.invalid",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = results[0]["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error for {kind}: {results}"));
    assert!(error.contains(expect), "{kind}: {error}");
    assert!(
        results[1]["found"].is_object(),
        "the healthy plugin answered: {results}"
    );
}

#[tokio::test]
async fn a_panicking_plugin_fails_its_call_with_the_panic_message() {
    a_faulty_plugin_fails_only_its_call("panic", "deliberate fault", "").await;
}

#[tokio::test]
async fn a_panicking_trusted_in_process_plugin_fails_only_its_call() {
    a_faulty_plugin_fails_only_its_call(
        "panic",
        "deliberate fault",
        "isolation = \"in-process\"\n",
    )
    .await;
}

#[tokio::test]
async fn an_aborting_plugin_fails_its_call_with_the_signal() {
    a_faulty_plugin_fails_only_its_call("abort", "SIGABRT", "").await;
}

#[tokio::test]
async fn a_segfaulting_plugin_fails_its_call_with_the_signal() {
    a_faulty_plugin_fails_only_its_call("segfault", "SIGSEGV", "").await;
}

#[tokio::test]
async fn a_hanging_plugin_is_killed_after_its_time_out() {
    a_faulty_plugin_fails_only_its_call("hang", "did not answer within 2 s", "").await;
}

#[tokio::test]
async fn a_plugin_that_writes_garbage_fails_its_call_as_a_protocol_error() {
    a_faulty_plugin_fails_only_its_call("stdout", "unreadable", "").await;
}

#[tokio::test]
async fn a_missing_plugin_library_is_a_start_up_error_naming_the_plugin() {
    let env = TestEnv::new(Backend::Sqlite).await;
    env.configure("\n[[plugins]]\nname = \"gone\"\nlibrary = \"/nonexistent/libgone.so\"\n");
    let out = env.dsrd(&["plugins", "list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("plugin gone") && err.contains("libgone.so"),
        "{err}"
    );
}

/// The example plugin built against another ABI version, in a target folder
/// of its own (so the feature cannot leak into the main build).
fn mismatched_library() -> PathBuf {
    dsrd_plugin_api::testing::cdylib(
        "dsrd-plugin-example",
        "dsrd_plugin_example",
        &["abi-mismatch-fixture"],
    )
}

#[tokio::test]
async fn a_plugin_built_for_another_abi_version_is_refused_naming_both_versions() {
    let library = mismatched_library();
    for isolation in ["", "isolation = \"in-process\"\n"] {
        let env = TestEnv::new(Backend::Sqlite).await;
        let entry = example_plugin(&env, "old", isolation).replace(
            &example_library().display().to_string(),
            &library.display().to_string(),
        );
        env.configure(&entry);
        let out = env.dsrd(&["plugins", "list"]);
        assert_eq!(out.status.code(), Some(2), "isolation {isolation:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("plugin old")
                && err.contains("ABI version 9999")
                && err.contains("version 1"),
            "{err}"
        );
    }
}
