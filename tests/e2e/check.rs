//! `dsrd check`: one line per thing the installation depends on.

use crate::helpers::*;

const OFFICER: &str =
    "\n[[officers]]\nname = \"Fatima el Amrani\"\naddress = \"fg@testscholen.example\"\nrole = \"officer\"\n";

#[tokio::test]
async fn check_reports_each_part_and_fails_on_an_unreachable_smtp_server() {
    let env = TestEnv::new(Backend::Sqlite).await;
    let out = env.dsrd(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    for part in [
        "✓ configuration",
        "✓ classification rules",
        "✓ store",
        "✓ mailbox",
        "✓ outgoing mail",
    ] {
        assert!(text.contains(part), "{part} missing:\n{text}");
    }
    assert!(
        text.contains("~ reminders"),
        "no officer address is a warning:\n{text}"
    );
    assert_eq!(
        env.dsrd(&["check", "--deny-warnings"]).status.code(),
        Some(1)
    );

    // An SMTP server that is not there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let text = std::fs::read_to_string(&env.config).unwrap().replace(
        "kind = \"files\"\npath = \"outbox\"",
        &format!("kind = \"smtp\"\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\ntimeout_secs = 5"),
    );
    std::fs::write(&env.config, text).unwrap();
    let out = env.dsrd(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("x outgoing mail"), "{text}");
    let offline = env.dsrd(&["check", "--no-environment"]);
    assert!(
        offline.status.success(),
        "{}",
        String::from_utf8_lossy(&offline.stdout)
    );
    assert!(String::from_utf8_lossy(&offline.stdout).contains("~ outgoing mail: skipped"));
}

#[tokio::test]
async fn check_says_which_representation_rule_and_remedy_are_in_force() {
    let env = TestEnv::new(Backend::Sqlite).await;
    // An officer address and an officer who may approve, so that the only
    // warning left is the one tested.
    env.configure(&format!(
        "\n[reminders]\nofficer_address = \"fg@testscholen.example\"\n{OFFICER}"
    ));
    let out = env.dsrd(&["check", "--deny-warnings"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("✓ representation: reglement — parents with parental authority act for a pupil until 16; from 16 the pupil decides"),
        "{text}"
    );
    assert!(!text.contains("~ representation"), "{text}");
    assert!(
        text.contains("✓ remedy in refusals: a petition (verzoekschrift) to the district court"),
        "{text}"
    );

    // The amended act, for a public body.
    let config = std::fs::read_to_string(&env.config).unwrap().replacen(
        "reference_prefix = \"AVG\"",
        "reference_prefix = \"AVG\"\nbestuursorgaan = true",
        1,
    );
    std::fs::write(&env.config, config).unwrap();
    env.configure("\n[policy]\nminor_rights = \"uavg-2026\"\n");
    let out = env.dsrd(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("✓ representation: uavg-2026 — under 12 the parents with parental authority act; from 12 to 16 the pupil may act alone"),
        "{text}"
    );
    assert!(
        text.contains("~ representation: the amended Uitvoeringswet AVG (art. 5(4), Stb. 2026-154) is not confirmed in force"),
        "{text}"
    );
    assert!(
        text.contains("✓ remedy in refusals: bezwaar under the Awb"),
        "{text}"
    );
    assert!(text.contains("0 problems, 1 warnings"), "{text}");
    assert_eq!(
        env.dsrd(&["check", "--deny-warnings"]).status.code(),
        Some(1),
        "relying on an unconfirmed act is a warning"
    );

    // A misspelt rule stops the check with the key and the two names.
    let config = std::fs::read_to_string(&env.config)
        .unwrap()
        .replace("\"uavg-2026\"", "\"uavg2026\"");
    std::fs::write(&env.config, config).unwrap();
    let out = env.dsrd(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("policy.minor_rights"), "{err}");
    assert!(
        err.contains("\"reglement\"") && err.contains("\"uavg-2026\""),
        "{err}"
    );
}

#[tokio::test]
async fn check_says_who_may_approve_and_warns_when_nobody_can() {
    let env = TestEnv::new(Backend::Sqlite).await;
    env.configure("\n[reminders]\nofficer_address = \"fg@testscholen.example\"\n");
    let out = env.dsrd(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "a warning only: {text}");
    assert!(
        text.contains("✓ approval: 0 officers; erasure needs 1 approver; auto: none"),
        "{text}"
    );
    assert!(
        text.contains(
            "~ approval: no [[officers]] entry with role = \"officer\": nobody can approve a plan"
        ),
        "{text}"
    );
    assert!(text.contains("0 problems, 1 warnings"), "{text}");
    assert!(!text.contains("manual systems"), "{text}");

    // Two officers, a viewer, four eyes, automatic rectification and a
    // manual system, with the download pages and the package key a system
    // that hands over data needs: nothing to warn about.
    std::fs::write(env.path("package.key"), "ab".repeat(32)).unwrap();
    env.configure(
        "\n[http]\nlisten = \"127.0.0.1:0\"\npublic_url = \"https://avg.testscholen.example\"\n\
         \n[packages]\nkey_file = \"package.key\"\n",
    );
    env.configure(&format!(
        "{OFFICER}\n[[officers]]\nname = \"Jan Bakker\"\naddress = \"jan@testscholen.example\"\nrole = \"officer\"\n\
         \n[[officers]]\nname = \"Ilse\"\naddress = \"ilse@testscholen.example\"\nrole = \"viewer\"\n\
         \n[approval]\nerasure_approvers = 2\nauto = [\"rectification\"]\n\
         \n[[systems]]\nname = \"parnassys\"\nowner = \"Karin Smit\"\naddress = \"administratie@testscholen.example\"\n\
         [systems.instructions]\naccess = \"Exporteer het leerlingdossier uit ParnasSys.\"\nerasure = \"Verwijder de leerling.\"\n"
    ));
    let out = env.dsrd(&["check", "--deny-warnings"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(
            "✓ approval: 2 officers, 1 viewer; erasure needs 2 approvers; auto: rectification"
        ),
        "{text}"
    );
    assert!(
        text.contains("✓ manual systems: parnassys (access, erasure)"),
        "{text}"
    );
    assert!(!text.contains("~ approval"), "{text}");

    // An erasure without approval is refused, with the rule it breaks.
    let config = std::fs::read_to_string(&env.config)
        .unwrap()
        .replace("auto = [\"rectification\"]", "auto = [\"erasure\"]");
    std::fs::write(&env.config, config).unwrap();
    let out = env.dsrd(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("approval.auto[0]"), "{err}");
    assert!(err.contains("only factual rectifications"), "{err}");
    assert!(err.contains("reglement 8.3.1"), "{err}");
}
