//! The plugin built as a `cdylib` and driven through the C ABI.

use crate::helpers::{Server, TestDb};
use crate::scenario;
use dsrd_plugin_api::NativePlugin;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The plugin's shared library, with the default `cdylib-export` feature.
fn library_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| dsrd_plugin_api::testing::cdylib("dsrd-plugin-sql", "dsrd_plugin_sql", &[]))
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
