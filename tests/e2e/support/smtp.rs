//! An aiosmtpd server per test (`smtp_server.py`), storing what it accepts
//! in a Maildir; it can be stopped and started again on the same port.

use super::{free_port, maildir_files, wait_for_port};
use std::process::{Child, Command, Stdio};

pub struct SmtpServer {
    pub dir: tempfile::TempDir,
    pub port: u16,
    /// Recipients at this domain are refused (550, quoting the address).
    reject_domain: Option<String>,
    child: Option<Child>,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        Self::start_with(None)
    }

    /// A server that refuses every recipient at `domain`.
    pub fn start_rejecting(domain: &str) -> SmtpServer {
        Self::start_with(Some(domain.to_owned()))
    }

    fn start_with(reject_domain: Option<String>) -> SmtpServer {
        let mut server = SmtpServer {
            dir: tempfile::tempdir().unwrap(),
            port: free_port(),
            reject_domain,
            child: None,
        };
        server.run();
        server
    }

    fn run(&mut self) {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/e2e/support/smtp_server.py"
        );
        let mut command = Command::new("python3");
        command
            .arg(script)
            .args(["--port", &self.port.to_string()])
            .arg("--maildir")
            .arg(self.dir.path().join("received"));
        if let Some(domain) = &self.reject_domain {
            command.args(["--reject-domain", domain]);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd must be installed (.ci/run installs it)");
        self.child = Some(child);
        wait_for_port(self.port, "aiosmtpd");
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "the SMTP server is running");
        self.run();
    }

    /// The messages received so far.
    pub fn received(&self) -> Vec<String> {
        maildir_files(&self.dir.path().join("received"))
            .iter()
            .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
            .collect()
    }

    /// The `[outgoing]` section that sends to this server.
    pub fn outgoing(&self) -> String {
        format!(
            "[outgoing]\nkind = \"smtp\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\ntimeout_secs = 5\n",
            self.port
        )
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The Message-ID header of a message's text.
pub fn message_id(text: &str) -> Option<String> {
    text.lines()
        .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
        .map(|l| l[11..].trim().to_owned())
}
