//! Updates: a change's effects are written all together, or none.

use super::*;

pub(super) async fn an_update_writes_all_its_effects_in_order(store: Arc<dyn Store>) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    let now = at("2026-03-20T10:00:00Z");
    let mut reclassified = classification();
    reclassified.types = vec![RequestType::Rectification];
    reclassified.primary = RequestType::Rectification;
    reclassified.overridden_by = Some("officer:fg".into());
    let extended = {
        let mut d = CaseDeadline::new(at(RECEIVED), rules());
        d.extensions.push(Extension::weeks(now, 4));
        d.recompute(at(RECEIVED), now.date_naive());
        d
    };
    let letter = mail(&reference, MailKind::Extension);
    let effects = vec![
        Effect::SetClassification(reclassified.clone()),
        Effect::SetDeadline(extended.clone()),
        Effect::Transition {
            to: CaseState::AwaitingIdentity,
            event: EventKind::Reclassified,
            detail: Some("access → rectification".into()),
        },
        Effect::Event {
            kind: EventKind::Extended,
            detail: Some("four more weeks".into()),
        },
        Effect::Audit {
            action: "case.extended".into(),
            detail: serde_json::json!({ "weeks": 4 }),
        },
        Effect::QueueMail(letter.clone()),
    ];
    let written = effects.clone();
    let outcome = store
        .update_case(
            &reference,
            now,
            change(move |case| {
                assert_eq!(case.state, CaseState::Received);
                assert_eq!(case.requester_address, Some(requester()));
                assert_eq!(case.message_id.as_deref(), Some("req-1@example.org"));
                assert_eq!(
                    case.request_types,
                    [RequestType::Access, RequestType::Erasure]
                );
                Ok(CaseUpdate {
                    actor: officer(),
                    effects: written,
                })
            }),
        )
        .await
        .unwrap();
    let UpdateOutcome::Applied { before, after } = outcome else {
        panic!("expected the update to apply, got {outcome:?}");
    };
    assert_eq!(before.state, CaseState::Received);
    assert_eq!(after.effects, effects);
    assert_eq!(after.state(), Some(CaseState::AwaitingIdentity));
    assert_eq!(after.deadline(), Some(&extended));
    assert_eq!(after.classification(), Some(&reclassified));
    assert_eq!(after.mail().count(), 1);

    let case = case(store.as_ref(), &reference).await;
    assert_eq!(case.state, CaseState::AwaitingIdentity);
    assert_eq!(case.request_types, [RequestType::Rectification]);
    assert_eq!(case.classification, Some(reclassified));
    assert_eq!(case.due_date, Some(extended.computed.due));
    assert_eq!(case.deadline, Some(extended));
    assert_eq!(
        kinds(&case)[2..],
        [
            EventKind::Reclassified,
            EventKind::Extended,
            EventKind::MailQueued
        ]
    );
    let moved = &case.events[2];
    assert_eq!(moved.actor, "officer:fg");
    assert_eq!(moved.from_state, Some(CaseState::Received));
    assert_eq!(moved.to_state, Some(CaseState::AwaitingIdentity));
    assert_eq!(
        case.events[4].actor, "system",
        "the daemon sends the letter"
    );
    assert_eq!(
        audit_actions(store.as_ref()).await[2..],
        ["case.extended", "mail.queued"]
    );
    let (rows, _) = store.audit_log().await.unwrap();
    assert_eq!(rows[2].actor, "officer:fg");
    assert_eq!(rows[2].detail, r#"{"weeks":4}"#);
    let due = store.due_outbox(now, 10).await.unwrap();
    assert_eq!(due.len(), 2);
    assert_eq!(due[1].kind, MailKind::Extension);
    assert_eq!(due[1].message_id, letter.message_id);
}

pub(super) async fn a_refused_update_writes_nothing(store: Arc<dyn Store>) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    let before = case(store.as_ref(), &reference).await;
    let outcome = store
        .update_case(
            &reference,
            at("2026-03-20T10:00:00Z"),
            change(|case| Err(format!("case {} is not ready", case.reference))),
        )
        .await
        .unwrap();
    assert!(
        matches!(&outcome, UpdateOutcome::Refused(why) if why.reason == "case AVG-2026-0001 is not ready"),
        "{outcome:?}"
    );
    assert_eq!(case(store.as_ref(), &reference).await, before);
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["case.received", "mail.queued"]
    );
}

pub(super) async fn an_illegal_transition_refuses_the_whole_update(store: Arc<dyn Store>) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    let before = case(store.as_ref(), &reference).await;
    let mail = mail(&reference, MailKind::Extension);
    let mut other = classification();
    other.types = vec![RequestType::Objection];
    let outcome = store
        .update_case(
            &reference,
            at("2026-03-20T10:00:00Z"),
            change(move |_| {
                Ok(CaseUpdate {
                    actor: officer(),
                    // Written before the move the state machine refuses:
                    // all of it goes.
                    effects: vec![
                        Effect::SetClassification(other),
                        Effect::Audit {
                            action: "case.reclassified".into(),
                            detail: serde_json::json!({}),
                        },
                        Effect::QueueMail(mail),
                        Effect::Transition {
                            to: CaseState::Answered,
                            event: EventKind::Transition,
                            detail: None,
                        },
                    ],
                })
            }),
        )
        .await
        .unwrap();
    assert!(
        matches!(&outcome, UpdateOutcome::Refused(why) if why.reason == "a case cannot move from received to answered" && why.kind == crate::store::RefusalKind::State),
        "{outcome:?}"
    );
    assert_eq!(case(store.as_ref(), &reference).await, before);
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["case.received", "mail.queued"]
    );
    assert_eq!(store.outbox_counts().await.unwrap().pending, 1);
}

pub(super) async fn an_update_of_an_unknown_case_is_not_found(store: Arc<dyn Store>) {
    let nobody: CaseRef = "AVG-2026-0042".parse().unwrap();
    let outcome = store
        .update_case(
            &nobody,
            at(RECEIVED),
            change(|_| panic!("nothing to decide about")),
        )
        .await
        .unwrap();
    assert!(matches!(outcome, UpdateOutcome::NotFound), "{outcome:?}");
    assert_eq!(store.get_case(&nobody).await.unwrap(), None);
}
