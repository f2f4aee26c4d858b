//! The plugin built as a `cdylib` and driven through the C ABI.

use crate::helpers::{Server, TestDb};
use crate::scenario;
use dsrd_plugin_api::NativePlugin;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The plugin's shared library, built by this same `cargo test` run (with
/// the default `cdylib-export` feature) into `deps` beside the test, or
/// by `cargo build` one folder up; built on demand otherwise.
fn library_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test knows its own path");
        let deps = exe.parent().expect("the test runs from a folder");
        let name = format!(
            "{}dsrd_plugin_sql{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        );
        let candidates = [deps.join(&name), deps.parent().unwrap_or(deps).join(&name)];
        if let Some(found) = candidates.iter().find(|path| path.exists()) {
            return found.clone();
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-p", "dsrd-plugin-sql"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo can be started");
        assert!(status.success(), "cargo build -p dsrd-plugin-sql failed");
        candidates
            .into_iter()
            .find(|path| path.exists())
            .unwrap_or_else(|| panic!("{name} not found beside {}", exe.display()))
    })
}

#[test]
fn the_conformance_scenario_passes_through_the_c_abi() {
    let db = TestDb::school(Server::Sqlite, 300);
    let mut plugin = NativePlugin::load(library_path(), &db.settings()).expect("the plugin loads");

    scenario::run(&mut plugin, &db, true);
}

#[test]
fn bad_settings_through_the_c_abi_name_the_key() {
    let settings = serde_json::json!({ "url": "sqlite://x.db", "subjects": [], "colour": 1 });

    let error = NativePlugin::load(library_path(), &settings).unwrap_err();

    assert!(error.to_string().contains("colour"), "{error}");
}
