//! The download pages over real HTTP: [`serve`] on a real TCP listener on
//! 127.0.0.1, a real SQLite store in a temporary folder holding one case
//! with one offered package, and a package source that hands out known
//! bytes (or breaks in a chosen way) and remembers what it deleted.

pub(crate) mod client;
mod download;
mod logs;
mod pages;
mod shutdown;

use super::{serve, DownloadSettings, HttpState, PackageSource};
use crate::audit::verify;
use crate::case::{Case, CaseDeadline, CaseRef, DeadlineRules, EventKind};
use crate::classify::Language;
use crate::clock::FixedClock;
use crate::deadline::{Calendar, IdentitySettings, Policy, WaitMode};
use crate::lang::Lang;
use crate::reply::secret::{code_hash, new_token, token_hash};
use crate::shutdown::Shutdown;
use crate::store::{
    AuditStore, CaseStore, IntakeOutcome, IntakeStore, NewIntake, PackageRow, ReplyStore,
    SqliteStore,
};
use chrono::{DateTime, TimeDelta, Utc};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;

/// The time of every test: the clock stands still.
pub(crate) const NOW: &str = "2026-03-20T10:00:00Z";
/// The download code sent in the second e-mail.
pub(crate) const CODE: &str = "ABCD-EFGH";

pub(crate) fn now() -> DateTime<Utc> {
    NOW.parse().expect("an RFC 3339 instant")
}

/// The plain package the source hands out: 200 kB in several chunks.
pub(crate) fn package_bytes() -> Vec<u8> {
    (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect()
}

/// How the package source behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Behaviour {
    /// [`package_bytes`], in 64 KiB chunks.
    Package,
    /// Chunks without end (the requester breaks off first).
    Endless,
    /// Chunks without end, slowly (a download on a slow line).
    Slow,
    /// Two chunks, then a damaged one.
    BreaksOff,
    /// The file cannot be opened.
    Unreadable,
}

/// A [`PackageSource`] with known bytes.
pub(crate) struct FakeSource {
    behaviour: Behaviour,
    /// The files deleted, in order.
    pub deleted: Mutex<Vec<String>>,
}

impl PackageSource for FakeSource {
    fn open(
        &self,
        _package: &PackageRow,
    ) -> Result<Box<dyn Iterator<Item = Result<Vec<u8>, String>> + Send>, String> {
        let chunk = vec![0x5a; 64 * 1024];
        Ok(match self.behaviour {
            Behaviour::Package => Box::new(
                package_bytes()
                    .chunks(64 * 1024)
                    .map(|c| Ok(c.to_vec()))
                    .collect::<Vec<_>>()
                    .into_iter(),
            ),
            Behaviour::Endless => Box::new(std::iter::repeat(chunk).map(Ok)),
            Behaviour::Slow => Box::new(std::iter::repeat(chunk).map(|c| {
                std::thread::sleep(Duration::from_millis(10));
                Ok(c)
            })),
            Behaviour::BreaksOff => Box::new(
                [
                    Ok(chunk.clone()),
                    Ok(chunk),
                    Err("authentication tag mismatch".to_owned()),
                ]
                .into_iter(),
            ),
            Behaviour::Unreadable => return Err("no such file".into()),
        })
    }

    fn delete(&self, package: &PackageRow) -> Result<(), String> {
        self.deleted.lock().unwrap().push(package.file.clone());
        Ok(())
    }
}

/// What a test varies.
#[derive(Debug, Clone)]
pub(crate) struct Setup {
    pub language: Language,
    pub organisation: String,
    pub delete_after_download: bool,
    pub max_tries: i64,
    /// The link's expiry, from [`NOW`].
    pub expires_in: TimeDelta,
    pub behaviour: Behaviour,
    pub drain: Duration,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            language: Language::Nl,
            organisation: "Stichting Testscholen".into(),
            delete_after_download: true,
            max_tries: 5,
            expires_in: TimeDelta::days(14),
            behaviour: Behaviour::Package,
            drain: Duration::from_secs(5),
        }
    }
}

/// A running server with its store and one offered package.
pub(crate) struct Running {
    pub addr: SocketAddr,
    pub store: Arc<SqliteStore>,
    pub source: Arc<FakeSource>,
    pub reference: CaseRef,
    pub token: String,
    pub shutdown: Shutdown,
    pub server: JoinHandle<std::io::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Running {
    /// The link's path.
    pub fn path(&self) -> String {
        format!("/download/{}", self.token)
    }

    /// The package as the store has it now.
    pub async fn package(&self) -> PackageRow {
        self.store
            .package_by_token(&token_hash(&self.token))
            .await
            .expect("the store reads")
            .expect("the package is there")
    }

    /// The case as the store has it now.
    pub async fn case(&self) -> Case {
        self.store
            .get_case(&self.reference)
            .await
            .expect("the store reads")
            .expect("the case is there")
    }

    /// The case's event kinds, oldest first.
    pub async fn events(&self) -> Vec<EventKind> {
        self.case().await.events.iter().map(|e| e.kind).collect()
    }

    /// The audit actions in order, after checking that the chain verifies.
    pub async fn audit(&self) -> Vec<String> {
        let (rows, head) = self.store.audit_log().await.expect("the audit log reads");
        verify(&rows, &head).expect("the audit chain verifies");
        rows.into_iter().map(|r| r.action).collect()
    }

    /// Waits until the package is in `state` (a broken-off download is
    /// given back by a task of its own).
    pub async fn wait_for_state(&self, state: crate::store::PackageState) -> PackageRow {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let package = self.package().await;
            if package.state == state {
                return package;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the package stayed {:?}, not {state:?}",
                package.state
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Starts a server on a store with one case, answered, whose package is
/// offered under a fresh token with [`CODE`].
pub(crate) async fn start(setup: Setup) -> Running {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Arc::new(
        SqliteStore::open(&dir.path().join("dsrd.sqlite"))
            .await
            .expect("the SQLite store opens"),
    );
    let reference = match store
        .record_intake(intake(setup.language))
        .await
        .expect("the case is recorded")
    {
        IntakeOutcome::Created(reference) => reference,
        other => panic!("expected a new case, got {other:?}"),
    };
    let token = new_token();
    offer(&store, &reference, &token, now() + setup.expires_in).await;
    let source = Arc::new(FakeSource {
        behaviour: setup.behaviour,
        deleted: Mutex::new(Vec::new()),
    });
    let state = HttpState {
        store: store.clone(),
        packages: source.clone(),
        clock: Arc::new(FixedClock(now())),
        settings: DownloadSettings {
            organisation: setup.organisation.clone(),
            time_zone: chrono_tz::Europe::Amsterdam,
            default_language: Lang::Nl,
            delete_after_download: setup.delete_after_download,
            max_tries: setup.max_tries,
        },
        api: None,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port on 127.0.0.1");
    let addr = listener.local_addr().expect("its address");
    let shutdown = Shutdown::new();
    let server = tokio::spawn(serve(listener, state, shutdown.clone(), setup.drain));
    Running {
        addr,
        store,
        source,
        reference,
        token,
        shutdown,
        server,
        _dir: dir,
    }
}

/// A new request, without acknowledgement or classification: only the
/// case matters here.
fn intake(language: Language) -> NewIntake {
    let received_at: DateTime<Utc> = "2026-03-02T09:15:00Z".parse().unwrap();
    let rules = DeadlineRules {
        policy: Policy::four_weeks(),
        calendar: Calendar::nl_atw(),
        time_zone: chrono_tz::Europe::Amsterdam,
        identity_mode: WaitMode::default(),
        identity_settings: IdentitySettings::default(),
    };
    NewIntake {
        dedupe_key: "message-id:download@example.org".into(),
        message_id: Some("download@example.org".into()),
        source: "maildir:new/download".into(),
        mailbox: "avg".into(),
        received_at,
        raw: b"Message-ID: <download@example.org>\r\n\r\nGraag inzage.\r\n".to_vec(),
        attachments: Vec::new(),
        parse_error: None,
        prefix: "AVG".into(),
        year: 2026,
        organisation: "Stichting Testscholen".into(),
        requester_address: None,
        requester_name: None,
        subject: Some("Inzageverzoek".into()),
        body_text: "Graag inzage.".into(),
        language,
        classification: None,
        thread_ids: Vec::new(),
        subject_reference: None,
        deadline: CaseDeadline::new(received_at, rules),
        triage_reason: None,
        effects: Vec::new(),
        acknowledgement: None,
        now: received_at,
    }
}

/// Puts the case where sending its answer leaves it (`answered`, the
/// package offered under `token`), directly in the tables: the way there
/// through identity, approval and execution is the store's own tests'
/// business.
async fn offer(store: &SqliteStore, reference: &CaseRef, token: &str, expires_at: DateTime<Utc>) {
    let made_at = now() - TimeDelta::hours(1);
    sqlx::query("UPDATE cases SET state = 'answered' WHERE reference = ?")
        .bind(reference.as_str())
        .execute(store.pool())
        .await
        .expect("the case is answered");
    sqlx::query(
        "INSERT INTO packages (case_id, file, wrapped_key, sha256, size, records, manifest, state,
             token_hash, code_hash, code_attempts, expires_at, made_at, updated_at)
         VALUES ((SELECT id FROM cases WHERE reference = ?), ?, ?, ?, ?, 3, '{}', 'offered', ?, ?, 0, ?, ?, ?)",
    )
    .bind(reference.as_str())
    .bind("0f3c9a.sealed")
    .bind(vec![7u8; 72])
    .bind("00".repeat(32))
    .bind(package_bytes().len() as i64)
    .bind(token_hash(token))
    .bind(code_hash(token, CODE))
    .bind(expires_at)
    .bind(made_at)
    .bind(made_at)
    .execute(store.pool())
    .await
    .expect("the package is offered");
}
