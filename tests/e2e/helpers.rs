//! `TestEnv`: one isolated dsrd installation per test.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Which store a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on.
pub fn pg_admin_url() -> String {
    std::env::var("DSRD_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// The erasure ledger's key every test installation has (in
/// `DSRD_LEDGER_KEY`), as a real one must: no erasure is carried out
/// without it. A test of the missing key sets [`TestEnv::ledger_key`] to
/// `None`.
pub const TEST_LEDGER_KEY: &str =
    "5e1f0c2b7a9d4e3f8a6b1c0d2e4f6a8b9c7d5e3f1a2b4c6d8e0f1a3b5c7d9e2f";

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub backend: Backend,
    store_url: String,
    pg_database: Option<String>,
    daemon: Option<Child>,
    clock: Option<PathBuf>,
    /// `DSRD_LOG` for the daemon, when not the default.
    pub log_filter: Option<String>,
    /// `DSRD_LEDGER_KEY` for the daemon and the CLI; `None` leaves it unset.
    pub ledger_key: Option<String>,
}

impl TestEnv {
    pub async fn new(backend: Backend) -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        let (store_url, pg_database) = match backend {
            Backend::Sqlite => ("sqlite:dsrd.sqlite".to_owned(), None),
            Backend::Postgres => {
                let name = format!("dsrd_test_{:016x}", rand::random::<u64>());
                let admin = sqlx::PgPool::connect(&pg_admin_url()).await.expect(
                    "PostgreSQL must run on 127.0.0.1:5432 (set DSRD_TEST_POSTGRES_URL otherwise); .ci/run starts it",
                );
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&admin)
                    .await
                    .unwrap();
                admin.close().await;
                let base = pg_admin_url();
                let url = format!("{}/{name}", &base[..base.rfind('/').unwrap()]);
                (url, Some(name))
            }
        };
        let config = dir.path().join("dsrd.toml");
        std::fs::write(
            &config,
            format!(
                r#"
[organisation]
name = "Stichting Testscholen"
reply_address = "avg@testscholen.example"
reference_prefix = "AVG"

[store]
url = "{store_url}"

[mailbox]
kind = "maildir"
path = "maildir"
poll_interval_ms = 100

[outgoing]
kind = "files"
path = "outbox"
"#
            ),
        )
        .unwrap();
        for sub in ["new", "cur", "tmp"] {
            std::fs::create_dir_all(dir.path().join("maildir").join(sub)).unwrap();
        }
        TestEnv {
            dir,
            config,
            backend,
            store_url,
            pg_database,
            daemon: None,
            clock: None,
            log_filter: None,
            ledger_key: Some(TEST_LEDGER_KEY.to_owned()),
        }
    }

    /// Rewrites the configuration with the same organisation and store and
    /// the given mailbox and outgoing sections.
    pub fn write_config(&self, sections: &str) {
        let text = format!(
            "[organisation]\nname = \"Stichting Testscholen\"\nreply_address = \"avg@testscholen.example\"\n\
reference_prefix = \"AVG\"\n\n[store]\nurl = \"{}\"\n\n{sections}",
            self.store_url
        );
        std::fs::write(&self.config, text).unwrap();
    }

    pub fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// Delivers a message the way an MDA does: written in tmp/, renamed into new/.
    pub fn deliver(&self, name: &str, raw: &[u8]) {
        let tmp = self.path("maildir/tmp").join(name);
        std::fs::write(&tmp, raw).unwrap();
        std::fs::rename(&tmp, self.path("maildir/new").join(name)).unwrap();
    }

    /// Delivers a message whose delivery time (file mtime) is `at`.
    pub fn deliver_at(&self, name: &str, raw: &[u8], at: &str) {
        let tmp = self.path("maildir/tmp").join(name);
        std::fs::write(&tmp, raw).unwrap();
        let t: std::time::SystemTime = chrono::DateTime::parse_from_rfc3339(at).unwrap().into();
        std::fs::File::options()
            .write(true)
            .open(&tmp)
            .unwrap()
            .set_modified(t)
            .unwrap();
        std::fs::rename(&tmp, self.path("maildir/new").join(name)).unwrap();
    }

    /// Sets the time the daemon and the CLI see (an injected clock).
    pub fn set_clock(&mut self, at: &str) {
        let file = self.path("clock");
        std::fs::write(&file, at).unwrap();
        self.clock = Some(file);
    }

    /// Appends TOML to the configuration file.
    pub fn configure(&self, toml: &str) {
        let mut text = std::fs::read_to_string(&self.config).unwrap();
        text.push_str(toml);
        std::fs::write(&self.config, text).unwrap();
    }

    pub fn start(&mut self) {
        assert!(self.daemon.is_none(), "daemon already running");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.path("daemon.log"))
            .unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_dsrd"));
        if let Some(clock) = &self.clock {
            command.env("DSRD_CLOCK_FILE", clock);
        }
        match &self.ledger_key {
            Some(key) => command.env("DSRD_LEDGER_KEY", key),
            None => command.env_remove("DSRD_LEDGER_KEY"),
        };
        let child = command
            .args(["-c", self.config.to_str().unwrap(), "run"])
            .env(
                "DSRD_LOG",
                self.log_filter
                    .as_deref()
                    .unwrap_or("info,dsrd::remind=debug"),
            )
            .env("DSRD_TEST_IMAP_PASSWORD", crate::support::dovecot::PASSWORD)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start dsrd");
        self.daemon = Some(child);
    }

    /// Stops the daemon with SIGKILL: no chance to finish anything.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.daemon.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// Waits until the daemon ends by itself, and returns how it ended.
    pub fn wait_for_exit(&mut self) -> std::process::ExitStatus {
        let mut status = None;
        let child = self.daemon.as_mut().expect("daemon running");
        let started = std::time::Instant::now();
        while status.is_none() {
            status = child.try_wait().unwrap();
            assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "the daemon did not end by itself; log:\n{}",
                std::fs::read_to_string(self.dir.path().join("daemon.log")).unwrap_or_default()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        self.daemon = None;
        status.unwrap()
    }

    /// Stops the daemon with SIGTERM and waits for a clean exit.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        let mut child = self.daemon.take().expect("daemon running");
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        child.wait().unwrap()
    }

    pub fn dsrd(&self, args: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dsrd"));
        if let Some(clock) = &self.clock {
            command.env("DSRD_CLOCK_FILE", clock);
        }
        match &self.ledger_key {
            Some(key) => command.env("DSRD_LEDGER_KEY", key),
            None => command.env_remove("DSRD_LEDGER_KEY"),
        };
        command
            .env("DSRD_TEST_IMAP_PASSWORD", crate::support::dovecot::PASSWORD)
            .arg("-c")
            .arg(&self.config)
            .args(args)
            .output()
            .expect("run dsrd")
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.dsrd(args);
        assert!(
            out.status.success(),
            "dsrd {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON output")
    }

    /// JSON output of a command that may exit non-zero (a check that failed).
    pub fn json_status(&self, args: &[&str]) -> Value {
        let out = self.dsrd(args);
        serde_json::from_slice(&out.stdout).expect("JSON output")
    }

    pub fn count(&self, sub: &str) -> usize {
        std::fs::read_dir(self.path(sub))
            .map(|d| d.count())
            .unwrap_or(0)
    }

    pub fn outbox(&self) -> Vec<PathBuf> {
        let mut files: Vec<_> = std::fs::read_dir(self.path("outbox"))
            .map(|d| {
                d.map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// How often the daemon's log (since the test began) contains `needle`.
    pub fn log_count(&self, needle: &str) -> usize {
        self.log().matches(needle).count()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.path("daemon.log")).unwrap_or_default()
    }

    /// Waits (polling, with a generous limit) until `done` holds.
    pub fn wait_until(&self, what: &str, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting until {what}\n--- daemon log ---\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The store's URL as a client reaches it from the test: the SQLite
    /// file, or this test's PostgreSQL database.
    pub fn store_client_url(&self) -> String {
        match self.backend {
            Backend::Sqlite => format!("sqlite:{}", self.path("dsrd.sqlite").display()),
            Backend::Postgres => {
                let base = pg_admin_url();
                format!(
                    "{}/{}",
                    &base[..base.rfind('/').unwrap()],
                    self.pg_database.as_ref().unwrap()
                )
            }
        }
    }

    /// Runs SQL on the store directly, as an attacker with database access would.
    pub async fn tamper(&self, sql: &str) {
        match self.backend {
            Backend::Sqlite => {
                let pool = sqlx::SqlitePool::connect(&format!(
                    "sqlite:{}",
                    self.path("dsrd.sqlite").display()
                ))
                .await
                .unwrap();
                sqlx::query(sql).execute(&pool).await.unwrap();
                pool.close().await;
            }
            Backend::Postgres => {
                let base = pg_admin_url();
                let url = format!(
                    "{}/{}",
                    &base[..base.rfind('/').unwrap()],
                    self.pg_database.as_ref().unwrap()
                );
                let pool = sqlx::PgPool::connect(&url).await.unwrap();
                sqlx::query(sql).execute(&pool).await.unwrap();
                pool.close().await;
            }
        }
    }
}

impl Drop for TestEnv {
    fn drop(&mut self) {
        self.kill();
        if let Some(name) = self.pg_database.take() {
            // Best effort, on a fresh runtime: the test's own may be gone.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok(admin) = sqlx::PgPool::connect(&pg_admin_url()).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&admin)
                                .await;
                    }
                });
            })
            .join();
        }
    }
}

/// A simple request mail.
pub fn mail(id: &str, from: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: avg@testscholen.example\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n\
Date: Mon, 2 Feb 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

pub fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned()
}
