//! The audit chain shows tampering.

use crate::helpers::*;

async fn editing_one_audit_row_makes_verify_fail_and_name_it(backend: Backend) {
    let mut env = TestEnv::new(backend).await;
    for i in 0..3 {
        env.deliver(
            &format!("{i}.m"),
            &mail(
                &format!("a{i}@example.org"),
                "p@example.org",
                "Inzage",
                "Graag inzage.",
            ),
        );
    }
    env.start();
    env.wait_until("three acknowledgements", || env.outbox().len() == 3);
    env.stop();
    let ok = env.dsrd(&["audit", "verify"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );

    env.tamper("UPDATE audit_log SET actor = 'officer:mallory' WHERE seq = 4")
        .await;

    let out = env.dsrd(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("row 4"), "{stdout}");
    let json = env.json_status(&["audit", "verify", "--json"]);
    assert_eq!(json["broken_at"], 4);
}

#[tokio::test]
async fn editing_one_audit_row_makes_verify_fail_and_name_it_on_sqlite() {
    editing_one_audit_row_makes_verify_fail_and_name_it(Backend::Sqlite).await;
}

#[tokio::test]
async fn editing_one_audit_row_makes_verify_fail_and_name_it_on_postgres() {
    editing_one_audit_row_makes_verify_fail_and_name_it(Backend::Postgres).await;
}

#[tokio::test]
async fn deleting_an_audit_row_makes_verify_fail() {
    let mut env = TestEnv::new(Backend::Sqlite).await;
    env.deliver(
        "1.m",
        &mail("d1@example.org", "p@example.org", "Inzage", "Graag inzage."),
    );
    env.start();
    env.wait_until("the acknowledgement", || env.outbox().len() == 1);
    env.stop();
    env.tamper("DELETE FROM audit_log WHERE seq = 1").await;
    let out = env.dsrd(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("row 1"));
}
