//! The breach register through the API: an officer enters a breach and
//! sees its AP due time, a viewer may read but not enter, and the rules of
//! art. 33/34 refuse a close without an assessment, as the CLI does.

use super::{served, token, Auth, ACCESS};
use serde_json::json;

#[tokio::test]
async fn an_officer_enters_and_closes_a_breach_through_the_api_by_the_rules() {
    let (env, _case, api) = served(ACCESS, "").await;
    let fg = token(&env, "fg");
    let kijker = token(&env, "kijker");
    let body = json!({
        "discovered_at": "2026-03-02T08:00:00Z",
        "what": "Cijferlijst naar de verkeerde ouders gemaild",
        "categories": ["cijfers"],
        "people": 1
    });

    let viewer = api.call("POST", "/breaches", Auth::Token(&kijker), Some(&body));
    assert_eq!(viewer.status, 403, "{}", viewer.text);
    let entered = api.call("POST", "/breaches", Auth::Token(&fg), Some(&body));
    assert_eq!(entered.status, 201, "{}", entered.text);
    let reference = entered.json["reference"].as_str().unwrap().to_owned();
    assert_eq!(entered.json["ap_due"], "2026-03-05T08:00:00Z");
    assert_eq!(entered.json["created_by"], "officer:fg");

    let path = format!("/breaches/{reference}");
    let early = api.call(
        "POST",
        &path,
        Auth::Token(&fg),
        Some(&json!({ "close": true })),
    );
    assert_eq!(early.status, 409, "{}", early.text);
    assert!(
        early.json["detail"]
            .as_str()
            .unwrap()
            .contains("risk assessment"),
        "{}",
        early.text
    );
    let closed = api.call(
        "POST",
        &path,
        Auth::Token(&fg),
        Some(&json!({
            "risk": { "level": "none", "reasoning": "alleen een cijfer, meteen verwijderd" },
            "ap": { "decision": "not_reported", "reason": "waarschijnlijk geen risico" },
            "close": true
        })),
    );
    assert_eq!(closed.status, 200, "{}", closed.text);
    assert_eq!(closed.json["state"], "closed");
    assert_eq!(closed.json["countdown"], serde_json::Value::Null);

    let list = api.call("GET", "/breaches", Auth::Token(&kijker), None);
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.json.as_array().unwrap().len(), 1);
    let open = api.call("GET", "/breaches?open=true", Auth::Token(&kijker), None);
    assert!(open.json.as_array().unwrap().is_empty(), "{}", open.text);
    let cli = env.json(&["breaches", "show", &reference, "--json"]);
    assert_eq!(
        cli,
        api.call("GET", &path, Auth::Token(&kijker), None).json,
        "CLI and API show the same entry"
    );
    for missing in ["/breaches/DATALEK-2026-0099", "/breaches/AVG-2026-0001"] {
        let reply = api.call("GET", missing, Auth::Token(&fg), None);
        assert_eq!(reply.status, 404, "{missing}: {}", reply.text);
        assert_eq!(reply.problem(), "urn:dsrd:problem:not-found");
    }
}
