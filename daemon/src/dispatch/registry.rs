//! The configured plugins, started.

use super::handle::{BuiltIn, InProcess, PluginHandle};
use super::host::HostedPlugin;
use super::{builtin_names, new_builtin, StartError};
use crate::config::{PluginConfig, PluginSource};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{Manifest, NativePlugin};
use std::path::Path;

/// One started plugin.
pub struct LoadedPlugin {
    /// Its configured name.
    pub name: String,
    /// How it is run: `builtin`, `in-process` or `process`.
    pub isolation: &'static str,
    /// What it said about itself at start-up.
    pub manifest: Manifest,
    /// Where calls go.
    pub handle: Box<dyn PluginHandle>,
}

/// Every configured plugin.
#[derive(Default)]
pub struct Plugins {
    /// In configuration order.
    pub plugins: Vec<LoadedPlugin>,
}

impl Plugins {
    /// Starts every configured plugin; the first that fails stops start-up
    /// with an error naming it. `program` is the dsrd binary, re-executed as
    /// the plugin host for isolated plugins.
    pub fn start(configs: &[PluginConfig], program: &Path) -> Result<Plugins, StartError> {
        let mut plugins = Vec::new();
        for c in configs {
            plugins.push(start_one(c, program)?);
        }
        Ok(Plugins { plugins })
    }

    /// The plugin called `name`.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut LoadedPlugin> {
        self.plugins.iter_mut().find(|p| p.name == name)
    }
}

fn start_one(c: &PluginConfig, program: &Path) -> Result<LoadedPlugin, StartError> {
    let name = c.name.clone();
    let (isolation, mut handle, manifest): (&'static str, Box<dyn PluginHandle>, Option<Manifest>) =
        match &c.source {
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
                ("builtin", Box::new(BuiltIn(plugin)), None)
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
                ("in-process", Box::new(InProcess(plugin)), None)
            }
            PluginSource::Library {
                path,
                in_process: false,
            } => {
                let (plugin, manifest) = HostedPlugin::start(
                    &name,
                    program.to_owned(),
                    path.clone(),
                    c.settings.clone(),
                    c.timeout,
                )?;
                ("process", Box::new(plugin), Some(manifest))
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
    Ok(LoadedPlugin {
        name,
        isolation,
        manifest,
        handle,
    })
}
