//! The plugin itself: settings, manifest, and the read-only operations.

use crate::data::{Contacts, Person, Role, CONTACT_MOMENTS, DISCLOSURES, PEOPLE};
use crate::settings::Settings;
use crate::{changes, export, fixture, matching, SYSTEM};
use chrono::{DateTime, Utc};
use dsrd_plugin_api::{
    parse_settings, Capability, Change, ChangeReport, DataCategory, EraseMode, ExportResult,
    IdentifierKind, LocateResult, LocatedPerson, LocatedRecord, Manifest, MatchStrength, Operation,
    PersonKind, Plugin, PluginError, PurgeReport, Recipient, RecordRef, Scope, Subject,
};

/// A school's contacts file, as a dsrd plugin.
#[derive(Debug)]
pub struct SchoolContacts {
    settings: Settings,
}

impl SchoolContacts {
    /// Reads the file afresh for every operation, so edits made by the
    /// school in between are seen and no stale copy is ever written back.
    fn load(&self, operation: Operation) -> Result<Contacts, PluginError> {
        self.settings.trigger_fault(operation);
        Contacts::load(&self.settings.data_file)
    }

    /// Writes the file after a real run that changed something. With a
    /// scope, the changes made to the in-memory copy are first compared
    /// with it: on drift the copy is dropped unwritten, so nothing changes.
    fn store(
        &self,
        operation: Operation,
        contacts: &Contacts,
        report: &ChangeReport,
        scope: Option<&Scope>,
        dry_run: bool,
    ) -> Result<(), PluginError> {
        if let Some(scope) = scope.filter(|_| !self.settings.ignores_scope(operation)) {
            scope.check(report)?;
        }
        if dry_run || report.is_empty() {
            return Ok(());
        }
        contacts.save(&self.settings.data_file)
    }
}

impl Plugin for SchoolContacts {
    fn new(settings: serde_json::Value) -> Result<Self, PluginError> {
        let settings: Settings = parse_settings(settings)?;
        if let Some(report) = &settings.environment_report {
            let seen: std::collections::BTreeMap<String, String> = std::env::vars().collect();
            let json =
                serde_json::to_vec(&seen).map_err(|e| PluginError::internal(e.to_string()))?;
            std::fs::write(report, json).map_err(|e| PluginError::internal(e.to_string()))?;
        }
        let path = &settings.data_file;
        if !path.exists() {
            if !settings.fixture {
                return Err(PluginError::bad_settings(format!(
                    "data_file {} does not exist; correct the path, or set fixture = true \
                     to start from demo data",
                    path.display()
                )));
            }
            fixture::write_fixture(path)?;
        }
        // Read it once now so a wrong file is a start-up error, not a
        // failure in the middle of a case.
        Contacts::load(path).map_err(|error| PluginError::bad_settings(error.to_string()))?;
        Ok(SchoolContacts { settings })
    }

    fn describe(&self) -> Manifest {
        self.settings.trigger_fault(Operation::Describe);
        Manifest {
            name: SYSTEM.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            system: "school contacts file (JSON)".into(),
            categories: vec![
                DataCategory::ContactDetails,
                DataCategory::Identification,
                DataCategory::Enrolment,
                DataCategory::Other("contact_history".into()),
            ],
            identifiers: vec![
                IdentifierKind::Email,
                IdentifierKind::StudentNumber,
                IdentifierKind::StaffNumber,
                IdentifierKind::Name,
                IdentifierKind::DateOfBirth,
                IdentifierKind::SystemId,
            ],
            operations: Operation::ALL.to_vec(),
            test_subject: self.settings.fixture.then(fixture::test_subject),
            capabilities: vec![Capability::Persons, Capability::Scope],
        }
    }

    /// People matched exactly or probably, with their contact moments and
    /// disclosures. Weak (name-only) matches are listed only when nothing
    /// stronger matched: beside a strong match they are namesakes, and
    /// showing their records would disclose other people's data. Each
    /// shown person is described too; the file records no links between
    /// people, so there are no linked persons.
    fn locate(&mut self, subject: &Subject) -> Result<LocateResult, PluginError> {
        let contacts = self.load(Operation::Locate)?;
        let found = matching::find(&contacts, subject);
        let best = found.first().map(|found| found.strength);
        let shown: Vec<_> = found
            .into_iter()
            .filter(|found| {
                Some(found.strength) == best || found.strength >= MatchStrength::Probable
            })
            .collect();
        let ambiguous = shown.len() > 1 || best == Some(MatchStrength::Weak);
        let mut records = Vec::new();
        let mut persons = Vec::new();
        for found in &shown {
            let first = records.len();
            let record = |table: &str, key: &str, label: String| LocatedRecord {
                table: table.into(),
                key: key.into(),
                label,
                matched_on: found.matched_on.clone(),
                strength: found.strength,
            };
            if let Some(person) = contacts.person(&found.person) {
                records.push(record(
                    PEOPLE,
                    &person.id,
                    person_label(person.role, &person.group),
                ));
            }
            for moment in contacts
                .contact_moments
                .iter()
                .filter(|m| m.person == found.person)
            {
                let label = format!("contact moment, {}", moment.date);
                records.push(record(CONTACT_MOMENTS, &moment.id, label));
            }
            for disclosure in contacts
                .disclosures
                .iter()
                .filter(|d| d.person == found.person)
            {
                let label = format!(
                    "disclosure to {}, {}",
                    disclosure.recipient, disclosure.date
                );
                records.push(record(DISCLOSURES, &disclosure.id, label));
            }
            if let Some(person) = contacts.person(&found.person) {
                let own = records[first..]
                    .iter()
                    .map(|r: &LocatedRecord| RecordRef::new(r.table.as_str(), r.key.as_str()))
                    .collect();
                persons.push(located_person(person, found, own));
            }
        }
        Ok(LocateResult {
            records,
            ambiguous,
            persons,
        })
    }

    fn export(&mut self, subject: &Subject) -> Result<ExportResult, PluginError> {
        let contacts = self.load(Operation::Export)?;
        Ok(match matching::resolve(&contacts, subject)? {
            Some(person) => export::export(&contacts, &person),
            None => ExportResult::default(),
        })
    }

    fn rectify(
        &mut self,
        subject: &Subject,
        requested: &[Change],
        scope: Option<&Scope>,
        dry_run: bool,
    ) -> Result<ChangeReport, PluginError> {
        let mut contacts = self.load(Operation::Rectify)?;
        let report = match matching::resolve(&contacts, subject)? {
            Some(person) => changes::rectify(&mut contacts, &person, requested, dry_run)?,
            None => ChangeReport::new(dry_run),
        };
        self.store(Operation::Rectify, &contacts, &report, scope, dry_run)?;
        Ok(report)
    }

    fn restrict(
        &mut self,
        subject: &Subject,
        on: bool,
        scope: Option<&Scope>,
        dry_run: bool,
    ) -> Result<ChangeReport, PluginError> {
        let mut contacts = self.load(Operation::Restrict)?;
        let report = match matching::resolve(&contacts, subject)? {
            Some(person) => changes::restrict(&mut contacts, &person, on, dry_run),
            None => ChangeReport::new(dry_run),
        };
        self.store(Operation::Restrict, &contacts, &report, scope, dry_run)?;
        Ok(report)
    }

    fn erase(
        &mut self,
        subject: &Subject,
        mode: EraseMode,
        scope: Option<&Scope>,
        dry_run: bool,
    ) -> Result<ChangeReport, PluginError> {
        let mut contacts = self.load(Operation::Erase)?;
        let report = match matching::resolve(&contacts, subject)? {
            Some(person) => changes::erase(&mut contacts, &person, mode, dry_run)?,
            None => ChangeReport::new(dry_run),
        };
        self.store(Operation::Erase, &contacts, &report, scope, dry_run)?;
        Ok(report)
    }

    fn recipients(&mut self, subject: &Subject) -> Result<Vec<Recipient>, PluginError> {
        let contacts = self.load(Operation::Recipients)?;
        Ok(match matching::resolve(&contacts, subject)? {
            Some(person) => export::recipients(&contacts, &person),
            None => Vec::new(),
        })
    }

    fn purge_expired(
        &mut self,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<PurgeReport, PluginError> {
        let mut contacts = self.load(Operation::PurgeExpired)?;
        let report = changes::purge(&mut contacts, now, self.settings.retention_days, dry_run);
        if !dry_run && report.total() > 0 {
            contacts.save(&self.settings.data_file)?;
        }
        Ok(report)
    }
}

/// A matched person as `locate` describes them. Contact details are given
/// only for an exact or probable match: a name-only match may be a
/// namesake, whose addresses are none of the officer's business.
fn located_person(
    person: &Person,
    found: &matching::Match,
    records: Vec<RecordRef>,
) -> LocatedPerson {
    let strong = found.strength >= MatchStrength::Probable;
    let kind = match person.role {
        Role::Pupil => PersonKind::Pupil,
        Role::Guardian => PersonKind::Guardian,
        Role::Staff => PersonKind::Staff,
    };
    LocatedPerson {
        key: person.id.clone(),
        kind,
        names: vec![person.name.clone()],
        date_of_birth: person.date_of_birth,
        emails: if strong {
            person.emails.clone()
        } else {
            vec![]
        },
        phones: person.phone.iter().filter(|_| strong).cloned().collect(),
        postal_addresses: person.address.iter().filter(|_| strong).cloned().collect(),
        records,
        strength: Some(found.strength),
        matched_on: found.matched_on.clone(),
        links: vec![],
    }
}

/// "pupil, group 7B": enough for the officer to tell records apart
/// without repeating the person's name.
fn person_label(role: Role, group: &Option<String>) -> String {
    let role = match role {
        Role::Pupil => "pupil",
        Role::Guardian => "guardian",
        Role::Staff => "staff",
    };
    match group {
        Some(group) => format!("{role}, group {group}"),
        None => role.to_owned(),
    }
}
