//! Help for a plugin's own tests: finding the plugin's `cdylib`, so that
//! the tests can load it through the ABI as dsrd does.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The shared library of `package` (library name `lib_name`, e.g.
/// `dsrd_plugin_example`), for a test of the same workspace.
///
/// `cargo test` builds a workspace member's `cdylib` into the `deps`
/// folder beside the test executable (and `cargo build` copies it one
/// folder up); when neither holds it — a test binary run on its own, or a
/// package built only as a dependency — it is built here with `cargo build`
/// into a target folder of its own: the running `cargo test` holds the lock
/// on the main one. `features` are passed on, e.g. to build a variant.
pub fn cdylib(package: &str, lib_name: &str, features: &[&str]) -> PathBuf {
    let file = format!(
        "{}{lib_name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    );
    let exe = std::env::current_exe().expect("the test knows its own path");
    let deps = exe.parent().expect("the test runs from a folder");
    let profile = deps.parent().unwrap_or(deps);
    if features.is_empty() {
        if let Some(found) = [deps.join(&file), profile.join(&file)]
            .into_iter()
            .find(|p| p.exists())
        {
            return found;
        }
    }
    let suffix = if features.is_empty() {
        String::new()
    } else {
        format!("-{}", features.join("-"))
    };
    let target = profile
        .parent()
        .unwrap_or(profile)
        .join(format!("plugin-fixtures{suffix}"));
    build(package, features, &target);
    target.join("debug").join(file)
}

fn build(package: &str, features: &[&str], target: &Path) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["build", "-p", package, "--target-dir"])
        .arg(target);
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    let status = command.status().expect("cargo can be started");
    assert!(status.success(), "cargo build -p {package} failed");
}
