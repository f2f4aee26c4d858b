//! The case state machine. Only the transitions listed in
//! [`CaseState::can_move_to`] exist; anything else is an [`IllegalTransition`].

use std::fmt;
use std::str::FromStr;

/// Where a case is on its way from the mailbox to the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseState {
    /// Committed from the mailbox; nothing decided yet.
    Received,
    /// Waiting until the requester's identity is confirmed.
    AwaitingIdentity,
    /// The plan is ready; the privacy officer has to approve it.
    AwaitingApproval,
    /// Approved actions are being carried out by the plugins.
    Executing,
    /// The requester has had the answer.
    Answered,
    /// Nothing more to do; kept until its retention rule removes it.
    Closed,
    /// Refused, with reasons given to the requester (GDPR art. 12(4)).
    Rejected,
    /// Not understood, or not a request: a person has to look at it.
    NeedsTriage,
}

/// A transition the state machine does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a case cannot move from {from} to {to}")]
pub struct IllegalTransition {
    /// The state the case is in.
    pub from: CaseState,
    /// The state that was asked for.
    pub to: CaseState,
}

/// A stored state name that is not one of ours (a damaged or newer database).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown case state {0:?}")]
pub struct UnknownState(pub String);

impl CaseState {
    /// The state every case starts in, the moment its message is committed;
    /// a case that needs a person moves on to [`CaseState::NeedsTriage`] in
    /// the same transaction.
    pub const INITIAL: CaseState = CaseState::Received;

    /// Every state, in the order a request normally travels.
    pub const ALL: [CaseState; 8] = [
        CaseState::Received,
        CaseState::AwaitingIdentity,
        CaseState::AwaitingApproval,
        CaseState::Executing,
        CaseState::Answered,
        CaseState::Closed,
        CaseState::Rejected,
        CaseState::NeedsTriage,
    ];

    /// The stable name used in the store, the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Received => "received",
            CaseState::AwaitingIdentity => "awaiting_identity",
            CaseState::AwaitingApproval => "awaiting_approval",
            CaseState::Executing => "executing",
            CaseState::Answered => "answered",
            CaseState::Closed => "closed",
            CaseState::Rejected => "rejected",
            CaseState::NeedsTriage => "needs_triage",
        }
    }

    /// Whether the state machine has an edge from `self` to `to`.
    pub fn can_move_to(self, to: CaseState) -> bool {
        use CaseState::*;
        matches!(
            (self, to),
            (
                Received,
                AwaitingIdentity | AwaitingApproval | NeedsTriage | Rejected
            ) | (
                NeedsTriage,
                Received | AwaitingIdentity | AwaitingApproval | Rejected | Closed
            ) | (AwaitingIdentity, AwaitingApproval | NeedsTriage | Rejected)
                | (AwaitingApproval, Executing | NeedsTriage | Rejected)
                | (Executing, Answered)
                | (Answered, Closed)
                | (Rejected, Closed)
        )
    }

    /// The next state, or why the move is not allowed.
    pub fn transition(self, to: CaseState) -> Result<CaseState, IllegalTransition> {
        if self.can_move_to(to) {
            Ok(to)
        } else {
            Err(IllegalTransition { from: self, to })
        }
    }

    /// Whether the case still needs work (and so still has a running deadline).
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            CaseState::Closed | CaseState::Answered | CaseState::Rejected
        )
    }
}

impl fmt::Display for CaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for CaseState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The schema of what the hand-written `Serialize` above writes: one of
/// the names in [`CaseState::ALL`].
impl utoipa::PartialSchema for CaseState {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(CaseState::ALL.map(CaseState::as_str)))
            .into()
    }
}

impl utoipa::ToSchema for CaseState {}

impl FromStr for CaseState {
    type Err = UnknownState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseState::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| UnknownState(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_state() -> impl Strategy<Value = CaseState> {
        proptest::sample::select(CaseState::ALL.to_vec())
    }

    #[test]
    fn a_request_can_travel_the_whole_happy_path() {
        let mut state = CaseState::Received;
        for next in [
            CaseState::AwaitingIdentity,
            CaseState::AwaitingApproval,
            CaseState::Executing,
            CaseState::Answered,
            CaseState::Closed,
        ] {
            state = state.transition(next).expect("happy path edge");
        }
        assert_eq!(state, CaseState::Closed);
    }

    #[test]
    fn an_illegal_transition_is_a_typed_error() {
        let err = CaseState::Received
            .transition(CaseState::Answered)
            .unwrap_err();
        assert_eq!(err.from, CaseState::Received);
        assert_eq!(err.to, CaseState::Answered);
        assert_eq!(
            err.to_string(),
            "a case cannot move from received to answered"
        );
    }

    proptest! {
        #[test]
        fn a_closed_case_never_moves(to in any_state()) {
            prop_assert!(CaseState::Closed.transition(to).is_err());
        }

        #[test]
        fn no_state_moves_to_itself(state in any_state()) {
            prop_assert!(!state.can_move_to(state));
        }

        #[test]
        fn state_names_round_trip(state in any_state()) {
            prop_assert_eq!(state.as_str().parse::<CaseState>().unwrap(), state);
        }

        #[test]
        fn every_state_but_closed_can_reach_closed(state in any_state()) {
            // Breadth-first over the edges: no case may get stuck for ever.
            let mut seen = vec![state];
            let mut i = 0;
            while i < seen.len() {
                for next in CaseState::ALL {
                    if seen[i].can_move_to(next) && !seen.contains(&next) {
                        seen.push(next);
                    }
                }
                i += 1;
            }
            prop_assert!(seen.contains(&CaseState::Closed));
        }
    }
}
