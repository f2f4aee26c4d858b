//! Finding the built library and talking to it.

use dsrd_plugin_api::protocol::{Output, Request, Response};
use dsrd_plugin_api::{
    ChangeReport, EraseMode, ExportResult, LocateResult, Manifest, NativePlugin, PluginError,
    Subject,
};
use dsrd_plugin_example::data::Contacts;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The example's shared library, as dsrd loads it.
pub fn library_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        dsrd_plugin_api::testing::cdylib("dsrd-plugin-example", "dsrd_plugin_example", &[])
    })
}

/// A fresh fixture file in its own directory, with the plugin loaded on it.
pub struct Loaded {
    /// Kept so the directory lives as long as the test.
    _dir: tempfile::TempDir,
    /// The plugin's data file.
    pub data_file: PathBuf,
    /// The plugin, loaded through the ABI.
    pub plugin: NativePlugin,
}

impl Loaded {
    /// Loads the plugin on fresh demo data, with extra settings merged in.
    pub fn with(extra: serde_json::Value) -> Loaded {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let data_file = dir.path().join("contacts.json");
        let mut settings = serde_json::json!({ "data_file": data_file, "fixture": true });
        if let (Some(settings), Some(extra)) = (settings.as_object_mut(), extra.as_object()) {
            settings.extend(extra.clone());
        }
        let plugin = NativePlugin::load(library_path(), &settings).expect("the example loads");
        Loaded {
            _dir: dir,
            data_file,
            plugin,
        }
    }

    /// Loads the plugin on fresh demo data.
    pub fn fixture() -> Loaded {
        Loaded::with(serde_json::json!({}))
    }

    /// The data file as it is on disk now.
    pub fn contents(&self) -> Contacts {
        let bytes = std::fs::read(&self.data_file).expect("the data file exists");
        serde_json::from_slice(&bytes).expect("the data file is valid")
    }

    /// The raw bytes of the data file, to prove a dry run wrote nothing.
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.data_file).expect("the data file exists")
    }

    /// One call; panics on an error response.
    pub fn ok(&mut self, request: Request) -> Output {
        match self.plugin.call(&request) {
            Response::Ok(output) => output,
            other => panic!("{:?} failed: {other:?}", request.operation()),
        }
    }

    /// One call that must fail.
    pub fn error(&mut self, request: Request) -> PluginError {
        self.plugin
            .call(&request)
            .into_result()
            .expect_err("the call should fail")
    }

    pub fn describe(&mut self) -> Manifest {
        match self.ok(Request::Describe) {
            Output::Describe(manifest) => *manifest,
            other => panic!("unexpected {other:?}"),
        }
    }

    pub fn locate(&mut self, subject: &Subject) -> LocateResult {
        match self.ok(Request::Locate {
            subject: subject.clone(),
        }) {
            Output::Locate(result) => result,
            other => panic!("unexpected {other:?}"),
        }
    }

    pub fn export(&mut self, subject: &Subject) -> ExportResult {
        match self.ok(Request::Export {
            subject: subject.clone(),
        }) {
            Output::Export(result) => result,
            other => panic!("unexpected {other:?}"),
        }
    }

    pub fn erase(&mut self, subject: &Subject, mode: EraseMode, dry_run: bool) -> ChangeReport {
        match self.ok(Request::Erase {
            subject: subject.clone(),
            mode,
            scope: None,
            dry_run,
        }) {
            Output::Erase(report) => report,
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// The keys of a report's table, sorted.
pub fn keys(report: &ChangeReport, table: &str) -> Vec<String> {
    let mut keys = report
        .tables
        .get(table)
        .map(|changes| changes.keys.clone())
        .unwrap_or_default();
    keys.sort();
    keys
}
