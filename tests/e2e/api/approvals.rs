//! The approval rules through the API: a case whose identity is not
//! verified cannot be approved whatever the caller sends — its own plan
//! name, another case's plan, fields the body does not have — and four
//! eyes need two accounts: one account twice, or with a second token,
//! counts once.

use super::{served, token, Api, Auth, ACCESS, ERASURE};
use crate::execution::{fingerprint, pupil};
use crate::identity::{case_by_message, request, state, wait_for_state, CHILD, CHILD_NUMBER};
use serde_json::json;

/// The audit actions about `reference`.
fn audit_actions(env: &crate::helpers::TestEnv, reference: &str) -> Vec<String> {
    env.json(&["audit", "list", "--case", reference, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn approve(
    api: &Api,
    auth: Auth,
    reference: &str,
    body: serde_json::Value,
) -> super::client::Reply {
    api.call(
        "POST",
        &format!("/cases/{reference}/approvals"),
        auth,
        Some(&body),
    )
}

#[tokio::test]
async fn an_unverified_case_is_refused_whatever_the_approval_says() {
    let (env, verified, api) = served(ACCESS, "").await;
    let fg = token(&env, "fg");
    // A second request, from an address nobody knows: it waits for a code.
    env.deliver(
        "2.request",
        &request(
            "stranger-1@elders.example",
            "iemand@elders.example",
            &format!("Geachte heer, mevrouw,\n\nIk wil graag inzage in de gegevens van mijn dochter {CHILD}, leerlingnummer {CHILD_NUMBER}.\n\nMet vriendelijke groet,\nSanne Bakker"),
            true,
        ),
    );
    env.wait_until("the second case exists", || {
        env.json(&["cases", "list", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 2
    });
    let unverified = (0..2)
        .map(|n| case_by_message(&env, n))
        .find(|r| r != &verified)
        .unwrap();
    wait_for_state(&env, &unverified, "awaiting_identity");
    // The code waiting for its answer is shown without its salt and hash
    // (with both, the code could be found by trying).
    let view = api.call(
        "GET",
        &format!("/cases/{unverified}/identity"),
        Auth::Token(&fg),
        None,
    );
    assert_eq!(view.status, 200, "{}", view.text);
    let record = &view.json["identity"]["code"]["record"];
    assert!(record["attempts_left"].is_number(), "{}", view.text);
    assert_eq!(record["salt"], "", "{}", view.text);
    assert_eq!(record["hash"], "", "{}", view.text);
    let case = api.call(
        "GET",
        &format!("/cases/{unverified}"),
        Auth::Token(&fg),
        None,
    );
    assert_eq!(
        case.json["identity"]["code"]["record"]["hash"], "",
        "{}",
        case.text
    );
    let other_plan = fingerprint(&env, &verified);
    let before = audit_actions(&env, &unverified);

    for body in [
        json!({ "plan": other_plan }),
        json!({ "plan": other_plan, "actions": ["A1"] }),
        json!({ "plan": "00000000" }),
        json!({ "plan": other_plan[..8].to_owned(), "actions": ["A1", "A2"] }),
    ] {
        let reply = approve(&api, Auth::Token(&fg), &unverified, body.clone());
        assert_eq!(reply.status, 409, "{body}: {}", reply.text);
        assert_eq!(
            reply.problem(),
            "urn:dsrd:problem:identity-not-verified",
            "{body}"
        );
    }
    // Fields an approval does not have are refused before anything is
    // looked at: nobody approves as someone else, or marks identity.
    for body in [
        json!({ "plan": other_plan, "officer": "dpo" }),
        json!({ "plan": other_plan, "verified": true }),
        json!({ "plan": other_plan, "case": verified }),
    ] {
        let reply = approve(&api, Auth::Token(&fg), &unverified, body.clone());
        assert_eq!(reply.status, 422, "{body}: {}", reply.text);
        assert_eq!(reply.problem(), "urn:dsrd:problem:invalid-input");
    }
    let reject = api.call(
        "POST",
        &format!("/cases/{unverified}/rejections"),
        Auth::Token(&fg),
        Some(&json!({ "plan": other_plan, "action": "A1", "reason": "dat willen wij niet doen" })),
    );
    assert_eq!(reject.status, 409, "{}", reject.text);
    assert_eq!(reject.problem(), "urn:dsrd:problem:identity-not-verified");

    assert_eq!(state(&env, &unverified), "awaiting_identity");
    assert_eq!(
        audit_actions(&env, &unverified),
        before,
        "something was written"
    );
    // The verified case's plan is untouched by all this.
    assert_eq!(state(&env, &verified), "awaiting_approval");
    assert!(!audit_actions(&env, &verified)
        .iter()
        .any(|a| a == "plan.approved"));
}

#[tokio::test]
async fn four_eyes_through_the_api_need_two_accounts() {
    let (env, reference, api) = served(ERASURE, "\n[approval]\nerasure_approvers = 2\n").await;
    let fp = fingerprint(&env, &reference);
    let fg = token(&env, "fg");
    let fg_again = token(&env, "fg");
    let dpo = token(&env, "dpo");

    let first = approve(&api, Auth::Token(&fg), &reference, json!({ "plan": fp }));
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.json["executing"], false, "{}", first.text);
    // The same account again — with the same token, another token, or its
    // session — does not count.
    let (session, _) = api.login("fg", super::PASSWORD, None);
    let session = session.unwrap();
    for auth in [
        Auth::Token(&fg),
        Auth::Token(&fg_again),
        Auth::Session(&session),
    ] {
        let twice = approve(&api, auth, &reference, json!({ "plan": fp }));
        assert_eq!(twice.status, 409, "{auth:?}: {}", twice.text);
        let named = approve(
            &api,
            auth,
            &reference,
            json!({ "plan": fp, "actions": ["A1"] }),
        );
        assert_eq!(named.status, 409, "{auth:?}: {}", named.text);
        assert_eq!(named.problem(), "urn:dsrd:problem:already-decided");
    }
    assert_eq!(state(&env, &reference), "awaiting_approval");
    assert!(
        pupil(&env).await.unwrap().1.is_some(),
        "erased on one approval"
    );

    // A stale plan name is refused as such.
    let stale = approve(
        &api,
        Auth::Token(&dpo),
        &reference,
        json!({ "plan": "ffffffffffff" }),
    );
    assert_eq!(stale.status, 409);
    assert_eq!(stale.problem(), "urn:dsrd:problem:stale-plan");

    let second = approve(&api, Auth::Token(&dpo), &reference, json!({ "plan": fp }));
    assert_eq!(second.status, 200, "{}", second.text);
    assert_eq!(second.json["executing"], true, "{}", second.text);
    let approvals: Vec<_> = env
        .json(&["audit", "list", "--case", &reference, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "plan.approved")
        .map(|e| e["actor"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        approvals.contains(&"officer:fg".to_owned()),
        "{approvals:?}"
    );
    assert!(
        approvals.contains(&"officer:dpo".to_owned()),
        "{approvals:?}"
    );
    env.wait_until("the erasure is done", || {
        let a = crate::execution::actions(&env, &reference);
        !a.is_empty() && a.iter().all(|a| a["state"] == "done")
    });
}
