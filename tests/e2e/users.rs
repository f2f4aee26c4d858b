//! `dsrd users` (issue 14): accounts added with the password on standard
//! input, listed as JSON, given an API token, a new password and a second
//! factor, and disabled, on the real binary with a fresh SQLite store.

use crate::helpers::*;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const PASSWORD: &str = "correct horse battery staple";

/// Runs dsrd with `input` on its standard input (not a terminal, so a
/// password is read from it).
fn with_input(env: &TestEnv, args: &[&str], input: &str) -> Output {
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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn accounts(env: &TestEnv) -> Vec<Value> {
    env.json(&["users", "list", "--json"])
        .as_array()
        .expect("a JSON list")
        .clone()
}

#[tokio::test]
async fn accounts_are_added_from_standard_input_listed_given_a_token_and_disabled() {
    let env = TestEnv::new(Backend::Sqlite).await;
    env.configure(
        "\n[[officers]]\nname = \"Jan Bakker\"\naddress = \"jan@testscholen.example\"\nrole = \"officer\"\n",
    );

    // Added, with the password as one line of standard input.
    let fatima = with_input(
        &env,
        &["users", "add", "Fatima el Amrani", "--role", "officer"],
        &format!("{PASSWORD}\n"),
    );
    assert!(fatima.status.success(), "{}", text(&fatima.stderr));
    assert!(
        text(&fatima.stderr).contains("no [[officers]] entry"),
        "an officer without an [[officers]] entry is warned about: {}",
        text(&fatima.stderr)
    );
    let jan = with_input(
        &env,
        &["users", "add", "Jan Bakker", "--role", "admin"],
        PASSWORD,
    );
    assert!(jan.status.success(), "{}", text(&jan.stderr));
    assert!(
        !text(&jan.stderr).contains("warning"),
        "{}",
        text(&jan.stderr)
    );

    // Refused as usage errors: a name taken regardless of case, a weak
    // password, an unknown role, no password at all.
    for (args, input) in [
        (
            vec!["users", "add", "fatima EL amrani", "--role", "viewer"],
            PASSWORD,
        ),
        (
            vec!["users", "add", "Ilse de Boer", "--role", "viewer"],
            "kort\n",
        ),
        (
            vec!["users", "add", "Ilse de Boer", "--role", "root"],
            PASSWORD,
        ),
        (vec!["users", "add", "Ilse de Boer", "--role", "viewer"], ""),
    ] {
        let out = with_input(&env, &args, input);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }

    let listed = accounts(&env);
    let names: Vec<&str> = listed.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Fatima el Amrani", "Jan Bakker"]);
    assert_eq!(listed[0]["role"], "officer");
    assert_eq!(listed[1]["role"], "admin");
    assert_eq!(listed[0]["disabled"], false);
    assert_eq!(listed[0]["totp"], false);
    assert!(listed[0]["created_at"].is_string());
    let keys: Vec<&String> = listed[0].as_object().unwrap().keys().collect();
    assert!(
        keys.iter()
            .all(|k| !k.contains("hash") && !k.contains("password") && !k.contains("secret")),
        "{keys:?}"
    );

    // A token, printed once and alone on standard output, stored as a hash.
    let issued = env.dsrd(&[
        "users",
        "token",
        "fatima el amrani",
        "--expires",
        "90d",
        "--label",
        "nightly export",
    ]);
    assert!(issued.status.success(), "{}", text(&issued.stderr));
    let token = text(&issued.stdout).trim().to_owned();
    assert!(
        token.starts_with("dsrd_") && token.len() == 5 + 64,
        "{token:?}"
    );
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", env.path("dsrd.sqlite").display()))
        .await
        .unwrap();
    let stored: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT token_hash, label FROM api_tokens")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].0, token);
    assert!(!stored[0].0.contains(&token[5..]));
    assert_eq!(stored[0].1.as_deref(), Some("nightly export"));
    pool.close().await;
    let bad = env.dsrd(&["users", "token", "Fatima el Amrani", "--expires", "soon"]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
    let unknown = env.dsrd(&["users", "token", "Nobody", "--expires", "7d"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown.stderr));

    // A new password, from standard input; a second factor, shown once.
    let reset = with_input(
        &env,
        &["users", "reset-password", "jan bakker"],
        "a brand new passphrase\n",
    );
    assert!(reset.status.success(), "{}", text(&reset.stderr));
    let nobody = with_input(
        &env,
        &["users", "reset-password", "Nobody"],
        "a brand new passphrase\n",
    );
    assert_eq!(nobody.status.code(), Some(2), "{}", text(&nobody.stderr));
    let totp = env.dsrd(&["users", "totp", "Jan Bakker"]);
    assert!(totp.status.success(), "{}", text(&totp.stderr));
    assert!(
        text(&totp.stdout).contains("otpauth://totp/dsrd:Jan%20Bakker?secret="),
        "{}",
        text(&totp.stdout)
    );
    assert_eq!(accounts(&env)[1]["totp"], true);

    // Disabled: listed so, and given no new token.
    let disabled = env.dsrd(&["users", "disable", "Fatima el Amrani"]);
    assert!(disabled.status.success(), "{}", text(&disabled.stderr));
    assert_eq!(accounts(&env)[0]["disabled"], true);
    let refused = env.dsrd(&["users", "token", "Fatima el Amrani", "--expires", "7d"]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    let unknown = env.dsrd(&["users", "disable", "Nobody"]);
    assert_eq!(unknown.status.code(), Some(2));

    // Every change is in the audit log, by the system, naming the account
    // and never the password or the token; the chain holds.
    let verify = env.dsrd(&["audit", "verify"]);
    assert!(verify.status.success(), "{}", text(&verify.stdout));
    let audit = env.json(&["audit", "list", "--json"]);
    let entries: Vec<(&str, &str)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["actor"].as_str().unwrap(), e["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        entries,
        [
            ("system", "account.added"),
            ("system", "account.added"),
            ("system", "account.token_issued"),
            ("system", "account.password_reset"),
            ("system", "account.totp_enabled"),
            ("system", "account.disabled"),
        ]
    );
    let everything = audit.to_string();
    assert!(everything.contains("Fatima el Amrani"));
    assert!(!everything.contains(PASSWORD) && !everything.contains(&token[5..]));
    assert!(!everything.contains("brand new passphrase"));
}
