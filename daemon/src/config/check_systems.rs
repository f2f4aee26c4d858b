//! Checking the `[[systems]]` entries: manual systems and their
//! instructions per request type.

use super::check::Checker;
use super::raw::RawSystem;
use super::*;
use crate::classify::RequestType;
use std::collections::BTreeMap;

/// The request types a system can have instructions for, as the hint
/// names them.
fn request_names() -> String {
    RequestType::ALL
        .into_iter()
        .filter(|t| t.is_request())
        .map(RequestType::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn systems(
    c: &mut Checker,
    raw: Vec<RawSystem>,
    plugin_names: &[String],
) -> Option<Vec<ManualSystem>> {
    let mut out: Vec<ManualSystem> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut ok = true;
    for (i, s) in raw.into_iter().enumerate() {
        let key = |k: &str| format!("systems[{i}].{k}");
        let name = s.name.get_ref().clone();
        let valid_name = !name.is_empty()
            && name
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
        if !valid_name {
            c.error(
                &key("name"),
                Some(&s.name),
                format!("{name:?} is not a system name"),
                "letters, digits, - and _, e.g. \"parnassys\": the plan lists it beside the plugins",
            );
            ok = false;
        } else if names.contains(&name) {
            c.error(
                &key("name"),
                Some(&s.name),
                format!("a second system called {name:?}"),
                "give each [[systems]] entry its own name",
            );
            ok = false;
        } else if plugin_names.contains(&name) {
            c.error(
                &key("name"),
                Some(&s.name),
                format!("{name:?} is also the name of a [[plugins]] entry"),
                "a system is reached either by a plugin or by hand, and the plan names each once: rename one of them",
            );
            ok = false;
        }
        names.push(name.clone());
        let owner = s.owner.get_ref().trim().to_owned();
        if owner.is_empty() {
            c.error(
                &key("owner"),
                Some(&s.owner),
                "is empty".into(),
                "the person responsible for the system, who carries out its tasks",
            );
            ok = false;
        }
        let address = c.address(
            &key("address"),
            &s.address,
            "the address the system's tasks are mailed to, e.g. \"administratie@school.example\"",
        );
        ok &= address.is_some();
        let instructions = instructions(c, &key("instructions"), &s.name, s.instructions);
        ok &= instructions.is_some();
        if let (Some(address), Some(instructions)) = (address, instructions) {
            out.push(ManualSystem {
                name,
                owner,
                address,
                instructions,
            });
        }
    }
    ok.then_some(out)
}

/// `instructions = { access = "…", erasure = "…" }`: at least one request
/// type, each known, each with text.
fn instructions(
    c: &mut Checker,
    key: &str,
    system: &super::raw::S,
    raw: Option<toml::Spanned<BTreeMap<super::raw::S, super::raw::S>>>,
) -> Option<BTreeMap<RequestType, String>> {
    let example = "e.g. instructions.access = \"Exporteer het leerlingdossier uit ParnasSys …\"";
    let Some(table) = raw else {
        c.error(
            key,
            Some(system),
            "is missing: a manual system needs instructions for at least one request type".into(),
            example,
        );
        return None;
    };
    if table.get_ref().is_empty() {
        c.error_at(
            key,
            &table,
            "has no request type: a manual system needs instructions for at least one".into(),
            example,
        );
        return None;
    }
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (name, text) in table.into_inner() {
        let entry = format!("{key}.{}", name.get_ref());
        match name.get_ref().parse::<RequestType>() {
            Ok(t) if t.is_request() => {
                let text_value = text.get_ref().trim();
                if text_value.is_empty() {
                    c.error(
                        &entry,
                        Some(&text),
                        "is empty".into(),
                        "what the system's owner does, step by step, for this kind of request",
                    );
                    ok = false;
                } else {
                    out.insert(t, text_value.to_owned());
                }
            }
            _ => {
                let msg = format!("{:?} is not a request type", name.get_ref());
                let hint = format!("one of {}", request_names());
                c.error(&entry, Some(&name), msg, &hint);
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use crate::classify::RequestType;
    use crate::config::{parse, ConfigError, Loaded, Problem};
    use std::path::Path;

    /// Nine lines before the sections under test, which start on line 10.
    const BASE: &str = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n[outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n";

    const PLUGIN: &str = "[[plugins]]\nname = \"sql\"\nbuiltin = \"sql\"\n";

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

    #[test]
    fn a_manual_system_is_read_with_its_instructions_per_request_type() {
        let config = load(&format!(
            "{PLUGIN}[[systems]]\nname = \"parnassys\"\nowner = \"Karin Smit\"\naddress = \"administratie@s.example\"\n\
             [systems.instructions]\naccess = \"\"\"\nExporteer het leerlingdossier uit ParnasSys.\n\"\"\"\n\
             erasure = \"Verwijder de leerling uit de wachtlijst.\"\n\
             [[systems]]\nname = \"basispoort\"\nowner = \"Karin Smit\"\naddress = \"administratie@s.example\"\n\
             instructions = {{ rectification = \"Pas de gegevens aan in Basispoort.\" }}\n"
        ))
        .unwrap()
        .config;
        assert_eq!(config.systems.len(), 2);
        let las = config.system("parnassys").unwrap();
        assert_eq!(las.owner, "Karin Smit");
        assert_eq!(las.address.as_str(), "administratie@s.example");
        assert_eq!(
            las.instructions_for(RequestType::Access),
            Some("Exporteer het leerlingdossier uit ParnasSys.")
        );
        assert_eq!(
            las.instructions.keys().copied().collect::<Vec<_>>(),
            vec![RequestType::Access, RequestType::Erasure]
        );
        assert_eq!(las.instructions_for(RequestType::Restriction), None);
        assert!(config.system("basispoort").is_some());
        assert!(
            config.system("sql").is_none(),
            "a plugin is no manual system"
        );
    }

    #[test]
    fn a_name_shared_with_a_plugin_or_another_system_is_an_error() {
        let system = |name: &str| {
            format!("[[systems]]\nname = \"{name}\"\nowner = \"K\"\naddress = \"k@s.example\"\ninstructions.access = \"x\"\n")
        };
        let found = problems(&format!(
            "{PLUGIN}{}{}{}{}",
            system("sql"),
            system("las"),
            system("las"),
            system("de las")
        ));
        let clash = problem(&found, "systems[0].name");
        assert!(clash
            .message
            .contains("also the name of a [[plugins]] entry"));
        assert_eq!(clash.position.map(|p| p.line), Some(14), "{clash}");
        let twice = problem(&found, "systems[2].name");
        assert_eq!(twice.message, "a second system called \"las\"");
        let bad = problem(&found, "systems[3].name");
        assert!(bad.message.contains("is not a system name"), "{bad}");
        assert_eq!(found.len(), 3, "{found:?}");
    }

    #[test]
    fn an_empty_owner_a_bad_address_and_missing_or_unknown_instructions_are_errors() {
        let found = problems(
            "[[systems]]\nname = \"las\"\nowner = \"\"\naddress = \"administratie\"\n\
             [systems.instructions]\ninzage = \"x\"\nnot_a_request = \"y\"\nerasure = \" \"\n\
             [[systems]]\nname = \"basispoort\"\nowner = \"K\"\naddress = \"k@s.example\"\n\
             [[systems]]\nname = \"edex\"\nowner = \"K\"\naddress = \"k@s.example\"\ninstructions = {}\n",
        );
        assert_eq!(problem(&found, "systems[0].owner").message, "is empty");
        let address = problem(&found, "systems[0].address");
        assert!(address.message.contains("\"administratie\""));
        let unknown = problem(&found, "systems[0].instructions.inzage");
        assert_eq!(unknown.message, "\"inzage\" is not a request type");
        assert_eq!(unknown.position.map(|p| p.line), Some(15), "{unknown}");
        let hint = unknown.hint.as_deref().unwrap();
        assert!(
            hint.contains("access") && hint.contains("withdraw_consent"),
            "{hint}"
        );
        assert!(!hint.contains("not_a_request"), "{hint}");
        problem(&found, "systems[0].instructions.not_a_request");
        assert_eq!(
            problem(&found, "systems[0].instructions.erasure").message,
            "is empty"
        );
        let missing = problem(&found, "systems[1].instructions");
        assert!(missing.message.contains("at least one request type"));
        assert_eq!(missing.position.map(|p| p.line), Some(19), "{missing}");
        let empty = problem(&found, "systems[2].instructions");
        assert!(empty.message.contains("has no request type"), "{empty}");
        assert_eq!(empty.position.map(|p| p.line), Some(26), "{empty}");
        assert_eq!(found.len(), 7, "{found:?}");
    }
}
