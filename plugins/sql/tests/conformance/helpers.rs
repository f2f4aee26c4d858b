//! Fresh databases per test, and one way to call the plugin for both the
//! in-process and the ABI path.

use dsrd_plugin_api::protocol::{dispatch, Output, Request, Response};
use dsrd_plugin_api::{NativePlugin, Plugin, PluginError};
use dsrd_plugin_sql::demo::{self, Dump};
use dsrd_plugin_sql::SqlPlugin;
use std::sync::atomic::{AtomicU64, Ordering};

/// The servers the tests use; see the README's "Test it" section.
pub const POSTGRES_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/test";
/// See [`POSTGRES_ADMIN`].
pub const MARIADB_ADMIN: &str = "mysql://root@127.0.0.1:3306/test";

/// The engines the scenario runs on.
#[derive(Debug, Clone, Copy)]
pub enum Server {
    Sqlite,
    Postgres,
    MariaDb,
}

/// A database made for one test and removed after it.
pub struct TestDb {
    pub url: String,
    server: Server,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("dsrd_sql_{}_{nanos:x}_{n}", std::process::id())
}

fn admin(server: Server, statement: &str) {
    let url = match server {
        Server::Postgres => POSTGRES_ADMIN,
        Server::MariaDb => MARIADB_ADMIN,
        Server::Sqlite => return,
    };
    execute_on(server, url, statement);
}

fn execute_on(server: Server, url: &str, statement: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use sqlx::Connection;
        match server {
            Server::Postgres => {
                let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
                sqlx::raw_sql(statement).execute(&mut conn).await.unwrap();
            }
            Server::MariaDb => {
                let mut conn = sqlx::MySqlConnection::connect(url).await.unwrap();
                sqlx::raw_sql(statement).execute(&mut conn).await.unwrap();
            }
            Server::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
                sqlx::raw_sql(statement).execute(&mut conn).await.unwrap();
            }
        }
    });
}

impl TestDb {
    /// An empty database on `server`.
    pub fn empty(server: Server) -> TestDb {
        let name = unique_name();
        match server {
            Server::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}", dir.path().join("school.db").display());
                TestDb {
                    url,
                    server,
                    name,
                    _dir: Some(dir),
                }
            }
            Server::Postgres => {
                admin(server, &format!("CREATE DATABASE {name}"));
                let url = format!("postgres://postgres@127.0.0.1:5432/{name}");
                TestDb {
                    url,
                    server,
                    name,
                    _dir: None,
                }
            }
            Server::MariaDb => {
                admin(server, &format!("CREATE DATABASE {name}"));
                let url = format!("mysql://root@127.0.0.1:3306/{name}");
                TestDb {
                    url,
                    server,
                    name,
                    _dir: None,
                }
            }
        }
    }

    /// The demo school with `pupils` pupils.
    pub fn school(server: Server, pupils: usize) -> TestDb {
        let db = TestDb::empty(server);
        demo::create_school(&db.url, pupils, 7).expect("the demo school is created");
        db
    }

    /// The event organiser's database, its events around `today`.
    pub fn events(server: Server, today: chrono::NaiveDate) -> TestDb {
        let db = TestDb::empty(server);
        demo::create_events(&db.url, today, 7).expect("the events database is created");
        db
    }

    /// Every row of every table.
    pub fn dump(&self) -> Dump {
        demo::dump(&self.url).expect("the database can be dumped")
    }

    /// The rows of one table.
    pub fn dump_table(&self, table: &str) -> Vec<Vec<serde_json::Value>> {
        demo::dump_tables(&self.url, &[table])
            .expect("the table can be dumped")
            .remove(table)
            .unwrap()
    }

    /// Runs `statements` on this database, as the school's own software
    /// would between a plan and its execution.
    pub fn execute(&self, statements: &str) {
        execute_on(self.server, &self.url, statements);
    }

    /// The plugin's settings for this database.
    pub fn settings(&self) -> serde_json::Value {
        demo::mapping(&self.url)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let statement = match self.server {
            Server::Sqlite => return,
            Server::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            Server::MariaDb => format!("DROP DATABASE IF EXISTS {}", self.name),
        };
        admin(self.server, &statement);
    }
}

/// A plugin, however it is reached.
pub trait Caller {
    /// One request, one response.
    fn call(&mut self, request: Request) -> Response;

    /// One call that must succeed.
    fn ok(&mut self, request: Request) -> Output {
        let operation = request.operation();
        match self.call(request) {
            Response::Ok(output) => output,
            other => panic!("{operation} failed: {other:?}"),
        }
    }

    /// One call that must fail.
    fn error(&mut self, request: Request) -> PluginError {
        self.call(request)
            .into_result()
            .expect_err("the call should fail")
    }
}

/// The plugin in-process, as dsrd runs a built-in.
pub struct InProcess(pub SqlPlugin);

impl InProcess {
    pub fn new(settings: serde_json::Value) -> InProcess {
        InProcess(SqlPlugin::new(settings).expect("the plugin starts"))
    }
}

impl Caller for InProcess {
    fn call(&mut self, request: Request) -> Response {
        dispatch(&mut self.0, request)
    }
}

impl Caller for NativePlugin {
    fn call(&mut self, request: Request) -> Response {
        NativePlugin::call(self, &request)
    }
}
