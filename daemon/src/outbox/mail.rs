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
    /// A one-time identity code, to an address on file.
    IdentityCode,
    /// A reminder of the code, to the same address.
    IdentityReminder,
    /// "You may not exercise this right for this person", to the requester.
    NotValid,
    /// The art. 12(4) refusal for identity not confirmed, to the requester.
    IdentityRefusal,
    /// The notice that an identity document copy was removed, to the requester.
    IdCopyRemoved,
    /// A manual task, to the owner of a system without an API.
    Task,
    /// The answer to a request, to the requester.
    Answer,
    /// The code that opens the download link, to the verified address.
    DownloadCode,
    /// An art. 19 notice of a change, to a recipient of the data.
    RecipientNotice,
    /// A draft breach opened from a mail, to the privacy officer.
    BreachNotice,
    /// The AP's due time of a breach is near, to the privacy officer.
    BreachReminder,
    /// "Your report was received", to whoever reported a possible breach.
    BreachReceipt,
    /// The daily digest of what needs attention, to the officers.
    Digest,
}

/// A stored mail kind that is not one of ours (a damaged or newer database).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown mail kind {0:?}")]
pub struct UnknownMailKind(pub String);

impl MailKind {
    /// Every kind.
    pub const ALL: [MailKind; 16] = [
        MailKind::Acknowledgement,
        MailKind::Extension,
        MailKind::Reminder,
        MailKind::IdentityCode,
        MailKind::IdentityReminder,
        MailKind::NotValid,
        MailKind::IdentityRefusal,
        MailKind::IdCopyRemoved,
        MailKind::Task,
        MailKind::Answer,
        MailKind::DownloadCode,
        MailKind::RecipientNotice,
        MailKind::BreachNotice,
        MailKind::BreachReminder,
        MailKind::BreachReceipt,
        MailKind::Digest,
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
            MailKind::Task => "task",
            MailKind::Answer => "answer",
            MailKind::DownloadCode => "download_code",
            MailKind::RecipientNotice => "recipient_notice",
            MailKind::BreachNotice => "breach_notice",
            MailKind::BreachReminder => "breach_reminder",
            MailKind::BreachReceipt => "breach_receipt",
            MailKind::Digest => "digest",
        }
    }

    /// The event that queueing a message of this kind records on its case:
    /// the acknowledgement has an event of its own (a case shows at a glance
    /// whether it was acknowledged), every other letter is "mail queued".
    /// No wildcard: a new kind decides here which event it is.
    pub fn queued_event(self) -> EventKind {
        match self {
            MailKind::Acknowledgement => EventKind::AcknowledgementQueued,
            MailKind::Extension
            | MailKind::Reminder
            | MailKind::IdentityCode
            | MailKind::IdentityReminder
            | MailKind::NotValid
            | MailKind::IdentityRefusal
            | MailKind::IdCopyRemoved
            | MailKind::Task
            | MailKind::Answer
            | MailKind::DownloadCode
            | MailKind::RecipientNotice
            | MailKind::BreachNotice
            | MailKind::BreachReminder
            | MailKind::BreachReceipt
            | MailKind::Digest => EventKind::MailQueued,
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
        assert_eq!("task".parse::<MailKind>().unwrap(), MailKind::Task);
        assert_eq!(MailKind::Task.queued_event(), EventKind::MailQueued);
    }
}
