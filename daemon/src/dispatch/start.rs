//! Starting one configured plugin: a built-in, a trusted library loaded
//! in-process, or a library in a plugin host process.

use super::handle::{BuiltIn, InProcess, PluginHandle};
use super::host::HostedPlugin;
use super::{builtin_names, new_builtin, StartError};
use crate::config::{PluginConfig, PluginSource};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{Manifest, NativePlugin};
use serde::Serialize;
use std::fmt;
use std::path::Path;

/// How a plugin runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Isolation {
    /// Bundled with dsrd and linked into it.
    Builtin,
    /// A trusted library loaded into the daemon's own process.
    InProcess,
    /// A library in a plugin host child process (the default).
    Process,
}

impl Isolation {
    /// How a plugin configured as `source` runs.
    pub fn of(source: &PluginSource) -> Isolation {
        match source {
            PluginSource::Builtin(_) => Isolation::Builtin,
            PluginSource::Library {
                in_process: true, ..
            } => Isolation::InProcess,
            PluginSource::Library {
                in_process: false, ..
            } => Isolation::Process,
        }
    }

    /// The name shown to the operator: `builtin`, `in-process` or `process`.
    pub fn as_str(self) -> &'static str {
        match self {
            Isolation::Builtin => "builtin",
            Isolation::InProcess => "in-process",
            Isolation::Process => "process",
        }
    }
}

impl fmt::Display for Isolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Starts the plugin `c` describes and asks it for its manifest. Blocking:
/// a plugin host is a child process, and a plugin's own start-up may
/// connect to its system. `program` is the dsrd binary, re-executed as the
/// plugin host for isolated plugins.
pub(crate) fn start(
    c: &PluginConfig,
    program: &Path,
) -> Result<(Box<dyn PluginHandle>, Manifest), StartError> {
    let name = c.name.clone();
    let (mut handle, manifest): (Box<dyn PluginHandle>, Option<Manifest>) = match &c.source {
        PluginSource::Builtin(builtin) => {
            let plugin = new_builtin(builtin, c.settings.clone()).ok_or_else(|| {
                StartError::UnknownBuiltin {
                    name: name.clone(),
                    builtin: builtin.clone(),
                    known: builtin_names().join(", "),
                }
            })?;
            let plugin = plugin.map_err(|source| StartError::Plugin {
                name: name.clone(),
                source,
            })?;
            (Box::new(BuiltIn(plugin)), None)
        }
        PluginSource::Library {
            path,
            in_process: true,
        } => {
            let plugin =
                NativePlugin::load(path, &c.settings).map_err(|source| StartError::Load {
                    name: name.clone(),
                    source,
                })?;
            (Box::new(InProcess(plugin)), None)
        }
        PluginSource::Library {
            path,
            in_process: false,
        } => {
            let (plugin, manifest) = HostedPlugin::start(c, program.to_owned(), path.clone())?;
            (Box::new(plugin), Some(manifest))
        }
    };
    let manifest = match manifest {
        Some(m) => m,
        None => match handle.call(&Request::Describe).into_result() {
            Ok(Output::Describe(m)) => *m,
            Ok(other) => {
                return Err(StartError::Host {
                    name,
                    reason: format!("describe answered {:?}", other.operation()),
                })
            }
            Err(source) => return Err(StartError::Plugin { name, source }),
        },
    };
    Ok((handle, manifest))
}
