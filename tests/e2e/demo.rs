//! `dsrd demo init`: a newcomer's first minutes.

use std::process::Command;

fn dsrd(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dsrd"))
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_demo_organisation_passes_the_conformance_kit_and_takes_its_requests_in() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    let demo_s = demo.to_str().unwrap();
    let out = dsrd(&["demo", "init", demo_s, "--pupils", "200"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = demo.join("dsrd.toml");
    let config_s = config.to_str().unwrap();

    let check = dsrd(&["-c", config_s, "check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    let located = dsrd(&[
        "-c",
        config_s,
        "plugins",
        "locate",
        "--student-number",
        "100001",
        "--json",
    ]);
    let located: serde_json::Value = serde_json::from_slice(&located.stdout).unwrap();
    assert!(
        located[0]["found"]["records"].as_array().unwrap().len() > 3,
        "{located}"
    );

    let kit = dsrd(&["-c", config_s, "plugins", "check", "sql"]);
    let kit_out = String::from_utf8_lossy(&kit.stdout);
    assert!(kit.status.success(), "{kit_out}");
    assert!(
        kit_out.lines().filter(|l| l.starts_with('✓')).count() >= 8,
        "{kit_out}"
    );

    // The three waiting requests become cases.
    let mut daemon = Command::new(env!("CARGO_BIN_EXE_dsrd"))
        .args(["-c", config_s, "run"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while std::fs::read_dir(demo.join("maildir/new")).unwrap().count() > 0 {
        assert!(
            start.elapsed().as_secs() < 60,
            "the demo requests were not taken in"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status()
        .unwrap();
    assert!(daemon.wait().unwrap().success());
    let cases = dsrd(&["-c", config_s, "cases", "list", "--json"]);
    let cases: serde_json::Value = serde_json::from_slice(&cases.stdout).unwrap();
    assert_eq!(cases.as_array().unwrap().len(), 3);

    // A second init into the same folder is refused rather than overwriting.
    assert_eq!(dsrd(&["demo", "init", demo_s]).status.code(), Some(2));
}
