//! Latency and throughput of the IMAP intake against a real Dovecot and a
//! real SMTP server (aiosmtpd), next to the floor: a bare IDLE client.
//!
//! Dovecot tells IDLE clients about new mail in batches, about 500 ms after
//! an APPEND, so absolute numbers mean little; what counts is dsrd's margin
//! over a client that does nothing but IDLE on the same folder in the same
//! run. Per message (200, one after the other):
//! - APPEND → seen: the bare client's untagged EXISTS;
//! - APPEND → case committed: the case row is visible in the store (polled
//!   every millisecond);
//! - APPEND → acknowledgement received: the SMTP server's Maildir file time.
//!
//! Before each APPEND the folder is left quiet for [`SETTLE`], so that both
//! clients learn of the new message from a notification timer the APPEND
//! itself starts. Dovecot starts that 500 ms timer at the first change it
//! sees and folds later changes into it; back to back, the previous
//! message's `\Seen` and MOVE by dsrd (about 50 ms before the next APPEND)
//! start the bare client's timer early, and it "sees" the next message about
//! 50 ms sooner than any client could see mail that arrives on its own.
//! dsrd cannot profit the same way: it watches only while in IDLE, which it
//! enters after its own flag and move. `-- --back-to-back` measures that way
//! anyway, to show the effect.
//!
//! Then a backlog of 10,000 messages is put in the folder while dsrd is
//! stopped, and the time from its start until every case is committed is
//! measured. Needs `dovecot` and python3 with `aiosmtpd` (`.ci/run`
//! installs both). Run: `cargo bench --bench imap_latency` (`-- --quick`
//! for 20 messages and a 1,000-message backlog).
//!
//! Last measured 2026-11-23 (release, Debian 12, 2 cores shared with other
//! builds, Dovecot 2.3.19, SQLite), with the settle time:
//! - APPEND → seen (bare client): median 504.3 ms, p99 519.7 ms;
//! - APPEND → case committed: median 513.0 ms (+8.7), p99 535.4 ms;
//! - APPEND → acknowledgement received: median 559.3 ms (+55.0), p99
//!   579.4 ms (+59.7 over the bare client's p99);
//! - backlog of 10,000: 14.2 s = 703 messages/s.
//!
//! 37 of the 200 samples were left out because the bare client got no
//! EXISTS within 3 s (Dovecot did not notify its IDLE, re-issued some
//! 250 ms before the APPEND; not seen back to back). Back to back, the same
//! code measured seen 455.1 ms, committed 508.6 ms (+53.5) in a 20-message
//! run: the gap is the early timer described above, not work in dsrd, whose
//! own time from its EXISTS to the committed case was 4–8 ms (DONE ~0.2,
//! UID SEARCH ~0.2, UID FETCH ~1.5, parse + classify + store ~1–4 ms).

#[path = "../../tests/e2e/support/mod.rs"]
#[allow(dead_code)]
mod support;

use chrono::{DateTime, Utc};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::dovecot::Dovecot;
use support::smtp::SmtpServer;

const USER: &str = "bench";

/// Quiet time before each APPEND: longer than Dovecot's 500 ms notification
/// delay, so that no timer started by the previous message is still running.
const SETTLE: Duration = Duration::from_millis(700);

#[tokio::main]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let back_to_back = std::env::args().any(|a| a == "--back-to-back");
    let (samples, backlog) = if quick { (20, 1_000) } else { (200, 10_000) };
    let dovecot = Dovecot::start(&[USER]);
    dovecot.create(USER, "Done").await;
    let smtp = SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(&dir, &dovecot, &smtp);
    let pool = sqlx::SqlitePool::connect_lazy(&format!(
        "sqlite:{}",
        dir.path().join("dsrd.sqlite").display()
    ))
    .unwrap();

    let (seen_tx, mut seen_rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(bare_idle_client(dovecot.port, seen_tx));
    let mut dsrd = start(&config, &dir);
    wait_for(
        || {
            std::fs::read_to_string(dir.path().join("dsrd.log"))
                .unwrap_or_default()
                .contains("IMAP mailbox connected")
        },
        "dsrd connects",
    )
    .await;

    let mut appender = dovecot.client(USER).await;
    let (mut seen, mut committed, mut acked) = (Vec::new(), Vec::new(), Vec::new());
    let mut missed = 0;
    for i in 0..samples {
        if !back_to_back {
            tokio::time::sleep(SETTLE).await;
        }
        while seen_rx.try_recv().is_ok() {}
        let raw = request(i);
        let t0 = Utc::now();
        appender.append("INBOX", None, None, &raw).await.unwrap();
        let seen_at = tokio::time::timeout(Duration::from_secs(3), seen_rx.recv()).await;
        let Ok(Some(seen_at)) = seen_at else {
            missed += 1; // the bare client's EXISTS was folded into another response
            poll(|| async { smtp.received().len() > i }).await;
            continue;
        };
        let committed_at = poll(|| async { count(&pool).await > i as i64 }).await;
        let acked_at = poll(|| async { smtp.received().len() > i }).await;
        let ack_file = newest(&smtp.dir.path().join("received"));
        seen.push(ms(seen_at - t0));
        committed.push(ms(committed_at - t0));
        let _ = acked_at;
        acked.push(ms(ack_file - t0));
    }
    if missed > 0 {
        println!("({missed} samples left out: the bare client saw no EXISTS of its own for them)");
    }
    report("APPEND → seen (bare IDLE client)", &mut seen);
    report("APPEND → case committed (dsrd)", &mut committed);
    report(
        "APPEND → acknowledgement received by SMTP (dsrd)",
        &mut acked,
    );
    println!("margins at the median: case {:+.1} ms, ack {:+.1} ms; at p99: ack {:+.1} ms over the bare client",
        pct(&committed, 50.0) - pct(&seen, 50.0), pct(&acked, 50.0) - pct(&seen, 50.0), pct(&acked, 99.0) - pct(&seen, 99.0));

    // The backlog: dsrd is down while the mail piles up.
    stop(&mut dsrd);
    let before = count(&pool).await;
    append_many(&dovecot, backlog).await;
    let start_at = Instant::now();
    let mut dsrd = start(&config, &dir);
    let done = before + backlog as i64;
    let last = poll_every(Duration::from_millis(20), || async {
        count(&pool).await >= done
    })
    .await;
    let _ = last;
    let secs = start_at.elapsed().as_secs_f64();
    println!("backlog of {backlog}: drained in {secs:.1} s = {:.0} messages/s (SQLite, from dsrd's start)", backlog as f64 / secs);
    stop(&mut dsrd);
}

fn write_config(
    dir: &tempfile::TempDir,
    dovecot: &Dovecot,
    smtp: &SmtpServer,
) -> std::path::PathBuf {
    let path = dir.path().join("dsrd.toml");
    std::fs::write(&path, format!(
        "[organisation]\nname = \"Bench\"\nreply_address = \"avg@bench.example\"\n\n[store]\nurl = \"sqlite:dsrd.sqlite\"\n\n\
[mailbox]\nkind = \"imap\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\nusername = \"{USER}\"\n\
password_env = \"DSRD_BENCH_IMAP_PASSWORD\"\ndone_folder = \"Done\"\n\n{}",
        dovecot.port, smtp.outgoing()
    )).unwrap();
    path
}

fn start(config: &std::path::Path, dir: &tempfile::TempDir) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.path().join("dsrd.log"))
        .unwrap();
    Command::new(env!("CARGO_BIN_EXE_dsrd"))
        .arg("-c")
        .arg(config)
        .arg("run")
        .env("DSRD_LOG", "warn,dsrd::intake::imap::source=info")
        .env("DSRD_BENCH_IMAP_PASSWORD", support::dovecot::PASSWORD)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}

fn stop(child: &mut Child) {
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
}

/// IDLE on INBOX and report the moment of every EXISTS: the floor.
async fn bare_idle_client(port: u16, seen: tokio::sync::mpsc::UnboundedSender<DateTime<Utc>>) {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    tcp.set_nodelay(true).unwrap();
    let mut client = async_imap::Client::new(tcp);
    client.read_response().await.unwrap();
    let mut session = client
        .login(USER, support::dovecot::PASSWORD)
        .await
        .map_err(|(e, _)| e)
        .unwrap();
    session.select("INBOX").await.unwrap();
    loop {
        // A second handle on the untagged responses: an EXISTS that comes in
        // while IDLE is being started lands there, not in the wait.
        let unsolicited = session.unsolicited_responses.clone();
        let mut idle = session.idle();
        if idle.init().await.is_err() {
            return; // the server went away (the backlog phase restarts dsrd only, but be calm)
        }
        let mut early = false;
        while let Ok(response) = unsolicited.try_recv() {
            early |= matches!(response, async_imap::types::UnsolicitedResponse::Exists(_));
        }
        let at = if early {
            let at = Utc::now();
            if seen.send(at).is_err() {
                return;
            }
            at
        } else {
            let (wait, _stop) = idle.wait_with_timeout(Duration::from_secs(600));
            let Ok(response) = wait.await else { return };
            let at = Utc::now();
            if let async_imap::extensions::idle::IdleResponse::NewData(data) = &response {
                if format!("{:?}", data.parsed()).contains("Exists") && seen.send(at).is_err() {
                    return;
                }
            }
            at
        };
        let Ok(next) = idle.done().await else { return };
        session = next;
        // An EXISTS in the same batch as an EXPUNGE arrives while DONE is
        // answered; it was there at the same moment.
        while let Ok(response) = session.unsolicited_responses.try_recv() {
            if matches!(response, async_imap::types::UnsolicitedResponse::Exists(_))
                && seen.send(at).is_err()
            {
                return;
            }
        }
    }
}

async fn append_many(dovecot: &Dovecot, n: usize) {
    let mut session = dovecot.client(USER).await;
    for i in 0..n {
        session
            .append("INBOX", None, None, request(100_000 + i))
            .await
            .unwrap();
    }
    session.logout().await.unwrap();
}

fn request(i: usize) -> Vec<u8> {
    format!("From: Ouder {i} <ouder{i}@example.org>\r\nTo: avg@bench.example\r\nSubject: Inzage {i}\r\n\
Message-ID: <bench-{i}-{}@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Ik wil graag inzage in de gegevens van mijn kind.\r\n", rand::random::<u32>()).into_bytes()
}

async fn count(pool: &sqlx::SqlitePool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM cases")
        .fetch_one(pool)
        .await
        .unwrap_or(0)
}

async fn poll<F: std::future::Future<Output = bool>>(done: impl FnMut() -> F) -> DateTime<Utc> {
    poll_every(Duration::from_millis(1), done).await
}

async fn poll_every<F: std::future::Future<Output = bool>>(
    every: Duration,
    mut done: impl FnMut() -> F,
) -> DateTime<Utc> {
    let start = Instant::now();
    while !done().await {
        assert!(start.elapsed() < Duration::from_secs(600), "timed out");
        tokio::time::sleep(every).await;
    }
    Utc::now()
}

async fn wait_for(mut done: impl FnMut() -> bool, what: &str) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out: {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The modification time of the newest file in a Maildir: when the SMTP
/// server stored the message.
fn newest(maildir: &std::path::Path) -> DateTime<Utc> {
    support::maildir_files(maildir)
        .iter()
        .map(|p| DateTime::<Utc>::from(std::fs::metadata(p).unwrap().modified().unwrap()))
        .max()
        .unwrap()
}

fn ms(d: chrono::TimeDelta) -> f64 {
    d.num_microseconds().unwrap() as f64 / 1000.0
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i]
}

fn report(what: &str, values: &mut [f64]) {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{what:<52} median {:7.1} ms   p99 {:7.1} ms   (n = {})",
        pct(values, 50.0),
        pct(values, 99.0),
        values.len()
    );
}
