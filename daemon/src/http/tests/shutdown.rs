//! Stopping: idle, the server ends at once; with a download on a slow line
//! it waits the drain time, then cuts the download off and gives its
//! package back before it returns.

use super::client::{self, form_request};
use super::*;
use crate::store::PackageState;
use std::time::Instant;
use tokio::io::AsyncReadExt;

#[tokio::test]
async fn an_idle_server_stops_at_once_and_accepts_no_more() {
    let mut server = start(Setup {
        drain: Duration::from_secs(60),
        ..Setup::default()
    })
    .await;
    assert_eq!(client::get(server.addr, "/healthz").await.status, 200);
    let asked = Instant::now();
    server.shutdown.request();
    tokio::time::timeout(Duration::from_secs(10), &mut server.server)
        .await
        .expect("the server stops without waiting out the drain")
        .unwrap()
        .unwrap();
    assert!(asked.elapsed() < Duration::from_secs(10));
    assert!(
        tokio::net::TcpStream::connect(server.addr).await.is_err(),
        "nothing listens any more"
    );
}

#[tokio::test]
async fn a_download_still_running_after_the_drain_is_cut_off_and_given_back() {
    let drain = Duration::from_millis(300);
    let mut server = start(Setup {
        behaviour: Behaviour::Slow,
        drain,
        ..Setup::default()
    })
    .await;
    let request = form_request(
        &server.path(),
        "application/x-www-form-urlencoded",
        &format!("code={CODE}"),
    );
    let (head, mut connection) = client::start(server.addr, &request, 1).await;
    assert_eq!(head.status, 200);
    assert_eq!(server.package().await.state, PackageState::Downloading);
    // The requester keeps reading, slowly and steadily.
    let reading = tokio::spawn(async move {
        let mut buf = vec![0u8; 64 * 1024];
        let mut total = 0usize;
        while let Ok(n) = connection.read(&mut buf).await {
            if n == 0 {
                break;
            }
            total += n;
        }
        total
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let asked = Instant::now();
    server.shutdown.request();
    tokio::time::timeout(Duration::from_secs(10), &mut server.server)
        .await
        .expect("the server stops soon after the drain")
        .unwrap()
        .unwrap();
    let took = asked.elapsed();
    assert!(took >= drain, "the download had its drain time ({took:?})");
    assert!(
        took < drain + Duration::from_secs(5),
        "then it was cut off ({took:?})"
    );
    // Given back before the server returned, not some time later.
    let package = server.package().await;
    assert_eq!(package.state, PackageState::Offered);
    assert_eq!(package.downloaded_at, None);
    let read = tokio::time::timeout(Duration::from_secs(10), reading)
        .await
        .expect("the requester's connection ended")
        .unwrap();
    assert!(read > 0);
}
