//! A plugin as the daemon calls it: one request in, one response out. Every
//! failure — a panic, a crash, a time-out, garbage — comes back as a
//! `Response::Error`, never as a panic or a dead daemon.

use dsrd_plugin_api::protocol::{dispatch, Request, Response};
use dsrd_plugin_api::{NativePlugin, Plugin, PluginError};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Something that answers plugin requests.
pub trait PluginHandle: Send {
    /// Answers one request.
    fn call(&mut self, request: &Request) -> Response;
}

/// A bundled plugin linked into dsrd.
pub struct BuiltIn(pub Box<dyn Plugin>);

impl PluginHandle for BuiltIn {
    fn call(&mut self, request: &Request) -> Response {
        // A bug in a built-in fails the call, like any other plugin's would.
        match catch_unwind(AssertUnwindSafe(|| dispatch(&mut *self.0, request.clone()))) {
            Ok(response) => response,
            Err(panic) => Response::Error(PluginError::Panicked {
                message: panic_message(&panic),
            }),
        }
    }
}

/// A trusted library loaded into the daemon's own process
/// (`isolation = "in-process"`): a panic still fails only the call, but a
/// segfault would take the daemon down.
pub struct InProcess(pub NativePlugin);

impl PluginHandle for InProcess {
    fn call(&mut self, request: &Request) -> Response {
        self.0.call(request)
    }
}

pub(crate) fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic with a non-text payload".into())
}
