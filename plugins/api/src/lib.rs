//! What a dsrd plugin author depends on: the [`Plugin`] trait, the values
//! it exchanges with dsrd, and the versioned C ABI that lets dsrd load a
//! plugin built separately.
//!
//! A plugin connects dsrd to one school system. dsrd hands it a
//! [`Subject`] and asks it to find, export, correct, restrict or erase that
//! person's records; the plugin answers with plain data. dsrd never knows a
//! school system's tables.
//!
//! # Writing a plugin
//!
//! 1. Make a crate with `crate-type = ["cdylib", "rlib"]` that depends on
//!    `dsrd-plugin-api` alone, with `#![forbid(unsafe_code)]` at its root.
//! 2. Implement [`Plugin`], keeping its contract (dry runs change nothing,
//!    real runs are safe to repeat, a [`Scope`] is honoured exactly,
//!    ambiguity is not acted on). Describe the persons `locate` found in
//!    [`LocateResult::persons`] and list what you implement of that in
//!    [`Manifest::capabilities`].
//! 3. Call [`export_plugin!`] once with your type.
//! 4. Build with `panic = "unwind"` (the default) and point a `[[plugins]]`
//!    entry of dsrd's configuration at the `.so` file.
//!
//! `plugins/example` in the dsrd repository is a complete plugin.
//!
//! ```
//! use dsrd_plugin_api::protocol::{dispatch, Output, Request, Response};
//! use dsrd_plugin_api::{Manifest, Plugin, PluginError};
//!
//! struct Empty;
//!
//! impl Plugin for Empty {
//!     fn new(_settings: serde_json::Value) -> Result<Self, PluginError> {
//!         Ok(Empty)
//!     }
//!     fn describe(&self) -> Manifest {
//!         Manifest {
//!             name: "empty".into(),
//!             version: "1.0.0".into(),
//!             system: "nothing at all".into(),
//!             categories: vec![],
//!             identifiers: vec![],
//!             operations: vec![],
//!             test_subject: None,
//!             capabilities: vec![],
//!         }
//!     }
//! }
//!
//! let mut plugin = Empty::new(serde_json::json!({})).unwrap();
//! let response = dispatch(&mut plugin, Request::Describe);
//! assert!(matches!(response, Response::Ok(Output::Describe(_))));
//! ```
//!
//! # Layout
//!
//! - [`types`]: the subject, the manifest, the results of each operation,
//!   the persons `locate` describes and the [`Scope`] of an approved change.
//! - `error`: [`PluginError`], the failures dsrd acts on.
//! - `plugin`: the [`Plugin`] trait and its contract.
//! - [`protocol`]: requests, responses, the `Hello` handshake, and the
//!   one [`dispatch`](protocol::dispatch) every path shares. No I/O.
//! - [`ffi`]: the C ABI, the only module with unsafe code.
//! - `loader`: [`NativePlugin`], loading a library in-process.
//! - `export`: the [`export_plugin!`] macro.
//! - [`testing`]: finding a plugin's `cdylib` from its own tests.

#![deny(missing_docs)]
// Unsafe code is allowed in `ffi` only; every other module is held to the
// same standard as a `forbid`, which cannot be lifted for one module.
#![deny(unsafe_code)]

mod error;
mod export;
#[allow(unsafe_code)]
pub mod ffi;
mod loader;
mod plugin;
pub mod protocol;
pub mod testing;
pub mod types;

pub use error::PluginError;
pub use loader::{check_abi_version, LoadError, NativePlugin};
pub use plugin::{parse_settings, Plugin};
pub use protocol::ABI_VERSION;
pub use types::{
    Capability, Change, ChangeReport, DataCategory, EraseMode, ExportFile, ExportResult,
    ExportTable, IdentifierKind, LocateResult, LocatedPerson, LocatedRecord, Manifest,
    MatchStrength, Operation, PersonKind, PersonLink, PurgeKept, PurgeReport, Recipient, RecordRef,
    Relation, Retained, Scope, Subject, TableChanges,
};
