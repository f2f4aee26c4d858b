//! `check_extension` and the reasons an extension is refused.

use super::super::{
    check_extension, compute, DeadlineInput, Extension, ExtensionRefused, IdentityWait, Policy,
    WaitMode,
};
use super::{at, utc, ymd};

fn gdpr_31_january() -> DeadlineInput {
    DeadlineInput::new(utc("2026-01-31T09:00:00+01:00"), Policy::GdprMonth)
}

fn four_weeks_2_march(max_total_weeks: u32) -> DeadlineInput {
    DeadlineInput::new(
        utc("2026-03-02T08:00:00+01:00"),
        Policy::FourWeeks { max_total_weeks },
    )
}

#[test]
fn a_timely_gdpr_extension_gives_two_further_months_from_the_unrolled_end() {
    let at_time = utc("2026-02-20T10:00:00+01:00");
    let deadline =
        check_extension(&gdpr_31_january(), Extension::statutory(at_time), at_time).unwrap();
    assert_eq!(deadline.due, ymd(2026, 4, 28));
    assert!(deadline.extended);
}

#[test]
fn a_gdpr_extension_after_the_notice_date_is_too_late() {
    let late = utc("2026-03-03T09:00:00+01:00");
    let err = check_extension(&gdpr_31_january(), Extension::statutory(late), late).unwrap_err();
    assert_eq!(
        err,
        ExtensionRefused::TooLate {
            notified: ymd(2026, 3, 3),
            limit: ymd(2026, 3, 2)
        }
    );
    assert!(err.to_string().contains("the last day to extend"), "{err}");
}

#[test]
fn a_notice_cannot_be_back_dated_into_the_window() {
    // The proposal claims 20 Feb, but it would go out on 3 Mar.
    let proposal = Extension::statutory(at("2026-02-20T10:00:00+01:00"));
    let err = check_extension(&gdpr_31_january(), proposal, utc("2026-03-03T09:00:00Z"));
    assert!(
        matches!(err, Err(ExtensionRefused::TooLate { .. })),
        "{err:?}"
    );
}

#[test]
fn a_second_gdpr_extension_is_refused_as_already_extended() {
    let mut input = gdpr_31_january();
    input
        .extensions
        .push(Extension::statutory(at("2026-02-20T10:00:00+01:00")));
    let again = utc("2026-02-25T10:00:00+01:00");
    let err = check_extension(&input, Extension::statutory(again), again).unwrap_err();
    assert_eq!(
        err,
        ExtensionRefused::AlreadyExtended {
            on: ymd(2026, 2, 20)
        }
    );
}

#[test]
fn a_gdpr_extension_with_weeks_is_refused() {
    let t = utc("2026-02-20T10:00:00+01:00");
    let err = check_extension(&gdpr_31_january(), Extension::weeks(t, 2), t).unwrap_err();
    assert_eq!(err, ExtensionRefused::WeeksNotAllowed { weeks: 2 });
}

#[test]
fn a_four_week_policy_without_extensions_refuses_every_extension() {
    let t = utc("2026-03-10T10:00:00+01:00");
    let err = check_extension(&four_weeks_2_march(4), Extension::weeks(t, 1), t).unwrap_err();
    assert_eq!(err, ExtensionRefused::NoneAllowed { max_total_weeks: 4 });
}

#[test]
fn a_weeks_extension_without_weeks_is_refused() {
    let t = utc("2026-03-10T10:00:00+01:00");
    let err = check_extension(&four_weeks_2_march(12), Extension::statutory(t), t).unwrap_err();
    assert_eq!(err, ExtensionRefused::WeeksRequired);
}

#[test]
fn an_extension_at_the_twelve_week_ceiling_is_refused() {
    // Arrange: already extended to the cap, 2 Mar + 84 days = Mon 25 May.
    let mut input = four_weeks_2_march(12);
    input
        .extensions
        .push(Extension::weeks(at("2026-03-20T10:00:00+01:00"), 8));
    assert_eq!(compute(&input).due, ymd(2026, 5, 25));
    // Act
    let t = utc("2026-05-20T10:00:00+02:00");
    let err = check_extension(&input, Extension::weeks(t, 1), t).unwrap_err();
    // Assert
    assert_eq!(
        err,
        ExtensionRefused::AtMaximum {
            max_total_weeks: 12,
            cap: ymd(2026, 5, 25)
        }
    );
}

#[test]
fn an_extension_past_the_statutory_date_needs_a_first_month_notice() {
    // Arrange: fw-id-pause-045: policy Fri 3 Apr, statutory Tue 7 Apr, notice by 2 Apr.
    let mut input = four_weeks_2_march(12);
    input.identity_wait = Some(IdentityWait {
        asked: at("2026-03-02T15:00:00+01:00"),
        answered: Some(at("2026-03-06T12:00:00+01:00")),
        mode: WaitMode::Pause,
    });
    let t = utc("2026-04-03T10:00:00+02:00");
    // Act
    let err = check_extension(&input, Extension::weeks(t, 1), t).unwrap_err();
    // Assert: check refuses; compute keeps the notice but the statutory date caps it.
    assert_eq!(
        err,
        ExtensionRefused::NeedsStatutoryNotice {
            notified: ymd(2026, 4, 3),
            notice_by: ymd(2026, 4, 2),
            statutory_due: ymd(2026, 4, 7),
        }
    );
    input.extensions.push(Extension::weeks(t, 1));
    let deadline = compute(&input);
    assert_eq!(
        (deadline.due, deadline.policy_due),
        (ymd(2026, 4, 7), Some(ymd(2026, 4, 10)))
    );
}

#[test]
fn a_notice_before_receipt_is_rejected_and_listed() {
    let mut input = gdpr_31_january();
    input
        .extensions
        .push(Extension::statutory(at("2026-01-20T10:00:00+01:00")));
    let deadline = compute(&input);
    assert_eq!(deadline.due, ymd(2026, 3, 2));
    assert_eq!(
        deadline.rejected_extensions[0].reason,
        ExtensionRefused::BeforeReceipt {
            notified: ymd(2026, 1, 20),
            receipt: ymd(2026, 1, 31)
        }
    );
}
