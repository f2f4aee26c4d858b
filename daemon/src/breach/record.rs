//! One entry of the breach register, as art. 33(5) asks it to be
//! documented: the facts, the effects and the remedial action, and the
//! decisions about the AP and the subjects with their reasons.

use super::{ap_due, BreachRef, BreachState, Countdown, RiskAssessment};
use chrono::{DateTime, Utc};

/// The decision about the report to the Autoriteit Persoonsgegevens.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum ApReport {
    /// Reported through the AP's form.
    Reported {
        /// When it was reported.
        at: DateTime<Utc>,
        /// The AP's reference for the report.
        ap_reference: String,
    },
    /// Not reported, and why (art. 33(1): unlikely to result in a risk).
    NotReported {
        /// Why not.
        reason: String,
    },
}

/// The decision about telling the people affected (art. 34).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum SubjectsNotice {
    /// They were told.
    Told {
        /// When.
        at: DateTime<Utc>,
        /// How (letter, phone, meeting …).
        how: String,
    },
    /// They were not told, and why (art. 34(3)).
    NotTold {
        /// Why not.
        reason: String,
    },
}

/// The mail a draft entry was opened from (its bytes stay in the store).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ReportedMail {
    /// Its Message-ID, if it had one.
    pub message_id: Option<String>,
    /// Who sent it: the register's own business, never logged.
    pub from: Option<String>,
    /// Its subject.
    pub subject: Option<String>,
    /// When it reached the mailbox.
    pub received_at: DateTime<Utc>,
    /// The phrases that made it look like a breach report.
    pub phrases: Vec<String>,
}

/// A breach in the register.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Breach {
    /// Its reference.
    pub reference: BreachRef,
    /// Where it stands.
    pub state: BreachState,
    /// When the organisation became aware of it: the AP's clock starts here.
    pub discovered_at: DateTime<Utc>,
    /// When the report to the AP is due: `discovered_at` + 72 hours.
    pub ap_due: DateTime<Utc>,
    /// What happened (free text; may hold personal data, so it stays out
    /// of logs and audit details).
    pub what: String,
    /// The categories of personal data involved (e.g. "rapport", "BSN").
    pub categories: Vec<String>,
    /// How many people are affected, if known.
    pub people: Option<u32>,
    /// Whether `people` is an estimate (art. 33(3)(a) allows one).
    pub people_estimated: bool,
    /// The risk assessment, once made.
    pub risk: Option<RiskAssessment>,
    /// The AP decision, once made.
    pub ap: Option<ApReport>,
    /// The subjects decision, once made.
    pub subjects: Option<SubjectsNotice>,
    /// The measures taken or proposed (art. 33(3)(d)).
    pub measures: Option<String>,
    /// The mail it was opened from, for a draft from intake.
    pub mail: Option<ReportedMail>,
    /// Who entered it (`system` for a draft from intake).
    pub created_by: String,
    /// When it was entered.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// When the officer was reminded of the AP's due time (once).
    pub reminded_at: Option<DateTime<Utc>>,
}

impl Breach {
    /// Whether the AP question is still open: not closed, not reported,
    /// and not decided "not reported".
    pub fn awaits_ap_decision(&self) -> bool {
        self.state != BreachState::Closed && self.ap.is_none()
    }

    /// Whether the officer is to be reminded at `now`: the AP question is
    /// open, 24 hours or less are left (or the time has passed: a breach
    /// entered late is reminded of too), and no reminder was sent yet.
    pub fn due_for_reminder(&self, now: DateTime<Utc>) -> bool {
        self.awaits_ap_decision()
            && self.reminded_at.is_none()
            && now >= self.ap_due - chrono::Duration::hours(super::REMIND_HOURS_LEFT)
    }

    /// The countdown to the AP's due time at `now`, while the AP question
    /// is open; `None` once it is decided.
    pub fn countdown(&self, now: DateTime<Utc>) -> Option<Countdown> {
        self.awaits_ap_decision()
            .then(|| Countdown::at(self.ap_due, now))
    }
}

/// A new entry, from the officer or from intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBreach {
    /// `Draft` from intake, `Open` from the officer.
    pub state: BreachState,
    /// When it was discovered.
    pub discovered_at: DateTime<Utc>,
    /// What happened.
    pub what: String,
    /// Categories of data.
    pub categories: Vec<String>,
    /// People affected, if known.
    pub people: Option<u32>,
    /// Whether that is an estimate.
    pub people_estimated: bool,
}

impl NewBreach {
    /// Whether the entry can be made at `now`: it says what happened, and
    /// it was not discovered in the future.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), super::BreachRefusal> {
        if self.what.trim().is_empty() {
            return Err(super::BreachRefusal::Empty("what"));
        }
        if self.discovered_at > now {
            return Err(super::BreachRefusal::InTheFuture("the discovery"));
        }
        Ok(())
    }

    /// The AP due time of the new entry.
    pub fn ap_due(&self) -> DateTime<Utc> {
        ap_due(self.discovered_at)
    }
}

/// A breach as the CLI and the API show it at one moment: the entry with
/// its countdown to the AP's due time while that question is open.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct BreachView {
    /// The entry.
    #[serde(flatten)]
    pub breach: Breach,
    /// The time left (or past) until the AP's due time; `null` once the
    /// AP decision is recorded or the entry is closed.
    pub countdown: Option<Countdown>,
    /// The countdown in words ("41 h 05 min left"), or what was decided.
    pub ap_status: String,
}

impl BreachView {
    /// The view of `breach` at `now`.
    pub fn at(breach: Breach, now: DateTime<Utc>) -> Self {
        let countdown = breach.countdown(now);
        let ap_status = match (&breach.ap, countdown) {
            (Some(ApReport::Reported { at, ap_reference }), _) => {
                format!(
                    "reported {} ({ap_reference})",
                    at.format("%Y-%m-%d %H:%M UTC")
                )
            }
            (Some(ApReport::NotReported { .. }), _) => "not reported (reason recorded)".into(),
            (None, Some(c)) => c.words(),
            (None, None) => "closed without an AP decision".into(),
        };
        BreachView {
            breach,
            countdown,
            ap_status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::breach::{BreachRef, BreachState};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn breach() -> Breach {
        let discovered = t("2026-03-02T08:00:00Z");
        Breach {
            reference: BreachRef::new(2026, 1),
            state: BreachState::Open,
            discovered_at: discovered,
            ap_due: ap_due(discovered),
            what: "x".into(),
            categories: vec![],
            people: None,
            people_estimated: false,
            risk: None,
            ap: None,
            subjects: None,
            measures: None,
            mail: None,
            created_by: "officer:fg".into(),
            created_at: discovered,
            updated_at: discovered,
            closed_at: None,
            reminded_at: None,
        }
    }

    #[test]
    fn the_reminder_is_due_from_24_hours_left_until_it_is_sent_or_decided() {
        let b = breach();
        assert!(!b.due_for_reminder(t("2026-03-04T07:59:00Z")));
        assert!(b.due_for_reminder(t("2026-03-04T08:00:00Z")));
        assert!(
            b.due_for_reminder(t("2026-03-06T08:00:00Z")),
            "late, still reminded"
        );
        let reminded = Breach {
            reminded_at: Some(t("2026-03-04T08:00:00Z")),
            ..breach()
        };
        assert!(!reminded.due_for_reminder(t("2026-03-04T09:00:00Z")));
        let decided = Breach {
            ap: Some(ApReport::NotReported {
                reason: "geen risico".into(),
            }),
            ..breach()
        };
        assert!(!decided.due_for_reminder(t("2026-03-04T09:00:00Z")));
    }

    #[test]
    fn the_view_counts_down_until_the_ap_decision() {
        let view = BreachView::at(breach(), t("2026-03-04T09:00:00Z"));
        assert_eq!(view.ap_status, "23 h 00 min left");
        assert!(view.countdown.is_some());
        let late = BreachView::at(breach(), t("2026-03-05T10:30:00Z"));
        assert_eq!(late.ap_status, "2 h 30 min overdue");
        let reported = Breach {
            ap: Some(ApReport::Reported {
                at: t("2026-03-03T10:00:00Z"),
                ap_reference: "AP-1".into(),
            }),
            ..breach()
        };
        let view = BreachView::at(reported, t("2026-03-06T09:00:00Z"));
        assert_eq!(view.countdown, None);
        assert_eq!(view.ap_status, "reported 2026-03-03 10:00 UTC (AP-1)");
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!(
            json["reference"], "DATALEK-2026-0001",
            "the entry is flattened"
        );
        assert_eq!(json["ap_due"], "2026-03-05T08:00:00Z");
    }
}
