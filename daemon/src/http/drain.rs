//! The end of serving: a signal that cuts off whatever is still in hand
//! once the drain time is over, and a count of the claimed downloads whose
//! outcome has not reached the store yet, so that shutdown can wait for a
//! cut-off download to be given back before the process ends.

use std::sync::Arc;
use tokio::sync::watch;

/// Shared by the server and every request; clones share one signal and one
/// count.
#[derive(Clone)]
pub(super) struct Drain {
    cut: Arc<watch::Sender<bool>>,
    claims: Arc<watch::Sender<usize>>,
}

impl Drain {
    /// Nothing cut off, nothing claimed.
    pub(super) fn new() -> Drain {
        Drain {
            cut: Arc::new(watch::channel(false).0),
            claims: Arc::new(watch::channel(0).0),
        }
    }

    /// Cuts off every request and download still in hand.
    pub(super) fn cut(&self) {
        self.cut.send_replace(true);
    }

    /// Waits until [`Drain::cut`] is called.
    pub(super) async fn cut_off(&self) {
        // `self` holds the sender, so the channel cannot close while we wait.
        let _ = self.cut.subscribe().wait_for(|cut| *cut).await;
    }

    /// Counts one claim until the returned hold is dropped.
    pub(super) fn hold(&self) -> Hold {
        self.claims.send_modify(|n| *n += 1);
        Hold(self.claims.clone())
    }

    /// Waits until no claim is held.
    pub(super) async fn settled(&self) {
        let _ = self.claims.subscribe().wait_for(|n| *n == 0).await;
    }
}

/// One claim counted by [`Drain`]; dropping it ends the count.
pub(super) struct Hold(Arc<watch::Sender<usize>>);

impl Drop for Hold {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n -= 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn settled_waits_for_the_last_hold_and_cut_off_for_the_cut() {
        let drain = Drain::new();
        let (first, second) = (drain.hold(), drain.hold());
        let waiting = tokio::spawn({
            let drain = drain.clone();
            async move { drain.settled().await }
        });
        drop(first);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "one hold is still out");
        drop(second);
        tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("settled once every hold is dropped")
            .unwrap();

        let cutting = tokio::spawn({
            let drain = drain.clone();
            async move { drain.cut_off().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!cutting.is_finished(), "nothing was cut yet");
        drain.cut();
        tokio::time::timeout(Duration::from_secs(5), cutting)
            .await
            .expect("the cut is seen")
            .unwrap();
    }
}
