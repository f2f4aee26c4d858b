//! The erasure ledger (issue 16, point 4): erasures that survive a backup
//! restore.
//!
//! A school that restores a system from last week's backup brings back
//! every pupil erased since. So each carried-out erasure leaves a minimal,
//! pseudonymised entry, written by the executor in the same transaction as
//! the action's result: the plugin, the subject's key there (`pupils:17`),
//! the records erased by the plugin's own keys, and keyed hashes of the
//! identifiers the plugin held just before ([`hash`]). `dsrd erasures
//! replay --plugin NAME --since DATE` ([`replay`]) then asks the plugin to
//! erase those records again, after checking that the records at those
//! keys still belong to the person the entry recorded — a restore into a
//! renumbered table must not erase someone else.
//!
//! Not yet: finding the person at a *new* key after such a restore. The
//! hashes would recognise them, but only the plugin can search its rows,
//! so it would need the ledger key (or a per-plugin key derived from it)
//! and a "locate by keyed hash" operation in the plugin API; until then
//! the replay names the entry and leaves it to the officer.
//!
//! # The key
//! The hashes are HMAC-SHA256 under a key derived (HKDF-SHA256) from the
//! ledger's own key, which lives where the package master key does:
//! outside the store and the configuration file, in the environment
//! (`ledger.key_env`, `DSRD_LEDGER_KEY`) or a key file (`ledger.key_file`).
//! A key of its own rather than the package key: a package lives for days
//! and its key may be replaced at any time, while the ledger must
//! recognise a person for as long as any backup could be restored (years);
//! and a copy of one key opens nothing of the other.
//!
//! Without the key no entry can be written, and an erasure without its
//! entry would silently come back with the next restore; so the executor
//! does not carry out an erasure until the key is in place (the action is
//! retried, then goes to the officer, saying so), and `dsrd check` warns.
//! Replacing the key leaves older entries under the old key's id: a replay
//! says so and leaves them alone, since their person cannot be recognised.

pub mod hash;
pub mod replay;

pub use hash::{same_person, HashKind, IdentifierHash, LedgerKey};
pub use replay::{replay, EntryOutcome, Replay, ReplayError, Verdict};

use crate::execute::ActionResult;
use crate::identity::Candidate;
use crate::store::NewLedgerEntry;
use dsrd_plugin_api::{EraseMode, LocateResult, LocatedPerson, Scope};

/// Whose identifiers an entry hashes: the person `person` as the plugin's
/// `locate` found them just before the call (`located`) — what this system
/// holds, which is what a replay will compare with. For a result of
/// [`ActionResult::AlreadyDone`] (an earlier attempt erased them and was
/// cut off by a stop before its result was recorded) that `locate` saw the
/// records already anonymised or gone, so the case's identified subject
/// (`case_subject`, as all systems knew them when the identity was
/// checked) stands in.
pub fn identifiers_of(
    person: &str,
    result: &ActionResult,
    located: &LocateResult,
    case_subject: Option<&Candidate>,
) -> LocatedPerson {
    if let (ActionResult::AlreadyDone { .. }, Some(subject)) = (result, case_subject) {
        return LocatedPerson {
            key: person.to_owned(),
            names: subject.names.clone(),
            date_of_birth: subject.date_of_birth,
            emails: subject.emails.clone(),
            ..LocatedPerson::default()
        };
    }
    located.person(person).cloned().unwrap_or_default()
}

/// The entry for an erasure of `person` in `plugin` that ended in
/// `result`, with `identifiers` (see [`identifiers_of`]) hashed under
/// `key`. `None` for a result that erased nothing the ledger could name.
pub fn entry_for(
    plugin: &str,
    person: &str,
    mode: EraseMode,
    result: &ActionResult,
    identifiers: &LocatedPerson,
    key: &LedgerKey,
) -> Option<NewLedgerEntry> {
    let scope = match result {
        ActionResult::Changed { report, .. } => Scope::from_report(report),
        ActionResult::AlreadyDone { scope, .. } => scope.clone(),
        ActionResult::Exported { .. } | ActionResult::Sealed { .. } => return None,
    };
    if scope.is_empty() {
        return None;
    }
    Some(NewLedgerEntry {
        plugin: plugin.to_owned(),
        person: person.to_owned(),
        mode,
        scope,
        identifiers: key.hashes_of(identifiers),
        key_id: key.id(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::MasterKey;
    use chrono::NaiveDate;
    use dsrd_plugin_api::{ChangeReport, ExportResult};

    fn key() -> LedgerKey {
        LedgerKey::from_master(&MasterKey::from_bytes([3; 32]))
    }

    fn lotte(names: &[&str]) -> LocatedPerson {
        LocatedPerson {
            key: "pupils:9001".into(),
            names: names.iter().map(|n| n.to_string()).collect(),
            date_of_birth: NaiveDate::from_ymd_opt(2017, 5, 1),
            emails: vec!["lotte@leerling.example".into()],
            ..LocatedPerson::default()
        }
    }

    fn changed() -> ActionResult {
        let mut report = ChangeReport::new(false);
        report.record("pupils", "9001", &["first_name"]);
        report.record("care_note_attachments", "9001", &[]);
        ActionResult::Changed {
            report,
            recipients: vec![],
        }
    }

    fn already_done() -> ActionResult {
        let mut scope = Scope::default();
        scope.insert("pupils", "9001");
        ActionResult::AlreadyDone {
            scope,
            summary: Default::default(),
            retained: vec![],
            recipients: vec![],
        }
    }

    #[test]
    fn an_erasure_records_the_records_it_changed_and_the_hashes_only() {
        let entry = entry_for(
            "sql",
            "pupils:9001",
            EraseMode::Anonymise,
            &changed(),
            &lotte(&["Lotte Bakker"]),
            &key(),
        )
        .unwrap();
        assert_eq!(entry.scope.len(), 2);
        assert!(entry.scope.contains("care_note_attachments", "9001"));
        assert_eq!(
            entry.identifiers,
            key().hashes_of(&lotte(&["Lotte Bakker"]))
        );
        assert_eq!(entry.key_id, key().id());
        let export = ActionResult::Exported {
            export: ExportResult::default(),
        };
        let none = |result| entry_for("sql", "p", EraseMode::Delete, &result, &lotte(&[]), &key());
        assert!(none(export).is_none(), "an export leaves no entry");
        assert!(
            none(ActionResult::Changed {
                report: ChangeReport::new(false),
                recipients: vec![]
            })
            .is_none(),
            "nothing erased, nothing to replay"
        );
    }

    #[test]
    fn an_erasure_found_done_already_takes_the_identifiers_from_the_case() {
        let anonymised = LocateResult {
            persons: vec![LocatedPerson {
                key: "pupils:9001".into(),
                names: vec!["[anonymised]".into()],
                date_of_birth: NaiveDate::from_ymd_opt(1900, 1, 1),
                ..LocatedPerson::default()
            }],
            ..LocateResult::default()
        };
        let subject = Candidate {
            on_file: vec![],
            kind: Default::default(),
            names: vec!["Lotte Bakker".into()],
            date_of_birth: NaiveDate::from_ymd_opt(2017, 5, 1),
            emails: vec!["lotte@leerling.example".into()],
            guardians: vec![],
            is_requester: false,
            guardian_link: None,
            letter_match: None,
            fits: vec![],
            contradicts: vec![],
        };

        let after_a_stop =
            identifiers_of("pupils:9001", &already_done(), &anonymised, Some(&subject));
        let first_time = identifiers_of("pupils:9001", &changed(), &anonymised, Some(&subject));

        assert_eq!(
            key().hashes_of(&after_a_stop),
            key().hashes_of(&lotte(&["Lotte Bakker"]))
        );
        assert_eq!(first_time.names, ["[anonymised]"], "what the system held");
        assert_eq!(
            identifiers_of("pupils:9001", &already_done(), &anonymised, None).names,
            ["[anonymised]"],
            "without a case subject, what the system holds"
        );
    }
}
