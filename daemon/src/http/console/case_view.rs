//! The parts of the case page that take some reading to show: the persons
//! found and what the identity stage needs next, and the plan per system
//! with each action's status in words. Plain data for the template; the
//! decisions stay the library's (`officer::identity_view`,
//! `officer::plan_view`).

use super::{plan_words, words};
use crate::identity::OfficerMust;
use crate::lang::Lang;
use crate::officer::{IdentityView, NextView, PlanView};
use crate::plan::{ActionKind, ActionStatus};

/// One person considered as the subject.
pub(super) struct Person {
    /// The index `choose_subject` takes.
    pub key: usize,
    pub names: String,
    pub kind: String,
    pub born: String,
    pub chosen: bool,
}

/// The identity section.
pub(super) struct IdentityPart {
    /// What happens next, in the library's words.
    pub status: String,
    pub verified: bool,
    pub persons: Vec<Person>,
    /// The officer must choose among `persons`.
    pub choose: bool,
    /// A code may be sent; to one of these addresses when more than one.
    pub send_code: bool,
    pub addresses: Vec<String>,
}

/// What the identity stage needs next, in the officer's words (the
/// library's status names the CLI's options).
fn identity_words(next: &NextView, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    let pick = |a: &str, b: &str| if nl { a.to_owned() } else { b.to_owned() };
    match next {
        NextView::Verified { method } => {
            if nl {
                format!("identiteit vastgesteld ({})", words::method(*method, lang))
            } else {
                format!("identity verified ({})", words::method(*method, lang))
            }
        }
        NextView::WaitingForCode => pick(
            "wacht op het antwoord met de code",
            "waiting for the answer with the code",
        ),
        NextView::SendCode { to, .. } => {
            if nl {
                format!("een code kan naar {to}, het adres in de administratie")
            } else {
                format!("a code may go to {to}, the address on file")
            }
        }
        NextView::NotValid { reason, .. } => {
            if nl {
                format!(
                    "de verzoeker mag niet namens deze persoon handelen ({})",
                    plan_words::not_valid(*reason, lang)
                )
            } else {
                format!(
                    "the requester may not act for this person ({})",
                    plan_words::not_valid(*reason, lang)
                )
            }
        }
        NextView::Officer(must) => match must {
            OfficerMust::LookUp => pick(
                "zoek de persoon opnieuw op in de systemen",
                "look the person up in the systems again",
            ),
            OfficerMust::Choose { .. } => pick(
                "kies over wie het verzoek gaat",
                "choose whom the request is about",
            ),
            OfficerMust::Resolve { .. } => pick(
                "de systemen spreken elkaar tegen: kies de persoon, of corrigeer de gegevens",
                "the systems disagree: choose the person, or correct the records",
            ),
            OfficerMust::Decide { .. } => pick(
                "de gegevens zijn onvolledig: controleer persoonlijk of weiger",
                "the records are incomplete: check in person or refuse",
            ),
            OfficerMust::PickAddress { .. } => pick(
                "kies het adres in de administratie waar de code naartoe gaat",
                "choose the address on file the code goes to",
            ),
            OfficerMust::NoAddressOnFile => pick(
                "geen adres in de administratie voor een code: controleer persoonlijk",
                "no address on file for a code: check in person",
            ),
            OfficerMust::NothingFound => pick(
                "niemand in de administratie past: controleer de gegevens, of controleer persoonlijk",
                "nobody on file fits: check the records, or check in person",
            ),
        },
    }
}

impl IdentityPart {
    pub(super) fn of(view: &IdentityView, lang: Lang) -> IdentityPart {
        let finding = view.identity.finding.as_ref();
        let persons = finding
            .map(|f| {
                f.candidates
                    .iter()
                    .enumerate()
                    .map(|(key, c)| Person {
                        key,
                        names: c.names.join(" / "),
                        kind: words::person_kind(c.kind, lang).to_owned(),
                        born: c.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
                        chosen: view.identity.subject == Some(key),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (choose, send_code, addresses) = match &view.next {
            NextView::Officer(OfficerMust::Choose { .. } | OfficerMust::Resolve { .. }) => {
                (true, false, Vec::new())
            }
            NextView::SendCode { to, .. } => (false, true, vec![to.clone()]),
            NextView::Officer(OfficerMust::PickAddress { addresses }) => {
                (false, true, addresses.clone())
            }
            _ => (false, false, Vec::new()),
        };
        IdentityPart {
            status: identity_words(&view.next, lang),
            verified: matches!(view.next, NextView::Verified { .. }),
            persons,
            choose,
            send_code,
            addresses,
        }
    }
}

/// One table an action touches.
pub(super) struct Records {
    pub table: String,
    pub count: u64,
    pub fields: String,
}

/// Records a system keeps, and why.
pub(super) struct Kept {
    pub table: String,
    pub count: usize,
    pub ground: String,
    pub until: String,
}

/// One action of the plan.
pub(super) struct ActionPart {
    pub id: String,
    pub system: String,
    pub request_type: &'static str,
    pub kind: String,
    pub status: String,
    /// Waits for an approval: the approve and reject forms offer it.
    pub open: bool,
    pub records: Vec<Records>,
    pub kept: Vec<Kept>,
    pub withheld: Vec<String>,
    pub task: Option<String>,
    pub special_category: bool,
    /// Where its execution stands, when it runs.
    pub execution: Option<String>,
}

/// The plan section.
pub(super) struct PlanPart {
    pub fingerprint: String,
    pub short: String,
    pub made_at: String,
    pub actions: Vec<ActionPart>,
    pub failures: Vec<String>,
    pub untouched: Vec<String>,
    /// Some action waits for an approval.
    pub open: bool,
}

fn kind_words(kind: &ActionKind, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    match kind {
        ActionKind::Export => (if nl { "exporteren" } else { "export" }).into(),
        ActionKind::Erase { mode } => {
            let m = plan_words::erase_mode(*mode, lang);
            if nl {
                format!("verwijderen ({m})")
            } else {
                format!("erase ({m})")
            }
        }
        ActionKind::Restrict => (if nl { "beperken" } else { "restrict" }).into(),
        ActionKind::Rectify { changes } => {
            if nl {
                format!("corrigeren ({} wijzigingen)", changes.len())
            } else {
                format!("rectify ({} changes)", changes.len())
            }
        }
        ActionKind::ManualTask { .. } => (if nl { "taak" } else { "task" }).into(),
        ActionKind::PersonTask { what } => plan_words::person_task(*what, lang).into(),
    }
}

fn status_words(status: &ActionStatus, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    match status {
        ActionStatus::Approved => (if nl { "goedgekeurd" } else { "approved" }).into(),
        ActionStatus::Auto => (if nl {
            "goedgekeurd volgens beleid"
        } else {
            "approved by policy"
        })
        .into(),
        ActionStatus::NeedsApproval { have, need } => {
            if nl {
                format!("wacht op akkoord ({have} van {need})")
            } else {
                format!("needs approval ({have} of {need})")
            }
        }
        ActionStatus::Rejected { reason } => {
            if nl {
                format!("afgewezen: {reason}")
            } else {
                format!("rejected: {reason}")
            }
        }
        ActionStatus::Draft { why } => {
            if nl {
                format!("concept: {why}")
            } else {
                format!("draft: {why}")
            }
        }
    }
}

impl PlanPart {
    pub(super) fn of(view: &PlanView, lang: Lang) -> PlanPart {
        let p = &view.plan;
        let actions: Vec<ActionPart> = p
            .actions
            .iter()
            .map(|a| {
                let status = view.status(&a.id);
                ActionPart {
                    id: a.id.to_string(),
                    system: a.system.to_string(),
                    request_type: words::request_type(a.request_type, lang),
                    kind: kind_words(&a.kind, lang),
                    status: status.map(|s| status_words(s, lang)).unwrap_or_default(),
                    open: matches!(status, Some(ActionStatus::NeedsApproval { .. })),
                    records: a
                        .summary
                        .tables
                        .iter()
                        .map(|(table, t)| Records {
                            table: table.clone(),
                            count: t.count,
                            fields: t.fields.join(", "),
                        })
                        .collect(),
                    kept: a
                        .retained
                        .iter()
                        .map(|r| Kept {
                            table: r.table.clone(),
                            count: r.keys.len(),
                            ground: r.ground.clone(),
                            until: r.until.map(|u| u.to_string()).unwrap_or_default(),
                        })
                        .collect(),
                    withheld: view
                        .withheld
                        .iter()
                        .filter(|w| w.action == a.id)
                        .flat_map(|w| {
                            w.columns
                                .iter()
                                .map(|c| format!("{}.{}: {}", c.table, c.column, c.reason))
                        })
                        .collect(),
                    task: match &a.kind {
                        ActionKind::ManualTask { instructions } => Some(instructions.clone()),
                        _ => None,
                    },
                    special_category: a.special_category,
                    execution: view.actions.iter().find(|r| r.action == a.id).map(|r| {
                        format!(
                            "{}{}",
                            plan_words::action_state(r.state, lang),
                            r.error
                                .as_deref()
                                .map(|e| format!(" — {e}"))
                                .unwrap_or_default()
                        )
                    }),
                }
            })
            .collect();
        PlanPart {
            fingerprint: p.fingerprint.to_string(),
            short: p.fingerprint.short().to_string(),
            made_at: p.made_at.format("%Y-%m-%d %H:%M").to_string(),
            open: actions.iter().any(|a| a.open),
            actions,
            failures: p
                .failures
                .iter()
                .map(|f| format!("{}: {}", f.plugin, f.error))
                .collect(),
            untouched: p
                .untouched
                .iter()
                .map(|u| {
                    format!(
                        "{} ({}): {}",
                        u.system,
                        words::request_type(u.request_type, lang),
                        plan_words::untouched(u.why, lang)
                    )
                })
                .collect(),
        }
    }
}
