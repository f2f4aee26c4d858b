//! The request types in words a reader outside the privacy office
//! understands, with the article that grants each right: what the task
//! letter (and later the answer) calls a request.

use crate::classify::RequestType;
use crate::lang::Lang;

/// `request_type` in words in `lang`, e.g. "inzage (artikel 15 AVG)".
pub(crate) fn right_in_words(request_type: RequestType, lang: Lang) -> &'static str {
    use RequestType::*;
    match (lang, request_type) {
        (Lang::Nl, Access) => "inzage (artikel 15 AVG)",
        (Lang::Nl, Rectification) => {
            "rectificatie: het verbeteren of aanvullen van gegevens (artikel 16 AVG)"
        }
        (Lang::Nl, Erasure) => "het wissen van gegevens (artikel 17 AVG)",
        (Lang::Nl, Restriction) => "beperking van de verwerking (artikel 18 AVG)",
        (Lang::Nl, Portability) => "overdraagbaarheid van gegevens (artikel 20 AVG)",
        (Lang::Nl, Objection) => "bezwaar tegen de verwerking (artikel 21 AVG)",
        (Lang::Nl, AutomatedDecision) => {
            "een besluit dat zonder menselijke tussenkomst is genomen (artikel 22 AVG)"
        }
        (Lang::Nl, WithdrawConsent) => "het intrekken van toestemming (artikel 7, lid 3, AVG)",
        (Lang::Nl, NotARequest) => "geen verzoek op grond van de AVG",
        (Lang::En, Access) => "access (GDPR article 15)",
        (Lang::En, Rectification) => {
            "rectification: correcting or completing data (GDPR article 16)"
        }
        (Lang::En, Erasure) => "erasure of data (GDPR article 17)",
        (Lang::En, Restriction) => "restriction of processing (GDPR article 18)",
        (Lang::En, Portability) => "data portability (GDPR article 20)",
        (Lang::En, Objection) => "objection to processing (GDPR article 21)",
        (Lang::En, AutomatedDecision) => {
            "a decision taken without human involvement (GDPR article 22)"
        }
        (Lang::En, WithdrawConsent) => "withdrawal of consent (GDPR article 7(3))",
        (Lang::En, NotARequest) => "no request under the GDPR",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_right_names_its_article_in_both_languages() {
        for t in RequestType::ALL.into_iter().filter(|t| t.is_request()) {
            let article = t.article().unwrap();
            let nl = right_in_words(t, Lang::Nl);
            let en = right_in_words(t, Lang::En);
            assert!(nl.contains(&format!("artikel {article}")), "{nl}");
            assert!(nl.ends_with("AVG)"), "{nl}");
            assert!(en.contains(&format!("article {article}")), "{en}");
        }
    }
}
