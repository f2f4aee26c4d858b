//! A Dovecot IMAP server per test: its own config, users, mail store and
//! ports (plain/STARTTLS and implicit TLS), run in the foreground and killed
//! on drop. Tests look at the mail store on disk to see where messages are.

use super::{free_port, maildir_files, make_certificate, wait_for_port};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub const PASSWORD: &str = "secret";

pub struct Dovecot {
    pub dir: tempfile::TempDir,
    /// Plain IMAP, STARTTLS offered.
    pub port: u16,
    /// Implicit TLS.
    pub tls_port: u16,
    child: Option<Child>,
}

impl Dovecot {
    /// Starts Dovecot with the users `names`, each with password [`PASSWORD`].
    pub fn start(names: &[&str]) -> Dovecot {
        Dovecot::start_with(names, "")
    }

    /// As [`Dovecot::start`], with `extra` appended to the configuration
    /// (such as an `imap_capability` that hides an extension).
    pub fn start_with(names: &[&str], extra: &str) -> Dovecot {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        // Dovecot's unprivileged processes must reach the directory.
        std::process::Command::new("chmod")
            .args(["755", &d])
            .status()
            .unwrap();
        for sub in ["mail", "run", "state"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Command::new("chown")
            .args(["65534:65534", &format!("{d}/mail")])
            .status()
            .unwrap();
        make_certificate(dir.path());
        let users: String = names
            .iter()
            .map(|n| format!("{n}:{{PLAIN}}{PASSWORD}\n"))
            .collect();
        std::fs::write(dir.path().join("users"), users).unwrap();
        let (port, tls_port) = (free_port(), free_port());
        std::fs::write(
            dir.path().join("dovecot.conf"),
            format!(
                r#"base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{d}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={d}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
{extra}
"#
            ),
        )
        .unwrap();
        let mut dovecot = Dovecot {
            dir,
            port,
            tls_port,
            child: None,
        };
        dovecot.run();
        dovecot
    }

    fn run(&mut self) {
        let conf = self.dir.path().join("dovecot.conf");
        let child = Command::new("dovecot")
            .arg("-c")
            .arg(&conf)
            .arg("-F")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dovecot must be installed (.ci/run installs dovecot-imapd)");
        self.child = Some(child);
        wait_for_port(self.port, "dovecot");
        wait_for_port(self.tls_port, "dovecot (TLS)");
    }

    /// Kills the server; its connections drop at once.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
            // The master's children leave within a second; wait until the port is free.
            let start = std::time::Instant::now();
            while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                assert!(start.elapsed().as_secs() < 10, "dovecot did not stop");
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    }

    /// Starts it again on the same ports and mail store.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "dovecot is running");
        self.run();
    }

    /// The server certificate (PEM), to give dsrd as `ca_file`.
    pub fn certificate(&self) -> PathBuf {
        self.dir.path().join("cert.pem")
    }

    /// Changes the password of `user`.
    pub fn set_password(&self, user: &str, password: &str) {
        std::fs::write(
            self.dir.path().join("users"),
            format!("{user}:{{PLAIN}}{password}\n"),
        )
        .unwrap();
    }

    /// Messages of `user` in `folder` (`INBOX` or a folder name), on disk.
    pub fn messages(&self, user: &str, folder: &str) -> Vec<PathBuf> {
        let root = self.dir.path().join("mail").join(user);
        let path = if folder == "INBOX" {
            root
        } else {
            root.join(format!(".{folder}"))
        };
        maildir_files(&path)
    }

    /// A logged-in client session of `user`, for the test's own APPENDs.
    pub async fn client(&self, user: &str) -> async_imap::Session<tokio::net::TcpStream> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .unwrap();
        let mut client = async_imap::Client::new(tcp);
        client.read_response().await.unwrap().unwrap();
        client
            .login(user, PASSWORD)
            .await
            .map_err(|(e, _)| e)
            .unwrap()
    }

    /// APPENDs each message to `folder` of `user`, as an MTA's delivery would.
    pub async fn append(&self, user: &str, folder: &str, messages: &[Vec<u8>]) {
        let mut session = self.client(user).await;
        for raw in messages {
            session.append(folder, None, None, raw).await.unwrap();
        }
        session.logout().await.unwrap();
    }

    /// Delivers into `user`'s INBOX as an MTA would: a file in the Maildir's
    /// `new/`, without logging in (Dovecot reads it at the next look).
    pub fn deliver(&self, user: &str, name: &str, raw: &[u8]) {
        let root = self.dir.path().join("mail").join(user);
        for sub in ["new", "cur", "tmp"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        std::fs::write(root.join("tmp").join(name), raw).unwrap();
        std::fs::rename(root.join("tmp").join(name), root.join("new").join(name)).unwrap();
        Command::new("chown")
            .args(["-R", "65534:65534"])
            .arg(self.dir.path().join("mail"))
            .status()
            .unwrap();
    }

    /// Creates `folder` for `user`.
    pub async fn create(&self, user: &str, folder: &str) {
        let mut session = self.client(user).await;
        session.create(folder).await.unwrap();
        session.logout().await.unwrap();
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
