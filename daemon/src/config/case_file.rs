//! `[case_file]`: how long a finished case keeps its personal data (issue
//! 16, point 3). A case closed or rejected longer ago than the period is
//! reduced to an anonymous record by the scheduler (or `dsrd cases purge`).

use chrono::{DateTime, Months, TimeDelta, Utc};
use std::fmt;

/// How long a closed case keeps its personal data: one year by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFileConfig {
    /// The period after closing (or rejection).
    pub retention: RetentionPeriod,
}

impl Default for CaseFileConfig {
    fn default() -> Self {
        CaseFileConfig {
            retention: RetentionPeriod::Years(1),
        }
    }
}

/// A period in days, weeks, months or years (`30d`, `6w`, `18m`, `1y`).
/// Months and years are calendar months, as the retention periods of the
/// reglement and the processing register are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionPeriod {
    /// Days.
    Days(u32),
    /// Weeks.
    Weeks(u32),
    /// Calendar months.
    Months(u32),
    /// Calendar years.
    Years(u32),
}

impl RetentionPeriod {
    /// Reads `Nd`, `Nw`, `Nm` or `Ny` with N at least 1.
    pub fn parse(s: &str) -> Result<RetentionPeriod, String> {
        let s = s.trim();
        let unit = s.chars().last().ok_or("the period is empty")?;
        let n: u32 = s[..s.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| format!("{s:?} is not a period"))?;
        if n == 0 {
            return Err(format!("{s:?} is no time at all"));
        }
        match unit {
            'd' => Ok(RetentionPeriod::Days(n)),
            'w' => Ok(RetentionPeriod::Weeks(n)),
            'm' => Ok(RetentionPeriod::Months(n)),
            'y' => Ok(RetentionPeriod::Years(n)),
            _ => Err(format!("{s:?} is not a period")),
        }
    }

    /// The moment a case must have been closed by to be due at `now`:
    /// `now` less the period (a month back from the 31st lands on the
    /// month's last day).
    pub fn cutoff(self, now: DateTime<Utc>) -> DateTime<Utc> {
        let months = |n: u32| now.checked_sub_months(Months::new(n));
        match self {
            RetentionPeriod::Days(n) => now.checked_sub_signed(TimeDelta::days(n.into())),
            RetentionPeriod::Weeks(n) => now.checked_sub_signed(TimeDelta::weeks(n.into())),
            RetentionPeriod::Months(n) => months(n),
            RetentionPeriod::Years(n) => months(n.saturating_mul(12)),
        }
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// About how many days it lasts (for the warnings of `dsrd check`).
    pub fn approx_days(self) -> u64 {
        match self {
            RetentionPeriod::Days(n) => n.into(),
            RetentionPeriod::Weeks(n) => 7 * u64::from(n),
            RetentionPeriod::Months(n) => 30 * u64::from(n),
            RetentionPeriod::Years(n) => 365 * u64::from(n),
        }
    }
}

impl fmt::Display for RetentionPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetentionPeriod::Days(n) => write!(f, "{n}d"),
            RetentionPeriod::Weeks(n) => write!(f, "{n}w"),
            RetentionPeriod::Months(n) => write!(f, "{n}m"),
            RetentionPeriod::Years(n) => write!(f, "{n}y"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_period_reads_days_weeks_months_and_years_and_nothing_else() {
        assert_eq!(RetentionPeriod::parse("1y"), Ok(RetentionPeriod::Years(1)));
        assert_eq!(
            RetentionPeriod::parse("18m"),
            Ok(RetentionPeriod::Months(18))
        );
        assert_eq!(RetentionPeriod::parse("6w"), Ok(RetentionPeriod::Weeks(6)));
        assert_eq!(
            RetentionPeriod::parse(" 30d "),
            Ok(RetentionPeriod::Days(30))
        );
        for bad in ["", "y", "0y", "1", "1h", "-1y", "1.5y", "één jaar"] {
            assert!(RetentionPeriod::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(RetentionPeriod::Years(2).to_string(), "2y");
    }

    #[test]
    fn the_cutoff_is_now_less_the_period_in_calendar_months() {
        let now = Utc.with_ymd_and_hms(2028, 3, 31, 12, 0, 0).unwrap();
        assert_eq!(
            RetentionPeriod::Years(1).cutoff(now),
            Utc.with_ymd_and_hms(2027, 3, 31, 12, 0, 0).unwrap()
        );
        // No 29 February in 2027... but there is one in 2028.
        assert_eq!(
            RetentionPeriod::Months(1).cutoff(now),
            Utc.with_ymd_and_hms(2028, 2, 29, 12, 0, 0).unwrap()
        );
        assert_eq!(
            RetentionPeriod::Days(10).cutoff(now),
            Utc.with_ymd_and_hms(2028, 3, 21, 12, 0, 0).unwrap()
        );
    }
}
