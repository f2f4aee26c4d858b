//! The breach register (reglement 6.4; GDPR art. 33 and 34): every personal
//! data breach is documented, reported to the Autoriteit Persoonsgegevens or
//! not, with the reasons either way.
//!
//! Everything here is pure: the record, its rules and the 72-hour clock
//! take values and give values back. The store keeps the register
//! (`store::BreachStore`), `cli/breaches.rs` and `http/api/breaches.rs` show
//! and change it, intake opens a draft from a mail that [`signal`] recognises,
//! and `remind::BreachReminderWorker` reminds the officer once, 24 hours
//! before the AP is due.
//!
//! # Layout
//! - `reference`: [`BreachRef`], such as `DATALEK-2026-0001`.
//! - `state`: [`BreachState`], draft → open → closed.
//! - `risk`: [`Risk`] and [`RiskAssessment`] (art. 33(1), 34(1)).
//! - `record`: [`Breach`], with the AP report and the subjects' notice.
//! - `due`: the AP due time (discovery + 72 h) and its [`Countdown`].
//! - `update`: [`BreachUpdate`] and the rules that refuse a change.
//! - `signal`: [`possible_breach`], the phrases of a breach report by mail.
//! - `letters`: the mails about a breach (to the officer, to the reporter).

mod due;
mod letters;
mod record;
mod reference;
mod risk;
mod signal;
mod state;
mod update;

pub use due::{ap_due, Countdown, AP_HOURS, REMIND_HOURS_LEFT};
pub use letters::{breach_mail, officer_notice, receipt, reminder_letter};
pub use record::{ApReport, Breach, BreachView, NewBreach, ReportedMail, SubjectsNotice};
pub use reference::{BadBreachRef, BreachRef, BREACH_PREFIX};
pub use risk::{Risk, RiskAssessment, UnknownRisk};
pub use signal::{possible_breach, BreachSignal};
pub use state::{BreachState, UnknownBreachState};
pub use update::{Applied, BreachRefusal, BreachUpdate};
