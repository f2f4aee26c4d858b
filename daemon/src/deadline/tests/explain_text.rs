//! The rendered explanation, word for word, in both languages.

use super::super::{compute, DeadlineInput, Extension, Lang, Policy};
use super::{at, utc};

fn explain(received: &str, lang: Lang) -> String {
    compute(&DeadlineInput::new(utc(received), Policy::GdprMonth)).explain(lang)
}

#[test]
fn the_31_january_example_reads_in_english() {
    assert_eq!(
        explain("2026-01-31T09:00:00+01:00", Lang::En),
        "received Saturday 31 January 2026 → one month ends 28 February 2026 \
         (February has no 31st) → a Saturday → Monday 2 March 2026"
    );
}

#[test]
fn the_31_january_example_reads_in_dutch() {
    assert_eq!(
        explain("2026-01-31T09:00:00+01:00", Lang::Nl),
        "ontvangen zaterdag 31 januari 2026 → één maand eindigt op 28 februari 2026 \
         (februari heeft geen 31e) → een zaterdag → maandag 2 maart 2026"
    );
}

#[test]
fn a_christmas_chain_names_each_holiday_in_english() {
    assert_eq!(
        explain("2026-11-25T12:00:00+01:00", Lang::En),
        "received Wednesday 25 November 2026 → one month ends 25 December 2026 \
         → a Friday, eerste Kerstdag → Saturday 26 December 2026, tweede Kerstdag \
         → Monday 28 December 2026"
    );
}

#[test]
fn a_bevrijdingsdag_and_ascension_chain_reads_in_dutch() {
    assert_eq!(
        explain("2027-04-05T09:00:00+02:00", Lang::Nl),
        "ontvangen maandag 5 april 2027 → één maand eindigt op 5 mei 2027 \
         → een woensdag, Bevrijdingsdag → donderdag 6 mei 2027, Hemelvaartsdag \
         → vrijdag 7 mei 2027"
    );
}

#[test]
fn a_receipt_just_before_midnight_utc_shows_the_local_date_and_time() {
    assert_eq!(
        explain("2026-01-31T23:30:00Z", Lang::En),
        "received Sunday 1 February 2026 (31 January 2026 23:30 UTC is 00:30 local time) \
         → one month ends 1 March 2026 → a Sunday → Monday 2 March 2026"
    );
}

#[test]
fn a_rejected_extension_is_named_with_its_reason_in_both_languages() {
    // Arrange: gm-ext-late-030.
    let mut input = DeadlineInput::new(utc("2026-03-02T10:00:00+01:00"), Policy::GdprMonth);
    input
        .extensions
        .push(Extension::statutory(at("2026-04-03T09:00:00+02:00")));
    // Act
    let deadline = compute(&input);
    // Assert
    assert_eq!(
        deadline.explain(Lang::En),
        "received Monday 2 March 2026 → one month ends 2 April 2026 → Thursday 2 April 2026, \
         a working day → extension noticed Friday 3 April 2026: rejected (the notice of Friday \
         3 April 2026 is after Thursday 2 April 2026, the last day to extend; answer by the \
         current due date) → due Thursday 2 April 2026"
    );
    assert!(deadline.explain(Lang::Nl).contains(
        "verlenging gemeld vrijdag 3 april 2026: afgewezen (de melding van vrijdag 3 april 2026 \
         is na donderdag 2 april 2026"
    ));
}

#[test]
fn a_four_weeks_policy_says_it_is_not_rolled_and_which_date_counts() {
    let input = DeadlineInput::new(utc("2026-01-31T09:00:00+01:00"), Policy::four_weeks());
    let text = compute(&input).explain(Lang::En);
    assert!(
        text.ends_with(
            "policy: +28 days → Saturday 28 February 2026 (not rolled) → due Saturday \
             28 February 2026 (the earlier of policy 28 February 2026 and statutory 2 March 2026)"
        ),
        "{text}"
    );
}

#[test]
fn a_deadline_with_its_steps_survives_a_json_round_trip() {
    // Arrange: a case with an accepted and a rejected notice, as stored.
    let mut input = DeadlineInput::new(utc("2026-01-31T09:00:00+01:00"), Policy::GdprMonth);
    input
        .extensions
        .push(Extension::statutory(at("2026-02-20T10:00:00+01:00")));
    input
        .extensions
        .push(Extension::statutory(at("2026-02-21T10:00:00+01:00")));
    let deadline = compute(&input);
    // Act
    let json = serde_json::to_string(&deadline).unwrap();
    let back: super::super::Deadline = serde_json::from_str(&json).unwrap();
    // Assert
    assert_eq!(back, deadline);
    assert!(json.contains(r#""reason":"already_extended""#), "{json}");
}
