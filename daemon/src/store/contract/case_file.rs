//! The case file's own retention: the finished cases with their closing
//! time, the reduction of one to its anonymous record (only when due, once,
//! with its audit entry and nothing personal left in any of its rows), and
//! the figures' rows, which keep counting it.

use super::answers::{draft, executed, send};
use super::plans::apply;
use super::*;

/// A case answered and downloaded: closed at 2026-03-05 10:00.
async fn closed(store: &dyn Store, id: &str) -> CaseRef {
    let reference = executed(store, id).await;
    for effect in [
        draft(Some(&format!("{id}.dsrdpkg"))),
        send(id, "2026-03-20T22:59:59Z"),
    ] {
        assert!(matches!(
            apply(store, &reference, vec![effect]).await,
            UpdateOutcome::Applied { .. }
        ));
    }
    let now = at("2026-03-05T10:00:00Z");
    let ClaimOutcome::Claimed(p) = store
        .claim_download(&format!("t-{id}"), &format!("c-{id}"), 3, now)
        .await
        .unwrap()
    else {
        panic!("the right code claims");
    };
    assert!(store.finish_download(p.id, true, now).await.unwrap());
    assert_eq!(case(store, &reference).await.state, CaseState::Closed);
    reference
}

/// Everything a reduced case's rows may still say, as one text.
async fn all_of(store: &dyn Store, reference: &CaseRef) -> String {
    let case = case(store, reference).await;
    let messages = store.case_messages(reference).await.unwrap();
    let (plan, actions) = store.case_plan(reference).await.unwrap();
    let reply = store.case_reply(reference).await.unwrap();
    let (audit, _) = store.audit_log().await.unwrap();
    format!(
        "{} {messages:?} {plan:?} {actions:?} {reply:?} {}",
        serde_json::to_string(&case).unwrap(),
        serde_json::to_string(&audit).unwrap()
    )
}

pub(super) async fn a_finished_case_is_reduced_once_when_due_and_keeps_nothing_personal(
    store: Arc<dyn Store>,
) {
    let s = store.as_ref();
    let done = closed(s, "reduce-1@example.org").await;
    let open = created(s, intake("reduce-2@example.org")).await;
    let refused = created(s, intake("reduce-3@example.org")).await;
    let reject = Effect::Transition {
        to: CaseState::Rejected,
        event: EventKind::Transition,
        detail: Some("Sanne de Vries mag niet namens dit kind optreden".into()),
    };
    assert!(matches!(
        apply(s, &refused, vec![reject]).await,
        UpdateOutcome::Applied { .. }
    ));

    let finished = s.finished_cases().await.unwrap();
    let listed: Vec<_> = finished
        .iter()
        .map(|f| (&f.reference, f.state, f.closed_at))
        .collect();
    assert_eq!(
        listed,
        [
            (&refused, CaseState::Rejected, at("2026-03-03T11:00:00Z")),
            (&done, CaseState::Closed, at("2026-03-05T10:00:00Z")),
        ],
        "the open case is not finished"
    );
    assert!(finished.iter().all(|f| !f.restriction_in_force));
    let before = all_of(s, &done).await;
    for personal in ["Sanne", "Example.org", "mijn zoon", "Inzageverzoek"] {
        assert!(before.contains(personal), "{personal} is there before");
    }

    let now = at("2027-03-06T00:00:00Z");
    // Closed after the cut-off, or not finished: nothing changes.
    let early = s
        .reduce_case(&done, at("2026-03-05T09:59:59Z"), &Actor::System, now)
        .await
        .unwrap();
    assert!(matches!(early, ReduceOutcome::Kept(_)), "{early:?}");
    let still_open = s
        .reduce_case(&open, now, &Actor::System, now)
        .await
        .unwrap();
    assert!(
        matches!(still_open, ReduceOutcome::Kept(_)),
        "{still_open:?}"
    );
    assert_eq!(all_of(s, &done).await, before, "untouched");
    let unknown: CaseRef = "AVG-2026-9999".parse().unwrap();
    assert_eq!(
        s.reduce_case(&unknown, now, &Actor::System, now)
            .await
            .unwrap(),
        ReduceOutcome::NotFound
    );

    let ReduceOutcome::Reduced(gone) = s
        .reduce_case(&done, at("2026-03-05T10:00:00Z"), &officer(), now)
        .await
        .unwrap()
    else {
        panic!("a case closed by the cut-off is reduced");
    };
    assert_eq!(gone.closed_at, Some(at("2026-03-05T10:00:00Z")));
    assert_eq!(gone.messages, 1);
    assert_eq!(gone.outgoing, 1, "the acknowledgement");
    assert_eq!(gone.packages, 1);
    assert!(gone.plan_rows >= 2, "{gone:?}");
    assert!(gone.events_cleared > 0);
    assert!(
        matches!(
            s.reduce_case(&done, now, &officer(), now).await.unwrap(),
            ReduceOutcome::Kept(_)
        ),
        "once"
    );

    // The anonymous record: types, dates, state, events without detail,
    // the systems that acted.
    let reduced = case(s, &done).await;
    assert_eq!(reduced.state, CaseState::Closed);
    assert_eq!(reduced.received_at, at(RECEIVED));
    assert_eq!(
        reduced.request_types,
        [RequestType::Access, RequestType::Erasure]
    );
    assert!(reduced.due_date.is_some());
    assert_eq!(reduced.requester_address, None);
    assert_eq!(reduced.requester_name, None);
    assert_eq!(reduced.subject, None);
    assert_eq!(reduced.body_text, "");
    assert_eq!(reduced.classification, None);
    assert!(reduced.attachments.is_empty());
    assert_eq!(reduced.identity, crate::identity::CaseIdentity::default());
    let events = &reduced.events;
    assert!(events
        .iter()
        .any(|e| e.to_state == Some(CaseState::Answered)));
    assert!(events
        .iter()
        .filter(|e| e.kind != EventKind::CaseReduced)
        .all(|e| e.detail.is_none()));
    assert_eq!(events.last().unwrap().kind, EventKind::CaseReduced);
    let record = reduced.reduced.expect("the reduction is recorded");
    assert_eq!(record.reduced_at, now);
    assert_eq!(record.closed_at, at("2026-03-05T10:00:00Z"));
    assert_eq!(record.systems.len(), 1, "{record:?}");
    assert_eq!(record.systems[0].system, "parnassys (manual)");
    assert_eq!(record.systems[0].kind, "manual_task");
    assert_eq!(record.systems[0].state, "done");
    let after = all_of(s, &done).await;
    for personal in [
        "Sanne",
        "Example.org",
        "mijn zoon",
        "Inzageverzoek",
        "dossier.pdf",
    ] {
        assert!(!after.contains(personal), "{personal} is left: {after}");
    }
    assert!(s.case_messages(&done).await.unwrap().is_empty());
    assert!(s.case_reply(&done).await.unwrap().packages.is_empty());
    // The audit chain verifies, with one entry for the reduction.
    let audit = audit_actions(s).await;
    assert_eq!(audit.iter().filter(|a| *a == "case.reduced").count(), 1);
    // The other cases are as they were; the reduced one is no longer
    // finished-and-waiting.
    assert_eq!(
        case(s, &open).await.body_text,
        "Graag inzage in de gegevens van mijn zoon."
    );
    let finished = s.finished_cases().await.unwrap();
    assert_eq!(finished.len(), 1);
    assert_eq!(finished[0].reference, refused);

    // The rejected case is reduced from its refusal's time.
    assert!(matches!(
        s.reduce_case(&refused, at("2026-03-03T11:00:00Z"), &Actor::System, now)
            .await
            .unwrap(),
        ReduceOutcome::Reduced(_)
    ));
    assert_eq!(case(s, &refused).await.state, CaseState::Rejected);
    assert!(s.finished_cases().await.unwrap().is_empty());
    audit_actions(s).await;
}

pub(super) async fn the_figures_count_reduced_cases_with_their_answer(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let done = closed(s, "figures-1@example.org").await;
    let open = created(s, intake("figures-2@example.org")).await;
    let before = s.figure_rows().await.unwrap();
    let now = at("2027-04-01T00:00:00Z");
    assert!(matches!(
        s.reduce_case(&done, now, &Actor::System, now)
            .await
            .unwrap(),
        ReduceOutcome::Reduced(_)
    ));
    let after = s.figure_rows().await.unwrap();
    assert_eq!(after.len(), 2);
    let row =
        |rows: &[FigureRow], r: &CaseRef| rows.iter().find(|x| &x.reference == r).cloned().unwrap();
    let (was, is) = (row(&before, &done), row(&after, &done));
    assert!(!was.reduced && is.reduced);
    assert_eq!(
        is.answered_at,
        Some(at("2026-03-03T11:00:00Z")),
        "sent then"
    );
    assert_eq!(
        FigureRow {
            reduced: false,
            ..is.clone()
        },
        was,
        "the same figures as before"
    );
    assert_eq!(
        is.request_types,
        [RequestType::Access, RequestType::Erasure]
    );
    let open_row = row(&after, &open);
    assert!(!open_row.reduced);
    assert_eq!(open_row.answered_at, None);
    let figures = crate::officer::count_figures(&after, 2026, chrono_tz::Europe::Amsterdam);
    assert_eq!(figures.total.cases, 2);
    assert_eq!(figures.total.reduced, 1);
    assert_eq!(figures.months[2].figures.answered, 1);
}

pub(super) async fn a_case_with_a_restriction_in_force_waits_for_its_lift(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let reference = super::restrictions::executing(s, "reduce-restrict@example.org").await;
    super::restrictions::carry_out(s, at("2026-03-03T11:00:00Z")).await;
    let answer = [
        Effect::Answer(AnswerEffect::Draft {
            lang: "nl".into(),
            subject: "Ons antwoord".into(),
            body: "Beste Sanne de Vries,\n".into(),
            package: None,
            sealed: vec![],
        }),
        Effect::Answer(AnswerEffect::Send(Delivery::Nothing)),
    ];
    for effect in answer {
        let done = apply(s, &reference, vec![effect]).await;
        assert!(matches!(done, UpdateOutcome::Applied { .. }), "{done:?}");
    }
    assert_eq!(case(s, &reference).await.state, CaseState::Closed);
    assert_eq!(s.active_restrictions().await.unwrap().len(), 1);

    let finished = s.finished_cases().await.unwrap();
    assert_eq!(finished.len(), 1);
    assert!(finished[0].restriction_in_force);
    let now = at("2028-01-01T00:00:00Z");
    let kept = s
        .reduce_case(&reference, now, &Actor::System, now)
        .await
        .unwrap();
    assert!(matches!(kept, ReduceOutcome::Kept(_)), "{kept:?}");
    // The register still reaches the subject to lift it.
    let register = s.active_restrictions().await.unwrap();
    assert_eq!(register[0].person_key, "pupils:17");
    assert!(case(s, &reference).await.reduced.is_none());
}
