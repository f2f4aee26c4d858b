//! The deadline module writes in the crate's letter languages; the names of
//! days and months live with them in `crate::lang`.

pub(super) use crate::lang::{count, date, long_date, month_name, ordinal, weekday_name, Lang};
