//! The bundled `sql` plugin of dsrd: a school database on PostgreSQL,
//! MariaDB/MySQL or SQLite, described by a declarative mapping.
//!
//! The plugin knows no school system. Its settings say which tables hold
//! people (pupils, guardians, staff), how to recognise them, which tables
//! hang below them through foreign keys, which columns are personal, and
//! what erasure, restriction and retention do to each table. A realistic
//! pupil administration is described without code: see
//! [`demo::mapping`] and the `settings` module.
//!
//! # Guarantees
//!
//! - Every operation runs in one transaction; dry runs and reads roll it
//!   back, so a dry run executes the real run's reads and changes nothing.
//! - Values only travel as bind parameters; table and column names come
//!   from the mapping, are restricted to `[A-Za-z_][A-Za-z0-9_]*` and are
//!   quoted per engine.
//! - Rows of other people are never in a subject's tree, so erasing a
//!   pupil removes the link to a shared guardian, never the guardian.
//! - A repeat of a real run reports nothing and is not an error.
//!
//! # Two ways to load
//!
//! dsrd links this crate as a built-in (the rlib) and can also load it as
//! a native library (the cdylib). The C entry symbol is unmangled, so two
//! crates exporting it cannot be linked into one binary; it is therefore
//! generated only with the `cdylib-export` feature. That feature is on by
//! default, so `cargo build -p dsrd-plugin-sql` gives a loadable library,
//! and dsrd depends on the crate with `default-features = false`. Cargo
//! unifies features within one build, so a build that selects this crate
//! together with the daemon (`cargo build --workspace`) still turns it on;
//! that is harmless as long as this is the only plugin linked into dsrd
//! with its export on (the example plugin is not linked into dsrd).
//!
//! # Layout
//!
//! - `settings`: the settings and the mapping, with their checks.
//! - `engine`: what differs per engine: quoting, binding, reading rows,
//!   transactions, the database's columns.
//! - `ops`: the operations, written once over `engine`.
//! - `plugin`: the [`Plugin`](dsrd_plugin_api::Plugin) implementation
//!   and its runtime.
//! - [`demo`]: a fictitious school: schema, seed data, mapping, dump.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod demo;
mod engine;
mod error;
mod ops;
mod plugin;
pub mod settings;

pub use engine::Engine;
pub use error::SqlError;
pub use plugin::SqlPlugin;

#[cfg(feature = "cdylib-export")]
dsrd_plugin_api::export_plugin!(SqlPlugin);
