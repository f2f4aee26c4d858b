//! Checking `[ledger]`: where the erasure ledger's key comes from.

use super::check::Checker;
use super::raw::RawLedger;
use std::path::PathBuf;

/// The variable the ledger key is read from unless `ledger.key_env` names
/// another.
pub const DEFAULT_LEDGER_KEY_ENV: &str = "DSRD_LEDGER_KEY";

/// `[ledger]`: where the key the erasure ledger hashes identifiers under
/// comes from. A key of its own rather than the package key: a package
/// lives for days and its key may be replaced freely, while the ledger
/// must recognise a person for as long as any backup could be restored.
/// The key itself is never in this file, nor in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerConfig {
    /// The environment variable that may hold the key (hex or base64 of
    /// 32 bytes).
    pub key_env: String,
    /// A file holding the key, read when the variable is not set.
    pub key_file: Option<PathBuf>,
}

pub(super) fn ledger(c: &mut Checker, raw: RawLedger) -> Option<LedgerConfig> {
    let key_env = raw
        .key_env
        .as_ref()
        .map_or(DEFAULT_LEDGER_KEY_ENV.to_owned(), |k| k.get_ref().clone());
    if key_env.is_empty()
        || !key_env
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
    {
        c.error(
            "ledger.key_env",
            raw.key_env.as_ref(),
            format!("{key_env:?} is not an environment variable name"),
            "e.g. \"DSRD_LEDGER_KEY\"; the key itself never goes in this file",
        );
        return None;
    }
    // Listed as used so `dsrd check` does not call it unknown; the key is
    // read when an erasure or a replay needs it.
    if (c.env)(&key_env).is_some() {
        c.env_used.push(key_env.clone());
    }
    Some(LedgerConfig {
        key_env,
        key_file: raw.key_file.map(|f| c.path(f.get_ref())),
    })
}

#[cfg(test)]
mod tests {
    use crate::config::{parse, Config, ConfigError};
    use std::path::Path;

    const BASE: &str = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n[outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n";

    fn load(sections: &str) -> Result<Config, String> {
        match parse(
            Path::new("/etc/dsrd/dsrd.toml"),
            &format!("{BASE}{sections}"),
            &|_| None,
        ) {
            Ok(loaded) => Ok(loaded.config),
            Err(ConfigError::Invalid(problems)) => Err(format!("{problems:?}")),
            Err(other) => Err(other.to_string()),
        }
    }

    #[test]
    fn the_ledger_key_comes_from_its_own_variable_unless_the_file_says_otherwise() {
        let config = load("").unwrap();
        assert_eq!(config.ledger.key_env, "DSRD_LEDGER_KEY");
        assert_eq!(config.ledger.key_file, None);
        let config = load(
            "[ledger]\nkey_env = \"SCHOOL_LEDGER_KEY\"\nkey_file = \"/etc/dsrd/ledger.key\"\n",
        )
        .unwrap();
        assert_eq!(config.ledger.key_env, "SCHOOL_LEDGER_KEY");
        assert_eq!(
            config.ledger.key_file.as_deref(),
            Some(std::path::Path::new("/etc/dsrd/ledger.key"))
        );
        let errors = load("[ledger]\nkey_env = \"not a name\"\n").unwrap_err();
        assert!(errors.contains("ledger.key_env"), "{errors}");
        let errors = load("[ledger]\nkey = \"ab\"\n").unwrap_err();
        assert!(errors.contains("unknown field `key`"), "{errors}");
    }
}
