//! The plugin's settings: the `settings` table of its `[[plugins]]` entry.

use dsrd_plugin_api::Operation;
use serde::Deserialize;
use std::path::PathBuf;

/// What the operator configures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The JSON file holding the contacts.
    pub data_file: PathBuf,
    /// Run against the demo data: create `data_file` with fictitious
    /// people when it does not exist, and name the test subject in the
    /// manifest for the conformance kit. Never set it for real data.
    #[serde(default)]
    pub fixture: bool,
    /// Contact moments older than this many days are purged.
    #[serde(default = "default_retention_days")]
    pub retention_days: u32,
    /// Makes one operation misbehave, for the crash fixtures of the
    /// conformance kit and dsrd's own tests. Leave it out in production.
    #[serde(default)]
    pub fault: Option<Fault>,
    /// For dsrd's own tests: at start-up, write the environment variables
    /// this process sees (names and values, as a JSON object) to this file,
    /// so a test can check what the plugin host hands a plugin. Leave it
    /// out in production.
    #[serde(default)]
    pub environment_report: Option<PathBuf>,
}

/// Two school years, the usual term for contact notes.
fn default_retention_days() -> u32 {
    730
}

/// A deliberate failure of one operation.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// The operation that fails.
    pub operation: Operation,
    /// How it fails.
    pub kind: FaultKind,
}

/// The ways a plugin can break that dsrd must survive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Panic with a message (dsrd reports it, the call fails).
    Panic,
    /// Abort the process (survivable only in the plugin host).
    Abort,
    /// Never return (the host's time-out must end it).
    Hang,
    /// Write stray text to stdout, which in dsrd's plugin host is the
    /// protocol channel: the daemon receives malformed output.
    Stdout,
    /// Dereference a null pointer's worth of trouble: end the process with
    /// SIGSEGV, as a crashing native library would.
    Segfault,
    /// List the `scope` capability but act on everything found, as a
    /// plugin would that was built before scopes and trusted anyway: the
    /// conformance kit must fail it.
    IgnoreScope,
}

impl Settings {
    /// Whether the configured fault makes `operation` ignore its scope.
    pub fn ignores_scope(&self, operation: Operation) -> bool {
        self.fault
            .is_some_and(|f| f.operation == operation && f.kind == FaultKind::IgnoreScope)
    }

    /// Carries out the configured fault if it is for `operation`.
    pub fn trigger_fault(&self, operation: Operation) {
        let Some(fault) = self.fault else { return };
        if fault.operation != operation {
            return;
        }
        match fault.kind {
            // Not a failure of the call: see `ignores_scope`.
            FaultKind::IgnoreScope => {}
            FaultKind::Panic => panic!("deliberate fault in `{operation}` (settings.fault)"),
            FaultKind::Abort => std::process::abort(),
            FaultKind::Hang => loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            },
            FaultKind::Stdout => {
                use std::io::Write;
                let mut out = std::io::stdout();
                let _ = writeln!(out, "debug: looking up the subject <not JSON>");
                let _ = out.flush();
            }
            FaultKind::Segfault => {
                // Without unsafe code: ask the kernel for the signal a bad
                // pointer would bring. Rust's own SIGSEGV handler (there for
                // stack overflows) swallows the first one and restores the
                // default action, so the second one ends the process.
                for _ in 0..2 {
                    let _ = std::process::Command::new("kill")
                        .args(["-SEGV", &std::process::id().to_string()])
                        .status();
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                std::thread::sleep(std::time::Duration::from_secs(10));
            }
        }
    }
}
