//! `dsrd cases identity REF`: the persons found and the identity status, and
//! the officer's identity actions.

use crate::cli::{usage, Failure, EXIT_OK, EXIT_PROBLEM};
use clap::{ArgGroup, Args};
use dsrd::case::CaseRef;
use dsrd::config::Config;
use dsrd::dispatch::PluginService;
use dsrd::identity::{AttachmentRef, DocumentSeen, MailboxCopy, Outcome};
use dsrd::officer::{self, ActionError, AttachmentView, IdentityOutcome};
use dsrd::store::Store;

/// Show whose data the request is about and how identity stands, or act on
/// it. Without an action it only shows. Nothing here stores a document
/// number, a BSN or an image: there is no option for one, and a note that
/// holds what looks like one is refused.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("action").args([
    "look_up", "choose", "send_code", "in_person", "not_a_representative",
    "keep_attachment", "remove_attachments",
])))]
pub struct Identity {
    /// The case reference, e.g. AVG-2026-0001.
    reference: String,
    /// Print JSON instead of text (when showing).
    #[arg(long)]
    json: bool,
    /// Ask every plugin again whose data the request is about.
    #[arg(long)]
    look_up: bool,
    /// Choose person N (as listed) as the subject.
    #[arg(long, value_name = "PERSON")]
    choose: Option<usize>,
    /// Send a one-time code to an address on file of someone who may act.
    #[arg(long)]
    send_code: bool,
    /// With --send-code: the address on file (when there are several).
    #[arg(long, value_name = "ADDRESS-ON-FILE", requires = "send_code")]
    to: Option<String>,
    /// Record that the requester was seen in person.
    #[arg(long, requires_all = ["document_type", "seen_by"])]
    in_person: bool,
    /// With --in-person: the document shown (never copied).
    #[arg(long, value_name = "TYPE", requires = "in_person",
          value_parser = ["passport", "id-card", "driving-licence", "residence-permit", "none"])]
    document_type: Option<String>,
    /// With --in-person: who saw the person.
    #[arg(long, value_name = "NAME", requires = "in_person")]
    seen_by: Option<String>,
    /// With --in-person: a note (no numbers of documents or a BSN).
    #[arg(long, requires = "in_person")]
    note: Option<String>,
    /// The requester may not act for this person: refuse with the letter.
    #[arg(long, requires = "reason")]
    not_a_representative: bool,
    /// With --not-a-representative: why, for the case file.
    #[arg(long, requires = "not_a_representative")]
    reason: Option<String>,
    /// Keep an attachment as evidence for the request: MESSAGE:PART as listed.
    #[arg(long, value_name = "MESSAGE:PART")]
    keep_attachment: Option<String>,
    /// Done reviewing the attachments: what is not kept may be removed.
    #[arg(long)]
    remove_attachments: bool,
    /// The officer's name for the audit log (default: $USER).
    #[arg(long, env = "USER", default_value = "officer")]
    officer: String,
}

impl Identity {
    pub async fn execute(self, config: &Config, store: &dyn Store) -> Result<u8, Failure> {
        let reference: CaseRef = self.reference.parse().map_err(usage)?;
        let now = dsrd::clock::from_env().now();
        let by = self.officer.as_str();
        let done = if self.look_up {
            let plugins = PluginService::new(&config.plugins, &std::env::current_exe()?);
            officer::look_up_again(store, config, &plugins, &reference, by, now).await
        } else if let Some(person) = self.choose {
            officer::choose_subject(store, config, &reference, person, by, now).await
        } else if self.send_code {
            officer::send_code(store, config, &reference, self.to.as_deref(), by, now).await
        } else if self.in_person {
            let document: DocumentSeen = self
                .document_type
                .as_deref()
                .unwrap_or("none")
                .parse()
                .map_err(|e: String| usage(anyhow::anyhow!(e)))?;
            officer::verify_in_person(
                store,
                config,
                &reference,
                document,
                self.seen_by.as_deref().unwrap_or_default(),
                self.note.as_deref(),
                by,
                now,
            )
            .await
        } else if self.not_a_representative {
            let reason = self.reason.as_deref().unwrap_or_default();
            officer::refuse_representative(store, config, &reference, reason, by, now).await
        } else if let Some(at) = &self.keep_attachment {
            let at = parse_attachment(at).map_err(|e| usage(anyhow::anyhow!(e)))?;
            officer::keep_attachment(store, &reference, at, by, now).await
        } else if self.remove_attachments {
            officer::attachments_reviewed(store, &reference, by, now).await
        } else {
            return show(config, store, &reference, self.json).await;
        };
        report(done)
    }
}

fn report(done: Result<IdentityOutcome, ActionError>) -> Result<u8, Failure> {
    match done {
        Ok(o) => {
            println!("✓ {} — the case is now {}", o.said, o.state);
            Ok(EXIT_OK)
        }
        Err(ActionError::Refused(why)) => {
            println!("x refused: {why}");
            Ok(EXIT_PROBLEM)
        }
        Err(e) => Err(e.into()),
    }
}

fn parse_attachment(s: &str) -> Result<AttachmentRef, String> {
    let (message, part) = s.split_once(':').ok_or_else(|| {
        format!("{s:?}: write MESSAGE:PART, e.g. 12:2, as `dsrd cases identity` lists it")
    })?;
    let message = message
        .trim()
        .parse::<i64>()
        .map_err(|_| format!("{message:?} is not a message number"))?;
    part.parse::<dsrd::intake::PartId>()
        .map_err(|e| e.to_string())?;
    Ok(AttachmentRef {
        message,
        part: part.trim().to_owned(),
    })
}

async fn show(
    config: &Config,
    store: &dyn Store,
    reference: &CaseRef,
    json: bool,
) -> Result<u8, Failure> {
    let now = dsrd::clock::from_env().now();
    let Some(view) = officer::identity_view(store, config, reference, now).await? else {
        eprintln!("no case {reference}");
        return Ok(EXIT_PROBLEM);
    };
    let Some(case) = store.get_case(reference).await? else {
        eprintln!("no case {reference}");
        return Ok(EXIT_PROBLEM);
    };
    let tz = config.organisation.time_zone;
    if json {
        // Through a `Value`, whose keys are sorted: the order this
        // command has always printed.
        let value = serde_json::to_value(&view)?;
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(EXIT_OK);
    }
    let attachments = &view.attachments;
    println!("Case        {}  ({})", case.reference, case.state);
    println!(
        "Requester   {} <{}>",
        case.requester_name.as_deref().unwrap_or(""),
        case.requester_address
            .as_ref()
            .map(|a| a.as_str())
            .unwrap_or("")
    );
    let identity = &case.identity;
    match &identity.sender {
        Some(s) if s.passed() => println!("Sender      authenticated by the mail server ({s:?})"),
        Some(s) => {
            println!("Sender      not authenticated ({s:?}): a From header alone proves nothing")
        }
        None => println!("Sender      not checked yet"),
    }
    let Some(finding) = &identity.finding else {
        println!("Persons     not looked up yet (no plugins, or none answered): --look-up");
        print_attachments(attachments, identity);
        return Ok(EXIT_OK);
    };
    println!(
        "Finding     {}{}",
        outcome_words(&finding.outcome),
        if finding.complete {
            ""
        } else {
            " — NOT ALL SYSTEMS ANSWERED"
        }
    );
    for a in &finding.answers {
        println!("  {:<12} {:?}: {:?}", a.plugin, a.purpose, a.status);
    }
    println!("Persons found");
    for (i, c) in finding.candidates.iter().enumerate() {
        let chosen = if identity.subject == Some(i) {
            "→"
        } else {
            " "
        };
        let age = c
            .date_of_birth
            .map(|d| format!(", born {d}"))
            .unwrap_or_default();
        println!(" {chosen}[{i}] {:?} {}{age}", c.kind, c.names.join(" / "));
        let how: Vec<String> = [
            c.is_requester
                .then(|| "the requester's address is theirs".to_owned()),
            c.guardian_link
                .map(|r| format!("the requester is linked as {r:?}")),
            (!c.fits.is_empty()).then(|| format!("the letter fits: {:?}", c.fits)),
            (!c.contradicts.is_empty())
                .then(|| format!("the letter contradicts: {:?}", c.contradicts)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !how.is_empty() {
            println!("       {}", how.join("; "));
        }
        if !c.emails.is_empty() {
            println!("       addresses on file: {}", c.emails.join(", "));
        }
        for g in &c.guardians {
            println!(
                "       guardian {} ({}), authority {}",
                g.names.join(" / "),
                g.emails.join(", "),
                match g.authority {
                    Some(true) => "yes",
                    Some(false) => "NO",
                    None => "not recorded",
                }
            );
        }
        for f in &c.on_file {
            println!("       on file in {} as {}", f.plugin, f.key);
        }
    }
    match (&identity.verification, &identity.code) {
        (Some(v), _) => println!(
            "Identity    verified: {} by {} at {}{}{}",
            v.method().as_str(),
            v.by(),
            v.at().with_timezone(&tz).format("%Y-%m-%d %H:%M"),
            match v.document_seen() {
                DocumentSeen::None => String::new(),
                d => format!(", {} seen (not copied)", d.as_str()),
            },
            v.note().map(|n| format!(" — {n}")).unwrap_or_default()
        ),
        (None, Some(code)) => println!(
            "Identity    code sent to {} at {}, valid until {}, {} answers left{}",
            code.to,
            code.sent_at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
            code.record
                .expires_at
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M"),
            code.record.attempts_left,
            code.reminded_at
                .map(|r| format!(", reminded {}", r.with_timezone(&tz).format("%Y-%m-%d")))
                .unwrap_or_default()
        ),
        (None, None) => println!("Identity    not verified"),
    }
    if identity.verification.is_none() {
        println!("Next        {}", view.status);
    }
    print_attachments(attachments, identity);
    Ok(EXIT_OK)
}

fn print_attachments(attachments: &[AttachmentView], identity: &dsrd::identity::CaseIdentity) {
    if attachments.is_empty() && identity.removed.is_empty() {
        return;
    }
    println!("Attachments");
    for f in attachments {
        let at = AttachmentRef {
            message: f.message,
            part: f.part.clone(),
        };
        let mark = if identity.evidence.contains(&at) {
            "kept as evidence"
        } else if f.may_be_identity_document {
            "MAY BE AN IDENTITY DOCUMENT: removed once identity is decided"
        } else {
            ""
        };
        println!(
            "  {}:{} {} ({}, {} bytes) {mark}",
            f.message,
            f.part,
            f.file_name.as_deref().unwrap_or("-"),
            f.content_type.as_deref().unwrap_or("?"),
            f.size
        );
    }
    for r in &identity.removed {
        println!(
            "  {}:{} {} ({}, {} bytes, SHA-256 {}) removed {}; mailbox copy {}",
            r.at.message,
            r.at.part,
            r.file_name.as_deref().unwrap_or("-"),
            r.content_type,
            r.size,
            r.sha256,
            r.removed_at.format("%Y-%m-%d"),
            match &r.mailbox_copy {
                MailboxCopy::Pending => "still to be replaced".to_owned(),
                MailboxCopy::Replaced { .. } => "replaced".to_owned(),
                MailboxCopy::Gone => "no longer in the mailbox".to_owned(),
                MailboxCopy::Failed { why } => format!("NOT replaced ({why}): remove it by hand"),
            }
        );
    }
}

fn outcome_words(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Identified { how, decision, .. } => format!("identified ({how:?}); {decision:?}"),
        Outcome::OfficerChooses { candidates, why } => {
            format!("the officer chooses among {candidates:?} ({why:?})")
        }
        Outcome::NotFound {
            subject: Some(s),
            code_to,
            ..
        } => format!(
            "the requester is not on file; the letter names person [{s}]; a code may go to {}",
            code_to.join(", ")
        ),
        Outcome::NotFound { .. } => "nobody on file fits".into(),
        Outcome::Ambiguous { why } => format!("AMBIGUOUS — never acted on: {why:?}"),
    }
}
