//! Laws that hold for every input (proptest), not only the vectors.

use super::super::{compute, Calendar, DeadlineInput, Extension, IdentityWait, Policy, WaitMode};
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

/// 2000-01-01 … 2099-12-31 as seconds since the epoch.
const RANGE: std::ops::Range<i64> = 946_684_800..4_102_444_800;

fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap()
}

fn policy() -> impl Strategy<Value = Policy> {
    prop_oneof![
        Just(Policy::GdprMonth),
        (1u32..=16).prop_map(|max_total_weeks| Policy::FourWeeks { max_total_weeks }),
        (1u32..=60, 1u32..=16).prop_map(|(days, max_total_weeks)| Policy::Custom {
            days,
            max_total_weeks
        }),
    ]
}

fn mode() -> impl Strategy<Value = WaitMode> {
    prop_oneof![
        Just(WaitMode::Pause),
        Just(WaitMode::Restart),
        Just(WaitMode::None)
    ]
}

/// (hours after receipt, weeks or none) for one notice.
fn notice() -> impl Strategy<Value = (i64, Option<u32>)> {
    (0i64..24 * 120, prop::option::of(0u32..=10))
}

/// A full input: receipt, policy, optional (open or answered) identity wait,
/// a few notices, and a `today` during the wait.
fn input() -> impl Strategy<Value = DeadlineInput> {
    let wait = prop::option::of((0i64..24 * 10, prop::option::of(0i64..24 * 40), mode()));
    (
        RANGE,
        policy(),
        wait,
        prop::collection::vec(notice(), 0..4),
        0i64..40,
        any::<bool>(),
    )
        .prop_map(|(secs, policy, wait, notices, today_days, good_friday)| {
            let received = instant(secs);
            let hours = |h: i64| (received + Duration::hours(h)).fixed_offset();
            let mut input = DeadlineInput::new(received, policy);
            input.calendar = Calendar::nl_atw().with_good_friday(good_friday);
            input.identity_wait = wait.map(|(asked, answered, mode)| IdentityWait {
                asked: hours(asked),
                answered: answered.map(|a| hours(asked + a)),
                mode,
            });
            input.extensions = notices
                .into_iter()
                .map(|(h, weeks)| Extension {
                    notified: hours(h),
                    weeks,
                })
                .collect();
            input.today += Duration::days(today_days);
            input
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_statutory_due_date_is_a_working_day(input in input()) {
        let deadline = compute(&input);
        prop_assert!(input.calendar.is_working_day(deadline.statutory_due), "{:?}", deadline);
    }

    #[test]
    fn the_due_date_lies_between_receipt_and_the_statutory_date(input in input()) {
        let deadline = compute(&input);
        prop_assert!(deadline.receipt_date <= deadline.due, "{:?}", deadline);
        prop_assert!(deadline.due <= deadline.statutory_due, "{:?}", deadline);
    }

    #[test]
    fn a_later_receipt_never_gives_an_earlier_due_date(
        secs in RANGE, later_by in 0i64..3_000_000, policy in policy()
    ) {
        let first = compute(&DeadlineInput::new(instant(secs), policy));
        let second = compute(&DeadlineInput::new(instant(secs + later_by), policy));
        prop_assert!(first.due <= second.due, "{} then {}", first.due, second.due);
        prop_assert!(first.statutory_due <= second.statutory_due);
    }

    #[test]
    fn an_extension_never_shortens_the_due_date(input in input(), extra in notice()) {
        // Arrange
        let before = compute(&input);
        let mut extended = input.clone();
        let notified = (input.received + Duration::hours(extra.0)).fixed_offset();
        extended.extensions.push(Extension { notified, weeks: extra.1 });
        // Act
        let after = compute(&extended);
        // Assert
        prop_assert!(after.due >= before.due, "{} then {}", before.due, after.due);
        prop_assert!(after.statutory_due >= before.statutory_due);
    }
}

#[test]
fn the_generators_reach_extended_and_suspended_cases() {
    // Guards the properties above against a generator that never produces
    // the interesting cases (a property over nothing proves nothing).
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut extended, mut suspended) = (0, 0);
    for _ in 0..2000 {
        let input = input().new_tree(&mut runner).unwrap().current();
        let deadline = compute(&input);
        extended += usize::from(deadline.extended);
        suspended += usize::from(deadline.suspended_days > 0);
    }
    assert!(
        extended > 50 && suspended > 50,
        "extended {extended}, suspended {suspended}"
    );
}
