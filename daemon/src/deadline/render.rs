//! How each step of a derivation reads, in Dutch and in English.
//!
//! Phrases are short and chain with " → ", so the whole derivation reads as
//! one line on the case page: "received Saturday 31 January 2026 → one month
//! ends 28 February 2026 (February has no 31st) → a Saturday → Monday 2 March
//! 2026". Holiday names stay Dutch in both languages: they are the names the
//! Algemene termijnenwet uses.

use super::explain::Step;
use super::lang::{count, date, long_date, month_name, ordinal, weekday_name, Lang};
use chrono::{Datelike, NaiveDate};

/// Renders a whole derivation as one line.
pub fn render_steps(steps: &[Step], lang: Lang) -> String {
    let parts: Vec<String> = steps.iter().map(|s| s.render(lang)).collect();
    parts.join(" → ")
}

impl Step {
    /// This step as a phrase in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        let l = |d: &NaiveDate| long_date(*d, lang);
        let s = |d: &NaiveDate| date(*d, lang);
        let days = |n: i64| count(n, lang, ("day", "days"), ("dag", "dagen"));
        match self {
            Step::Received {
                date: d,
                instant,
                local_time,
            } => {
                let head = if en { "received" } else { "ontvangen" };
                if instant.date_naive() == *d {
                    return format!("{head} {}", l(d));
                }
                let (utc_day, utc_t, t) = (
                    s(&instant.date_naive()),
                    instant.format("%H:%M"),
                    local_time.format("%H:%M"),
                );
                if en {
                    format!("{head} {} ({utc_day} {utc_t} UTC is {t} local time)", l(d))
                } else {
                    format!("{head} {} ({utc_day} {utc_t} UTC is {t} lokale tijd)", l(d))
                }
            }
            Step::IdentityIgnored if en => "identity wait ignored (mode none)".into(),
            Step::IdentityIgnored => "wachten op identiteit telt niet mee (modus none)".into(),
            Step::IdentityAskedLate {
                asked,
                delay_days,
                max_days,
            } if en => format!(
                "identity asked {}, {} after receipt (more than {max_days}): no suspension",
                l(asked),
                days(*delay_days)
            ),
            Step::IdentityAskedLate {
                asked,
                delay_days,
                max_days,
            } => format!(
                "identiteit gevraagd {}, {} na ontvangst (meer dan {max_days}): geen opschorting",
                l(asked),
                days(*delay_days)
            ),
            Step::IdentityPaused {
                asked,
                answered,
                days: n,
            } if en => format!(
                "identity asked {}, answered {}: clock suspended {}",
                l(asked),
                l(answered),
                days(*n)
            ),
            Step::IdentityPaused {
                asked,
                answered,
                days: n,
            } => format!(
                "identiteit gevraagd {}, antwoord {}: klok {} stilgezet",
                l(asked),
                l(answered),
                days(*n)
            ),
            Step::IdentityPausedOpen {
                asked,
                today,
                days: n,
            } if en => format!(
                "clock suspended since {}; if the answer came today ({}), {} suspended",
                l(asked),
                l(today),
                days(*n)
            ),
            Step::IdentityPausedOpen {
                asked,
                today,
                days: n,
            } => format!(
                "klok stilgezet sinds {}; als het antwoord vandaag ({}) kwam, {} opgeschort",
                l(asked),
                l(today),
                days(*n)
            ),
            Step::Restarted { answered } if en => {
                format!(
                    "identity confirmed {}: the month runs from that day",
                    l(answered)
                )
            }
            Step::Restarted { answered } => {
                format!(
                    "identiteit bevestigd {}: de maand loopt vanaf die dag",
                    l(answered)
                )
            }
            Step::RestartOpen { asked, today } if en => format!(
                "clock suspended since {}; if the answer came today ({}), the month runs from \
                 today",
                l(asked),
                l(today)
            ),
            Step::RestartOpen { asked, today } => format!(
                "klok stilgezet sinds {}; als het antwoord vandaag ({}) kwam, loopt de maand \
                 vanaf vandaag",
                l(asked),
                l(today)
            ),
            Step::MonthEnd {
                date: d,
                clamped_from,
            } => {
                let head = if en {
                    "one month ends"
                } else {
                    "één maand eindigt op"
                };
                format!("{head} {}{}", s(d), clamp_note(*d, *clamped_from, lang))
            }
            Step::PlusSuspended { days: n, date: d } if en => {
                format!("plus {} suspended: {}", days(*n as i64), s(d))
            }
            Step::PlusSuspended { days: n, date: d } => {
                format!("plus {} opgeschort: {}", days(*n as i64), s(d))
            }
            Step::NonWorking {
                date: d,
                holiday,
                first: true,
            } => {
                let article = if en { "a" } else { "een" };
                let day = weekday_name(d.weekday(), lang);
                match holiday {
                    Some(name) => format!("{article} {day}, {name}"),
                    None => format!("{article} {day}"),
                }
            }
            Step::NonWorking {
                date: d,
                holiday: Some(name),
                first: false,
            } => {
                format!("{}, {name}", l(d))
            }
            Step::NonWorking {
                date: d,
                holiday: None,
                first: false,
            } => l(d),
            Step::RolledTo { date: d } => l(d),
            Step::WorkingDay { date: d } if en => format!("{}, a working day", l(d)),
            Step::WorkingDay { date: d } => format!("{}, een werkdag", l(d)),
            Step::NoticeBy { date: d } if en => format!("extension or refusal notice by {}", l(d)),
            Step::NoticeBy { date: d } => {
                format!("verlenging of weigering melden uiterlijk {}", l(d))
            }
            Step::PolicyDue {
                days: n,
                suspended,
                date: d,
            } => {
                let (policy, plus, note) = if en {
                    ("policy", "suspended", "not rolled")
                } else {
                    ("beleid", "opgeschort", "niet doorgeschoven")
                };
                let extra = match suspended {
                    0 => String::new(),
                    k => format!(" + {} {plus}", days(*k as i64)),
                };
                format!(
                    "{policy}: +{}{extra} → {} ({note})",
                    days(i64::from(*n)),
                    l(d)
                )
            }
            Step::ExtensionAccepted { notified, weeks } => {
                format!(
                    "{}: {}",
                    extension_head(*notified, *weeks, lang),
                    if en { "accepted" } else { "aanvaard" }
                )
            }
            Step::ExtensionRejected {
                notified,
                weeks,
                reason,
            } => format!(
                "{}: {} ({})",
                extension_head(*notified, *weeks, lang),
                if en { "rejected" } else { "afgewezen" },
                reason.render(lang)
            ),
            Step::StatutoryExtended { base_due } if en => format!(
                "passes the statutory {}, so this notice is the art. 12(3) GDPR extension notice",
                l(base_due)
            ),
            Step::StatutoryExtended { base_due } => format!(
                "later dan de wettelijke {}, dus deze melding geldt als verlenging onder art. \
                 12 lid 3 AVG",
                l(base_due)
            ),
            Step::StatutoryNotExtended {
                notice_by,
                base_due,
            } if en => format!(
                "passes the statutory {}, but an art. 12(3) GDPR notice was due by {}: the \
                 statutory date stays",
                l(base_due),
                l(notice_by)
            ),
            Step::StatutoryNotExtended {
                notice_by,
                base_due,
            } => format!(
                "later dan de wettelijke {}, maar een melding onder art. 12 lid 3 AVG moest \
                 uiterlijk {}: de wettelijke datum blijft",
                l(base_due),
                l(notice_by)
            ),
            Step::ExtendedEnd {
                from,
                date: d,
                clamped_from,
            } if en => format!(
                "two further months from {} end {}{}",
                s(from),
                s(d),
                clamp_note(*d, *clamped_from, lang)
            ),
            Step::ExtendedEnd {
                from,
                date: d,
                clamped_from,
            } => format!(
                "twee maanden verder vanaf {} eindigen op {}{}",
                s(from),
                s(d),
                clamp_note(*d, *clamped_from, lang)
            ),
            Step::PolicyExtended { weeks, date: d } if en => {
                format!("policy date +{weeks} weeks: {}", l(d))
            }
            Step::PolicyExtended { weeks, date: d } => {
                format!("beleidsdatum +{weeks} weken: {}", l(d))
            }
            Step::Capped {
                max_total_weeks,
                date: d,
            } if en => {
                format!(
                    "capped at {max_total_weeks} weeks in total from receipt: {}",
                    l(d)
                )
            }
            Step::Capped {
                max_total_weeks,
                date: d,
            } => {
                format!(
                    "begrensd op {max_total_weeks} weken in totaal na ontvangst: {}",
                    l(d)
                )
            }
            Step::Due {
                date: d,
                policy: None,
                ..
            } if en => format!("due {}", l(d)),
            Step::Due {
                date: d,
                policy: None,
                ..
            } => format!("uiterlijk {}", l(d)),
            Step::Due {
                date: d,
                policy: Some(p),
                statutory,
            } if en => format!(
                "due {} (the earlier of policy {} and statutory {})",
                l(d),
                s(p),
                s(statutory)
            ),
            Step::Due {
                date: d,
                policy: Some(p),
                statutory,
            } => format!(
                "uiterlijk {} (de vroegste van beleid {} en wettelijk {})",
                l(d),
                s(p),
                s(statutory)
            ),
        }
    }
}

/// " (February has no 31st)" / " (februari heeft geen 31e)", or nothing.
fn clamp_note(end: NaiveDate, clamped_from: Option<u32>, lang: Lang) -> String {
    let Some(day) = clamped_from else {
        return String::new();
    };
    let month = month_name(end.month(), lang);
    match lang {
        Lang::En => format!(" ({month} has no {})", ordinal(day, lang)),
        Lang::Nl => format!(" ({month} heeft geen {})", ordinal(day, lang)),
    }
}

/// "extension noticed Friday 20 February 2026" / "+2 weeks …".
fn extension_head(notified: NaiveDate, weeks: Option<u32>, lang: Lang) -> String {
    let when = long_date(notified, lang);
    match (weeks, lang) {
        (None, Lang::En) => format!("extension noticed {when}"),
        (None, Lang::Nl) => format!("verlenging gemeld {when}"),
        (Some(w), Lang::En) => format!("extension by {w} weeks noticed {when}"),
        (Some(w), Lang::Nl) => format!("verlenging met {w} weken gemeld {when}"),
    }
}
