//! What a download link stands for at a moment, as its requester is told:
//! the store's package states and the link's expiry folded into the few
//! cases a page explains.

use crate::store::{PackageRow, PackageState};
use chrono::{DateTime, Utc};

/// A link, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Link {
    /// No package under this token (or no token at all).
    Unknown,
    /// Waiting for its code.
    Open(Box<PackageRow>),
    /// Being downloaded right now; back to open if that breaks off.
    Busy(Box<PackageRow>),
    /// Downloaded already.
    Spent(Box<PackageRow>),
    /// Locked after too many wrong codes.
    Locked(Box<PackageRow>),
    /// Past its expiry (or its package gone without a download).
    Expired(Box<PackageRow>),
}

impl Link {
    /// The link to `package` at `now`, read without changing anything (the
    /// page's GET). It matches what the store's claim would find.
    pub(super) fn of(package: Option<PackageRow>, now: DateTime<Utc>) -> Link {
        let Some(package) = package else {
            return Link::Unknown;
        };
        let open = package.wrapped_key.is_some() && package.expires_at.is_some_and(|e| e > now);
        let package = Box::new(package);
        match package.state {
            PackageState::Offered if open => Link::Open(package),
            // A package with a token was offered: `ready` and the post's
            // states cannot carry one, and the store's claim treats them as
            // over, as here.
            PackageState::Offered
            | PackageState::Expired
            | PackageState::Ready
            | PackageState::Posting
            | PackageState::Posted => Link::Expired(package),
            PackageState::Downloading => Link::Busy(package),
            PackageState::Downloaded => Link::Spent(package),
            PackageState::Locked => Link::Locked(package),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Language;
    use chrono::TimeDelta;

    fn package(state: PackageState, expires_in: i64, key: bool) -> PackageRow {
        let now = now();
        PackageRow {
            id: 1,
            case: "AVG-2026-0001".parse().unwrap(),
            language: Language::Nl,
            file: "p.sealed".into(),
            wrapped_key: key.then(|| vec![1, 2, 3]),
            sha256: String::new(),
            size: 0,
            records: 0,
            manifest: serde_json::json!({}),
            state,
            expires_at: Some(now + TimeDelta::hours(expires_in)),
            code_attempts: 0,
            downloaded_at: None,
            deleted: None,
            made_at: now,
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-03-20T10:00:00Z".parse().unwrap()
    }

    fn kind(link: &Link) -> &'static str {
        match link {
            Link::Unknown => "unknown",
            Link::Open(_) => "open",
            Link::Busy(_) => "busy",
            Link::Spent(_) => "spent",
            Link::Locked(_) => "locked",
            Link::Expired(_) => "expired",
        }
    }

    #[test]
    fn a_link_is_open_only_while_offered_unexpired_and_readable() {
        let at = |state, hours, key| kind(&Link::of(Some(package(state, hours, key)), now()));
        assert_eq!(kind(&Link::of(None, now())), "unknown");
        assert_eq!(at(PackageState::Offered, 1, true), "open");
        assert_eq!(
            at(PackageState::Offered, 0, true),
            "expired",
            "expiry is exclusive"
        );
        assert_eq!(
            at(PackageState::Offered, 1, false),
            "expired",
            "its key is gone"
        );
        assert_eq!(at(PackageState::Expired, -1, false), "expired");
        assert_eq!(at(PackageState::Ready, 1, true), "expired");
        assert_eq!(at(PackageState::Downloading, 1, true), "busy");
        assert_eq!(at(PackageState::Downloaded, 1, true), "spent");
        assert_eq!(at(PackageState::Locked, 1, true), "locked");
    }
}
