//! What every response carries, and the pages beside the link's own:
//! unknown links and addresses, broken forms, another language, a hostile
//! organisation name.

use super::client::{self, form_request, Reply};
use super::*;

fn assert_guarded(reply: &Reply, what: &str) {
    let expect = [
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
    ];
    for (name, value) in expect {
        assert_eq!(reply.header(name), Some(value), "{name} on {what}");
    }
    let policy = reply
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("no Content-Security-Policy on {what}"));
    assert!(policy.starts_with("default-src 'none';"), "{policy}");
    assert!(policy.contains("form-action 'self'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("script-src"), "{policy}");
}

/// No script, nothing loaded from elsewhere, a language.
fn assert_self_contained(reply: &Reply, what: &str) {
    let text = reply.text();
    assert!(
        text.starts_with("<!DOCTYPE html>\n<html lang=\""),
        "{what}: {text}"
    );
    for outside in [
        "<script", "http:", "https:", "src=", "<link", "<img", "<iframe",
    ] {
        assert!(!text.contains(outside), "{outside} on {what}");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = start(Setup::default()).await;
    let path = server.path();
    let replies = [
        ("the form", client::get(server.addr, &path).await),
        (
            "a wrong code",
            client::post_form(server.addr, &path, "code=XXXX-XXXX").await,
        ),
        (
            "an unknown link",
            client::get(server.addr, &format!("/download/{}", new_token())).await,
        ),
        (
            "an unknown address",
            client::get(server.addr, "/download").await,
        ),
        (
            "a bad form",
            client::post_form(server.addr, &path, "other=1").await,
        ),
        (
            "a wrong method",
            client::send(
                server.addr,
                &format!("DELETE {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            )
            .await,
        ),
        (
            "the health check",
            client::get(server.addr, "/healthz").await,
        ),
        (
            "the package",
            client::post_form(server.addr, &path, &format!("code={CODE}")).await,
        ),
        ("a spent link", client::get(server.addr, &path).await),
    ];
    let statuses: Vec<u16> = replies.iter().map(|(_, r)| r.status).collect();
    assert_eq!(statuses, [200, 403, 404, 404, 400, 405, 200, 200, 410]);
    for (what, reply) in &replies {
        assert_guarded(reply, what);
        if reply.header("content-type") == Some("text/html; charset=utf-8") {
            assert_self_contained(reply, what);
        }
    }
    let health = &replies[6].1;
    assert_eq!(health.text(), "ok");
}

#[tokio::test]
async fn a_script_in_the_organisation_name_is_shown_not_run() {
    let server = start(Setup {
        organisation: "<script>alert('x')</script> & \"Zonen\"".into(),
        ..Setup::default()
    })
    .await;
    for page in [
        client::get(server.addr, &server.path()).await,
        client::get(server.addr, "/nowhere").await,
        client::get(server.addr, &format!("/download/{}", new_token())).await,
    ] {
        let text = page.text();
        assert!(!text.contains("<script"), "{text}");
        assert!(
            text.contains(
                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Zonen&quot;"
            ),
            "{text}"
        );
    }
}

#[tokio::test]
async fn an_unknown_link_gets_the_404_page_in_both_languages() {
    let server = start(Setup::default()).await;
    let unknown = format!("/download/{}", new_token());
    for page in [
        client::get(server.addr, &unknown).await,
        client::post_form(server.addr, &unknown, &format!("code={CODE}")).await,
        client::get(server.addr, "/download/not-a-token").await,
        client::get(server.addr, &format!("/download/{}", &server.token[..63])).await,
    ] {
        assert_eq!(page.status, 404);
        let text = page.text();
        assert!(text.contains("<html lang=\"nl\">"), "{text}");
        assert!(text.contains("Deze link kennen wij niet"), "{text}");
        assert!(
            text.contains("<section lang=\"en\">\n<h1>We do not know this link</h1>"),
            "{text}"
        );
        assert!(!text.contains("<form"));
    }
    // Nothing about the real link changed.
    assert_eq!(server.package().await.code_attempts, 0);
}

#[tokio::test]
async fn a_broken_form_is_a_400_and_an_oversized_one_a_413() {
    let server = start(Setup::default()).await;
    let path = server.path();
    let no_field = client::post_form(server.addr, &path, "codes=ABCD").await;
    assert_eq!(no_field.status, 400);
    assert!(no_field
        .text()
        .contains("Dit verzoek kunnen wij niet verwerken"));
    let not_a_form = client::send(
        server.addr,
        &form_request(&path, "text/plain", "code=ABCD-EFGH"),
    )
    .await;
    assert_eq!(not_a_form.status, 400);
    let too_long = client::post_form(server.addr, &path, &format!("code={}", "A".repeat(40))).await;
    assert_eq!(too_long.status, 400);
    let oversized = client::post_form(
        server.addr,
        &path,
        &format!("code={CODE}&pad={}", "x".repeat(8 * 1024)),
    )
    .await;
    assert_eq!(oversized.status, 413);
    assert!(oversized.text().contains("We cannot handle this request"));
    assert_eq!(
        server.package().await.code_attempts,
        0,
        "none of them was a try"
    );
    let nowhere = client::get(server.addr, "/download/a/b").await;
    assert_eq!(nowhere.status, 404);
    assert!(nowhere.text().contains("Pagina niet gevonden"));
}

#[tokio::test]
async fn an_english_case_gets_english_pages() {
    let server = start(Setup {
        language: Language::En,
        max_tries: 2,
        ..Setup::default()
    })
    .await;
    let form = client::get(server.addr, &server.path()).await;
    let text = form.text();
    assert!(text.contains("<html lang=\"en\">"), "{text}");
    assert!(
        text.contains("This link works until Friday 3 April 2026 at 12:00."),
        "{text}"
    );
    assert!(text.contains("<button type=\"submit\">Download</button>"));
    let wrong = client::post_form(server.addr, &server.path(), "code=XXXX-XXXX").await;
    assert!(
        wrong.text().contains("You have 1 more try;"),
        "{}",
        wrong.text()
    );
    let locked = client::post_form(server.addr, &server.path(), "code=XXXX-XXXX").await;
    assert_eq!(locked.status, 410);
    assert!(locked.text().contains("This link is locked"));
    assert!(locked.text().contains(&format!(
        "quoting the reference <strong>{}</strong>",
        server.reference
    )));
}
