//! Events on a case: every transition and every notable fact, with who did it
//! and when. Extensions and reminders are events too, not states.

use super::CaseState;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Who caused an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Actor {
    /// The daemon itself.
    System,
    /// A named privacy officer (CLI, API or console).
    Officer(String),
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::System => f.write_str("system"),
            Actor::Officer(name) => write!(f, "officer:{name}"),
        }
    }
}

impl Actor {
    /// Reads back what [`Actor`]'s `Display` wrote.
    pub fn parse(s: &str) -> Actor {
        match s.strip_prefix("officer:") {
            Some(name) => Actor::Officer(name.to_owned()),
            None => Actor::System,
        }
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The case was created from a message.
    Received,
    /// The case moved to another state.
    Transition,
    /// The acknowledgement was queued for the requester.
    AcknowledgementQueued,
    /// Another letter was queued (extension notice, reminder).
    MailQueued,
    /// The deadline was extended, with notice to the requester.
    Extended,
    /// The deadline was recomputed under the current configuration.
    DeadlineRecomputed,
    /// An officer replaced the request types.
    Reclassified,
    /// A reminder about the deadline was recorded.
    Reminder,
    /// A follow-up message arrived for the case.
    FollowUp,
    /// The plugins were asked whose data the request is about.
    SubjectFound,
    /// An officer chose the subject among the persons found.
    SubjectChosen,
    /// A one-time code went to an address on file.
    CodeSent,
    /// A reply was checked against the code.
    CodeAnswered,
    /// Identity was verified; the case moved on to approval.
    IdentityVerified,
    /// A possible identity document copy was removed from the store.
    AttachmentRemoved,
    /// An officer marked an attachment as evidence for the request.
    EvidenceKept,
    /// A plan was made from the systems' dry runs.
    PlanMade,
    /// An officer approved an action of the plan.
    ActionApproved,
    /// An officer rejected an action of the plan.
    ActionRejected,
    /// An action was carried out and its result recorded.
    ActionDone,
    /// An action failed (it is retried, or waits for the officer).
    ActionFailed,
    /// An officer sent a failed action back to be tried again.
    ActionRetried,
    /// An officer gave up an action, with a reason.
    ActionWaived,
    /// A person reported a task done.
    TaskDone,
    /// A restriction was carried out and entered in the register.
    RestrictionRegistered,
    /// An officer announced that a restriction ends, and from when.
    RestrictionLiftAnnounced,
    /// A restriction was lifted in its system and left the register.
    RestrictionLifted,
    /// Lifting a restriction failed (tried again, or left for the officer).
    RestrictionLiftFailed,
    /// The art. 19 notices to the recipients of the data were recorded.
    NoticesRecorded,
    /// An art. 19 notice was settled: told by a person, or exempt.
    NoticeSettled,
    /// The answer letter was drafted (and the package sealed).
    AnswerDrafted,
    /// An officer edited the answer letter.
    AnswerEdited,
    /// The requester downloaded the data package.
    PackageDownloaded,
    /// The data package was deleted (downloaded, expired, or locked).
    PackageDeleted,
    /// A wrong code was given on the download page.
    DownloadRefused,
    /// A download broke off before its end; the link stays valid.
    DownloadInterrupted,
    /// The case file's retention ran out: the case was reduced to its
    /// anonymous record (`[case_file] retention`).
    CaseReduced,
}

/// A stored event kind that is not one of ours (a damaged or newer database).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event kind {0:?}")]
pub struct UnknownEventKind(pub String);

impl EventKind {
    /// Every kind.
    pub const ALL: [EventKind; 37] = [
        EventKind::Received,
        EventKind::Transition,
        EventKind::AcknowledgementQueued,
        EventKind::MailQueued,
        EventKind::Extended,
        EventKind::DeadlineRecomputed,
        EventKind::Reclassified,
        EventKind::Reminder,
        EventKind::FollowUp,
        EventKind::SubjectFound,
        EventKind::SubjectChosen,
        EventKind::CodeSent,
        EventKind::CodeAnswered,
        EventKind::IdentityVerified,
        EventKind::AttachmentRemoved,
        EventKind::EvidenceKept,
        EventKind::PlanMade,
        EventKind::ActionApproved,
        EventKind::ActionRejected,
        EventKind::ActionDone,
        EventKind::ActionFailed,
        EventKind::ActionRetried,
        EventKind::ActionWaived,
        EventKind::TaskDone,
        EventKind::RestrictionRegistered,
        EventKind::RestrictionLiftAnnounced,
        EventKind::RestrictionLifted,
        EventKind::RestrictionLiftFailed,
        EventKind::NoticesRecorded,
        EventKind::NoticeSettled,
        EventKind::AnswerDrafted,
        EventKind::AnswerEdited,
        EventKind::PackageDownloaded,
        EventKind::PackageDeleted,
        EventKind::DownloadRefused,
        EventKind::DownloadInterrupted,
        EventKind::CaseReduced,
    ];

    /// The stable name used in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Received => "received",
            EventKind::Transition => "transition",
            EventKind::AcknowledgementQueued => "acknowledgement_queued",
            EventKind::MailQueued => "mail_queued",
            EventKind::Extended => "extended",
            EventKind::DeadlineRecomputed => "deadline_recomputed",
            EventKind::Reclassified => "reclassified",
            EventKind::Reminder => "reminder",
            EventKind::FollowUp => "follow_up",
            EventKind::SubjectFound => "subject_found",
            EventKind::SubjectChosen => "subject_chosen",
            EventKind::CodeSent => "code_sent",
            EventKind::CodeAnswered => "code_answered",
            EventKind::IdentityVerified => "identity_verified",
            EventKind::AttachmentRemoved => "attachment_removed",
            EventKind::EvidenceKept => "evidence_kept",
            EventKind::PlanMade => "plan_made",
            EventKind::ActionApproved => "action_approved",
            EventKind::ActionRejected => "action_rejected",
            EventKind::ActionDone => "action_done",
            EventKind::ActionFailed => "action_failed",
            EventKind::ActionRetried => "action_retried",
            EventKind::ActionWaived => "action_waived",
            EventKind::TaskDone => "task_done",
            EventKind::RestrictionRegistered => "restriction_registered",
            EventKind::RestrictionLiftAnnounced => "restriction_lift_announced",
            EventKind::RestrictionLifted => "restriction_lifted",
            EventKind::RestrictionLiftFailed => "restriction_lift_failed",
            EventKind::NoticesRecorded => "notices_recorded",
            EventKind::NoticeSettled => "notice_settled",
            EventKind::AnswerDrafted => "answer_drafted",
            EventKind::AnswerEdited => "answer_edited",
            EventKind::PackageDownloaded => "package_downloaded",
            EventKind::PackageDeleted => "package_deleted",
            EventKind::DownloadRefused => "download_refused",
            EventKind::DownloadInterrupted => "download_interrupted",
            EventKind::CaseReduced => "case_reduced",
        }
    }
}

impl std::str::FromStr for EventKind {
    type Err = UnknownEventKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownEventKind(s.to_owned()))
    }
}

/// One event as stored.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CaseEvent {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who caused it.
    pub actor: String,
    /// What happened.
    pub kind: EventKind,
    /// The state before, for transitions.
    pub from_state: Option<CaseState>,
    /// The state after, for transitions.
    pub to_state: Option<CaseState>,
    /// Free detail (a reason, a reference to outgoing mail).
    pub detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kind_names_round_trip_and_match_their_json() {
        for kind in EventKind::ALL {
            assert_eq!(kind.as_str().parse::<EventKind>().unwrap(), kind);
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(kind.as_str())
            );
        }
        assert!("happened".parse::<EventKind>().is_err());
    }
}
