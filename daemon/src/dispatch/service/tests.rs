//! The service with plugins made of closures: concurrency, the cap,
//! time-outs and restarts, without a real plugin.

use super::*;
use dsrd_plugin_api::{LocateResult, Subject};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Condvar;

fn manifest(name: &str) -> Manifest {
    serde_json::from_value(serde_json::json!({
        "name": name, "version": "1.0.0", "system": "test",
        "categories": [], "identifiers": [], "operations": ["locate"],
    }))
    .unwrap()
}

fn locate() -> Request {
    Request::Locate {
        subject: Subject::default().with_email("a@b.example"),
    }
}

/// A plugin whose every call runs `f`.
struct Fn<F>(F);
impl<F: FnMut() -> Response + Send> PluginHandle for Fn<F> {
    fn call(&mut self, _: &Request) -> Response {
        (self.0)()
    }
}

fn found() -> Response {
    Response::Ok(Output::Locate(LocateResult::default()))
}

type Slots = Vec<(String, Isolation, Duration, Starter)>;

fn slot(name: &str, timeout: Duration, start: Starter) -> (String, Isolation, Duration, Starter) {
    (name.to_owned(), Isolation::Builtin, timeout, start)
}

/// Calls that wait until `n` of them are inside a plugin at once, or
/// give up after `patience` and fail.
#[derive(Clone)]
struct Rendezvous(Arc<(Mutex<usize>, Condvar)>, usize, Duration);
impl Rendezvous {
    fn meet(&self) -> Response {
        let (count, met) = &*self.0;
        let mut inside = count.lock().unwrap();
        *inside += 1;
        met.notify_all();
        let (inside, wait) = met
            .wait_timeout_while(inside, self.2, |inside| *inside < self.1)
            .unwrap();
        drop(inside);
        if wait.timed_out() {
            Response::Error(PluginError::Internal {
                message: "called alone".into(),
            })
        } else {
            found()
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_to_two_plugins_run_at_the_same_time() {
    let meeting = Rendezvous(Default::default(), 2, Duration::from_secs(20));
    let slots: Slots = ["a", "b"]
        .into_iter()
        .map(|name| {
            let m = meeting.clone();
            let start: Starter = Box::new(move || {
                let m = m.clone();
                Ok((
                    Box::new(Fn(move || m.meet())) as Box<dyn PluginHandle>,
                    manifest(name),
                ))
            });
            slot(name, Duration::from_secs(30), start)
        })
        .collect();
    let service = PluginService::with_starters(slots, 4);
    // One after the other, the first call would wait alone and fail.
    for (name, outcome) in service.call_each(&locate()).await {
        assert!(outcome.is_ok(), "{name}: {outcome:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_more_calls_run_at_once_than_the_cap_allows() {
    let inside = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let slots: Slots = ["a", "b", "c", "d"]
        .into_iter()
        .map(|name| {
            let (inside, most) = (inside.clone(), most.clone());
            let start: Starter = Box::new(move || {
                let (inside, most) = (inside.clone(), most.clone());
                let call = move || {
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(50));
                    inside.fetch_sub(1, Ordering::SeqCst);
                    found()
                };
                Ok((Box::new(Fn(call)) as Box<dyn PluginHandle>, manifest(name)))
            });
            slot(name, Duration::from_secs(30), start)
        })
        .collect();
    let service = PluginService::with_starters(slots, 2);
    for (name, outcome) in service.call_each(&locate()).await {
        assert!(outcome.is_ok(), "{name}: {outcome:?}");
    }
    assert!(most.load(Ordering::SeqCst) <= 2, "{most:?} at once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_call_times_out_and_the_next_call_gets_a_fresh_plugin() {
    let started = Arc::new(AtomicUsize::new(0));
    let count = started.clone();
    let start: Starter = Box::new(move || {
        let instance = count.fetch_add(1, Ordering::SeqCst);
        let call = move || {
            if instance == 0 {
                // The first instance never answers (until the test ends).
                std::thread::sleep(Duration::from_secs(3600));
            }
            found()
        };
        Ok((
            Box::new(Fn(call)) as Box<dyn PluginHandle>,
            manifest("slow"),
        ))
    });
    let service =
        PluginService::with_starters(vec![slot("slow", Duration::from_millis(300), start)], 4);
    let client = service.client("slow").unwrap();
    let hung = client.call(locate()).await.unwrap_err();
    assert!(hung.to_string().contains("did not answer within"), "{hung}");
    client.call(locate()).await.expect("the next call works");
    assert_eq!(started.load(Ordering::SeqCst), 2, "started afresh once");
}

#[tokio::test]
async fn a_plugin_that_could_not_start_is_started_again_by_its_next_call() {
    let tries = Arc::new(AtomicUsize::new(0));
    let count = tries.clone();
    let start: Starter = Box::new(move || {
        if count.fetch_add(1, Ordering::SeqCst) < 2 {
            return Err(StartError::Host {
                name: "flaky".into(),
                reason: "its system is down".into(),
            });
        }
        Ok((
            Box::new(Fn(found)) as Box<dyn PluginHandle>,
            manifest("flaky"),
        ))
    });
    let service =
        PluginService::with_starters(vec![slot("flaky", Duration::from_secs(5), start)], 4);
    assert!(service.start_all().await.is_err());
    assert!(service.plugins()[0].manifest.is_none());
    let client = service.client("flaky").unwrap();
    let down = client.call(locate()).await.unwrap_err();
    assert!(
        matches!(down, PluginError::BackendUnavailable { .. }),
        "{down:?}"
    );
    assert!(down.to_string().contains("its system is down"));
    client.call(locate()).await.expect("started on this call");
    assert_eq!(
        service.plugins()[0].manifest.as_ref().unwrap().name,
        "flaky"
    );
}
