//! Why an extension notice does not count, in words the officer can act on.

use super::lang::{long_date, Lang};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An extension that the rules do not allow. Each variant is a case the
/// caller (CLI, case page) shows differently, and each message names the fix.
#[derive(
    Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ExtensionRefused {
    /// The notice comes after the last day it could be given: the current due
    /// date (weeks-based) or the one-month notice date (GDPR art. 12(3)).
    TooLate {
        /// Local date of the notice.
        notified: NaiveDate,
        /// The last day it was allowed.
        limit: NaiveDate,
    },
    /// The new date would pass the statutory due date, and that needs an art.
    /// 12(3) notice within the first month, which this one is not. Only
    /// [`check_extension`](super::check_extension) refuses for this; a notice
    /// already sent is kept, capped by the statutory date.
    NeedsStatutoryNotice {
        /// Local date of the notice.
        notified: NaiveDate,
        /// The last day for an art. 12(3) notice.
        notice_by: NaiveDate,
        /// The statutory date the extension would pass.
        statutory_due: NaiveDate,
    },
    /// The policy's ceiling is no longer than its period: no extensions at all.
    NoneAllowed {
        /// The ceiling in weeks.
        max_total_weeks: u32,
    },
    /// The policy date already sits at the ceiling.
    AtMaximum {
        /// The ceiling in weeks.
        max_total_weeks: u32,
        /// The ceiling as a date.
        cap: NaiveDate,
    },
    /// GDPR art. 12(3) allows one extension, and one was already accepted.
    AlreadyExtended {
        /// Local date of the accepted notice.
        on: NaiveDate,
    },
    /// The notice is dated before the request was received.
    BeforeReceipt {
        /// Local date of the notice.
        notified: NaiveDate,
        /// The receipt date.
        receipt: NaiveDate,
    },
    /// A weeks-based policy needs a number of weeks of at least one.
    WeeksRequired,
    /// The statutory extension is always two further months; weeks make no sense.
    WeeksNotAllowed {
        /// The weeks given.
        weeks: u32,
    },
}

impl ExtensionRefused {
    /// The reason as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let l = |d: &NaiveDate| long_date(*d, lang);
        let en = lang == Lang::En;
        match self {
            ExtensionRefused::TooLate { notified, limit } if en => format!(
                "the notice of {} is after {}, the last day to extend; answer by the current \
                 due date",
                l(notified),
                l(limit)
            ),
            ExtensionRefused::TooLate { notified, limit } => format!(
                "de melding van {} is na {}, de laatste dag om te verlengen; beantwoord het \
                 verzoek vóór de huidige uiterste datum",
                l(notified),
                l(limit)
            ),
            ExtensionRefused::NeedsStatutoryNotice {
                notified,
                notice_by,
                statutory_due,
            } if en => format!(
                "the new date would pass the statutory {}; that needs an art. 12(3) GDPR \
                 notice by {}, but this one is of {}; ask for fewer weeks",
                l(statutory_due),
                l(notice_by),
                l(notified)
            ),
            ExtensionRefused::NeedsStatutoryNotice {
                notified,
                notice_by,
                statutory_due,
            } => format!(
                "de nieuwe datum zou na de wettelijke {} liggen, en daarvoor is een melding \
                 onder art. 12 lid 3 AVG uiterlijk {} nodig; deze is van {}; vraag minder weken",
                l(statutory_due),
                l(notice_by),
                l(notified)
            ),
            ExtensionRefused::NoneAllowed { max_total_weeks } if en => format!(
                "the policy allows no extension (at most {max_total_weeks} weeks in total); \
                 raise max_total_weeks if the policy now allows extensions"
            ),
            ExtensionRefused::NoneAllowed { max_total_weeks } => format!(
                "het beleid staat geen verlenging toe (hoogstens {max_total_weeks} weken in \
                 totaal); verhoog max_total_weeks als het beleid dat nu wel toestaat"
            ),
            ExtensionRefused::AtMaximum {
                max_total_weeks,
                cap,
            } if en => format!(
                "the policy maximum of {max_total_weeks} weeks from receipt ({}) is already \
                 reached; answer by then",
                l(cap)
            ),
            ExtensionRefused::AtMaximum {
                max_total_weeks,
                cap,
            } => format!(
                "het maximum van {max_total_weeks} weken na ontvangst ({}) is al bereikt; \
                 antwoord uiterlijk dan",
                l(cap)
            ),
            ExtensionRefused::AlreadyExtended { on } if en => format!(
                "already extended by the notice of {}; art. 12(3) GDPR allows one extension of \
                 two months",
                l(on)
            ),
            ExtensionRefused::AlreadyExtended { on } => format!(
                "al verlengd met de melding van {}; art. 12 lid 3 AVG staat één verlenging van \
                 twee maanden toe",
                l(on)
            ),
            ExtensionRefused::BeforeReceipt { notified, receipt } if en => format!(
                "the notice of {} is before receipt on {}; check the notice date",
                l(notified),
                l(receipt)
            ),
            ExtensionRefused::BeforeReceipt { notified, receipt } => format!(
                "de melding van {} is van vóór de ontvangst op {}; controleer de datum van de \
                 melding",
                l(notified),
                l(receipt)
            ),
            ExtensionRefused::WeeksRequired if en => {
                "this policy extends in weeks; give the number of weeks (at least 1)".into()
            }
            ExtensionRefused::WeeksRequired => {
                "dit beleid verlengt in weken; geef het aantal weken op (minstens 1)".into()
            }
            ExtensionRefused::WeeksNotAllowed { weeks } if en => format!(
                "the GDPR extension is always two further months; leave out the {weeks} weeks"
            ),
            ExtensionRefused::WeeksNotAllowed { weeks } => {
                format!("de AVG-verlenging is altijd twee maanden extra; laat de {weeks} weken weg")
            }
        }
    }
}

// Display is the English rendering, so `{}` and `{:#}` chains in the CLI read
// the same as the explanation.
impl fmt::Display for ExtensionRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}
