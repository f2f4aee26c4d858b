//! Categories of data in words a parent reads without a glossary: what
//! the access section lists per system (`SystemFacts::categories`) and per
//! retention period, from the plugins' [`DataCategory`].

use crate::lang::Lang;
use dsrd_plugin_api::DataCategory;

/// `cat` in words in `lang`, e.g. "contactgegevens" / "contact details".
/// A category the plugin named itself ([`DataCategory::Other`]) is its
/// name as given.
pub fn category_words(cat: &DataCategory, lang: Lang) -> String {
    use DataCategory::*;
    let words = match (lang, cat) {
        (_, Other(name)) => return name.clone(),
        (Lang::Nl, ContactDetails) => "contactgegevens",
        (Lang::Nl, Identification) => "identificatiegegevens (zoals leerlingnummer of BSN)",
        (Lang::Nl, Enrolment) => "inschrijving, groep en rooster",
        (Lang::Nl, Results) => "cijfers, toetsresultaten en rapporten",
        (Lang::Nl, Attendance) => "aanwezigheid en verzuim",
        (Lang::Nl, CareNotes) => "leerlingzorg (leerlingdossier en zorgnotities)",
        (Lang::Nl, Health) => "gezondheidsgegevens",
        (Lang::Nl, Consent) => "toestemmingen (bijvoorbeeld voor foto's)",
        (Lang::Nl, Images) => "foto's en video's",
        (Lang::Nl, Financial) => "financiële gegevens (zoals ouderbijdrage en bankrekening)",
        (Lang::Nl, Accounts) => "accounts in schoolsystemen",
        (Lang::En, ContactDetails) => "contact details",
        (Lang::En, Identification) => "identifying numbers (such as student number or BSN)",
        (Lang::En, Enrolment) => "enrolment, group and timetable",
        (Lang::En, Results) => "marks, test results and reports",
        (Lang::En, Attendance) => "attendance and absence",
        (Lang::En, CareNotes) => "pupil care (pupil file and care notes)",
        (Lang::En, Health) => "health data",
        (Lang::En, Consent) => "consents (for example for photographs)",
        (Lang::En, Images) => "photographs and video",
        (Lang::En, Financial) => "financial data (such as parental contribution and bank details)",
        (Lang::En, Accounts) => "accounts in school systems",
        // A category added to the plugin API after this version: its wire
        // name reads well enough ("exam_results" → "exam results").
        (_, other) => return other.as_str().replace('_', " "),
    };
    words.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_category_has_its_own_words_in_both_languages() {
        let known = [
            "contact_details",
            "identification",
            "enrolment",
            "results",
            "attendance",
            "care_notes",
            "health",
            "consent",
            "images",
            "financial",
            "accounts",
        ];
        for lang in [Lang::Nl, Lang::En] {
            let mut seen = Vec::new();
            for name in known {
                let cat = DataCategory::from(name.to_owned());
                assert!(!matches!(cat, DataCategory::Other(_)), "{name}");
                let words = category_words(&cat, lang);
                // The Dutch words differ from every wire name, so a known
                // category that fell through to the fallback shows here.
                if lang == Lang::Nl {
                    assert_ne!(words, name.replace('_', " "), "{name}");
                }
                assert!(!seen.contains(&words), "{words} twice ({lang})");
                seen.push(words);
            }
        }
        assert_eq!(
            category_words(&DataCategory::ContactDetails, Lang::Nl),
            "contactgegevens"
        );
        assert_eq!(
            category_words(&DataCategory::ContactDetails, Lang::En),
            "contact details"
        );
    }

    #[test]
    fn a_category_the_plugin_named_itself_keeps_its_name() {
        let cat = DataCategory::from("Overblijfregistratie".to_owned());
        assert_eq!(category_words(&cat, Lang::Nl), "Overblijfregistratie");
        assert_eq!(category_words(&cat, Lang::En), "Overblijfregistratie");
    }
}
