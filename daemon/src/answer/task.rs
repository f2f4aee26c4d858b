//! The task letter: to the person responsible for a school system dsrd
//! cannot reach (`[[systems]]`), saying what to do there for a request.
//!
//! It carries no personal data beyond the case reference — not whom the
//! request is about, not who asked, not what the letter said — only the
//! system, the kind of request, the instructions the organisation wrote in
//! its configuration, the date and how to report it done. The facts below
//! have no field for anything else, so no template can print it. Who the
//! task is about the owner learns from the privacy officer, by the
//! reference; a mailbox is not a safe place for it.

use super::rights::right_in_words;
use super::{Letter, LetterError, LetterKind, Letters};
use crate::classify::RequestType;
use crate::lang::{long_date, Lang};
use chrono::NaiveDate;
use minijinja::Value;
use serde::Serialize;

/// What the task letter says.
#[derive(Debug, Clone)]
pub struct TaskFacts<'a> {
    /// The case reference: the only link to the case.
    pub reference: &'a str,
    /// The organisation's name.
    pub organisation: &'a str,
    /// The manual system's name (`ManualSystem::name`).
    pub system: &'a str,
    /// The system owner's name (`ManualSystem::owner`), if the letter
    /// should greet them by it.
    pub owner_name: Option<&'a str>,
    /// The kind of request the task is for; the letter writes it in words.
    pub request_type: RequestType,
    /// What to do, from the configuration
    /// (`ManualSystem::instructions_for`).
    pub instructions: &'a str,
    /// By when the task should be done.
    pub due: NaiveDate,
    /// The task's identifier, for `dsrd tasks done ID`.
    pub task_id: &'a str,
}

/// The template's fields (see [`LetterKind::fields`]).
#[derive(Serialize)]
struct Fields<'a> {
    reference: &'a str,
    organisation: &'a str,
    system: &'a str,
    owner_name: Option<&'a str>,
    request_type: &'static str,
    instructions: &'a str,
    due: String,
    task_id: &'a str,
}

fn fields(f: &TaskFacts, lang: Lang) -> Value {
    Value::from(minijinja::value::Serde(Fields {
        reference: f.reference,
        organisation: f.organisation,
        system: f.system,
        owner_name: f.owner_name.filter(|s| !s.trim().is_empty()),
        request_type: right_in_words(f.request_type, lang),
        instructions: f.instructions.trim(),
        due: long_date(f.due, lang),
        task_id: f.task_id,
    }))
}

impl Letters {
    /// Renders the task for a manual system's owner in `lang`.
    pub fn task(&self, f: &TaskFacts, lang: Lang) -> Result<Letter, LetterError> {
        self.render(LetterKind::Task, lang, fields(f, lang))
    }
}

/// The sample facts (see [`LetterKind::samples`]): an owner greeted by name
/// with an export, and one without a name with an erasure in two steps.
pub(super) fn samples(lang: Lang) -> Vec<(&'static str, Value)> {
    let (export, erase) = match lang {
        Lang::Nl => (
            "Exporteer het leerlingdossier uit ParnasSys (Leerling > Dossier > Exporteren als PDF) en zet het bestand op de beveiligde schijf van de privacyfunctionaris.",
            "1. Verwijder de aanmelding uit de wachtlijst.\n2. Leeg de prullenbak van de module Aanmelden.",
        ),
        Lang::En => (
            "Export the pupil file from ParnasSys (Pupil > File > Export as PDF) and put the file on the privacy officer's secure drive.",
            "1. Remove the registration from the waiting list.\n2. Empty the bin of the Registration module.",
        ),
    };
    let named = TaskFacts {
        reference: "AVG-2026-0004",
        organisation: "Stichting Voorbeeld",
        system: "parnassys",
        owner_name: Some("Karin Smit"),
        request_type: RequestType::Access,
        instructions: export,
        due: NaiveDate::from_ymd_opt(2026, 2, 13).expect("a date"),
        task_id: "17",
    };
    let anonymous = TaskFacts {
        system: "wachtlijst",
        owner_name: None,
        request_type: RequestType::Erasure,
        instructions: erase,
        task_id: "18",
        ..named.clone()
    };
    vec![
        ("task", fields(&named, lang)),
        ("task.anonymous", fields(&anonymous, lang)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> TaskFacts<'static> {
        TaskFacts {
            reference: "AVG-2026-0004",
            organisation: "Stichting Voorbeeld",
            system: "basispoort",
            owner_name: Some("  "),
            request_type: RequestType::Rectification,
            instructions: "\n  Pas de geboortedatum aan in Basispoort.\n",
            due: NaiveDate::from_ymd_opt(2026, 2, 13).unwrap(),
            task_id: "21",
        }
    }

    #[test]
    fn the_task_names_the_system_the_right_the_instructions_the_date_and_the_command() {
        let nl = Letters::builtin().task(&facts(), Lang::Nl).unwrap();
        assert_eq!(
            nl.subject,
            "[AVG-2026-0004] Taak in basispoort, graag uiterlijk vrijdag 13 februari 2026"
        );
        assert!(nl.body.starts_with("Beste collega,"), "{}", nl.body);
        assert!(
            nl.body.contains(
                "rectificatie: het verbeteren of aanvullen van gegevens (artikel 16 AVG)"
            ),
            "{}",
            nl.body
        );
        assert!(
            nl.body
                .contains("\n\nPas de geboortedatum aan in Basispoort.\n\n"),
            "the instructions stand on their own, trimmed: {}",
            nl.body
        );
        assert!(
            nl.body.contains("    dsrd tasks done 21 --note \"…\"\n"),
            "{}",
            nl.body
        );
        let en = Letters::builtin().task(&facts(), Lang::En).unwrap();
        assert!(en.body.starts_with("Dear colleague,"), "{}", en.body);
        assert!(en
            .body
            .contains("rectification: correcting or completing data (GDPR article 16)"));
        assert!(
            en.body.contains("by Friday 13 February 2026"),
            "{}",
            en.body
        );
    }

    #[test]
    fn no_template_can_print_whom_the_task_is_about() {
        // The fields are the whole of what the letter can say: adding one is
        // a decision about personal data, not a wording change.
        assert_eq!(
            LetterKind::Task.fields(),
            &[
                "reference",
                "organisation",
                "system",
                "owner_name",
                "request_type",
                "instructions",
                "due",
                "task_id"
            ]
        );
        let errors = Letters::with_overrides(vec![super::super::Override {
            kind: LetterKind::Task,
            lang: Lang::Nl,
            path: "letters/nl/task.txt".into(),
            source: "Subject: {{ reference }}\n\nHet gaat om {{ requester_name }}.\n".into(),
        }])
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].message.contains("has no field `requester_name`"),
            "{errors:?}"
        );
    }
}
