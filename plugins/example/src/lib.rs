//! An example dsrd plugin: a school's contacts file.
//!
//! The "system" is one JSON file of pupils, guardians and staff, the notes
//! of contacts with them and the record of what was disclosed to whom. It
//! is small on purpose, but it implements every operation of the
//! [`Plugin`](dsrd_plugin_api::Plugin) trait honestly, so it shows what a
//! plugin for a real system has to do, and it passes the conformance kit.
//!
//! # Settings
//!
//! ```toml
//! [[plugins]]
//! name = "contacts"
//! library = "target/debug/libdsrd_plugin_example.so"
//! settings = { data_file = "/var/lib/school/contacts.json" }
//! # fixture = true: create demo data when the file is missing and name
//! #   the test subject in the manifest (for `dsrd plugins check`).
//! # retention_days = 730: contact notes older than this are purged.
//! ```
//!
//! # Layout
//!
//! - `settings`: the settings table, including deliberate faults for tests.
//! - `data`: the file's records and its atomic write.
//! - `fixture`: the demo data and its test subject.
//! - `matching`: which people a subject refers to, and how strongly.
//! - `plugin`: the trait implementation and the read-only operations.
//! - `export`: the export tables, the vCard and the recipients.
//! - `changes`: rectify, restrict, erase and purge.
//!
//! Build it with `panic = "unwind"` (the default profile setting): that
//! is what lets dsrd report a panic instead of crashing.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod changes;
pub mod data;
mod export;
pub mod fixture;
mod matching;
mod plugin;
pub mod settings;

pub use plugin::SchoolContacts;

/// The plugin's name, and its key in
/// [`Subject::system_ids`](dsrd_plugin_api::Subject::system_ids).
pub const SYSTEM: &str = "school-contacts";

dsrd_plugin_api::export_plugin!(SchoolContacts);
