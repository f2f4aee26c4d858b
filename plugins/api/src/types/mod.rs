//! The values that travel between dsrd and a plugin.
//!
//! Every type here is plain data with serde derives, so that the same value
//! can be handed to a built-in plugin directly, to a native plugin as JSON
//! bytes through the C ABI, or to a plugin host process as a JSON line.
//!
//! Enums are `#[non_exhaustive]`: a later version of this crate may add
//! variants without breaking plugin authors' `match`es. Structs use
//! `#[serde(default)]` where a field may be missing, so that a plugin built
//! against an older minor version still parses what a newer dsrd sends.

mod bytes;
mod change;
mod export;
mod locate;
mod manifest;
mod operation;
mod person;
mod purge;
mod recipient;
mod retained;
mod scope;
mod subject;

pub use change::{Change, ChangeReport, EraseMode, TableChanges};
pub use export::{ExportFile, ExportResult, ExportTable};
pub use locate::{LocateResult, LocatedRecord, MatchStrength};
pub use manifest::{Capability, DataCategory, IdentifierKind, Manifest};
pub use operation::Operation;
pub use person::{LocatedPerson, PersonKind, PersonLink, RecordRef, Relation};
pub use purge::{PurgeKept, PurgeReport};
pub use recipient::Recipient;
pub use retained::Retained;
pub use scope::Scope;
pub use subject::Subject;
