//! Routing a request to the plugin method that answers it.
//!
//! The one place that maps [`Request`] variants to [`Plugin`] methods, used
//! by built-in plugins inside dsrd, by the C ABI exports that
//! [`export_plugin!`](crate::export_plugin) generates, and by the plugin
//! host process. Keeping it single means the three paths cannot drift.

use super::{Output, Request, Response};
use crate::Plugin;

/// Calls the plugin method for `request` and wraps its result.
pub fn dispatch<P: Plugin + ?Sized>(plugin: &mut P, request: Request) -> Response {
    let result = match request {
        Request::Describe => Ok(Output::Describe(Box::new(plugin.describe()))),
        Request::Locate { subject } => plugin.locate(&subject).map(Output::Locate),
        Request::Export { subject } => plugin.export(&subject).map(Output::Export),
        Request::Rectify {
            subject,
            changes,
            scope,
            dry_run,
        } => plugin
            .rectify(&subject, &changes, scope.as_ref(), dry_run)
            .map(Output::Rectify),
        Request::Restrict {
            subject,
            on,
            scope,
            dry_run,
        } => plugin
            .restrict(&subject, on, scope.as_ref(), dry_run)
            .map(Output::Restrict),
        Request::Erase {
            subject,
            mode,
            scope,
            dry_run,
        } => plugin
            .erase(&subject, mode, scope.as_ref(), dry_run)
            .map(Output::Erase),
        Request::Recipients { subject } => plugin.recipients(&subject).map(Output::Recipients),
        Request::PurgeExpired { now, dry_run } => {
            plugin.purge_expired(now, dry_run).map(Output::PurgeExpired)
        }
    };
    Response::from(result)
}

/// [`dispatch`] on bytes: reads the request, calls the plugin, encodes the
/// response. An unreadable request is answered with a protocol error.
pub fn dispatch_bytes<P: Plugin + ?Sized>(plugin: &mut P, request: &[u8]) -> Vec<u8> {
    let response = match Request::from_bytes(request) {
        Ok(request) => dispatch(plugin, request),
        Err(error) => Response::Error(error),
    };
    response.to_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LocateResult, Manifest, Operation, PluginError, Subject};

    /// Implements only `locate`, to show the defaults answer the rest.
    struct Minimal;

    impl Plugin for Minimal {
        fn new(_: serde_json::Value) -> Result<Self, PluginError> {
            Ok(Minimal)
        }

        fn describe(&self) -> Manifest {
            Manifest {
                name: "minimal".into(),
                version: "0".into(),
                system: "nothing".into(),
                categories: vec![],
                identifiers: vec![],
                operations: vec![Operation::Locate],
                test_subject: None,
                capabilities: vec![],
            }
        }

        fn locate(&mut self, _: &Subject) -> Result<LocateResult, PluginError> {
            Ok(LocateResult::default())
        }
    }

    #[test]
    fn an_implemented_operation_answers_ok() {
        let response = dispatch(
            &mut Minimal,
            Request::Locate {
                subject: Subject::default(),
            },
        );
        assert_eq!(
            response,
            Response::Ok(Output::Locate(LocateResult::default()))
        );
    }

    #[test]
    fn an_unimplemented_operation_answers_unsupported() {
        let response = dispatch(
            &mut Minimal,
            Request::Recipients {
                subject: Subject::default(),
            },
        );
        assert_eq!(
            response,
            Response::Error(PluginError::Unsupported {
                operation: Operation::Recipients
            })
        );
    }

    #[test]
    fn dispatch_works_on_a_trait_object() {
        let plugin: &mut dyn Plugin = &mut Minimal;
        let response = dispatch(plugin, Request::Describe);
        assert!(matches!(response, Response::Ok(Output::Describe(_))));
    }

    #[test]
    fn unreadable_bytes_get_a_protocol_error() {
        let bytes = dispatch_bytes(&mut Minimal, b"{");
        assert!(matches!(
            Response::from_bytes(&bytes),
            Response::Error(PluginError::Protocol { .. })
        ));
    }
}
