//! Which days are working days: Saturdays, Sundays and public holidays are not.
//!
//! Regulation 1182/71 art. 2(1) takes its public holidays from the member
//! state; for the Netherlands we use the list of Algemene termijnenwet art.
//! 3(1) (deadlines.md §3). Everything a tenant may add — Goede Vrijdag,
//! decree-equated days, its own closure days — only ever *adds* non-working
//! days, so the default without them can make dsrd early but never late.

use super::closures::ClosureDay;
use super::easter::easter_sunday;
use super::month::add_days;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The statutory holiday list a calendar starts from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum HolidayList {
    /// Atw art. 3(1): Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede
    /// Pinksterdag, Koningsdag, 5 May (every year), eerste en tweede Kerstdag.
    #[default]
    #[serde(rename = "nl-atw")]
    NlAtw,
}

/// The set of non-working days a deadline was computed with.
///
/// Serialisable so a case can store exactly the calendar its due date came
/// from; a later change of settings must not silently move old deadlines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// The statutory holiday list (only `nl-atw` for now).
    #[serde(default)]
    pub holidays: HolidayList,
    /// Opt-in: treat Goede Vrijdag as a holiday. Off by default because it is
    /// only *equated* by Atw art. 3(2), for the Atw's own purposes (§7 Q1).
    #[serde(default)]
    pub good_friday: bool,
    /// Opt-in: days equated by royal decree (Atw art. 3(3)), e.g. the Friday
    /// after Hemelvaartsdag. Off by default for the same reason.
    #[serde(default)]
    pub equated_days: Vec<NaiveDate>,
    /// The organisation's own closure days. Note that these also move the
    /// *statutory* date, which the law does not require; an operator who adds
    /// them chooses later deadlines knowingly.
    #[serde(default)]
    pub closures: Vec<ClosureDay>,
}

impl Calendar {
    /// The default `nl-atw` calendar: Atw art. 3(1) holidays only.
    pub fn nl_atw() -> Self {
        Self::default()
    }

    /// The same calendar with Goede Vrijdag on or off.
    pub fn with_good_friday(mut self, on: bool) -> Self {
        self.good_friday = on;
        self
    }

    /// The same calendar with these decree-equated days added.
    pub fn with_equated_days(mut self, days: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.equated_days.extend(days);
        self
    }

    /// The same calendar with these unnamed closure days added.
    pub fn with_closure_dates(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        let days = dates
            .into_iter()
            .map(|date| ClosureDay { date, name: None });
        self.closures.extend(days);
        self
    }

    /// The same calendar with these closure days (for example from
    /// [`parse_closure_days`](super::parse_closure_days)) added.
    pub fn with_closures(mut self, days: impl IntoIterator<Item = ClosureDay>) -> Self {
        self.closures.extend(days);
        self
    }

    /// The Dutch name of the holiday or closure on `date`, if it is one.
    /// Weekends are not holidays and give `None` (Easter Sunday included: it
    /// is a Sunday anyway, and Atw art. 3(1) does not list it).
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        if let Some(name) = statutory_holiday(date) {
            return Some(name);
        }
        // Goede Vrijdag is two days before Easter Sunday.
        if self.good_friday && (date - easter_sunday(date.year())).num_days() == -2 {
            return Some("Goede Vrijdag");
        }
        if self.equated_days.contains(&date) {
            return Some("gelijkgestelde dag");
        }
        self.closures
            .iter()
            .find(|c| c.date == date)
            .map(|c| c.name.as_deref().unwrap_or("sluitingsdag"))
    }

    /// Whether `date` is a working day (1182/71 art. 2(2)): not a Saturday,
    /// not a Sunday, not a holiday of this calendar.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !is_weekend(date) && self.holiday_name(date).is_none()
    }

    /// The first working day on or after `date` (1182/71 art. 3(4), Atw art.
    /// 1(1)). Chains such as Kerst on Friday and Saturday are walked one day
    /// at a time.
    pub fn roll(&self, date: NaiveDate) -> NaiveDate {
        self.roll_skipping(date).0
    }

    /// The `n`th working day after `date` (`date` itself never counts, so a
    /// notice given on a Saturday runs from the Monday): the day a notice
    /// of `n` working days, given on `date`, has run. Used for the notice
    /// before a restriction is lifted (answers.md §3.9).
    pub fn add_working_days(&self, mut date: NaiveDate, n: u32) -> NaiveDate {
        for _ in 0..n {
            date = self.roll(add_days(date, 1));
        }
        date
    }

    /// [`Calendar::roll`], also returning the non-working days it passed.
    pub(super) fn roll_skipping(&self, mut date: NaiveDate) -> (NaiveDate, Vec<NaiveDate>) {
        let mut skipped = Vec::new();
        // The saturation check keeps a corrupt far-future date from looping.
        while !self.is_working_day(date) && date != NaiveDate::MAX {
            skipped.push(date);
            date = add_days(date, 1);
        }
        (date, skipped)
    }
}

/// Saturday or Sunday.
fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The Atw art. 3(1) holiday on `date`, by its Dutch name.
fn statutory_holiday(date: NaiveDate) -> Option<&'static str> {
    let (month, day) = (date.month(), date.day());
    let fixed = match (month, day) {
        (1, 1) => Some("Nieuwjaarsdag"),
        (5, 5) => Some("Bevrijdingsdag"),
        (12, 25) => Some("eerste Kerstdag"),
        (12, 26) => Some("tweede Kerstdag"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    if date == koningsdag(date.year()) {
        return Some("Koningsdag");
    }
    // Offsets from Easter Sunday: Monday +1, Ascension +39, Whit Monday +50.
    let since_easter = (date - easter_sunday(date.year())).num_days();
    match since_easter {
        1 => Some("tweede Paasdag"),
        39 => Some("Hemelvaartsdag"),
        50 => Some("tweede Pinksterdag"),
        _ => None,
    }
}

/// Koningsdag: 27 April, or Saturday 26 April when the 27th is a Sunday. It
/// never moves to Monday 28 April. (The rule of the present reign, from 2014;
/// earlier Koninginnedag dates are not modelled.)
fn koningsdag(year: i32) -> NaiveDate {
    let the_27th = NaiveDate::from_ymd_opt(year, 4, 27).unwrap_or(NaiveDate::MAX);
    match the_27th.weekday() {
        Weekday::Sun => the_27th.pred_opt().unwrap_or(the_27th),
        _ => the_27th,
    }
}
