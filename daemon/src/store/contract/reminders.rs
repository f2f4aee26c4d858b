//! Reminders: recorded once per case and kind.

use super::*;

pub(super) async fn a_reminder_is_recorded_once(store: Arc<dyn Store>) {
    let reference = created(store.as_ref(), intake("req-1@example.org")).await;
    let by = at(RECEIVED).date_naive() + chrono::Days::new(60);
    let due = store.due_cases(by).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].reference, reference);
    assert!(due[0].reminded.is_empty());
    assert_eq!(
        due[0].deadline,
        CaseDeadline::new(at(RECEIVED), rules()),
        "the frozen deadline reads back"
    );

    let now = at("2026-03-26T08:00:00Z");
    let first = [ReminderKind::DueWithin(1), ReminderKind::DueWithin(5)];
    let letter = mail(&reference, MailKind::Reminder);
    assert!(store
        .record_reminder(&reference, &first, Some(letter.clone()), now)
        .await
        .unwrap());
    assert!(
        !store
            .record_reminder(&reference, &first[..1], Some(letter), now)
            .await
            .unwrap(),
        "the same reminder is not recorded twice"
    );
    assert!(!store
        .record_reminder(&reference, &[], None, now)
        .await
        .unwrap());
    let due = store.due_cases(by).await.unwrap();
    let mut reminded = due[0].reminded.clone();
    reminded.sort_by_key(|k| k.key());
    assert_eq!(reminded, first);

    // Overdue is new; the 1-day reminder beside it is already there.
    assert!(store
        .record_reminder(
            &reference,
            &[ReminderKind::Overdue, ReminderKind::DueWithin(1)],
            None,
            now
        )
        .await
        .unwrap());
    assert_eq!(store.due_cases(by).await.unwrap()[0].reminded.len(), 3);

    let case = case(store.as_ref(), &reference).await;
    let reminders: Vec<_> = case
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Reminder)
        .map(|e| e.detail.clone().unwrap())
        .collect();
    assert_eq!(reminders, ["due-1", "overdue"]);
    assert_eq!(store.outbox_counts().await.unwrap().pending, 2);
    assert_eq!(
        audit_actions(store.as_ref()).await,
        [
            "case.received",
            "mail.queued",
            "case.reminder",
            "mail.queued",
            "case.reminder"
        ]
    );

    // A case that is no longer open has no running deadline.
    for to in [CaseState::Rejected, CaseState::Closed] {
        let outcome = store
            .update_case(
                &reference,
                now,
                change(move |_| {
                    Ok(CaseUpdate {
                        actor: officer(),
                        effects: vec![Effect::Transition {
                            to,
                            event: EventKind::Transition,
                            detail: None,
                        }],
                    })
                }),
            )
            .await
            .unwrap();
        assert!(matches!(outcome, UpdateOutcome::Applied { .. }));
    }
    assert!(store.due_cases(by).await.unwrap().is_empty());
}
