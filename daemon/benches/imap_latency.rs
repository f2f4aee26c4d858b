//! Latency and throughput of the IMAP intake against a real Dovecot and a
//! real SMTP server (aiosmtpd), next to the floor: a bare IDLE client.
//!
//! Dovecot tells IDLE clients about new mail in batches, about 500 ms after
//! an APPEND, so absolute numbers mean little; what counts is dsrd's margin
//! over a client that does nothing but IDLE, on the same server in the same
//! run. Per message (200, one after the other) the same message is appended
//! to the bare client's own folder [`FLOOR`] and then to dsrd's INBOX, each
//! timed from its own APPEND:
//! - APPEND → seen: the bare client's untagged EXISTS (read from the socket
//!   line by line, timed when the line arrives);
//! - APPEND → case committed: the case row is visible in the store (polled
//!   every millisecond);
//! - APPEND → acknowledgement received: the SMTP server's Maildir file time.
//!
//! Before each APPEND both folders are left quiet for [`SETTLE`], and the
//! bare client must be in IDLE, acknowledged by the server (`+ idling`); it
//! stays in IDLE for the whole run (it would renew it after 20 minutes, right
//! after a notification). No sample is dropped: dsrd's times are kept for
//! every message, and an EXISTS that does not come within 3 s is counted and
//! listed. `-- --back-to-back` leaves out the settle time.
//! `DSRD_BENCH_TRACE=FILE` writes the bare client's protocol with times.
//!
//! Why the bare client has a folder of its own: until 2026-11-23 it IDLEd on
//! INBOX next to dsrd, and 37 of 200 samples got no EXISTS within 3 s. The
//! client was not at fault: traced at the socket, its IDLE had been
//! acknowledged some 250 ms before the APPEND, and a client that never left
//! IDLE missed as often (5 of 20). Dovecot's process for it was woken by the
//! APPEND but reported nothing, and never reported that message at all: by
//! its next look dsrd had fetched, flagged and moved it, and Dovecot says
//! nothing of a message that came and went between two of a session's
//! syncs. It happens only when both sessions are woken by the same change
//! (not back to back, where dsrd's flag and move of the previous message
//! wake the bare client first) — most likely the maildir sync race that
//! Dovecot's maildir-sync.c describes (a readdir() missing a file that
//! another process renames, here dsrd's session taking it from new/ to
//! cur/). On a folder only it watches, the bare client saw every message.
//! This also removes the early timer that used to flatter it back to back
//! (dsrd's flag and move of the previous message started its 500 ms timer).
//!
//! Then a backlog of 10,000 messages is put in the folder while dsrd is
//! stopped, and the time from its start until every case is committed is
//! measured. Needs `dovecot` and python3 with `aiosmtpd` (`.ci/run`
//! installs both). Run: `cargo bench --bench imap_latency` (`-- --quick`
//! for 20 messages and a 1,000-message backlog, `-- --backlog-only` for the
//! backlog alone). `DSRD_BENCH_BIN=/path/to/dsrd` measures another build of
//! the binary, so that two versions can be compared in one session.
//!
//! Last measured 2026-11-23 (release, Debian 12, 2 cores shared with other
//! builds, Dovecot 2.3.19, SQLite), with the settle time, all 200 samples:
//! - APPEND → seen (bare client): median 503.6 ms, p99 505.6 ms;
//! - APPEND → case committed: median 507.2 ms (+3.6), p99 516.0 ms;
//! - APPEND → acknowledgement received: median 551.1 ms (+47.5), p99
//!   559.7 ms (+54.1 over the bare client's p99);
//! - backlog of 10,000: 12.8 s = 781 messages/s.
//!
//! Backlog only, 2026-12-02, same machine, one session, three runs each
//! alternating (median): 854 messages/s with SQLite `synchronous=NORMAL`,
//! 701 with `FULL` (each commit synced to disk, as dsrd now runs).
//!
//! dsrd's own time from its EXISTS to the committed case was 4–8 ms in
//! earlier traced runs (DONE ~0.2, UID SEARCH ~0.2, UID FETCH ~1.5, parse +
//! classify + store ~1–4 ms).

#[path = "../../tests/e2e/support/mod.rs"]
#[allow(dead_code)]
mod support;

use chrono::{DateTime, Utc};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::dovecot::Dovecot;
use support::smtp::SmtpServer;

const USER: &str = "bench";

/// The bare client's folder: each message is appended here and to INBOX.
const FLOOR: &str = "Floor";

/// Quiet time before each APPEND: longer than Dovecot's 500 ms notification
/// delay, so that no timer started by the previous message is still running.
const SETTLE: Duration = Duration::from_millis(700);

#[tokio::main]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let back_to_back = std::env::args().any(|a| a == "--back-to-back");
    let backlog_only = std::env::args().any(|a| a == "--backlog-only");
    let (samples, backlog) = if quick { (20, 1_000) } else { (200, 10_000) };
    let dovecot = Dovecot::start(&[USER]);
    dovecot.create(USER, "Done").await;
    dovecot.create(USER, FLOOR).await;
    let smtp = SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(&dir, &dovecot, &smtp);
    let pool = sqlx::SqlitePool::connect_lazy(&format!(
        "sqlite:{}",
        dir.path().join("dsrd.sqlite").display()
    ))
    .unwrap();

    if backlog_only {
        measure_backlog(&dovecot, &config, &dir, &pool, backlog).await;
        return;
    }
    let trace = std::env::var_os("DSRD_BENCH_TRACE").map(std::path::PathBuf::from);
    let mut bare = spawn_bare_idle_client(dovecot.port, trace);
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
    let mut missed = Vec::new();
    for i in 0..samples {
        if !back_to_back {
            tokio::time::sleep(SETTLE).await;
        }
        // The bare client must be in IDLE, acknowledged by the server
        // (`+ idling`), when the message arrives.
        tokio::time::timeout(Duration::from_secs(10), bare.idling.wait_for(|idle| *idle))
            .await
            .expect("the bare client is in IDLE within 10 s")
            .expect("the bare client is running");
        while bare.seen.try_recv().is_ok() {}
        let raw = request(i);
        // The same message to the floor's folder, then to dsrd's INBOX:
        // each is timed from its own APPEND.
        let floor_t0 = Utc::now();
        appender.append(FLOOR, None, None, &raw).await.unwrap();
        let t0 = Utc::now();
        appender.append("INBOX", None, None, &raw).await.unwrap();
        // All three at once: dsrd's times do not depend on the bare client.
        let (seen_at, committed_at, _) = tokio::join!(
            tokio::time::timeout(Duration::from_secs(3), bare.seen.recv()),
            poll(|| async { count(&pool).await > i as i64 }),
            poll(|| async { smtp.received().len() > i }),
        );
        let ack_file = newest(&smtp.dir.path().join("received"));
        match seen_at {
            Ok(Some(seen_at)) => seen.push(ms(seen_at - floor_t0)),
            _ => missed.push(format!(
                "#{i} (APPEND at {})",
                floor_t0.format("%H:%M:%S%.3f")
            )),
        }
        committed.push(ms(committed_at - t0));
        acked.push(ms(ack_file - t0));
    }
    if !missed.is_empty() {
        println!(
            "the bare client saw no EXISTS within 3 s for {} of {samples} samples: {}",
            missed.len(),
            missed.join(", ")
        );
    }
    report("APPEND → seen (bare IDLE client)", &mut seen);
    report("APPEND → case committed (dsrd)", &mut committed);
    report(
        "APPEND → acknowledgement received by SMTP (dsrd)",
        &mut acked,
    );
    println!("margins at the median: case {:+.1} ms, ack {:+.1} ms; at p99: ack {:+.1} ms over the bare client",
        pct(&committed, 50.0) - pct(&seen, 50.0), pct(&acked, 50.0) - pct(&seen, 50.0), pct(&acked, 99.0) - pct(&seen, 99.0));

    stop(&mut dsrd);
    measure_backlog(&dovecot, &config, &dir, &pool, backlog).await;
}

/// The backlog: dsrd is down while `backlog` messages pile up in INBOX; the
/// time from its start until every one of them is a committed case.
async fn measure_backlog(
    dovecot: &Dovecot,
    config: &std::path::Path,
    dir: &tempfile::TempDir,
    pool: &sqlx::SqlitePool,
    backlog: usize,
) {
    let before = count(pool).await;
    append_many(dovecot, backlog).await;
    let start_at = Instant::now();
    let mut dsrd = start(config, dir);
    let done = before + backlog as i64;
    poll_every(Duration::from_millis(20), || async {
        count(pool).await >= done
    })
    .await;
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
    let binary = std::env::var_os("DSRD_BENCH_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_dsrd").into());
    Command::new(binary)
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

/// What the bare client reports to the measuring loop.
struct Bare {
    /// The moment each `* n EXISTS` line arrived.
    seen: tokio::sync::mpsc::UnboundedReceiver<DateTime<Utc>>,
    /// True from the server's `+ idling` until the client sends DONE.
    idling: tokio::sync::watch::Receiver<bool>,
}

/// IDLE on [`FLOOR`] and report the moment of every EXISTS: the floor. Raw
/// lines on a socket, so that the time is taken when the line arrives.
fn spawn_bare_idle_client(port: u16, trace: Option<std::path::PathBuf>) -> Bare {
    let (seen_tx, seen) = tokio::sync::mpsc::unbounded_channel();
    let (idling_tx, idling) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        let _ = bare_idle_client(port, trace, seen_tx, idling_tx).await;
    });
    Bare { seen, idling }
}

async fn bare_idle_client(
    port: u16,
    trace: Option<std::path::PathBuf>,
    seen: tokio::sync::mpsc::UnboundedSender<DateTime<Utc>>,
    idling: tokio::sync::watch::Sender<bool>,
) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    tcp.set_nodelay(true)?;
    let (read, mut write) = tcp.into_split();
    let mut conn = BareConn {
        read: tokio::io::BufReader::new(read),
        trace: trace.map(|p| std::fs::File::create(p).unwrap()),
    };
    conn.line().await?; // greeting
    for (tag, command) in [
        ("a", format!("LOGIN {USER} {}", support::dovecot::PASSWORD)),
        ("b", format!("SELECT {FLOOR}")),
    ] {
        conn.send(&mut write, &format!("{tag} {command}")).await?;
        loop {
            let (line, _) = conn.line().await?;
            if let Some(status) = line.strip_prefix(&format!("{tag} ")) {
                assert!(status.starts_with("OK"), "bare client: {line}");
                break;
            }
        }
    }
    let mut n = 0;
    loop {
        n += 1;
        let tag = format!("i{n}");
        conn.send(&mut write, &format!("{tag} IDLE")).await?;
        let started = Instant::now();
        loop {
            let (line, at) = conn.line().await?;
            if line.starts_with('+') {
                break;
            }
            assert!(!line.starts_with(&tag), "bare client: {line}");
            if is_exists(&line) && seen.send(at).is_err() {
                return Ok(());
            }
        }
        let _ = idling.send(true);
        // Untagged responses come for as long as IDLE runs; leave it only
        // to renew it (RFC 2177: at least every 29 minutes), right after a
        // notification.
        loop {
            let (line, at) = conn.line().await?;
            if is_exists(&line) && seen.send(at).is_err() {
                return Ok(());
            }
            if line.starts_with("* ") && !line.starts_with("* OK") && started.elapsed() > RENEW_IDLE
            {
                break;
            }
        }
        let _ = idling.send(false);
        write.write_all(b"DONE\r\n").await?;
        conn.log("C: DONE");
        loop {
            let (line, at) = conn.line().await?;
            if line.starts_with(&tag) {
                break;
            }
            if is_exists(&line) && seen.send(at).is_err() {
                return Ok(());
            }
        }
    }
}

/// Renew the bare client's IDLE after this long (only after a notification).
const RENEW_IDLE: Duration = Duration::from_secs(20 * 60);

struct BareConn {
    read: tokio::io::BufReader<tokio::net::tcp::OwnedReadHalf>,
    trace: Option<std::fs::File>,
}

impl BareConn {
    /// One response line (a literal, if any, is read and kept in it).
    async fn line(&mut self) -> std::io::Result<(String, DateTime<Utc>)> {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt};
        let mut line = String::new();
        if self.read.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let at = Utc::now();
        while let Some(size) = line
            .trim_end()
            .strip_suffix('}')
            .and_then(|l| l.rsplit_once('{'))
            .and_then(|(_, n)| n.parse::<usize>().ok())
        {
            let mut literal = vec![0; size];
            self.read.read_exact(&mut literal).await?;
            line.push_str(&String::from_utf8_lossy(&literal));
            if self.read.read_line(&mut line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        }
        let line = line.trim_end().to_string();
        self.log(&format!("S: {line}"));
        Ok((line, at))
    }

    async fn send(
        &mut self,
        write: &mut tokio::net::tcp::OwnedWriteHalf,
        command: &str,
    ) -> std::io::Result<()> {
        use tokio::io::AsyncWriteExt;
        write.write_all(format!("{command}\r\n").as_bytes()).await?;
        self.log(&format!("C: {command}"));
        Ok(())
    }

    fn log(&mut self, what: &str) {
        use std::io::Write;
        if let Some(file) = &mut self.trace {
            let _ = writeln!(file, "{} {what}", Utc::now().format("%H:%M:%S%.6f"));
        }
    }
}

fn is_exists(line: &str) -> bool {
    line.starts_with("* ") && line.ends_with(" EXISTS")
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
