//! The CLI and the API give the same result for the same action: two
//! identical installations get the same access request; one officer drives
//! the first through the CLI (extend, approve, send), the same officer the
//! second through the API; what each store and outbox holds afterwards is
//! the same, but for times and secrets.

use super::{add_user, token, Api, Auth, ACCESS};
use crate::answer::{answer_config, wait_drafted, write_key};
use crate::execution::{actions, fingerprint, planned};
use crate::helpers::*;
use crate::identity::{sent, state};
use crate::support::{free_port, wait_for_port};
use serde_json::{json, Value};

/// What a case left behind, without times, ids and secrets: its state,
/// due date, event kinds and actors, its audit actions and actors, its
/// action rows, and the kinds of mail it sent.
fn effects(env: &TestEnv, reference: &str) -> Value {
    let case = env.json(&["cases", "show", reference, "--json"]);
    let events: Vec<Value> = case["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!([e["kind"], e["actor"]]))
        .collect();
    // The outbox delivers on its own time: a mail's `mail.sent` may come
    // before or after the next officer action, so those are counted, the
    // rest compared in order.
    let entries = env.json(&["audit", "list", "--case", reference, "--json"]);
    let entries = entries.as_array().unwrap();
    let audit: Vec<Value> = entries
        .iter()
        .filter(|e| e["action"] != "mail.sent")
        .map(|e| json!([e["action"], e["actor"]]))
        .collect();
    let mails_sent = entries
        .iter()
        .filter(|e| e["action"] == "mail.sent")
        .count();
    let rows: Vec<Value> = actions(env, reference)
        .iter()
        .map(|a| json!([a["action"], a["state"], a["spec"]["kind"], a["attempts"]]))
        .collect();
    let mut mails: Vec<String> = env
        .outbox()
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            // REF-KIND-ID.eml: the kind is what matters.
            name.trim_start_matches(reference)
                .trim_start_matches('-')
                .rsplit_once('-')
                .map(|(kind, _)| kind.to_owned())
                .unwrap_or(name)
        })
        .collect();
    mails.sort();
    json!({
        "state": case["state"],
        "due_date": case["due_date"],
        "events": events,
        "audit": audit,
        "mails_sent": mails_sent,
        "actions": rows,
        "mails": mails,
    })
}

async fn installation() -> (TestEnv, String, u16) {
    let port = free_port();
    let (env, reference) = planned(Backend::Sqlite, ACCESS, &answer_config(port)).await;
    write_key(&env);
    wait_for_port(port, "the officer API");
    add_user(&env, "fg", "officer");
    (env, reference, port)
}

#[tokio::test]
async fn the_cli_and_the_api_leave_the_same_effects() {
    let (by_cli, cli_ref, _) = installation().await;
    let (by_api, api_ref, port) = installation().await;
    assert_eq!(
        effects(&by_cli, &cli_ref),
        effects(&by_api, &api_ref),
        "the twins differ before anything was done"
    );
    let api = Api::new(port);
    let fg = token(&by_api, "fg");
    let reason = "De leerlingadministratie wordt overgezet naar een nieuw systeem.";

    // Extend the deadline.
    let out = by_cli.dsrd(&[
        "cases",
        "extend",
        &cli_ref,
        "--by",
        "4w",
        "--reason",
        reason,
        "--officer",
        "fg",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let reply = api.call(
        "POST",
        &format!("/cases/{api_ref}/extension"),
        Auth::Token(&fg),
        Some(&json!({ "by": "4w", "reason": reason })),
    );
    assert_eq!(reply.status, 200, "{}", reply.text);

    // Approve the plan.
    let fp = fingerprint(&by_cli, &cli_ref);
    let out = by_cli.dsrd(&["cases", "approve", &cli_ref, "--plan", &fp, "--as", "fg"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let fp = fingerprint(&by_api, &api_ref);
    let reply = api.call(
        "POST",
        &format!("/cases/{api_ref}/approvals"),
        Auth::Token(&fg),
        Some(&json!({ "plan": fp })),
    );
    assert_eq!(reply.status, 200, "{}", reply.text);

    // Send the answer once it is drafted.
    wait_drafted(&by_cli, &cli_ref);
    wait_drafted(&by_api, &api_ref);
    let out = by_cli.dsrd(&["cases", "send", &cli_ref, "--as", "fg"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let reply = api.call(
        "POST",
        &format!("/cases/{api_ref}/send"),
        Auth::Token(&fg),
        Some(&json!({})),
    );
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json["state"], "answered", "{}", reply.text);
    for (env, reference) in [(&by_cli, &cli_ref), (&by_api, &api_ref)] {
        assert_eq!(state(env, reference), "answered");
        env.wait_until("the answer and its code are sent", || {
            !sent(env, "answer").is_empty() && !sent(env, "download_code").is_empty()
        });
    }
    let (cli, api_effects) = (effects(&by_cli, &cli_ref), effects(&by_api, &api_ref));
    assert_eq!(cli, api_effects, "the CLI and the API differ");
    // And it is not equal by being empty.
    assert!(cli["audit"].as_array().unwrap().len() > 8, "{cli:#}");
    assert!(cli["audit"].to_string().contains("officer:fg"), "{cli:#}");
}
