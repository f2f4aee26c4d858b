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
