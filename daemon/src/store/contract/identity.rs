//! Identity on a case: the record is written and read back whole, a
//! verification is the only way to `awaiting_approval`, and a replaced
//! message keeps none of its old bytes.

use super::*;
use crate::identity::{Candidate, CaseIdentity, Finding, IdentityChange, Outcome, Verification};
use crate::intake::SenderAuth;
use dsrd_plugin_api::PersonKind;

/// A finding where the requester is a member of staff writing about
/// themself: one who may act, matched on file.
pub(super) fn staff_finding() -> Finding {
    Finding {
        answers: vec![],
        requester: vec![],
        candidates: vec![Candidate {
            on_file: vec![],
            kind: PersonKind::Staff,
            names: vec!["Sanne de Vries".into()],
            date_of_birth: None,
            emails: vec![requester().as_str().to_owned()],
            guardians: vec![],
            is_requester: true,
            guardian_link: None,
            letter_match: None,
            fits: vec![],
            contradicts: vec![],
        }],
        outcome: Outcome::NotFound {
            requester_known: true,
            subject: Some(0),
            code_to: vec![],
        },
        complete: true,
    }
}

pub(super) fn pass() -> SenderAuth {
    SenderAuth::Pass { by: "dmarc".into() }
}

pub(super) async fn no_case_moves_to_approval_without_a_verification(store: Arc<dyn Store>) {
    let reference = created(store.as_ref(), intake("req-id-1@example.org")).await;
    let now = at("2026-03-03T10:00:00Z");
    for from in [CaseState::Received, CaseState::AwaitingIdentity] {
        if from == CaseState::AwaitingIdentity {
            let moved = store
                .update_case(
                    &reference,
                    now,
                    change(|_| {
                        Ok(CaseUpdate {
                            actor: officer(),
                            effects: vec![Effect::Transition {
                                to: CaseState::AwaitingIdentity,
                                event: EventKind::Transition,
                                detail: None,
                            }],
                        })
                    }),
                )
                .await
                .unwrap();
            assert!(matches!(moved, UpdateOutcome::Applied { .. }));
        }
        let refused = store
            .update_case(
                &reference,
                now,
                change(|_| {
                    Ok(CaseUpdate {
                        actor: officer(),
                        effects: vec![
                            Effect::Identity(IdentityChange::MessagesSeen(7)),
                            Effect::Transition {
                                to: CaseState::AwaitingApproval,
                                event: EventKind::Transition,
                                detail: Some("forged".into()),
                            },
                        ],
                    })
                }),
            )
            .await
            .unwrap();
        let UpdateOutcome::Refused(why) = refused else {
            panic!("a plain move to approval from {from} was written: {refused:?}");
        };
        assert!(why.reason.contains("verification"), "{why}");
        let case = case(store.as_ref(), &reference).await;
        assert_eq!(case.state, from);
        assert_eq!(
            case.identity,
            CaseIdentity::default(),
            "nothing of the refused change"
        );
    }
}

pub(super) async fn a_verification_moves_the_case_on_and_the_record_reads_back(
    store: Arc<dyn Store>,
) {
    let reference = created(store.as_ref(), intake("req-id-2@example.org")).await;
    let now = at("2026-03-03T10:00:00Z");
    let finding = staff_finding();
    let verification = Verification::matched_on_file(
        &finding,
        0,
        &pass(),
        requester().as_str(),
        at(RECEIVED).date_naive(),
        crate::identity::MinorRightsModel::Reglement,
        now,
    )
    .expect("staff writing from their address on file, authenticated");
    let effects = vec![
        Effect::Identity(IdentityChange::Found {
            finding: finding.clone(),
            sender: pass(),
        }),
        Effect::Verified(verification.clone()),
    ];
    let outcome = store
        .update_case(
            &reference,
            now,
            change(move |case| {
                assert_eq!(case.identity, CaseIdentity::default());
                Ok(CaseUpdate {
                    actor: Actor::System,
                    effects,
                })
            }),
        )
        .await
        .unwrap();
    let UpdateOutcome::Applied { after, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(after.state(), Some(CaseState::AwaitingApproval));
    let case = case(store.as_ref(), &reference).await;
    assert_eq!(case.state, CaseState::AwaitingApproval);
    assert_eq!(case.identity.finding, Some(finding));
    assert_eq!(case.identity.subject, Some(0));
    assert_eq!(case.identity.sender, Some(pass()));
    assert_eq!(case.identity.verification, Some(verification));
    assert_eq!(kinds(&case).last(), Some(&EventKind::IdentityVerified));
    assert!(audit_actions(store.as_ref())
        .await
        .contains(&"identity.verified".to_owned()));
    // The snapshot a later change sees holds the same record.
    let seen = store
        .update_case(
            &reference,
            now,
            change(|case| {
                Err(format!(
                    "{:?}",
                    case.identity.verification.as_ref().map(|v| v.method())
                ))
            }),
        )
        .await
        .unwrap();
    assert!(
        matches!(seen, UpdateOutcome::Refused(ref s) if s.reason == "Some(MatchedOnFile)"),
        "{seen:?}"
    );
}

pub(super) async fn a_replaced_message_keeps_none_of_its_old_bytes(store: Arc<dyn Store>) {
    let mine = created(store.as_ref(), intake("req-id-3@example.org")).await;
    let other = created(store.as_ref(), intake("req-id-4@example.org")).await;
    let theirs = store.case_messages(&other).await.unwrap()[0].id;
    let message = store.case_messages(&mine).await.unwrap()[0].clone();
    assert!(message.raw.windows(6).any(|w| w == b"inzage"));
    let now = at("2026-03-03T10:00:00Z");
    let replace = |id: i64| {
        change(move |_| {
            Ok(CaseUpdate {
                actor: Actor::System,
                effects: vec![Effect::ReplaceMessage {
                    message: id,
                    raw: b"Message-ID: <x>\r\n\r\nvervangen\r\n".to_vec(),
                    attachments: vec![],
                }],
            })
        })
    };
    let refused = store
        .update_case(&mine, now, replace(theirs))
        .await
        .unwrap();
    assert!(
        matches!(refused, UpdateOutcome::Refused(_)),
        "another case's message: {refused:?}"
    );
    assert_eq!(
        store.case_messages(&other).await.unwrap()[0].raw,
        intake("req-id-4@example.org").raw
    );
    let applied = store
        .update_case(&mine, now, replace(message.id))
        .await
        .unwrap();
    assert!(matches!(applied, UpdateOutcome::Applied { .. }));
    store.scrub().await.expect("the store scrubs");
    let after = store.case_messages(&mine).await.unwrap();
    assert_eq!(after[0].raw, b"Message-ID: <x>\r\n\r\nvervangen\r\n");
    assert_eq!(after[0].id, message.id);
}
