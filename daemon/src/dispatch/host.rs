//! The daemon's side of a plugin host. A call that crashes the host, hangs
//! past its time-out or answers garbage fails with the reason; the host is
//! then killed and started afresh for the next call.
//!
//! The host is third-party code: it starts with a cleared environment (see
//! [`HOST_ENV`]) plus the variables its `[[plugins]] env` list names, so the
//! daemon's database and mail passwords never reach it; and what it writes to
//! stderr may hold personal data, so it is logged at debug level only.

use super::frame::{FromHost, ToHost, MAX_LINE};
use super::handle::PluginHandle;
use super::StartError;
use crate::config::PluginConfig;
use dsrd_plugin_api::protocol::{Hello, Request, Response};
use dsrd_plugin_api::{Manifest, PluginError};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// The variables of the daemon's environment every plugin host gets: none
/// of them secret, all of them about how text, time and logs look.
pub const HOST_ENV: &[&str] = &["PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "DSRD_LOG"];

/// A plugin running in its own process.
pub struct HostedPlugin {
    name: String,
    library: PathBuf,
    settings: serde_json::Value,
    timeout: Duration,
    /// Extra variables passed on by name (`[[plugins]] env`).
    env: Vec<String>,
    program: PathBuf,
    running: Option<Running>,
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<Result<String, String>>,
}

impl HostedPlugin {
    /// Starts a host for `library` (the `dsrd` binary at `program`, in its
    /// hidden `plugin-host` mode) and returns it with the plugin's manifest.
    pub fn start(
        config: &PluginConfig,
        program: PathBuf,
        library: PathBuf,
    ) -> Result<(HostedPlugin, Manifest), StartError> {
        let mut plugin = HostedPlugin {
            name: config.name.clone(),
            library,
            settings: config.settings.clone(),
            timeout: config.timeout,
            env: config.env.clone(),
            program,
            running: None,
        };
        let manifest = plugin.spawn().map_err(|reason| StartError::Host {
            name: config.name.clone(),
            reason,
        })?;
        Ok((plugin, manifest))
    }

    fn spawn(&mut self) -> Result<Manifest, String> {
        let mut command = Command::new(&self.program);
        command
            .arg("plugin-host")
            .arg("--library")
            .arg(&self.library)
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for var in HOST_ENV
            .iter()
            .copied()
            .chain(self.env.iter().map(String::as_str))
        {
            if let Some(value) = std::env::var_os(var) {
                command.env(var, value);
            }
        }
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.program.display()))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        let name = self.name.clone();
        std::thread::Builder::new()
            .name(format!("plugin-stderr-{}", self.name))
            .spawn(move || log_stderr(&name, stderr))
            .map_err(|e| e.to_string())?;
        let (tx, lines) = mpsc::channel();
        // A reader thread turns the pipe into a channel, so a call can wait
        // with a time-out; it ends when the host's stdout closes.
        std::thread::Builder::new()
            .name(format!("plugin-host-{}", self.name))
            .spawn(move || read_lines(stdout, tx))
            .map_err(|e| e.to_string())?;
        let mut running = Running {
            child,
            stdin,
            lines,
        };
        let init = ToHost::Init {
            hello: Hello::ours(),
            settings: self.settings.clone(),
        };
        let answer = exchange(&mut running, &init, self.timeout);
        match answer {
            Ok(FromHost::Ready { hello, manifest }) => {
                Hello::ours().agree(&hello).map_err(|e| e.to_string())?;
                self.running = Some(running);
                Ok(*manifest)
            }
            Ok(FromHost::Failed { reason }) => {
                stop(&mut running);
                Err(reason)
            }
            Ok(other) => {
                stop(&mut running);
                Err(format!("unexpected first answer {other:?}"))
            }
            Err(e) => {
                let status = stop(&mut running);
                Err(format!("{e}{status}"))
            }
        }
    }
}

impl PluginHandle for HostedPlugin {
    fn call(&mut self, request: &Request) -> Response {
        if self.running.is_none() {
            if let Err(reason) = self.spawn() {
                return Response::Error(PluginError::Internal {
                    message: format!("the plugin host could not be restarted: {reason}"),
                });
            }
        }
        let running = self.running.as_mut().expect("just started");
        match exchange(
            running,
            &ToHost::Call {
                request: request.clone(),
            },
            self.timeout,
        ) {
            Ok(FromHost::Response { response }) => response,
            Ok(other) => {
                let mut running = self.running.take().expect("running");
                stop(&mut running);
                Response::Error(PluginError::Protocol {
                    message: format!("unexpected answer {other:?}"),
                })
            }
            Err(e) => {
                let mut running = self.running.take().expect("running");
                let status = stop(&mut running);
                tracing::warn!(plugin = %self.name, operation = %request.operation(), "plugin call failed: {e}{status}; the host will be restarted");
                let message = format!("{e}{status}");
                Response::Error(match e {
                    Exchange::Garbage(_) => PluginError::Protocol { message },
                    _ => PluginError::Internal { message },
                })
            }
        }
    }
}

impl Drop for HostedPlugin {
    fn drop(&mut self) {
        if let Some(mut running) = self.running.take() {
            stop(&mut running);
        }
    }
}

#[derive(Debug)]
enum Exchange {
    TimedOut(Duration),
    Closed(String),
    Garbage(String),
}

impl std::fmt::Display for Exchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exchange::TimedOut(d) => {
                write!(f, "the plugin did not answer within {} s", d.as_secs_f32())
            }
            Exchange::Closed(why) => write!(f, "the plugin host ended ({why})"),
            Exchange::Garbage(why) => write!(f, "the plugin answered something unreadable: {why}"),
        }
    }
}

fn exchange(
    running: &mut Running,
    message: &ToHost,
    timeout: Duration,
) -> Result<FromHost, Exchange> {
    let mut line = serde_json::to_vec(message).expect("messages serialise");
    line.push(b'\n');
    running
        .stdin
        .write_all(&line)
        .and_then(|_| running.stdin.flush())
        .map_err(|e| Exchange::Closed(e.to_string()))?;
    match running.lines.recv_timeout(timeout) {
        Ok(Ok(line)) => serde_json::from_str(&line).map_err(|e| Exchange::Garbage(e.to_string())),
        Ok(Err(why)) => Err(Exchange::Garbage(why)),
        Err(RecvTimeoutError::Timeout) => Err(Exchange::TimedOut(timeout)),
        Err(RecvTimeoutError::Disconnected) => Err(Exchange::Closed("no more output".into())),
    }
}

fn read_lines(stdout: std::process::ChildStdout, tx: mpsc::Sender<Result<String, String>>) {
    let mut reader = BufReader::new(stdout);
    loop {
        let mut buf = Vec::new();
        let read = (&mut reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf);
        match read {
            Ok(0) => return,
            Ok(_) if buf.len() > MAX_LINE => {
                let _ = tx.send(Err(format!("an answer larger than {} MiB", MAX_LINE >> 20)));
                return;
            }
            Ok(_) => {
                let line =
                    String::from_utf8(buf).map_err(|_| "an answer that is not UTF-8".to_owned());
                if tx.send(line).is_err() {
                    return;
                }
            }
            Err(_) => return,
        }
    }
}

/// Passes the host's diagnostics to the log at debug level: a plugin may
/// print whatever it handles, personal data included.
/// It keeps reading whatever comes (also bytes that are not UTF-8), so a
/// chatty plugin never blocks on a full pipe.
fn log_stderr(plugin: &str, stderr: std::process::ChildStderr) {
    let mut reader = BufReader::new(stderr);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let line = String::from_utf8_lossy(&buf);
                tracing::debug!(plugin, "plugin host: {}", line.trim_end());
            }
        }
    }
}

/// Kills the host and says how it ended, e.g. " (killed by signal 11)".
fn stop(running: &mut Running) -> String {
    use std::os::unix::process::ExitStatusExt;
    let status = match running.child.try_wait() {
        Ok(Some(status)) => Some(status),
        _ => {
            // A host whose output just closed is usually dying on its own:
            // give it a moment, so the signal that really ended it is the
            // one reported, then kill it.
            let mut ended = None;
            for _ in 0..20 {
                if let Ok(Some(status)) = running.child.try_wait() {
                    ended = Some(status);
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            if ended.is_none() {
                let _ = running.child.kill();
                let _ = running.child.wait();
            }
            ended
        }
    };
    match status {
        Some(s) => match (s.code(), s.signal()) {
            (Some(code), _) => format!(" (exit status {code})"),
            (None, Some(signal)) => format!(" (killed by signal {signal}{})", signal_name(signal)),
            _ => String::new(),
        },
        None => " (host killed)".into(),
    }
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        6 => ", SIGABRT",
        9 => ", SIGKILL",
        11 => ", SIGSEGV",
        _ => "",
    }
}
