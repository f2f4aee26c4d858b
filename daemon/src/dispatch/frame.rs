//! The messages between the daemon and a plugin host: one JSON object per
//! line on the host's stdin and stdout (JSON escapes newlines inside
//! strings, so a line is always one whole message). The host's stderr is the
//! plugin's own diagnostics and is passed through to the daemon's log.

use dsrd_plugin_api::protocol::{Hello, Request, Response};
use dsrd_plugin_api::Manifest;
use serde::{Deserialize, Serialize};

/// The largest line the daemon reads from a host; a plugin that sends more
/// (a runaway export) fails that call instead of exhausting memory.
pub const MAX_LINE: usize = 256 * 1024 * 1024;

/// Daemon → host.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToHost {
    /// First message: the daemon's version and features, and the plugin's
    /// settings table.
    Init {
        /// The daemon's side of the handshake.
        hello: Hello,
        /// The `[plugins.settings]` table.
        settings: serde_json::Value,
    },
    /// One plugin call.
    Call {
        /// The request.
        request: Request,
    },
}

/// Host → daemon.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromHost {
    /// The plugin is loaded and has accepted its settings.
    Ready {
        /// The host's side of the handshake.
        hello: Hello,
        /// What the plugin describes itself as.
        manifest: Box<Manifest>,
    },
    /// The plugin could not be started; the reason names the library.
    Failed {
        /// Why.
        reason: String,
    },
    /// The answer to a call.
    Response {
        /// The plugin's response.
        response: Response,
    },
}
