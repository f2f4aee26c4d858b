//! The answer on paper (issue 13, point 3: "paper by post stays possible
//! as a task"): for a requester who asks for it, the officer sends the
//! answer by post instead of by link. dsrd mails the officer the task,
//! gives the officer the package to print (`export_for_post`, audited), and
//! when the officer reports it posted removes the package's key, deletes
//! its file and closes the case.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::answer::{acting, unsent};
use super::{outcome, ActionError};
use crate::answer::TaskFacts;
use crate::case::{CaseRef, EventKind};
use crate::config::Config;
use crate::lang::Lang;
use crate::outbox::{case_mail, Addressee, MailKind};
use crate::reply::{aad, PackageKey};
use crate::store::{
    AnswerEffect, CaseUpdate, Delivery, Effect, PackageState, Store, DOWNLOAD_LINK,
};

/// What the officer is asked to do.
fn instructions(reference: &CaseRef, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!(
            "Print de antwoordbrief (dsrd cases letter {reference}) en het gegevenspakket (dsrd cases package {reference} --out BESTAND --as NAAM; verwijder dat bestand meteen na het printen) en stuur ze per post naar het adres van de verzoeker dat bij ons bekend is, niet naar een ander adres."
        ),
        Lang::En => format!(
            "Print the answer letter (dsrd cases letter {reference}) and the data package (dsrd cases package {reference} --out FILE --as NAME; delete that file as soon as it is printed) and post them to the requester's address on file, to no other address."
        ),
    }
}

/// Sends the answer of `reference` by post: the package waits for the
/// officer (`posting`), who gets the task by mail; nothing goes to the
/// requester by e-mail. Refused while the letter still has the download
/// block (edit it to say the data come on paper) and for a case without a
/// package (nothing to post: send it by e-mail).
pub async fn send_by_post(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    let actor = acting(config, by)?;
    let Some(officer) = config.reminders.officer_address.clone() else {
        return Err(ActionError::Refused(
            "no reminders.officer_address to mail the task of posting to".into(),
        ));
    };
    let org = config.organisation.clone();
    let letters = config.letters.clone();
    let change: crate::store::CaseChange = Box::new(move |case| {
        let answer = unsent(case)?;
        if !case
            .reply
            .packages
            .iter()
            .any(|p| p.state == PackageState::Ready)
        {
            return Err(
                "the case has no package to post: send the letter by e-mail (cases send)".into(),
            );
        }
        if answer.body.contains(DOWNLOAD_LINK) {
            return Err(format!(
                "the letter still has the download block ({DOWNLOAD_LINK}): edit it (cases letter --edit) to say the data come on paper, then send it by post"
            ).into());
        }
        let lang: Lang = answer.lang.parse().unwrap_or(org.default_language);
        let task_id = format!("{}:post", case.reference);
        let instructions = instructions(&case.reference, lang);
        let system = match lang {
            Lang::Nl => "de post",
            Lang::En => "the post",
        };
        let letter = letters
            .task(
                &TaskFacts {
                    reference: case.reference.as_str(),
                    organisation: &org.name,
                    system,
                    owner_name: None,
                    request_type: case
                        .request_types
                        .first()
                        .copied()
                        .unwrap_or(crate::classify::RequestType::Access),
                    instructions: &instructions,
                    due: case.deadline.computed.due.max(now.date_naive()),
                    task_id: &task_id,
                },
                lang,
            )
            .map_err(|e| e.to_string())?;
        Ok(CaseUpdate {
            actor,
            effects: vec![
                Effect::QueueMail(
                    case_mail(
                        &org,
                        &case.reference,
                        &Addressee::officer(&officer),
                        MailKind::Task,
                        &letter,
                        now,
                    )
                    .map_err(|e| e.to_string())?,
                ),
                Effect::Answer(AnswerEffect::Send(Delivery::Post)),
            ],
        })
    });
    outcome(reference, store.update_case(reference, now, change).await?)?;
    Ok(())
}

/// Writes the plain package of a case that goes out by post to `out` (a
/// new file, readable by its owner only), for the officer to print; the
/// audit log records who took it. Refused unless the package is posting.
pub async fn export_for_post(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    out: &Path,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    let actor = acting(config, by)?;
    let reply = store.case_reply(reference).await?;
    let Some(package) = reply
        .packages
        .iter()
        .find(|p| p.state == PackageState::Posting)
    else {
        return Err(ActionError::Refused(
            format!("{reference} has no package going out by post (cases send --by-post first)")
                .into(),
        ));
    };
    let wrapped = package
        .wrapped_key
        .clone()
        .ok_or_else(|| ActionError::Refused("the package was deleted".into()))?;
    let key = PackageKey::new(&config.packages)
        .get()
        .map_err(|e| ActionError::Refused(format!("no package key: {e}").into()))?;
    let refused = |e: String| ActionError::Refused(e.into());
    let sealed = std::fs::File::open(config.packages.dir.join(&package.file))
        .map_err(|e| refused(format!("cannot open the package: {e}")))?;
    let chunks = crate::package::open(
        &key,
        &crate::package::WrappedKey(wrapped),
        &aad(reference.as_str()),
        std::io::BufReader::new(sealed),
    )
    .map_err(|e| refused(e.to_string()))?;
    let mut file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(out)
            .map_err(|e| refused(format!("cannot create {}: {e}", out.display())))?
    };
    for chunk in chunks {
        let chunk = chunk.map_err(|e| refused(e.to_string()))?;
        file.write_all(&chunk)
            .map_err(|e| refused(format!("cannot write {}: {e}", out.display())))?;
    }
    file.sync_all()
        .map_err(|e| refused(format!("cannot write {}: {e}", out.display())))?;
    let change: crate::store::CaseChange = Box::new(move |_| {
        Ok(CaseUpdate {
            actor,
            effects: vec![
                Effect::Event {
                    kind: EventKind::TaskDone,
                    detail: Some("the package was taken out to be printed for the post".into()),
                },
                Effect::Audit {
                    action: "package.exported".into(),
                    detail: serde_json::json!({ "for": "post" }),
                },
            ],
        })
    });
    outcome(reference, store.update_case(reference, now, change).await?)?;
    Ok(())
}

/// Records that the answer and the package went out by post: the package's
/// key is removed, its file deleted, the case closed.
pub async fn posted(
    store: &dyn Store,
    config: &Config,
    reference: &CaseRef,
    note: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), ActionError> {
    let actor = acting(config, by)?;
    let note = note.trim().to_owned();
    if note.is_empty() {
        return Err(ActionError::Refused(
            "say what was posted and when (--note)".into(),
        ));
    }
    let file = store
        .case_reply(reference)
        .await?
        .packages
        .iter()
        .find(|p| p.state == PackageState::Posting)
        .map(|p| p.file.clone());
    let change: crate::store::CaseChange = Box::new(move |_| {
        Ok(CaseUpdate {
            actor,
            effects: vec![Effect::Answer(AnswerEffect::Posted { note })],
        })
    });
    outcome(reference, store.update_case(reference, now, change).await?)?;
    // The key is gone with the commit; the file is rubbish now, and a
    // start-up clean-up would take it if this fails.
    if let Some(file) = file {
        let _ = std::fs::remove_file(config.packages.dir.join(file));
    }
    Ok(())
}
