//! From a case whose actions are settled to the facts of its answer letter
//! (answers.md §3): pure. Every fact comes from the case (its plan, the
//! actions' results, the notices), the processing register and what the
//! plugins said of themselves — never from the template.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::answer::{
    category_words, AccessFacts, AnswerFacts, AutomatedFacts, ChangeFacts, DecisionFacts,
    DoneFacts, DownloadFacts, ErasureFacts, ExemptFacts, KeptFacts, PortabilityFacts,
    RecipientFacts, RefusedFacts, RetentionFacts, SystemFacts, ToldFacts, WithheldFacts,
};
use crate::classify::RequestType;
use crate::config::Config;
use crate::execute::ActionResult;
use crate::lang::Lang;
use crate::plan::{ActionKind, PersonTask, System, UntouchedWhy};
use crate::store::{ActionRow, ActionState, CaseReply, CaseSnapshot, NoticeState};
use dsrd_plugin_api::{DataCategory, PersonKind};

/// What a plugin said of itself and of the subject, for the letter.
#[derive(Debug, Clone, Default)]
pub struct SystemInfo {
    /// The system in the plugin's words (`Manifest::system`).
    pub label: String,
    /// The kinds of data it holds (`Manifest::categories`).
    pub categories: Vec<DataCategory>,
    /// The recipients it reported for the subject, by name.
    pub recipients: Vec<String>,
}

/// Everything besides the case that the letter's facts come from.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The configuration (organisation, register, remedies).
    pub config: &'a Config,
    /// The letter's language.
    pub lang: Lang,
    /// Today, in the organisation's time zone.
    pub today: NaiveDate,
    /// Per plugin, what it said.
    pub systems: &'a BTreeMap<String, SystemInfo>,
    /// What the package withheld (art. 15(4)), and why.
    pub withheld: &'a [WithheldFacts],
    /// The download block, when a package holds the copy.
    pub download: Option<DownloadFacts>,
}

fn words(lang: Lang, nl: &str, en: &str) -> String {
    match lang {
        Lang::Nl => nl.to_owned(),
        Lang::En => en.to_owned(),
    }
}

fn local_date(at: DateTime<Utc>, config: &Config) -> NaiveDate {
    at.with_timezone(&config.organisation.time_zone)
        .date_naive()
}

/// The system's name as the letter gives it: the register's words, or the
/// plugin's, or the configured name.
fn system_name(system: &System, ctx: &Context) -> String {
    let name = match system {
        System::Plugin(n) | System::Manual(n) => n.as_str(),
        System::Officer => return words(ctx.lang, "de functionaris", "the privacy officer"),
    };
    if let Some(entry) = ctx.config.register_for(name) {
        return entry.name.clone();
    }
    match ctx.systems.get(name) {
        Some(info) if !info.label.is_empty() => info.label.clone(),
        _ => name.to_owned(),
    }
}

/// The facts of one system for the access letter (15(1)(a)–(h)).
fn system_facts(plugin: &str, system: &System, records: usize, ctx: &Context) -> SystemFacts {
    let entry = ctx.config.register_for(plugin);
    let info = ctx.systems.get(plugin);
    let mut categories: Vec<String> = entry.map(|e| e.categories.clone()).unwrap_or_default();
    for c in info.map(|i| i.categories.as_slice()).unwrap_or_default() {
        let w = category_words(c, ctx.lang);
        if !categories.iter().any(|k| k.eq_ignore_ascii_case(&w)) {
            categories.push(w);
        }
    }
    let mut recipients: Vec<String> = entry.map(|e| e.recipients.clone()).unwrap_or_default();
    for r in info.map(|i| i.recipients.as_slice()).unwrap_or_default() {
        if !recipients
            .iter()
            .any(|k| crate::config::recipient_key(k) == crate::config::recipient_key(r))
        {
            recipients.push(r.clone());
        }
    }
    SystemFacts {
        name: system_name(system, ctx),
        found: records > 0,
        records,
        categories,
        purposes: entry.map(|e| e.purposes.clone()).unwrap_or_default(),
        legal_bases: entry.map(|e| e.legal_bases.clone()).unwrap_or_default(),
        recipients,
        retention: entry
            .map(|e| {
                e.retention
                    .iter()
                    .map(|(category, period)| RetentionFacts {
                        category: category.clone(),
                        period: period.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        source: entry.and_then(|e| e.source.clone()),
        transfers: entry.and_then(|e| e.transfers.clone()),
    }
}

/// How many records an export handed over, from its recorded result.
fn exported_records(row: &ActionRow) -> usize {
    match row
        .result
        .clone()
        .and_then(|r| serde_json::from_value::<ActionResult>(r).ok())
    {
        Some(ActionResult::Exported { export }) => {
            export.tables.iter().map(|t| t.rows.len()).sum::<usize>() + export.files.len()
        }
        Some(ActionResult::Sealed { tables, files }) => {
            tables.iter().map(|t| t.records).sum::<usize>() + files
        }
        _ => 0,
    }
}

/// What a change action did, in words: the tables and fields, never values.
fn change_words(row: &ActionRow, ctx: &Context) -> String {
    let summary = &row.spec.summary;
    let tables: Vec<String> = summary
        .tables
        .iter()
        .map(|(table, t)| {
            if t.fields.is_empty() {
                format!("{table} ({})", t.count)
            } else {
                format!("{table}: {}", t.fields.join(", "))
            }
        })
        .collect();
    let list = tables.join("; ");
    match &row.spec.kind {
        ActionKind::Rectify { .. } => words(
            ctx.lang,
            &format!("gecorrigeerd: {list}"),
            &format!("corrected: {list}"),
        ),
        ActionKind::Erase { mode } => {
            let how = match mode {
                dsrd_plugin_api::EraseMode::Anonymise => {
                    words(ctx.lang, "geanonimiseerd", "anonymised")
                }
                _ => words(ctx.lang, "verwijderd", "deleted"),
            };
            format!("{} {how}: {list}", summary.records())
        }
        ActionKind::Restrict => words(
            ctx.lang,
            &format!("gemarkeerd als beperkt (alleen nog bewaren): {list}"),
            &format!("marked as restricted (storage only): {list}"),
        ),
        ActionKind::ManualTask { .. } | ActionKind::PersonTask { .. } => row
            .note
            .clone()
            .unwrap_or_else(|| words(ctx.lang, "uitgevoerd", "carried out")),
        ActionKind::Export => words(ctx.lang, "verstrekt", "handed over"),
    }
}

fn done_facts(rows: &[&ActionRow], ctx: &Context) -> Vec<DoneFacts> {
    rows.iter()
        .map(|row| DoneFacts {
            system: system_name(&row.spec.system, ctx),
            what: change_words(row, ctx),
            // The letter is drafted the moment the last action settles,
            // so that is the day it was done (the events have the second).
            on: ctx.today,
        })
        .collect()
}

/// The answer letter's facts for `case` with `reply` (its notices).
pub fn answer_facts(case: &CaseSnapshot, reply: &CaseReply, ctx: &Context) -> AnswerFacts {
    let config = ctx.config;
    let candidate = case.identity.subject_candidate();
    let for_self = candidate.is_none_or(|c| c.is_requester);
    // The answer e-mail carries no personal data beyond the requester's own
    // name: the child is "your child", never named (the package, behind
    // its link, says whose data it holds).
    let subject_name = (!for_self).then(|| words(ctx.lang, "uw kind", "your child"));
    let pupil = candidate.is_some_and(|c| c.is_requester && c.kind == PersonKind::Pupil);
    let plan = case.plan.as_ref().map(|p| &p.plan);
    let rows_of = |t: RequestType, pred: &dyn Fn(&ActionRow) -> bool| -> Vec<&ActionRow> {
        case.actions
            .iter()
            .filter(|a| a.state == ActionState::Done && a.spec.request_type == t && pred(a))
            .collect()
    };
    let has = |t: RequestType| case.request_types.contains(&t);

    let access = has(RequestType::Access).then(|| {
        let mut systems = Vec::new();
        for row in rows_of(RequestType::Access, &|a| {
            matches!(
                a.spec.kind,
                ActionKind::Export | ActionKind::ManualTask { .. }
            )
        }) {
            let name = match &row.spec.system {
                System::Plugin(n) | System::Manual(n) => n.clone(),
                System::Officer => continue,
            };
            let records = match row.spec.kind {
                ActionKind::Export => exported_records(row),
                _ => 1,
            };
            systems.push(system_facts(&name, &row.spec.system, records, ctx));
        }
        for u in plan.map(|p| p.untouched.as_slice()).unwrap_or_default() {
            if u.request_type == RequestType::Access && u.why == UntouchedWhy::NothingFound {
                if let System::Plugin(n) | System::Manual(n) = &u.system {
                    systems.push(system_facts(n, &u.system, 0, ctx));
                }
            }
        }
        AccessFacts {
            systems,
            withheld: ctx.withheld.to_vec(),
            in_package: ctx.download.is_some(),
        }
    });

    let portability = has(RequestType::Portability).then(|| PortabilityFacts {
        systems: rows_of(RequestType::Portability, &|a| {
            matches!(a.spec.kind, ActionKind::Export)
        })
        .iter()
        .map(|r| system_name(&r.spec.system, ctx))
        .collect(),
        formats: vec![
            words(
                ctx.lang,
                "JSON (data.json, met een beschrijving van elk veld)",
                "JSON (data.json, with a description of every field)",
            ),
            words(ctx.lang, "CSV, een bestand per tabel", "CSV, one file per table"),
        ],
        statutory_scope: words(
            ctx.lang,
            "Het recht op overdraagbaarheid (artikel 20 AVG) geldt voor gegevens die u zelf heeft verstrekt en die wij op grond van toestemming of een overeenkomst verwerken. Wij geven u daarnaast, zoals ons privacyreglement (8.7) belooft, ook de andere gegevens uit onze systemen in een leesbaar standaardformaat.",
            "The right to data portability (GDPR art. 20) covers data you provided yourself that we process on the basis of consent or a contract. As our privacy regulation (8.7) promises, we also give you the other data from our systems in a readable standard format.",
        ),
    });

    let change = |t: RequestType, kind: fn(&ActionKind) -> bool| -> Vec<DoneFacts> {
        done_facts(
            &rows_of(t, &|a| {
                kind(&a.spec.kind) || matches!(a.spec.kind, ActionKind::ManualTask { .. })
            }),
            ctx,
        )
    };
    let rectification = has(RequestType::Rectification).then(|| ChangeFacts {
        done: change(RequestType::Rectification, |k| {
            matches!(k, ActionKind::Rectify { .. })
        }),
    });
    let erasure = has(RequestType::Erasure).then(|| {
        let rows = rows_of(RequestType::Erasure, &|a| {
            matches!(
                a.spec.kind,
                ActionKind::Erase { .. } | ActionKind::ManualTask { .. }
            )
        });
        // What the erasures kept, and what systems with nothing to erase
        // keep all the same: each with its ground and end.
        let kept_in = |system: &System, retained: &[crate::plan::Retained]| {
            retained
                .iter()
                .map(|r| KeptFacts {
                    system: system_name(system, ctx),
                    what: r.table.clone(),
                    ground: r.ground.clone(),
                    until: r.until,
                    note: None,
                })
                .collect::<Vec<_>>()
        };
        let mut kept: Vec<KeptFacts> = rows
            .iter()
            .flat_map(|row| kept_in(&row.spec.system, &row.spec.retained))
            .collect();
        for u in plan.map(|p| p.untouched.as_slice()).unwrap_or_default() {
            if u.request_type == RequestType::Erasure {
                kept.extend(kept_in(&u.system, &u.retained));
            }
        }
        ErasureFacts {
            done: done_facts(&rows, ctx),
            kept,
        }
    });
    let restriction = has(RequestType::Restriction).then(|| ChangeFacts {
        done: change(RequestType::Restriction, |k| {
            matches!(k, ActionKind::Restrict)
        }),
    });
    let decision = |t: RequestType, task: PersonTask| -> Option<DecisionFacts> {
        has(t).then(|| DecisionFacts {
            outcome: case
                .actions
                .iter()
                .find(|a| {
                    a.state == ActionState::Done
                        && matches!(a.spec.kind, ActionKind::PersonTask { what } if what == task)
                })
                .and_then(|a| a.note.clone())
                .unwrap_or_else(|| {
                    words(
                        ctx.lang,
                        "Wij hebben uw verzoek behandeld.",
                        "We have dealt with your request.",
                    )
                }),
        })
    };
    let objection = decision(RequestType::Objection, PersonTask::WeighObjection);
    let consent_withdrawal = decision(RequestType::WithdrawConsent, PersonTask::WithdrawConsent);
    // Art. 15(1)(h): an access answer says whether decisions are automated.
    let automated_decisions =
        (has(RequestType::AutomatedDecision) || access.is_some()).then(|| {
            let explained: Vec<String> = config
                .register
                .iter()
                .filter_map(|e| e.automated_decisions.clone())
                .collect();
            let task_note = case
                .actions
                .iter()
                .find(|a| {
                    a.state == ActionState::Done
                        && matches!(
                            a.spec.kind,
                            ActionKind::PersonTask {
                                what: PersonTask::AnswerAutomatedDecision
                            }
                        )
                })
                .and_then(|a| a.note.clone());
            AutomatedFacts {
                exist: !explained.is_empty(),
                explanation: if explained.is_empty() {
                    task_note
                } else {
                    Some(explained.join(" "))
                },
            }
        });

    let mut refused: Vec<RefusedFacts> = case
        .actions
        .iter()
        .filter(|a| a.state == ActionState::Waived)
        .map(|a| RefusedFacts {
            what: format!(
                "{} — {}",
                system_name(&a.spec.system, ctx),
                a.spec.request_type.as_str()
            ),
            reason: a.note.clone().unwrap_or_default(),
        })
        .collect();
    if let Some(p) = &case.plan {
        for r in &p.rejections {
            if let Some(action) = p.plan.action(&r.action) {
                refused.push(RefusedFacts {
                    what: format!(
                        "{} — {}",
                        system_name(&action.system, ctx),
                        action.request_type.as_str()
                    ),
                    reason: r.reason.clone(),
                });
            }
        }
    }

    let recipients = RecipientFacts {
        told: reply
            .notices
            .iter()
            .filter(|n| n.state == NoticeState::Told)
            .map(|n| ToldFacts {
                name: n.recipient.clone(),
                on: local_date(n.settled_at.unwrap_or(n.recorded_at), config),
                how: match n.channel {
                    crate::store::NoticeChannel::Email => {
                        words(ctx.lang, "per e-mail", "by e-mail")
                    }
                    _ => n.note.clone().unwrap_or_else(|| {
                        words(
                            ctx.lang,
                            "via hun eigen portaal",
                            "through their own portal",
                        )
                    }),
                },
            })
            .collect(),
        exempt: reply
            .notices
            .iter()
            .filter(|n| n.state == NoticeState::Exempt)
            .map(|n| ExemptFacts {
                name: n.recipient.clone(),
                reason: match n.exempt_reason {
                    Some(crate::store::ExemptReason::Impossible) => {
                        words(ctx.lang, "onmogelijk", "impossible")
                    }
                    _ => words(
                        ctx.lang,
                        "onevenredig veel moeite",
                        "disproportionate effort",
                    ),
                },
                explanation: n.note.clone().unwrap_or_default(),
            })
            .collect(),
    };

    AnswerFacts {
        reference: case.reference.to_string(),
        organisation: config.organisation.name.clone(),
        requester_name: case.requester_name.clone().filter(|n| !n.trim().is_empty()),
        subject_name,
        pupil,
        received: local_date(case.received_at, config),
        answered: ctx.today,
        bestuursorgaan: config.bestuursorgaan,
        complaints: config.answer.complaints.clone(),
        download: ctx.download.clone(),
        access,
        portability,
        rectification,
        erasure,
        restriction,
        objection,
        consent_withdrawal,
        automated_decisions,
        refused,
        recipients,
    }
}
