//! The OpenAPI schemas of what the officer's API returns, checked against
//! what serde really writes: a document with every root type among its
//! components, and real values of the main ones validated against their
//! schemas as JSON Schema 2020-12 (which OpenAPI 3.1 schemas are), with
//! `format` checked too. A field renamed in serde but not in the schema, a
//! hand-written `Serialize` whose schema says something else, or a variant
//! tagged differently fails here rather than in the API's property tests.

use crate::audit::{AuditEntry, AuditRecord, BrokenLink, ChainCheck};
use crate::case::{
    AttachmentMeta, Case, CaseClassification, CaseDeadline, CaseDetail, CaseEvent, CaseRef,
    CaseState, CaseSummary, DeadlineRules, EventKind,
};
use crate::classify::{extract, Evidence, Language, Location, RequestType};
use crate::deadline::{
    Calendar, ClosureDay, Extension, IdentitySettings, IdentityWait, Lang, Policy, WaitMode,
};
use crate::execute::LiftOutcome;
use crate::identity::code::{issue, DEFAULT_ATTEMPTS, DEFAULT_VALIDITY};
use crate::identity::{
    AnswerStatus, AnswerSummary, AttachmentRef, Candidate, CaseIdentity, Decision, DocumentSeen,
    Finding, Ground, GuardianOnFile, MailboxCopy, MinorRightsModel, OnFile, Outcome, PendingCode,
    Purpose, Relation, RemovedAttachment, SubjectKind, Verification,
};
use crate::intake::SenderAuth;
use crate::officer::{Decided, IdentityOutcome, IdentityView, NextView, PlanView, Sent};
use crate::plan::{
    build_plan, ActionId, ActionStatus, Approval, DryRun, DryRunKind, DryRunOutcome, ManualSystem,
    PersonKeys, PlanInput, Rejection, Retained, System,
};
use crate::store::{
    ActionRow, ActionState, ActiveRestriction, CaseAnswer, CasePlan, CaseReply, ExemptReason,
    LiftNotice, NoticeAbout, NoticeChannel, NoticeRow, NoticeState, PackageRow, PackageState,
    RestrictionState,
};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Amsterdam;
use dsrd_plugin_api::{
    Change, ChangeReport, EraseMode, ExportResult, ExportTable, MatchStrength, PersonKind,
    PluginError, Scope,
};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use utoipa::OpenApi;

/// Every type the officer's API returns, as its components: the CLI's
/// `--json` roots and the officer functions' results. Their parts come
/// along by themselves.
#[derive(OpenApi)]
#[openapi(components(schemas(
    Case,
    CaseSummary,
    CaseDetail,
    PlanView,
    ActionRow,
    ActiveRestriction,
    AuditEntry,
    ChainCheck,
    CaseReply,
    NoticeRow,
    IdentityView,
    Decided,
    IdentityOutcome,
    Sent,
    LiftOutcome,
    CaseState,
)))]
struct Roots;

/// The roots by name, as they must appear among the components.
const ROOTS: [&str; 16] = [
    "Case",
    "CaseSummary",
    "CaseDetail",
    "PlanView",
    "ActionRow",
    "ActiveRestriction",
    "AuditEntry",
    "ChainCheck",
    "CaseReply",
    "NoticeRow",
    "IdentityView",
    "Decided",
    "IdentityOutcome",
    "Sent",
    "LiftOutcome",
    "CaseState",
];

const COMPONENTS: &str = "#/components/schemas/";

fn document() -> Value {
    serde_json::to_value(Roots::openapi()).expect("an OpenAPI document serialises")
}

/// Every `$ref` in `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// Points the document's `#/components/schemas/X` at `#/$defs/X`.
fn to_defs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) if r.starts_with(COMPONENTS) => {
                        *r = format!("#/$defs/{}", &r[COMPONENTS.len()..]);
                    }
                    (_, v) => to_defs(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(to_defs),
        _ => {}
    }
}

/// The component `root` as a JSON Schema 2020-12 document, every other
/// component beside it under `$defs`.
fn json_schema(root: &str) -> Value {
    let mut defs = document()["components"]["schemas"].clone();
    to_defs(&mut defs);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": defs,
        "$ref": format!("#/$defs/{root}"),
    })
}

/// Why `value`, serialised, does not match the schema of `root` (empty when
/// it does).
fn errors<T: Serialize>(root: &str, value: &T) -> Vec<String> {
    let schema = json_schema(root);
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the schema of {root} does not compile: {e}"));
    let instance = serde_json::to_value(value).expect("the value serialises");
    validator
        .iter_errors(&instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn assert_matches<T: Serialize>(root: &str, value: &T) {
    let errors = errors(root, value);
    assert!(
        errors.is_empty(),
        "{root} does not match its schema: {errors:#?}\n{:#}",
        serde_json::to_value(value).unwrap()
    );
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn reference() -> CaseRef {
    CaseRef::new("AVG", 2026, 12).unwrap()
}

fn event(when: &str, kind: EventKind, from: Option<CaseState>, to: Option<CaseState>) -> CaseEvent {
    CaseEvent {
        at: at(when),
        actor: "system".into(),
        kind,
        from_state: from,
        to_state: to,
        detail: Some("detail".into()),
    }
}

/// A guardian's request for a pupil, found in one system (the other
/// failed), verified in person.
fn finding() -> Finding {
    let guardian = OnFile {
        plugin: "sql".into(),
        key: "guardians:3".into(),
        kind: PersonKind::Guardian,
    };
    let authority = Relation::Guardian {
        authority: Some(true),
    };
    Finding {
        answers: vec![
            AnswerSummary {
                plugin: "sql".into(),
                purpose: Purpose::Requester,
                status: AnswerStatus::Answered {
                    records: 2,
                    persons: 2,
                    ambiguous: false,
                },
            },
            AnswerSummary {
                plugin: "files".into(),
                purpose: Purpose::Letter,
                status: AnswerStatus::Failed {
                    error: PluginError::backend_unavailable("timed out"),
                },
            },
            AnswerSummary {
                plugin: "las".into(),
                purpose: Purpose::Letter,
                status: AnswerStatus::Unsupported,
            },
        ],
        requester: vec![guardian.clone()],
        candidates: vec![Candidate {
            on_file: vec![OnFile {
                plugin: "sql".into(),
                key: "pupils:17".into(),
                kind: PersonKind::Pupil,
            }],
            kind: PersonKind::Pupil,
            names: vec!["Daan de Vries".into()],
            date_of_birth: NaiveDate::from_ymd_opt(2016, 5, 4),
            emails: vec![],
            guardians: vec![GuardianOnFile {
                on_file: vec![guardian],
                names: vec!["Sanne de Vries".into()],
                emails: vec!["sanne.de.vries@example.org".into()],
                authority: Some(true),
            }],
            is_requester: false,
            guardian_link: Some(authority),
            letter_match: Some(MatchStrength::Exact),
            fits: vec![Ground::FullName, Ground::StudentNumber],
            contradicts: vec![],
        }],
        outcome: Outcome::Identified {
            subject: 0,
            relation: authority,
            how: vec![Ground::AddressOnFile, Ground::FullName],
            kind: SubjectKind::Pupil { age: Some(9) },
            decision: Decision::MayAct {
                capacity: crate::identity::Capacity::LegalRepresentative,
            },
            complete: false,
        },
        complete: false,
    }
}

fn identity(received: NaiveDate) -> CaseIdentity {
    let finding = finding();
    let verified = Verification::in_person(
        &finding,
        0,
        DocumentSeen::IdCard,
        "Fatima el Amrani",
        Some("aan de balie"),
        received,
        MinorRightsModel::Reglement,
        at("2026-03-04T10:00:00Z"),
    )
    .expect("a guardian with authority may act for a pupil of nine");
    CaseIdentity {
        finding: Some(finding),
        sender: Some(SenderAuth::Pass {
            by: "mx.school.example".into(),
        }),
        subject: Some(0),
        code: Some(PendingCode {
            record: issue(
                at("2026-03-03T08:00:00Z"),
                DEFAULT_VALIDITY,
                DEFAULT_ATTEMPTS,
            )
            .record,
            to: "sanne.de.vries@example.org".into(),
            subject: 0,
            sent_at: at("2026-03-03T08:00:00Z"),
            reminded_at: None,
        }),
        verification: Some(verified),
        messages_seen: 3,
        evidence: vec![AttachmentRef {
            message: 1,
            part: "2".into(),
        }],
        removed: vec![RemovedAttachment {
            at: AttachmentRef {
                message: 1,
                part: "1.3".into(),
            },
            file_name: Some("paspoort.jpg".into()),
            content_type: "image/jpeg".into(),
            size: 48_213,
            sha256: "ab".repeat(32),
            removed_at: at("2026-03-04T10:05:00Z"),
            mailbox_copy: MailboxCopy::Failed {
                why: "the mailbox is gone".into(),
            },
        }],
        attachments_reviewed: true,
        swept_up_to: 3,
    }
}

/// A case with something in every part: a deadline with an extension and
/// an identity wait, the classifier's evidence and extraction, an identity
/// verified in person, attachments and events.
fn case() -> Case {
    let received = at("2026-03-02T09:15:00Z");
    let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    let rules = DeadlineRules {
        policy: Policy::four_weeks(),
        calendar: Calendar::nl_atw()
            .with_good_friday(true)
            .with_closures([ClosureDay {
                date: NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
                name: Some("studiedag".into()),
            }]),
        time_zone: Amsterdam,
        identity_mode: WaitMode::Pause,
        identity_settings: IdentitySettings::default(),
    };
    let mut deadline = CaseDeadline::new(received, rules);
    deadline.identity_wait = Some(IdentityWait {
        asked: at("2026-03-03T08:00:00Z").fixed_offset(),
        answered: Some(at("2026-03-04T10:00:00Z").fixed_offset()),
        mode: WaitMode::Pause,
    });
    deadline.extensions.push(Extension::weeks(
        at("2026-03-09T12:00:00Z").fixed_offset(),
        2,
    ));
    // Too late: kept as a rejected extension with its reason.
    deadline.extensions.push(Extension::statutory(
        at("2026-09-01T12:00:00Z").fixed_offset(),
    ));
    deadline.recompute(received, today);
    let subject = "Inzageverzoek leerling";
    let body = "Beste school,\n\nNamens mijn zoon Daan de Vries, geboren op 04-05-2016, \
                groep 6, leerlingnummer 99812, vraag ik inzage in zijn gegevens en daarna \
                verwijdering.\n\nMet vriendelijke groet,\nSanne de Vries";
    let classification = CaseClassification {
        primary: RequestType::Access,
        types: vec![RequestType::Access, RequestType::Erasure],
        confidence: 0.875,
        language: Language::Nl,
        evidence: vec![Evidence {
            request_type: RequestType::Access,
            phrase: "inzage".into(),
            location: Location::Subject,
            weight: 2.5,
        }],
        extraction: extract(subject, body, Language::Nl),
        overridden_by: Some("Fatima el Amrani".into()),
    };
    Case {
        reference: reference(),
        state: CaseState::AwaitingApproval,
        received_at: received,
        requester_address: Some(
            crate::address::EmailAddress::parse("Sanne.de.Vries@Example.org").unwrap(),
        ),
        requester_name: Some("Sanne de Vries".into()),
        subject: Some(subject.into()),
        body_text: body.into(),
        language: Language::Nl,
        request_types: classification.types.clone(),
        due_date: Some(deadline.computed.due),
        deadline: Some(deadline),
        classification: Some(classification),
        triage_reason: None,
        attachments: vec![AttachmentMeta {
            file_name: Some("paspoort.jpg".into()),
            content_type: "image/jpeg".into(),
            size: 48_213,
        }],
        identity: identity(received.date_naive()),
        events: vec![
            event(
                "2026-03-02T09:15:00Z",
                EventKind::Received,
                None,
                Some(CaseState::Received),
            ),
            event(
                "2026-03-02T09:15:01Z",
                EventKind::Transition,
                Some(CaseState::Received),
                Some(CaseState::AwaitingIdentity),
            ),
            event(
                "2026-03-04T10:00:00Z",
                EventKind::IdentityVerified,
                Some(CaseState::AwaitingIdentity),
                Some(CaseState::AwaitingApproval),
            ),
        ],
        reduced: None,
    }
}

/// A plan for access, erasure, rectification and an objection: the `sql`
/// plugin's dry runs, a failed `files` plugin, a manual `las`.
fn plan_view() -> PlanView {
    let mut report = ChangeReport::new(true);
    report.record("pupils", "17", &["phone"]);
    let changed = |records: &[(&str, &str)]| {
        let mut report = ChangeReport::new(true);
        for (table, key) in records {
            report.record(table, key, &[]);
        }
        DryRunOutcome::Ran(DryRun::Change {
            report,
            retained: vec![Retained {
                table: "absences".into(),
                keys: vec!["9".into()],
                ground: "verzuim: 5 jaar na uitschrijving".into(),
                until: NaiveDate::from_ymd_opt(2031, 8, 1),
            }],
        })
    };
    let mut export = ExportResult::default();
    let mut table = ExportTable::new("care_notes", &["author_id", "text"]);
    table.rows.push(vec![json!(4), json!("x")]);
    export.tables.push(table);
    let mut subject = PersonKeys::default();
    subject.insert("sql", "pupils:17");
    let plan = build_plan(PlanInput {
        case: reference(),
        request_types: vec![
            RequestType::Access,
            RequestType::Erasure,
            RequestType::Rectification,
            RequestType::Objection,
        ],
        subject,
        dry_runs: BTreeMap::from([
            (
                "sql".to_owned(),
                BTreeMap::from([
                    (
                        DryRunKind::Export,
                        DryRunOutcome::Ran(DryRun::Export(export)),
                    ),
                    (DryRunKind::Erase, changed(&[("pupils", "17")])),
                    (DryRunKind::Restrict, changed(&[("pupils", "17")])),
                    (
                        DryRunKind::Rectify,
                        DryRunOutcome::Ran(DryRun::Change {
                            report,
                            retained: vec![],
                        }),
                    ),
                ]),
            ),
            (
                "files".to_owned(),
                BTreeMap::from([
                    (
                        DryRunKind::Export,
                        DryRunOutcome::Failed("timed out".into()),
                    ),
                    (DryRunKind::Erase, DryRunOutcome::Unsupported),
                ]),
            ),
        ]),
        changes: BTreeMap::from([(
            "sql".to_owned(),
            vec![Change {
                table: "pupils".into(),
                field: "phone".into(),
                value: json!("0612345678"),
                key: Some("17".into()),
            }],
        )]),
        erase_mode: EraseMode::Anonymise,
        manual: vec![ManualSystem {
            name: "las".into(),
            instructions: BTreeMap::from([(
                RequestType::Access,
                "Exporteer het dossier".to_owned(),
            )]),
        }],
        special_tables: ["care_notes".to_owned()].into(),
        made_at: at("2026-03-04T11:00:00Z"),
    });
    assert!(
        plan.actions.len() >= 5 && !plan.failures.is_empty() && !plan.untouched.is_empty(),
        "the plan should have every part: {plan:#?}"
    );
    let first = plan.actions[0].id.clone();
    let second = plan.actions[1].id.clone();
    let approvals = vec![Approval {
        action: first.clone(),
        officer: "Fatima el Amrani".into(),
        fingerprint: plan.fingerprint.clone(),
        at: at("2026-03-04T12:00:00Z"),
    }];
    let rejections = vec![Rejection {
        action: second,
        officer: "Jan Bakker".into(),
        reason: "wettelijke bewaarplicht".into(),
        fingerprint: plan.fingerprint.clone(),
        at: at("2026-03-04T12:05:00Z"),
    }];
    let row = task(plan.actions[0].clone());
    PlanView::new(
        CasePlan {
            plan,
            approvals,
            rejections,
        },
        vec![row],
        true,
        &config(),
    )
}

/// A configuration whose register withholds a column of `care_notes`.
fn config() -> crate::config::Config {
    let text = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n\
        [outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n\
        [[plugins]]\nname = \"sql\"\nbuiltin = \"sql\"\n\
        [[officers]]\nname = \"Fatima el Amrani\"\naddress = \"fa@s.example\"\nrole = \"officer\"\n\
        [[register]]\nsystem = \"sql\"\nname = \"Leerlingadministratie\"\npurposes = [\"onderwijs\"]\n\
        redact = [{ table = \"care_notes\", column = \"author_id\", reason = \"andermans gegeven\" }]\n";
    crate::config::parse(Path::new("/etc/dsrd/dsrd.toml"), text, &|_| None)
        .unwrap()
        .config
}

/// A row of `action` being carried out, as `tasks list` and `cases
/// actions` print it.
fn task(action: crate::plan::PlannedAction) -> ActionRow {
    ActionRow {
        id: 7,
        case: reference(),
        action: action.id.clone(),
        spec: action,
        state: ActionState::Done,
        attempts: 1,
        next_attempt_at: at("2026-03-04T12:10:00Z"),
        result: Some(json!({ "result": "sealed", "records": 4 })),
        error: Some("once: timed out".into()),
        note: None,
    }
}

#[test]
fn every_root_is_a_component_and_every_reference_resolves() {
    let doc = document();
    let components = doc["components"]["schemas"]
        .as_object()
        .expect("the document has components");
    for root in ROOTS {
        assert!(components.contains_key(root), "{root} is not a component");
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r
            .strip_prefix(COMPONENTS)
            .unwrap_or_else(|| panic!("{r} is not a component reference"));
        assert!(components.contains_key(name), "{r} points nowhere");
    }
}

#[test]
fn a_case_with_classification_identity_and_events_matches_its_schema() {
    let case = case();
    let extraction = &case.classification.as_ref().unwrap().extraction;
    assert!(extraction.student_number.is_some() && extraction.subject_birth_date.is_some());
    assert_matches("Case", &case);

    let detail = CaseDetail::new(case.clone(), Lang::Nl, Amsterdam);
    assert!(detail.due_explanation.is_some());
    assert_matches("CaseDetail", &detail);

    let mut answered = case;
    answered.state = CaseState::Answered;
    answered.deadline = None;
    answered.events.push(event(
        "2026-03-20T10:00:00Z",
        EventKind::Transition,
        Some(CaseState::Executing),
        Some(CaseState::Answered),
    ));
    let detail = CaseDetail::new(answered, Lang::En, Amsterdam);
    assert!(detail.answered.is_some() && detail.statutory_due.is_none());
    assert_matches("CaseDetail", &detail);
}

#[test]
fn a_case_summary_matches_its_schema() {
    let summary = CaseSummary {
        reference: reference(),
        state: CaseState::NeedsTriage,
        received_at: at("2026-03-02T09:15:00Z"),
        due_date: NaiveDate::from_ymd_opt(2026, 3, 30),
        request_types: vec![RequestType::AutomatedDecision, RequestType::WithdrawConsent],
        language: Language::De,
    };
    assert_matches("CaseSummary", &summary);
    assert_matches(
        "CaseSummary",
        &CaseSummary {
            due_date: None,
            request_types: vec![],
            ..summary
        },
    );
}

#[test]
fn a_plan_view_matches_its_schema() {
    let view = plan_view();
    assert!(!view.withheld.is_empty(), "the export withholds author_id");
    assert!(!view.approvals.is_empty() && !view.rejections.is_empty());
    assert_matches("PlanView", &view);
}

#[test]
fn a_task_and_a_restriction_match_their_schemas() {
    let view = plan_view();
    let manual = view
        .plan
        .actions
        .iter()
        .find(|a| matches!(a.system, System::Manual(_)))
        .expect("the las task")
        .clone();
    let mut row = task(manual);
    row.state = ActionState::Pending;
    row.result = None;
    assert_matches("ActionRow", &row);

    let mut scope = Scope::default();
    scope.insert("pupils", "17");
    let restriction = ActiveRestriction {
        id: 1,
        case: reference(),
        action: ActionId::parse("A3").unwrap(),
        plugin: "sql".into(),
        since: at("2026-03-05T09:00:00Z"),
        records: 1,
        scope,
        person_key: "pupils:17".into(),
        state: RestrictionState::Announced,
        lift: Some(LiftNotice {
            announced_at: at("2026-04-01T09:00:00Z"),
            by: "Fatima el Amrani".into(),
            reason: "bezwaar afgewezen".into(),
            on: NaiveDate::from_ymd_opt(2026, 4, 8).unwrap(),
            from: at("2026-04-07T22:00:00Z"),
            attempts: 0,
        }),
        error: None,
    };
    assert_matches("ActiveRestriction", &restriction);
}

#[test]
fn an_audit_entry_and_a_chain_check_match_their_schemas() {
    let record = |detail: &str| AuditRecord {
        seq: 4,
        at: "2026-03-02T09:15:00.123456+00:00".into(),
        actor: "officer:Fatima el Amrani".into(),
        action: "case.received".into(),
        case_ref: Some("AVG-2026-0012".into()),
        detail: detail.into(),
        prev_hash: "00".repeat(32),
        hash: "ff".repeat(32),
    };
    assert_matches("AuditEntry", &AuditEntry::of(&record(r#"{"n":1}"#)));
    let written_by_hand = AuditEntry::of(&AuditRecord {
        case_ref: None,
        ..record("not json")
    });
    assert_eq!(written_by_hand.detail, json!("not json"));
    assert_matches("AuditEntry", &written_by_hand);

    assert_matches("ChainCheck", &ChainCheck::of(&Ok(4), 4));
    let broken = Err(BrokenLink {
        seq: 3,
        reason: "hash mismatch".into(),
    });
    assert_matches("ChainCheck", &ChainCheck::of(&broken, 4));
}

#[test]
fn a_reply_an_identity_view_and_the_officers_results_match_their_schemas() {
    let notice = NoticeRow {
        id: 1,
        recipient: "DUO".into(),
        channel: NoticeChannel::Task,
        address: None,
        about: vec![NoticeAbout {
            action: ActionId::parse("A2").unwrap(),
            kind: "erase".into(),
            system: "sql".into(),
        }],
        state: NoticeState::Exempt,
        exempt_reason: Some(ExemptReason::Disproportionate),
        note: Some("portaal".into()),
        settled_by: Some("Fatima el Amrani".into()),
        recorded_at: at("2026-03-05T09:00:00Z"),
        settled_at: Some(at("2026-03-06T09:00:00Z")),
    };
    let reply = CaseReply {
        answer: Some(CaseAnswer {
            lang: "nl".into(),
            subject: "Uw verzoek".into(),
            body: "Beste Sanne, [[download-link]]".into(),
            drafted_at: at("2026-03-06T10:00:00Z"),
            edited: Some(("Fatima el Amrani".into(), at("2026-03-06T11:00:00Z"))),
            sent_at: None,
        }),
        packages: vec![PackageRow {
            id: 1,
            case: reference(),
            language: Language::Nl,
            file: "AVG-2026-0012.zip.enc".into(),
            wrapped_key: Some(vec![1, 2, 3]),
            sha256: "cd".repeat(32),
            size: 2048,
            records: 4,
            manifest: json!({ "tables": [{ "name": "pupils", "records": 1 }] }),
            state: PackageState::Expired,
            expires_at: Some(at("2026-03-20T10:00:00Z")),
            code_attempts: 1,
            downloaded_at: None,
            deleted: Some((at("2026-03-21T10:00:00Z"), "expired".into())),
            made_at: at("2026-03-06T10:00:00Z"),
        }],
        notices: vec![notice.clone()],
    };
    assert_matches("CaseReply", &reply);
    assert_matches("CaseReply", &CaseReply::default());
    assert_matches("NoticeRow", &notice);

    let case = case();
    let attachments = crate::officer::AttachmentView::survey(
        1,
        b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\
          Content-Type: text/plain\r\n\r\nzie bijlage\r\n--x\r\n\
          Content-Type: image/jpeg\r\nContent-Disposition: attachment; filename=\"id.jpg\"\r\n\r\n\
          abc\r\n--x--\r\n",
    );
    assert!(attachments.iter().any(|a| a.may_be_identity_document));
    let now = at("2026-03-05T09:00:00Z");
    let view = IdentityView::new(
        &case,
        attachments,
        MinorRightsModel::Reglement,
        Amsterdam,
        now,
    );
    assert!(matches!(view.next, NextView::Verified { .. }));
    assert_matches("IdentityView", &view);
    let mut unverified = case.clone();
    unverified.identity = CaseIdentity::default();
    let view = IdentityView::new(
        &unverified,
        vec![],
        MinorRightsModel::Reglement,
        Amsterdam,
        now,
    );
    assert!(matches!(view.next, NextView::Officer(_)), "{:?}", view.next);
    assert_matches("IdentityView", &view);

    let statuses = plan_view()
        .statuses
        .into_iter()
        .map(|s| (s.action, s.status))
        .chain([(
            ActionId::parse("A9").unwrap(),
            ActionStatus::NeedsApproval { have: 1, need: 2 },
        )])
        .collect();
    assert_matches(
        "Decided",
        &Decided {
            statuses,
            executing: false,
        },
    );
    assert_matches(
        "IdentityOutcome",
        &IdentityOutcome {
            state: CaseState::AwaitingApproval,
            said: "verified in person".into(),
        },
    );
    assert_matches(
        "Sent",
        &Sent {
            state: CaseState::Answered,
            link: true,
        },
    );
    for outcome in [
        LiftOutcome::Lifted {
            summary: "1 record".into(),
        },
        LiftOutcome::Released {
            covered_by: "AVG-2026-0013:A2".into(),
        },
        LiftOutcome::Failed {
            error: "timed out".into(),
            retry_at: Some(now),
        },
        LiftOutcome::NotClaimed,
    ] {
        assert_matches("LiftOutcome", &outcome);
    }
    for state in CaseState::ALL {
        assert_matches("CaseState", &state);
    }
}

#[test]
fn a_renamed_field_or_an_unknown_state_fails_the_schema() {
    let mut value = serde_json::to_value(case()).unwrap();
    let body = value.as_object_mut().unwrap().remove("body_text").unwrap();
    value["body"] = body;
    assert!(
        !errors("Case", &value).is_empty(),
        "a missing body_text passed"
    );

    let mut value = serde_json::to_value(case()).unwrap();
    value["state"] = json!("pending");
    assert!(
        !errors("Case", &value).is_empty(),
        "an unknown state passed"
    );

    let mut value = serde_json::to_value(plan_view()).unwrap();
    value["statuses"][0]["status"]["status"] = json!("maybe");
    assert!(
        !errors("PlanView", &value).is_empty(),
        "an unknown status passed"
    );

    let mut value = serde_json::to_value(case()).unwrap();
    value["received_at"] = json!("2 maart");
    assert!(
        !errors("Case", &value).is_empty(),
        "a date-time that is none passed"
    );
}

/// The views replace JSON the CLI used to build by hand; these are those
/// old expressions, kept to show the output did not change (the CLI prints
/// each view through a `Value`, so equal values print the same bytes).
#[test]
fn the_views_are_the_json_the_cli_printed_before() {
    let case = case();
    let detail = CaseDetail::new(case.clone(), Lang::Nl, Amsterdam);
    // What changed on purpose: the waiting code's salt and hash are no
    // longer shown.
    let mut shown = case.clone();
    shown.identity = case.identity.shown();
    let mut before = serde_json::to_value(&shown).unwrap();
    let d = case.deadline.as_ref().unwrap();
    before["answered"] = json!(crate::case::Answered::of(
        &case.events,
        case.due_date,
        Amsterdam
    ));
    before["due_explanation"] = json!(d.explanation(Lang::Nl));
    before["statutory_due"] = json!(d.computed.statutory_due);
    before["extension_notice_by"] = json!(d.computed.extension_notice_by);
    assert_eq!(serde_json::to_value(&detail).unwrap(), before);
    let mut bare = shown.clone();
    bare.deadline = None;
    let mut before = serde_json::to_value(&bare).unwrap();
    before["answered"] = json!(None::<crate::case::Answered>);
    assert_eq!(
        serde_json::to_value(CaseDetail::new(bare, Lang::Nl, Amsterdam)).unwrap(),
        before
    );

    let view = plan_view();
    let config = config();
    let before = json!({
        "plan": view.plan,
        "approvals": view.approvals,
        "rejections": view.rejections,
        "statuses": crate::plan::decide(
            &view.plan,
            &view.approvals,
            &view.rejections,
            &crate::officer::policy(&config),
            true,
        )
        .iter()
        .map(|(id, s)| json!({ "action": id, "status": s }))
        .collect::<Vec<_>>(),
        "actions": view.actions,
        "withheld": view.plan.actions.iter().map(|a| json!({
            "action": a.id,
            "columns": crate::reply::withheld_by(a, &config).iter().map(|r| json!({
                "table": r.table, "column": r.column, "reason": r.reason,
            })).collect::<Vec<_>>(),
        })).filter(|w| w["columns"].as_array().is_some_and(|c| !c.is_empty())).collect::<Vec<_>>(),
    });
    assert_eq!(serde_json::to_value(&view).unwrap(), before);

    for (detail, r) in [(r#"{"n":[1,2]}"#, Some("AVG-2026-0012")), ("text", None)] {
        let record = AuditRecord {
            seq: 2,
            at: "2026-03-02T09:15:00+00:00".into(),
            actor: "system".into(),
            action: "case.received".into(),
            case_ref: r.map(str::to_owned),
            detail: detail.into(),
            prev_hash: "00".repeat(32),
            hash: "ff".repeat(32),
        };
        let before = json!({
            "seq": record.seq, "at": record.at, "actor": record.actor, "action": record.action,
            "case": record.case_ref,
            "detail": serde_json::from_str::<Value>(&record.detail)
                .unwrap_or(Value::String(record.detail.clone())),
        });
        assert_eq!(
            serde_json::to_value(AuditEntry::of(&record)).unwrap(),
            before
        );
    }
    let check = |result: &Result<usize, BrokenLink>| {
        serde_json::to_value(ChainCheck::of(result, 9)).unwrap()
    };
    assert_eq!(
        check(&Ok(9)).to_string(),
        json!({ "ok": true, "entries": 9 }).to_string()
    );
    let broken = BrokenLink {
        seq: 3,
        reason: "hash mismatch".into(),
    };
    assert_eq!(
        check(&Err(broken.clone())).to_string(),
        json!({ "ok": false, "entries": 9, "broken_at": broken.seq, "reason": broken.reason })
            .to_string()
    );

    let now = at("2026-03-05T09:00:00Z");
    let raw = b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\
          Content-Type: text/plain\r\n\r\nzie bijlage\r\n--x\r\n\
          Content-Type: image/jpeg\r\nContent-Disposition: attachment; filename=\"id.jpg\"\r\n\r\n\
          abc\r\n--x\r\n\
          Content-Type: application/msword; name=\"brief.doc\"\r\n\r\nabc\r\n--x--\r\n";
    let mut unverified = case.clone();
    unverified.identity = CaseIdentity::default();
    for (case, next) in [
        (&case, json!({ "step": "verified", "method": "in_person" })),
        (&unverified, json!({ "must": "look_up", "step": "officer" })),
    ] {
        let view = IdentityView::new(
            case,
            crate::officer::AttachmentView::survey(5, raw),
            MinorRightsModel::Reglement,
            Amsterdam,
            now,
        );
        let survey = crate::intake::survey_attachments(raw);
        let attachments: Vec<(i64, crate::intake::AttachmentFinding, bool)> = survey
            .candidates
            .into_iter()
            .map(|f| (5, f, true))
            .chain(survey.others.into_iter().map(|f| (5, f, false)))
            .collect();
        assert_eq!(attachments.len(), 2, "{attachments:?}");
        let before = json!({
            "reference": case.reference,
            "state": case.state,
            "identity": case.identity.shown(), // without the code's salt and hash, on purpose
            "status": view.status,
            "next": next,
            "attachments": attachments.iter().map(|(m, f, candidate)| json!({
                "message": m, "part": f.part.to_string(), "file_name": f.file_name,
                "content_type": f.declared_type, "size": f.size, "sha256": f.sha256,
                "may_be_identity_document": candidate,
            })).collect::<Vec<_>>(),
        });
        assert_eq!(serde_json::to_value(&view).unwrap(), before);
    }
}
