//! Plugins, seen from the daemon: the only way into a school system.
//!
//! Each configured plugin becomes a [`PluginHandle`]: a built-in (linked
//! into dsrd, called directly), a trusted library loaded in-process, or —
//! the default for a third-party library — a library loaded by a child
//! process (`dsrd plugin-host`) that the daemon talks to in JSON lines, so
//! that a crash, an abort or a hang of the plugin costs one call, never the
//! daemon. The [`PluginService`] owns them all, each in a worker of its own,
//! and is what the daemon, the CLI and every stage call.
//!
//! # Layout
//! - `handle`: [`PluginHandle`] and its in-process kinds.
//! - `frame`: the messages between the daemon and a plugin host.
//! - `host`: [`HostedPlugin`], the daemon's side of a plugin host.
//! - `host_main`: the plugin host's own loop.
//! - `start`: starting one configured plugin.
//! - `service`: [`PluginService`], the plugins as one shared async service.
//! - `builtin`: the bundled plugins linked into dsrd.
//! - `conformance`: the conformance kit (`dsrd plugins check`).

mod builtin;
mod conformance;
mod frame;
mod handle;
mod host;
mod host_main;
mod service;
mod start;

pub use builtin::{builtin_names, new_builtin};
pub use conformance::{run_kit, KitStep, StepStatus};
pub use handle::{BuiltIn, InProcess, PluginHandle};
pub use host::HostedPlugin;
pub use host::HOST_ENV;
pub use host_main::serve;
pub use service::{BlockingClient, PluginClient, PluginInfo, PluginService, MAX_CONCURRENT_CALLS};
pub use start::Isolation;

/// Why a plugin could not be started.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The library could not be loaded (missing, wrong ABI, no entry symbol).
    #[error("plugin {name}: {source}")]
    Load {
        /// The plugin's configured name.
        name: String,
        /// What the loader said.
        source: dsrd_plugin_api::LoadError,
    },
    /// The plugin refused its settings or failed to start.
    #[error("plugin {name}: {source}")]
    Plugin {
        /// The plugin's configured name.
        name: String,
        /// What the plugin said.
        source: dsrd_plugin_api::PluginError,
    },
    /// The plugin host could not be started or did not answer its handshake.
    #[error("plugin {name}: the plugin host failed: {reason}")]
    Host {
        /// The plugin's configured name.
        name: String,
        /// What went wrong.
        reason: String,
    },
    /// No built-in plugin has this name.
    #[error("plugin {name}: there is no built-in plugin {builtin:?} (built-ins: {known})")]
    UnknownBuiltin {
        /// The plugin's configured name.
        name: String,
        /// The name asked for.
        builtin: String,
        /// The names there are.
        known: String,
    },
}
