//! [`build_plan`]: the dry runs, the manual systems and the rights that
//! need a person, into one plan in a fixed order with its fingerprint.
//!
//! The mapping is answers.md §3: access and portability export (§3.1,
//! §3.6); erasure erases (§3.3); restriction restricts (§3.4);
//! rectification rectifies with the officer's changes (§3.2); an objection
//! restricts while a person weighs it (§3.5, 18(1)(d)); art. 22 (§3.7) and
//! consent withdrawal (§3.8) are tasks for a person.

use std::collections::BTreeSet;

use super::action::{ActionKind, PersonTask, PlannedAction, Retained, System};
use super::fingerprint::Fingerprint;
use super::id::ActionId;
use super::input::{DryRunKind, DryRunOutcome, PlanInput};
use super::read::{read_run, Found, Read};
use super::types::{Plan, PlanFailure, Untouched, UntouchedWhy};
use crate::classify::RequestType;

/// Makes the plan. Pure: the dry runs were made before, by the planning
/// stage, and come in as data.
///
/// Every plugin in `input.dry_runs` answers for every request type of the
/// case that needs a dry run, in one of three ways: an action, an entry in
/// [`Plan::untouched`] (nothing found, not supported, no change entered),
/// or an entry in [`Plan::failures`] (failed, timed out, no dry run given,
/// or an answer a plan cannot rest on). Nothing is left out silently.
pub fn build_plan(input: PlanInput) -> Plan {
    let types: BTreeSet<RequestType> = input
        .request_types
        .iter()
        .copied()
        .filter(|t| t.is_request())
        .collect();
    let mut out = Parts::default();
    for (plugin, outcomes) in &input.dry_runs {
        for &request_type in &types {
            if let Some(kind) = DryRunKind::for_request(request_type) {
                plan_plugin(
                    &input,
                    &mut out,
                    plugin,
                    request_type,
                    kind,
                    outcomes.get(&kind),
                );
            }
        }
    }
    plan_manual(&input, &types, &mut out);
    for &request_type in &types {
        if let Some(what) = person_task(request_type) {
            out.action(
                System::Officer,
                request_type,
                ActionKind::PersonTask { what },
            );
        }
    }
    out.finish(input)
}

/// The task a person must do for a request type, if any.
fn person_task(request_type: RequestType) -> Option<PersonTask> {
    match request_type {
        RequestType::Objection => Some(PersonTask::WeighObjection),
        RequestType::AutomatedDecision => Some(PersonTask::AnswerAutomatedDecision),
        RequestType::WithdrawConsent => Some(PersonTask::WithdrawConsent),
        _ => None,
    }
}

/// One plugin's part for one request type.
fn plan_plugin(
    input: &PlanInput,
    out: &mut Parts,
    plugin: &str,
    request_type: RequestType,
    kind: DryRunKind,
    outcome: Option<&DryRunOutcome>,
) {
    let system = System::Plugin(plugin.to_owned());
    let changes = input.changes.get(plugin).cloned().unwrap_or_default();
    match outcome {
        Some(DryRunOutcome::Failed(error)) => out.fail(plugin, request_type, error),
        Some(DryRunOutcome::Unsupported) => {
            out.untouched(system, request_type, UntouchedWhy::NotSupported, vec![])
        }
        // A rectification without changes needs no dry run: while no
        // correction is entered anywhere it is a draft the officer fills
        // in; once some system has one, the others say so.
        _ if kind == DryRunKind::Rectify && changes.is_empty() => {
            if input.changes.values().any(|c| !c.is_empty()) {
                out.untouched(system, request_type, UntouchedWhy::NoChangeEntered, vec![]);
            } else {
                out.action(system, request_type, ActionKind::Rectify { changes });
            }
        }
        None => out.fail(
            plugin,
            request_type,
            "no dry run was made; refresh the plan",
        ),
        Some(DryRunOutcome::Ran(run)) => {
            let action_kind = match kind {
                DryRunKind::Export => ActionKind::Export,
                DryRunKind::Erase => ActionKind::Erase {
                    mode: input.erase_mode,
                },
                DryRunKind::Restrict => ActionKind::Restrict,
                DryRunKind::Rectify => ActionKind::Rectify { changes },
            };
            match read_run(kind, run, &input.special_tables) {
                Err(error) => out.fail(plugin, request_type, error),
                Ok(Read::Nothing(retained)) => {
                    out.untouched(system, request_type, UntouchedWhy::NothingFound, retained)
                }
                Ok(Read::Found(found)) => out.push(system, request_type, action_kind, found),
            }
        }
    }
}

/// Each manual system's task per request type, from its instructions.
fn plan_manual(input: &PlanInput, types: &BTreeSet<RequestType>, out: &mut Parts) {
    for manual in &input.manual {
        for &request_type in types {
            let system = System::Manual(manual.name.clone());
            match manual.instructions.get(&request_type) {
                Some(instructions) => out.action(
                    system,
                    request_type,
                    ActionKind::ManualTask {
                        instructions: instructions.clone(),
                    },
                ),
                // Only the rights that act on systems are expected of a
                // manual system; art. 22 and consent are the officer's.
                None if DryRunKind::for_request(request_type).is_some() => {
                    out.untouched(system, request_type, UntouchedWhy::NoInstructions, vec![])
                }
                None => {}
            }
        }
    }
}

/// The plan as it is being made.
#[derive(Default)]
struct Parts {
    actions: Vec<(System, RequestType, ActionKind, Found)>,
    failures: Vec<PlanFailure>,
    untouched: Vec<Untouched>,
}

impl Parts {
    fn action(&mut self, system: System, request_type: RequestType, kind: ActionKind) {
        self.push(system, request_type, kind, Found::default());
    }

    fn push(&mut self, system: System, request_type: RequestType, kind: ActionKind, found: Found) {
        self.actions.push((system, request_type, kind, found));
    }

    fn fail(&mut self, plugin: &str, request_type: RequestType, error: impl Into<String>) {
        self.failures.push(PlanFailure {
            plugin: plugin.to_owned(),
            request_type,
            error: error.into(),
        });
    }

    fn untouched(
        &mut self,
        system: System,
        request_type: RequestType,
        why: UntouchedWhy,
        retained: Vec<Retained>,
    ) {
        self.untouched.push(Untouched {
            system,
            request_type,
            why,
            retained,
        });
    }

    /// Plan order (system, request type, kind), ids in that order, and
    /// the fingerprint.
    fn finish(mut self, input: PlanInput) -> Plan {
        self.actions
            .sort_by(|a, b| (&a.0, a.1, a.2.rank()).cmp(&(&b.0, b.1, b.2.rank())));
        let actions: Vec<PlannedAction> = self
            .actions
            .into_iter()
            .zip(1..)
            .map(|((system, request_type, kind, found), n)| PlannedAction {
                id: ActionId::nth(n).expect("numbering starts at 1"),
                system,
                request_type,
                kind,
                scope: found.scope,
                summary: found.summary,
                retained: found.retained,
                special_category: found.special_category,
            })
            .collect();
        self.failures
            .sort_by(|a, b| (&a.plugin, a.request_type).cmp(&(&b.plugin, b.request_type)));
        self.untouched.sort();
        let fingerprint = Fingerprint::compute(
            &input.case,
            &input.subject,
            &actions,
            &self.failures,
            &self.untouched,
        );
        Plan {
            case: input.case,
            subject: input.subject,
            actions,
            failures: self.failures,
            untouched: self.untouched,
            fingerprint,
            made_at: input.made_at,
        }
    }
}
