//! The outbox's own values: what kind of letter a message is, and the
//! message itself as it waits in the store.

use crate::address::EmailAddress;
use crate::case::EventKind;
use std::fmt;
use std::str::FromStr;

/// What an outgoing message is. The name is stored with the message and is
/// part of its Message-ID, so it never changes for a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKind {
    /// The acknowledgement of a request, to the requester.
    Acknowledgement,
    /// The extension notice, to the requester.
    Extension,
    /// A deadline reminder, to the privacy officer.
    Reminder,
    /// A one-time code, to an address on file of someone who may act.
    IdentityCode,
    /// The reminder that a code is still unanswered.
    IdentityReminder,
    /// The requester may not act for the person the request is about.
    NotValid,
    /// The art. 12(4) refusal when identity was not confirmed.
    IdentityRefusal,
    /// The notice that an identity document sent unasked was removed.
    IdCopyRemoved,
}

/// A stored mail kind that is not one of ours (a damaged or newer database).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown mail kind {0:?}")]
pub struct UnknownMailKind(pub String);

impl MailKind {
    /// Every kind.
    pub const ALL: [MailKind; 8] = [
        MailKind::Acknowledgement,
        MailKind::Extension,
        MailKind::Reminder,
        MailKind::IdentityCode,
        MailKind::IdentityReminder,
        MailKind::NotValid,
        MailKind::IdentityRefusal,
        MailKind::IdCopyRemoved,
    ];

    /// The stable name in the store, in Message-IDs and in logs.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Acknowledgement => "acknowledgement",
            MailKind::Extension => "extension",
            MailKind::Reminder => "reminder",
            MailKind::IdentityCode => "identity_code",
            MailKind::IdentityReminder => "identity_reminder",
            MailKind::NotValid => "not_valid",
            MailKind::IdentityRefusal => "identity_refusal",
            MailKind::IdCopyRemoved => "id_copy_removed",
        }
    }

    /// The event that queueing a message of this kind records on its case:
    /// the acknowledgement has an event of its own (a case shows at a glance
    /// whether it was acknowledged), every other letter is "mail queued".
    pub fn queued_event(self) -> EventKind {
        match self {
            MailKind::Acknowledgement => EventKind::AcknowledgementQueued,
            MailKind::Extension
            | MailKind::Reminder
            | MailKind::IdentityCode
            | MailKind::IdentityReminder
            | MailKind::NotValid
            | MailKind::IdentityRefusal
            | MailKind::IdCopyRemoved => EventKind::MailQueued,
        }
    }
}

impl fmt::Display for MailKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MailKind {
    type Err = UnknownMailKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MailKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownMailKind(s.to_owned()))
    }
}

/// A composed outgoing message, ready for the outbox. Made by
/// [`compose`](super::compose) (usually through [`case_mail`](super::case_mail)),
/// queued by the store in the transaction of the change that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// What it is.
    pub kind: MailKind,
    /// The Message-ID it carries (without angle brackets); unique, so a resend
    /// after a crash is recognisable.
    pub message_id: String,
    /// Envelope sender.
    pub sender: EmailAddress,
    /// Envelope recipient.
    pub recipient: EmailAddress,
    /// The whole RFC 5322 message.
    pub raw: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_kind_names_round_trip() {
        for kind in MailKind::ALL {
            assert_eq!(kind.as_str().parse::<MailKind>().unwrap(), kind);
        }
        assert!("letter".parse::<MailKind>().is_err());
    }

    #[test]
    fn mail_kind_names_are_distinct_and_fit_file_names_and_message_ids() {
        // The name is part of the outbox file name and the Message-ID.
        let mut names: Vec<&str> = MailKind::ALL.iter().map(|k| k.as_str()).collect();
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), MailKind::ALL.len());
    }

    #[test]
    fn only_the_acknowledgement_has_an_event_of_its_own() {
        for kind in MailKind::ALL {
            let expected = if kind == MailKind::Acknowledgement {
                EventKind::AcknowledgementQueued
            } else {
                EventKind::MailQueued
            };
            assert_eq!(kind.queued_event(), expected, "{kind}");
        }
    }
}
