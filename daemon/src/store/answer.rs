//! The answer to a case as the store keeps it (issue 13): the letter as
//! drafted and edited, the data package and its one-time delivery, and the
//! art. 19 notices to the recipients of the subject's data.
//!
//! A package row holds no personal data: the package itself is a file,
//! encrypted with a key of its own, and that key is kept here only wrapped
//! by a master key that lives outside the store. Deleting the wrapped key
//! (at download or expiry) destroys the package in every backup too. The
//! one-time token and the code are kept as hashes only.

use crate::case::CaseRef;
use crate::classify::Language;
use crate::plan::ActionId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The answer letter of a case, as drafted by dsrd and edited by the
/// officer until it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CaseAnswer {
    /// The letter's language (`nl`, `en`).
    pub lang: String,
    /// Subject line.
    pub subject: String,
    /// Body, with [`DOWNLOAD_LINK`] where the link goes when a package is
    /// offered.
    pub body: String,
    /// When dsrd drafted it.
    pub drafted_at: DateTime<Utc>,
    /// The officer who last edited it, and when.
    pub edited: Option<(String, DateTime<Utc>)>,
    /// When it was queued for the requester.
    pub sent_at: Option<DateTime<Utc>>,
}

/// What stands in a drafted letter where the download link goes: the link
/// holds a one-time token made only when the letter is sent, so neither the
/// draft nor the officer's preview ever holds a working link.
pub const DOWNLOAD_LINK: &str = "[[download-link]]";

/// Where a data package is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PackageState {
    /// Made and sealed; the answer is not sent yet.
    Ready,
    /// The answer with its link is sent; waiting for the download.
    Offered,
    /// A requester gave the right code; the package is being streamed.
    Downloading,
    /// Downloaded once; the link is spent.
    Downloaded,
    /// Too many wrong codes: the link is spent without a download.
    Locked,
    /// Not downloaded before its expiry.
    Expired,
    /// To go out on paper: the officer prints it and posts it.
    Posting,
    /// Sent by post.
    Posted,
}

impl PackageState {
    /// Every state.
    pub const ALL: [PackageState; 8] = [
        PackageState::Ready,
        PackageState::Offered,
        PackageState::Downloading,
        PackageState::Downloaded,
        PackageState::Locked,
        PackageState::Expired,
        PackageState::Posting,
        PackageState::Posted,
    ];

    /// The name in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            PackageState::Ready => "ready",
            PackageState::Offered => "offered",
            PackageState::Downloading => "downloading",
            PackageState::Downloaded => "downloaded",
            PackageState::Locked => "locked",
            PackageState::Expired => "expired",
            PackageState::Posting => "posting",
            PackageState::Posted => "posted",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<PackageState> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// A data package as stored (no personal data: see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PackageRow {
    /// Row id.
    pub id: i64,
    /// The case.
    pub case: CaseRef,
    /// The case's language (the download page's language).
    pub language: Language,
    /// The file's name in the package folder.
    pub file: String,
    /// The package's own key, wrapped by the master key; `None` once the
    /// package is deleted.
    #[serde(skip)]
    pub wrapped_key: Option<Vec<u8>>,
    /// SHA-256 of the plain ZIP, kept after deletion (answers.md §5: the
    /// manifest and a hash, not the package).
    pub sha256: String,
    /// Size of the plain ZIP in bytes.
    pub size: i64,
    /// How many records it holds.
    pub records: i64,
    /// The manifest (systems, tables, record keys, redactions).
    pub manifest: serde_json::Value,
    /// Where it is.
    pub state: PackageState,
    /// When the link expires, once offered.
    pub expires_at: Option<DateTime<Utc>>,
    /// Wrong codes given so far.
    pub code_attempts: i64,
    /// When it was downloaded.
    pub downloaded_at: Option<DateTime<Utc>>,
    /// When the file was deleted, and why.
    pub deleted: Option<(DateTime<Utc>, String)>,
    /// When it was made.
    pub made_at: DateTime<Utc>,
}

/// A package just made, for [`AnswerEffect::Draft`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPackage {
    /// The file's name in the package folder.
    pub file: String,
    /// Its key, wrapped by the master key.
    pub wrapped_key: Vec<u8>,
    /// SHA-256 of the plain ZIP.
    pub sha256: String,
    /// Size of the plain ZIP.
    pub size: i64,
    /// Records in it.
    pub records: i64,
    /// Its manifest.
    pub manifest: serde_json::Value,
}

/// How an art. 19 notice reaches its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeChannel {
    /// By e-mail to the configured address.
    Email,
    /// By a person (through the recipient's own portal, say): a task.
    Task,
    /// No way to reach them is configured: the officer decides.
    Unconfigured,
}

impl NoticeChannel {
    /// The name in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeChannel::Email => "email",
            NoticeChannel::Task => "task",
            NoticeChannel::Unconfigured => "unconfigured",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<NoticeChannel> {
        [
            NoticeChannel::Email,
            NoticeChannel::Task,
            NoticeChannel::Unconfigured,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// Where an art. 19 notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeState {
    /// Waiting for a person: the task, or the officer's decision for a
    /// recipient dsrd cannot reach.
    Open,
    /// Told: the e-mail is queued, or the task's person reported it done.
    Told,
    /// Not told, because the officer recorded that it is impossible or
    /// disproportionate, with the reason (art. 19, first sentence).
    Exempt,
}

impl NoticeState {
    /// The name in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeState::Open => "open",
            NoticeState::Told => "told",
            NoticeState::Exempt => "exempt",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<NoticeState> {
        [NoticeState::Open, NoticeState::Told, NoticeState::Exempt]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// Why a recipient is not told (art. 19: "unless this proves impossible or
/// involves disproportionate effort").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExemptReason {
    /// It cannot be done (the recipient no longer exists, say).
    Impossible,
    /// The effort would be out of proportion.
    Disproportionate,
}

impl ExemptReason {
    /// The name in the store and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            ExemptReason::Impossible => "impossible",
            ExemptReason::Disproportionate => "disproportionate",
        }
    }

    /// Reads a name.
    pub fn parse(s: &str) -> Option<ExemptReason> {
        [ExemptReason::Impossible, ExemptReason::Disproportionate]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// What a notice tells: one line per action it is about (no personal
/// data; the mail itself carries what the recipient needs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NoticeAbout {
    /// The action.
    pub action: ActionId,
    /// `rectified`, `erased` or `restricted`.
    pub kind: String,
    /// The system it was done in.
    pub system: String,
}

/// An art. 19 notice to record, for [`AnswerEffect::Notices`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotice {
    /// The recipient's name, as the plugin or the register gave it.
    pub recipient: String,
    /// How it is reached.
    pub channel: NoticeChannel,
    /// The address (e-mail) or the person (task) it goes to.
    pub address: Option<String>,
    /// What it is about.
    pub about: Vec<NoticeAbout>,
    /// The state it starts in: `Told` for an e-mail queued in the same
    /// change, `Open` otherwise.
    pub state: NoticeState,
}

/// An art. 19 notice as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NoticeRow {
    /// Row id.
    pub id: i64,
    /// The recipient.
    pub recipient: String,
    /// How it is reached.
    pub channel: NoticeChannel,
    /// Its address or person.
    pub address: Option<String>,
    /// What it is about.
    pub about: Vec<NoticeAbout>,
    /// Where it is.
    pub state: NoticeState,
    /// Why not told, for an exempt one.
    pub exempt_reason: Option<ExemptReason>,
    /// The officer's note: the explanation of an exemption, or what the
    /// task's person did.
    pub note: Option<String>,
    /// Who settled it (told by e-mail: the system).
    pub settled_by: Option<String>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// When it was settled.
    pub settled_at: Option<DateTime<Utc>>,
}

/// What the answer stage writes on a case, through `update_case`.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerEffect {
    /// Records the art. 19 notices of the case's changes (the e-mails are
    /// queued by `QueueMail` effects of the same change). Refused when the
    /// case has notices already: they are recorded once.
    Notices(Vec<NewNotice>),
    /// Records the requester's wish that their portable data go straight
    /// to another organisation (reglement 8.7.2): a task for a person, kept
    /// beside the art. 19 notices (open until `SettleNotice` reports it
    /// done), about the portability exports. Refused when that organisation
    /// has a row on the case already.
    Transfer {
        /// The organisation.
        to: String,
        /// Who carries it out (their address), if known.
        address: Option<String>,
        /// The exports it concerns.
        about: Vec<NoticeAbout>,
    },
    /// Settles an open notice: told by a person (`exempt` `None`), or not
    /// told for a reason. Refused unless the notice is open.
    SettleNotice {
        /// The recipient.
        recipient: String,
        /// `None`: told; otherwise why not.
        exempt: Option<ExemptReason>,
        /// What was done, or the explanation of the exemption.
        note: String,
    },
    /// Records the drafted letter and, when the case hands over data, its
    /// sealed package; the export results of `sealed` are reduced to their
    /// counts, since the package now holds the data (encrypted). Refused
    /// when the case has a letter already.
    Draft {
        /// The letter's language.
        lang: String,
        /// Its subject line.
        subject: String,
        /// Its body.
        body: String,
        /// The package, if any.
        package: Option<NewPackage>,
        /// The export actions whose results went into the package.
        sealed: Vec<ActionId>,
    },
    /// Replaces the letter's text (an officer's edit). Refused once sent.
    Edit {
        /// The new subject line.
        subject: String,
        /// The new body.
        body: String,
    },
    /// Marks the letter sent (its mails are queued by `QueueMail` effects
    /// of the same change) and hands the package over as `delivery` says;
    /// moves the case `executing → answered`, and on to `closed` when there
    /// is no package to wait for. Refused unless a letter is drafted and not
    /// sent, and unless the delivery fits the package (a link or the post
    /// for a package that is ready, nothing when there is none).
    Send(Delivery),
    /// The package went out by post: its key is removed (`posting →
    /// posted`), and the case is closed. Refused unless it is posting.
    Posted {
        /// What was sent, when (the officer's words).
        note: String,
    },
}

/// How the answer's package reaches the requester.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Behind a one-time link, with its code in a second e-mail.
    Link {
        /// SHA-256 of the link's token (hex).
        token_hash: String,
        /// SHA-256 of the code, bound to the token (hex).
        code_hash: String,
        /// When the link stops working.
        expires_at: DateTime<Utc>,
    },
    /// On paper, by post: a task for the officer, who prints it.
    Post,
    /// There is no package (nothing was handed over).
    Nothing,
}

/// What the download page's POST found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// The code was right: the package is the caller's to stream once
    /// (`offered → downloading`).
    Claimed(Box<PackageRow>),
    /// A wrong code; this many tries are left.
    WrongCode {
        /// Tries left before the link is locked.
        left: i64,
    },
    /// Too many wrong codes (this one included): locked.
    Locked,
    /// The link's time is over.
    Expired,
    /// Downloaded already, or being downloaded.
    Spent,
    /// No package under that token.
    Unknown,
}

/// The answer, the package and the notices of one case, for the officer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CaseReply {
    /// The letter.
    pub answer: Option<CaseAnswer>,
    /// The packages (at most one today).
    pub packages: Vec<PackageRow>,
    /// The art. 19 notices.
    pub notices: Vec<NoticeRow>,
}

/// An export's recorded result once its records are in the sealed package:
/// the same result with the records replaced by their counts (see
/// `ActionResult::Sealed`).
pub(crate) fn sealed_result(result: Option<&str>) -> Result<serde_json::Value, super::StoreError> {
    let corrupt = |what: String| super::StoreError::Corrupt(what);
    let value: serde_json::Value = match result {
        Some(text) => {
            serde_json::from_str(text).map_err(|e| corrupt(format!("action result: {e}")))?
        }
        None => return Err(corrupt("an exported action without its result".into())),
    };
    if value["result"] == "sealed" {
        return Ok(value);
    }
    // A person's task result with the file they exported: the file's name,
    // size and hash stay, its content is in the package.
    if let Some(file) = value.get("file").and_then(|f| f.as_object()) {
        let mut file = file.clone();
        file.remove("content_base64");
        file.insert("sealed".into(), serde_json::Value::Bool(true));
        return Ok(serde_json::json!({ "file": file }));
    }
    if value["result"] != "exported" {
        return Err(corrupt(format!(
            "a {} result is no export",
            value["result"]
        )));
    }
    let export = &value["export"];
    let tables: Vec<serde_json::Value> = export["tables"]
        .as_array()
        .map(|tables| {
            tables
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "name": t["name"],
                        "records": t["rows"].as_array().map_or(0, Vec::len),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let files = export["files"].as_array().map_or(0, Vec::len);
    Ok(serde_json::json!({ "result": "sealed", "tables": tables, "files": files }))
}

/// Whether two hex hashes are equal, comparing every byte (no early exit:
/// the time taken tells nothing about how much of a guess was right).
pub(crate) fn same_hash(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
