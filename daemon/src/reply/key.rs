//! The master key that seals packages, as the answer stage and the download
//! pages share it: read from the environment or the key file when first
//! needed, and again on each use until it can be read, so a key put in
//! place while the daemon runs is picked up without a restart. The erasure
//! ledger's key is a second key of the same kind, read the same way.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::config::PackagesConfig;
use crate::package::{KeyError, MasterKey};

/// Where the master key comes from, and the key once read.
#[derive(Debug)]
pub struct PackageKey {
    env: String,
    file: Option<PathBuf>,
    loaded: OnceLock<Arc<MasterKey>>,
}

impl PackageKey {
    /// The key `[packages]` names (`key_env`, then `key_file`).
    pub fn new(config: &PackagesConfig) -> Self {
        Self::from_source(&config.key_env, config.key_file.as_deref())
    }

    /// A key of the same kind from the variable `env`, else the first line
    /// of `file`: the erasure ledger's (`[ledger]`) is read like this.
    pub fn from_source(env: &str, file: Option<&std::path::Path>) -> Self {
        PackageKey {
            env: env.to_owned(),
            file: file.map(ToOwned::to_owned),
            loaded: OnceLock::new(),
        }
    }

    /// A key given as it is (tests, tools).
    pub fn given(key: MasterKey) -> Self {
        let loaded = OnceLock::new();
        let _ = loaded.set(Arc::new(key));
        PackageKey {
            env: String::new(),
            file: None,
            loaded,
        }
    }

    /// The key, read now if it was not yet.
    pub fn get(&self) -> Result<Arc<MasterKey>, KeyError> {
        if let Some(key) = self.loaded.get() {
            return Ok(key.clone());
        }
        let key = Arc::new(MasterKey::load(&self.env, self.file.as_deref())?);
        Ok(self.loaded.get_or_init(|| key).clone())
    }
}
