//! The plugin host: `dsrd plugin-host --library FILE`, started by the daemon
//! for each isolated plugin. It loads the library in its own process and
//! answers the daemon's calls on stdin/stdout; if the plugin crashes, only
//! this process dies.

use super::frame::{FromHost, ToHost};
use dsrd_plugin_api::protocol::{Hello, Response};
use dsrd_plugin_api::{NativePlugin, PluginError};
use std::io::{BufRead, Write};
use std::path::Path;

/// Serves calls for the library at `library` until stdin closes.
pub fn serve(library: &Path) -> std::io::Result<()> {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    let mut lines = stdin.lock().lines();
    let Some(first) = lines.next().transpose()? else {
        return Ok(());
    };
    let (hello, settings) = match serde_json::from_str::<ToHost>(&first) {
        Ok(ToHost::Init { hello, settings }) => (hello, settings),
        Ok(other) => {
            return reply(
                &mut stdout,
                &FromHost::Failed {
                    reason: format!("expected init, got {other:?}"),
                },
            )
        }
        Err(e) => {
            return reply(
                &mut stdout,
                &FromHost::Failed {
                    reason: format!("unreadable init: {e}"),
                },
            )
        }
    };
    if let Err(mismatch) = Hello::ours().agree(&hello) {
        return reply(
            &mut stdout,
            &FromHost::Failed {
                reason: mismatch.to_string(),
            },
        );
    }
    let mut plugin = match NativePlugin::load(library, &settings) {
        Ok(plugin) => plugin,
        Err(e) => {
            return reply(
                &mut stdout,
                &FromHost::Failed {
                    reason: e.to_string(),
                },
            )
        }
    };
    let manifest = match plugin.describe() {
        Ok(manifest) => manifest,
        Err(e) => {
            return reply(
                &mut stdout,
                &FromHost::Failed {
                    reason: e.to_string(),
                },
            )
        }
    };
    reply(
        &mut stdout,
        &FromHost::Ready {
            hello: Hello::ours(),
            manifest: Box::new(manifest),
        },
    )?;
    for line in lines {
        let line = line?;
        let response = match serde_json::from_str::<ToHost>(&line) {
            Ok(ToHost::Call { request }) => plugin.call(&request),
            Ok(ToHost::Init { .. }) => Response::Error(PluginError::Protocol {
                message: "init sent twice".into(),
            }),
            Err(e) => Response::Error(PluginError::Protocol {
                message: format!("unreadable call: {e}"),
            }),
        };
        reply(&mut stdout, &FromHost::Response { response })?;
    }
    Ok(())
}

fn reply(out: &mut impl Write, message: &FromHost) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, message)?;
    out.write_all(b"\n")?;
    out.flush()
}
