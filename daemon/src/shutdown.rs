//! One shutdown signal for the whole daemon: SIGINT/SIGTERM fire it, and so
//! does the supervisor when a task fails, so that every loop finishes the
//! work in hand and stops.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How the daemon stops. Clones share one signal: any of them can ask for
/// shutdown and every one of them sees it.
#[derive(Clone)]
pub struct Shutdown {
    rx: watch::Receiver<bool>,
    tx: Arc<watch::Sender<bool>>,
}

impl Shutdown {
    /// A shutdown signal that has not fired.
    pub fn new() -> Shutdown {
        let (tx, rx) = watch::channel(false);
        Shutdown {
            rx,
            tx: Arc::new(tx),
        }
    }

    /// Asks every holder to stop.
    pub fn request(&self) {
        self.tx.send_replace(true);
    }

    /// Whether shutdown was asked for.
    pub fn requested(&self) -> bool {
        *self.rx.borrow()
    }

    /// Waits until shutdown is asked for.
    pub async fn wait(&mut self) {
        // The sender lives as long as any clone, this one included, so the
        // channel cannot close under us.
        let _ = self.rx.wait_for(|v| *v).await;
    }

    /// Waits until shutdown is asked for, or at most `d`.
    pub async fn sleep(&mut self, d: Duration) {
        let _ = tokio::time::timeout(d, self.rx.wait_for(|v| *v)).await;
    }
}

impl Default for Shutdown {
    fn default() -> Self {
        Shutdown::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_from_any_clone_reaches_every_other() {
        let first = Shutdown::new();
        let mut second = first.clone();
        assert!(!second.requested());
        first.request();
        second.wait().await;
        assert!(second.requested());
    }

    #[tokio::test]
    async fn sleep_ends_early_when_shutdown_is_asked_for() {
        let shutdown = Shutdown::new();
        let mut sleeper = shutdown.clone();
        let nap = tokio::spawn(async move { sleeper.sleep(Duration::from_secs(3600)).await });
        shutdown.request();
        tokio::time::timeout(Duration::from_secs(30), nap)
            .await
            .expect("the hour-long sleep ended at the request")
            .unwrap();
    }
}
