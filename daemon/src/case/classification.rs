//! What a case asks for and about whom, as the classifier (or an officer)
//! decided, with the evidence the officer needs to check it.

use crate::classify::{Classification, Evidence, Extraction, Language, RequestType};
use serde::{Deserialize, Serialize};

/// The stored classification of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CaseClassification {
    /// The main request.
    pub primary: RequestType,
    /// Every request in the letter, primary first.
    pub types: Vec<RequestType>,
    /// How sure the classifier was (1.0 after an officer's override).
    pub confidence: f32,
    /// The detected language of the letter.
    pub language: Language,
    /// What matched, strongest first.
    pub evidence: Vec<Evidence>,
    /// Who the request is from and about.
    pub extraction: Extraction,
    /// The officer who replaced the automatic result, if one did.
    pub overridden_by: Option<String>,
}

impl CaseClassification {
    /// The classifier's result for a letter.
    pub fn automatic(c: Classification, extraction: Extraction) -> Self {
        CaseClassification {
            primary: c.primary,
            types: c.types,
            confidence: c.confidence,
            language: c.language,
            evidence: c.evidence,
            extraction,
            overridden_by: None,
        }
    }

    /// The type names as stored in the case's `request_types`.
    pub fn type_names(&self) -> Vec<String> {
        self.types.iter().map(|t| t.as_str().to_owned()).collect()
    }

    /// Whether this is a request at all.
    pub fn is_request(&self) -> bool {
        self.primary.is_request()
    }
}
