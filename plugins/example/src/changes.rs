//! The changing operations on an in-memory copy of the file.
//!
//! Each function changes `contacts` and reports exactly what it changed;
//! the caller writes the copy back only on a real run. So a dry run and
//! the real run go through the same code and report the same set, and a
//! repeat reports nothing because nothing differs any more.

use crate::data::{Contacts, ANONYMISED, CONTACT_MOMENTS, DISCLOSURES, PEOPLE};
use chrono::{DateTime, Days, Utc};
use dsrd_plugin_api::{Change, ChangeReport, EraseMode, PluginError, PurgeReport};
use serde::{de::DeserializeOwned, Serialize};

/// Fields a rectification may set, with the form their value takes. Keys,
/// roles and flags are left out: they are not personal data to correct.
const PEOPLE_FIELDS: &[(&str, &str)] = &[
    ("name", "text"),
    ("date_of_birth", "a date as YYYY-MM-DD, or null"),
    ("emails", "a list of addresses"),
    ("phone", "text or null"),
    ("address", "text or null"),
    ("student_number", "text or null"),
    ("staff_number", "text or null"),
    ("group", "text or null"),
];
const MOMENT_FIELDS: &[(&str, &str)] = &[
    ("date", "a date as YYYY-MM-DD"),
    ("channel", "text"),
    ("summary", "text"),
];

/// Applies `requested` to the records of `person`.
pub fn rectify(
    contacts: &mut Contacts,
    person: &str,
    requested: &[Change],
    dry_run: bool,
) -> Result<ChangeReport, PluginError> {
    let mut report = ChangeReport::new(dry_run);
    for change in requested {
        let table = change.table.as_str();
        match table {
            PEOPLE => {
                let form = field_form(PEOPLE_FIELDS, change)?;
                check_key(change, |key| key == person)?;
                for record in contacts.people.iter_mut().filter(|p| p.id == person) {
                    if set_field(record, change, form)? {
                        report.record(PEOPLE, &record.id, &[&change.field]);
                    }
                }
            }
            CONTACT_MOMENTS => {
                let form = field_form(MOMENT_FIELDS, change)?;
                let own = |key: &str| {
                    contacts
                        .contact_moments
                        .iter()
                        .any(|m| m.id == key && m.person == person)
                };
                check_key(change, own)?;
                let chosen = contacts.contact_moments.iter_mut().filter(|m| {
                    m.person == person && change.key.as_ref().is_none_or(|key| *key == m.id)
                });
                for record in chosen {
                    if set_field(record, change, form)? {
                        report.record(CONTACT_MOMENTS, &record.id, &[&change.field]);
                    }
                }
            }
            _ => {
                return Err(PluginError::invalid_request(format!(
                    "table `{table}` cannot be rectified; use `{PEOPLE}` or `{CONTACT_MOMENTS}`"
                )))
            }
        }
    }
    Ok(report)
}

/// Sets the restriction flag of `person`.
pub fn restrict(contacts: &mut Contacts, person: &str, on: bool, dry_run: bool) -> ChangeReport {
    let mut report = ChangeReport::new(dry_run);
    for record in contacts
        .people
        .iter_mut()
        .filter(|p| p.id == person && p.restricted != on)
    {
        record.restricted = on;
        report.record(PEOPLE, &record.id, &["restricted"]);
    }
    report
}

/// Deletes every row about `person`, or anonymises the person and the
/// contact notes. Disclosure records survive anonymisation: once the
/// person is anonymous they identify nobody, and the school must still be
/// able to show what it disclosed.
pub fn erase(
    contacts: &mut Contacts,
    person: &str,
    mode: EraseMode,
    dry_run: bool,
) -> Result<ChangeReport, PluginError> {
    let mut report = ChangeReport::new(dry_run);
    match mode {
        EraseMode::Delete => {
            contacts
                .people
                .retain(|p| !(p.id == person && report_row(&mut report, PEOPLE, &p.id)));
            contacts.contact_moments.retain(|m| {
                !(m.person == person && report_row(&mut report, CONTACT_MOMENTS, &m.id))
            });
            contacts
                .disclosures
                .retain(|d| !(d.person == person && report_row(&mut report, DISCLOSURES, &d.id)));
        }
        EraseMode::Anonymise => {
            for record in contacts.people.iter_mut().filter(|p| p.id == person) {
                let mut fields = Vec::new();
                if record.name != ANONYMISED {
                    record.name = ANONYMISED.into();
                    fields.push("name");
                }
                clear(&mut record.date_of_birth, "date_of_birth", &mut fields);
                clear(&mut record.phone, "phone", &mut fields);
                clear(&mut record.address, "address", &mut fields);
                clear(&mut record.student_number, "student_number", &mut fields);
                clear(&mut record.staff_number, "staff_number", &mut fields);
                if !record.emails.is_empty() {
                    record.emails.clear();
                    fields.push("emails");
                }
                if !fields.is_empty() {
                    report.record(PEOPLE, &record.id, &fields);
                }
            }
            let notes = contacts.contact_moments.iter_mut();
            for moment in notes.filter(|m| m.person == person && m.summary != ANONYMISED) {
                moment.summary = ANONYMISED.into();
                report.record(CONTACT_MOMENTS, &moment.id, &["summary"]);
            }
        }
        other => {
            return Err(PluginError::invalid_request(format!(
                "erase mode {other:?} is not supported by this plugin"
            )))
        }
    }
    Ok(report)
}

/// Removes contact moments older than `retention_days` before `now`.
pub fn purge(
    contacts: &mut Contacts,
    now: DateTime<Utc>,
    retention_days: u32,
    dry_run: bool,
) -> PurgeReport {
    let mut report = PurgeReport::new(dry_run);
    let today = now.date_naive();
    let cutoff = today
        .checked_sub_days(Days::new(retention_days.into()))
        .unwrap_or(today);
    contacts.contact_moments.retain(|moment| {
        let expired = moment.date < cutoff;
        if expired {
            report.record(CONTACT_MOMENTS, &moment.id);
        }
        !expired
    });
    report
}

/// Records a row for deletion; returns true so it can sit in `retain`.
fn report_row(report: &mut ChangeReport, table: &str, key: &str) -> bool {
    report.record(table, key, &[]);
    true
}

fn clear<T>(value: &mut Option<T>, name: &'static str, fields: &mut Vec<&'static str>) {
    if value.take().is_some() {
        fields.push(name);
    }
}

/// The form the change's field takes, or an error naming the fields that
/// can be rectified.
fn field_form(
    fields: &'static [(&'static str, &'static str)],
    change: &Change,
) -> Result<&'static str, PluginError> {
    fields
        .iter()
        .find(|(name, _)| *name == change.field)
        .map(|(_, form)| *form)
        .ok_or_else(|| {
            let known: Vec<_> = fields.iter().map(|(name, _)| *name).collect();
            PluginError::invalid_request(format!(
                "field `{}.{}` cannot be rectified; fields that can: {}",
                change.table,
                change.field,
                known.join(", ")
            ))
        })
}

/// A change naming a record must name one of the subject's.
fn check_key(change: &Change, is_subjects: impl Fn(&str) -> bool) -> Result<(), PluginError> {
    match &change.key {
        Some(key) if !is_subjects(key) => Err(PluginError::invalid_request(format!(
            "record `{key}` in `{}` is not one of the subject's records",
            change.table
        ))),
        _ => Ok(()),
    }
}

/// Sets one field through the record's JSON form, so the value is checked
/// by the same rules that read the file. Returns whether it changed. The
/// error names the field and the expected form, never the value, which is
/// personal data.
fn set_field<T: Serialize + DeserializeOwned + PartialEq>(
    record: &mut T,
    change: &Change,
    form: &str,
) -> Result<bool, PluginError> {
    let mut json =
        serde_json::to_value(&*record).map_err(|e| PluginError::internal(e.to_string()))?;
    if let Some(object) = json.as_object_mut() {
        object.insert(change.field.clone(), change.value.clone());
    }
    let updated: T = serde_json::from_value(json).map_err(|_| {
        PluginError::invalid_request(format!(
            "the new value of `{}.{}` must be {form}",
            change.table, change.field
        ))
    })?;
    if updated == *record {
        return Ok(false);
    }
    *record = updated;
    Ok(true)
}
