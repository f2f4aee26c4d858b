//! Requests, responses and their JSON encoding.

use crate::{
    Change, ChangeReport, EraseMode, ExportResult, LocateResult, Manifest, Operation, PluginError,
    PurgeReport, Recipient, Scope, Subject,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One call to a plugin: the operation and its arguments.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// See [`Plugin::describe`](crate::Plugin::describe).
    Describe,
    /// See [`Plugin::locate`](crate::Plugin::locate).
    Locate {
        /// Who to look for.
        subject: Subject,
    },
    /// See [`Plugin::export`](crate::Plugin::export).
    Export {
        /// Whose records to hand over.
        subject: Subject,
    },
    /// See [`Plugin::rectify`](crate::Plugin::rectify).
    Rectify {
        /// Whose records to correct.
        subject: Subject,
        /// The corrections.
        changes: Vec<Change>,
        /// The approved records, if the call carries out a plan; absent
        /// from requests of a dsrd that predates scopes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scope: Option<Scope>,
        /// Report only, change nothing.
        dry_run: bool,
    },
    /// See [`Plugin::restrict`](crate::Plugin::restrict).
    Restrict {
        /// Whose processing to restrict.
        subject: Subject,
        /// Switch the restriction on (`true`) or lift it.
        on: bool,
        /// The approved records, if the call carries out a plan; absent
        /// from requests of a dsrd that predates scopes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scope: Option<Scope>,
        /// Report only, change nothing.
        dry_run: bool,
    },
    /// See [`Plugin::erase`](crate::Plugin::erase).
    Erase {
        /// Whose records to erase.
        subject: Subject,
        /// Delete or anonymise.
        mode: EraseMode,
        /// The approved records, if the call carries out a plan; absent
        /// from requests of a dsrd that predates scopes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scope: Option<Scope>,
        /// Report only, change nothing.
        dry_run: bool,
    },
    /// See [`Plugin::recipients`](crate::Plugin::recipients).
    Recipients {
        /// Whose disclosures to list.
        subject: Subject,
    },
    /// See [`Plugin::purge_expired`](crate::Plugin::purge_expired).
    PurgeExpired {
        /// The moment retention periods are measured against.
        now: DateTime<Utc>,
        /// Report only, remove nothing.
        dry_run: bool,
    },
}

impl Request {
    /// The operation this request asks for.
    pub fn operation(&self) -> Operation {
        match self {
            Request::Describe => Operation::Describe,
            Request::Locate { .. } => Operation::Locate,
            Request::Export { .. } => Operation::Export,
            Request::Rectify { .. } => Operation::Rectify,
            Request::Restrict { .. } => Operation::Restrict,
            Request::Erase { .. } => Operation::Erase,
            Request::Recipients { .. } => Operation::Recipients,
            Request::PurgeExpired { .. } => Operation::PurgeExpired,
        }
    }

    /// The request as JSON bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        // Serializing plain derived data into a Vec cannot fail: no map has
        // non-string keys and no writer can return an I/O error.
        serde_json::to_vec(self).expect("a request always serializes")
    }

    /// Reads a request, reporting malformed input as
    /// [`PluginError::Protocol`] (an unknown `op` from a newer dsrd too).
    pub fn from_bytes(bytes: &[u8]) -> Result<Request, PluginError> {
        serde_json::from_slice(bytes)
            .map_err(|error| PluginError::protocol(format!("unreadable request: {error}")))
    }
}

/// The successful result of a call, tagged with its operation.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", content = "value", rename_all = "snake_case")]
pub enum Output {
    /// The answer to `describe`; boxed because a manifest is several times
    /// the size of every other output.
    Describe(Box<Manifest>),
    /// The answer to `locate`.
    Locate(LocateResult),
    /// The answer to `export`.
    Export(ExportResult),
    /// The answer to `rectify`.
    Rectify(ChangeReport),
    /// The answer to `restrict`.
    Restrict(ChangeReport),
    /// The answer to `erase`.
    Erase(ChangeReport),
    /// The answer to `recipients`.
    Recipients(Vec<Recipient>),
    /// The answer to `purge_expired`.
    PurgeExpired(PurgeReport),
}

impl Output {
    /// The operation this output answers.
    pub fn operation(&self) -> Operation {
        match self {
            Output::Describe(_) => Operation::Describe,
            Output::Locate(_) => Operation::Locate,
            Output::Export(_) => Operation::Export,
            Output::Rectify(_) => Operation::Rectify,
            Output::Restrict(_) => Operation::Restrict,
            Output::Erase(_) => Operation::Erase,
            Output::Recipients(_) => Operation::Recipients,
            Output::PurgeExpired(_) => Operation::PurgeExpired,
        }
    }
}

/// The answer to one [`Request`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The call succeeded.
    Ok(Output),
    /// The call failed.
    Error(PluginError),
}

impl Response {
    /// The response as a `Result`.
    pub fn into_result(self) -> Result<Output, PluginError> {
        match self {
            Response::Ok(output) => Ok(output),
            Response::Error(error) => Err(error),
        }
    }

    /// The response as JSON bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_else(|error| {
            // Only a hand-written Serialize could fail; answer with an
            // error that certainly serializes rather than nothing.
            let fallback = Response::Error(PluginError::internal(format!(
                "the response could not be serialized: {error}"
            )));
            serde_json::to_vec(&fallback).expect("an error response always serializes")
        })
    }

    /// Reads a response. Malformed bytes become a
    /// [`PluginError::Protocol`] response, so a broken plugin fails the
    /// call instead of the caller.
    pub fn from_bytes(bytes: &[u8]) -> Response {
        serde_json::from_slice(bytes).unwrap_or_else(|error| {
            Response::Error(PluginError::protocol(format!(
                "unreadable response from the plugin: {error}"
            )))
        })
    }
}

impl From<Result<Output, PluginError>> for Response {
    fn from(result: Result<Output, PluginError>) -> Self {
        match result {
            Ok(output) => Response::Ok(output),
            Err(error) => Response::Error(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_request_puts_op_beside_its_arguments() {
        let request = Request::Erase {
            subject: Subject::default().with_email("a@b.nl"),
            mode: EraseMode::Delete,
            scope: None,
            dry_run: true,
        };
        let value: serde_json::Value = serde_json::from_slice(&request.to_bytes()).unwrap();
        assert_eq!(
            value,
            json!({"op":"erase","subject":{"emails":["a@b.nl"]},"mode":"delete","dry_run":true})
        );
        assert_eq!(Request::from_bytes(&request.to_bytes()).unwrap(), request);
    }

    #[test]
    fn a_request_from_before_scopes_parses_without_one() {
        let old = br#"{"op":"restrict","subject":{"emails":["a@b.nl"]},"on":true,"dry_run":false}"#;
        let request = Request::from_bytes(old).unwrap();
        let Request::Restrict { scope, on, .. } = request else {
            panic!("{request:?}");
        };
        assert_eq!((scope, on), (None, true));
    }

    #[test]
    fn a_scoped_request_carries_the_keys_per_table() {
        let mut scope = Scope::default();
        scope.insert("pupils", "1");
        let request = Request::Rectify {
            subject: Subject::default(),
            changes: vec![],
            scope: Some(scope),
            dry_run: false,
        };
        let value: serde_json::Value = serde_json::from_slice(&request.to_bytes()).unwrap();
        assert_eq!(value["scope"], json!({"pupils": ["1"]}));
        assert_eq!(Request::from_bytes(&request.to_bytes()).unwrap(), request);
    }

    #[test]
    fn an_unknown_op_is_a_protocol_error() {
        let error = Request::from_bytes(br#"{"op":"teleport"}"#).unwrap_err();
        assert!(matches!(error, PluginError::Protocol { .. }), "{error:?}");
    }

    #[test]
    fn responses_round_trip() {
        let ok = Response::Ok(Output::Recipients(vec![]));
        assert_eq!(
            String::from_utf8(ok.to_bytes()).unwrap(),
            r#"{"ok":{"op":"recipients","value":[]}}"#
        );
        assert_eq!(Response::from_bytes(&ok.to_bytes()), ok);
        let error = Response::Error(PluginError::SubjectNotFound);
        assert_eq!(Response::from_bytes(&error.to_bytes()), error);
    }

    #[test]
    fn garbage_becomes_a_protocol_error_response() {
        let response = Response::from_bytes(b"\xff not json");
        assert!(matches!(
            response,
            Response::Error(PluginError::Protocol { .. })
        ));
    }

    #[test]
    fn purge_requests_carry_the_daemons_clock() {
        let now = DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let request = Request::PurgeExpired {
            now,
            dry_run: false,
        };
        let json = String::from_utf8(request.to_bytes()).unwrap();
        assert!(json.contains("2026-03-01T12:00:00Z"), "{json}");
        assert_eq!(request.operation(), Operation::PurgeExpired);
    }
}
