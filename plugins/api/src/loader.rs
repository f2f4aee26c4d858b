//! Loading a native plugin library in-process.

use crate::ffi::host::{self, EntryError, Instance};
use crate::ffi::ENTRY_SYMBOL;
use crate::protocol::{Output, Request, Response};
use crate::{Manifest, PluginError, ABI_VERSION};
use std::path::{Path, PathBuf};

/// A plugin library loaded into this process, with one live instance.
///
/// A panic in the plugin fails only the call; a crash (segfault, abort)
/// still ends the process, which is why untrusted plugins run in the plugin
/// host process instead. The library is never unloaded; dropping a
/// `NativePlugin` ends the instance only.
pub struct NativePlugin {
    /// The file it was loaded from, for messages.
    library: PathBuf,
    instance: Instance,
}

impl NativePlugin {
    /// Loads the library at `path` and creates an instance with `settings`
    /// (the `settings` table of its `[[plugins]]` entry, as JSON).
    pub fn load(path: impl AsRef<Path>, settings: &serde_json::Value) -> Result<Self, LoadError> {
        let path = path.as_ref();
        // An absolute path keeps the dynamic loader from searching its
        // library path for a bare name and loading some other file.
        let library = path.canonicalize().map_err(|_| LoadError::NotFound {
            library: path.to_owned(),
        })?;
        let opened = host::open(&library).map_err(|source| LoadError::Open {
            library: library.clone(),
            source,
        })?;
        let functions = host::entry(opened).map_err(|error| match error {
            EntryError::Symbol(source) => LoadError::MissingSymbol {
                library: library.clone(),
                source,
            },
            EntryError::Version(found) => LoadError::AbiMismatch {
                library: library.clone(),
                found,
                expected: ABI_VERSION,
            },
            EntryError::NullTable => LoadError::IncompleteTable {
                library: library.clone(),
                missing: "the table itself",
            },
            EntryError::MissingFunction(missing) => LoadError::IncompleteTable {
                library: library.clone(),
                missing,
            },
        })?;
        let settings = serde_json::to_vec(settings).expect("a JSON value always serializes");
        let instance =
            Instance::create(functions, &settings).map_err(
                |bytes| match serde_json::from_slice::<PluginError>(&bytes) {
                    Ok(PluginError::BadSettings { message }) => LoadError::BadSettings {
                        library: library.clone(),
                        message,
                    },
                    Ok(source) => LoadError::Start {
                        library: library.clone(),
                        source,
                    },
                    Err(error) => LoadError::Start {
                        library: library.clone(),
                        source: PluginError::protocol(format!(
                            "unreadable error from create: {error}"
                        )),
                    },
                },
            )?;
        Ok(NativePlugin { library, instance })
    }

    /// The library file, as an absolute path.
    pub fn library(&self) -> &Path {
        &self.library
    }

    /// Sends one request. Never panics: a plugin panic or malformed output
    /// comes back as an error response.
    pub fn call(&mut self, request: &Request) -> Response {
        Response::from_bytes(&self.instance.call(&request.to_bytes()))
    }

    /// Asks for the manifest.
    pub fn describe(&mut self) -> Result<Manifest, PluginError> {
        match self.call(&Request::Describe).into_result()? {
            Output::Describe(manifest) => Ok(*manifest),
            other => Err(PluginError::protocol(format!(
                "asked to describe, the plugin answered `{}`",
                other.operation()
            ))),
        }
    }
}

impl std::fmt::Debug for NativePlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativePlugin")
            .field("library", &self.library)
            .finish_non_exhaustive()
    }
}

/// Refuses a plugin of another ABI version, naming both versions. Used by
/// [`NativePlugin::load`] and by the plugin host's handshake.
pub fn check_abi_version(library: &Path, found: u32) -> Result<(), LoadError> {
    if found == ABI_VERSION {
        Ok(())
    } else {
        Err(LoadError::AbiMismatch {
            library: library.to_owned(),
            found,
            expected: ABI_VERSION,
        })
    }
}

/// Why a plugin library could not be loaded. Each message names the
/// library and what to do.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file does not exist (or cannot be reached).
    #[error("plugin library {} does not exist; check the `library` path of its [[plugins]] entry", .library.display())]
    NotFound {
        /// The path as configured.
        library: PathBuf,
    },
    /// The dynamic loader refused the file.
    #[error("plugin library {} could not be loaded; is it a shared library for this platform? {source}", .library.display())]
    Open {
        /// The library.
        library: PathBuf,
        /// The loader's reason.
        source: libloading::Error,
    },
    /// The library has no entry symbol.
    #[error("{} is not a dsrd plugin: it exports no `{ENTRY_SYMBOL}`; build it with `dsrd_plugin_api::export_plugin!` and `crate-type = [\"cdylib\"]`", .library.display())]
    MissingSymbol {
        /// The library.
        library: PathBuf,
        /// The loader's reason.
        source: libloading::Error,
    },
    /// The library was built against another ABI version.
    #[error("plugin {} was built for ABI version {found}, this dsrd speaks version {expected}; rebuild the plugin against the dsrd-plugin-api that matches this dsrd", .library.display())]
    AbiMismatch {
        /// The library.
        library: PathBuf,
        /// The version the plugin was built for.
        found: u32,
        /// The version this dsrd speaks.
        expected: u32,
    },
    /// The library's function table has a hole.
    #[error("plugin {} has an incomplete function table ({missing} is missing); rebuild it with `dsrd_plugin_api::export_plugin!`", .library.display())]
    IncompleteTable {
        /// The library.
        library: PathBuf,
        /// What is missing.
        missing: &'static str,
    },
    /// The plugin rejected its settings.
    #[error("plugin {} rejected its settings: {message}; fix the `settings` table of its [[plugins]] entry", .library.display())]
    BadSettings {
        /// The library.
        library: PathBuf,
        /// The plugin's explanation.
        message: String,
    },
    /// The plugin failed to start for another reason.
    #[error("plugin {} failed to start: {source}", .library.display())]
    Start {
        /// The library.
        library: PathBuf,
        /// The plugin's error.
        source: PluginError,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_version_is_accepted() {
        assert!(check_abi_version(Path::new("libx.so"), ABI_VERSION).is_ok());
    }

    #[test]
    fn another_version_is_refused_naming_both_versions_and_the_library() {
        let error = check_abi_version(Path::new("/opt/libold.so"), ABI_VERSION + 6).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("/opt/libold.so"), "{message}");
        assert!(
            message.contains(&format!("built for ABI version {}", ABI_VERSION + 6)),
            "{message}"
        );
        assert!(
            message.contains(&format!("this dsrd speaks version {ABI_VERSION}")),
            "{message}"
        );
    }

    #[test]
    fn a_missing_file_is_not_found() {
        let error =
            NativePlugin::load("/nonexistent/libnothing.so", &serde_json::json!({})).unwrap_err();
        assert!(matches!(error, LoadError::NotFound { .. }), "{error}");
        assert!(error.to_string().contains("/nonexistent/libnothing.so"));
    }
}
