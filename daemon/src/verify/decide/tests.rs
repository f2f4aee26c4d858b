//! The one rule of the code that must never bend: it goes only to an
//! address on file of someone who may act for the subject.

use super::*;
use crate::case::{CaseDeadline, CaseRef, DeadlineRules};
use crate::classify::Language;
use crate::deadline::{Calendar, IdentitySettings, Policy, WaitMode};
use crate::identity::{Candidate, GuardianOnFile, MinorRightsModel, Outcome};
use chrono::TimeZone;
use dsrd_plugin_api::PersonKind;

const STRANGER: &str = "iemand@elders.example";
const GUARDIAN: &str = "sanne@example.nl";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn ctx() -> StepContext {
    StepContext {
        organisation: Organisation {
            name: "Stichting Testscholen".into(),
            reply_address: EmailAddress::parse("avg@testscholen.example").unwrap(),
            reference_prefix: "AVG".into(),
            time_zone: chrono_tz::Europe::Amsterdam,
            default_language: Lang::Nl,
        },
        letters: Letters::builtin(),
        identity: IdentityConfig::default(),
        model: MinorRightsModel::Reglement,
        bestuursorgaan: false,
    }
}

/// A request from a stranger naming a pupil of 9 whose one guardian (with
/// authority) has an address on file.
fn case() -> CaseSnapshot {
    let received = now();
    let pupil = Candidate {
        on_file: vec![],
        kind: PersonKind::Pupil,
        names: vec!["Lotte Bakker".into()],
        date_of_birth: chrono::NaiveDate::from_ymd_opt(2017, 5, 1),
        emails: vec!["lotte@leerling.example".into()],
        guardians: vec![GuardianOnFile {
            on_file: vec![],
            names: vec!["Sanne Bakker".into()],
            emails: vec![GUARDIAN.into()],
            authority: Some(true),
        }],
        is_requester: false,
        guardian_link: None,
        letter_match: None,
        fits: vec![],
        contradicts: vec![],
    };
    let finding = Finding {
        answers: vec![],
        requester: vec![],
        candidates: vec![pupil],
        outcome: Outcome::NotFound {
            requester_known: false,
            subject: Some(0),
            code_to: vec![GUARDIAN.into()],
        },
        complete: true,
    };
    CaseSnapshot {
        reference: "AVG-2026-0007".parse::<CaseRef>().unwrap(),
        state: CaseState::AwaitingIdentity,
        received_at: received,
        requester_address: Some(EmailAddress::parse(STRANGER).unwrap()),
        requester_name: Some("Sanne".into()),
        subject: Some("Inzage".into()),
        language: Language::Nl,
        message_id: Some("req@elders.example".into()),
        request_types: vec![crate::classify::RequestType::Access],
        deadline: CaseDeadline::new(
            received,
            DeadlineRules {
                policy: Policy::four_weeks(),
                calendar: Calendar::nl_atw(),
                time_zone: chrono_tz::Europe::Amsterdam,
                identity_mode: WaitMode::Pause,
                identity_settings: IdentitySettings::default(),
            },
        ),
        classification: None,
        identity: CaseIdentity {
            finding: Some(finding),
            sender: Some(SenderAuth::Pass { by: "dmarc".into() }),
            subject: Some(0),
            ..CaseIdentity::default()
        },
        plan: None,
        actions: Vec::new(),
        reply: Default::default(),
    }
}

#[test]
fn a_code_never_goes_to_an_address_that_is_not_on_file_for_someone_who_may_act() {
    let case = case();
    // Under the reglement a pupil of 9 may not act: not even her own
    // address on file may get the code, and certainly not the stranger's.
    for to in [STRANGER, "lotte@leerling.example", "someone@else.example"] {
        let refused = code_effects(&ctx(), &case, &case.identity, 0, to, now());
        let why = refused.expect_err(to);
        assert!(why.contains(GUARDIAN), "{why}");
    }
}

#[test]
fn the_code_to_the_guardian_is_queued_hashed_with_its_wait() {
    let case = case();
    let effects = code_effects(&ctx(), &case, &case.identity, 0, "Sanne@Example.nl", now())
        .expect("the guardian's address is on file");
    let mail: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::QueueMail(m) => Some(m),
            _ => None,
        })
        .collect();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].recipient.as_str(), GUARDIAN);
    assert_eq!(mail[0].kind, MailKind::IdentityCode);
    let sent = effects.iter().find_map(|e| match e {
        Effect::Identity(IdentityChange::CodeSent(code)) => Some(code),
        _ => None,
    });
    let sent = sent.expect("the code is recorded");
    assert_eq!(sent.to, GUARDIAN);
    let body = String::from_utf8_lossy(&mail[0].raw).into_owned();
    assert!(
        !body.contains(&sent.record.hash),
        "the mail carries the code, the store its hash"
    );
    let wait = effects.iter().find_map(|e| match e {
        Effect::SetDeadline(d) => d.identity_wait.clone(),
        _ => None,
    });
    assert!(
        wait.is_some_and(|w| w.answered.is_none()),
        "the identity wait starts"
    );
}

#[test]
fn a_second_address_on_file_makes_the_officer_pick() {
    let mut case = case();
    if let Some(finding) = case.identity.finding.as_mut() {
        finding.candidates[0].guardians.push(GuardianOnFile {
            on_file: vec![],
            names: vec!["Piet Bakker".into()],
            emails: vec!["piet@example.nl".into()],
            authority: Some(true),
        });
    }
    let update = step_effects(&ctx(), &case, None, now()).unwrap();
    assert!(update.mail().next().is_none(), "no code yet: {update:?}");
    assert!(update.effects.iter().any(|e| matches!(
        e,
        Effect::Event { detail: Some(d), .. } if d.contains("--send-code --to")
    )));
}
