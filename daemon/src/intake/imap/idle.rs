//! Waiting for new mail: IDLE (RFC 2177) where the server offers it,
//! re-issued before the server's 29-minute limit; polling otherwise.

use super::error::{timed, ImapError};
use super::session::Session;
use crate::shutdown::Shutdown;
use async_imap::extensions::idle::IdleResponse;
use async_imap::types::UnsolicitedResponse;
use std::time::Duration;

/// Why the wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The server reported a change (or the wait timed out): look again.
    Look,
    /// The daemon is stopping.
    Shutdown,
}

/// With no word from the server for this long during IDLE, the connection
/// is checked with DONE. Dovecot says "Still here" every 2 minutes.
const SILENCE: Duration = Duration::from_secs(5 * 60);

/// Whether the server reported new messages during the last commands
/// (untagged EXISTS that arrived outside IDLE). Drains the queue.
pub fn saw_new_mail(session: &mut Session) -> bool {
    let mut seen = false;
    while let Ok(response) = session.inner.unsolicited_responses.try_recv() {
        seen |= matches!(response, UnsolicitedResponse::Exists(_));
    }
    seen
}

/// Waits until there may be new mail, returning the session for the next
/// round. IDLE ends after `idle_renew` at the latest, so it is re-issued.
pub async fn wait(session: Session, shutdown: &mut Shutdown) -> Result<(Session, Wake), ImapError> {
    if !(session.idle && session.config.idle) {
        let mut session = session;
        shutdown.sleep(session.config.poll_interval).await;
        if shutdown.requested() {
            return Ok((session, Wake::Shutdown));
        }
        // The next UID SEARCH asks the server anyway; NOOP keeps it simple
        // for servers that report new mail only on NOOP.
        timed(session.config.timeout, "NOOP", session.inner.noop()).await?;
        return Ok((session, Wake::Look));
    }
    let Session {
        inner,
        idle,
        r#move,
        uidplus,
        config,
    } = session;
    // A second handle on the queue of untagged responses: an EXISTS that
    // arrives while IDLE is being started lands there, not in the wait.
    let unsolicited = inner.unsolicited_responses.clone();
    let mut handle = inner.idle();
    timed(config.timeout, "IDLE", handle.init()).await?;
    let mut arrived = false;
    while let Ok(response) = unsolicited.try_recv() {
        arrived |= matches!(response, UnsolicitedResponse::Exists(_));
    }
    let wake = if arrived {
        Wake::Look
    } else {
        let (answer, _stop) = handle.wait_with_timeout(SILENCE);
        tokio::select! {
            r = tokio::time::timeout(config.idle_renew, answer) => match r {
                Err(_) => Wake::Look, // time to re-issue IDLE
                Ok(Ok(IdleResponse::NewData(_) | IdleResponse::Timeout)) => Wake::Look,
                // The stream ended: the server closed the connection. DONE
                // below fails and the source reconnects.
                Ok(Ok(IdleResponse::ManualInterrupt)) => Wake::Look,
                Ok(Err(e)) => return Err(ImapError::protocol("IDLE")(e)),
            },
            _ = shutdown.wait() => Wake::Shutdown,
        }
    };
    let inner = timed(config.timeout, "DONE", handle.done()).await?;
    let session = Session {
        inner,
        idle,
        r#move,
        uidplus,
        config,
    };
    Ok((session, wake))
}
