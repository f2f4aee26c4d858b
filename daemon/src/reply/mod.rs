//! The answer stage (issue 13): once every approved action of a case is
//! settled, the recipients of changed data are told (art. 19), the data
//! package is sealed, the letter is drafted for the officer, and on `send`
//! (the officer's, or at once with `answer.auto_send`) the answer goes out
//! with a one-time download link. Packages whose link expired are deleted
//! here too.
//!
//! The way of a case through it, one `update_case` per step:
//! 1. notices: the plugins of the changed systems are asked for the
//!    subject's recipients; the register adds its own; each is told by
//!    e-mail, or gets a task, or waits for the officer (`cases recipients`);
//! 2. once no notice is open: the package is sealed and the letter drafted
//!    (`cases letter`), with [`DOWNLOAD_LINK`](crate::store::DOWNLOAD_LINK)
//!    where the link goes;
//! 3. `cases send` (or `auto_send`): the link and the code go out, and the
//!    case is `answered` until the package is fetched or expires.

mod compose;
mod files;
mod key;
mod recipients;
mod seal;
pub mod secret;
mod waiting;
mod worker;

pub use compose::{answer_facts, Context, SystemInfo};
pub use files::PackageFiles;
pub use key::PackageKey;
pub use recipients::{change_kind, notices, reported, Reported};
pub use seal::{aad, seal, withheld_by, Sealed};
pub use worker::{Pass, Replier};
