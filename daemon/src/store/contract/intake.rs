//! Intake: new cases, triage, duplicates and follow-ups.

use super::*;

pub(super) async fn a_new_case_is_written_with_its_events_audit_and_acknowledgement_at_once(
    store: Arc<dyn Store>,
) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    assert_eq!(reference.as_str(), "AVG-2026-0001");

    let case = case(store.as_ref(), &reference).await;
    assert_eq!(case.state, CaseState::INITIAL);
    assert_eq!(case.requester_address, Some(requester()));
    assert_eq!(
        case.requester_address.as_ref().unwrap().as_str(),
        "Sanne.de.Vries@Example.org",
        "the address keeps its spelling"
    );
    assert_eq!(
        case.request_types,
        [RequestType::Access, RequestType::Erasure]
    );
    assert_eq!(case.classification, Some(classification()));
    let deadline = CaseDeadline::new(at(RECEIVED), rules());
    assert_eq!(case.due_date, Some(deadline.computed.due));
    assert_eq!(case.deadline, Some(deadline));
    assert_eq!(
        kinds(&case),
        [EventKind::Received, EventKind::AcknowledgementQueued]
    );
    assert_eq!(case.events[0].to_state, Some(CaseState::Received));
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["case.received", "mail.queued"]
    );

    let due = store
        .due_outbox(at("2026-03-02T09:20:00Z"), 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].kind, MailKind::Acknowledgement);
    assert_eq!(due[0].case_ref.as_deref(), Some("AVG-2026-0001"));
    assert_eq!(due[0].recipient, requester());
    assert_eq!(due[0].sender.as_str(), "avg@testscholen.example");
    assert_eq!(due[0].mailbox.as_deref(), Some("avg"));
    assert_eq!(due[0].attempts, 0);

    let second = created(store.as_ref(), intake("req-2@example.org")).await;
    assert_eq!(second.as_str(), "AVG-2026-0002");
}

pub(super) async fn a_case_for_triage_moves_through_the_state_machine_and_is_not_acknowledged(
    store: Arc<dyn Store>,
) {
    let mut new = intake("news-1@example.org");
    new.triage_reason = Some("not a request".into());
    new.effects = to_triage("not a request");
    new.acknowledgement = None;
    let reference = created(store.as_ref(), new).await;

    let case = case(store.as_ref(), &reference).await;
    assert_eq!(case.state, CaseState::NeedsTriage);
    assert_eq!(case.triage_reason.as_deref(), Some("not a request"));
    assert_eq!(kinds(&case), [EventKind::Received, EventKind::Transition]);
    let moved = &case.events[1];
    assert_eq!(moved.from_state, Some(CaseState::Received));
    assert_eq!(moved.to_state, Some(CaseState::NeedsTriage));
    assert_eq!(moved.detail.as_deref(), Some("not a request"));
    assert_eq!(moved.actor, "system");
    assert_eq!(
        audit_actions(store.as_ref()).await,
        ["case.received", "case.transition"]
    );
    assert_eq!(
        store.outbox_counts().await.unwrap(),
        OutboxCounts::default()
    );
}

pub(super) async fn an_intake_whose_effects_move_illegally_writes_nothing(store: Arc<dyn Store>) {
    let mut new = intake("odd-1@example.org");
    new.effects = vec![Effect::Transition {
        to: CaseState::Answered,
        event: EventKind::Transition,
        detail: None,
    }];
    let refused = store.record_intake(new).await;
    assert!(
        matches!(refused, Err(StoreError::IllegalTransition(ref e)) if e.to == CaseState::Answered),
        "{refused:?}"
    );
    assert!(store
        .list_cases(&CaseFilter::default())
        .await
        .unwrap()
        .is_empty());
    assert!(audit_actions(store.as_ref()).await.is_empty());
    assert_eq!(
        store.outbox_counts().await.unwrap(),
        OutboxCounts::default()
    );
    assert_eq!(
        store
            .knows_message("message-id:odd-1@example.org")
            .await
            .unwrap(),
        None
    );
    // The reference counter went back with the rest.
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    assert_eq!(reference.as_str(), "AVG-2026-0001");
}

pub(super) async fn a_message_seen_before_is_a_duplicate_and_a_reply_is_a_follow_up(
    store: Arc<dyn Store>,
) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    assert_eq!(
        store
            .record_intake(intake("req-1@example.org"))
            .await
            .unwrap(),
        IntakeOutcome::Duplicate(reference.clone())
    );
    assert_eq!(
        store
            .knows_message("message-id:req-1@example.org")
            .await
            .unwrap(),
        Some(reference.clone())
    );

    // A reply to our acknowledgement.
    let ack = store
        .due_outbox(at("2026-03-02T09:20:00Z"), 10)
        .await
        .unwrap()
        .remove(0);
    let mut reply = intake("reply-1@example.org");
    reply.thread_ids = vec!["unknown@example.org".into(), ack.message_id.clone()];
    assert_eq!(
        store.record_intake(reply).await.unwrap(),
        IntakeOutcome::FollowUp(reference.clone())
    );
    // A new message that names the case in its subject.
    let mut named = intake("named-1@example.org");
    named.subject_reference = Some(reference.clone());
    assert_eq!(
        store.record_intake(named).await.unwrap(),
        IntakeOutcome::FollowUp(reference.clone())
    );

    assert_eq!(
        store
            .list_cases(&CaseFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );
    let case = case(store.as_ref(), &reference).await;
    assert_eq!(
        kinds(&case),
        [
            EventKind::Received,
            EventKind::AcknowledgementQueued,
            EventKind::FollowUp,
            EventKind::FollowUp
        ]
    );
    assert_eq!(
        case.events[2].detail.as_deref(),
        Some("reply-1@example.org")
    );
    assert_eq!(
        audit_actions(store.as_ref()).await,
        [
            "case.received",
            "mail.queued",
            "case.follow_up",
            "case.follow_up"
        ]
    );
    assert_eq!(store.outbox_counts().await.unwrap().pending, 1);
}

pub(super) async fn a_case_without_classification_reads_back_as_none(store: Arc<dyn Store>) {
    let mut raw = intake("raw-1@example.org");
    raw.classification = None;
    raw.requester_address = None;
    raw.acknowledgement = None;
    let reference = created(store.as_ref(), raw).await;
    let case = case(store.as_ref(), &reference).await;
    assert_eq!(case.classification, None);
    assert!(case.request_types.is_empty());
    assert_eq!(case.requester_address, None);
    let summary = store.list_cases(&CaseFilter::default()).await.unwrap();
    assert!(summary[0].request_types.is_empty());
}
