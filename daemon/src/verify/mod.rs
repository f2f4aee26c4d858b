//! The identity stage (issue 11): whose data a request is about, and may
//! the requester act for them. The I/O around the pure decisions of
//! [`crate::identity`]: it asks every plugin to `locate`, records the
//! finding, verifies by the match on file, mails one-time codes and reads
//! the replies, reminds and finally refuses when no proof comes, and removes
//! identity document copies once identity is decided.
//!
//! Shaped like the outbox worker: [`IdentityWorker::step`] does one pass
//! over what the store says is due and keeps nothing itself, so a restart
//! carries on where the store stands, and a test drives it pass by pass.
//! Each change to a case is one `update_case` transaction with its event,
//! audit entry and letters; a pass that dies half-way leaves each case
//! either before or after its change, never between.
//!
//! # Layout
//! - `lookup`: the `locate` questions through the plugin service.
//! - `decide`: the effects of the next step (verify, send a code, wait for
//!   the officer), shared with the officer's actions.
//! - `replies`: follow-up messages read for the code.
//! - `waiting`: the reminder and the art. 12(4) refusal when no proof comes.
//! - `strip`: identity document copies removed from the store and the mailbox.

mod decide;
mod lookup;
mod mailbox;
mod replies;
mod strip;
mod waiting;

pub(crate) use decide::{
    code_addresses, code_effects, end_wait, step_effects, step_effects_with, StepContext,
};
pub use lookup::look_up;
pub use mailbox::{ConfiguredMailboxes, MailboxCopies, NoMailboxCopies};

use crate::case::{Case, CaseState};
use crate::clock::Clock;
use crate::config::Config;
use crate::dispatch::PluginService;
use crate::store::{CaseFilter, Store, StoreError, UpdateOutcome};
use std::sync::Arc;

/// What one pass did, for the loop and for tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pass {
    /// Cases whose subject was looked up.
    pub looked_up: usize,
    /// Replies read for a code.
    pub replies: usize,
    /// Reminders and refusals sent for missing proof.
    pub waits: usize,
    /// Attachments removed from the store.
    pub removed: usize,
    /// Mailbox copies replaced.
    pub mailbox_copies: usize,
}

impl Pass {
    /// Whether anything happened.
    pub fn is_empty(&self) -> bool {
        *self == Pass::default()
    }
}

/// The identity stage's worker.
pub struct IdentityWorker {
    config: Arc<Config>,
    store: Arc<dyn Store>,
    plugins: PluginService,
    clock: Arc<dyn Clock>,
    mailboxes: Arc<dyn MailboxCopies>,
}

impl IdentityWorker {
    /// A worker over `store`, reaching the school systems through `plugins`
    /// and the mailbox copies through `mailboxes`.
    pub fn new(
        config: Arc<Config>,
        store: Arc<dyn Store>,
        plugins: PluginService,
        clock: Arc<dyn Clock>,
        mailboxes: Arc<dyn MailboxCopies>,
    ) -> Self {
        IdentityWorker {
            config,
            store,
            plugins,
            clock,
            mailboxes,
        }
    }

    /// One pass: new requests looked up, replies read, waits followed up,
    /// identity document copies removed. Without plugins nobody can be
    /// found, so requests stay `received` for the officer.
    pub async fn step(&self) -> Result<Pass, StoreError> {
        let mut pass = Pass::default();
        if !self.plugins.plugins().is_empty() {
            for case in self.cases(CaseState::Received).await? {
                if case.identity.finding.is_none() && self.look_up(&case).await? {
                    pass.looked_up += 1;
                }
            }
        }
        for case in self.cases(CaseState::AwaitingIdentity).await? {
            pass.replies += replies::read(self, &case).await?;
        }
        for case in self.cases(CaseState::AwaitingIdentity).await? {
            pass.waits += waiting::follow_up(self, &case).await?;
        }
        let (removed, copies) = strip::sweep(self).await?;
        pass.removed += removed;
        pass.mailbox_copies += copies;
        Ok(pass)
    }

    /// Looks up the subject of one case and records what follows; false
    /// when no system answered (tried again next pass).
    async fn look_up(&self, case: &Case) -> Result<bool, StoreError> {
        let Some(requester) = &case.requester_address else {
            return Ok(false);
        };
        let Some(classification) = &case.classification else {
            return Ok(false);
        };
        let messages = self.store.case_messages(&case.reference).await?;
        let Some(first) = messages.first() else {
            return Ok(false);
        };
        let authserv = self
            .config
            .mailboxes
            .iter()
            .find(|m| Some(&m.name) == first.mailbox.as_ref())
            .or(self.config.mailboxes.first())
            .and_then(|m| m.authserv_id.clone());
        // Without a configured authserv-id no verdict is believed: a
        // sender can write any Authentication-Results header themself.
        let sender = match authserv.as_deref() {
            Some(id) => crate::intake::sender_auth(&first.raw, id, requester.as_str()),
            None => crate::intake::SenderAuth::Unknown,
        };
        let Some(answers) = look_up(&self.plugins, requester, &classification.extraction).await
        else {
            tracing::warn!(case = %case.reference, "no plugin answered the lookup; trying again later");
            return Ok(false);
        };
        let tz = self.config.organisation.time_zone;
        let received = case.received_at.with_timezone(&tz).date_naive();
        let finding = crate::identity::find(
            requester,
            &classification.extraction,
            &answers,
            received,
            self.config.policy.minor_rights,
        );
        let ctx = StepContext::new(&self.config);
        let now = self.clock.now();
        let change = Box::new(move |snapshot: &crate::store::CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
            if snapshot.state != CaseState::Received || snapshot.identity.finding.is_some() {
                return Err("the case was looked up already".to_owned().into());
            }
            Ok(step_effects(&ctx, snapshot, Some((finding, sender)), now)?)
        });
        match self.store.update_case(&case.reference, now, change).await? {
            UpdateOutcome::Applied { after, .. } => {
                tracing::info!(case = %case.reference, state = ?after.state(), "identity stage: subject looked up");
                Ok(true)
            }
            UpdateOutcome::Refused(why) => {
                tracing::warn!(case = %case.reference, "identity stage: {why}");
                Ok(false)
            }
            UpdateOutcome::NotFound => Ok(false),
        }
    }

    /// The cases in `state`, whole.
    async fn cases(&self, state: CaseState) -> Result<Vec<Case>, StoreError> {
        let list = self
            .store
            .list_cases(&CaseFilter {
                state: Some(state),
                ..CaseFilter::default()
            })
            .await?;
        let mut cases = Vec::with_capacity(list.len());
        for summary in list {
            if let Some(case) = self.store.get_case(&summary.reference).await? {
                cases.push(case);
            }
        }
        Ok(cases)
    }
}
