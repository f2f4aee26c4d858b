//! The answer worker: a pass over the cases being executed and the packages
//! whose links expired. Like the other workers it keeps no state: each pass
//! reads the store, and each step is one `update_case` that re-checks what
//! it decided on, so a pass cut off half-way, or two daemons, do nothing
//! twice.

use std::collections::BTreeMap;
use std::sync::Arc;

use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{Operation, Subject};

use super::compose::{answer_facts, Context, SystemInfo};
use super::recipients::{change_kind, notices, reported};
use super::seal::seal;
use super::PackageKey;
use crate::case::{Actor, CaseRef, CaseState};
use crate::clock::Clock;
use crate::config::Config;
use crate::dispatch::PluginService;
use crate::lang::Lang;
use crate::plan::System;
use crate::store::{
    AnswerEffect, CaseFilter, CaseSnapshot, CaseUpdate, Effect, NoticeState, Store, StoreError,
    UpdateOutcome, DOWNLOAD_LINK,
};

/// What one pass did, for the daemon's loop and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    /// Cases whose art. 19 notices were recorded.
    pub notified: usize,
    /// Answers drafted.
    pub drafted: usize,
    /// Answers sent (with `answer.auto_send`).
    pub sent: usize,
    /// Packages deleted at their expiry.
    pub expired: usize,
}

impl Pass {
    /// Whether the pass did anything.
    pub fn is_empty(&self) -> bool {
        *self == Pass::default()
    }
}

/// Drafts, notifies, sends (when configured) and expires.
pub struct Replier {
    config: Arc<Config>,
    store: Arc<dyn Store>,
    plugins: PluginService,
    clock: Arc<dyn Clock>,
    key: Arc<PackageKey>,
    /// What each waiting case was last said to wait for: said again only
    /// when it changes, not at every pass (a missing key would otherwise
    /// fill the log once a second per case).
    waiting: std::sync::Mutex<super::waiting::Waiting>,
}

impl Replier {
    /// A worker sealing packages with `key`; while the key cannot be read,
    /// a case with data to hand over waits (and says why in the log).
    pub fn new(
        config: Arc<Config>,
        store: Arc<dyn Store>,
        plugins: PluginService,
        clock: Arc<dyn Clock>,
        key: Arc<PackageKey>,
    ) -> Self {
        Replier {
            config,
            store,
            plugins,
            clock,
            key,
            waiting: Default::default(),
        }
    }

    /// At start-up: gives back the downloads a stopped daemon left half-way
    /// (the requester tries again with the same link), and deletes package
    /// files the store no longer has a key for: left by a daemon that
    /// stopped between sealing a package and recording it, or between
    /// removing a key and deleting its file.
    pub async fn clean_up(&self) -> Result<usize, StoreError> {
        let given_back = self
            .store
            .release_interrupted_downloads(self.clock.now())
            .await?;
        if given_back > 0 {
            tracing::warn!(given_back, "downloads cut off by a stop were given back");
        }
        let live = self.store.live_package_files().await?;
        let Ok(dir) = std::fs::read_dir(&self.config.packages.dir) else {
            return Ok(0);
        };
        let mut removed = 0;
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !live.contains(&name) && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        if removed > 0 {
            tracing::info!(removed, "package files without a key deleted");
        }
        Ok(removed)
    }

    /// One pass.
    pub async fn step(&self) -> Result<Pass, StoreError> {
        let mut pass = Pass::default();
        let now = self.clock.now();
        for package in self.store.expired_packages(now).await? {
            if self.store.expire_package(package.id, now).await? {
                let path = self.config.packages.dir.join(&package.file);
                if let Err(e) = std::fs::remove_file(&path) {
                    if e.kind() != std::io::ErrorKind::NotFound {
                        tracing::warn!(case = %package.case, "cannot delete an expired package's file: {e}");
                    }
                }
                tracing::info!(case = %package.case, "package deleted at the expiry of its link");
                pass.expired += 1;
            }
        }
        let cases = self
            .store
            .list_cases(&CaseFilter {
                state: Some(CaseState::Executing),
                ..CaseFilter::default()
            })
            .await?;
        for summary in cases {
            let outcome = self.advance(&summary.reference, &mut pass).await;
            self.say_waiting(&summary.reference, outcome.err());
        }
        Ok(pass)
    }

    /// Logs why a case waits, once per reason; `None` when it no longer
    /// waits.
    fn say_waiting(&self, reference: &CaseRef, why: Option<String>) {
        use super::waiting::Say;
        let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        match (waiting.note(reference, why.as_deref()), why) {
            (Say::New, Some(why)) => tracing::warn!(case = %reference, "answer stage: {why}"),
            (Say::Again, Some(why)) => {
                tracing::debug!(case = %reference, "answer stage, still: {why}")
            }
            _ => {}
        }
    }

    /// Moves one case as far as it can go now.
    async fn advance(&self, reference: &CaseRef, pass: &mut Pass) -> Result<(), String> {
        let Some(case) = self
            .store
            .case_snapshot(reference)
            .await
            .map_err(|e| e.to_string())?
        else {
            return Ok(());
        };
        if case.state != CaseState::Executing || !case.actions.iter().all(|a| a.state.settled()) {
            return Ok(());
        }
        if let Some(answer) = &case.reply.answer {
            if answer.sent_at.is_none() {
                self.auto_send(reference, pass).await?;
            }
            return Ok(());
        }
        let lang = Lang::answering(case.language, self.config.organisation.default_language);
        let tz = self.config.organisation.time_zone;
        let today = self.clock.now().with_timezone(&tz).date_naive();
        let changed = case.actions.iter().any(|r| change_kind(r).is_some());
        if case.reply.notices.is_empty() && changed {
            let reported = reported(&case);
            let person = person(&case);
            let (recorded, mails) = notices(
                &case,
                &self.config,
                &self.config.letters,
                lang,
                &person,
                &reported,
                today,
                self.clock.now(),
            )?;
            if !recorded.is_empty() {
                let open = recorded.iter().any(|n| n.state == NoticeState::Open);
                let change: crate::store::CaseChange = Box::new(move |case| {
                    if !case.reply.notices.is_empty() {
                        return Err("notices recorded meanwhile".into());
                    }
                    let mut effects: Vec<Effect> =
                        mails.into_iter().map(Effect::QueueMail).collect();
                    effects.push(Effect::Answer(AnswerEffect::Notices(recorded)));
                    Ok(CaseUpdate {
                        actor: Actor::System,
                        effects,
                    })
                });
                if let UpdateOutcome::Applied { .. } = self
                    .store
                    .update_case(reference, self.clock.now(), change)
                    .await
                    .map_err(|e| e.to_string())?
                {
                    tracing::info!(case = %reference, "art. 19 notices recorded");
                    pass.notified += 1;
                }
                if open {
                    // A person tells the rest; the letter names them after.
                    return Ok(());
                }
                return Box::pin(self.advance(reference, pass)).await;
            }
        }
        if case
            .reply
            .notices
            .iter()
            .any(|n| n.state == NoticeState::Open)
        {
            return Ok(());
        }
        // Asked only now, when the letter is drafted: a case waiting for a
        // person costs the systems nothing.
        let systems = self.systems(&case).await?;
        self.draft(&case, &systems, lang, today, pass).await
    }

    /// Sends a drafted answer at once when `answer.auto_send` says so.
    async fn auto_send(&self, reference: &CaseRef, pass: &mut Pass) -> Result<(), String> {
        if !self.config.answer.auto_send {
            return Ok(());
        }
        crate::officer::send(
            self.store.as_ref(),
            &self.config,
            reference,
            &Actor::System,
            self.clock.now(),
        )
        .await
        .map_err(|e| e.to_string())?;
        pass.sent += 1;
        Ok(())
    }

    /// Seals the package and drafts the letter.
    async fn draft(
        &self,
        case: &CaseSnapshot,
        systems: &BTreeMap<String, Info>,
        lang: Lang,
        today: chrono::NaiveDate,
        pass: &mut Pass,
    ) -> Result<(), String> {
        let infos: BTreeMap<String, SystemInfo> = systems
            .iter()
            .map(|(name, info)| {
                (
                    name.clone(),
                    SystemInfo {
                        label: info.label.clone(),
                        categories: info.categories.clone(),
                        recipients: info.recipients.iter().map(|(n, _)| n.clone()).collect(),
                    },
                )
            })
            .collect();
        let has_exports = case.actions.iter().any(|a| {
            a.state == crate::store::ActionState::Done
                && matches!(a.spec.kind, crate::plan::ActionKind::Export)
        });
        let subject_name = case
            .identity
            .subject_candidate()
            .and_then(|c| c.names.first().cloned());
        let sealed = if has_exports {
            let master = self
                .key
                .get()
                .map_err(|e| format!("the data package cannot be sealed: no master key ({e})"))?;
            seal(
                case,
                &self.config,
                &infos,
                &master,
                lang,
                subject_name,
                today,
            )?
        } else {
            None
        };
        let withheld = sealed
            .as_ref()
            .map(|s| s.withheld.clone())
            .unwrap_or_default();
        let download = sealed.as_ref().map(|_| crate::answer::DownloadFacts {
            link: DOWNLOAD_LINK.to_owned(),
            expires: today
                + self
                    .config
                    .http
                    .as_ref()
                    .map_or(chrono::Duration::days(14), |h| h.link_valid),
        });
        let ctx = Context {
            config: &self.config,
            lang,
            today,
            systems: &infos,
            withheld: &withheld,
            download,
        };
        let facts = answer_facts(case, &case.reply, &ctx);
        let letter = self
            .config
            .letters
            .answer(&facts, lang)
            .map_err(|e| e.to_string())?;
        let path = sealed.as_ref().map(|s| s.path.clone());
        let (package, sealed_ids) = match sealed {
            Some(s) => (Some(s.package), s.sealed),
            None => (None, Vec::new()),
        };
        let lang_code = lang.code().to_owned();
        let change: crate::store::CaseChange = Box::new(move |case| {
            if case.reply.answer.is_some() {
                return Err("drafted meanwhile".into());
            }
            if !case.actions.iter().all(|a| a.state.settled()) {
                return Err("an action changed meanwhile".into());
            }
            Ok(CaseUpdate {
                actor: Actor::System,
                effects: vec![Effect::Answer(AnswerEffect::Draft {
                    lang: lang_code,
                    subject: letter.subject,
                    body: letter.body,
                    package,
                    sealed: sealed_ids,
                })],
            })
        });
        let outcome = self
            .store
            .update_case(&case.reference, self.clock.now(), change)
            .await
            .map_err(|e| e.to_string());
        match outcome {
            Ok(UpdateOutcome::Applied { .. }) => {
                tracing::info!(case = %case.reference, "answer drafted");
                pass.drafted += 1;
                self.auto_send(&case.reference, pass).await
            }
            other => {
                if let Some(path) = path {
                    let _ = std::fs::remove_file(path);
                }
                match other {
                    Err(e) => Err(e),
                    Ok(UpdateOutcome::Refused(why)) => Err(why.reason),
                    Ok(_) => Ok(()),
                }
            }
        }
    }

    /// What each plugin of the plan says of itself and of the subject's
    /// recipients.
    async fn systems(&self, case: &CaseSnapshot) -> Result<BTreeMap<String, Info>, String> {
        let Some(plan) = &case.plan else {
            return Ok(BTreeMap::new());
        };
        let mut out = BTreeMap::new();
        let mut plugins: Vec<String> = Vec::new();
        for a in &plan.plan.actions {
            if let System::Plugin(p) = &a.system {
                if !plugins.contains(p) {
                    plugins.push(p.clone());
                }
            }
        }
        for u in &plan.plan.untouched {
            if let System::Plugin(p) = &u.system {
                if !plugins.contains(p) {
                    plugins.push(p.clone());
                }
            }
        }
        for name in plugins {
            let Some(client) = self.plugins.client(&name) else {
                continue;
            };
            let manifest = client.manifest().await.map_err(|e| e.to_string())?;
            let mut info = Info {
                label: manifest.system.clone(),
                categories: manifest.categories.clone(),
                recipients: Vec::new(),
            };
            // Recipients by name for the access letter (15(1)(c)); a
            // system that only changed records is not asked now (after an
            // erasure it knows nobody: see `reported` above).
            let exports = plan.plan.actions.iter().any(|a| {
                a.system == System::Plugin(name.clone())
                    && matches!(a.kind, crate::plan::ActionKind::Export)
            });
            if let (true, true, Some(key)) = (
                exports,
                manifest.supports(Operation::Recipients),
                plan.plan.subject.keys(&name).next(),
            ) {
                let subject = Subject::default().with_system_id(&manifest.name, key);
                match client.call(Request::Recipients { subject }).await {
                    Ok(Output::Recipients(list)) => {
                        info.recipients = list.into_iter().map(|r| (r.name, r.contact)).collect();
                    }
                    Ok(other) => {
                        return Err(format!(
                            "{name} answered recipients with {:?}",
                            other.operation()
                        ))
                    }
                    Err(e) => return Err(format!("{name}: {e}")),
                }
            }
            out.insert(name, info);
        }
        Ok(out)
    }
}

/// What the worker learnt of one plugin.
#[derive(Debug, Clone)]
struct Info {
    label: String,
    categories: Vec<dsrd_plugin_api::DataCategory>,
    recipients: Vec<(String, Option<String>)>,
}

/// The subject as an art. 19 notice names them to a recipient: a name and
/// the date of birth, which identify a pupil without a number the
/// recipient may not share.
fn person(case: &CaseSnapshot) -> String {
    let Some(c) = case.identity.subject_candidate() else {
        return case.reference.to_string();
    };
    let name = c.names.first().cloned().unwrap_or_default();
    match c.date_of_birth {
        Some(d) => format!("{name} ({})", d.format("%d-%m-%Y")),
        None => name,
    }
}
