//! A small client for the officer API over real HTTP (ureq), with the
//! credential chosen per call, and the accounts made by the real CLI.

use crate::helpers::TestEnv;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// The password every test account gets.
pub(crate) const PASSWORD: &str = "correct horse battery staple";

/// How a call proves who it is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Auth<'a> {
    /// Nothing.
    None,
    /// `Authorization: Bearer …`.
    Token(&'a str),
    /// The session cookie's value.
    Session(&'a str),
}

/// A response: status, headers (lower-case names), body as JSON (or
/// `Value::Null` when empty or not JSON), and the raw text.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub json: Value,
    pub text: String,
}

impl Reply {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The problem's `type`, checking it is a problem document.
    pub(crate) fn problem(&self) -> &str {
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "not a problem: {} {}",
            self.status,
            self.text
        );
        assert_eq!(self.json["status"], self.status, "{}", self.text);
        self.json["type"].as_str().unwrap_or_default()
    }
}

/// The API of one running daemon.
pub(crate) struct Api {
    base: String,
    agent: ureq::Agent,
}

impl Api {
    pub(crate) fn new(port: u16) -> Api {
        // A new connection per call: the server answers a refused call
        // before reading its body and then closes the connection, which a
        // pooled connection would only find out on the next call.
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_idle_connections(0)
            .build()
            .into();
        Api {
            base: format!("http://127.0.0.1:{port}/api/v1"),
            agent,
        }
    }

    /// The port the daemon serves on.
    pub(crate) fn port(&self) -> u16 {
        self.origin()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("the API's address has a port")
    }

    /// The server's origin, as a browser on its pages sends it.
    pub(crate) fn origin(&self) -> String {
        self.base.trim_end_matches("/api/v1").to_owned()
    }

    /// One call; `body` is sent as JSON.
    pub(crate) fn call(&self, method: &str, path: &str, auth: Auth, body: Option<&Value>) -> Reply {
        self.raw(
            method,
            path,
            auth,
            body.map(|b| b.to_string().into_bytes()),
            &[],
        )
    }

    /// One call with a raw body and extra headers.
    pub(crate) fn raw(
        &self,
        method: &str,
        path: &str,
        auth: Auth,
        body: Option<Vec<u8>>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        match auth {
            Auth::None => {}
            Auth::Token(t) => request = request.header("authorization", format!("Bearer {t}")),
            Auth::Session(s) => request = request.header("cookie", format!("dsrd_session={s}")),
        }
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(body.unwrap_or_default()).unwrap();
        let mut response = self
            .agent
            .run(request)
            .unwrap_or_else(|e| panic!("{method} {path}: no HTTP response: {e}"));
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let text = response
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_string()
            .unwrap_or_default();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            json,
            text,
        }
    }

    /// Signs in; the session cookie's value and the whole reply.
    pub(crate) fn login(
        &self,
        name: &str,
        password: &str,
        totp: Option<&str>,
    ) -> (Option<String>, Reply) {
        let mut body = serde_json::json!({ "name": name, "password": password });
        if let Some(code) = totp {
            body["totp"] = code.into();
        }
        let reply = self.call("POST", "/session", Auth::None, Some(&body));
        let cookie = reply
            .header("set-cookie")
            .and_then(|c| c.split(';').next())
            .and_then(|c| c.strip_prefix("dsrd_session="))
            .map(str::to_owned);
        (cookie, reply)
    }
}

/// `dsrd ARGS` with `input` on standard input.
pub(crate) fn dsrd_with_input(env: &TestEnv, args: &[&str], input: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dsrd"))
        .arg("-c")
        .arg(&env.config)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dsrd");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Makes an account with [`PASSWORD`] through the CLI.
pub(crate) fn add_user(env: &TestEnv, name: &str, role: &str) {
    let out = dsrd_with_input(
        env,
        &["users", "add", name, "--role", role],
        &format!("{PASSWORD}\n"),
    );
    assert!(
        out.status.success(),
        "users add {name}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An API token for `name`, through the CLI (the token is the last word
/// printed that starts with `dsrd_`).
pub(crate) fn token(env: &TestEnv, name: &str) -> String {
    let out = env.dsrd(&["users", "token", name, "--expires", "7d"]);
    assert!(
        out.status.success(),
        "users token {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.split_whitespace()
        .rfind(|w| w.starts_with("dsrd_"))
        .unwrap_or_else(|| panic!("no token in {text:?}"))
        .to_owned()
}
