//! The plugins as one service the whole daemon shares.
//!
//! Each configured plugin is owned by a worker of its own: an OS thread
//! that holds the plugin's handle (a built-in or in-process plugin, or the
//! daemon's side of a plugin host child process) and answers one call at a
//! time, since a plugin is called through `&mut` and may block. Callers hold
//! a [`PluginService`] (or a [`PluginClient`] for one plugin): cheap clones
//! of one `Arc`, with an `async fn call`. The service
//! - starts a plugin on its first call, or all of them up front with
//!   [`PluginService::start_all`];
//! - runs calls to different plugins at the same time, one at a time per
//!   plugin, and at most [`MAX_CONCURRENT_CALLS`] across all plugins (a
//!   plugin call may hold a connection to a school system);
//! - bounds every call by the plugin's `timeout_secs`. A plugin host enforces
//!   it itself (it is killed and restarted on the next call); a worker thread
//!   that does not answer in time is abandoned — its thread ends when the
//!   call finally returns — and the next call starts the plugin afresh;
//! - restarts a crashed plugin host on the next call (see [`HostedPlugin`]).
//!
//! [`HostedPlugin`]: super::HostedPlugin

use super::handle::PluginHandle;
use super::start::{start, Isolation};
use super::StartError;
use crate::config::PluginConfig;
use dsrd_plugin_api::protocol::{Output, Request, Response};
use dsrd_plugin_api::{Manifest, PluginError};
use std::path::Path;
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;
use tokio::sync::{oneshot, Semaphore};

/// How many plugin calls may run at once across all plugins.
pub const MAX_CONCURRENT_CALLS: usize = 4;

/// How much longer than its own time-out the daemon waits for a plugin host:
/// the host kills a hung plugin itself and reports how it ended, which is
/// the better message.
const HOST_GRACE: Duration = Duration::from_secs(5);

/// Every configured plugin, reachable from any task.
#[derive(Clone)]
pub struct PluginService {
    inner: Arc<Inner>,
}

struct Inner {
    /// In configuration order.
    slots: Vec<Arc<Slot>>,
    /// Caps the calls in flight across all plugins.
    permits: Arc<Semaphore>,
}

/// Starts a plugin (blocking) and returns its handle and manifest.
type Starter = Box<dyn Fn() -> Result<(Box<dyn PluginHandle>, Manifest), StartError> + Send + Sync>;

/// One plugin's worker, started when first needed.
struct Slot {
    name: String,
    isolation: Isolation,
    /// The longest a call may take.
    timeout: Duration,
    start: Starter,
    /// One call at a time per plugin; waiting for a turn does not count
    /// against the call's time-out.
    turn: tokio::sync::Mutex<()>,
    worker: Mutex<Option<Worker>>,
}

/// A running worker thread and what its plugin said about itself.
#[derive(Clone)]
struct Worker {
    jobs: mpsc::Sender<Job>,
    manifest: Arc<Manifest>,
}

struct Job {
    request: Request,
    reply: oneshot::Sender<Response>,
}

/// One plugin, as its users see it.
#[derive(Debug, Clone)]
pub struct PluginInfo {
    /// Its configured name.
    pub name: String,
    /// How it runs.
    pub isolation: Isolation,
    /// What it described itself as, once started.
    pub manifest: Option<Arc<Manifest>>,
}

/// A client for one plugin: what a stage holds when it talks to one system.
#[derive(Clone)]
pub struct PluginClient {
    slot: Arc<Slot>,
    permits: Arc<Semaphore>,
}

impl PluginService {
    /// The service for `configs`; nothing is started yet. `program` is the
    /// dsrd binary, re-executed as the plugin host for isolated plugins.
    pub fn new(configs: &[PluginConfig], program: &Path) -> PluginService {
        let slots = configs.iter().map(|config| {
            let (c, program) = (config.clone(), program.to_owned());
            let start: Starter = Box::new(move || start(&c, &program));
            (
                config.name.clone(),
                Isolation::of(&config.source),
                config.timeout,
                start,
            )
        });
        Self::with_starters(slots.collect(), MAX_CONCURRENT_CALLS)
    }

    /// The service over plugins started by the given functions, with at
    /// most `concurrent` calls at once.
    fn with_starters(
        slots: Vec<(String, Isolation, Duration, Starter)>,
        concurrent: usize,
    ) -> PluginService {
        let slots = slots
            .into_iter()
            .map(|(name, isolation, timeout, start)| {
                Arc::new(Slot {
                    name,
                    isolation,
                    timeout,
                    start,
                    turn: tokio::sync::Mutex::new(()),
                    worker: Mutex::new(None),
                })
            })
            .collect();
        PluginService {
            inner: Arc::new(Inner {
                slots,
                permits: Arc::new(Semaphore::new(concurrent)),
            }),
        }
    }

    /// Starts every plugin that is not running yet, all at once, and
    /// returns the first failure in configuration order (the others are
    /// started all the same).
    pub async fn start_all(&self) -> Result<(), StartError> {
        let starts = self.inner.slots.iter().map(|slot| slot.worker());
        futures_util::future::join_all(starts)
            .await
            .into_iter()
            .find_map(Result::err)
            .map_or(Ok(()), Err)
    }

    /// The configured plugins, in configuration order.
    pub fn plugins(&self) -> Vec<PluginInfo> {
        self.inner.slots.iter().map(|slot| slot.info()).collect()
    }

    /// A client for the plugin called `name`.
    pub fn client(&self, name: &str) -> Option<PluginClient> {
        self.inner
            .slots
            .iter()
            .find(|slot| slot.name == name)
            .map(|slot| PluginClient {
                slot: slot.clone(),
                permits: self.inner.permits.clone(),
            })
    }

    /// A client per plugin, in configuration order.
    pub fn clients(&self) -> Vec<PluginClient> {
        self.inner
            .slots
            .iter()
            .map(|slot| PluginClient {
                slot: slot.clone(),
                permits: self.inner.permits.clone(),
            })
            .collect()
    }

    /// Sends `request` to every plugin at once; the answers come back in
    /// configuration order, each with its plugin's name.
    pub async fn call_each(&self, request: &Request) -> Vec<(String, Result<Output, PluginError>)> {
        let calls = self.clients().into_iter().map(|client| async move {
            let outcome = client.call(request.clone()).await;
            (client.name().to_owned(), outcome)
        });
        futures_util::future::join_all(calls).await
    }
}

impl PluginClient {
    /// The plugin's configured name.
    pub fn name(&self) -> &str {
        &self.slot.name
    }

    /// How it runs, and what it described itself as once started.
    pub fn info(&self) -> PluginInfo {
        self.slot.info()
    }

    /// The plugin's manifest, starting the plugin if it is not running.
    pub async fn manifest(&self) -> Result<Arc<Manifest>, StartError> {
        Ok(self.slot.worker().await?.manifest)
    }

    /// Answers one request. Every failure — the plugin could not be started,
    /// it panicked, crashed, hung past its time-out or answered garbage —
    /// is a [`PluginError`]; none of them takes the daemon down.
    pub async fn call(&self, request: Request) -> Result<Output, PluginError> {
        let slot = &self.slot;
        let _turn = slot.turn.lock().await;
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let worker = slot
            .worker()
            .await
            .map_err(|e| PluginError::BackendUnavailable {
                message: e.to_string(),
            })?;
        let operation = request.operation();
        let (reply, answer) = oneshot::channel();
        if worker.jobs.send(Job { request, reply }).is_err() {
            slot.abandon();
            return Err(PluginError::Internal {
                message: "the plugin's worker had stopped; it is started afresh on the next call"
                    .into(),
            });
        }
        let limit = match slot.isolation {
            Isolation::Process => slot.timeout + HOST_GRACE,
            Isolation::Builtin | Isolation::InProcess => slot.timeout,
        };
        match tokio::time::timeout(limit, answer).await {
            Ok(Ok(response)) => response.into_result(),
            Ok(Err(_)) => {
                slot.abandon();
                Err(PluginError::Internal {
                    message: "the plugin's worker ended during the call".into(),
                })
            }
            Err(_) => {
                tracing::warn!(plugin = %slot.name, %operation, "plugin call timed out; the plugin is started afresh on the next call");
                slot.abandon();
                Err(PluginError::Internal {
                    message: format!(
                        "the plugin did not answer within {} s",
                        slot.timeout.as_secs_f32()
                    ),
                })
            }
        }
    }
}

impl Slot {
    fn info(&self) -> PluginInfo {
        PluginInfo {
            name: self.name.clone(),
            isolation: self.isolation,
            manifest: self.running().map(|w| w.manifest),
        }
    }

    fn running(&self) -> Option<Worker> {
        self.worker.lock().expect("worker lock").clone()
    }

    /// The running worker, started first if there is none.
    async fn worker(self: &Arc<Self>) -> Result<Worker, StartError> {
        if let Some(worker) = self.running() {
            return Ok(worker);
        }
        let slot = self.clone();
        let started = tokio::task::spawn_blocking(move || {
            let (handle, manifest) = (slot.start)()?;
            spawn_worker(&slot.name, handle, manifest)
        })
        .await
        .map_err(|e| StartError::Host {
            name: self.name.clone(),
            reason: format!("starting the plugin panicked: {e}"),
        })??;
        let mut guard = self.worker.lock().expect("worker lock");
        // Two first calls may race to start it; the first one in wins and
        // the other worker ends as its sender is dropped here.
        Ok(guard.get_or_insert(started).clone())
    }

    /// Forgets the worker: its thread ends once its current call returns.
    fn abandon(&self) {
        self.worker.lock().expect("worker lock").take();
    }
}

fn spawn_worker(
    name: &str,
    mut handle: Box<dyn PluginHandle>,
    manifest: Manifest,
) -> Result<Worker, StartError> {
    let (jobs, queue) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name(format!("plugin-{name}"))
        .spawn(move || {
            for job in queue {
                let response = handle.call(&job.request);
                // The caller may have given up (time-out); the answer is dropped.
                let _ = job.reply.send(response);
            }
        })
        .map_err(|e| StartError::Host {
            name: name.to_owned(),
            reason: format!("cannot start its worker thread: {e}"),
        })?;
    Ok(Worker {
        jobs,
        manifest: Arc::new(manifest),
    })
}

/// A [`PluginClient`] seen as a synchronous [`PluginHandle`], for code that
/// runs on a blocking thread (the conformance kit): each call blocks that
/// thread on the shared service, so it goes through the same worker, time-out
/// and concurrency cap as every other call.
pub struct BlockingClient {
    client: PluginClient,
    runtime: tokio::runtime::Handle,
}

impl PluginClient {
    /// This client for a blocking thread of the current runtime (from
    /// `spawn_blocking`); calling it from an async task would block the
    /// runtime.
    pub fn blocking(&self) -> BlockingClient {
        BlockingClient {
            client: self.clone(),
            runtime: tokio::runtime::Handle::current(),
        }
    }
}

impl PluginHandle for BlockingClient {
    fn call(&mut self, request: &Request) -> Response {
        match self.runtime.block_on(self.client.call(request.clone())) {
            Ok(output) => Response::Ok(output),
            Err(error) => Response::Error(error),
        }
    }
}

#[cfg(test)]
mod tests;
