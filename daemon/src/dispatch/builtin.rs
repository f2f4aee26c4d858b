//! The bundled plugins, linked into dsrd: the same trait, called in-process
//! without the C ABI, so a fresh clone's one command has them.

use dsrd_plugin_api::{Plugin, PluginError};

/// The names of the built-in plugins.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(name, _)| *name).collect()
}

/// Starts built-in `name` with `settings`, or `None` when there is none.
pub fn new_builtin(
    name: &str,
    settings: serde_json::Value,
) -> Option<Result<Box<dyn Plugin>, PluginError>> {
    BUILTINS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, start)| start(settings))
}

type Start = fn(serde_json::Value) -> Result<Box<dyn Plugin>, PluginError>;

const BUILTINS: &[(&str, Start)] = &[("sql", start_sql)];

fn start_sql(settings: serde_json::Value) -> Result<Box<dyn Plugin>, PluginError> {
    Ok(Box::new(dsrd_plugin_sql::SqlPlugin::new(settings)?))
}
