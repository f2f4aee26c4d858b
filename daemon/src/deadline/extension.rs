//! Extension notices: when they count and what they do (deadlines.md §4.2
//! steps 4–5 and §4.3 step 3).
//!
//! Under `gdpr-month` there is one extension, always of two further months,
//! noticed within the first month. Under a weeks-based policy there may be
//! several, each noticed before the then-current due date and together
//! capped at `max_total_weeks` from receipt; the one that first passes the
//! statutory date doubles as the art. 12(3) notice.

use super::calendar::Calendar;
use super::engine::roll_explained;
use super::explain::Step;
use super::input::local_date;
use super::month::{add_days, add_months};
use super::refusal::ExtensionRefused;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// One extension notice sent to the data subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Extension {
    /// When the notice went out; any RFC 3339 offset.
    pub notified: DateTime<FixedOffset>,
    /// Weeks added, for weeks-based policies; absent for `gdpr-month`, whose
    /// extension is always two months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weeks: Option<u32>,
}

impl Extension {
    /// A `gdpr-month` extension (two further months).
    pub fn statutory(notified: impl Into<DateTime<FixedOffset>>) -> Self {
        Extension {
            notified: notified.into(),
            weeks: None,
        }
    }

    /// A weeks-based extension.
    pub fn weeks(notified: impl Into<DateTime<FixedOffset>>, weeks: u32) -> Self {
        Extension {
            notified: notified.into(),
            weeks: Some(weeks),
        }
    }
}

/// A weeks-based policy's running state.
pub(super) struct WeeksState {
    /// Current policy date.
    pub due: NaiveDate,
    /// `start + 7·max_total_weeks + s`.
    pub cap: NaiveDate,
    /// The ceiling in weeks, for messages.
    pub max_total_weeks: u32,
    /// False when the ceiling is no longer than the period itself.
    pub allows_extensions: bool,
}

/// The dates extensions act on, updated notice by notice.
pub(super) struct Ledger<'a> {
    pub calendar: &'a Calendar,
    pub receipt: NaiveDate,
    /// Unrolled one-month end; the statutory extension counts from here.
    pub e0: NaiveDate,
    pub suspended: u64,
    /// Statutory date before any extension.
    pub base_due: NaiveDate,
    /// Last day for an art. 12(3) notice (or a weeks-based first extension).
    pub notice_by: NaiveDate,
    /// Current statutory date.
    pub statutory: NaiveDate,
    /// The accepted statutory extension's notice date.
    pub extended_on: Option<NaiveDate>,
    /// `None` under `gdpr-month`.
    pub weeks: Option<WeeksState>,
}

impl Ledger<'_> {
    /// The date that counts now: the earlier of policy and statutory.
    pub fn effective(&self) -> NaiveDate {
        match &self.weeks {
            Some(w) => w.due.min(self.statutory),
            None => self.statutory,
        }
    }

    /// Applies one notice (local date `notified`), adding its steps, or says
    /// why it does not count and leaves every date as it was.
    pub fn apply(
        &mut self,
        ext: &Extension,
        notified: NaiveDate,
        steps: &mut Vec<Step>,
    ) -> Result<(), ExtensionRefused> {
        if notified < self.receipt {
            let receipt = self.receipt;
            return Err(ExtensionRefused::BeforeReceipt { notified, receipt });
        }
        if self.weeks.is_none() {
            if let Some(weeks) = ext.weeks {
                return Err(ExtensionRefused::WeeksNotAllowed { weeks });
            }
            if let Some(on) = self.extended_on {
                return Err(ExtensionRefused::AlreadyExtended { on });
            }
            if notified > self.notice_by {
                return Err(ExtensionRefused::TooLate {
                    notified,
                    limit: self.notice_by,
                });
            }
            steps.push(Step::ExtensionAccepted {
                notified,
                weeks: None,
            });
            self.extend_statutory(notified, steps);
            return Ok(());
        }
        self.apply_weeks(ext.weeks.filter(|&w| w > 0), notified, steps)
    }

    /// The weeks-based rules of deadlines.md §4.3 step 3.
    fn apply_weeks(
        &mut self,
        weeks: Option<u32>,
        notified: NaiveDate,
        steps: &mut Vec<Step>,
    ) -> Result<(), ExtensionRefused> {
        let weeks = weeks.ok_or(ExtensionRefused::WeeksRequired)?;
        let limit = self.effective();
        let state = self
            .weeks
            .as_ref()
            .expect("apply_weeks runs for weeks policies only");
        let (max_total_weeks, cap) = (state.max_total_weeks, state.cap);
        if !state.allows_extensions {
            return Err(ExtensionRefused::NoneAllowed { max_total_weeks });
        }
        if notified > limit {
            return Err(ExtensionRefused::TooLate { notified, limit });
        }
        if state.due >= cap {
            return Err(ExtensionRefused::AtMaximum {
                max_total_weeks,
                cap,
            });
        }
        let uncapped = add_days(state.due, u64::from(weeks) * 7);
        let new_due = uncapped.min(cap);
        steps.push(Step::ExtensionAccepted {
            notified,
            weeks: Some(weeks),
        });
        steps.push(Step::PolicyExtended {
            weeks,
            date: uncapped,
        });
        if new_due < uncapped {
            steps.push(Step::Capped {
                max_total_weeks,
                date: new_due,
            });
        }
        if let Some(state) = self.weeks.as_mut() {
            state.due = new_due;
        }
        if self.extended_on.is_none() && new_due > self.base_due {
            // The reglement extension stands either way; only a notice within
            // the first month also extends the statutory date. Otherwise the
            // effective date stays capped by the statutory one (min rule).
            if notified <= self.notice_by {
                steps.push(Step::StatutoryExtended {
                    base_due: self.base_due,
                });
                self.extend_statutory(notified, steps);
            } else {
                let (notice_by, base_due) = (self.notice_by, self.base_due);
                steps.push(Step::StatutoryNotExtended {
                    notice_by,
                    base_due,
                });
            }
        }
        Ok(())
    }

    /// `extended_due = roll(add_months(E0, 2) + s)` (§4.2 step 5, §4.4).
    fn extend_statutory(&mut self, notified: NaiveDate, steps: &mut Vec<Step>) {
        let end = add_months(self.e0, 2);
        steps.push(Step::ExtendedEnd {
            from: self.e0,
            date: end.date,
            clamped_from: end.clamped_from,
        });
        let mut date = end.date;
        if self.suspended > 0 {
            date = add_days(date, self.suspended);
            steps.push(Step::PlusSuspended {
                days: self.suspended,
                date,
            });
        }
        self.statutory = roll_explained(self.calendar, date, steps);
        self.extended_on = Some(notified);
    }
}

/// The local date of a notice.
pub(super) fn notice_date(ext: &Extension, tz: chrono_tz::Tz) -> NaiveDate {
    local_date(ext.notified.to_utc(), tz)
}
