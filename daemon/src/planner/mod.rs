//! Making the plan (issue 12, point 1): for a case whose identity is
//! verified, every plugin that knows the subject is asked for a dry run of
//! each request type in the letter; the pure [`crate::plan::build_plan`]
//! turns the answers, the manual systems and the officer's changes into
//! the plan with its fingerprint, and the store keeps it. A plugin that
//! fails or times out is in the plan as failed, so the plan is never
//! silently partial (and cannot be approved until it is made again).

use crate::case::{CaseRef, CaseState};
use crate::classify::RequestType;
use crate::clock::Clock;
use crate::config::Config;
use crate::dispatch::PluginService;
use crate::identity::CaseIdentity;
use crate::plan::{
    build_plan, DryRun, DryRunKind, DryRunOutcome, ManualSystem, PersonKeys, Plan, PlanInput,
};
use crate::store::{CaseFilter, CaseUpdate, Effect, Store, StoreError, UpdateOutcome};
use chrono::{DateTime, Utc};
use dsrd_plugin_api::protocol::{Output, Request};
use dsrd_plugin_api::{Change, EraseMode, PluginError, Subject};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What a plan is made from, besides the plugins' answers.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    /// The case.
    pub case: CaseRef,
    /// Its request types.
    pub request_types: Vec<RequestType>,
    /// Its identity record (the subject's person keys come from it).
    pub identity: CaseIdentity,
    /// The officer's corrections per plugin, for a rectification.
    pub changes: BTreeMap<String, Vec<Change>>,
}

/// Asks every plugin for its dry runs and builds the plan.
pub async fn make_plan(
    config: &Config,
    plugins: &PluginService,
    request: PlanRequest,
    now: DateTime<Utc>,
) -> Result<Plan, String> {
    let candidate = request
        .identity
        .subject_candidate()
        .ok_or("the case has no identified subject")?;
    let subject = PersonKeys::from_on_file(&candidate.on_file);
    let kinds = DryRunKind::needed(&request.request_types);
    let mut dry_runs = BTreeMap::new();
    for client in plugins.clients() {
        let name = client.name().to_owned();
        let Some(key) = subject.keys(&name).next().map(str::to_owned) else {
            // The plugin does not know the subject: nothing to do there.
            continue;
        };
        let system = match client.manifest().await {
            Ok(m) => m.name.clone(),
            Err(e) => {
                let failed = kinds
                    .iter()
                    .map(|k| (*k, DryRunOutcome::Failed(e.to_string())))
                    .collect();
                dry_runs.insert(name, failed);
                continue;
            }
        };
        let who = Subject::default().with_system_id(system, key);
        let mut outcomes = BTreeMap::new();
        for kind in &kinds {
            let changes = request.changes.get(&name).cloned().unwrap_or_default();
            let outcome = dry_run(&client, *kind, who.clone(), changes).await;
            outcomes.insert(*kind, outcome);
        }
        dry_runs.insert(name, outcomes);
    }
    let manual = config
        .systems
        .iter()
        .map(|s| ManualSystem {
            name: s.name.clone(),
            instructions: s.instructions.clone(),
        })
        .collect();
    Ok(build_plan(PlanInput {
        case: request.case,
        request_types: request.request_types,
        subject,
        dry_runs,
        changes: request.changes,
        erase_mode: EraseMode::Anonymise,
        manual,
        special_tables: config
            .plugins
            .iter()
            .flat_map(|p| p.special_tables.iter().cloned())
            .collect::<BTreeSet<String>>(),
        made_at: now,
    }))
}

async fn dry_run(
    client: &crate::dispatch::PluginClient,
    kind: DryRunKind,
    subject: Subject,
    changes: Vec<Change>,
) -> DryRunOutcome {
    let request = match kind {
        DryRunKind::Export => Request::Export { subject },
        DryRunKind::Erase => Request::Erase {
            subject,
            mode: EraseMode::Anonymise,
            scope: None,
            dry_run: true,
        },
        DryRunKind::Restrict => Request::Restrict {
            subject,
            on: true,
            scope: None,
            dry_run: true,
        },
        DryRunKind::Rectify => Request::Rectify {
            subject,
            changes,
            scope: None,
            dry_run: true,
        },
    };
    match client.call(request).await {
        Ok(Output::Export(export)) => DryRunOutcome::Ran(DryRun::Export(export)),
        Ok(Output::Erase(report) | Output::Restrict(report) | Output::Rectify(report)) => {
            let retained = retained_of(&report);
            DryRunOutcome::Ran(DryRun::Change { report, retained })
        }
        Ok(other) => DryRunOutcome::Failed(format!("answered with {:?}", other.operation())),
        Err(PluginError::Unsupported { .. }) => DryRunOutcome::Unsupported,
        // The system holds nothing of the subject (any more): nothing to do
        // there, which the plan shows, rather than a failure that blocks it.
        Err(PluginError::SubjectNotFound) => DryRunOutcome::Ran(match kind {
            DryRunKind::Export => DryRun::Export(dsrd_plugin_api::ExportResult::default()),
            _ => DryRun::Change {
                report: dsrd_plugin_api::ChangeReport::new(true),
                retained: Vec::new(),
            },
        }),
        Err(e) => DryRunOutcome::Failed(e.to_string()),
    }
}

/// Makes the plan of every verified case that has none.
pub struct Planner {
    config: Arc<Config>,
    store: Arc<dyn Store>,
    plugins: PluginService,
    clock: Arc<dyn Clock>,
}

impl Planner {
    /// A planner over `store` through `plugins`.
    pub fn new(
        config: Arc<Config>,
        store: Arc<dyn Store>,
        plugins: PluginService,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Planner {
            config,
            store,
            plugins,
            clock,
        }
    }

    /// One pass; returns how many plans were made.
    pub async fn step(&self) -> Result<usize, StoreError> {
        let waiting = self
            .store
            .list_cases(&CaseFilter {
                state: Some(CaseState::AwaitingApproval),
                ..CaseFilter::default()
            })
            .await?;
        let mut made = 0;
        for summary in waiting {
            let (plan, _) = self.store.case_plan(&summary.reference).await?;
            if plan.is_some() {
                continue;
            }
            let Some(case) = self.store.get_case(&summary.reference).await? else {
                continue;
            };
            if case.identity.verification.is_none() {
                continue;
            }
            let now = self.clock.now();
            let request = PlanRequest {
                case: case.reference.clone(),
                request_types: case.request_types.clone(),
                identity: case.identity.clone(),
                changes: BTreeMap::new(),
            };
            let plan = match make_plan(&self.config, &self.plugins, request, now).await {
                Ok(plan) => plan,
                Err(why) => {
                    tracing::warn!(case = %case.reference, "no plan: {why}");
                    continue;
                }
            };
            let start = crate::officer::Start::new(&self.config);
            if record(self.store.as_ref(), &case.reference, plan, &start, now).await? {
                made += 1;
            }
        }
        Ok(made)
    }
}

/// Records `plan` for a case that still waits for approval without one.
/// A plan whose every action the policy approves by itself (a factual
/// rectification under `approval.auto`) starts at once.
async fn record(
    store: &dyn Store,
    reference: &CaseRef,
    plan: Plan,
    start: &crate::officer::Start,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let start = start.clone();
    let change = Box::new(move |case: &crate::store::CaseSnapshot| -> Result<crate::store::CaseUpdate, crate::store::Refusal> {
        if case.state != CaseState::AwaitingApproval || case.plan.is_some() {
            return Err("the case has a plan, or no longer waits for one".to_owned().into());
        }
        let fresh = crate::store::CasePlan {
            plan: plan.clone(),
            approvals: Vec::new(),
            rejections: Vec::new(),
        };
        let mut effects = vec![Effect::SetPlan(Box::new(plan.clone()))];
        effects.extend(crate::officer::start_if_ready(case, &fresh, &start, now)?);
        Ok(CaseUpdate {
            actor: crate::case::Actor::System,
            effects,
        })
    });
    match store.update_case(reference, now, change).await? {
        UpdateOutcome::Applied { .. } => {
            tracing::info!(case = %reference, "plan made");
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// What the plugin's report says is kept, as the plan shows it.
fn retained_of(report: &dsrd_plugin_api::ChangeReport) -> Vec<crate::plan::Retained> {
    report
        .retained
        .iter()
        .map(|r| crate::plan::Retained {
            table: r.table.clone(),
            keys: r.keys.iter().cloned().collect(),
            ground: r.ground.clone(),
            until: r.until,
        })
        .collect()
}
