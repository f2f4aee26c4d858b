//! The answer's tables: notices recorded once and settled once, a letter
//! drafted once and sent once, a package offered under a token, claimed
//! with its code once, finished once (closing the case), given back when a
//! download breaks off, and expired with its key removed.

use super::plans::{apply, plan_for, verified};
use super::*;
use crate::plan::ActionId;

/// A verified case whose one task is done: ready to be answered.
pub(super) async fn executed(store: &dyn Store, id: &str) -> CaseRef {
    let reference = verified(store, id).await;
    let plan = plan_for(&reference, "exporteer");
    let a1 = ActionId::nth(1).unwrap();
    for effects in [
        vec![Effect::SetPlan(Box::new(plan))],
        vec![Effect::Execute(vec![a1.clone()])],
        vec![Effect::TaskDone {
            action: a1,
            note: "geëxporteerd".into(),
            result: Some(
                serde_json::json!({ "file": { "name": "dossier.pdf", "size": 3, "sha256": "x", "content_base64": "YWJj" } }),
            ),
        }],
    ] {
        let done = apply(store, &reference, effects).await;
        assert!(matches!(done, UpdateOutcome::Applied { .. }), "{done:?}");
    }
    reference
}

fn package(file: &str) -> NewPackage {
    NewPackage {
        file: file.into(),
        wrapped_key: vec![7; 73],
        sha256: "ab".repeat(32),
        size: 1234,
        records: 3,
        manifest: serde_json::json!({ "records": 3 }),
    }
}

pub(super) fn draft(file: Option<&str>) -> Effect {
    Effect::Answer(AnswerEffect::Draft {
        lang: "nl".into(),
        subject: "Ons antwoord".into(),
        body: format!("Beste,\n\n{DOWNLOAD_LINK}\n"),
        package: file.map(package),
        sealed: vec![ActionId::nth(1).unwrap()],
    })
}

pub(super) fn send(token: &str, expires: &str) -> Effect {
    Effect::Answer(AnswerEffect::Send(Delivery::Link {
        token_hash: format!("t-{token}"),
        code_hash: format!("c-{token}"),
        expires_at: at(expires),
    }))
}

pub(super) async fn an_answer_is_drafted_once_sent_once_and_downloaded_once(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let reference = executed(s, "answer-1@example.org").await;
    assert!(matches!(
        apply(s, &reference, vec![draft(Some("p1.dsrdpkg"))]).await,
        UpdateOutcome::Applied { .. }
    ));
    assert!(
        matches!(
            apply(s, &reference, vec![draft(Some("p2.dsrdpkg"))]).await,
            UpdateOutcome::Refused(_)
        ),
        "drafted once"
    );
    // The task's exported file is in the package now: the row keeps no copy.
    let (_, actions) = s.case_plan(&reference).await.unwrap();
    let result = actions[0].result.as_ref().unwrap();
    assert!(result["file"].get("content_base64").is_none(), "{result}");
    assert_eq!(result["file"]["sealed"], true);
    let reply = s.case_reply(&reference).await.unwrap();
    assert_eq!(reply.packages[0].state, PackageState::Ready);
    assert_eq!(
        reply.packages[0].wrapped_key.as_deref(),
        Some(&[7u8; 73][..])
    );

    assert!(matches!(
        apply(s, &reference, vec![send("a", "2026-03-20T22:59:59Z")]).await,
        UpdateOutcome::Applied { .. }
    ));
    assert_eq!(case(s, &reference).await.state, CaseState::Answered);
    // The snapshot a worker reads without the writer's lock is the one a
    // change sees.
    let snapshot = s.case_snapshot(&reference).await.unwrap().unwrap();
    assert_eq!(snapshot.state, CaseState::Answered);
    assert!(snapshot.reply.answer.unwrap().sent_at.is_some());
    assert_eq!(snapshot.actions.len(), 1);
    let unknown: CaseRef = "AVG-2026-9999".parse().unwrap();
    assert!(s.case_snapshot(&unknown).await.unwrap().is_none());
    assert!(
        matches!(
            apply(s, &reference, vec![send("b", "2026-03-20T22:59:59Z")]).await,
            UpdateOutcome::Refused(_)
        ),
        "sent once"
    );
    let edit = Effect::Answer(AnswerEffect::Edit {
        subject: "x".into(),
        body: "y".into(),
    });
    assert!(
        matches!(
            apply(s, &reference, vec![edit]).await,
            UpdateOutcome::Refused(_)
        ),
        "no edit after sending"
    );

    let now = at("2026-03-05T10:00:00Z");
    assert_eq!(
        s.claim_download("t-unknown", "c-a", 3, now).await.unwrap(),
        ClaimOutcome::Unknown
    );
    assert_eq!(
        s.claim_download("t-a", "c-wrong", 3, now).await.unwrap(),
        ClaimOutcome::WrongCode { left: 2 }
    );
    let ClaimOutcome::Claimed(claimed) = s.claim_download("t-a", "c-a", 3, now).await.unwrap()
    else {
        panic!("the right code claims");
    };
    assert_eq!(
        s.claim_download("t-a", "c-a", 3, now).await.unwrap(),
        ClaimOutcome::Spent,
        "once"
    );
    // A download that breaks off is given back, with its event.
    assert!(s.release_download(claimed.id, now).await.unwrap());
    assert!(matches!(
        s.claim_download("t-a", "c-a", 3, now).await.unwrap(),
        ClaimOutcome::Claimed(_)
    ));
    // One cut off by a stop is given back at start-up.
    assert_eq!(s.release_interrupted_downloads(now).await.unwrap(), 1);
    assert!(matches!(
        s.claim_download("t-a", "c-a", 3, now).await.unwrap(),
        ClaimOutcome::Claimed(_)
    ));
    assert!(s.finish_download(claimed.id, true, now).await.unwrap());
    assert!(
        !s.finish_download(claimed.id, true, now).await.unwrap(),
        "finished once"
    );
    assert_eq!(case(s, &reference).await.state, CaseState::Closed);
    let p = s.package_by_token("t-a").await.unwrap().unwrap();
    assert_eq!(p.state, PackageState::Downloaded);
    assert!(p.wrapped_key.is_none(), "the key is gone with the download");
    assert!(s.live_package_files().await.unwrap().is_empty());
    let kinds = kinds(&case(s, &reference).await);
    assert!(kinds.contains(&EventKind::DownloadInterrupted));
    assert!(kinds.contains(&EventKind::PackageDownloaded));
    let audit = audit_actions(s).await;
    for action in [
        "answer.drafted",
        "answer.sent",
        "package.code_refused",
        "package.downloaded",
        "package.deleted",
        "case.closed",
    ] {
        assert_eq!(
            audit.iter().filter(|a| *a == action).count(),
            1,
            "{action}: {audit:?}"
        );
    }
}

pub(super) async fn a_link_locks_after_its_tries_and_a_package_expires_with_its_key(
    store: Arc<dyn Store>,
) {
    let s = store.as_ref();
    let locked = executed(s, "answer-2@example.org").await;
    apply(
        s,
        &locked,
        vec![draft(Some("p3.dsrdpkg")), send("l", "2026-03-20T22:59:59Z")],
    )
    .await;
    let now = at("2026-03-05T10:00:00Z");
    assert_eq!(
        s.claim_download("t-l", "c-x", 2, now).await.unwrap(),
        ClaimOutcome::WrongCode { left: 1 }
    );
    assert_eq!(
        s.claim_download("t-l", "c-x", 2, now).await.unwrap(),
        ClaimOutcome::Locked
    );
    assert_eq!(
        s.claim_download("t-l", "c-l", 2, now).await.unwrap(),
        ClaimOutcome::Locked,
        "the right code no longer opens it"
    );

    let unused = executed(s, "answer-3@example.org").await;
    apply(
        s,
        &unused,
        vec![draft(Some("p4.dsrdpkg")), send("u", "2026-03-20T22:59:59Z")],
    )
    .await;
    let late = at("2026-03-21T08:00:00Z");
    assert_eq!(
        s.claim_download("t-u", "c-u", 5, late).await.unwrap(),
        ClaimOutcome::Expired
    );
    assert!(
        s.expired_packages(now).await.unwrap().is_empty(),
        "nothing expired before its time"
    );
    let expired = s.expired_packages(late).await.unwrap();
    assert_eq!(
        expired.len(),
        2,
        "the unused one and the locked one: {expired:?}"
    );
    for p in &expired {
        assert!(s.expire_package(p.id, late).await.unwrap());
        assert!(!s.expire_package(p.id, late).await.unwrap(), "once");
    }
    assert_eq!(case(s, &unused).await.state, CaseState::Closed);
    assert_eq!(case(s, &locked).await.state, CaseState::Closed);
    assert_eq!(
        s.package_by_token("t-u").await.unwrap().unwrap().state,
        PackageState::Expired
    );
    assert!(s.live_package_files().await.unwrap().is_empty());
}

pub(super) async fn notices_are_recorded_once_and_settled_once(store: Arc<dyn Store>) {
    let s = store.as_ref();
    let reference = executed(s, "answer-4@example.org").await;
    let notice = |name: &str, channel, state| NewNotice {
        recipient: name.into(),
        channel,
        address: None,
        about: vec![NoticeAbout {
            action: ActionId::nth(1).unwrap(),
            kind: "erased".into(),
            system: "sql".into(),
        }],
        state,
    };
    let record = Effect::Answer(AnswerEffect::Notices(vec![
        notice("GGD", NoticeChannel::Email, NoticeState::Told),
        notice("DUO (BRON)", NoticeChannel::Task, NoticeState::Open),
    ]));
    assert!(matches!(
        apply(s, &reference, vec![record.clone()]).await,
        UpdateOutcome::Applied { .. }
    ));
    assert!(
        matches!(
            apply(s, &reference, vec![record]).await,
            UpdateOutcome::Refused(_)
        ),
        "recorded once"
    );
    // The open task is a person's, listed across cases with its case; the
    // e-mailed one is not.
    let (tasks, posting) = s.answer_tasks().await.unwrap();
    let listed: Vec<_> = tasks
        .iter()
        .map(|(case, n)| (case.clone(), n.recipient.as_str()))
        .collect();
    assert_eq!(listed, vec![(reference.clone(), "DUO (BRON)")]);
    assert!(posting.is_empty());
    let settle = |exempt| {
        Effect::Answer(AnswerEffect::SettleNotice {
            recipient: "DUO (BRON)".into(),
            exempt,
            note: "via het portaal".into(),
        })
    };
    assert!(matches!(
        apply(s, &reference, vec![settle(None)]).await,
        UpdateOutcome::Applied { .. }
    ));
    assert!(
        matches!(
            apply(s, &reference, vec![settle(Some(ExemptReason::Impossible))]).await,
            UpdateOutcome::Refused(_)
        ),
        "settled once"
    );
    let reply = s.case_reply(&reference).await.unwrap();
    let states: Vec<_> = reply
        .notices
        .iter()
        .map(|n| (n.recipient.as_str(), n.state))
        .collect();
    assert_eq!(
        states,
        vec![
            ("GGD", NoticeState::Told),
            ("DUO (BRON)", NoticeState::Told)
        ]
    );
    assert_eq!(reply.notices[1].note.as_deref(), Some("via het portaal"));
    assert_eq!(reply.notices[1].settled_by.as_deref(), Some("officer:fg"));
    // Settled, it is no task any more.
    assert!(s.answer_tasks().await.unwrap().0.is_empty());
}
