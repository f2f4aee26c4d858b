//! Art. 19: after a rectification, erasure or restriction, every recipient
//! of the data is told, unless the officer records that it is impossible or
//! disproportionate. Who the recipients are comes from the plugins (what
//! the system recorded as disclosed) and the processing register; how each
//! is reached comes from `[[recipients]]`: an e-mail, or a task for a person
//! (a body reached through its own portal, such as DUO). A recipient dsrd
//! cannot reach waits for the officer.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::answer::{DoneFacts, Letters, RecipientNoticeFacts, TaskFacts};
use crate::config::{recipient_key, Config, RecipientReach};
use crate::lang::Lang;
use crate::outbox::{case_mail, Addressee, MailKind, OutgoingMail};
use crate::plan::{ActionKind, System};
use crate::store::{
    ActionRow, ActionState, CaseSnapshot, NewNotice, NoticeAbout, NoticeChannel, NoticeState,
};

/// What an art. 19 notice is about: a done change, in words for the audit
/// log and the letter (`rectified`, `erased`, `restricted`).
pub fn change_kind(row: &ActionRow) -> Option<&'static str> {
    if row.state != ActionState::Done {
        return None;
    }
    match row.spec.kind {
        ActionKind::Rectify { .. } => Some("rectified"),
        ActionKind::Erase { .. } => Some("erased"),
        ActionKind::Restrict => Some("restricted"),
        _ => None,
    }
}

/// Per plugin, who had received the records its done changes touched, as
/// the plugin said just before each change (recorded with the action's
/// result by the executor: after an erasure the system could not say).
pub fn reported(case: &CaseSnapshot) -> BTreeMap<String, Vec<Reported>> {
    let mut out: BTreeMap<String, Vec<Reported>> = BTreeMap::new();
    for row in &case.actions {
        let (Some(_), System::Plugin(p), Some(result)) =
            (change_kind(row), &row.spec.system, &row.result)
        else {
            continue;
        };
        let Ok(result) = serde_json::from_value::<crate::execute::ActionResult>(result.clone())
        else {
            continue;
        };
        let list = out.entry(p.clone()).or_default();
        for r in result.recipients() {
            if !list.iter().any(|k| k.name == r.name) {
                list.push(Reported {
                    name: r.name.clone(),
                    contact: r.contact.clone(),
                });
            }
        }
    }
    out
}

/// A recipient a plugin reported: its name and, if the system knows, how
/// to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// The name.
    pub name: String,
    /// A contact the system holds (an e-mail address, say).
    pub contact: Option<String>,
}

/// One recipient on its way to a notice: its name, a contact the system
/// holds, what it is told (for the store, and for the letter).
type Told = (String, Option<String>, Vec<NoticeAbout>, Vec<DoneFacts>);

/// The notices to record for `case`, and the mail they send: one notice per
/// recipient of any changed system, about every change in a system it
/// received data from. `reported` is, per plugin, what it reported.
#[allow(clippy::too_many_arguments)]
pub fn notices(
    case: &CaseSnapshot,
    config: &Config,
    letters: &Letters,
    lang: Lang,
    person: &str,
    reported: &BTreeMap<String, Vec<Reported>>,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Vec<NewNotice>, Vec<OutgoingMail>), String> {
    // Recipient (by key) → its name, contact and what it is told.
    let mut by_key: BTreeMap<String, Told> = BTreeMap::new();
    for row in &case.actions {
        let Some(kind) = change_kind(row) else {
            continue;
        };
        let system = match &row.spec.system {
            System::Plugin(n) | System::Manual(n) => n.clone(),
            System::Officer => continue,
        };
        let mut names: Vec<(String, Option<String>)> = config
            .register_for(&system)
            .map(|e| e.recipients.iter().map(|r| (r.clone(), None)).collect())
            .unwrap_or_default();
        for r in reported.get(&system).into_iter().flatten() {
            names.push((r.name.clone(), r.contact.clone()));
        }
        let system_name = config
            .register_for(&system)
            .map_or(system.clone(), |e| e.name.clone());
        for (name, contact) in names {
            let entry = by_key
                .entry(recipient_key(&name))
                .or_insert_with(|| (name.clone(), None, Vec::new(), Vec::new()));
            if entry.1.is_none() {
                entry.1 = contact;
            }
            if !entry.2.iter().any(|a| a.action == row.action) {
                entry.2.push(NoticeAbout {
                    action: row.action.clone(),
                    kind: kind.to_owned(),
                    system: system.clone(),
                });
                entry.3.push(DoneFacts {
                    system: system_name.clone(),
                    what: what_done(row, kind, lang),
                    on: today,
                });
            }
        }
    }
    let mut out = Vec::new();
    let mut mails = Vec::new();
    for (_, (name, contact, about, done)) in by_key {
        let reach = config
            .recipient(&name)
            .map(|r| r.reach.clone())
            .or_else(|| {
                contact
                    .as_deref()
                    .and_then(|c| crate::address::EmailAddress::parse(c).ok())
                    .map(RecipientReach::Email)
            });
        match reach {
            Some(RecipientReach::Email(address)) => {
                let letter = letters
                    .recipient_notice(
                        &RecipientNoticeFacts {
                            reference: case.reference.to_string(),
                            organisation: config.organisation.name.clone(),
                            recipient: name.clone(),
                            person: person.to_owned(),
                            done,
                        },
                        lang,
                    )
                    .map_err(|e| e.to_string())?;
                let to = Addressee {
                    address: &address,
                    name: Some(name.as_str()),
                    in_reply_to: None,
                };
                mails.push(
                    case_mail(
                        &config.organisation,
                        &case.reference,
                        &to,
                        MailKind::RecipientNotice,
                        &letter,
                        now,
                    )
                    .map_err(|e| e.to_string())?,
                );
                out.push(NewNotice {
                    recipient: name,
                    channel: NoticeChannel::Email,
                    address: Some(address.to_string()),
                    about,
                    state: NoticeState::Told,
                });
            }
            Some(RecipientReach::Task {
                instructions,
                address,
            }) => {
                let address = address.or_else(|| config.reminders.officer_address.clone());
                if let Some(address) = &address {
                    // As the person types it in a shell: quoted when the
                    // name has spaces or brackets.
                    let id = format!("{}:{}", case.reference, name);
                    let task_id = if id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_:.".contains(c))
                    {
                        id
                    } else {
                        format!("\"{id}\"")
                    };
                    let letter = letters
                        .task(
                            &TaskFacts {
                                reference: case.reference.as_str(),
                                organisation: &config.organisation.name,
                                system: &name,
                                owner_name: None,
                                request_type: about_type(case, &about),
                                instructions: &instructions,
                                due: case.deadline.computed.due,
                                task_id: &task_id,
                            },
                            lang,
                        )
                        .map_err(|e| e.to_string())?;
                    mails.push(
                        case_mail(
                            &config.organisation,
                            &case.reference,
                            &Addressee::officer(address),
                            MailKind::Task,
                            &letter,
                            now,
                        )
                        .map_err(|e| e.to_string())?,
                    );
                }
                out.push(NewNotice {
                    recipient: name,
                    channel: NoticeChannel::Task,
                    address: address.map(|a| a.to_string()),
                    about,
                    state: NoticeState::Open,
                });
            }
            None => out.push(NewNotice {
                recipient: name,
                channel: NoticeChannel::Unconfigured,
                address: None,
                about,
                state: NoticeState::Open,
            }),
        }
    }
    Ok((out, mails))
}

/// The request type a recipient task is for: that of its first change.
fn about_type(case: &CaseSnapshot, about: &[NoticeAbout]) -> crate::classify::RequestType {
    about
        .first()
        .and_then(|a| case.actions.iter().find(|r| r.action == a.action))
        .map_or(crate::classify::RequestType::Rectification, |r| {
            r.spec.request_type
        })
}

/// What was done, for the recipient: the tables and, for a correction, the
/// fields with their new values (the recipient needs them to correct its
/// own copy).
fn what_done(row: &ActionRow, kind: &str, lang: Lang) -> String {
    let tables: Vec<&str> = row.spec.summary.tables.keys().map(String::as_str).collect();
    let tables = tables.join(", ");
    match (&row.spec.kind, lang) {
        (ActionKind::Rectify { changes }, _) => {
            let list: Vec<String> = changes
                .iter()
                .map(|c| format!("{}.{} = {}", c.table, c.field, value_text(&c.value)))
                .collect();
            match lang {
                Lang::Nl => format!("gecorrigeerd: {}", list.join("; ")),
                Lang::En => format!("corrected: {}", list.join("; ")),
            }
        }
        (_, Lang::Nl) if kind == "erased" => format!("verwijderd uit: {tables}"),
        (_, Lang::En) if kind == "erased" => format!("erased from: {tables}"),
        (_, Lang::Nl) => format!("verwerking beperkt (alleen nog bewaren): {tables}"),
        (_, Lang::En) => format!("processing restricted (storage only): {tables}"),
    }
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "—".to_owned(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
