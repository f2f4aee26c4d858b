//! Who received a subject's data.

use super::DataCategory;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A party the system disclosed the subject's data to.
///
/// After a rectification, erasure or restriction dsrd tells each recipient
/// (art. 19) and names them to the subject on request, so a plugin lists
/// every one its system records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    /// Who received the data, e.g. `GGD Amsterdam` or `Cito`.
    pub name: String,
    /// How to reach them about the subject's data, if the system knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// What kinds of data they received.
    #[serde(default)]
    pub categories: Vec<DataCategory>,
    /// When data was last disclosed to them, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_disclosed: Option<NaiveDate>,
}
