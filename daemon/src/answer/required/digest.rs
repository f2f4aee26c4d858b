//! What the officers' daily digest must say (issue 16, point 6): every
//! reference with its date or hours, the rule names and task handles, and
//! that names and addresses are left out on purpose — and nothing that
//! looks like an address.

use super::Element;
use crate::lang::Lang;

#[rustfmt::skip]
pub(super) const REQUIRED: &[(&str, Lang, &[Element])] = &[
    ("digest", Lang::Nl, &[
        ("the day and the count", &["Overzicht van donderdag 5 maart 2026: 7 punten vragen aandacht"]),
        ("no personal data, on purpose", &["Namen, adressen en berichten staan bewust niet in deze mail"]),
        ("the breach with its due time and hours", &["DATALEK-2026-0003: melden uiterlijk zaterdag 7 maart 2026 om 09:00 (nog 50 u 05 min)"]),
        ("the overdue case", &["AVG-2026-0007: termijn was woensdag 4 maart 2026 (1 dag te laat)"]),
        ("the cases due within 7 days", &["AVG-2026-0011: uiterlijk donderdag 5 maart 2026 (vandaag)", "AVG-2026-0014: uiterlijk woensdag 11 maart 2026 (over 6 dagen)"]),
        ("the failed run by rule", &["cultuurdag: donderdag 5 maart 2026 om 02:00"]),
        ("the tasks by handle", &["AVG-2026-0009:A3, sinds maandag 2 maart 2026", "AVG-2026-0010:post"]),
    ]),
    ("digest", Lang::En, &[
        ("the day and the count", &["Digest for Thursday 5 March 2026: 7 items need attention"]),
        ("no personal data, on purpose", &["Names, addresses and messages are deliberately not in this mail"]),
        ("the breach with its due time and hours", &["DATALEK-2026-0003: report by Saturday 7 March 2026 at 09:00 (50 h 05 min left)"]),
        ("the overdue case", &["AVG-2026-0007: was due Wednesday 4 March 2026 (1 day overdue)"]),
        ("the cases due within 7 days", &["AVG-2026-0011: due Thursday 5 March 2026 (today)", "AVG-2026-0014: due Wednesday 11 March 2026 (in 6 days)"]),
        ("the failed run by rule", &["cultuurdag: Thursday 5 March 2026 at 02:00"]),
        ("the tasks by handle", &["AVG-2026-0009:A3, since Monday 2 March 2026", "AVG-2026-0010:post"]),
    ]),
    ("digest.breach-only", Lang::Nl, &[
        ("one item", &["1 punt vraagt aandacht"]),
        ("the breach past its 72 hours", &["DATALEK-2026-0002: melden uiterlijk woensdag 4 maart 2026 om 22:30 (8 u 30 min te laat)"]),
    ]),
    ("digest.breach-only", Lang::En, &[
        ("one item", &["1 item needs attention"]),
        ("the breach past its 72 hours", &["DATALEK-2026-0002: report by Wednesday 4 March 2026 at 22:30 (8 h 30 min overdue)"]),
    ]),
];

/// No address, and no empty section's heading.
#[rustfmt::skip]
pub(super) const FORBIDDEN: &[(&str, Lang, &[&str])] = &[
    ("digest", Lang::Nl, &["@"]),
    ("digest", Lang::En, &["@"]),
    ("digest.breach-only", Lang::Nl, &["@", "Zaken", "Taken", "Bewaarregels"]),
    ("digest.breach-only", Lang::En, &["@", "Cases", "Tasks", "Retention runs"]),
];
