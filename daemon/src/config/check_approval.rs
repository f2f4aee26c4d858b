//! Checking `[[officers]]` and `[approval]`: who may approve, and what needs
//! an approval at all.

use super::approval::same_name;
use super::check::Checker;
use super::raw::{RawApproval, RawOfficer};
use super::*;
use crate::classify::RequestType;

const ROLE_HINT: &str = "use \"officer\" (approves and rejects actions) or \"viewer\" (reads only)";

pub(super) fn officers(c: &mut Checker, raw: Vec<RawOfficer>) -> Option<Vec<OfficerConfig>> {
    let mut out: Vec<OfficerConfig> = Vec::new();
    let mut ok = true;
    for (i, o) in raw.into_iter().enumerate() {
        let key = |k: &str| format!("officers[{i}].{k}");
        let name = o.name.get_ref().trim().to_owned();
        if name.is_empty() {
            c.error(
                &key("name"),
                Some(&o.name),
                "is empty".into(),
                "the name a command acts as (--as NAME) and the audit log records",
            );
            ok = false;
        } else if let Some(first) = out.iter().find(|other| same_name(&other.name, &name)) {
            let msg = format!("a second officer called {name:?}");
            let hint = if first.name == name {
                "give each [[officers]] entry its own name: the four-eyes rule counts names"
                    .to_owned()
            } else {
                format!(
                    "{:?} is already an officer; names are compared regardless of letter case, so that nobody counts twice under the four-eyes rule",
                    first.name
                )
            };
            c.error(&key("name"), Some(&o.name), msg, &hint);
            ok = false;
        }
        let address = c.address(
            &key("address"),
            &o.address,
            "the officer's own e-mail address, e.g. \"fg@school.example\"",
        );
        ok &= address.is_some();
        let role = OfficerRole::ALL
            .into_iter()
            .find(|r| r.as_str() == o.role.get_ref());
        if role.is_none() {
            let msg = format!("unknown role {:?}", o.role.get_ref());
            c.error(&key("role"), Some(&o.role), msg, ROLE_HINT);
            ok = false;
        }
        if let (Some(address), Some(role)) = (address, role) {
            if let Some(first) = out.iter().find(|other| other.address == address) {
                let msg = format!("{:?} has the address of {:?}", name, first.name);
                c.warning(
                    &key("address"),
                    Some(&o.address),
                    msg,
                    "the four-eyes rule counts names: two names with one mailbox may be one person approving twice",
                );
            }
            out.push(OfficerConfig {
                name,
                address,
                role,
            });
        }
    }
    ok.then_some(out)
}

pub(super) fn approval(
    c: &mut Checker,
    raw: RawApproval,
    officers: Option<&[OfficerConfig]>,
) -> Option<ApprovalConfig> {
    let mut ok = true;
    let erasure_approvers = match &raw.erasure_approvers {
        None => 1,
        Some(n) => {
            let value = *n.get_ref();
            if !(1..=2).contains(&value) {
                c.error_at(
                    "approval.erasure_approvers",
                    n,
                    format!("{value} is neither 1 nor 2"),
                    "1 (one officer approves an erasure) or 2 (four eyes: a second, different officer must approve it too)",
                );
                ok = false;
            }
            value
        }
    };
    // Without any officer the daemon still runs (it takes requests in and
    // `dsrd check` warns that nobody can approve), but two approvers where
    // fewer could ever approve is a rule no erasure can pass.
    let approvers = officers.map(|o| o.iter().filter(|o| o.role.may_approve()).count());
    if let (Some(count), Some(n), true) = (approvers, &raw.erasure_approvers, ok) {
        if erasure_approvers > 1 && (count as u32) < erasure_approvers {
            let have = match count {
                0 => "no [[officers]] entry has".to_owned(),
                1 => "only 1 [[officers]] entry has".to_owned(),
                more => format!("only {more} [[officers]] entries have"),
            };
            c.error_at(
                "approval.erasure_approvers",
                n,
                format!("{erasure_approvers} approvers, but {have} role = \"officer\""),
                "add [[officers]] entries with role = \"officer\" until there are as many as approvers, or set approval.erasure_approvers = 1",
            );
            ok = false;
        }
    }
    let mut auto = Vec::new();
    for (i, name) in raw.auto.iter().flatten().enumerate() {
        let key = format!("approval.auto[{i}]");
        match name.get_ref().parse::<RequestType>() {
            Ok(RequestType::Rectification) => {
                if !auto.contains(&RequestType::Rectification) {
                    auto.push(RequestType::Rectification);
                }
            }
            Ok(other) => {
                let msg = format!(
                    "{other} may not run without approval: only factual rectifications may (reglement 8.3.1 asks them to be made at once)"
                );
                c.error(
                    &key,
                    Some(name),
                    msg,
                    "auto = [\"rectification\"], or leave approval.auto out so that an officer approves every action",
                );
                ok = false;
            }
            Err(e) => {
                c.error(
                    &key,
                    Some(name),
                    e.to_string(),
                    "auto = [\"rectification\"] is the only list allowed besides []",
                );
                ok = false;
            }
        }
    }
    ok.then_some(ApprovalConfig {
        erasure_approvers,
        auto,
    })
}

#[cfg(test)]
mod tests {
    use crate::classify::RequestType;
    use crate::config::{parse, ConfigError, Loaded, OfficerError, OfficerRole, Problem, Severity};
    use std::path::Path;

    /// Nine lines before the sections under test, which start on line 10.
    const BASE: &str = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n[outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n";

    fn load(sections: &str) -> Result<Loaded, ConfigError> {
        parse(
            Path::new("/etc/dsrd/dsrd.toml"),
            &format!("{BASE}{sections}"),
            &|_| None,
        )
    }

    fn problems(sections: &str) -> Vec<Problem> {
        match load(sections) {
            Err(ConfigError::Invalid(p)) => p,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    fn problem<'p>(problems: &'p [Problem], key: &str) -> &'p Problem {
        problems
            .iter()
            .find(|p| p.key == key)
            .unwrap_or_else(|| panic!("no problem at {key}: {problems:?}"))
    }

    const TWO: &str = "[[officers]]\nname = \"Fatima el Amrani\"\naddress = \"fg@s.example\"\nrole = \"officer\"\n[[officers]]\nname = \"Jan Bakker\"\naddress = \"jan@s.example\"\nrole = \"officer\"\n[[officers]]\nname = \"Ilse\"\naddress = \"ilse@s.example\"\nrole = \"viewer\"\n";

    #[test]
    fn without_the_sections_nobody_is_an_officer_and_everything_needs_one_approval() {
        let config = load("").unwrap().config;
        assert!(config.officers.is_empty());
        assert_eq!(config.approval.erasure_approvers, 1);
        assert!(config.approval.auto.is_empty());
        assert!(!config
            .approval
            .runs_without_approval(RequestType::Rectification));
        assert!(config.systems.is_empty());
        assert_eq!(
            config.approval_summary(),
            "0 officers; erasure needs 1 approver; auto: none"
        );
        let refused = config.approver("Jan").unwrap_err();
        assert!(matches!(refused, OfficerError::Unknown { .. }));
        assert!(
            refused.to_string().contains("add an [[officers]] entry"),
            "{refused}"
        );
    }

    #[test]
    fn officers_four_eyes_and_automatic_rectification_are_read() {
        let loaded = load(&format!(
            "{TWO}[approval]\nerasure_approvers = 2\nauto = [\"rectification\"]\n"
        ))
        .unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let config = loaded.config;
        assert_eq!(config.officers.len(), 3);
        assert_eq!(config.officers[0].name, "Fatima el Amrani");
        assert_eq!(config.officers[0].address.as_str(), "fg@s.example");
        assert_eq!(config.officers[2].role, OfficerRole::Viewer);
        assert_eq!(config.approval.erasure_approvers, 2);
        assert_eq!(config.approval.auto, vec![RequestType::Rectification]);
        assert!(config
            .approval
            .runs_without_approval(RequestType::Rectification));
        assert!(!config.approval.runs_without_approval(RequestType::Erasure));
        assert_eq!(
            config.approval_summary(),
            "2 officers, 1 viewer; erasure needs 2 approvers; auto: rectification"
        );

        // Who may act: any letter case finds the entry as written.
        assert_eq!(config.approver("jan bakker").unwrap().name, "Jan Bakker");
        assert_eq!(config.officer("Ilse").unwrap().role, OfficerRole::Viewer);
        let viewer = config.approver("Ilse").unwrap_err();
        assert_eq!(
            viewer,
            OfficerError::MayNotApprove {
                name: "Ilse".into(),
                role: OfficerRole::Viewer
            }
        );
        assert!(viewer.to_string().contains("viewer and may not approve"));
        let unknown = config.approver("Piet").unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "\"Piet\" is not an officer in the configuration; act as one of: Fatima el Amrani, Jan Bakker, Ilse"
        );
    }

    #[test]
    fn a_duplicate_name_an_empty_name_a_bad_address_and_an_unknown_role_are_errors() {
        let found = problems(
            "[[officers]]\nname = \"Jan\"\naddress = \"jan@s.example\"\nrole = \"officer\"\n\
             [[officers]]\nname = \"JAN\"\naddress = \"jan2@s.example\"\nrole = \"officer\"\n\
             [[officers]]\nname = \" \"\naddress = \"fg@s.example\"\nrole = \"officer\"\n\
             [[officers]]\nname = \"Ilse\"\naddress = \"ilse at school\"\nrole = \"admin\"\n",
        );
        let duplicate = problem(&found, "officers[1].name");
        assert_eq!(duplicate.position.map(|p| p.line), Some(15), "{duplicate}");
        assert!(duplicate
            .message
            .contains("a second officer called \"JAN\""));
        assert!(duplicate.hint.as_deref().unwrap().contains("letter case"));
        let empty = problem(&found, "officers[2].name");
        assert_eq!(empty.message, "is empty");
        let address = problem(&found, "officers[3].address");
        assert_eq!(address.position.map(|p| p.line), Some(24), "{address}");
        assert!(address.message.contains("\"ilse at school\""));
        let role = problem(&found, "officers[3].role");
        assert_eq!(role.message, "unknown role \"admin\"");
        let hint = role.hint.as_deref().unwrap();
        assert!(
            hint.contains("\"officer\"") && hint.contains("\"viewer\""),
            "{hint}"
        );
        assert!(found.iter().all(|p| p.severity == Severity::Error));
    }

    #[test]
    fn a_missing_role_is_refused_with_its_line() {
        let Err(ConfigError::Parse { message, .. }) =
            load("[[officers]]\nname = \"Jan\"\naddress = \"jan@s.example\"\n")
        else {
            panic!("a role is required");
        };
        assert!(message.contains("role"), "{message}");
        assert!(message.contains("line 10"), "{message}");
    }

    #[test]
    fn two_officers_sharing_an_address_is_a_warning() {
        let loaded = load(
            "[[officers]]\nname = \"Jan\"\naddress = \"avg@s.example\"\nrole = \"officer\"\n\
             [[officers]]\nname = \"Piet\"\naddress = \"AVG@s.example\"\nrole = \"officer\"\n",
        )
        .unwrap();
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert_eq!(loaded.warnings[0].key, "officers[1].address");
        assert!(loaded.warnings[0].message.contains("\"Jan\""));
    }

    #[test]
    fn erasure_approvers_is_one_or_two_and_never_more_than_the_officers() {
        let found = problems("[approval]\nerasure_approvers = 3\n");
        let p = problem(&found, "approval.erasure_approvers");
        assert_eq!(p.message, "3 is neither 1 nor 2");
        assert_eq!(
            p.position.map(|p| (p.line, p.column)),
            Some((11, 21)),
            "{p}"
        );
        let found = problems("[approval]\nerasure_approvers = 0\n");
        assert!(problem(&found, "approval.erasure_approvers")
            .message
            .contains("neither 1 nor 2"));

        // One officer and a viewer cannot make four eyes.
        let found = problems(
            "[[officers]]\nname = \"Jan\"\naddress = \"jan@s.example\"\nrole = \"officer\"\n\
             [[officers]]\nname = \"Ilse\"\naddress = \"ilse@s.example\"\nrole = \"viewer\"\n\
             [approval]\nerasure_approvers = 2\n",
        );
        let p = problem(&found, "approval.erasure_approvers");
        assert_eq!(
            p.message,
            "2 approvers, but only 1 [[officers]] entry has role = \"officer\""
        );
        assert!(p.hint.as_deref().unwrap().contains("erasure_approvers = 1"));
        let found = problems("[approval]\nerasure_approvers = 2\n");
        assert!(problem(&found, "approval.erasure_approvers")
            .message
            .contains("no [[officers]] entry"));

        // One approver without officers is no error: `dsrd check` warns.
        assert!(load("[approval]\nerasure_approvers = 1\n").is_ok());
    }

    #[test]
    fn only_rectification_may_run_without_approval() {
        let found = problems("[approval]\nauto = [\"rectification\", \"erasure\", \"wissen\"]\n");
        let erasure = problem(&found, "approval.auto[1]");
        assert!(
            erasure
                .message
                .starts_with("erasure may not run without approval")
                && erasure.message.contains("only factual rectifications")
                && erasure.message.contains("reglement 8.3.1"),
            "{erasure}"
        );
        assert_eq!(erasure.position.map(|p| p.line), Some(11));
        assert!(erasure
            .hint
            .as_deref()
            .unwrap()
            .contains("[\"rectification\"]"));
        let unknown = problem(&found, "approval.auto[2]");
        assert!(
            unknown.message.contains("unknown request type \"wissen\""),
            "{unknown}"
        );
        assert_eq!(found.len(), 2, "{found:?}");

        let twice = load("[approval]\nauto = [\"rectification\", \"rectification\"]\n").unwrap();
        assert_eq!(twice.config.approval.auto, vec![RequestType::Rectification]);
    }
}
