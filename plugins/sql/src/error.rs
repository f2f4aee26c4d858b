//! What goes wrong inside the plugin, and how dsrd hears about it.

use dsrd_plugin_api::PluginError;

/// A failure inside the `sql` plugin.
///
/// Messages reach the officer and the log, so none may carry personal
/// data: database errors are reduced to their code, constraint and the
/// server's message, except unique violations, whose message quotes the
/// clashing value (MariaDB: "Duplicate entry 'x'").
#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    /// The database cannot be reached or the connection broke.
    #[error("cannot reach the school database ({0}); check `url` and that the server runs")]
    Unavailable(String),
    /// A statement failed on the server.
    #[error("database error while {action}: {message}")]
    Database {
        /// What the plugin was doing, e.g. "deleting from `absences`".
        action: String,
        /// Code, constraint and (where safe) the server's message.
        message: String,
    },
    /// The mapping names something the database does not have, or uses a
    /// column type the plugin cannot read.
    #[error("the mapping does not fit the database: {0}")]
    Mapping(String),
    /// The request cannot be carried out as asked.
    #[error("{0}")]
    Request(String),
    /// The subject's identifiers fit several people.
    #[error("{0}")]
    Ambiguous(String),
    /// A failure the plugin API defines, such as a scope that drifted.
    #[error(transparent)]
    Plugin(PluginError),
}

impl SqlError {
    /// Wraps a sqlx error met while doing `action`.
    pub fn from_sqlx(action: impl Into<String>, error: sqlx::Error) -> SqlError {
        match error {
            sqlx::Error::Database(db) => {
                let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
                let constraint = db
                    .constraint()
                    .map(|c| format!(", constraint `{c}`"))
                    .unwrap_or_default();
                if code.starts_with("22") {
                    // SQLSTATE class 22, data exception: the server's
                    // message quotes the value, which is personal data.
                    return SqlError::Request(format!(
                        "while {}: a value does not fit the column's type [{code}]",
                        action.into()
                    ));
                }
                let text = if db.is_unique_violation() {
                    "unique violation".to_owned()
                } else {
                    db.message().to_owned()
                };
                SqlError::Database {
                    action: action.into(),
                    message: format!("[{code}{constraint}] {text}"),
                }
            }
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Configuration(_) => SqlError::Unavailable(error.to_string()),
            other => SqlError::Database {
                action: action.into(),
                message: other.to_string(),
            },
        }
    }
}

impl From<SqlError> for PluginError {
    fn from(error: SqlError) -> PluginError {
        match error {
            SqlError::Unavailable(_) => PluginError::backend_unavailable(error.to_string()),
            SqlError::Mapping(_) => PluginError::bad_settings(error.to_string()),
            SqlError::Request(message) => PluginError::invalid_request(message),
            SqlError::Ambiguous(message) => PluginError::Ambiguous { message },
            SqlError::Database { .. } => PluginError::internal(error.to_string()),
            SqlError::Plugin(error) => error,
        }
    }
}

/// Results inside the plugin.
pub type Result<T, E = SqlError> = std::result::Result<T, E>;
