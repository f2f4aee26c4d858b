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

    // What the letter from an unknown address names, as the classifier
    // reads it (the people differ per school).
    let named = dsrd(&[
        "classify",
        "--json",
        demo.join("maildir/new/demo.3.request").to_str().unwrap(),
    ]);
    let named: serde_json::Value = serde_json::from_slice(&named.stdout).unwrap();
    let name = named["extraction"]["subject_names"][0]["value"]
        .as_str()
        .unwrap()
        .to_owned();
    let number = named["extraction"]["student_number"]["value"]
        .as_str()
        .unwrap()
        .to_owned();

    // The five waiting requests become cases.
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
    // The identity stage looks each one up: none stays `received`.
    let states = || -> Vec<(String, String)> {
        let cases = dsrd(&["-c", config_s, "cases", "list", "--json"]);
        let cases: serde_json::Value = serde_json::from_slice(&cases.stdout).unwrap_or_default();
        let mut states: Vec<(String, String)> = cases
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| {
                        (
                            c["reference"].as_str().unwrap().to_owned(),
                            c["state"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        states.sort();
        states
    };
    let outbox = demo.join("outbox");
    let code_letters = || -> Vec<String> {
        std::fs::read_dir(&outbox)
            .map(|d| {
                d.map(|e| e.unwrap().path())
                    .filter(|p| p.to_string_lossy().contains("-identity_code-"))
                    .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    while states().len() < 5
        || states().iter().any(|(_, s)| s == "received")
        || code_letters().is_empty()
    {
        assert!(
            start.elapsed().as_secs() < 60,
            "the identity stage did not look the demo requests up: {:?}",
            states()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status()
        .unwrap();
    assert!(daemon.wait().unwrap().success());
    let states = states();
    let expected = [
        "awaiting_approval", // a guardian with one child, matched on file
        "awaiting_approval", // a member of staff, matched on file
        "awaiting_identity", // an unknown address: a code to the address on file
        "awaiting_identity", // a guardian of two: the officer chooses
        "awaiting_identity", // nobody on file: the officer looks into it
    ];
    let got: Vec<&str> = states.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(got, expected, "{states:?}");
    let codes = code_letters();
    assert_eq!(codes.len(), 1, "one code, for the unknown address");
    let identity = |reference: &str| -> serde_json::Value {
        let out = dsrd(&["-c", config_s, "cases", "identity", reference, "--json"]);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let unknown = identity(&states[2].0);
    let to = unknown["identity"]["code"]["to"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        codes[0].contains(&format!("To: <{to}>")) || codes[0].contains(&to),
        "{}",
        codes[0]
    );
    assert_ne!(Some(to.as_str()), unknown["reference"].as_str());
    let two = identity(&states[3].0);
    assert_eq!(two["next"]["must"], "choose", "{two:#}");
    assert_eq!(
        two["identity"]["finding"]["outcome"]["why"],
        "several_children_none_named"
    );
    // The officer chooses the first child: the guardian wrote from her
    // address on file, so that is a match on file.
    let child = two["identity"]["finding"]["outcome"]["candidates"][0].to_string();
    let chosen = dsrd(&[
        "-c",
        config_s,
        "cases",
        "identity",
        &states[3].0,
        "--choose",
        &child,
    ]);
    let said = String::from_utf8_lossy(&chosen.stdout);
    assert!(chosen.status.success(), "{said}");
    assert!(
        said.contains("matched on file") && said.contains("awaiting_approval"),
        "{said}"
    );
    assert_eq!(
        identity(&states[3].0)["identity"]["verification"]["method"],
        "matched_on_file"
    );
    let cases = dsrd(&["-c", config_s, "cases", "list", "--json"]);
    let cases: serde_json::Value = serde_json::from_slice(&cases.stdout).unwrap();
    let mut references: Vec<&str> = cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    references.sort();
    assert_eq!(references.len(), 5, "{cases}");

    // The officer sees why a case has its type, and whom the letter is about.
    let show = |reference: &str| {
        let shown = dsrd(&["-c", config_s, "cases", "show", reference]);
        String::from_utf8_lossy(&shown.stdout).into_owned()
    };
    let first = show(references[0]);
    for line in [
        "Types       access",
        "Evidence    access",
        "Writer      parent",
    ] {
        assert!(first.contains(line), "{line:?} not in:\n{first}");
    }
    let staff = show(references[1]);
    assert!(staff.contains("Writer      staff"), "{staff}");
    let third = show(references[2]);
    let about = format!("About       {name}; student number {number}");
    assert!(third.contains(&about), "{about:?} not in:\n{third}");

    let kit = dsrd(&["-c", config_s, "plugins", "check", "sql"]);
    let kit_out = String::from_utf8_lossy(&kit.stdout);
    assert!(kit.status.success(), "{kit_out}");
    assert!(
        kit_out.lines().filter(|l| l.starts_with('✓')).count() >= 8,
        "{kit_out}"
    );

    // A second init into the same folder is refused rather than overwriting.
    assert_eq!(dsrd(&["demo", "init", demo_s]).status.code(), Some(2));
}

/// A guardian of the demo school who is a parent of two pupils or more,
/// outside the fixed test family: their address and, per pupil, the key,
/// date of birth, e-mail, postal address and recorded authority.
struct Household {
    email: String,
    pupils: Vec<(i64, String, String, String, bool)>,
}

async fn a_household(school: &std::path::Path) -> Household {
    use sqlx::Row;
    let url = format!("sqlite://{}?mode=ro", school.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let guardian: i64 = sqlx::query_scalar(
        "SELECT guardian_id FROM pupil_guardians WHERE guardian_id > 2 GROUP BY guardian_id \
         HAVING COUNT(*) >= 2 AND COUNT(*) = SUM(CASE WHEN relation = 'ouder' THEN 1 ELSE 0 END) \
         ORDER BY guardian_id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let email: String = sqlx::query_scalar("SELECT email FROM guardians WHERE id = ?")
        .bind(guardian)
        .fetch_one(&pool)
        .await
        .unwrap();
    let rows = sqlx::query(
        "SELECT p.id, p.date_of_birth, p.email, p.address || ', ' || p.postcode || ', ' || p.city, \
         l.parental_authority FROM pupil_guardians AS l JOIN pupils AS p ON p.id = l.pupil_id \
         WHERE l.guardian_id = ? ORDER BY p.id",
    )
    .bind(guardian)
    .fetch_all(&pool)
    .await
    .unwrap();
    let pupils = rows
        .iter()
        .map(|r| {
            let authority: i64 = r.get(4);
            (r.get(0), r.get(1), r.get(2), r.get(3), authority != 0)
        })
        .collect();
    pool.close().await;
    Household { email, pupils }
}

#[tokio::test]
async fn locating_a_demo_guardian_by_address_lists_the_guardian_and_the_pupils_they_are_a_parent_of(
) {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    let out = dsrd(&["demo", "init", demo.to_str().unwrap(), "--pupils", "200"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = demo.join("dsrd.toml");
    let config_s = config.to_str().unwrap();
    let household = a_household(&demo.join("school.sqlite")).await;
    let locate = |json: bool| {
        let mut args = vec![
            "plugins",
            "locate",
            "--email",
            &household.email,
            "-c",
            config_s,
        ];
        if json {
            args.push("--json");
        }
        dsrd(&args)
    };

    let json = locate(true);
    let table = String::from_utf8_lossy(&locate(false).stdout).into_owned();

    assert!(
        json.status.success(),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let located: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let persons = located[0]["found"]["persons"].as_array().unwrap();
    assert_eq!(persons.len(), 1 + household.pupils.len(), "{located}");
    let guardian = &persons[0];
    assert_eq!(guardian["kind"], "guardian");
    assert_eq!(guardian["strength"], "exact");
    assert_eq!(guardian["emails"], serde_json::json!([household.email]));
    assert_eq!(guardian["postal_addresses"].as_array().unwrap().len(), 1);
    let links = guardian["links"].as_array().unwrap();
    assert_eq!(links.len(), household.pupils.len());
    for ((id, born, email, address, authority), link) in household.pupils.iter().zip(links) {
        let key = format!("pupils:{id}");
        assert_eq!(link["person"], key);
        assert_eq!(link["relation"], "parent");
        assert_eq!(link["parental_authority"], *authority);
        let pupil = persons.iter().find(|p| p["key"] == key).unwrap();
        assert_eq!(pupil["kind"], "pupil");
        assert_eq!(pupil["date_of_birth"], *born);
        assert_eq!(pupil["emails"], serde_json::json!([email]));
        assert_eq!(pupil["postal_addresses"], serde_json::json!([address]));
        assert!(
            pupil.get("strength").is_none(),
            "linked, not matched: {pupil}"
        );
        assert!(table.contains(&format!("born: {born}")), "{table}");
        assert!(table.contains(&format!("parent of {key}")), "{table}");
    }
    assert!(table.contains(&household.email), "{table}");
}
