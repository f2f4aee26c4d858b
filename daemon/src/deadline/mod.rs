//! The statutory deadline engine: when a data-subject request must be
//! answered, and why.
//!
//! Pure arithmetic over values (STYLE.md "Parsers stay pure"): a receipt
//! instant, a policy, a holiday calendar, extension notices and an identity
//! wait go in; a [`Deadline`] with its dates and a bilingual derivation comes
//! out. No clock is read here: an open identity wait is computed against the
//! `today` the caller passes. The rules are those of
//! `testdata/legal/deadlines.md`: GDPR art. 12(3), Regulation 1182/71 for the
//! counting, and the Algemene termijnenwet's holidays.
//!
//! # Layout
//! - `easter`: Easter Sunday (Meeus/Jones/Butcher).
//! - `calendar`: working days, the `nl-atw` holidays and their Dutch names.
//! - `closures`: the organisation's closure days and their text format.
//! - `month`: month arithmetic with clamping (1182/71 art. 3(2)(c)).
//! - `policy`: `gdpr-month`, `four-weeks`, custom periods.
//! - `identity`: the identity-verification wait (pause, restart, none).
//! - `extension`: extension notices and the rules they follow.
//! - `check`: [`check_extension`], before a notice goes out.
//! - `refusal`: why an extension does not count.
//! - `input`, `outcome`: what [`compute`] takes and gives.
//! - `engine`: [`compute`].
//! - `explain`: the derivation's steps, as data.
//! - `render`: those steps in Dutch and English.
//! - `lang`: the two languages and how dates read in them.
//! - [`vectors`]: the legal test-vector format and its checker.

mod calendar;
mod check;
mod closures;
mod easter;
mod engine;
mod explain;
mod extension;
mod identity;
mod input;
mod lang;
mod month;
mod outcome;
mod policy;
mod refusal;
mod render;
pub mod vectors;

#[cfg(test)]
mod tests;

pub use crate::lang::Lang;
pub use calendar::{Calendar, HolidayList};
pub use check::check_extension;
pub use closures::{parse_closure_days, ClosureDay, ClosureFileError};
pub use easter::easter_sunday;
pub use engine::compute;
pub use explain::Step;
pub use extension::Extension;
pub use identity::{IdentitySettings, IdentityWait, WaitMode};
pub use input::{local_date, DeadlineInput};
pub use month::{add_days, add_months, MonthEnd};
pub use outcome::{Deadline, RejectedExtension};
pub use policy::{warn_if_policy_later_than_statutory, Policy, PolicyParseError};
pub use refusal::ExtensionRefused;
pub use render::render_steps;
