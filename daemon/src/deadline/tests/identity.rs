//! Identity waits that are still open, and the tenant's ask window.

use super::super::{compute, DeadlineInput, IdentityWait, Lang, Policy, WaitMode};
use super::{at, utc, ymd};

fn waiting(mode: WaitMode, today: chrono::NaiveDate) -> DeadlineInput {
    let mut input = DeadlineInput::new(utc("2026-03-02T10:00:00+01:00"), Policy::GdprMonth);
    input.identity_wait = Some(IdentityWait {
        asked: at("2026-03-03T09:00:00+01:00"),
        answered: None,
        mode,
    });
    input.today = today;
    input
}

#[test]
fn an_open_pause_is_computed_as_if_answered_today() {
    // Arrange: asked Tue 3 Mar, still waiting on Fri 6 Mar → 3 days so far.
    let input = waiting(WaitMode::Pause, ymd(2026, 3, 6));
    // Act
    let deadline = compute(&input);
    // Assert: 2 Apr + 3 = Sun 5 Apr → Mon 6 Apr tweede Paasdag → Tue 7 Apr.
    assert_eq!(deadline.due, ymd(2026, 4, 7));
    assert_eq!(deadline.waiting_since, Some(ymd(2026, 3, 3)));
    assert_eq!(deadline.extension_notice_by, ymd(2026, 4, 2));
    let en = deadline.explain(Lang::En);
    assert!(
        en.contains("clock suspended since Tuesday 3 March 2026"),
        "{en}"
    );
    assert!(deadline
        .explain(Lang::Nl)
        .contains("klok stilgezet sinds dinsdag 3 maart 2026"));
}

#[test]
fn an_open_wait_moves_the_due_date_as_days_pass() {
    let earlier = compute(&waiting(WaitMode::Pause, ymd(2026, 3, 4))).due;
    let later = compute(&waiting(WaitMode::Pause, ymd(2026, 3, 20))).due;
    assert_eq!(earlier, ymd(2026, 4, 3));
    assert_eq!(later, ymd(2026, 4, 20));
}

#[test]
fn an_open_restart_runs_the_month_from_today() {
    let deadline = compute(&waiting(WaitMode::Restart, ymd(2026, 3, 10)));
    assert_eq!(deadline.due, ymd(2026, 4, 10));
    assert_eq!(deadline.waiting_since, Some(ymd(2026, 3, 3)));
}

#[test]
fn a_wider_ask_window_lets_a_late_question_suspend() {
    // Arrange: gm-id-late-ask-044, asked 10 days after receipt.
    let mut input = DeadlineInput::new(utc("2026-03-02T10:00:00+01:00"), Policy::GdprMonth);
    input.identity_wait = Some(IdentityWait {
        asked: at("2026-03-12T09:00:00+01:00"),
        answered: Some(at("2026-03-13T09:00:00+01:00")),
        mode: WaitMode::Pause,
    });
    // Act / Assert: default 5 days → no suspension; 10 days → 1 day.
    assert_eq!(compute(&input).due, ymd(2026, 4, 2));
    input.identity_settings.max_ask_delay_days = 10;
    assert_eq!(compute(&input).due, ymd(2026, 4, 3));
}
