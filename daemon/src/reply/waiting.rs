//! Why each case waits in the answer stage, so the log says it once per
//! reason rather than at every pass: a missing package key would otherwise
//! write the same warning once a second for every case it holds up.

use crate::case::CaseRef;
use std::collections::HashMap;

/// What to do with a case's reason to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Say {
    /// A new reason (or the first): warn.
    New,
    /// The reason said last time: debug only.
    Again,
    /// The case no longer waits.
    Nothing,
}

/// The last reason said per case.
#[derive(Debug, Default)]
pub(crate) struct Waiting(HashMap<CaseRef, String>);

impl Waiting {
    /// Notes that `reference` waits for `why` (or no longer waits).
    pub(crate) fn note(&mut self, reference: &CaseRef, why: Option<&str>) -> Say {
        match why {
            None => {
                self.0.remove(reference);
                Say::Nothing
            }
            Some(why) if self.0.get(reference).is_some_and(|w| w == why) => Say::Again,
            Some(why) => {
                self.0.insert(reference.clone(), why.to_owned());
                Say::New
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_said_once_until_it_changes_or_the_case_moves_on() {
        let mut waiting = Waiting::default();
        let a: CaseRef = "AVG-2026-0001".parse().unwrap();
        let b: CaseRef = "AVG-2026-0002".parse().unwrap();
        assert_eq!(waiting.note(&a, Some("no package key")), Say::New);
        assert_eq!(waiting.note(&a, Some("no package key")), Say::Again);
        assert_eq!(waiting.note(&b, Some("no package key")), Say::New);
        assert_eq!(waiting.note(&a, Some("the plugin failed")), Say::New);
        assert_eq!(waiting.note(&a, None), Say::Nothing);
        assert_eq!(waiting.note(&a, Some("the plugin failed")), Say::New);
    }
}
