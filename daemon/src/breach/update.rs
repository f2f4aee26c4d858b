//! A change to a breach, and the rules that refuse one. Pure: the store
//! reads the entry, [`BreachUpdate::apply`] decides, the store writes the
//! result and the audit entries it names, in one transaction.

use super::{ApReport, Breach, BreachState, Risk, RiskAssessment, SubjectsNotice};
use chrono::{DateTime, Utc};

/// What the officer changes; every field left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreachUpdate {
    /// A better description of what happened.
    #[serde(default)]
    pub what: Option<String>,
    /// The categories of data, replacing the ones recorded.
    #[serde(default)]
    pub categories: Option<Vec<String>>,
    /// The number of people affected.
    #[serde(default)]
    pub people: Option<u32>,
    /// Whether that number is an estimate (with `people`).
    #[serde(default)]
    pub people_estimated: Option<bool>,
    /// The risk assessment.
    #[serde(default)]
    pub risk: Option<RiskAssessment>,
    /// The decision about the AP.
    #[serde(default)]
    pub ap: Option<ApReport>,
    /// The decision about the subjects.
    #[serde(default)]
    pub subjects: Option<SubjectsNotice>,
    /// The measures taken.
    #[serde(default)]
    pub measures: Option<String>,
    /// Close the entry (the rules below must hold).
    #[serde(default)]
    pub close: bool,
}

/// Why a change was refused: each says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BreachRefusal {
    /// The update changes nothing.
    #[error("nothing to change: give at least one field, or close")]
    Nothing,
    /// A closed entry is the record; it is not changed again.
    #[error("the breach is closed; a closed entry is not changed again")]
    Closed,
    /// A text that must say something is empty.
    #[error("{0} must not be empty")]
    Empty(&'static str),
    /// A time before the discovery.
    #[error("{0} lies before the breach was discovered")]
    BeforeDiscovery(&'static str),
    /// A time in the future.
    #[error("{0} lies in the future")]
    InTheFuture(&'static str),
    /// Closing without a risk assessment (art. 33(1) needs one either way).
    #[error(
        "cannot close without a risk assessment: give --risk none|low|high with --risk-reasoning"
    )]
    NoRisk,
    /// Closing without the AP decision.
    #[error("cannot close before the AP decision: give --reported-at with --ap-reference, or --not-reported with the reason")]
    NoApDecision,
    /// Closing a high-risk breach without telling the subjects or saying why not (art. 34).
    #[error("a high risk means the subjects are told (art. 34): give --subjects-told-at with --how, or --subjects-not-told with the reason (art. 34(3))")]
    SubjectsUndecided,
}

/// What an accepted change did, for the audit: the fields it set and the
/// decisions it recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The entry as it is now.
    pub breach: Breach,
    /// The names of the fields changed (the audit detail carries these,
    /// never their text).
    pub fields: Vec<&'static str>,
    /// The audit actions beyond `breach.updated`: `breach.reported`,
    /// `breach.not_reported`, `breach.subjects_told`,
    /// `breach.subjects_not_told`, `breach.closed`.
    pub actions: Vec<&'static str>,
}

fn text(value: &str, name: &'static str) -> Result<String, BreachRefusal> {
    let value = value.trim();
    if value.is_empty() {
        return Err(BreachRefusal::Empty(name));
    }
    Ok(value.to_owned())
}

fn moment(
    at: DateTime<Utc>,
    name: &'static str,
    breach: &Breach,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, BreachRefusal> {
    if at < breach.discovered_at {
        return Err(BreachRefusal::BeforeDiscovery(name));
    }
    if at > now {
        return Err(BreachRefusal::InTheFuture(name));
    }
    Ok(at)
}

impl BreachUpdate {
    /// Whether the update names nothing to change.
    pub fn is_empty(&self) -> bool {
        *self == BreachUpdate::default()
    }

    /// Applies the change to `breach` at `now`, or says why not. A draft
    /// becomes open at its first change.
    pub fn apply(&self, breach: &Breach, now: DateTime<Utc>) -> Result<Applied, BreachRefusal> {
        if breach.state == BreachState::Closed {
            return Err(BreachRefusal::Closed);
        }
        if self.is_empty() {
            return Err(BreachRefusal::Nothing);
        }
        let mut next = breach.clone();
        let mut fields = Vec::new();
        let mut actions = Vec::new();
        if let Some(what) = &self.what {
            next.what = text(what, "what")?;
            fields.push("what");
        }
        if let Some(categories) = &self.categories {
            next.categories = categories
                .iter()
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
                .collect();
            fields.push("categories");
        }
        if let Some(people) = self.people {
            next.people = Some(people);
            next.people_estimated = self.people_estimated.unwrap_or(false);
            fields.push("people");
        } else if let Some(estimated) = self.people_estimated {
            next.people_estimated = estimated;
            fields.push("people");
        }
        if let Some(risk) = &self.risk {
            next.risk = Some(RiskAssessment {
                level: risk.level,
                reasoning: text(&risk.reasoning, "the risk reasoning")?,
            });
            fields.push("risk");
        }
        if let Some(ap) = &self.ap {
            next.ap = Some(match ap {
                ApReport::Reported { at, ap_reference } => {
                    actions.push("breach.reported");
                    ApReport::Reported {
                        at: moment(*at, "the AP report", breach, now)?,
                        ap_reference: text(ap_reference, "the AP reference")?,
                    }
                }
                ApReport::NotReported { reason } => {
                    actions.push("breach.not_reported");
                    ApReport::NotReported {
                        reason: text(reason, "the reason for not reporting")?,
                    }
                }
            });
            fields.push("ap");
        }
        if let Some(subjects) = &self.subjects {
            next.subjects = Some(match subjects {
                SubjectsNotice::Told { at, how } => {
                    actions.push("breach.subjects_told");
                    SubjectsNotice::Told {
                        at: moment(*at, "telling the subjects", breach, now)?,
                        how: text(how, "how the subjects were told")?,
                    }
                }
                SubjectsNotice::NotTold { reason } => {
                    actions.push("breach.subjects_not_told");
                    SubjectsNotice::NotTold {
                        reason: text(reason, "the reason for not telling the subjects")?,
                    }
                }
            });
            fields.push("subjects");
        }
        if let Some(measures) = &self.measures {
            next.measures = Some(text(measures, "the measures")?);
            fields.push("measures");
        }
        next.state = BreachState::Open;
        if self.close {
            let risk = next.risk.as_ref().ok_or(BreachRefusal::NoRisk)?;
            if next.ap.is_none() {
                return Err(BreachRefusal::NoApDecision);
            }
            if risk.level == Risk::High && next.subjects.is_none() {
                return Err(BreachRefusal::SubjectsUndecided);
            }
            next.state = BreachState::Closed;
            next.closed_at = Some(now);
            actions.push("breach.closed");
        }
        next.updated_at = now;
        Ok(Applied {
            breach: next,
            fields,
            actions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::breach::{ap_due, BreachRef};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn draft() -> Breach {
        let discovered = t("2026-03-02T09:00:00Z");
        Breach {
            reference: BreachRef::new(2026, 1),
            state: BreachState::Draft,
            discovered_at: discovered,
            ap_due: ap_due(discovered),
            what: "reported by mail".into(),
            categories: vec![],
            people: None,
            people_estimated: false,
            risk: None,
            ap: None,
            subjects: None,
            measures: None,
            mail: None,
            created_by: "system".into(),
            created_at: discovered,
            updated_at: discovered,
            closed_at: None,
            reminded_at: None,
        }
    }

    fn risk(level: Risk) -> Option<RiskAssessment> {
        Some(RiskAssessment {
            level,
            reasoning: "one report, one family".into(),
        })
    }

    const NOW: &str = "2026-03-03T12:00:00Z";

    #[test]
    fn a_first_change_opens_a_draft_and_names_its_fields() {
        let change = BreachUpdate {
            people: Some(2),
            people_estimated: Some(true),
            measures: Some("mail recalled".into()),
            ..Default::default()
        };
        let applied = change.apply(&draft(), t(NOW)).unwrap();
        assert_eq!(applied.breach.state, BreachState::Open);
        assert_eq!(applied.fields, ["people", "measures"]);
        assert!(applied.actions.is_empty());
        assert!(applied.breach.people_estimated);
    }

    #[test]
    fn closing_needs_a_risk_assessment_and_the_ap_decision() {
        let close = BreachUpdate {
            close: true,
            ..Default::default()
        };
        assert_eq!(close.apply(&draft(), t(NOW)), Err(BreachRefusal::NoRisk));
        let with_risk = BreachUpdate {
            risk: risk(Risk::Low),
            close: true,
            ..Default::default()
        };
        assert_eq!(
            with_risk.apply(&draft(), t(NOW)),
            Err(BreachRefusal::NoApDecision)
        );
        let reported = BreachUpdate {
            risk: risk(Risk::Low),
            ap: Some(ApReport::Reported {
                at: t("2026-03-03T10:00:00Z"),
                ap_reference: "AP-123".into(),
            }),
            close: true,
            ..Default::default()
        };
        let applied = reported.apply(&draft(), t(NOW)).unwrap();
        assert_eq!(applied.breach.state, BreachState::Closed);
        assert_eq!(applied.actions, ["breach.reported", "breach.closed"]);
        assert_eq!(
            BreachUpdate {
                measures: Some("more".into()),
                ..Default::default()
            }
            .apply(&applied.breach, t(NOW)),
            Err(BreachRefusal::Closed)
        );
    }

    #[test]
    fn a_high_risk_needs_the_subjects_told_or_a_reason_before_closing() {
        let mut change = BreachUpdate {
            risk: risk(Risk::High),
            ap: Some(ApReport::NotReported {
                reason: "the processor reported it".into(),
            }),
            close: true,
            ..Default::default()
        };
        assert_eq!(
            change.apply(&draft(), t(NOW)),
            Err(BreachRefusal::SubjectsUndecided)
        );
        change.subjects = Some(SubjectsNotice::NotTold {
            reason: "the data was encrypted (art. 34(3)(a))".into(),
        });
        assert!(change.apply(&draft(), t(NOW)).is_ok());
    }

    #[test]
    fn times_before_discovery_or_in_the_future_and_empty_reasons_are_refused() {
        let at = |s: &str| BreachUpdate {
            ap: Some(ApReport::Reported {
                at: t(s),
                ap_reference: "AP-1".into(),
            }),
            ..Default::default()
        };
        assert_eq!(
            at("2026-03-01T00:00:00Z").apply(&draft(), t(NOW)),
            Err(BreachRefusal::BeforeDiscovery("the AP report"))
        );
        assert_eq!(
            at("2026-03-04T00:00:00Z").apply(&draft(), t(NOW)),
            Err(BreachRefusal::InTheFuture("the AP report"))
        );
        let empty = BreachUpdate {
            ap: Some(ApReport::NotReported {
                reason: "  ".into(),
            }),
            ..Default::default()
        };
        assert!(matches!(
            empty.apply(&draft(), t(NOW)),
            Err(BreachRefusal::Empty(_))
        ));
        assert_eq!(
            BreachUpdate::default().apply(&draft(), t(NOW)),
            Err(BreachRefusal::Nothing)
        );
    }
}
