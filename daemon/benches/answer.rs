//! One pupil's access and erasure request, from the moment the mail is
//! committed to the moment the answer is queued (issue 13, point 7), on a
//! school of 100,000 pupils with ten results each, in SQLite and in
//! PostgreSQL; and the same operations done by hand-written SQL in the same
//! run, on the same database.
//!
//! What runs is the daemon's own code, in-process and through its public
//! library: intake commits the mail (not timed), then the identity stage,
//! the planner, the officer's approval (given automatically here, as the
//! issue asks: `officer::approve` of every action of the plan), the
//! executor and the answer stage (`answer.auto_send`) are stepped back to
//! back until the answer is in the outbox. The `sql` plugin runs as in
//! production, in its plugin host child process (`dsrd plugin-host`). The
//! running daemon's stages wake each other, but the Maildir's poll and an
//! approval given from another process (the CLI) wait for a tick; that is
//! not in these figures (the README gives it).
//!
//! Measured per engine: `--requests N` access and N erasure requests one
//! after the other (median and p99), then a burst of 20 access requests
//! committed at once and answered together (requests per second). The
//! baseline: for the same pupils, the access as one SELECT per table of the
//! pupil's records, and the erasure as one transaction deleting them.
//!
//! Run: `cargo bench --bench answer` (`-- --requests N`, default 30;
//! `-- --sqlite-only`). PostgreSQL from `DSRD_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`), a fresh database per run,
//! dropped afterwards. Building the school takes a minute or two per
//! engine and is not measured.
//!
//! The anchor (issue 13): Ethyca Fides 2.78.2 on this kind of machine took
//! 0.57 s for such an access request and 1.11 s for an erasure, 1.8 and
//! 0.94 requests/s in a burst. The target: under 30 ms and 50 ms, within
//! 2× of hand-written SQL.
//!
//! Measured 2026-12-02 (release, Debian 12, 2 cores shared with other work,
//! 29 timed requests of each kind per engine after one warm-up; a second
//! run gave the same within 0.5 ms):
//!
//! | | SQLite median / p99 | PostgreSQL median / p99 | Fides 2.78.2 |
//! |---|---:|---:|---:|
//! | access | 15.5 / 20.4 ms | 23.9 / 35.7 ms | 570 ms |
//! | erasure | 14.8 / 23.5 ms | 27.6 / 36.3 ms | 1,110 ms |
//! | burst of 20 access | 73.7 requests/s | 44.3 requests/s | 1.8 (access), 0.94 (erasure) |
//! | hand-written SQL, access / erasure | 1.03 / 1.72 ms | 1.94 / 1.62 ms | |
//!
//! Under the absolute targets; not within 2× of hand-written SQL (8.6× to
//! 17×): the SQL reads or deletes one pupil's rows, dsrd also looks the
//! requester up, decides identity, makes and fingerprints a dry-run plan,
//! records the approval, asks the recipients, seals and encrypts the
//! package, renders the letter and queues two mails — about a dozen
//! transactions with an audit entry each, every commit synced to disk, and
//! each plugin call a round trip to the plugin host. Per stage (SQLite,
//! access): identity 4.2 ms, plan 2.0, approval 2.3, execution 1.9, answer
//! 5.2.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dsrd::case::{CaseRef, CaseState};
use dsrd::clock::{Clock, SystemClock};
use dsrd::config::Config;
use dsrd::dispatch::PluginService;
use dsrd::intake::{Intake, MaildirSource};
use dsrd::store::{CaseFilter, Store};

/// Pupils in the school (the anchor's size).
const PUPILS: usize = 100_000;
/// Results per pupil (the demo seed gives two; eight more are added).
const RESULTS: i64 = 10;
/// Requests in the burst.
const BURST: usize = 20;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let requests = args
        .iter()
        .position(|a| a == "--requests")
        .and_then(|i| args.get(i + 1))
        .map(|n| n.parse::<usize>().expect("--requests N"))
        .unwrap_or(30);
    let sqlite_only = args.iter().any(|a| a == "--sqlite-only");
    // A smaller school only to try the bench itself out.
    let pupils = args
        .iter()
        .position(|a| a == "--pupils")
        .and_then(|i| args.get(i + 1))
        .map(|n| n.parse::<usize>().expect("--pupils N"))
        .unwrap_or(PUPILS);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let sqlite = Engine::Sqlite {
            dir: dir.path().join("sqlite"),
        };
        run(&sqlite, pupils, requests).await;
        if !sqlite_only {
            let admin = std::env::var("DSRD_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
            let tag = format!("{:08x}", rand::random::<u32>());
            let pg = Engine::Postgres {
                dir: dir.path().join("postgres"),
                admin: admin.clone(),
                school: format!("dsrd_bench_school_{tag}"),
                store: format!("dsrd_bench_store_{tag}"),
            };
            pg.create().await;
            run(&pg, pupils, requests).await;
            pg.drop().await;
        }
    });
}

enum Engine {
    Sqlite {
        dir: PathBuf,
    },
    Postgres {
        dir: PathBuf,
        admin: String,
        school: String,
        store: String,
    },
}

impl Engine {
    fn name(&self) -> &'static str {
        match self {
            Engine::Sqlite { .. } => "SQLite",
            Engine::Postgres { .. } => "PostgreSQL",
        }
    }

    fn dir(&self) -> &Path {
        match self {
            Engine::Sqlite { dir } | Engine::Postgres { dir, .. } => dir,
        }
    }

    fn url_of(admin: &str, database: &str) -> String {
        format!("{}/{database}", &admin[..admin.rfind('/').unwrap()])
    }

    fn school_url(&self) -> String {
        match self {
            Engine::Sqlite { dir } => format!("sqlite:{}", dir.join("school.sqlite").display()),
            Engine::Postgres { admin, school, .. } => Self::url_of(admin, school),
        }
    }

    fn store_url(&self) -> String {
        match self {
            Engine::Sqlite { .. } => "sqlite:dsrd.sqlite".into(),
            Engine::Postgres { admin, store, .. } => Self::url_of(admin, store),
        }
    }

    async fn create(&self) {
        if let Engine::Postgres {
            admin,
            school,
            store,
            ..
        } = self
        {
            let pool = sqlx::PgPool::connect(admin).await.expect("PostgreSQL");
            for db in [school, store] {
                sqlx::query(&format!("CREATE DATABASE {db}"))
                    .execute(&pool)
                    .await
                    .unwrap();
            }
            pool.close().await;
        }
    }

    async fn drop(&self) {
        if let Engine::Postgres {
            admin,
            school,
            store,
            ..
        } = self
        {
            let pool = sqlx::PgPool::connect(admin).await.unwrap();
            for db in [school, store] {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
                    .execute(&pool)
                    .await;
            }
            pool.close().await;
        }
    }
}

/// A guardian of exactly one pupil under 16 with two guardians: a request
/// from their address on file is matched on file with no choice to make.
#[derive(Debug, Clone)]
struct Family {
    pupil: i64,
    guardian: String,
    email: String,
}

async fn run(engine: &Engine, pupils: usize, requests: usize) {
    std::fs::create_dir_all(engine.dir().join("maildir/new")).unwrap();
    std::fs::create_dir_all(engine.dir().join("maildir/cur")).unwrap();
    std::fs::create_dir_all(engine.dir().join("maildir/tmp")).unwrap();
    let built = Instant::now();
    let url = engine.school_url();
    dsrd_plugin_sql::demo::create_school_async(&url, pupils, 7)
        .await
        .expect("the school");
    top_up_results(&url).await;
    let families = families(&url, 3 * requests + BURST).await;
    eprintln!(
        "{}: school of {pupils} pupils, {RESULTS} results each, built in {:.0} s; {} families to ask for",
        engine.name(),
        built.elapsed().as_secs_f64(),
        families.len()
    );
    let config = Arc::new(configure(engine, &url));
    let store = dsrd::store::open(&config.store).await.expect("the store");
    let pipeline = Pipeline::new(config.clone(), store.clone()).await;

    let (access, erasure, burst) = {
        let mut f = families.into_iter();
        let access: Vec<Family> = f.by_ref().take(requests).collect();
        let erasure: Vec<Family> = f.by_ref().take(requests).collect();
        let burst: Vec<Family> = f.by_ref().take(BURST).collect();
        (access, erasure, burst)
    };
    // One of each first, not counted: the plugin host starts, the store's
    // pages and the classifier's rules are warm.
    let mut n = 0;
    let mut times_access = Vec::new();
    let mut stages_access = [Duration::ZERO; 5];
    let mut stages_erasure = [Duration::ZERO; 5];
    let mut times_erasure = Vec::new();
    for (i, family) in access.iter().enumerate() {
        n += 1;
        let d = pipeline.answer(n, family, Kind::Access).await;
        let spent = pipeline.stages();
        if i > 0 {
            times_access.push(d);
            for (sum, s) in stages_access.iter_mut().zip(spent) {
                *sum += s;
            }
        }
    }
    for (i, family) in erasure.iter().enumerate() {
        n += 1;
        let d = pipeline.answer(n, family, Kind::Erasure).await;
        let spent = pipeline.stages();
        if i > 0 {
            times_erasure.push(d);
            for (sum, s) in stages_erasure.iter_mut().zip(spent) {
                *sum += s;
            }
        }
    }
    let burst_time = pipeline.burst(n, &burst).await;

    // The same operations by hand, on pupils not asked for above.
    let sql = HandSql::connect(&url).await;
    let spare = families_after(&url, &access, &erasure, &burst, 2 * requests).await;
    let mut sql_access = Vec::new();
    let mut sql_erasure = Vec::new();
    for (i, f) in spare.iter().enumerate() {
        if i % 2 == 0 {
            sql_access.push(sql.access(&f.email).await);
        } else {
            sql_erasure.push(sql.erase(f.pupil).await);
        }
    }

    println!(
        "\n{} — {pupils} pupils, {RESULTS} results each",
        engine.name()
    );
    println!("| | median | p99 | hand-written SQL (median) | ratio |");
    println!("|---|---:|---:|---:|---:|");
    for (what, dsrd, hand) in [
        ("access", &mut times_access, &mut sql_access),
        ("erasure", &mut times_erasure, &mut sql_erasure),
    ] {
        let (m, p) = (median(dsrd), p99(dsrd));
        let h = median(hand);
        println!(
            "| {what} | {:.1} ms | {:.1} ms | {:.2} ms | {:.1}× |",
            ms(m),
            ms(p),
            ms(h),
            m.as_secs_f64() / h.as_secs_f64()
        );
    }
    for (what, spent, n) in [
        ("access", stages_access, times_access.len()),
        ("erasure", stages_erasure, times_erasure.len()),
    ] {
        let parts: Vec<String> = STAGES
            .iter()
            .zip(spent)
            .map(|(name, d)| format!("{name} {:.1} ms", ms(d) / n as f64))
            .collect();
        println!("| {what}, mean per stage | {} | | | |", parts.join(", "));
    }
    println!(
        "| burst of {BURST} access requests | {:.0} ms in all | | | {:.1} requests/s |",
        ms(burst_time),
        BURST as f64 / burst_time.as_secs_f64()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn p99(v: &mut [Duration]) -> Duration {
    v.sort();
    v[((v.len() as f64 * 0.99).ceil() as usize).clamp(1, v.len()) - 1]
}

/// Eight more results per pupil, one statement (the seed gives two).
async fn top_up_results(url: &str) {
    let extra = RESULTS - 2;
    let sql = format!(
        "INSERT INTO test_results (id, pupil_id, test_name, taken_on, score, remark)
         SELECT 10000000 + p.id * {extra} + k.n, p.id, 'Cito LOVS', '2025-06-01', 40 + k.n, NULL
         FROM pupils p, (WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < {last}) SELECT n FROM k) k",
        last = extra - 1
    );
    let sql = if url.starts_with("postgres") {
        sql.replace("'2025-06-01'", "DATE '2025-06-01'")
    } else {
        sql
    };
    if url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(&sql).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(&sql).execute(&pool).await.unwrap();
        sqlx::query("ANALYZE").execute(&pool).await.unwrap();
        pool.close().await;
    }
}

const FAMILIES: &str = "SELECT CAST(p.id AS BIGINT), g.first_name || ' ' || g.last_name, g.email
    FROM guardians g
    JOIN pupil_guardians l ON l.guardian_id = g.id
    JOIN pupils p ON p.id = l.pupil_id
    WHERE g.email IS NOT NULL AND l.parental_authority
      AND p.date_of_birth > '2012-01-01'
      AND (SELECT COUNT(*) FROM pupil_guardians x WHERE x.guardian_id = g.id) = 1
      AND (SELECT COUNT(*) FROM pupil_guardians y WHERE y.pupil_id = p.id) = 2
      AND (SELECT COUNT(*) FROM guardians z WHERE lower(z.email) = lower(g.email)) = 1
    ORDER BY p.id";

async fn families(url: &str, want: usize) -> Vec<Family> {
    // Both guardians of a pupil qualify: twice the rows, one kept per pupil
    // (each pupil is asked about once; an erasure removes them).
    let sql = format!("{FAMILIES} LIMIT {}", 2 * want);
    let rows: Vec<(i64, String, String)> = if url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        let rows = sqlx::query_as(&sql).fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        let rows = sqlx::query_as(&sql.replace("'2012-01-01'", "DATE '2012-01-01'"))
            .fetch_all(&pool)
            .await
            .unwrap();
        pool.close().await;
        rows
    };
    let mut out: Vec<Family> = Vec::new();
    for (pupil, guardian, email) in rows {
        if out.last().is_none_or(|f| f.pupil != pupil) {
            out.push(Family {
                pupil,
                guardian,
                email,
            });
        }
    }
    assert!(out.len() >= want, "only {} suitable families", out.len());
    out.truncate(want);
    out
}

async fn families_after(
    url: &str,
    a: &[Family],
    b: &[Family],
    c: &[Family],
    want: usize,
) -> Vec<Family> {
    let used: Vec<i64> = a.iter().chain(b).chain(c).map(|f| f.pupil).collect();
    families(url, used.len() + want)
        .await
        .into_iter()
        .filter(|f| !used.contains(&f.pupil))
        .take(want)
        .collect()
}

fn configure(engine: &Engine, school: &str) -> Config {
    let dir = engine.dir();
    std::fs::write(dir.join("package.key"), "42".repeat(32)).unwrap();
    let plugins = serde_json::json!({ "plugins": [{
        "name": "sql",
        "builtin": "sql",
        "settings": dsrd_plugin_sql::demo::mapping(school),
    }]});
    let plugins = toml::to_string(&toml::Value::try_from(plugins).unwrap()).unwrap();
    let text = format!(
        r#"
[organisation]
name = "Stichting Benchscholen"
reply_address = "avg@demoscholen.example"

[store]
url = "{store}"

[mailbox]
kind = "maildir"
path = "maildir"
authserv_id = "demoscholen.example"

[outgoing]
kind = "files"
path = "outbox"

[[officers]]
name = "fg"
address = "fg@demoscholen.example"
role = "officer"

[approval]
erasure_approvers = 1

[http]
listen = "127.0.0.1:0"
public_url = "https://avg.demoscholen.example"

[packages]
key_file = "package.key"

[answer]
auto_send = true

[[register]]
system = "sql"
name = "Leerlingadministratie"
purposes = ["onderwijs"]
legal_bases = ["wettelijke verplichting (WPO)"]

[[recipients]]
name = "DUO (BRON)"
email = "bron@duo.example.org"

[[recipients]]
name = "GGD jeugdgezondheidszorg"
email = "jgz@ggd.example.org"

[[recipients]]
name = "leerlingvolgsysteem (pupil tracking system)"
email = "lvs@demoscholen.example"

{plugins}"#,
        store = engine.store_url(),
    );
    let file = dir.join("dsrd.toml");
    std::fs::write(&file, text).unwrap();
    dsrd::config::load(&file)
        .expect("the bench configuration")
        .config
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Access,
    Erasure,
}

/// The daemon's stages over one store, stepped by hand.
struct Pipeline {
    config: Arc<Config>,
    store: Arc<dyn Store>,
    intake: Intake,
    maildir: MaildirSource,
    identity: dsrd::verify::IdentityWorker,
    planner: dsrd::planner::Planner,
    executor: dsrd::execute::Executor,
    replier: dsrd::reply::Replier,
    clock: Arc<dyn Clock>,
    /// Time spent per stage since the last `stages()`.
    spent: std::sync::Mutex<[Duration; 5]>,
}

/// The stages, in the order `until_answered` steps them.
const STAGES: [&str; 5] = ["identity", "plan", "approval", "execution", "answer"];

impl Pipeline {
    async fn new(config: Arc<Config>, store: Arc<dyn Store>) -> Self {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let plugins = PluginService::new(&config.plugins, Path::new(env!("CARGO_BIN_EXE_dsrd")));
        plugins.start_all().await.expect("the sql plugin starts");
        let rules = Arc::new(config.classify.load_rules().unwrap());
        let path = maildir_of(&config);
        Pipeline {
            intake: Intake::new(config.clone(), rules, store.clone(), clock.clone()),
            maildir: MaildirSource::open(&path).unwrap(),
            identity: dsrd::verify::IdentityWorker::new(
                config.clone(),
                store.clone(),
                plugins.clone(),
                clock.clone(),
                Arc::new(dsrd::verify::ConfiguredMailboxes::new(&config)),
            ),
            planner: dsrd::planner::Planner::new(
                config.clone(),
                store.clone(),
                plugins.clone(),
                clock.clone(),
            ),
            executor: dsrd::execute::Executor::new(
                store.clone(),
                plugins.clone(),
                clock.clone(),
                Arc::new(dsrd::reply::PackageKey::given(
                    dsrd::package::MasterKey::generate(),
                )),
            ),
            replier: dsrd::reply::Replier::new(
                config.clone(),
                store.clone(),
                plugins.clone(),
                clock.clone(),
                Arc::new(dsrd::reply::PackageKey::new(&config.packages)),
            ),
            config,
            store,
            clock,
            spent: std::sync::Mutex::new([Duration::ZERO; 5]),
        }
    }

    fn letter(n: usize, family: &Family, kind: Kind) -> String {
        let domain = family.email.rsplit_once('@').map(|(_, d)| d).unwrap();
        let (subject, body) = match kind {
            Kind::Access => (
                "Inzageverzoek",
                "Beste school,\r\n\r\nGraag wil ik inzage in alle persoonsgegevens die u over mijn kind bewaart.",
            ),
            Kind::Erasure => (
                "Verzoek tot verwijdering",
                "Beste school,\r\n\r\nWilt u alle persoonsgegevens van mijn kind verwijderen? Wij zijn verhuisd.",
            ),
        };
        format!(
            "Authentication-Results: demoscholen.example;\r\n\tdkim=pass header.d={domain} header.i=@{domain};\r\n\tspf=pass smtp.mailfrom={email};\r\n\tdmarc=pass header.from={domain}\r\n\
             From: {name} <{email}>\r\nTo: avg@demoscholen.example\r\nSubject: {subject}\r\n\
             Message-ID: <bench-{n}@{domain}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
             {body}\r\n\r\nMet vriendelijke groet,\r\n{name}\r\n",
            email = family.email,
            name = family.guardian,
        )
    }

    /// Commits one request (not timed), then times its way to the answer.
    async fn answer(&self, n: usize, family: &Family, kind: Kind) -> Duration {
        self.commit(n, family, kind).await;
        let started = Instant::now();
        self.until_answered(1).await;
        started.elapsed()
    }

    /// Commits `families`' requests at once, then times until all are answered.
    async fn burst(&self, from: usize, families: &[Family]) -> Duration {
        for (i, f) in families.iter().enumerate() {
            std::fs::write(
                maildir_of(&self.config)
                    .join("new")
                    .join(format!("bench-{}", from + i + 1)),
                Self::letter(from + i + 1, f, Kind::Access),
            )
            .unwrap();
        }
        self.drain().await;
        let started = Instant::now();
        self.until_answered(families.len()).await;
        started.elapsed()
    }

    async fn commit(&self, n: usize, family: &Family, kind: Kind) {
        let path = maildir_of(&self.config);
        std::fs::write(
            path.join("new").join(format!("bench-{n}")),
            Self::letter(n, family, kind),
        )
        .unwrap();
        self.drain().await;
    }

    async fn drain(&self) {
        let name = self.config.mailboxes[0].name.clone();
        let stop = || false;
        self.intake
            .drain_maildir(&name, &self.maildir, &stop)
            .await
            .unwrap();
    }

    /// Steps every stage until `want` cases that were open are answered.
    async fn until_answered(&self, want: usize) {
        let open = |s: CaseState| {
            !matches!(
                s,
                CaseState::Answered | CaseState::Closed | CaseState::Rejected
            )
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        let mark = |stage: usize, since: Instant| {
            self.spent.lock().unwrap()[stage] += since.elapsed();
            Instant::now()
        };
        loop {
            let t = Instant::now();
            self.identity.step().await.unwrap();
            let t = mark(0, t);
            self.planner.step().await.unwrap();
            let t = mark(1, t);
            for case in self
                .store
                .list_cases(&CaseFilter {
                    state: Some(CaseState::AwaitingApproval),
                    ..CaseFilter::default()
                })
                .await
                .unwrap()
            {
                self.approve_all(&case.reference).await;
            }
            let t = mark(2, t);
            self.executor.step().await.unwrap();
            let t = mark(3, t);
            self.replier.step().await.unwrap();
            mark(4, t);
            let cases = self.store.list_cases(&CaseFilter::default()).await.unwrap();
            let waiting = cases.iter().filter(|c| open(c.state)).count();
            if waiting == 0 {
                return;
            }
            if Instant::now() > deadline {
                for c in cases.iter().filter(|c| open(c.state)) {
                    let case = self.store.get_case(&c.reference).await.unwrap().unwrap();
                    eprintln!(
                        "{} {}: {:?}",
                        c.reference,
                        c.state,
                        case.events
                            .iter()
                            .map(|e| (e.kind, e.detail.clone()))
                            .collect::<Vec<_>>()
                    );
                }
                panic!("{waiting} of {want} cases still open");
            }
        }
    }

    /// The time spent per stage since the last call, and from zero again.
    fn stages(&self) -> [Duration; 5] {
        std::mem::take(&mut *self.spent.lock().unwrap())
    }

    async fn approve_all(&self, reference: &CaseRef) {
        let (Some(plan), _) = self.store.case_plan(reference).await.unwrap() else {
            return;
        };
        let actions: Vec<_> = plan.plan.actions.iter().map(|a| a.id.clone()).collect();
        dsrd::officer::approve(
            self.store.as_ref(),
            &self.config,
            reference,
            plan.plan.fingerprint.as_str(),
            &actions,
            "fg",
            self.clock.now(),
        )
        .await
        .expect("the automatic approval");
    }
}

/// The Maildir the configuration names.
fn maildir_of(config: &Config) -> PathBuf {
    match &config.mailboxes[0].source {
        dsrd::config::MailboxSource::Maildir { path, .. } => path.clone(),
        other => panic!("the bench reads a Maildir, not {other:?}"),
    }
}

/// The same operations by hand: what a school's own script would do.
enum HandSql {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// A pupil's records, table by table (what the access hands over).
const CHILD_TABLES: &[&str] = &[
    "pupil_guardians",
    "group_memberships",
    "test_results",
    "absences",
    "care_notes",
    "consent_records",
    "disclosures",
];

impl HandSql {
    async fn connect(url: &str) -> Self {
        if url.starts_with("sqlite") {
            HandSql::Sqlite(sqlx::SqlitePool::connect(url).await.unwrap())
        } else {
            HandSql::Postgres(sqlx::PgPool::connect(url).await.unwrap())
        }
    }

    /// Finds the guardian's one child by the address and reads every
    /// record of the child.
    async fn access(&self, email: &str) -> Duration {
        let started = Instant::now();
        macro_rules! run {
            ($pool:expr) => {{
                let pupil: i64 = sqlx::query_scalar(
                    "SELECT CAST(l.pupil_id AS BIGINT) FROM guardians g JOIN pupil_guardians l ON l.guardian_id = g.id
                     WHERE lower(g.email) = lower($1)",
                )
                .bind(email)
                .fetch_one($pool)
                .await
                .unwrap();
                let rows = sqlx::query("SELECT * FROM pupils WHERE id = $1")
                    .bind(pupil)
                    .fetch_all($pool)
                    .await
                    .unwrap();
                let mut n = rows.len();
                for table in CHILD_TABLES {
                    n += sqlx::query(&format!("SELECT * FROM {table} WHERE pupil_id = $1"))
                        .bind(pupil)
                        .fetch_all($pool)
                        .await
                        .unwrap()
                        .len();
                }
                n += sqlx::query(
                    "SELECT a.* FROM care_note_attachments a JOIN care_notes c ON c.id = a.care_note_id WHERE c.pupil_id = $1",
                )
                .bind(pupil)
                .fetch_all($pool)
                .await
                .unwrap()
                .len();
                assert!(n > RESULTS as usize);
            }};
        }
        match self {
            HandSql::Sqlite(pool) => run!(pool),
            HandSql::Postgres(pool) => run!(pool),
        }
        started.elapsed()
    }

    /// Deletes the pupil's records and the pupil in one transaction.
    async fn erase(&self, pupil: i64) -> Duration {
        let started = Instant::now();
        macro_rules! run {
            ($pool:expr) => {{
                let mut tx = $pool.begin().await.unwrap();
                sqlx::query(
                    "DELETE FROM care_note_attachments WHERE care_note_id IN (SELECT id FROM care_notes WHERE pupil_id = $1)",
                )
                .bind(pupil)
                .execute(&mut *tx)
                .await
                .unwrap();
                for table in CHILD_TABLES {
                    sqlx::query(&format!("DELETE FROM {table} WHERE pupil_id = $1"))
                        .bind(pupil)
                        .execute(&mut *tx)
                        .await
                        .unwrap();
                }
                sqlx::query("DELETE FROM pupils WHERE id = $1")
                    .bind(pupil)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }};
        }
        match self {
            HandSql::Sqlite(pool) => run!(pool),
            HandSql::Postgres(pool) => run!(pool),
        }
        started.elapsed()
    }
}
