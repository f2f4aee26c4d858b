//! The package folder as the download page reads it: a sealed file opened
//! with the master key while it is streamed, never written out in plain.

use std::io::BufReader;
use std::path::PathBuf;
use std::sync::Arc;

use super::PackageKey;
use crate::package::WrappedKey;
use crate::store::PackageRow;

/// The sealed packages in one folder.
pub struct PackageFiles {
    dir: PathBuf,
    key: Arc<PackageKey>,
}

impl PackageFiles {
    /// The packages in `dir`, opened with `key`.
    pub fn new(dir: PathBuf, key: Arc<PackageKey>) -> Self {
        PackageFiles { dir, key }
    }
}

impl crate::http::PackageSource for PackageFiles {
    fn open(
        &self,
        package: &PackageRow,
    ) -> Result<Box<dyn Iterator<Item = Result<Vec<u8>, String>> + Send>, String> {
        let master = self.key.get().map_err(|e| e.to_string())?;
        let wrapped = package
            .wrapped_key
            .clone()
            .ok_or("the package was deleted")?;
        let path = self.dir.join(&package.file);
        let file =
            std::fs::File::open(&path).map_err(|e| format!("cannot open the package: {e}"))?;
        let opened = crate::package::open(
            &master,
            &WrappedKey(wrapped),
            &super::seal::aad(package.case.as_str()),
            BufReader::new(file),
        )
        .map_err(|e| e.to_string())?;
        Ok(Box::new(
            opened.map(|chunk| chunk.map_err(|e| e.to_string())),
        ))
    }

    fn delete(&self, package: &PackageRow) -> Result<(), String> {
        match std::fs::remove_file(self.dir.join(&package.file)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }
}
