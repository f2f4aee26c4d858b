//! The `locate` questions of [`identity::lookups`](crate::identity::lookups),
//! sent to every plugin at once through the plugin service.

use crate::address::EmailAddress;
use crate::classify::Extraction;
use crate::dispatch::PluginService;
use crate::identity::{lookups, Answer};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::PluginError;

/// Every plugin's answer to every lookup for a request from `requester`
/// whose letter yielded `extraction`; `None` when no plugin gave a usable
/// answer at all (every one failed), so that a school system that is down
/// delays the finding instead of making it "nobody found".
pub async fn look_up(
    plugins: &PluginService,
    requester: &EmailAddress,
    extraction: &Extraction,
) -> Option<Vec<Answer>> {
    let mut answers = Vec::new();
    for lookup in lookups(requester, extraction) {
        let request = Request::Locate {
            subject: lookup.subject.clone(),
        };
        for (plugin, outcome) in plugins.call_each(&request).await {
            let result = match outcome {
                Ok(Output::Locate(found)) => Ok(found),
                Ok(other) => Err(PluginError::Protocol {
                    message: format!("answered locate with {:?}", other.operation()),
                }),
                Err(e) => Err(e),
            };
            if let Err(e) = &result {
                // A plugin's message may quote what it looked for: the
                // text only at debug level.
                tracing::warn!(%plugin, purpose = ?lookup.purpose, "locate failed");
                tracing::debug!(%plugin, "locate failed: {e}");
            }
            answers.push(Answer {
                plugin,
                purpose: lookup.purpose,
                result,
            });
        }
    }
    let usable = answers.iter().any(|a| match &a.result {
        Ok(_) => true,
        Err(e) => matches!(
            e,
            PluginError::Unsupported { .. } | PluginError::SubjectNotFound
        ),
    });
    usable.then_some(answers)
}
