//! Who is writing: cue phrases for the requester's role, per language.
//!
//! Unlike the request rules these stay in code: they feed identity checks
//! (a parent must prove parental authority), so a change deserves a review
//! and a test rather than a data-file edit.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::language::Language;

/// The writer's relation to the school.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RequesterRole {
    /// A parent or guardian writing on behalf of a child.
    Parent,
    /// A current pupil writing for themselves.
    Pupil,
    /// A current member of staff.
    Staff,
    /// Someone who used to be a pupil.
    FormerPupil,
    /// Someone who used to work at the school.
    FormerStaff,
    /// Someone else the letter says something about (volunteer, applicant).
    Other,
    /// The letter does not say.
    #[default]
    Unknown,
}

/// Roles in the order they win when several cues match: a teacher who
/// writes about "my son" writes as a parent; "oud-leerling" contains
/// "leerling", so former roles come before current ones.
const PRIORITY: [RequesterRole; 6] = [
    RequesterRole::Parent,
    RequesterRole::FormerStaff,
    RequesterRole::Staff,
    RequesterRole::FormerPupil,
    RequesterRole::Pupil,
    RequesterRole::Other,
];

type Cues = Vec<(Language, RequesterRole, Regex)>;

static CUES: LazyLock<Cues> = LazyLock::new(|| {
    use Language::*;
    use RequesterRole::*;
    let table: &[(Language, RequesterRole, &str)] = &[
        (
            Nl,
            Parent,
            r"\b(?:mijn|onze)\s+(?:zoon(?:tje|s)?|dochter(?:tje|s)?|kind|kinderen|pleegkind|pleegzoon|pleegdochter|stiefzoon|stiefdochter)\b|\bons\s+kind\b|\b(?:moeder|vader|ouder|ouders|voogd|verzorger)\s+van\b|\bals\s+(?:ouder|ouders|moeder|vader|voogd|verzorger)\b|\bnaam\s+(?:van\s+(?:mijn|ons|het)\s+)?kind\s*:|\bnamens\s+(?:mijn|ons|onze)\b|\bwettelijk\s+vertegenwoordiger\b",
        ),
        (
            Nl,
            FormerStaff,
            r"\boud-?(?:medewerker|leerkracht|docent|collega|werknemer)\b|\bvoormalig(?:e)?\s+(?:medewerker|leerkracht|docent|werknemer)\b|\bwas\s+(?:ik\s+)?(?:werkzaam|in\s+dienst)\b|\bheb\s+(?:ik\s+)?[^.\n]{0,40}\bgewerkt\b",
        ),
        (
            Nl,
            Staff,
            r"\bals\s+(?:medewerker|leerkracht|docent|werknemer|onderwijsassistent|conciërge|intern\s+begeleider)\b|\bik\s+werk\s+(?:bij|op|als)\b|\bwerkzaam\s+(?:bij|op|als)\b|\bpersoneelsnummer\b",
        ),
        (
            Nl,
            FormerPupil,
            r"\boud-?leerling\b|\bvoormalig(?:e)?\s+leerling\b|\bzat\s+(?:ik\s+)?(?:op|bij)\b|\bheb\s+(?:ik\s+)?[^.\n]{0,40}\bgezeten\b",
        ),
        (
            Nl,
            Pupil,
            r"\bik\s+zit\s+(?:in|op)\s+(?:groep|klas|de|het)\b|\bik\s+ben\s+[^.\n]{0,40}\b(?:uit|van|in)\s+(?:groep|klas)\s+\d|\bals\s+leerling\b|\bik\s+ben\s+(?:een\s+)?leerling\b",
        ),
        (
            Nl,
            Other,
            r"\bals\s+(?:vrijwilliger|stagiair|stagiaire|sollicitant|bezoeker)\b|\bik\s+heb\s+gesolliciteerd\b",
        ),
        (
            En,
            Parent,
            r"\b(?:my|our)\s+(?:son|daughter|child|children|kids?|ward|stepson|stepdaughter|foster\s+child)\b|\bas\s+(?:a\s+|the\s+|their\s+|his\s+|her\s+)?(?:parent|mother|father|guardian|carer)\b|\bon\s+behalf\s+of\s+(?:my|our)\b|\b(?:the\s+)?(?:father|mother|parent|guardian)\s+of\b|\bchild's\s+name\s*:|\bparental\s+responsibility\b",
        ),
        (
            En,
            FormerStaff,
            r"\bformer\s+(?:employee|member\s+of\s+staff|staff\s+member|teacher|colleague)\b|\bex-?employee\b|\bI\s+(?:used\s+to\s+work|worked)\s+(?:at|for)\b",
        ),
        (
            En,
            Staff,
            r"\bas\s+(?:a|an)\s+(?:employee|teacher|member\s+of\s+staff|staff\s+member|teaching\s+assistant)\b|\bI\s+work\s+(?:at|for|as)\b|\bI\s+am\s+(?:a|an)\s+(?:teacher|employee)\s+at\b|\b(?:employee|staff)\s+(?:number|no)\b",
        ),
        (
            En,
            FormerPupil,
            r"\bformer\s+(?:pupil|student)\b|\bex-?pupil\b|\balumn(?:us|a|i)\b|\bI\s+(?:was\s+a\s+(?:pupil|student)|attended)\b",
        ),
        (
            En,
            Pupil,
            r"\bI\s+am\s+(?:a\s+)?(?:pupil|student)\b|\bI'm\s+(?:a\s+)?(?:pupil|student)\b|\bI\s+am\s+in\s+(?:year|class|form)\b|\bas\s+a\s+(?:pupil|student)\b",
        ),
        (
            En,
            Other,
            r"\bas\s+a\s+(?:volunteer|visitor|contractor|job\s+applicant|applicant)\b|\bI\s+applied\s+for\b",
        ),
        (
            De,
            Parent,
            r"\b(?:mein(?:e|en|em|er|es)?|unser(?:e|en|em|er|es)?)\s+(?:Sohn(?:es)?|Tochter|Kind(?:es|er|ern)?)\b|\bals\s+(?:Elternteil|Mutter|Vater|Erziehungsberechtigte[rn]?|Vormund|Eltern)\b|\bName\s+des\s+Kindes\s*:",
        ),
        (
            De,
            FormerStaff,
            r"\behemalige[rn]?\s+(?:Mitarbeiter(?:in)?|Lehrer(?:in)?|Beschäftigte[rn]?)\b",
        ),
        (
            De,
            Staff,
            r"\bals\s+(?:Mitarbeiter(?:in)?|Lehrer(?:in)?|Lehrkraft|Beschäftigte[rn]?)\b|\bich\s+arbeite\s+(?:bei|an|als)\b|\bPersonalnummer\b",
        ),
        (
            De,
            FormerPupil,
            r"\behemalige[rn]?\s+Schüler(?:in)?\b|\bAbsolvent(?:in)?\b",
        ),
        (
            De,
            Pupil,
            r"\bich\s+bin\s+Schüler(?:in)?\b|\bals\s+Schüler(?:in)?\b|\bich\s+gehe\s+in\s+die\b",
        ),
        (
            Fr,
            Parent,
            r"\b(?:mon|notre)\s+(?:fils|enfant|enfants)\b|\b(?:ma|notre)\s+fille\b|\bmes\s+enfants\b|\ben\s+(?:tant\s+que|qualité\s+de)\s+(?:parent|mère|père|tuteur|tutrice|représentant\s+légal)|\bnom\s+de\s+l['’]enfant\s*:",
        ),
        (
            Fr,
            FormerStaff,
            r"\bancien(?:ne)?\s+(?:salarié|salariée|employé|employée|enseignant|enseignante|professeur|membre\s+du\s+personnel)",
        ),
        (
            Fr,
            Staff,
            r"\ben\s+tant\s+qu['’](?:enseignant|enseignante|employé|employée|salarié|salariée)|\bje\s+travaille\s+(?:à|au|chez|pour|comme)\b",
        ),
        (Fr, FormerPupil, r"\bancien(?:ne)?\s+élève\b"),
        (
            Fr,
            Pupil,
            r"\bje\s+suis\s+(?:un\s+|une\s+)?élève\b|\ben\s+tant\s+qu['’]élève\b",
        ),
    ];
    table
        .iter()
        .map(|(l, r, p)| {
            (
                *l,
                *r,
                Regex::new(&format!("(?i){p}")).expect("static regex"),
            )
        })
        .collect()
});

/// The writer's role and the phrase that showed it. English cues are tried
/// for every language, since English phrases turn up in all of them.
pub(crate) fn detect_role(text: &str, lang: Language) -> (RequesterRole, Option<String>) {
    let mut found: Vec<(RequesterRole, usize, &str)> = Vec::new();
    for (l, role, regex) in CUES.iter() {
        if *l != lang && *l != Language::En {
            continue;
        }
        if let Some(m) = regex.find(text) {
            found.push((*role, m.start(), m.as_str()));
        }
    }
    PRIORITY
        .iter()
        .find_map(|p| {
            found
                .iter()
                .filter(|f| f.0 == *p)
                .min_by_key(|f| f.1)
                .map(|f| {
                    (
                        f.0,
                        Some(f.2.split_whitespace().collect::<Vec<_>>().join(" ")),
                    )
                })
        })
        .unwrap_or((RequesterRole::Unknown, None))
}
