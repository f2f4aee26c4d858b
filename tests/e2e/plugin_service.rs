//! The plugin service against real plugin hosts: a crashed or hung host is
//! started again by the next call, and a host sees none of the daemon's
//! secrets.

use crate::helpers::*;
use dsrd::config::{PluginConfig, PluginSource};
use dsrd::dispatch::{PluginService, HOST_ENV};
use dsrd_plugin_api::protocol::{Output, Request};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

fn example_library() -> std::path::PathBuf {
    dsrd_plugin_api::testing::cdylib("dsrd-plugin-example", "dsrd_plugin_example", &[])
}

fn hosted(name: &str, dir: &Path, settings: Value) -> PluginConfig {
    let mut all = serde_json::json!({
        "data_file": dir.join(format!("{name}.json")),
        "fixture": true,
    });
    all.as_object_mut()
        .unwrap()
        .extend(settings.as_object().unwrap().clone());
    PluginConfig {
        name: name.into(),
        source: PluginSource::Library {
            path: example_library(),
            in_process: false,
        },
        timeout: Duration::from_secs(10),
        env: vec![],
        settings: all,
        special_tables: vec![],
    }
}

/// A hosted plugin whose `export` fails as `kind` says: that call fails with
/// a message containing `expect`, and the next call (a `locate`) finds the
/// test subject through a fresh host.
async fn the_next_call_after_a_faulty_one_works(kind: &str, timeout: Duration, expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = hosted(
        "contacts",
        dir.path(),
        serde_json::json!({ "fault": { "operation": "export", "kind": kind } }),
    );
    config.timeout = timeout;
    let service = PluginService::new(&[config], Path::new(env!("CARGO_BIN_EXE_dsrd")));
    let client = service.client("contacts").unwrap();
    let subject = client
        .manifest()
        .await
        .unwrap()
        .test_subject
        .clone()
        .unwrap();

    let failed = client
        .call(Request::Export {
            subject: subject.clone(),
        })
        .await
        .unwrap_err();
    assert!(failed.to_string().contains(expect), "{kind}: {failed}");

    let found = client
        .call(Request::Locate { subject })
        .await
        .unwrap_or_else(|e| panic!("{kind}: the host was not started again: {e}"));
    let Output::Locate(found) = found else {
        panic!("{found:?}")
    };
    assert!(!found.records.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashed_plugin_host_is_started_again_by_the_next_call() {
    the_next_call_after_a_faulty_one_works("abort", Duration::from_secs(10), "SIGABRT").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_plugin_host_times_out_and_the_next_call_works() {
    the_next_call_after_a_faulty_one_works(
        "hang",
        Duration::from_secs(1),
        "did not answer within 1 s",
    )
    .await;
}

#[tokio::test]
async fn a_plugin_host_sees_none_of_the_daemons_secrets() {
    let env = TestEnv::new(Backend::Sqlite).await;
    let report = env.path("environment.json");
    env.configure(&format!(
        "\n[[plugins]]\nname = \"contacts\"\nlibrary = \"{}\"\nenv = [\"SCHOOL_DB_PASSWORD\"]\n\
         [plugins.settings]\ndata_file = \"{}\"\nfixture = true\nenvironment_report = \"{}\"\n",
        example_library().display(),
        env.path("contacts.json").display(),
        report.display()
    ));
    let out = Command::new(env!("CARGO_BIN_EXE_dsrd"))
        .arg("-c")
        .arg(&env.config)
        .args(["plugins", "list"])
        .env("DSRD_TEST_STORE_PASSWORD", "store-secret-1")
        .env("PGPASSWORD", "store-secret-2")
        .env("DSRD_TEST_IMAP_PASSWORD", "imap-secret-3")
        .env("SCHOOL_DB_PASSWORD", "handed-on-by-name")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let seen: BTreeMap<String, String> =
        serde_json::from_slice(&std::fs::read(&report).expect("the plugin wrote its report"))
            .unwrap();
    for (name, value) in &seen {
        assert!(
            HOST_ENV.contains(&name.as_str()) || name == "SCHOOL_DB_PASSWORD",
            "the host got {name}"
        );
        assert!(!value.contains("secret"), "{name} holds a secret");
    }
    assert_eq!(seen["SCHOOL_DB_PASSWORD"], "handed-on-by-name");
    // The test process has a PATH; the host gets it, so the report is not
    // empty because nothing was read.
    assert!(seen.contains_key("PATH"), "{seen:?}");
}
