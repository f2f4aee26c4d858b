//! How fast the real `dsrd run` is ready, and how small it stays while it
//! waits for mail, on the embedded default (Maildir, SQLite, `.eml` outbox).
//!
//! Each run takes a fresh temporary folder and starts the release binary
//! twice: once on no store at all (it creates the SQLite file and migrates
//! it), then again on the store the first start left (a restart, the usual
//! case). Measured per start:
//! - ready: from spawning the process until its log says "watching Maildir"
//!   (the Maildir loop logs it at info once it watches the folder);
//! - idle: the resident memory (`VmRSS` of `/proc/PID/status`) after
//!   [`IDLE`] of waiting with nothing to do;
//! - after one letter (restart only): a Dutch request is dropped into the
//!   Maildir, and once its acknowledgement is written and [`IDLE`] has passed,
//!   the resident memory again: what the first letter costs (the
//!   classifier's rules for its language are built on first use).
//!
//! Medians over the runs are printed with the minimum and maximum. Run:
//! `cargo bench --bench startup` (`-- --runs N`, default 9);
//! `DSRD_BENCH_BIN=/path/to/dsrd` measures another build of the binary, so
//! two versions can be compared in one session. Linux only (`/proc`).
//!
//! Measured 2026-12-02 (release, Debian 12, 2 cores shared with other
//! agents' builds), median of 9 runs; before = the classifier's rules
//! compiled in full at start-up, after = compiled on first use:
//!
//! | | before | after |
//! |---|---:|---:|
//! | first start (new store): ready | 411.5 ms | 46.9 ms |
//! | first start: idle RSS | 66.4 MiB | 15.6 MiB |
//! | restart: ready | 356.8 ms | 8.0 ms |
//! | restart: idle RSS | 66.5 MiB | 15.5 MiB |
//! | restart: RSS after one letter | 76.7 MiB | 33.6 MiB |
//!
//! A first start waits for the store's migrations, each commit synced to
//! disk (`synchronous=FULL`; 11.6 ms with `NORMAL`). `dsrd classify` of one
//! letter went from 0.41 s to 0.06 s.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the daemon waits with nothing to do before its memory is read.
const IDLE: Duration = Duration::from_secs(2);

/// The line the Maildir loop logs once it watches the folder.
const READY: &str = "watching Maildir";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .map(|n| n.parse::<usize>().expect("--runs N"))
        .unwrap_or(9);
    let binary = std::env::var_os("DSRD_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_dsrd")));
    println!("binary: {}", binary.display());

    let (mut first_ready, mut first_idle) = (Vec::new(), Vec::new());
    let (mut ready, mut idle, mut after_letter) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let dir = tempfile::tempdir().unwrap();
        let config = write_config(dir.path());

        let mut daemon = Daemon::start(&binary, &config);
        first_ready.push(daemon.ready_ms);
        std::thread::sleep(IDLE);
        first_idle.push(rss_mib(daemon.child.id()));
        daemon.stop();

        let mut daemon = Daemon::start(&binary, &config);
        ready.push(daemon.ready_ms);
        std::thread::sleep(IDLE);
        idle.push(rss_mib(daemon.child.id()));
        deliver(dir.path());
        wait_until(|| outbox_files(dir.path()) >= 1, "the acknowledgement");
        std::thread::sleep(IDLE);
        after_letter.push(rss_mib(daemon.child.id()));
        daemon.stop();
    }
    report("first start (new store): ready", "ms", &mut first_ready);
    report("first start (new store): idle RSS", "MiB", &mut first_idle);
    report("restart: ready", "ms", &mut ready);
    report("restart: idle RSS", "MiB", &mut idle);
    report("restart: RSS after one letter", "MiB", &mut after_letter);
}

/// A running `dsrd run` and how long it took to watch its Maildir.
struct Daemon {
    child: Child,
    ready_ms: f64,
}

impl Daemon {
    fn start(binary: &Path, config: &Path) -> Daemon {
        let started = Instant::now();
        let mut child = Command::new(binary)
            .arg("-c")
            .arg(config)
            .arg("run")
            .env("DSRD_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dsrd");
        let (tx, rx) = mpsc::channel();
        drain_log(child.stderr.take().unwrap(), tx);
        rx.recv_timeout(Duration::from_secs(30))
            .expect("dsrd logs that it watches the Maildir within 30 s");
        let ready_ms = started.elapsed().as_secs_f64() * 1000.0;
        Daemon { child, ready_ms }
    }

    fn stop(&mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "dsrd stopped with {exit}");
    }
}

/// Reads the log until it ends (so the daemon never blocks on a full pipe),
/// and says when the ready line came.
fn drain_log(stderr: ChildStderr, ready: mpsc::Sender<()>) {
    std::thread::spawn(move || {
        let mut ready = Some(ready);
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if line.contains(READY) {
                if let Some(tx) = ready.take() {
                    let _ = tx.send(());
                }
            }
        }
    });
}

fn write_config(dir: &Path) -> PathBuf {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join("maildir").join(sub)).unwrap();
    }
    let path = dir.join("dsrd.toml");
    std::fs::write(
        &path,
        "[organisation]\nname = \"Bench\"\nreply_address = \"avg@bench.example\"\n\n\
[store]\nurl = \"sqlite:dsrd.sqlite\"\n\n\
[mailbox]\nkind = \"maildir\"\npath = \"maildir\"\n\n\
[outgoing]\nkind = \"files\"\npath = \"outbox\"\n",
    )
    .unwrap();
    path
}

fn deliver(dir: &Path) {
    let raw = "From: Ouder <ouder@example.org>\r\nTo: avg@bench.example\r\nSubject: Inzage\r\n\
Message-ID: <startup-bench@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Beste privacyfunctionaris,\r\n\r\nGraag wil ik inzage in de gegevens die de school over mijn \
zoon bewaart, op grond van artikel 15 AVG.\r\n\r\nMet vriendelijke groet,\r\nOuder\r\n";
    let tmp = dir.join("maildir/tmp/bench.msg");
    std::fs::write(&tmp, raw).unwrap();
    std::fs::rename(&tmp, dir.join("maildir/new/bench.msg")).unwrap();
}

fn outbox_files(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("outbox"))
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "eml"))
            })
            .count()
        })
        .unwrap_or(0)
}

fn wait_until(mut done: impl FnMut() -> bool, what: &str) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The resident memory of process `pid`, in MiB.
fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status");
    kib / 1024.0
}

fn report(what: &str, unit: &str, values: &mut [f64]) {
    values.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{what:<38} median {:7.1} {unit:<3}  min {:7.1}  max {:7.1}  (n = {})",
        values[values.len() / 2],
        values[0],
        values[values.len() - 1],
        values.len()
    );
}
