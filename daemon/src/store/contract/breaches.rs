//! The breach register: references counted per year, changes refused by the
//! rules write nothing, a mail opens one draft with its mails and no case,
//! the reminder is recorded once, and no audit detail carries the text.

use super::*;
use crate::breach::{
    ApReport, BreachRef, BreachRefusal, BreachState, BreachUpdate, NewBreach, ReportedMail, Risk,
    RiskAssessment,
};

const WHAT: &str = "Het rapport van Daan Jansen is naar de ouders van een ander kind gestuurd";

fn new_breach(discovered: &str) -> NewBreach {
    NewBreach {
        state: BreachState::Open,
        discovered_at: at(discovered),
        what: WHAT.into(),
        categories: vec!["rapport".into(), "cijfers".into()],
        people: Some(1),
        people_estimated: false,
    }
}

fn officer_mail(reference: &BreachRef, kind: MailKind) -> OutgoingMail {
    let officer = EmailAddress::parse("fg@testscholen.example").unwrap();
    let letter = Letter {
        subject: format!("[{reference}]"),
        body: "zie het register".into(),
    };
    crate::breach::breach_mail(
        &org(),
        reference,
        kind,
        &Addressee::officer(&officer),
        &letter,
        at(RECEIVED),
    )
    .unwrap()
}

fn report(id: &str) -> BreachReport {
    BreachReport {
        breach: NewBreach {
            state: BreachState::Draft,
            discovered_at: at(RECEIVED),
            what: "reported by mail".into(),
            categories: vec![],
            people: None,
            people_estimated: false,
        },
        dedupe_key: format!("message-id:{id}"),
        raw: format!("Message-ID: <{id}>\r\n\r\nIk heb het rapport van een ander kind ontvangen.")
            .into_bytes(),
        mail: ReportedMail {
            message_id: Some(id.into()),
            from: Some("ouder@example.org".into()),
            subject: Some("Verkeerd rapport".into()),
            received_at: at(RECEIVED),
            phrases: vec!["rapport van een ander kind".into()],
        },
        mails: Box::new(|reference: &BreachRef| {
            vec![officer_mail(reference, MailKind::BreachNotice)]
        }),
        now: at(RECEIVED),
    }
}

pub(super) async fn a_breach_is_entered_with_its_reference_and_due_time_and_changed_by_the_rules(
    store: Arc<dyn Store>,
) {
    let first = store
        .open_breach(
            &new_breach("2026-03-01T20:00:00Z"),
            &officer(),
            at(RECEIVED),
        )
        .await
        .unwrap();
    let second = store
        .open_breach(
            &new_breach("2026-03-02T08:00:00Z"),
            &officer(),
            at(RECEIVED),
        )
        .await
        .unwrap();
    assert_eq!(first.reference.as_str(), "DATALEK-2026-0001");
    assert_eq!(second.reference.as_str(), "DATALEK-2026-0002");
    assert_eq!(first.ap_due, at("2026-03-04T20:00:00Z"));
    assert_eq!(first.what, WHAT);
    assert_eq!(first.categories, ["rapport", "cijfers"]);
    assert_eq!(first.created_by, "officer:fg");
    let next_year = store
        .open_breach(
            &new_breach("2027-01-01T08:00:00Z"),
            &officer(),
            at("2027-01-01T09:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(next_year.reference.as_str(), "DATALEK-2027-0001");

    // Closing without a risk assessment writes nothing.
    let close = BreachUpdate {
        close: true,
        ..Default::default()
    };
    let before = audit_actions(store.as_ref()).await.len();
    let refused = store
        .update_breach(
            &first.reference,
            &close,
            &officer(),
            at("2026-03-02T10:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(refused, BreachChanged::Refused(BreachRefusal::NoRisk));
    assert_eq!(audit_actions(store.as_ref()).await.len(), before);

    let decide = BreachUpdate {
        risk: Some(RiskAssessment {
            level: Risk::Low,
            reasoning: "één rapport bij één gezin, teruggevraagd".into(),
        }),
        ap: Some(ApReport::Reported {
            at: at("2026-03-02T10:30:00Z"),
            ap_reference: "AP-2026-123".into(),
        }),
        measures: Some("mail teruggehaald, Parro-instelling aangepast".into()),
        close: true,
        ..Default::default()
    };
    let BreachChanged::Changed(closed) = store
        .update_breach(
            &first.reference,
            &decide,
            &officer(),
            at("2026-03-02T11:00:00Z"),
        )
        .await
        .unwrap()
    else {
        panic!("the change is written")
    };
    assert_eq!(closed.state, BreachState::Closed);
    assert_eq!(closed.closed_at, Some(at("2026-03-02T11:00:00Z")));
    assert_eq!(
        store.get_breach(&first.reference).await.unwrap().as_ref(),
        Some(&*closed)
    );
    assert_eq!(
        store
            .update_breach(
                &first.reference,
                &decide,
                &officer(),
                at("2026-03-02T12:00:00Z")
            )
            .await
            .unwrap(),
        BreachChanged::Refused(BreachRefusal::Closed)
    );
    let unknown: BreachRef = "DATALEK-2026-0099".parse().unwrap();
    assert_eq!(
        store
            .update_breach(&unknown, &decide, &officer(), at(RECEIVED))
            .await
            .unwrap(),
        BreachChanged::NotFound
    );

    // The register lists newest first; the open ones and the ones awaiting
    // the AP leave the closed one out.
    let all: Vec<String> = store
        .list_breaches(false)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.reference.to_string())
        .collect();
    assert_eq!(
        all,
        [
            "DATALEK-2027-0001",
            "DATALEK-2026-0002",
            "DATALEK-2026-0001"
        ]
    );
    assert_eq!(store.list_breaches(true).await.unwrap().len(), 2);
    let unreported: Vec<String> = store
        .unreported_breaches()
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.reference.to_string())
        .collect();
    assert_eq!(
        unreported,
        ["DATALEK-2026-0002", "DATALEK-2027-0001"],
        "soonest due first"
    );

    let actions = audit_actions(store.as_ref()).await;
    assert!(actions.ends_with(&[
        "breach.updated".to_owned(),
        "breach.reported".to_owned(),
        "breach.closed".to_owned()
    ]));
    let (rows, _) = store.audit_log().await.unwrap();
    for row in rows {
        assert!(
            !row.detail.contains("Daan"),
            "no description in the audit: {}",
            row.detail
        );
        assert!(
            !row.detail.contains("gezin"),
            "no reasoning in the audit: {}",
            row.detail
        );
    }
}

pub(super) async fn a_breach_report_mail_opens_one_draft_with_its_mails_and_no_case(
    store: Arc<dyn Store>,
) {
    let opened = store
        .record_breach_report(report("leak-1@example.org"))
        .await
        .unwrap();
    let BreachIntake::Opened(reference) = opened else {
        panic!("a draft is opened: {opened:?}")
    };
    assert_eq!(
        store
            .record_breach_report(report("leak-1@example.org"))
            .await
            .unwrap(),
        BreachIntake::Duplicate(reference.clone())
    );
    let draft = store.get_breach(&reference).await.unwrap().unwrap();
    assert_eq!(draft.state, BreachState::Draft);
    assert_eq!(draft.created_by, "system");
    assert_eq!(draft.ap_due, at(RECEIVED) + TimeDelta::hours(72));
    let mail = draft.mail.unwrap();
    assert_eq!(mail.message_id.as_deref(), Some("leak-1@example.org"));
    assert_eq!(mail.phrases, ["rapport van een ander kind"]);
    assert!(
        store
            .list_cases(&CaseFilter::default())
            .await
            .unwrap()
            .is_empty(),
        "no case"
    );
    assert_eq!(store.outbox_counts().await.unwrap().pending, 1);
    let due = store.due_outbox(at(RECEIVED), 10).await.unwrap();
    assert_eq!(due[0].kind, MailKind::BreachNotice);
    assert_eq!(due[0].case_ref, None);
    let actions = audit_actions(store.as_ref()).await;
    assert_eq!(actions, ["breach.opened", "mail.queued"]);
}

pub(super) async fn the_ap_reminder_is_recorded_once_and_not_after_the_decision(
    store: Arc<dyn Store>,
) {
    let a = store
        .open_breach(&new_breach(RECEIVED), &officer(), at(RECEIVED))
        .await
        .unwrap();
    let b = store
        .open_breach(&new_breach(RECEIVED), &officer(), at(RECEIVED))
        .await
        .unwrap();
    let now = at("2026-03-04T10:00:00Z");
    let mail = officer_mail(&a.reference, MailKind::BreachReminder);
    assert!(store
        .record_breach_reminder(&a.reference, Some(mail.clone()), now)
        .await
        .unwrap());
    assert!(
        !store
            .record_breach_reminder(&a.reference, Some(mail), now)
            .await
            .unwrap(),
        "once"
    );
    let reminded = store.get_breach(&a.reference).await.unwrap().unwrap();
    assert_eq!(reminded.reminded_at, Some(now));
    assert!(!reminded.due_for_reminder(now));

    let not_reported = BreachUpdate {
        ap: Some(ApReport::NotReported {
            reason: "versleuteld bestand, sleutel niet gelekt".into(),
        }),
        ..Default::default()
    };
    assert!(matches!(
        store
            .update_breach(&b.reference, &not_reported, &officer(), now)
            .await
            .unwrap(),
        BreachChanged::Changed(_)
    ));
    assert!(
        !store
            .record_breach_reminder(&b.reference, None, now)
            .await
            .unwrap(),
        "decided: no reminder"
    );
    assert_eq!(store.unreported_breaches().await.unwrap().len(), 1);
    assert_eq!(store.outbox_counts().await.unwrap().pending, 1);
    let actions = audit_actions(store.as_ref()).await;
    assert!(actions.contains(&"breach.reminded".to_owned()));
    assert!(actions.contains(&"breach.not_reported".to_owned()));
}
