//! Who may call: no route answers without a session or token; a viewer
//! reads and cannot act; a cross-site post with the session cookie is
//! refused; the cookie carries its flags; failed logins lock the account;
//! an account with a second factor needs its code; every refusal is a
//! problem document.

use super::{served, token, Api, Auth, ACCESS, PASSWORD};
use crate::execution::fingerprint;
use crate::identity::state;
use serde_json::{json, Value};

/// Every documented route with its path filled in, and its method.
fn routes(api: &Api, reference: &str) -> Vec<(String, String)> {
    let doc = api.call("GET", "/openapi.json", Auth::None, None);
    assert_eq!(doc.status, 200, "{}", doc.text);
    let mut routes = Vec::new();
    for (path, item) in doc.json["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "delete", "patch"] {
            if item.get(method).is_some() {
                let concrete = path
                    .replace("{reference}", reference)
                    .replace("{action}", "A1");
                routes.push((method.to_uppercase(), concrete));
            }
        }
    }
    routes
}

#[tokio::test]
async fn every_route_without_a_session_or_token_answers_401() {
    let (env, reference, api) = served(ACCESS, "").await;
    let routes = routes(&api, &reference);
    assert!(
        routes.len() >= 30,
        "the document lists every route: {routes:?}"
    );
    let tokens = [
        Auth::None,
        Auth::Token("dsrd_not-a-token"),
        Auth::Session("forged"),
    ];
    let mut checked = 0;
    for (method, path) in &routes {
        if method == "POST" && path == "/session" {
            continue; // signing in is the one way in
        }
        for auth in tokens {
            let body = matches!(method.as_str(), "POST" | "PUT").then(|| json!({}));
            let reply = api.call(method, path, auth, body.as_ref());
            assert_eq!(
                reply.status, 401,
                "{method} {path} with {auth:?}: {}",
                reply.text
            );
            assert_eq!(
                reply.problem(),
                "urn:dsrd:problem:unauthorized",
                "{method} {path}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 90);
    // A malformed Authorization header is no way in either.
    let reply = api.raw(
        "GET",
        "/cases",
        Auth::None,
        None,
        &[("authorization", "Basic Zmc6eA==")],
    );
    assert_eq!(reply.status, 401);
    // Nothing changed.
    assert_eq!(state(&env, &reference), "awaiting_approval");
    let audit = env.dsrd(&["audit", "list"]);
    assert!(!String::from_utf8_lossy(&audit.stdout).contains("plan.approved"));
}

#[tokio::test]
async fn a_viewer_reads_but_its_approval_is_refused_and_changes_nothing() {
    let (env, reference, api) = served(ACCESS, "").await;
    let fp = fingerprint(&env, &reference);
    let (cookie, login) = api.login("kijker", PASSWORD, None);
    assert_eq!(login.status, 200, "{}", login.text);
    let cookie = cookie.expect("a session cookie");
    let viewer_token = token(&env, "kijker");
    for auth in [Auth::Session(&cookie), Auth::Token(&viewer_token)] {
        let case = api.call("GET", &format!("/cases/{reference}"), auth, None);
        assert_eq!(case.status, 200, "{}", case.text);
        assert_eq!(case.json["reference"], reference.as_str());
        let plan = api.call("GET", &format!("/cases/{reference}/plan"), auth, None);
        assert_eq!(plan.status, 200, "{}", plan.text);
        let approve = api.call(
            "POST",
            &format!("/cases/{reference}/approvals"),
            auth,
            Some(&json!({ "plan": fp })),
        );
        assert_eq!(approve.status, 403, "{}", approve.text);
        assert_eq!(approve.problem(), "urn:dsrd:problem:forbidden");
    }
    assert_eq!(state(&env, &reference), "awaiting_approval");
    let audit = String::from_utf8_lossy(&env.dsrd(&["audit", "list"]).stdout).into_owned();
    assert!(!audit.contains("plan.approved"), "{audit}");
    // The refusal is logged by route and role, without the account's name.
    let log = env.log();
    assert!(log.contains("refused for the caller's role"), "{log}");
    assert!(
        !log.lines()
            .filter(|l| l.contains("refused"))
            .any(|l| l.contains("kijker")),
        "the log names the account: {log}"
    );
}

#[tokio::test]
async fn the_session_cookie_has_its_flags_and_a_cross_site_post_is_refused() {
    let (env, reference, api) = served(ACCESS, "").await;
    let fp = fingerprint(&env, &reference);
    let (cookie, login) = api.login("fg", PASSWORD, None);
    assert_eq!(login.status, 200, "{}", login.text);
    let set_cookie = login.header("set-cookie").unwrap().to_ascii_lowercase();
    for flag in ["httponly", "samesite=lax", "secure", "path=/"] {
        assert!(set_cookie.contains(flag), "{flag} missing: {set_cookie}");
    }
    let cookie = cookie.unwrap();
    let path = format!("/cases/{reference}/approvals");
    let body = json!({ "plan": fp }).to_string().into_bytes();
    for headers in [
        vec![("sec-fetch-site", "cross-site")],
        vec![("origin", "https://elders.example")],
    ] {
        let reply = api.raw(
            "POST",
            &path,
            Auth::Session(&cookie),
            Some(body.clone()),
            &headers,
        );
        assert_eq!(reply.status, 403, "{headers:?}: {}", reply.text);
        assert_eq!(reply.problem(), "urn:dsrd:problem:cross-site-request");
    }
    assert_eq!(state(&env, &reference), "awaiting_approval");
    // From our own origin it goes through.
    let own = api.origin();
    let reply = api.raw(
        "POST",
        &path,
        Auth::Session(&cookie),
        Some(body),
        &[("origin", own.as_str()), ("sec-fetch-site", "same-origin")],
    );
    assert_eq!(reply.status, 200, "{}", reply.text);
    // Signing out ends the session.
    let out = api.call("DELETE", "/session", Auth::Session(&cookie), None);
    assert_eq!(out.status, 204, "{}", out.text);
    let after = api.call("GET", "/session", Auth::Session(&cookie), None);
    assert_eq!(after.status, 401);
}

#[tokio::test]
async fn repeated_failed_logins_lock_the_account_and_are_logged() {
    let (env, _reference, api) = served(
        ACCESS,
        "\n[accounts]\nmax_failed_logins = 3\nlockout_minutes = 15\n",
    )
    .await;
    for _ in 0..2 {
        let (cookie, reply) = api.login("fg", "not the password at all", None);
        assert!(cookie.is_none());
        assert_eq!(reply.status, 401, "{}", reply.text);
        assert_eq!(reply.problem(), "urn:dsrd:problem:login-failed");
    }
    // The third failure locks the account, and says so.
    let (cookie, third) = api.login("fg", "not the password at all", None);
    assert!(cookie.is_none());
    assert_eq!(third.problem(), "urn:dsrd:problem:account-locked");
    let (cookie, locked) = api.login("fg", PASSWORD, None);
    assert!(cookie.is_none(), "a locked account got a session");
    assert_eq!(locked.status, 423, "{}", locked.text);
    assert_eq!(locked.problem(), "urn:dsrd:problem:account-locked");
    // An unknown name fails like a wrong password, and locks nothing.
    let (_, unknown) = api.login("niemand", PASSWORD, None);
    assert_eq!(unknown.problem(), "urn:dsrd:problem:login-failed");
    // Another account is not affected.
    let (other, ok) = api.login("dpo", PASSWORD, None);
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert!(other.is_some());
    let users: Value = env.json(&["users", "list", "--json"]);
    let fg = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "fg")
        .unwrap();
    assert!(fg["locked_until"].is_string(), "{users:#}");
    let audit = String::from_utf8_lossy(&env.dsrd(&["audit", "list"]).stdout).into_owned();
    assert!(audit.contains("account.locked"), "{audit}");
    assert!(
        !audit.contains("not the password"),
        "a password in the audit log"
    );
}

#[tokio::test]
async fn sign_ins_from_one_address_beyond_the_configured_rate_are_refused_before_the_password() {
    let (_env, _reference, api) = served(ACCESS, "\n[accounts]\nlogins_per_minute = 3\n").await;
    for n in 1..=3 {
        let (cookie, reply) = api.login("fg", PASSWORD, None);
        assert_eq!(reply.status, 200, "sign-in {n}: {}", reply.text);
        assert!(cookie.is_some());
    }
    // The fourth within the minute is refused, even with the right
    // password, and says to wait.
    let (cookie, fourth) = api.login("fg", PASSWORD, None);
    assert!(cookie.is_none(), "a sign-in beyond the rate got a session");
    assert_eq!(fourth.status, 429, "{}", fourth.text);
    assert_eq!(fourth.problem(), "urn:dsrd:problem:too-many-requests");
}

#[tokio::test]
async fn an_account_with_a_second_factor_cannot_sign_in_with_its_password_alone() {
    let (env, _reference, api) = served(ACCESS, "").await;
    let out = env.dsrd(&["users", "totp", "fg"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    let url = printed
        .split_whitespace()
        .find(|w| w.starts_with("otpauth://"))
        .unwrap_or_else(|| panic!("no otpauth URL in {printed}"));
    let secret = url
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("secret="))
        .unwrap_or_else(|| panic!("no secret in {url}"))
        .to_owned();
    let code_now = || dsrd::accounts::totp::code_at(&secret, chrono::Utc::now()).unwrap();

    let (cookie, alone) = api.login("fg", PASSWORD, None);
    assert!(cookie.is_none());
    assert_eq!(alone.status, 401, "{}", alone.text);
    assert_eq!(alone.problem(), "urn:dsrd:problem:second-factor-required");
    let (cookie, wrong) = api.login("fg", PASSWORD, Some("000000"));
    assert!(cookie.is_none() || code_now() == "000000");
    assert_eq!(wrong.status, 401);

    let code = code_now();
    let (cookie, ok) = api.login("fg", PASSWORD, Some(&code));
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert!(cookie.is_some());
    // The same code does not work twice.
    let (again, reused) = api.login("fg", PASSWORD, Some(&code));
    assert!(again.is_none(), "a TOTP code was accepted twice");
    assert_eq!(reused.status, 401);
}

#[tokio::test]
async fn bad_bodies_and_unknown_routes_are_problems_too() {
    let (env, reference, api) = served(ACCESS, "").await;
    let fg = token(&env, "fg");
    let path = format!("/cases/{reference}/approvals");
    let not_json = api.raw(
        "POST",
        &path,
        Auth::Token(&fg),
        Some(b"{plan:".to_vec()),
        &[],
    );
    assert_eq!(not_json.status, 400, "{}", not_json.text);
    assert_eq!(not_json.problem(), "urn:dsrd:problem:bad-request");
    let missing = api.call("POST", &path, Auth::Token(&fg), Some(&json!({})));
    assert_eq!(missing.status, 422, "{}", missing.text);
    assert_eq!(missing.problem(), "urn:dsrd:problem:invalid-input");
    let huge = vec![b' '; 300 * 1024];
    let too_large = api.raw("POST", &path, Auth::Token(&fg), Some(huge), &[]);
    assert_eq!(too_large.status, 413, "{}", too_large.text);
    assert_eq!(too_large.problem(), "urn:dsrd:problem:payload-too-large");
    let nowhere = api.call("GET", "/nowhere", Auth::Token(&fg), None);
    assert_eq!(nowhere.status, 404);
    assert_eq!(nowhere.problem(), "urn:dsrd:problem:not-found");
    let no_case = api.call("GET", "/cases/AVG-2026-9999", Auth::Token(&fg), None);
    assert_eq!(no_case.status, 404);
    assert_eq!(no_case.problem(), "urn:dsrd:problem:not-found");
    assert_eq!(state(&env, &reference), "awaiting_approval");
}

#[tokio::test]
async fn an_admin_manages_accounts_and_an_officer_may_not() {
    let (env, reference, api) = served(ACCESS, "").await;
    super::add_user(&env, "beheer", "admin");
    let admin = token(&env, "beheer");
    let fg = token(&env, "fg");
    let listed = api.call("GET", "/users", Auth::Token(&fg), None);
    assert_eq!(listed.status, 403, "{}", listed.text);
    assert_eq!(listed.problem(), "urn:dsrd:problem:forbidden");
    let made = api.call(
        "POST",
        "/users",
        Auth::Token(&admin),
        Some(&json!({ "name": "nieuw", "role": "officer", "password": PASSWORD })),
    );
    assert_eq!(made.status, 201, "{}", made.text);
    assert_eq!(made.json["role"], "officer");
    assert!(!made.text.contains(PASSWORD) && !made.text.contains("argon2"));
    let again = api.call(
        "POST",
        "/users",
        Auth::Token(&admin),
        Some(&json!({ "name": "NIEUW", "role": "viewer", "password": PASSWORD })),
    );
    assert_eq!(
        again.status, 409,
        "names are unique regardless of case: {}",
        again.text
    );
    let (session, login) = api.login("nieuw", PASSWORD, None);
    assert_eq!(login.status, 200, "{}", login.text);
    let session = session.unwrap();
    // An account that is no [[officers]] entry acts, but may not approve:
    // the approval rules count the configured officers.
    let fp = fingerprint(&env, &reference);
    let approve = api.call(
        "POST",
        &format!("/cases/{reference}/approvals"),
        Auth::Session(&session),
        Some(&json!({ "plan": fp })),
    );
    assert_eq!(approve.status, 403, "{}", approve.text);
    assert_eq!(approve.problem(), "urn:dsrd:problem:not-an-approver");
    assert_eq!(state(&env, &reference), "awaiting_approval");
    let own = api.call("POST", "/users/Beheer/disable", Auth::Token(&admin), None);
    assert_eq!(
        own.status, 409,
        "an admin disabled their own account: {}",
        own.text
    );
    let disabled = api.call("POST", "/users/nieuw/disable", Auth::Token(&admin), None);
    assert_eq!(disabled.status, 200, "{}", disabled.text);
    assert_eq!(disabled.json["disabled"], true);
    let after = api.call("GET", "/session", Auth::Session(&session), None);
    assert_eq!(
        after.status, 401,
        "a disabled account's session still works"
    );
    let audit = String::from_utf8_lossy(&env.dsrd(&["audit", "list"]).stdout).into_owned();
    assert!(
        audit.contains("officer:beheer"),
        "the admin's changes are audited as the admin: {audit}"
    );
}
