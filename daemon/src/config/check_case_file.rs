//! Checking `[case_file]`: a period that reads, and a warning when it is
//! shorter than the time a requester has to go to court over the answer.

use super::check::Checker;
use super::raw::RawCaseFile;
use super::{CaseFileConfig, RetentionPeriod};

/// Six weeks: the petition to the district court (UAVG art. 35) or the
/// bezwaar (Awb art. 6:7) runs that long after the answer; the case file is
/// the organisation's evidence then.
const REMEDY_DAYS: u64 = 42;

pub(super) fn case_file(c: &mut Checker, raw: RawCaseFile) -> Option<CaseFileConfig> {
    let Some(text) = raw.retention else {
        return Some(CaseFileConfig::default());
    };
    match RetentionPeriod::parse(text.get_ref()) {
        Ok(retention) => {
            if retention.approx_days() < REMEDY_DAYS {
                c.warning(
                    "case_file.retention",
                    Some(&text),
                    format!("{retention} is shorter than the six weeks a requester has to object or go to court over the answer"),
                    "keep the case file at least until the remedies have run out, e.g. \"1y\" (the default)",
                );
            }
            Some(CaseFileConfig { retention })
        }
        Err(e) => {
            c.error(
                "case_file.retention",
                Some(&text),
                e,
                "a number and d, w, m or y after closing, e.g. \"1y\" or \"18m\"",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{parse, ConfigError, Loaded, RetentionPeriod};
    use std::path::Path;

    const BASE: &str = "[organisation]\nname = \"S\"\nreply_address = \"avg@s.example\"\n[outgoing]\nkind = \"files\"\npath = \"out\"\n[mailbox]\nkind = \"maildir\"\npath = \"m\"\n";

    fn load(sections: &str) -> Result<Loaded, ConfigError> {
        parse(
            Path::new("/etc/dsrd/dsrd.toml"),
            &format!("{BASE}{sections}"),
            &|_| None,
        )
    }

    #[test]
    fn a_case_file_keeps_its_data_a_year_unless_configured_otherwise() {
        let default = load("").unwrap();
        assert_eq!(
            default.config.case_file.retention,
            RetentionPeriod::Years(1)
        );
        let set = load("[case_file]\nretention = \"18m\"\n").unwrap();
        assert_eq!(set.config.case_file.retention, RetentionPeriod::Months(18));
        assert!(set.warnings.is_empty(), "{:?}", set.warnings);
    }

    #[test]
    fn a_period_that_does_not_read_is_an_error_and_a_short_one_a_warning() {
        let Err(ConfigError::Invalid(problems)) = load("[case_file]\nretention = \"een jaar\"\n")
        else {
            panic!("an unreadable period is an error");
        };
        assert_eq!(problems[0].key, "case_file.retention");
        assert_eq!(problems[0].position.as_ref().map(|p| p.line), Some(11));
        let short = load("[case_file]\nretention = \"30d\"\n").unwrap();
        assert_eq!(short.warnings[0].key, "case_file.retention");
        assert!(short.warnings[0].message.contains("six weeks"));
        let unknown = load("[case_file]\nkeep = \"1y\"\n");
        assert!(unknown.is_err(), "unknown keys are errors");
    }
}
