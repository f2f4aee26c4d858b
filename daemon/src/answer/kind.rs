//! Which letters dsrd writes: each kind's template file, its built-in text in
//! each language, and the fields it is rendered with.

use crate::lang::Lang;
use minijinja::Value;

/// The letters dsrd writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LetterKind {
    /// To the requester: the request arrived (see [`super::AckFacts`]).
    Acknowledgement,
    /// To the requester: the deadline is extended (see [`super::ExtensionFacts`]).
    Extension,
    /// To the officer: a case is due within some working days.
    ReminderDue,
    /// To the officer: a case's deadline has passed.
    ReminderOverdue,
    /// To an address on file: the one-time code that confirms a request
    /// (see [`super::CodeFacts`]).
    IdentityCode,
    /// To the requester: the code has not been answered yet (see
    /// [`super::CodeReminderFacts`]).
    IdentityReminder,
    /// To a pupil too young to act alone: a parent can ask (see
    /// [`super::NotValidFacts`]).
    NotValidParentMustAsk,
    /// To a parent of a pupil of 16 or older: the pupil decides.
    NotValidPupilDecides,
    /// To a parent without parental authority: not a representative.
    NotValidNotARepresentative,
    /// The art. 12(4) refusal when identity was not confirmed (see
    /// [`super::IdentityRefusalFacts`]).
    RefusalIdentity,
    /// To the requester: the copy of an identity document they sent unasked
    /// was removed, and why (see [`super::IdCopyRemovedFacts`]).
    IdCopyRemoved,
    /// To the owner of a system without an API: what to do there for a
    /// request, with no personal data beyond the reference (see
    /// [`super::TaskFacts`]).
    Task,
    /// To the requester: the answer to the request, every right it asked
    /// for in one letter (see [`super::AnswerFacts`]).
    Answer,
    /// To the verified address: the code that opens the download link of
    /// the answer (see [`super::DownloadCodeFacts`]).
    DownloadCode,
    /// To a recipient of the subject's data: what was corrected, erased or
    /// restricted, to do the same (art. 19; see
    /// [`super::RecipientNoticeFacts`]).
    RecipientNotice,
    /// To the officers: the daily digest of what needs attention, by
    /// reference only (see [`crate::digest::Digest`]).
    Digest,
}

impl LetterKind {
    /// Every letter, in a stable order.
    pub const ALL: [LetterKind; 16] = [
        LetterKind::Acknowledgement,
        LetterKind::Extension,
        LetterKind::ReminderDue,
        LetterKind::ReminderOverdue,
        LetterKind::IdentityCode,
        LetterKind::IdentityReminder,
        LetterKind::NotValidParentMustAsk,
        LetterKind::NotValidPupilDecides,
        LetterKind::NotValidNotARepresentative,
        LetterKind::RefusalIdentity,
        LetterKind::IdCopyRemoved,
        LetterKind::Task,
        LetterKind::Answer,
        LetterKind::DownloadCode,
        LetterKind::RecipientNotice,
        LetterKind::Digest,
    ];

    /// The template's file name inside a language folder (`nl/`, `en/`).
    pub fn file_name(self) -> &'static str {
        match self {
            LetterKind::Acknowledgement => "acknowledgement.txt",
            LetterKind::Extension => "extension.txt",
            LetterKind::ReminderDue => "reminder-due.txt",
            LetterKind::ReminderOverdue => "reminder-overdue.txt",
            LetterKind::IdentityCode => "identity-code.txt",
            LetterKind::IdentityReminder => "identity-reminder.txt",
            LetterKind::NotValidParentMustAsk => "not-valid-parent-must-ask.txt",
            LetterKind::NotValidPupilDecides => "not-valid-pupil-decides.txt",
            LetterKind::NotValidNotARepresentative => "not-valid-not-a-representative.txt",
            LetterKind::RefusalIdentity => "refusal-identity.txt",
            LetterKind::IdCopyRemoved => "id-copy-removed.txt",
            LetterKind::Task => "task.txt",
            LetterKind::Answer => "answer.txt",
            LetterKind::DownloadCode => "download-code.txt",
            LetterKind::RecipientNotice => "recipient-notice.txt",
            LetterKind::Digest => "digest.txt",
        }
    }

    /// The letter whose template is called `file_name`.
    pub fn from_file_name(file_name: &str) -> Option<LetterKind> {
        Self::ALL.into_iter().find(|k| k.file_name() == file_name)
    }

    /// The fields its template gets. Dates are already written out in the
    /// letter's language ("zaterdag 31 januari 2026"); a field that may be
    /// unknown is `none` then, and printing it without a test first
    /// (`{% if requester_name %}`) is an error.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            LetterKind::Acknowledgement => &[
                "reference",
                "organisation",
                "requester_name",
                "subject",
                "received",
                "due",
            ],
            LetterKind::Extension => &[
                "reference",
                "organisation",
                "requester_name",
                "old_due",
                "new_due",
                "reason",
            ],
            LetterKind::ReminderDue => &["reference", "due", "working_days"],
            LetterKind::ReminderOverdue => &["reference", "due"],
            LetterKind::IdentityCode => &[
                "reference",
                "organisation",
                "addressee_name",
                "code",
                "received",
                "expires",
            ],
            LetterKind::IdentityReminder => &[
                "reference",
                "organisation",
                "addressee_name",
                "sent",
                "expires",
            ],
            LetterKind::NotValidParentMustAsk => {
                &["reference", "organisation", "requester_name", "from_age"]
            }
            LetterKind::NotValidPupilDecides | LetterKind::NotValidNotARepresentative => &[
                "reference",
                "organisation",
                "requester_name",
                "bestuursorgaan",
                "complaints",
            ],
            LetterKind::RefusalIdentity => &[
                "reference",
                "organisation",
                "requester_name",
                "received",
                "asked",
                "bestuursorgaan",
                "complaints",
            ],
            LetterKind::IdCopyRemoved => &[
                "reference",
                "organisation",
                "requester_name",
                "received",
                "removed",
                "attachments",
            ],
            LetterKind::Task => &[
                "reference",
                "organisation",
                "system",
                "owner_name",
                "request_type",
                "instructions",
                "due",
                "task_id",
            ],
            LetterKind::Answer => &[
                "reference",
                "organisation",
                "requester_name",
                "subject_name",
                "pupil",
                "received",
                "answered",
                "bestuursorgaan",
                "complaints",
                "download",
                "access",
                "portability",
                "rectification",
                "erasure",
                "restriction",
                "objection",
                "consent_withdrawal",
                "automated_decisions",
                "refused",
                "recipients",
            ],
            LetterKind::DownloadCode => &[
                "reference",
                "organisation",
                "addressee_name",
                "code",
                "expires",
            ],
            LetterKind::RecipientNotice => {
                &["reference", "organisation", "recipient", "person", "done"]
            }
            LetterKind::Digest => &[
                "organisation",
                "day",
                "total",
                "breaches",
                "overdue",
                "due_soon",
                "failed_runs",
                "tasks",
            ],
        }
    }

    /// The built-in template in `lang`.
    pub(super) fn builtin(self, lang: Lang) -> &'static str {
        macro_rules! letter {
            ($lang:literal, $file:literal) => {
                include_str!(concat!("../../letters/", $lang, "/", $file))
            };
        }
        match (lang, self) {
            (Lang::Nl, LetterKind::Acknowledgement) => letter!("nl", "acknowledgement.txt"),
            (Lang::Nl, LetterKind::Extension) => letter!("nl", "extension.txt"),
            (Lang::Nl, LetterKind::ReminderDue) => letter!("nl", "reminder-due.txt"),
            (Lang::Nl, LetterKind::ReminderOverdue) => letter!("nl", "reminder-overdue.txt"),
            (Lang::Nl, LetterKind::IdentityCode) => letter!("nl", "identity-code.txt"),
            (Lang::Nl, LetterKind::IdentityReminder) => letter!("nl", "identity-reminder.txt"),
            (Lang::Nl, LetterKind::NotValidParentMustAsk) => {
                letter!("nl", "not-valid-parent-must-ask.txt")
            }
            (Lang::Nl, LetterKind::NotValidPupilDecides) => {
                letter!("nl", "not-valid-pupil-decides.txt")
            }
            (Lang::Nl, LetterKind::NotValidNotARepresentative) => {
                letter!("nl", "not-valid-not-a-representative.txt")
            }
            (Lang::Nl, LetterKind::RefusalIdentity) => letter!("nl", "refusal-identity.txt"),
            (Lang::Nl, LetterKind::IdCopyRemoved) => letter!("nl", "id-copy-removed.txt"),
            (Lang::Nl, LetterKind::Task) => letter!("nl", "task.txt"),
            (Lang::Nl, LetterKind::Answer) => letter!("nl", "answer.txt"),
            (Lang::Nl, LetterKind::DownloadCode) => letter!("nl", "download-code.txt"),
            (Lang::Nl, LetterKind::RecipientNotice) => letter!("nl", "recipient-notice.txt"),
            (Lang::Nl, LetterKind::Digest) => letter!("nl", "digest.txt"),
            (Lang::En, LetterKind::Acknowledgement) => letter!("en", "acknowledgement.txt"),
            (Lang::En, LetterKind::Extension) => letter!("en", "extension.txt"),
            (Lang::En, LetterKind::ReminderDue) => letter!("en", "reminder-due.txt"),
            (Lang::En, LetterKind::ReminderOverdue) => letter!("en", "reminder-overdue.txt"),
            (Lang::En, LetterKind::IdentityCode) => letter!("en", "identity-code.txt"),
            (Lang::En, LetterKind::IdentityReminder) => letter!("en", "identity-reminder.txt"),
            (Lang::En, LetterKind::NotValidParentMustAsk) => {
                letter!("en", "not-valid-parent-must-ask.txt")
            }
            (Lang::En, LetterKind::NotValidPupilDecides) => {
                letter!("en", "not-valid-pupil-decides.txt")
            }
            (Lang::En, LetterKind::NotValidNotARepresentative) => {
                letter!("en", "not-valid-not-a-representative.txt")
            }
            (Lang::En, LetterKind::RefusalIdentity) => letter!("en", "refusal-identity.txt"),
            (Lang::En, LetterKind::IdCopyRemoved) => letter!("en", "id-copy-removed.txt"),
            (Lang::En, LetterKind::Task) => letter!("en", "task.txt"),
            (Lang::En, LetterKind::Answer) => letter!("en", "answer.txt"),
            (Lang::En, LetterKind::DownloadCode) => letter!("en", "download-code.txt"),
            (Lang::En, LetterKind::RecipientNotice) => letter!("en", "recipient-notice.txt"),
            (Lang::En, LetterKind::Digest) => letter!("en", "digest.txt"),
        }
    }

    /// Fixed facts to render it with: what `check-config` tries an override
    /// on, and what the golden tests render. Each variant takes another
    /// branch a template is likely to have (with and without a name, …).
    pub(super) fn samples(self, lang: Lang) -> Vec<(&'static str, Value)> {
        match self {
            LetterKind::Acknowledgement => super::ack::samples(lang),
            LetterKind::Extension => super::extension::samples(lang),
            LetterKind::ReminderDue => super::reminder::due_samples(lang),
            LetterKind::ReminderOverdue => super::reminder::overdue_samples(lang),
            LetterKind::IdentityCode => super::identity_code::code_samples(lang),
            LetterKind::IdentityReminder => super::identity_code::reminder_samples(lang),
            LetterKind::NotValidParentMustAsk
            | LetterKind::NotValidPupilDecides
            | LetterKind::NotValidNotARepresentative => super::not_valid::samples(self, lang),
            LetterKind::RefusalIdentity => super::refusal::samples(lang),
            LetterKind::IdCopyRemoved => super::id_copy_removed::samples(lang),
            LetterKind::Task => super::task::samples(lang),
            LetterKind::Answer => super::reply::samples(lang),
            LetterKind::DownloadCode => super::download_code::samples(lang),
            LetterKind::RecipientNotice => super::recipient_notice::samples(lang),
            LetterKind::Digest => super::digest::samples(lang),
        }
    }

    /// A short name for messages, e.g. "the acknowledgement".
    pub(super) fn describe(self) -> &'static str {
        match self {
            LetterKind::Acknowledgement => "the acknowledgement",
            LetterKind::Extension => "the extension notice",
            LetterKind::ReminderDue => "the reminder before the deadline",
            LetterKind::ReminderOverdue => "the reminder after the deadline",
            LetterKind::IdentityCode => "the identity code letter",
            LetterKind::IdentityReminder => "the identity code reminder",
            LetterKind::NotValidParentMustAsk => "the letter that a parent must ask",
            LetterKind::NotValidPupilDecides => "the letter that the pupil decides",
            LetterKind::NotValidNotARepresentative => {
                "the letter to a parent who is not a representative"
            }
            LetterKind::RefusalIdentity => "the refusal for identity not confirmed",
            LetterKind::IdCopyRemoved => "the letter that an identity document copy was removed",
            LetterKind::Task => "the task letter to a system's owner",
            LetterKind::Answer => "the answer",
            LetterKind::DownloadCode => "the download code letter",
            LetterKind::RecipientNotice => "the notice to a recipient (art. 19)",
            LetterKind::Digest => "the officers' daily digest",
        }
    }
}
