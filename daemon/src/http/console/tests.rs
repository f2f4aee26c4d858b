//! The console's routes over a real server: the daemon's whole router
//! (`http::serve`) on a TCP port, the API's accounts on a real SQLite
//! store, no session. The route walk reads the list the console's router
//! is built from ([`super::routes`]), so a route added later is walked too.

use super::routes;
use crate::clock::FixedClock;
use crate::dispatch::PluginService;
use crate::http::api::ApiState;
use crate::http::tests::client::{get, post_form};
use crate::http::{serve, DownloadSettings, HttpState, PackageSource};
use crate::lang::Lang;
use crate::shutdown::Shutdown;
use crate::store::{PackageRow, SqliteStore};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// No packages: the console never opens one.
struct NoPackages;

impl PackageSource for NoPackages {
    fn open(
        &self,
        _package: &PackageRow,
    ) -> Result<Box<dyn Iterator<Item = Result<Vec<u8>, String>> + Send>, String> {
        Err("no packages here".into())
    }

    fn delete(&self, _package: &PackageRow) -> Result<(), String> {
        Ok(())
    }
}

async fn start(dir: &Path) -> (SocketAddr, Shutdown) {
    let text = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n\
        [outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n";
    let config = Arc::new(
        crate::config::parse(Path::new("/etc/dsrd/dsrd.toml"), text, &|_| None)
            .expect("the configuration checks")
            .config,
    );
    let store = Arc::new(
        SqliteStore::open(&dir.join("dsrd.sqlite"))
            .await
            .expect("the SQLite store opens"),
    );
    let clock = Arc::new(FixedClock(crate::http::tests::now()));
    let plugins = PluginService::new(&config.plugins, Path::new("/nonexistent"));
    let api = ApiState::new(
        store.clone(),
        config,
        plugins,
        clock.clone(),
        Arc::new(|| {}),
    );
    let state = HttpState {
        store,
        packages: Arc::new(NoPackages),
        clock,
        settings: DownloadSettings {
            organisation: "S".into(),
            time_zone: chrono_tz::Europe::Amsterdam,
            default_language: Lang::Nl,
            delete_after_download: true,
            max_tries: 5,
        },
        api: Some(api),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port on 127.0.0.1");
    let addr = listener.local_addr().expect("its address");
    let shutdown = Shutdown::new();
    tokio::spawn(serve(
        listener,
        state,
        shutdown.clone(),
        Duration::from_secs(1),
    ));
    (addr, shutdown)
}

#[tokio::test]
async fn every_console_route_without_a_session_goes_to_the_sign_in_page() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (addr, shutdown) = start(dir.path()).await;
    let listed = routes().paths;
    assert!(listed.len() > 15, "the console has its routes: {listed:?}");
    for (pattern, signed) in listed {
        let path = pattern
            .replace("{reference}", "AVG-2026-0001")
            .replace("{action}", "A1")
            .replace("{name}", "fg")
            .replace("{*rest}", "no/such/page");
        let got = get(addr, &path).await;
        let posted = post_form(addr, &path, "x=1").await;
        if !signed {
            assert!(
                got.status < 500 && posted.status < 500,
                "{pattern} is public and answers"
            );
            continue;
        }
        let mut redirected = 0;
        for (method, reply) in [("GET", &got), ("POST", &posted)] {
            match reply.status {
                303 => {
                    let to = reply.header("location").unwrap_or_default();
                    assert!(
                        to.starts_with("/console/login?next="),
                        "{method} {pattern} goes to {to}"
                    );
                    redirected += 1;
                }
                // The route does not take this method at all.
                405 => {}
                other => panic!("{method} {pattern} without a session answered {other}"),
            }
        }
        assert!(redirected >= 1, "{pattern}: its methods go to sign-in");
    }
    shutdown.request();
}

#[tokio::test]
async fn the_sign_in_page_is_in_the_language_asked_and_keeps_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (addr, shutdown) = start(dir.path()).await;
    let nl = get(addr, "/console/login").await;
    assert!(nl.text().contains("<html lang=\"nl\">"), "{}", nl.text());
    assert!(nl.text().contains("Aanmelden"));
    let en = get(addr, "/console/login?lang=en").await;
    assert!(en.text().contains("<html lang=\"en\">"));
    assert!(en.text().contains("Sign in"));
    let cookie = en
        .headers
        .iter()
        .find(|(n, v)| {
            n.eq_ignore_ascii_case("set-cookie") && v.starts_with("dsrd_console_lang=en")
        })
        .expect("the language is kept in a cookie");
    assert!(cookie.1.contains("SameSite=Lax"), "{}", cookie.1);
    let policy = en.header("content-security-policy").unwrap_or_default();
    assert!(policy.contains("default-src 'self'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(en.header("cache-control"), Some("no-store"));
    shutdown.request();
}
