//! Listing cases by state and due date.

use super::*;

pub(super) async fn cases_are_listed_by_state_and_due_date(store: Arc<dyn Store>) {
    let open = created(store.as_ref(), intake("req-1@example.org")).await;
    let mut news = intake("news-1@example.org");
    news.effects = to_triage("not a request");
    news.acknowledgement = None;
    let triaged = created(store.as_ref(), news).await;

    let all = store.list_cases(&CaseFilter::default()).await.unwrap();
    let refs: Vec<_> = all.iter().map(|c| c.reference.clone()).collect();
    assert_eq!(refs, [triaged.clone(), open.clone()], "newest first");
    assert_eq!(all[1].state, CaseState::Received);
    assert_eq!(
        all[1].request_types,
        [RequestType::Access, RequestType::Erasure]
    );
    assert_eq!(all[1].language, Language::Nl);

    let in_triage = store
        .list_cases(&CaseFilter {
            state: Some(CaseState::NeedsTriage),
            ..CaseFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(in_triage.len(), 1);
    assert_eq!(in_triage[0].reference, triaged);

    let due = all[1].due_date.unwrap();
    let by_due = |d| {
        let store = store.clone();
        async move {
            store
                .list_cases(&CaseFilter {
                    due_by: Some(d),
                    ..CaseFilter::default()
                })
                .await
                .unwrap()
                .len()
        }
    };
    assert_eq!(by_due(due).await, 2);
    assert_eq!(by_due(due - chrono::Days::new(1)).await, 0);
    // A case whose deadline no longer runs is not "due".
    let reject = change(|_| {
        Ok(CaseUpdate {
            actor: officer(),
            effects: vec![Effect::Transition {
                to: CaseState::Rejected,
                event: EventKind::Transition,
                detail: Some("manifestly unfounded".into()),
            }],
        })
    });
    let outcome = store
        .update_case(&open, at(RECEIVED), reject)
        .await
        .unwrap();
    assert!(matches!(outcome, UpdateOutcome::Applied { .. }));
    assert_eq!(by_due(due).await, 1);
    let one = store
        .list_cases(&CaseFilter {
            limit: Some(1),
            ..CaseFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(one.len(), 1);
}
