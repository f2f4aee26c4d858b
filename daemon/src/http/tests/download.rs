//! The link's way: looked at, claimed with the right or a wrong code,
//! downloaded once, broken off, expired.

use super::client::{self, form_request};
use super::*;
use crate::case::CaseState;
use crate::store::PackageState;

#[tokio::test]
async fn a_get_shows_the_form_and_changes_nothing() {
    let server = start(Setup::default()).await;
    let (package, events, audit) = (
        server.package().await,
        server.events().await,
        server.audit().await,
    );
    for _ in 0..3 {
        let page = client::get(server.addr, &server.path()).await;
        assert_eq!(page.status, 200);
        assert_eq!(
            page.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        let text = page.text();
        assert!(text.contains("<html lang=\"nl\">"), "{text}");
        assert!(text.contains("Stichting Testscholen"));
        assert!(text.contains(&format!("<strong>{}</strong>", server.reference)));
        // NOW + 14 days, on the Amsterdam clock (summer time by then).
        assert!(
            text.contains("Deze link werkt tot vrijdag 3 april 2026 om 12:00."),
            "{text}"
        );
        assert!(text.contains("<form method=\"post\">"));
        assert!(text.contains("<label for=\"code\">Downloadcode</label>"));
        assert!(text.contains("<input id=\"code\" name=\"code\""));
        assert!(text.contains("<button type=\"submit\">Downloaden</button>"));
    }
    // A HEAD, as some scanners send, spends nothing either.
    let head = client::send(
        server.addr,
        &format!(
            "HEAD {} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            server.path()
        ),
    )
    .await;
    assert_eq!(head.status, 200);
    assert_eq!(server.package().await, package, "state and tries unchanged");
    assert_eq!(server.events().await, events, "no event");
    assert_eq!(server.audit().await, audit, "no audit entry");
    assert!(server.source.deleted.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_right_code_streams_the_package_once_and_records_it() {
    let server = start(Setup::default()).await;
    // Typed as a person may: lower case, a space for the dash.
    let zip = client::post_form(server.addr, &server.path(), "code=abcd+efgh").await;
    assert_eq!(zip.status, 200, "{}", zip.text());
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    assert_eq!(
        zip.header("content-disposition"),
        Some(format!("attachment; filename=\"{}.zip\"", server.reference).as_str())
    );
    assert!(zip.complete, "the body ended with its last chunk");
    assert!(
        zip.body == package_bytes(),
        "the exact bytes ({} of them)",
        zip.body.len()
    );

    let package = server.package().await;
    assert_eq!(package.state, PackageState::Downloaded);
    assert_eq!(package.downloaded_at, Some(now()));
    assert_eq!(
        package.wrapped_key, None,
        "its key is gone: no copy can be read"
    );
    assert_eq!(package.deleted.as_ref().map(|(at, _)| *at), Some(now()));
    assert_eq!(
        *server.source.deleted.lock().unwrap(),
        vec!["0f3c9a.sealed".to_owned()]
    );
    assert_eq!(server.case().await.state, CaseState::Closed);
    let events = server.events().await;
    assert!(
        events.ends_with(&[
            EventKind::PackageDownloaded,
            EventKind::PackageDeleted,
            EventKind::Transition
        ]),
        "{events:?}"
    );
    let audit = server.audit().await;
    assert!(
        audit.ends_with(&[
            "package.downloaded".into(),
            "package.deleted".into(),
            "case.closed".into()
        ]),
        "{audit:?}"
    );

    // The link is spent: the same code again, and the page, say so.
    for again in [
        client::post_form(server.addr, &server.path(), &format!("code={CODE}")).await,
        client::get(server.addr, &server.path()).await,
    ] {
        assert_eq!(again.status, 410);
        assert_eq!(
            again.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        let text = again.text();
        assert!(text.contains("Dit bestand is al gedownload"), "{text}");
        assert!(
            text.contains("op vrijdag 20 maart 2026 om 11:00 gedownload"),
            "{text}"
        );
        assert!(text.contains(&format!("<strong>{}</strong>", server.reference)));
    }
    assert_eq!(server.source.deleted.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_package_kept_after_its_download_is_not_deleted() {
    let server = start(Setup {
        delete_after_download: false,
        ..Setup::default()
    })
    .await;
    let zip = client::post_form(server.addr, &server.path(), &format!("code={CODE}")).await;
    assert!(zip.status == 200 && zip.complete && zip.body == package_bytes());
    let package = server.package().await;
    assert_eq!(package.state, PackageState::Downloaded);
    assert!(package.wrapped_key.is_some(), "kept until its expiry");
    assert_eq!(package.deleted, None);
    assert!(server.source.deleted.lock().unwrap().is_empty());
    assert!(!server.events().await.contains(&EventKind::PackageDeleted));
}

#[tokio::test]
async fn wrong_codes_count_down_and_the_last_one_locks_the_link() {
    let server = start(Setup {
        max_tries: 3,
        ..Setup::default()
    })
    .await;
    for (tries, left) in [(1, 2), (2, 1)] {
        let page = client::post_form(server.addr, &server.path(), "code=ABCD-EFGJ").await;
        assert_eq!(page.status, 403);
        let text = page.text();
        assert!(
            text.contains(&format!(
                "Deze code klopt niet. U kunt het nog {left} keer proberen"
            )),
            "{text}"
        );
        assert!(text.contains("<form method=\"post\">"), "the form again");
        let package = server.package().await;
        assert_eq!(
            (package.state, package.code_attempts),
            (PackageState::Offered, tries)
        );
    }
    let locked = client::post_form(server.addr, &server.path(), "code=ZZZZ-ZZZZ").await;
    assert_eq!(locked.status, 410);
    assert!(
        locked.text().contains("Deze link is geblokkeerd"),
        "{}",
        locked.text()
    );
    // The right code comes too late, and the page stays locked.
    for after in [
        client::post_form(server.addr, &server.path(), &format!("code={CODE}")).await,
        client::get(server.addr, &server.path()).await,
    ] {
        assert_eq!(after.status, 410);
        let text = after.text();
        assert!(text.contains("Deze link is geblokkeerd"), "{text}");
        assert!(text.contains(&format!(
            "noem het kenmerk <strong>{}</strong>",
            server.reference
        )));
        assert!(!text.contains("<form"));
    }
    let package = server.package().await;
    assert_eq!(
        (package.state, package.code_attempts),
        (PackageState::Locked, 3)
    );
    let refused = server
        .events()
        .await
        .iter()
        .filter(|k| **k == EventKind::DownloadRefused)
        .count();
    assert_eq!(refused, 3, "one event per wrong code");
    assert!(server.source.deleted.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_empty_code_spends_no_try() {
    let server = start(Setup::default()).await;
    let page = client::post_form(server.addr, &server.path(), "code=+-+").await;
    assert_eq!(page.status, 400);
    assert!(
        page.text().contains("Vul de downloadcode in."),
        "{}",
        page.text()
    );
    assert_eq!(server.package().await.code_attempts, 0);
}

#[tokio::test]
async fn an_expired_link_shows_the_expired_page_and_gives_nothing() {
    let server = start(Setup {
        expires_in: TimeDelta::hours(-1),
        ..Setup::default()
    })
    .await;
    let before = server.package().await;
    for page in [
        client::get(server.addr, &server.path()).await,
        client::post_form(server.addr, &server.path(), &format!("code={CODE}")).await,
    ] {
        assert_eq!(page.status, 410);
        let text = page.text();
        assert!(text.contains("Deze link is verlopen"), "{text}");
        assert!(
            text.contains("werkte tot vrijdag 20 maart 2026 om 10:00"),
            "{text}"
        );
        assert!(text.contains(&format!(
            "noem het kenmerk <strong>{}</strong>",
            server.reference
        )));
    }
    assert_eq!(server.package().await, before);
}

#[tokio::test]
async fn a_download_the_requester_breaks_off_gives_the_package_back() {
    let server = start(Setup {
        behaviour: Behaviour::Endless,
        ..Setup::default()
    })
    .await;
    let request = form_request(
        &server.path(),
        "application/x-www-form-urlencoded",
        &format!("code={CODE}"),
    );
    let (head, connection) = client::start(server.addr, &request, 100_000).await;
    assert_eq!(head.status, 200);
    assert_eq!(server.package().await.state, PackageState::Downloading);
    // Meanwhile the page says it is being downloaded.
    let busy = client::get(server.addr, &server.path()).await;
    assert_eq!(busy.status, 409);
    assert!(busy.text().contains("Dit bestand wordt nu gedownload"));
    drop(connection);
    let package = server.wait_for_state(PackageState::Offered).await;
    assert_eq!(package.downloaded_at, None);
    assert!(package.wrapped_key.is_some());
    assert!(server.source.deleted.lock().unwrap().is_empty());
    assert!(!server
        .events()
        .await
        .contains(&EventKind::PackageDownloaded));
    // The same link and code work again.
    let (again, connection) = client::start(server.addr, &request, 1).await;
    assert_eq!(again.status, 200);
    drop(connection);
    server.wait_for_state(PackageState::Offered).await;
}

#[tokio::test]
async fn a_damaged_package_breaks_the_download_off_and_gives_it_back() {
    let server = start(Setup {
        behaviour: Behaviour::BreaksOff,
        ..Setup::default()
    })
    .await;
    let zip = client::post_form(server.addr, &server.path(), &format!("code={CODE}")).await;
    // The head goes with the first chunks; the connection may break off
    // before any of it is flushed.
    assert!(zip.status == 200 || zip.status == 0, "{}", zip.status);
    assert!(
        !zip.complete,
        "the browser must see a failed download, not a short file"
    );
    assert!(zip.body.len() <= 2 * 64 * 1024);
    let package = server.wait_for_state(PackageState::Offered).await;
    assert_eq!(package.downloaded_at, None);
    assert!(server.source.deleted.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_unreadable_package_gets_a_page_and_keeps_its_link() {
    let server = start(Setup {
        behaviour: Behaviour::Unreadable,
        ..Setup::default()
    })
    .await;
    let page = client::post_form(server.addr, &server.path(), &format!("code={CODE}")).await;
    assert_eq!(page.status, 500);
    let text = page.text();
    assert!(
        text.contains("Het bestand is nu niet beschikbaar"),
        "{text}"
    );
    assert!(text.contains("Uw link en code blijven geldig"));
    let package = server.wait_for_state(PackageState::Offered).await;
    assert_eq!(package.code_attempts, 0);
}
