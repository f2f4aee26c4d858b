//! The officer's web console over real HTTP (issue 15, point 7): the real
//! daemon serving `/console` on a free port, accounts made with the real
//! CLI, forms posted as a browser posts them. A cross-site post is refused
//! and changes nothing; the session cookie's flags are as configured; a
//! viewer sees no approve button and its forged post changes nothing; the
//! forms call the library (approve → executing, extend → new due date and
//! its notice, triage's three ways out); a script in a letter's subject and
//! body is shown as text on every page that shows them.

use crate::api::{add_user, served, PASSWORD};
use crate::helpers::TestEnv;
use crate::identity::{case_by_message, state, wait_for_state, GUARDIAN};

/// A browser without JavaScript: no redirects followed, its cookies kept
/// by hand (the session, the flash of the last action, the language).
struct Browser {
    base: String,
    agent: ureq::Agent,
    session: Option<String>,
    jar: std::cell::RefCell<Vec<(String, String)>>,
}

/// A response.
struct Page {
    status: u16,
    headers: Vec<(String, String)>,
    text: String,
}

impl Page {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `application/x-www-form-urlencoded` of `fields`.
fn form(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl Browser {
    fn new(port: u16) -> Browser {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_idle_connections(0)
            .build()
            .into();
        Browser {
            base: format!("http://127.0.0.1:{port}"),
            agent,
            session: None,
            jar: Default::default(),
        }
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        extra: &[(&str, &str)],
    ) -> Page {
        let mut r = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        let mut cookies: Vec<String> = self
            .jar
            .borrow()
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        if let Some(s) = &self.session {
            cookies.push(format!("dsrd_session={s}"));
        }
        if !cookies.is_empty() {
            r = r.header("cookie", cookies.join("; "));
        }
        if body.is_some() {
            r = r.header("content-type", "application/x-www-form-urlencoded");
            // A browser on our own pages sends our origin with a form.
            if !extra.iter().any(|(n, _)| *n == "origin") {
                r = r.header("origin", self.base.as_str());
            }
        }
        for (n, v) in extra {
            r = r.header(*n, *v);
        }
        let mut response = self
            .agent
            .run(r.body(body.unwrap_or_default().into_bytes()).unwrap())
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().unwrap_or_default();
            let Some((name, value)) = set.split(';').next().and_then(|p| p.split_once('=')) else {
                continue;
            };
            if name == "dsrd_session" {
                continue;
            }
            let mut jar = self.jar.borrow_mut();
            jar.retain(|(n, _)| n != name);
            if !set.contains("Max-Age=0") {
                jar.push((name.to_owned(), value.to_owned()));
            }
        }
        Page {
            status: response.status().as_u16(),
            headers: response
                .headers()
                .iter()
                .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
                .collect(),
            text: response.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    fn get(&self, path: &str) -> Page {
        self.request("GET", path, None, &[])
    }

    fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.request("POST", path, Some(form(fields)), &[])
    }

    /// Signs in as `name`; the whole response.
    fn sign_in(&mut self, name: &str) -> Page {
        let page = self.post(
            "/console/login",
            &[
                ("username", name),
                ("password", PASSWORD),
                ("next", "/console/"),
            ],
        );
        assert_eq!(page.status, 303, "sign-in as {name}: {}", page.text);
        self.session = page
            .headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .find_map(|(_, v)| v.split(';').next()?.strip_prefix("dsrd_session="))
            .map(str::to_owned);
        assert!(self.session.is_some(), "a session cookie");
        page
    }
}

/// The plan's fingerprint in the case page's approve form.
fn fingerprint_on(page: &str) -> String {
    let at = page
        .find("name=\"plan\" value=\"")
        .expect("the approve form");
    page[at + 19..].split('"').next().unwrap().to_owned()
}

fn audit_count(env: &TestEnv) -> usize {
    env.json(&["audit", "list", "--json"])
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_cross_site_form_post_is_refused_and_changes_nothing() {
    let (env, reference, api) = served(crate::api::ACCESS, "").await;
    let mut browser = Browser::new(api.port());
    browser.sign_in("fg");
    let page = browser.get(&format!("/console/cases/{reference}"));
    let plan = fingerprint_on(&page.text);
    let before = audit_count(&env);
    for headers in [
        &[("sec-fetch-site", "cross-site")][..],
        &[("origin", "https://evil.example")][..],
    ] {
        let refused = browser.request(
            "POST",
            &format!("/console/cases/{reference}/plan/approve"),
            Some(form(&[("plan", &plan)])),
            headers,
        );
        assert_eq!(refused.status, 403, "{headers:?}: {}", refused.text);
        assert!(refused.text.contains("data-testid=\"error\""));
    }
    assert_eq!(state(&env, &reference), "awaiting_approval");
    assert_eq!(audit_count(&env), before, "nothing was recorded");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_secure_by_default() {
    let (_env, _reference, api) = served(crate::api::ACCESS, "").await;
    let mut browser = Browser::new(api.port());
    let page = browser.sign_in("fg");
    let cookie = page.header("set-cookie").unwrap();
    assert!(cookie.starts_with("dsrd_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Secure"), "{cookie}");
    assert_eq!(page.header("location"), Some("/console/"));
    let inbox = browser.get("/console/");
    assert_eq!(inbox.status, 200, "{}", inbox.text);
    assert!(inbox.text.contains("data-testid=\"count-open\""));
    let signed_out = browser.post("/console/logout", &[]);
    assert_eq!(signed_out.status, 303);
    let after = browser.get("/console/");
    assert_eq!(after.status, 303, "the session ended");
}

#[tokio::test]
async fn an_unknown_console_address_is_the_consoles_own_not_found_page() {
    let (_env, reference, api) = served(crate::api::ACCESS, "").await;
    let mut browser = Browser::new(api.port());
    let unsigned = browser.get("/console/no/such/page");
    assert_eq!(unsigned.status, 303, "without a session: sign in first");
    browser.sign_in("fg");
    for path in [
        "/console/no/such/page".to_owned(),
        format!("/console/cases/{reference}/nonsense"),
        "/console/static/other.css".to_owned(),
    ] {
        let page = browser.get(&format!("{path}?lang=nl"));
        assert_eq!(page.status, 404, "{path}: {}", page.text);
        assert!(
            page.text.contains("<html lang=\"nl\">"),
            "{path}: {}",
            page.text
        );
        assert!(
            page.text.contains("Deze pagina bestaat niet"),
            "{}",
            page.text
        );
        assert!(
            page.text.contains("data-testid=\"account\""),
            "the console's frame"
        );
        assert!(
            page.text.contains("/console/static/console.css"),
            "its style"
        );
        let policy = page.header("content-security-policy").unwrap_or_default();
        assert!(policy.contains("default-src 'self'"), "{policy}");
    }
    let real = browser.get(&format!("/console/cases/{reference}"));
    assert_eq!(real.status, 200, "a real page is still served");
}

#[tokio::test]
async fn a_viewer_sees_no_approve_button_and_its_forged_post_changes_nothing() {
    let (env, reference, api) =
        served(crate::api::ACCESS, "\n[accounts]\nsecure_cookie = false\n").await;
    let mut officer = Browser::new(api.port());
    officer.sign_in("fg");
    let plan = fingerprint_on(&officer.get(&format!("/console/cases/{reference}")).text);
    let mut viewer = Browser::new(api.port());
    let signed = viewer.sign_in("kijker");
    let cookie = signed.header("set-cookie").unwrap();
    assert!(
        !cookie.contains("Secure"),
        "secure_cookie = false: {cookie}"
    );
    let page = viewer.get(&format!("/console/cases/{reference}"));
    assert_eq!(page.status, 200);
    assert!(page.text.contains("data-testid=\"plan\""));
    assert!(!page.text.contains("approve-form"), "no approve form");
    assert!(!page.text.contains("approve-submit"), "no approve button");
    let before = audit_count(&env);
    let forged = viewer.post(
        &format!("/console/cases/{reference}/plan/approve"),
        &[("plan", &plan)],
    );
    assert_eq!(forged.status, 403, "{}", forged.text);
    assert_eq!(state(&env, &reference), "awaiting_approval");
    assert_eq!(audit_count(&env), before, "nothing was recorded");
}

#[tokio::test]
async fn an_officer_approves_and_extends_from_the_case_page() {
    let (env, reference, api) = served(crate::api::ACCESS, "").await;
    let mut browser = Browser::new(api.port());
    browser.sign_in("fg");
    let path = format!("/console/cases/{reference}");
    let before = env.json(&["cases", "show", &reference, "--json"])["due_date"]
        .as_str()
        .unwrap()
        .to_owned();
    let extended = browser.post(
        &format!("{path}/extend"),
        &[
            ("by", "2w"),
            (
                "reason",
                "De administratie van twee scholen moet nog worden doorzocht.",
            ),
        ],
    );
    assert_eq!(extended.status, 303, "{}", extended.text);
    assert_eq!(extended.header("location"), Some(path.as_str()));
    let after = env.json(&["cases", "show", &reference, "--json"])["due_date"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(after > before, "{before} → {after}");
    let page = browser.get(&format!("{path}?lang=nl"));
    assert!(page.text.contains("data-testid=\"flash\""), "{}", page.text);
    // The timeline and the mails sent read in words, without ids or JSON.
    let timeline = page.text.split("data-testid=\"timeline\"").nth(1).unwrap();
    assert!(
        timeline.contains("data-action=\"case.extended\""),
        "{timeline}"
    );
    assert!(timeline.contains("Termijn verlengd"), "{timeline}");
    assert!(timeline.contains("Verzoek ontvangen"), "{timeline}");
    assert!(
        timeline.contains(&format!("{before} → {after}")),
        "{timeline}"
    );
    assert!(
        !timeline.contains("message_id")
            && !timeline.contains("&#34;")
            && !timeline.contains("&quot;"),
        "{timeline}"
    );
    assert!(!timeline.contains(">case.received<"), "{timeline}");
    assert!(
        page.text.contains("bericht van verlenging"),
        "the mail kind in words"
    );
    assert!(
        !page.text.contains("dsrd cases extend"),
        "no CLI words in the form"
    );
    assert!(page.text.contains(&after));
    assert!(
        page.text.contains("data-kind=\"extension\""),
        "the notice in the outbox"
    );
    env.wait_until("the extension notice is written out", || {
        !crate::identity::sent(&env, "extension").is_empty()
    });
    let refused = browser.post(
        &format!("{path}/extend"),
        &[("by", "2w"), ("reason", "kort")],
    );
    assert_eq!(refused.status, 303);
    assert!(browser.get(&path).text.contains("data-testid=\"error\""));

    let plan = fingerprint_on(&page.text);
    let approved = browser.post(&format!("{path}/plan/approve"), &[("plan", &plan)]);
    assert_eq!(approved.status, 303, "{}", approved.text);
    wait_for_state(&env, &reference, "executing");
    let audit = env.json(&["audit", "list", "--case", &reference, "--json"]);
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["actor"] == "officer:fg"),
        "the account acted: {audit}"
    );
}

/// A letter that is no request, with a script in its subject and body.
fn scripted(id: &str) -> Vec<u8> {
    format!(
        "From: <{GUARDIAN}>\r\nTo: avg@testscholen.example\r\nSubject: <script>alert('onderwerp')</script>\r\n\
Message-ID: <{id}>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Wanneer is de volgende ouderavond? <script>alert('tekst')</script>\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn a_script_in_a_letter_is_shown_as_text_and_triage_has_its_three_ways_out() {
    let (env, first, api) = served(crate::api::ACCESS, "").await;
    for (i, id) in ["s1@example.nl", "s2@example.nl", "s3@example.nl"]
        .iter()
        .enumerate()
    {
        env.deliver(&format!("{}.script", i + 2), &scripted(id));
    }
    env.wait_until("three letters in triage", || {
        env.json(&["cases", "list", "--state", "needs_triage", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 3
    });
    let letters: Vec<String> = (1..4).map(|n| case_by_message(&env, n)).collect();
    let mut browser = Browser::new(api.port());
    browser.sign_in("fg");
    for path in [
        "/console/".to_owned(),
        "/console/triage".to_owned(),
        format!("/console/cases/{}", letters[0]),
    ] {
        let page = browser.get(&path);
        assert_eq!(page.status, 200, "{path}");
        assert!(!page.text.contains("<script"), "{path} has a live script");
        assert!(
            page.text
                .contains("&#60;script&#62;alert(&#39;onderwerp&#39;)")
                || page.text.contains("&lt;script&gt;alert("),
            "{path} shows the subject as text:\n{}",
            page.text
        );
        if path != "/console/" {
            assert!(
                page.text.contains("alert(&#39;tekst&#39;)")
                    || page.text.contains("alert(&#x27;tekst&#x27;)"),
                "{path} shows the body as text"
            );
        }
    }
    let triage = browser.get("/console/triage").text;
    for letter in &letters {
        assert!(triage.contains(&format!("data-reference=\"{letter}\"")));
    }
    // Make a case of the first.
    let made = browser.post(
        &format!("/console/cases/{}/classify", letters[0]),
        &[("type", "access")],
    );
    assert_eq!(made.status, 303);
    env.wait_until("the letter is a request", || {
        state(&env, &letters[0]) != "needs_triage"
    });
    // Link the second to the first case.
    let linked = browser.post(
        &format!("/console/cases/{}/link", letters[1]),
        &[("case", &first)],
    );
    assert_eq!(linked.status, 303);
    assert_eq!(state(&env, &letters[1]), "closed");
    // Close the third as no request.
    let closed = browser.post(&format!("/console/cases/{}/close", letters[2]), &[]);
    assert_eq!(closed.status, 303);
    assert_eq!(state(&env, &letters[2]), "closed");
    let actions: Vec<String> = env
        .json(&["audit", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    for want in [
        "case.reclassified",
        "case.linked",
        "case.follow_up_linked",
        "case.closed_no_request",
    ] {
        assert!(actions.iter().any(|a| a == want), "{want} in {actions:?}");
    }
    // Triage is empty now; a closed letter cannot be closed again.
    assert!(browser
        .get("/console/triage")
        .text
        .contains("data-testid=\"no-triage\""));
    let again = browser.post(&format!("/console/cases/{}/close", letters[2]), &[]);
    assert_eq!(again.status, 303);
    assert!(browser
        .get("/console/triage")
        .text
        .contains("data-testid=\"error\""));
}

#[tokio::test]
async fn the_cli_links_and_closes_letters_in_triage_as_the_console_does() {
    let (env, first, _api) = served(crate::api::ACCESS, "").await;
    for (i, id) in ["c1@example.nl", "c2@example.nl"].iter().enumerate() {
        env.deliver(&format!("{}.cli", i + 2), &scripted(id));
    }
    env.wait_until("two letters in triage", || {
        env.json(&["cases", "list", "--state", "needs_triage", "--json"])
            .as_array()
            .unwrap()
            .len()
            == 2
    });
    let (a, b) = (case_by_message(&env, 1), case_by_message(&env, 2));
    let refused = env.dsrd(&["cases", "link", &a, "--to", &a, "--officer", "fg"]);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "a letter cannot follow up itself"
    );
    let linked = env.dsrd(&["cases", "link", &a, "--to", &first, "--officer", "fg"]);
    assert!(
        linked.status.success(),
        "{}",
        String::from_utf8_lossy(&linked.stdout)
    );
    let closed = env.dsrd(&["cases", "close", &b, "--no-request", "--officer", "fg"]);
    assert!(
        closed.status.success(),
        "{}",
        String::from_utf8_lossy(&closed.stdout)
    );
    assert_eq!(state(&env, &a), "closed");
    assert_eq!(state(&env, &b), "closed");
    let again = env.dsrd(&["cases", "close", &b, "--no-request", "--officer", "fg"]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "only a letter in triage is closed"
    );
    let missing = env.dsrd(&["cases", "close", &b]);
    assert_eq!(missing.status.code(), Some(2), "--no-request is required");
    let shown = env.json(&["cases", "show", &first, "--json"]);
    assert!(
        shown
            .to_string()
            .contains(&format!("letter {a} linked as a follow-up")),
        "{shown}"
    );
    env.dsrd(&["audit", "verify"])
        .status
        .success()
        .then_some(())
        .expect("the audit chain verifies");
}

#[tokio::test]
async fn only_an_admin_manages_accounts_and_a_new_account_can_sign_in() {
    let (env, _reference, api) = served(crate::api::ACCESS, "").await;
    add_user(&env, "beheer", "admin");
    let mut officer = Browser::new(api.port());
    officer.sign_in("fg");
    assert!(!officer
        .get("/console/")
        .text
        .contains("href=\"/console/users\""));
    assert_eq!(officer.get("/console/users").status, 403);
    let forged = officer.post(
        "/console/users",
        &[
            ("name", "stiekem"),
            ("role", "admin"),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(forged.status, 403);
    let mut admin = Browser::new(api.port());
    admin.sign_in("beheer");
    assert!(admin
        .get("/console/")
        .text
        .contains("href=\"/console/users\""));
    let added = admin.post(
        "/console/users",
        &[
            ("name", "nieuw"),
            ("role", "viewer"),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(added.status, 303);
    let page = admin.get("/console/users").text;
    assert!(page.contains("data-testid=\"flash\""), "{page}");
    assert!(page.contains("data-name=\"nieuw\""));
    assert!(!page.contains("data-name=\"stiekem\""));
    let mut newcomer = Browser::new(api.port());
    newcomer.sign_in("nieuw");
    let users = env.json(&["users", "list", "--json"]);
    assert!(users.to_string().contains("nieuw"), "{users}");
    assert!(!users.to_string().contains("stiekem"), "{users}");
}
