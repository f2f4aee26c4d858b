//! Policy strings and the check-config warning.

use super::super::{warn_if_policy_later_than_statutory, Policy, PolicyParseError};

#[test]
fn policy_strings_parse_and_print_back_the_same() {
    let cases = [
        ("gdpr-month", Policy::GdprMonth),
        (
            "four-weeks",
            Policy::FourWeeks {
                max_total_weeks: 12,
            },
        ),
        (
            "four-weeks;max=4w",
            Policy::FourWeeks { max_total_weeks: 4 },
        ),
        (
            "30d",
            Policy::Custom {
                days: 30,
                max_total_weeks: 12,
            },
        ),
        (
            "6w",
            Policy::Custom {
                days: 42,
                max_total_weeks: 12,
            },
        ),
        (
            "20d;max=8w",
            Policy::Custom {
                days: 20,
                max_total_weeks: 8,
            },
        ),
    ];
    for (text, policy) in cases {
        assert_eq!(text.parse::<Policy>().unwrap(), policy, "{text}");
        assert_eq!(policy.to_string(), text);
    }
}

#[test]
fn policies_are_stored_as_strings() {
    let json = serde_json::to_string(&Policy::FourWeeks { max_total_weeks: 4 }).unwrap();
    assert_eq!(json, "\"four-weeks;max=4w\"");
    assert_eq!(
        serde_json::from_str::<Policy>("\"6w\"")
            .unwrap()
            .period_days(),
        Some(42)
    );
    assert!(serde_json::from_str::<Policy>("\"monthly\"").is_err());
}

#[test]
fn bad_policy_strings_are_refused_with_a_hint() {
    assert!(matches!(
        "monthly".parse::<Policy>(),
        Err(PolicyParseError::Unknown(_))
    ));
    assert!(matches!(
        "0d".parse::<Policy>(),
        Err(PolicyParseError::Empty(_))
    ));
    assert!(matches!(
        "gdpr-month;max=4w".parse::<Policy>(),
        Err(PolicyParseError::BadMax(_))
    ));
    assert!(matches!(
        "four-weeks;max=4".parse::<Policy>(),
        Err(PolicyParseError::BadMax(_))
    ));
    let message = "monthly".parse::<Policy>().unwrap_err().to_string();
    assert!(message.contains("\"four-weeks\""), "{message}");
}

#[test]
fn a_policy_longer_than_a_month_is_warned_about() {
    assert_eq!(
        warn_if_policy_later_than_statutory(&Policy::GdprMonth),
        None
    );
    assert_eq!(
        warn_if_policy_later_than_statutory(&Policy::four_weeks()),
        None
    );
    let forty = Policy::Custom {
        days: 40,
        max_total_weeks: 12,
    };
    assert!(warn_if_policy_later_than_statutory(&forty)
        .unwrap()
        .contains("always ends later"));
    let thirty = Policy::Custom {
        days: 30,
        max_total_weeks: 12,
    };
    assert!(warn_if_policy_later_than_statutory(&thirty)
        .unwrap()
        .contains("can end later"));
    let long_cap = Policy::FourWeeks {
        max_total_weeks: 13,
    };
    assert!(warn_if_policy_later_than_statutory(&long_cap)
        .unwrap()
        .contains("13 weeks"));
}
