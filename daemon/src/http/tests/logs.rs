//! The log of a link's whole way holds its route pattern and its case
//! reference, and never the token, its hash, the code or the URI.

use super::client;
use super::*;
use std::io::Write;

/// Log output collected in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

// A current-thread runtime: the server's tasks run on this thread, where
// the subscriber is installed.
#[tokio::test(flavor = "current_thread")]
async fn the_log_names_routes_and_references_never_tokens_or_codes() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // tracing caches each callsite's interest process-wide, computed (while
    // one dispatcher exists) from the default of whichever thread reaches
    // it first: a test on another thread, without a subscriber, would
    // switch this test's callsites off for good. With a second dispatcher
    // alive, interest is computed from both, so it stays "sometimes" and
    // each event asks its own thread's subscriber; the rebuild redoes any
    // callsite cached before.
    let _anchor = tracing::Dispatch::new(
        tracing_subscriber::fmt()
            .with_writer(std::io::sink)
            .with_max_level(tracing::Level::TRACE)
            .finish(),
    );
    tracing::callsite::rebuild_interest_cache();

    let mut server = start(Setup {
        max_tries: 3,
        ..Setup::default()
    })
    .await;
    client::get(server.addr, &server.path()).await;
    client::post_form(server.addr, &server.path(), "code=WXYZ-WXYZ").await;
    let zip = client::post_form(server.addr, &server.path(), &format!("code={CODE}")).await;
    assert!(zip.complete);
    client::post_form(server.addr, &server.path(), &format!("code={CODE}")).await;
    client::get(server.addr, &format!("/nowhere/{}", server.token)).await;
    server.shutdown.request();
    (&mut server.server).await.unwrap().unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("route=\"/download/{token}\""), "{log}");
    assert!(
        log.contains("status=200") && log.contains("status=403") && log.contains("status=410"),
        "{log}"
    );
    assert!(
        log.contains(&format!("reference=\"{}\"", server.reference)),
        "{log}"
    );
    assert!(log.contains("package downloaded"), "{log}");
    for secret in [
        server.token.as_str(),
        &token_hash(&server.token),
        CODE,
        "ABCDEFGH",
        "WXYZ",
        "/nowhere",
    ] {
        assert!(!log.contains(secret), "{secret} is in the log:\n{log}");
    }
    assert_eq!(
        log.matches("/download/").count(),
        log.matches("/download/{token}").count(),
        "a URI is in the log:\n{log}"
    );
}
