//! What goes wrong, and how it is reported.

use crate::helpers::{library_path, Loaded};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{check_abi_version, LoadError, NativePlugin, PluginError, ABI_VERSION};
use dsrd_plugin_example::fixture::test_subject;
use std::path::Path;

#[test]
fn a_panic_in_the_plugin_fails_the_call_with_its_message_and_the_process_lives_on() {
    let mut loaded = Loaded::with(serde_json::json!({
        "fault": { "operation": "export", "kind": "panic" }
    }));

    let error = loaded.error(Request::Export {
        subject: test_subject(),
    });
    let after = loaded.ok(Request::Describe);

    assert_eq!(
        error,
        PluginError::Panicked {
            message: "deliberate fault in `export` (settings.fault)".into()
        }
    );
    assert!(matches!(after, Output::Describe(_)));
}

#[test]
fn a_misspelt_setting_is_a_bad_settings_error_naming_the_library_and_key() {
    let error = NativePlugin::load(library_path(), &serde_json::json!({ "data_fil": "x" }))
        .expect_err("the settings are wrong");

    let message = error.to_string();
    assert!(matches!(error, LoadError::BadSettings { .. }), "{error:?}");
    assert!(message.contains("dsrd_plugin_example"), "{message}");
    assert!(message.contains("data_fil"), "{message}");
}

#[test]
fn a_missing_data_file_is_bad_settings_that_name_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let settings = serde_json::json!({ "data_file": dir.path().join("missing.json") });

    let error = NativePlugin::load(library_path(), &settings).expect_err("no data file");

    let message = error.to_string();
    assert!(matches!(error, LoadError::BadSettings { .. }), "{error:?}");
    assert!(message.contains("fixture = true"), "{message}");
}

#[test]
fn a_library_built_for_another_abi_version_is_refused_naming_both_versions() {
    let error = check_abi_version(library_path(), ABI_VERSION + 1).expect_err("wrong version");

    let message = error.to_string();
    assert!(
        message.contains(&format!("was built for ABI version {}", ABI_VERSION + 1)),
        "{message}"
    );
    assert!(
        message.contains(&format!("this dsrd speaks version {ABI_VERSION}")),
        "{message}"
    );
    assert!(message.contains("dsrd_plugin_example"), "{message}");
}

#[test]
fn a_shared_library_that_is_not_a_plugin_is_refused_for_its_missing_symbol() {
    // Any shared library without the entry symbol will do; the C library
    // is on every Linux machine, at one of these paths.
    let candidates = [
        "/lib/x86_64-linux-gnu/libc.so.6",
        "/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/lib/aarch64-linux-gnu/libc.so.6",
        "/usr/lib/aarch64-linux-gnu/libc.so.6",
        "/lib64/libc.so.6",
        "/usr/lib64/libc.so.6",
    ];
    let Some(libc) = candidates.iter().map(Path::new).find(|path| path.exists()) else {
        eprintln!("no libc.so.6 at a known path; nothing to test here");
        return;
    };

    let error = NativePlugin::load(libc, &serde_json::json!({})).expect_err("libc is no plugin");

    assert!(
        matches!(error, LoadError::MissingSymbol { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("dsrd_plugin_entry"), "{error}");
}

#[test]
fn two_instances_of_one_library_keep_their_own_data() {
    let mut first = Loaded::fixture();
    let mut second = Loaded::fixture();

    first.erase(&test_subject(), dsrd_plugin_api::EraseMode::Delete, false);

    let finds_p1 = |loaded: &mut Loaded| {
        let found = loaded.locate(&test_subject());
        found.records.iter().any(|record| record.key == "p1")
    };
    assert!(!finds_p1(&mut first));
    assert!(finds_p1(&mut second));
}
