//! The `sql` plugin's settings for the demo school: a complete example of
//! a pupil administration described without code.

use dsrd_plugin_api::Subject;
use serde_json::{json, Value};

/// The pupil the conformance kit runs its scenario on: pupil 1, student
/// number 100001. Her sibling (pupil 2) shares both guardians, and pupil
/// 3 has the same name but another date of birth.
pub fn test_subject() -> Subject {
    Subject::default()
        .with_name("Noor van Dijkhuizen")
        .with_email("noor.vandijkhuizen@leerling.example.org")
        .with_student_number("100001")
        .with_date_of_birth(chrono::NaiveDate::from_ymd_opt(2013, 4, 17).expect("a date"))
}

/// The test subject's guardian (guardian 1), shared with her sibling:
/// a parent with authority over both (pupils 1 and 2).
pub fn test_guardian() -> Subject {
    Subject::default()
        .with_name("Marieke van Dijkhuizen")
        .with_email("marieke.vandijkhuizen@example.net")
}

/// The settings for the demo school at `url`, naming the test subject.
///
/// Pupils are deleted on erasure with everything below them; with erase
/// mode `anonymise` the pupil row keeps its key, group and dates but loses
/// name, contact details and student number, care notes lose their text,
/// and results, absences, consents and disclosures stay (they identify
/// nobody once the pupil is anonymous). The kept pupil row is reported as
/// retained: the enrolment register, five years after `left_on`. Guardians and staff are subjects
/// of their own: erasing a guardian deletes their link rows and clears
/// `given_by` on consents; erasing a teacher clears the authorship of
/// care notes and the mentorship of groups, and keeps both.
///
/// `pupil_guardians` is also the link between persons: a lookup that
/// matches a guardian lists the pupils they are a parent (`ouder`) or
/// guardian (`voogd`) of, with the parental authority recorded there.
pub fn mapping(url: &str) -> Value {
    let anonymous = json!({
        "first_name": "[anonymised]", "infix": "null", "last_name": "[anonymised]",
        "email": "null", "phone": "null", "address": "null", "postcode": "null", "city": "null"
    });
    let mut pupil_anonymous = anonymous.clone();
    // NULL rather than a fixed text: the numbers are unique.
    pupil_anonymous["student_number"] = json!("null");
    pupil_anonymous["date_of_birth"] = json!("1900-01-01");
    let staff_anonymous = json!({
        "staff_number": "null", "first_name": "[anonymised]", "infix": "null",
        "last_name": "[anonymised]", "email": "null", "date_of_birth": "null"
    });
    let restriction =
        json!({ "flag": "restricted", "at": "restricted_at", "reason": "restriction_reason" });
    let name = json!({ "kind": "name", "columns": ["first_name", "infix", "last_name"] });
    let postal = json!(["address", "postcode", "city"]);
    json!({
        "url": url,
        "system": "demo pupil administration",
        "test_subject": test_subject(),
        "subjects": [
            {
                "table": "pupils", "key": "id", "label": "pupil", "category": "identification",
                "personal": ["student_number", "first_name", "infix", "last_name", "date_of_birth",
                             "email", "phone", "address", "postcode", "city", "enrolled_on", "left_on"],
                "rectifiable": ["first_name", "infix", "last_name", "date_of_birth", "email",
                                "phone", "address", "postcode", "city"],
                "anonymise": pupil_anonymous,
                "retention": { "column": "left_on", "days": 730 },
                "retain": enrolment_register(),
                "identifiers": [
                    { "kind": "student_number", "column": "student_number" },
                    { "kind": "email", "column": "email" },
                    name,
                    { "kind": "date_of_birth", "column": "date_of_birth" }
                ],
                "restriction": restriction,
                "person": { "kind": "pupil", "phone": "phone", "postal": postal },
                "recipients": [
                    { "name": "leerlingvolgsysteem (pupil tracking system)",
                      "categories": ["results", "attendance"] },
                    { "table": "disclosures", "name_column": "recipient",
                      "contact_column": "contact", "date_column": "disclosed_on",
                      "categories": ["identification", "enrolment"] }
                ],
                "children": pupil_children()
            },
            {
                "table": "guardians", "key": "id", "label": "guardian", "category": "contact_details",
                "personal": ["first_name", "infix", "last_name", "email", "phone", "address",
                             "postcode", "city"],
                "anonymise": anonymous,
                "identifiers": [{ "kind": "email", "column": "email" }, name],
                "restriction": restriction,
                "person": { "kind": "guardian", "phone": "phone", "postal": postal },
                "children": [
                    { "table": "pupil_guardians", "key": "id", "foreign_key": "guardian_id",
                      "label": "link to a pupil", "personal": ["pupil_id", "relation", "parental_authority"] },
                    { "table": "consent_records", "key": "id", "foreign_key": "given_by",
                      "label": "consent given", "personal": ["given_by"],
                      "erase": "anonymise", "anonymise": { "given_by": "null" } }
                ]
            },
            {
                "table": "staff", "key": "id", "label": "staff member", "category": "identification",
                "personal": ["staff_number", "first_name", "infix", "last_name", "email",
                             "date_of_birth", "role", "left_on"],
                "anonymise": staff_anonymous,
                "retention": { "column": "left_on", "days": 730 },
                "identifiers": [
                    { "kind": "staff_number", "column": "staff_number" },
                    { "kind": "email", "column": "email" },
                    name,
                    { "kind": "date_of_birth", "column": "date_of_birth" }
                ],
                "restriction": restriction,
                "person": { "kind": "staff" },
                "children": [
                    { "table": "care_notes", "key": "id", "foreign_key": "author_id",
                      "label": "care note written", "personal": ["author_id"],
                      "erase": "anonymise", "anonymise": { "author_id": "null" } },
                    { "table": "groups", "key": "id", "foreign_key": "mentor_id",
                      "label": "group mentored", "personal": ["mentor_id"],
                      "erase": "anonymise", "anonymise": { "mentor_id": "null" } }
                ]
            }
        ],
        "links": [
            { "table": "pupil_guardians", "from": "guardians", "from_column": "guardian_id",
              "to": "pupils", "to_column": "pupil_id", "relation": "relation",
              "relations": { "ouder": "parent", "voogd": "guardian" },
              "parental_authority": "parental_authority" }
        ]
    })
}

/// The ground on which an anonymised pupil row is kept.
pub const ENROLMENT_REGISTER_GROUND: &str =
    "AVG art. 17 lid 3 sub b: wettelijke plicht (Besluit bekostiging WPO) — \
     bewaarplicht leerlingenadministratie: in- en uitschrijving";

/// What an erasure keeps of a pupil row: the enrolment register
/// (leerlingenadministratie: key, group, dates of enrolment and leaving),
/// which a primary school must keep for five years after the pupil left.
/// Only erase mode `anonymise` keeps the row; mode `delete` deletes it as
/// before, so the plan for that mode lists nothing as retained.
fn enrolment_register() -> Value {
    json!({
        "ground": ENROLMENT_REGISTER_GROUND,
        "until": { "column": "left_on", "years": 5 },
        "fields": ["id", "group_id", "enrolled_on", "left_on"],
        "note": "5 jaar na uitschrijving"
    })
}

/// The tables below a pupil.
fn pupil_children() -> Value {
    json!([
        { "table": "pupil_guardians", "key": "id", "foreign_key": "pupil_id",
          "label": "link to a guardian", "category": "contact_details",
          "personal": ["guardian_id", "relation", "parental_authority"], "anonymise": {} },
        { "table": "group_memberships", "key": "id", "foreign_key": "pupil_id",
          "label": "group membership", "category": "enrolment",
          "personal": ["group_id", "school_year"], "anonymise": {} },
        { "table": "test_results", "key": "id", "foreign_key": "pupil_id",
          "label": "test result", "category": "results",
          "personal": ["test_name", "taken_on", "score", "remark"], "anonymise": {} },
        { "table": "absences", "key": "id", "foreign_key": "pupil_id",
          "label": "absence", "category": "attendance",
          "personal": ["absent_on", "reason", "authorised"], "anonymise": {},
          "retention": { "column": "absent_on", "days": 1825 } },
        { "table": "care_notes", "key": "id", "foreign_key": "pupil_id",
          "label": "care note", "category": "care_notes",
          "personal": ["written_on", "note"],
          "anonymise": { "note": "[anonymised]" },
          "children": [
              { "table": "care_note_attachments", "key": "id",
                "foreign_key": "care_note_id", "label": "care note attachment",
                "category": "care_notes", "personal": ["file_name", "content"] }
          ] },
        { "table": "consent_records", "key": "id", "foreign_key": "pupil_id",
          "label": "consent", "category": "consent",
          "personal": ["purpose", "granted", "recorded_on"], "anonymise": {} },
        { "table": "disclosures", "key": "id", "foreign_key": "pupil_id",
          "label": "disclosure", "category": "other_disclosures",
          "personal": ["recipient", "contact", "categories", "disclosed_on"],
          "anonymise": {} }
    ])
}
