//! A broken configuration is refused with its line and a hint.

use crate::helpers::*;

#[tokio::test]
async fn a_broken_config_file_gets_an_error_naming_the_line() {
    let env = TestEnv::new(Backend::Sqlite).await;
    let bad = env.path("bad.toml");
    std::fs::write(
        &bad,
        "[organisation]\nname = \"x\"\nreply_adress = \"avg@x.example\"\n",
    )
    .unwrap();
    let out = env.dsrd(&["check-config", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("reply_adress"), "{err}");

    // The daemon itself refuses to start on it, with the same message.
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_dsrd"))
        .args(["-c", bad.to_str().unwrap(), "run"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("line 3"));
}

#[tokio::test]
async fn a_value_that_does_not_fit_is_reported_with_line_column_and_hint() {
    let env = TestEnv::new(Backend::Sqlite).await;
    let text = std::fs::read_to_string(&env.config)
        .unwrap()
        .replace("kind = \"files\"", "kind = \"fax\"");
    std::fs::write(&env.config, text).unwrap();
    let out = env.dsrd(&["check-config"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("outgoing.kind"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(
        err.contains(":16:8:"),
        "line and column of the value: {err}"
    );
}

#[tokio::test]
async fn a_missing_secret_is_named_but_not_printed() {
    let env = TestEnv::new(Backend::Sqlite).await;
    let text = std::fs::read_to_string(&env.config).unwrap().replace(
        "kind = \"files\"\npath = \"outbox\"",
        "kind = \"smtp\"\nhost = \"127.0.0.1\"\nusername = \"avg\"\npassword_env = \"DSRD_TEST_UNSET_PASSWORD\"",
    );
    std::fs::write(&env.config, text).unwrap();
    let out = env.dsrd(&["check-config"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DSRD_TEST_UNSET_PASSWORD is not set"));
}

#[tokio::test]
async fn a_bad_rule_file_stops_the_daemon_with_its_name() {
    let env = TestEnv::new(Backend::Sqlite).await;
    std::fs::create_dir_all(env.path("rules")).unwrap();
    std::fs::write(
        env.path("rules/nl-school.toml"),
        "[[rule]]\ntype = \"erasure\"\nweight = 4.0\nregex = ['''(unclosed''']\n",
    )
    .unwrap();
    env.configure("\n[classify]\nrules_dir = \"rules\"\n");
    let out = env.dsrd(&["check-config"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nl-school.toml"), "{err}");
    let run = env.dsrd(&["run"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("nl-school.toml"));

    // A good officer rule file is taken into account.
    std::fs::write(env.path("rules/nl-school.toml"), "[[rule]]\ntype = \"erasure\"\nweight = 5.0\nphrases = [\"haal mijn kind uit het systeem\"]\n").unwrap();
    assert!(env.dsrd(&["check-config"]).status.success());
}

#[tokio::test]
async fn a_policy_that_would_be_later_than_the_statutory_deadline_is_warned_about() {
    let env = TestEnv::new(Backend::Sqlite).await;
    env.configure("\n[policy]\ndeadline = \"40d\"\n");
    let out = env.dsrd(&["check-config"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "a warning does not stop the daemon: {stdout}"
    );
    assert!(
        stdout.contains("warning:") && stdout.contains("policy.deadline"),
        "{stdout}"
    );
    let check = env.dsrd(&["check", "--deny-warnings"]);
    assert_eq!(check.status.code(), Some(1));
}

#[tokio::test]
async fn a_reader_that_stops_reading_ends_dsrd_quietly() {
    let env = TestEnv::new(Backend::Sqlite).await;
    // The evaluation prints far more than a pipe holds; the reader closes at once.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dsrd"))
        .arg("-c")
        .arg(&env.config)
        .args(["classify", "--eval"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../testdata/corpus/corpus.jsonl"
        ))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
