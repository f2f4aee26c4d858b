//! `[digest]`: the officers' daily digest of what needs attention.
//!
//! The daemon sends it only when the section is there (an installation
//! asks for it; nothing arrives unannounced after an upgrade).
//!
//! ```toml
//! [digest]
//! enabled = true                 # default: on, with the section
//! time = "07:30"                 # in organisation.time_zone; default 07:00
//! to = ["fg@school.example"]     # default: the approving officers
//! ```
//!
//! Without `to`, the digest goes to the `[[officers]]` with
//! `role = "officer"` (those who approve plans), or, with none configured,
//! to `reminders.officer_address`.

use crate::address::EmailAddress;
use chrono::NaiveTime;

/// The time of day the digest goes out when `digest.time` is not set.
pub const DEFAULT_DIGEST_TIME: (u32, u32) = (7, 0);

/// Who receives the digest, and where that came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestRecipients {
    /// `digest.to`.
    Configured(Vec<EmailAddress>),
    /// The `[[officers]]` who may approve, by default.
    Officers(Vec<EmailAddress>),
    /// `reminders.officer_address`, by default when no officer is configured.
    ReminderAddress(EmailAddress),
    /// Nobody: no `digest.to`, no approving officer, no reminder address.
    Nobody,
}

impl DigestRecipients {
    /// The addresses (none for [`DigestRecipients::Nobody`]).
    pub fn addresses(&self) -> &[EmailAddress] {
        match self {
            DigestRecipients::Configured(a) | DigestRecipients::Officers(a) => a,
            DigestRecipients::ReminderAddress(a) => std::slice::from_ref(a),
            DigestRecipients::Nobody => &[],
        }
    }

    /// Where they came from, for `dsrd check`.
    pub fn source(&self) -> &'static str {
        match self {
            DigestRecipients::Configured(_) => "digest.to",
            DigestRecipients::Officers(_) => "the approving [[officers]]",
            DigestRecipients::ReminderAddress(_) => "reminders.officer_address",
            DigestRecipients::Nobody => "nobody",
        }
    }
}

/// The checked `[digest]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestConfig {
    /// Whether the daemon sends it each day: a `[digest]` section without
    /// `enabled = false`.
    pub enabled: bool,
    /// `digest.time`: the time of day, in the organisation's zone.
    pub time: NaiveTime,
    /// Who receives it.
    pub recipients: DigestRecipients,
}

impl DigestConfig {
    /// Whether the daemon sends it: enabled, and someone to send it to.
    pub fn daily(&self) -> bool {
        self.enabled && !self.recipients.addresses().is_empty()
    }
}
